"""M3, supervised learning: every exercise proven, plus the answers a careful teacher would try.

Models are checked by behaviour, so the correct answers below are deliberately
*other* models and layouts than the references, and the wrong ones are mistakes
the exercises do not declare.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import numpy as np
import pytest

from caire_exercises.testing import check_answers
from caire_exercises.engine.checking import answers_of
from caire_exercises.engine.report import Result
from caire_exercises.exercises import supervised as sv
from caire_exercises.testing import verify_exercise

IDS = ["supervised.first_model", "supervised.baseline", "supervised.cross_validation",
       "supervised.metrics", "supervised.confusion", "supervised.complexity", "supervised.tuning",
       "supervised.regularisation", "supervised.ensembles"]
FIVE_STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org",
                 "emma@example.org")
TWO_STUDENTS = FIVE_STUDENTS[:2]


def check(exercise: Any, answer: Any, *, student: str = "alice@example.org",
          secret: str = "course secret") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, answers_of(bound, answer), secret=secret)


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


# ------------------------------------------------------------ correct answers, written otherwise


def model_boosted_trees():
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-2)
    return make_pipeline(make_column_transformer((codes, ["island", "sex"]), remainder="passthrough"),
                         HistGradientBoostingClassifier(random_state=0))


def model_svm_on_numbers():
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = ColumnTransformer([("numbers", Pipeline([("fill", SimpleImputer()),
                                                       ("scale", StandardScaler())]), numbers)])
    return Pipeline([("prepare", prepare), ("svm", SVC())])


def baseline_by_hand(X, y, seed):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y,
                                                        random_state=seed)
    scaler = StandardScaler().fit(X_train)
    model = LogisticRegression(max_iter=1000).fit(scaler.transform(X_train), y_train)
    majority = np.bincount(y_train).argmax()
    return np.mean(model.predict(scaler.transform(X_test)) == y_test) - np.mean(y_test == majority)


def cv_by_hand(model, X, y, seed):
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    scores = []
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(X, y):
        fitted = clone(model).fit(X[train], y[train])
        scores.append(np.mean(fitted.predict(X[test]) == y[test]))
    return np.array([np.mean(scores), np.std(scores)])


def prf_sklearn(y_true, y_pred):
    from sklearn.metrics import f1_score, precision_score, recall_score

    return (precision_score(y_true, y_pred, zero_division=0), recall_score(y_true, y_pred, zero_division=0),
            f1_score(y_true, y_pred, zero_division=0))


def prf_divide(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    counts = np.array([np.sum(y_pred == 1), np.sum(y_true == 1)], dtype=float)
    precision, recall = np.divide(tp, counts, out=np.zeros(2), where=counts > 0)
    f1 = 0.0 if precision + recall == 0 else 2 / (1 / precision + 1 / recall)
    return [precision, recall, f1]


def confusion_add_at(y_true, y_pred, labels):
    index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=int)
    np.add.at(counts, ([index[t] for t in y_true], [index[p] for p in y_pred]), 1)
    return counts


def confusion_sklearn(y_true, y_pred, labels):
    from sklearn.metrics import confusion_matrix

    return confusion_matrix(y_true, y_pred, labels=labels)


def depth_scores_by_validation_curve(X, y, seed):
    from sklearn.model_selection import StratifiedKFold, validation_curve
    from sklearn.tree import DecisionTreeClassifier

    _, validation = validation_curve(DecisionTreeClassifier(random_state=0), X, y, param_name="max_depth",
                                     param_range=list(range(1, 9)),
                                     cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed))
    return list(validation.mean(axis=1))


def best_depth_by_max(X, y, seed):
    scores = depth_scores_by_validation_curve(X, y, seed)
    return max(range(1, 9), key=lambda depth: scores[depth - 1])


def search_svm():
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    pipeline = Pipeline([("scale", StandardScaler()), ("svm", SVC())])
    return GridSearchCV(pipeline, {"svm__C": [0.1, 1.0, 10.0]}, cv=3)


def ridge_alpha_by_grid_search(X, y):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = Pipeline([("scale", StandardScaler()), ("ridge", Ridge())])
    search = GridSearchCV(pipeline, {"ridge__alpha": np.logspace(-3, 3, 13)},
                          cv=KFold(n_splits=5, shuffle=True, random_state=0)).fit(X, y)
    return search.best_params_["ridge__alpha"]


def lasso_nonzero_by_mask(X, y):
    from sklearn.linear_model import Lasso
    from sklearn.preprocessing import StandardScaler

    return (Lasso(alpha=1.0).fit(StandardScaler().fit_transform(X), y).coef_ != 0).sum()


def forest_instance():
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=100, random_state=0)


def boosting_class():
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier


def prf_as_array(y_true, y_pred):
    tp = fp = fn = 0
    for truth, guess in zip(y_true.tolist(), y_pred.tolist()):
        tp += truth == 1 and guess == 1
        fp += truth == 0 and guess == 1
        fn += truth == 1 and guess == 0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return np.array([precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0])


def confusion_crosstab(y_true, y_pred, labels):
    import pandas as pd

    table = pd.crosstab(pd.Series(y_true, name="true"), pd.Series(y_pred, name="predicted"))
    return table.reindex(index=labels, columns=labels, fill_value=0).to_numpy()


def baseline_in_float32(X, y, seed):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X.astype(np.float32), y, test_size=0.25,
                                                        stratify=y, random_state=seed)
    model = Pipeline([("scale", StandardScaler()), ("logistic", LogisticRegression())]).fit(X_train, y_train)
    values, counts = np.unique(y_train, return_counts=True)
    return np.float32(model.score(X_test, y_test) - np.mean(y_test == values[counts.argmax()]))


def randomised_boosting():
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import RandomizedSearchCV

    return RandomizedSearchCV(HistGradientBoostingClassifier(random_state=0), {"max_depth": [3, None]},
                              n_iter=2, cv=3, random_state=0)


PROOFS = {
    # prf_sklearn is not here: the statement forbids sklearn.metrics (see the refusal test).
    "supervised.metrics": (FIVE_STUDENTS, [prf_divide, prf_as_array]),
    "supervised.confusion": (FIVE_STUDENTS, [confusion_add_at, confusion_sklearn, confusion_crosstab]),
    "supervised.baseline": (TWO_STUDENTS, [baseline_by_hand, baseline_in_float32]),
    "supervised.cross_validation": (TWO_STUDENTS, [cv_by_hand]),
    "supervised.complexity": (TWO_STUDENTS, [{"best_depth": best_depth_by_max,
                                              "depth_scores": depth_scores_by_validation_curve}]),
    "supervised.first_model": (TWO_STUDENTS[:1], [model_boosted_trees, model_svm_on_numbers()]),
    "supervised.tuning": (TWO_STUDENTS[:1], [search_svm]),
    "supervised.regularisation": (TWO_STUDENTS[:1], [{"ridge_alpha": ridge_alpha_by_grid_search,
                                                      "lasso_nonzero": lasso_nonzero_by_mask}]),
    "supervised.ensembles": (TWO_STUDENTS[:1], [forest_instance(), boosting_class(), randomised_boosting]),
}


def test_every_exercise_is_registered_in_catalogue_order() -> None:
    from caire_exercises.engine.registry import registry

    assert [exercise.id for exercise in registry(reload=True).exercises()
            if exercise.module == "supervised"] == IDS
    assert [exercise.id for exercise in sv.EXERCISES] == IDS


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_is_proven(exercise_id: str) -> None:
    """The reference passes, each declared mistake fails as itself, other right answers pass."""
    students, alternatives = PROOFS[exercise_id]
    exercise = next(ex for ex in sv.EXERCISES if ex.id == exercise_id)
    verify_exercise(exercise, students=students, alternatives=alternatives)


def test_importing_the_module_imports_neither_sklearn_nor_pandas() -> None:
    code = ("import sys, caire_exercises.exercises.supervised as m; "
            "assert len(m.EXERCISES) == 9; "
            "print(sorted(k for k in ('sklearn', 'pandas') if k in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("exercise", sv.EXERCISES, ids=lambda ex: ex.id)
def test_statements_show_the_variant_and_leave_no_placeholder(exercise: Any) -> None:
    bound = exercise.for_student("alice@example.org")
    for language in ("en", "fr"):
        text = bound.statement_in(language)
        for name in bound.params:
            assert "{" + name + "}" not in text


@pytest.mark.parametrize("exercise", sv.EXERCISES, ids=lambda ex: ex.id)
def test_the_shown_solution_passes_when_pasted_in_a_notebook(exercise: Any) -> None:
    """The solution's source, run in a fresh namespace, is a learner's answer like any other."""
    namespace: dict[str, Any] = {"np": np}
    exec(compile(exercise.solution_source(), f"<solution {exercise.id}>", "exec"), namespace)  # noqa: S102
    answers = {name: namespace[name] for name in exercise.answer_names}
    bound = exercise.for_student("chloe@example.org")
    assert check_answers(bound, answers, secret="another secret").passed


# ------------------------------------------------------------------- wrong, and not declared


def prf_percentages(y_true, y_pred):
    return tuple(100 * value for value in sv.precision_recall_f1(y_true, y_pred))


def prf_for_class_zero(y_true, y_pred):
    return sv.precision_recall_f1(1 - y_true, 1 - y_pred)


def confusion_float_counts(y_true, y_pred, labels):
    return sv.confusion(y_true, y_pred, labels).astype(float)


def confusion_reversed_order(y_true, y_pred, labels):
    return sv.confusion(y_true, y_pred, list(labels)[::-1])


def baseline_other_test_size(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return model.score(X_test, y_test) - baseline.score(X_test, y_test)


def cv_roc_auc(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    scores = cross_val_score(model, X, y, scoring="roc_auc",
                             cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed))
    return scores.mean(), scores.std()


def cv_variance(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    scores = cross_val_score(model, X, y, cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed))
    return scores.mean(), scores.var()


def cv_centring_in_place(model, X, y, seed):
    X -= X.mean(axis=0)
    return sv.cv_scores(model, X, y, seed)


def depth_scores_kfold(X, y, seed):
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.tree import DecisionTreeClassifier

    folds = KFold(n_splits=5, shuffle=True, random_state=seed)
    return np.array([cross_val_score(DecisionTreeClassifier(max_depth=d, random_state=0), X, y, cv=folds).mean()
                     for d in range(1, 9)])


def best_depth_kfold(X, y, seed):
    return int(np.argmax(depth_scores_kfold(X, y, seed))) + 1


def search_randomised():
    from sklearn.model_selection import RandomizedSearchCV

    reference = sv.make_search()
    return RandomizedSearchCV(reference.estimator, reference.param_grid, n_iter=3, random_state=0)


def search_without_refit():
    search = sv.make_search()
    search.set_params(refit=False)
    return search


def ridge_index(X, y):
    return int(np.flatnonzero(np.logspace(-3, 3, 13) == sv.ridge_alpha(X, y))[0])


def lasso_small_alpha(X, y):
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return int(np.count_nonzero(make_pipeline(StandardScaler(), Lasso(alpha=0.1)).fit(X, y)[-1].coef_))


def ensemble_of_stumps():
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=5, max_depth=1, random_state=0)


def logistic_regression():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression()


def model_most_frequent():
    from sklearn.dummy import DummyClassifier

    return DummyClassifier(strategy="most_frequent")


def baseline_unscaled(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)
    model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return model.score(X_test, y_test) - baseline.score(X_test, y_test)


def prf_zero_division_one(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    predicted, actual = np.sum(y_pred == 1), np.sum(y_true == 1)
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    return float(precision), float(recall), float(2 * precision * recall / (precision + recall))


def confusion_label_values_as_positions(y_true, y_pred, labels):
    counts = np.zeros((len(labels), len(labels)), dtype=int)
    for truth, guess in zip(y_true, y_pred):
        counts[truth, guess] += 1
    return counts


def search_single_setting():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression()), {"logisticregression__C": [1.0]})


def search_over_a_regressor():
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return GridSearchCV(make_pipeline(StandardScaler(), Ridge()), {"ridge__alpha": [0.1, 1.0]})


def forest_regressor():
    from sklearn.ensemble import RandomForestRegressor

    return RandomForestRegressor(n_estimators=20, random_state=0)


def model_text_columns_only():
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    text = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore"))
    return make_pipeline(make_column_transformer((text, ["island", "sex"])), LogisticRegression())


WRONG = [
    ("supervised.metrics", prf_percentages, ""),
    ("supervised.metrics", prf_for_class_zero, ""),
    ("supervised.confusion", confusion_float_counts, "integers"),
    ("supervised.confusion", confusion_reversed_order, ""),
    ("supervised.baseline", baseline_other_test_size, ""),
    ("supervised.cross_validation", cv_roc_auc, ""),
    ("supervised.cross_validation", cv_variance, ""),
    ("supervised.cross_validation", cv_centring_in_place, "in place"),
    ("supervised.complexity", {"best_depth": best_depth_kfold, "depth_scores": depth_scores_kfold}, ""),
    ("supervised.tuning", search_randomised, "GridSearchCV"),
    ("supervised.tuning", search_without_refit, "predicting"),
    ("supervised.regularisation", {"ridge_alpha": ridge_index, "lasso_nonzero": sv.lasso_nonzero}, ""),
    ("supervised.regularisation", {"ridge_alpha": sv.ridge_alpha, "lasso_nonzero": lasso_small_alpha}, ""),
    ("supervised.ensembles", ensemble_of_stumps, "ROC AUC"),
    ("supervised.ensembles", logistic_regression, "not an ensemble"),
    ("supervised.first_model", model_most_frequent, "held-out penguins"),
    ("supervised.first_model", lambda: None, "unfitted scikit-learn estimator"),
    ("supervised.first_model", model_text_columns_only, "held-out penguins"),
    ("supervised.baseline", sv._baseline_scaled_before_split, "expected"),
    ("supervised.baseline", baseline_unscaled, "expected"),
    ("supervised.metrics", prf_zero_division_one, "expected 0.0, got 1.0"),
    ("supervised.confusion", confusion_label_values_as_positions, "values differ"),
    ("supervised.tuning", search_single_setting, "single setting"),
    ("supervised.tuning", search_over_a_regressor, "regressor"),
    ("supervised.ensembles", forest_regressor, "regressor"),
]


@pytest.mark.parametrize("exercise_id, answer, said", WRONG,
                         ids=[f"{row[0]}-{getattr(row[1], '__name__', 'parts')}" for row in WRONG])
def test_undeclared_wrong_answers_fail(exercise_id: str, answer: Any, said: str) -> None:
    exercise = next(ex for ex in sv.EXERCISES if ex.id == exercise_id)
    result = check(exercise, answer)
    assert not result.passed
    assert said in messages(result)
    assert messages(result, "fr").strip()


# ---------------------------------------------------------------------- behaviour of probes


def test_tuning_fits_the_search_on_training_rows_only() -> None:
    from sklearn.base import BaseEstimator, TransformerMixin
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    seen: list[np.ndarray] = []

    class RowRecorder(TransformerMixin, BaseEstimator):
        """Passes rows through, remembering every row it is fitted on."""

        def fit(self, X, y=None):
            seen.append(np.asarray(X).copy())
            return self

        def transform(self, X):
            return X

    def spied_search():
        pipeline = make_pipeline(RowRecorder(), StandardScaler(), LogisticRegression(max_iter=1000))
        return GridSearchCV(pipeline, {"logisticregression__C": [0.1, 1.0]}, cv=3)

    X, _ = sv._arrays("breast_cancer")
    for case in sv.TUNING.make_cases("course secret"):
        seen.clear()
        data = sv.TUNING.probe({"make_search": spied_search}, case)
        assert data["facts"]["auc_ok"]
        training = {row.tobytes() for row in X[case.kwargs["train"]]}
        held_out = {row.tobytes() for row in X[case.kwargs["test"]]}
        rows_seen = {row.tobytes() for rows in seen for row in rows}
        assert rows_seen == training  # the refit on every training row, and nothing else
        assert not rows_seen & held_out


def test_estimator_answers_may_be_an_instance_a_class_or_a_factory() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    for answer in (HistGradientBoostingClassifier(random_state=0), HistGradientBoostingClassifier,
                   lambda: HistGradientBoostingClassifier(random_state=0)):
        assert check(sv.ENSEMBLES, answer).passed


def test_a_model_that_breaks_is_reported_with_the_stage_and_the_error() -> None:
    bare = next(mistake for mistake in sv.FIRST_MODEL.mistakes if mistake.id == "bare_classifier")
    result = check(sv.FIRST_MODEL, bare.answer)
    text = messages(result)
    assert "Fitting your model on the training rows raised ValueError" in text
    assert result.mistakes == ["bare_classifier"]
    assert "a levé ValueError" in messages(result, "fr")


def test_an_already_fitted_model_is_refitted_from_scratch() -> None:
    from caire_exercises.data import load

    penguins = load("penguins")
    fitted = sv.make_model().fit(penguins.drop(columns=["species"]), penguins["species"])
    assert check(sv.FIRST_MODEL, fitted).passed


# ------------------------------------------------------------------------------ figures


def svg_count(result: Result, case_name: str) -> int:
    case = next(case for case in result.cases if case.name == case_name)
    return (case.figure or "").count("<svg")


def test_confusion_shows_the_learners_matrix_beside_the_expected_one() -> None:
    result = check(sv.CONFUSION, sv._confusion_transposed)
    assert svg_count(result, "labels in a given order") == 2
    assert all(case.figure is None for case in result.cases if case.hidden)


def test_complexity_draws_the_learners_curve_beside_the_expected_one() -> None:
    wrong = {"best_depth": sv._best_depth_training, "depth_scores": sv._depth_scores_training}
    result = check(sv.COMPLEXITY, wrong)
    case = next(case for case in result.cases if case.name == "your wines")
    assert case.figure is not None and "your curve" in case.figure and "expected" in case.figure


def test_metrics_and_first_model_show_a_confusion_matrix_of_the_predictions() -> None:
    assert svg_count(check(sv.METRICS, sv._metrics_swapped), "screening") == 1
    assert svg_count(check(sv.FIRST_MODEL, sv._model_unscaled_neighbours), "split 1") == 2


# ------------------------------------------------------------------------------- edges


def test_metrics_edge_cases_follow_the_zero_division_rule() -> None:
    cases = {case.name: case for case in sv.METRICS.for_student("dylan@example.org").make_cases()}
    assert sv.precision_recall_f1(*cases["no predicted positives"].args) == (0.0, 0.0, 0.0)
    assert sv.precision_recall_f1(*cases["all correct"].args) == (1.0, 1.0, 1.0)
    precision, recall, _ = sv.precision_recall_f1(*cases["precision equals recall"].args)
    assert precision == recall
    precision, recall, _ = sv.precision_recall_f1(*cases["screening"].args)
    assert precision != recall


def test_confusion_cases_cover_order_absent_labels_and_strings() -> None:
    cases = {case.name: case for case in sv.CONFUSION.for_student("emma@example.org").make_cases()}
    order = cases["labels in a given order"].args[2]
    assert order != sorted(order)
    matrix = sv.confusion(*cases["a label never predicted"].args)
    assert not matrix[:, -1].any() and matrix[-1].any()
    absent = sv.confusion(*cases["a label seen nowhere"].args)
    assert not absent[-1].any() and not absent[:, -1].any()
    assert all(isinstance(label, str) for label in cases["labels as text"].args[2])


def test_complexity_ties_case_has_a_tie_at_the_top() -> None:
    case = next(case for case in sv.COMPLEXITY.for_student("alice@example.org").make_cases()
                if case.name == "ties")
    scores = sv.depth_scores(*case.args)
    assert np.sum(scores == scores.max()) >= 2


def test_references_clear_the_thresholds_with_a_margin() -> None:
    """On every case, the reference model beats the bar by a margin a student's variant cannot eat."""
    for exercise, key, bar in ((sv.FIRST_MODEL, "accuracy", 0.95), (sv.TUNING, "auc", 0.97),
                               (sv.ENSEMBLES, "auc", 0.90)):
        for case in exercise.make_cases("any secret"):
            data = exercise.probe({exercise.answer_names[0]: exercise.reference}, case)
            assert data[key] >= bar + 0.015, (exercise.id, case.name, data[key])


def test_baseline_rare_disease_case_is_hard_to_beat() -> None:
    case = next(case for case in sv.BASELINE.for_student("bob@example.org").make_cases()
                if case.name == "rare disease")
    X, y, seed = case.args
    assert y.mean() < 0.2
    assert abs(sv.baseline_gap(X, y, seed)) < 0.1


def test_solution_of_complexity_mentions_both_parts() -> None:
    source = sv.COMPLEXITY.solution_source()
    assert "def best_depth" in source and "def depth_scores" in source
    assert textwrap.dedent(source) == source


def test_baseline_catches_a_scaler_fitted_before_the_split() -> None:
    """Typing errors among the test rows make a scaler fitted on every row visible."""
    for student in FIVE_STUDENTS:
        result = check(sv.BASELINE, sv._baseline_scaled_before_split, student=student)
        assert result.mistakes == ["scaled_before_split"], student
        failed = {case.name for case in result.cases if not case.passed}
        assert failed and failed <= {"entry errors", "entry errors, another seed", "hidden"}, student


def test_baseline_catches_a_model_without_its_scaler() -> None:
    for student in FIVE_STUDENTS:
        result = check(sv.BASELINE, baseline_unscaled, student=student)
        assert "other units" in {case.name for case in result.cases if not case.passed}, student


def test_ensembles_looks_inside_searches_and_calibration() -> None:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import RandomizedSearchCV

    assert sv._is_ensemble(randomised_boosting())
    assert sv._is_ensemble(CalibratedClassifierCV(RandomForestClassifier()))
    assert not sv._is_ensemble(RandomizedSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}))
    assert not sv._is_ensemble(CalibratedClassifierCV(LogisticRegression()))


def test_regressors_are_named_as_such_not_as_hard_voting() -> None:
    text = messages(check(sv.ENSEMBLES, forest_regressor))
    assert "is a regressor" in text and "hard voting" not in text
    assert "régresseur" in messages(check(sv.ENSEMBLES, forest_regressor), "fr")


# ------------------------------------------------------- black-box pass (outside team's answers)

from sklearn.metrics import f1_score as _imported_f1  # noqa: E402 - as a notebook cell would


def metrics_with_sklearn_inside(y_true, y_pred):
    from sklearn.metrics import precision_score, recall_score, f1_score

    return (precision_score(y_true, y_pred, zero_division=0),
            recall_score(y_true, y_pred, zero_division=0), f1_score(y_true, y_pred, zero_division=0))


def metrics_with_sklearn_imported_above(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    tp = int(((t == 1) & (p == 1)).sum())
    precision = tp / int((p == 1).sum()) if (p == 1).any() else 0.0
    recall = tp / int((t == 1).sum()) if (t == 1).any() else 0.0
    return precision, recall, float(_imported_f1(t, p, zero_division=0))


def metrics_by_counting(y_true, y_pred):
    pairs = list(zip(y_true, y_pred))
    tp = sum(1 for a, b in pairs if a == 1 and b == 1)
    fp = sum(1 for a, b in pairs if a == 0 and b == 1)
    fn = sum(1 for a, b in pairs if a == 1 and b == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return [precision, recall, 2 * tp / (2 * tp + fp + fn) if tp else 0.0]


@pytest.mark.parametrize("answer", [metrics_with_sklearn_inside,
                                    metrics_with_sklearn_imported_above, prf_sklearn])
def test_metrics_refuses_sklearn_metrics(answer: Any) -> None:
    result = check(sv.METRICS, answer)
    assert not result.passed
    assert "by hand" in messages(result) and "à la main" in messages(result, "fr")


def test_metrics_by_hand_in_pure_python_passes() -> None:
    assert check(sv.METRICS, metrics_by_counting).passed


def search_one_step_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline

    return GridSearchCV(make_pipeline(LogisticRegression(max_iter=200)),
                        {"logisticregression__C": [0.01, 0.1]})


def search_randomized():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return RandomizedSearchCV(make_pipeline(StandardScaler(), LogisticRegression()),
                              {"logisticregression__C": [0.01, 0.1, 1, 10]}, n_iter=3,
                              random_state=0)


def search_bad_name():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression()), {"C": [0.1, 1.0]})


def search_scaler_in_the_grid():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return GridSearchCV(Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]),
                        {"scale": [StandardScaler(), MinMaxScaler()], "clf__C": [0.1, 1.0]},
                        scoring="roc_auc")


def test_tuning_wants_a_preparation_step() -> None:
    result = check(sv.TUNING, search_one_step_pipeline)
    assert not result.passed and "single step" in messages(result)
    assert "une étape" in messages(result, "fr")
    assert check(sv.TUNING, search_scaler_in_the_grid).passed


def test_tuning_names_other_searches_and_bad_parameter_names() -> None:
    randomized = check(sv.TUNING, search_randomized)
    assert not randomized.passed and "RandomizedSearchCV" in messages(randomized)
    assert "pipeline alone" not in " ".join(str(m) for m in randomized.mistakes)
    bad_name = check(sv.TUNING, search_bad_name)
    assert not bad_name.passed and "'<step name>__<parameter>'" in messages(bad_name)
    assert "missing values, text columns" not in messages(bad_name)


# ------------------------------------------------------------- gaps found by testers (complexity)


def best_depth_rounded(X, y, seed):
    return int(np.argmax(np.round(sv.depth_scores(X, y, seed), 2))) + 1


def best_depth_hard_coded(X, y, seed):
    return 3


def test_complexity_rounded_scores_fail_a_shown_case_for_every_student() -> None:
    for student in FIVE_STUDENTS:
        result = check(sv.COMPLEXITY, {"best_depth": best_depth_rounded, "depth_scores": sv.depth_scores},
                       student=student)
        shown_failures = {case.name for case in result.cases if not case.passed and not case.hidden}
        assert "near tie" in shown_failures, student
        assert "index_not_depth" not in result.mistakes, student


def test_complexity_hard_coded_depth_is_not_named_a_position() -> None:
    for student in FIVE_STUDENTS:
        result = check(sv.COMPLEXITY, {"best_depth": best_depth_hard_coded, "depth_scores": sv.depth_scores},
                       student=student)
        assert not result.passed and "index_not_depth" not in result.mistakes, student
        assert "position" not in messages(result), student


def ridge_alpha_ridgecv_after_scaling_every_row(X, y):
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import StandardScaler

    scaled = StandardScaler().fit_transform(X)
    search = RidgeCV(alphas=np.logspace(-3, 3, 13), cv=KFold(n_splits=5, shuffle=True, random_state=0))
    return float(search.fit(scaled, y).alpha_)


def test_regularisation_catches_a_scaler_fitted_on_every_row() -> None:
    answer = {"ridge_alpha": ridge_alpha_ridgecv_after_scaling_every_row, "lasso_nonzero": sv.lasso_nonzero}
    for student in FIVE_STUDENTS[:3]:
        result = check(sv.REGULARISATION, answer, student=student)
        assert "entry errors" in {case.name for case in result.cases if not case.passed}, student
        assert result.mistakes == ["scaled_before_folds"], student
        assert "fuite" in result.mistake_feedback["scaled_before_folds"].fr, student
