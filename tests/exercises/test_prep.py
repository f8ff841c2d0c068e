"""M2, preparing data: every exercise proven, plus the answers a careful teacher would try."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from caire_exercises.testing import check_answers
from caire_exercises.engine.checking import probe_answer, reference_answers
from caire_exercises.engine.plain import dumps, loads
from caire_exercises.engine.report import Result
from caire_exercises.exercises import prep
from caire_exercises.grading.jobs import case_from_plain, case_to_plain
from caire_exercises.testing import verify_exercise

STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org")


def check(exercise: Any, answer: Any, *, student: str = "alice@example.org",
          secret: str = "course secret") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, {bound.answer_names[0]: answer}, secret=secret)


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


# ------------------------------------------------------------------ correct answers, other ways


def report_by_division(df):
    return (df.isna().sum() / len(df)).sort_values(ascending=False)


def report_by_loop(df):
    shares = {column: df[column].isnull().mean() for column in df.columns}
    return pd.Series(shares).sort_values(ascending=False, kind="stable")


def report_nlargest(df):
    return df.isnull().mean().nlargest(len(df.columns))


def clean_by_masks(df):
    clean = df.copy()
    for column in clean.columns:
        if clean[column].dtype.kind in "biuf":
            continue
        stripped = clean[column].map(lambda v: v.strip().lower() if isinstance(v, str) else v)
        stripped = stripped.mask(stripped.isin(["?", ""]))
        as_numbers = pd.to_numeric(stripped, errors="coerce")
        if (as_numbers.isna() == stripped.isna()).all():
            clean[column] = as_numbers.astype(float)
        else:
            clean[column] = stripped.astype(object)
    for column in clean.columns:
        if clean[column].dtype.kind in "biuf":
            clean[column] = clean[column].fillna(clean[column].median())
        else:
            clean[column] = clean[column].fillna(clean[column].value_counts().idxmax())
    return clean


def clean_with_regex(df):
    text_columns = df.select_dtypes(exclude="number").columns
    clean = df.copy()
    # '?' or nothing at all, between blanks: both are missing.
    clean[text_columns] = clean[text_columns].replace(r"^\s*\??\s*$", np.nan, regex=True)
    for column in text_columns:
        values = clean[column].str.strip().str.lower()
        numbers = pd.to_numeric(values, errors="coerce")
        clean[column] = numbers if numbers.count() == values.count() else values
    numeric = clean.select_dtypes(include="number").columns
    clean[numeric] = clean[numeric].fillna(clean[numeric].median())
    for column in clean.columns.difference(numeric, sort=False):
        clean[column] = clean[column].fillna(clean[column].mode()[0])
    return clean


def preprocessor_make_column_transformer():
    from sklearn.compose import make_column_transformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["sex", "island"]),
        (StandardScaler(), ["body_mass_g", "flipper_length_mm", "bill_depth_mm", "bill_length_mm"]))


def preprocessor_selectors():
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        ("cat", OneHotEncoder(handle_unknown="infrequent_if_exist"),
         make_column_selector(dtype_exclude="number")),
    ])


def preprocessor_in_a_pipeline():
    from sklearn.pipeline import Pipeline

    return Pipeline([("prepare", prep.make_preprocessor())])


def split_by_retrying(df, seed):
    from sklearn.model_selection import GroupShuffleSplit

    overall = df["outcome"].mean()
    for attempt in range(200):
        splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=seed * 1000 + attempt)
        train, test = next(splitter.split(df, groups=df["patient_id"]))
        if max(abs(df["outcome"].iloc[train].mean() - overall),
               abs(df["outcome"].iloc[test].mean() - overall)) <= 0.02:
            return train, test
    raise RuntimeError("no balanced split found")


def split_five_folds(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed)
    train, test = next(folds.split(df, df["outcome"], df["patient_id"]))
    return np.asarray(train), np.asarray(test)


def pipeline_scaled_svm():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    return Pipeline([("scale", StandardScaler()), ("select", SelectKBest(f_classif, k=20)),
                     ("model", LinearSVC(C=0.1))])


def pipeline_neighbours():
    from sklearn.feature_selection import SelectKBest
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectKBest(k=20), KNeighborsClassifier(n_neighbors=7))


def report_one_minus_count(df):
    return (1 - df.count() / len(df)).sort_values(ascending=False)


def report_float32_reversed(df):
    return df.isna().mean().astype("float32").rename("missing").sort_values()[::-1]


def clean_with_imputers(df):
    from sklearn.impute import SimpleImputer

    clean = df.copy()
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            continue
        text = clean[column].astype("string").str.strip().str.lower()
        text = text.where(~text.isin(["?", ""]))
        try:
            clean[column] = pd.to_numeric(text.dropna()).reindex(text.index).astype(float)
        except (TypeError, ValueError):
            clean[column] = text.astype(object).where(text.notna(), np.nan)
    numeric = clean.select_dtypes("number").columns
    clean[numeric] = SimpleImputer(strategy="median").fit_transform(clean[numeric])
    for column in clean.columns.difference(numeric, sort=False):
        imputer = SimpleImputer(strategy="most_frequent")
        clean[column] = imputer.fit_transform(clean[[column]].astype(object)).ravel()
    return clean


def clean_as_categories(df):
    clean = df.copy()
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            continue
        text = clean[column].apply(lambda v: v.strip().lower() if isinstance(v, str) else v)
        text = text.replace({"?": None, "": None})
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers.count() == text.count():
            clean[column] = numbers
        else:
            clean[column] = text.fillna(text.mode()[0]).astype("category")
    for column in clean.select_dtypes("number"):
        clean[column] = clean[column].fillna(np.nanmedian(clean[column].to_numpy(dtype=float)))
    return clean


def clean_float32_strings(df):
    clean = df.copy()
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            continue
        text = clean[column].str.strip().str.lower().replace(["?", ""], pd.NA)
        numbers = pd.to_numeric(text, errors="coerce")
        if numbers.notna().sum() == text.notna().sum():
            clean[column] = numbers.astype("float32")
        else:
            clean[column] = text.astype("string")
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].fillna(clean[column].median())
        else:
            clean[column] = clean[column].fillna(clean[column].value_counts().index[0])
    return clean


def clean_whole_numbers_as_int(df):
    clean = prep.clean_clinical(df)
    for column in clean.select_dtypes("number"):
        if (clean[column] % 1 == 0).all():
            clean[column] = clean[column].astype("int64")
    return clean


def preprocessor_remainder_scaled():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([("c", OneHotEncoder(handle_unknown="ignore"), ["island", "sex"])],
                             remainder=StandardScaler())


def preprocessor_by_position_pandas_out():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([
        ("n", StandardScaler(), [1, 2, 3, 4]),
        ("c", OneHotEncoder(handle_unknown="ignore", sparse_output=False, dtype=np.float32), [0, 5]),
    ]).set_output(transform="pandas")


def preprocessor_encoder_per_column_warn():
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return ColumnTransformer([
        ("n", StandardScaler(), list(prep.NUMERIC)),
        ("island", OneHotEncoder(handle_unknown="warn"), ["island"]),
        ("sex", OneHotEncoder(handle_unknown="ignore"), ["sex"]),
    ], verbose_feature_names_out=False)


def split_own_draws(df, seed):
    rng = np.random.default_rng(seed)
    ids, outcome = df["patient_id"].to_numpy(), df["outcome"].to_numpy()
    patients, overall = np.unique(ids), outcome.mean()
    for _ in range(500):
        in_test = np.isin(ids, rng.choice(patients, size=len(patients) // 4, replace=False))
        if max(abs(outcome[in_test].mean() - overall), abs(outcome[~in_test].mean() - overall)) <= 0.02:
            return np.flatnonzero(~in_test), np.flatnonzero(in_test)
    raise RuntimeError("no balanced split found")


def split_last_fold_int32_as_list(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=seed)
    train, test = list(folds.split(np.zeros(len(df)), df["outcome"].to_numpy(),
                                   df["patient_id"].to_numpy()))[-1]
    return [train.astype(np.int32), np.sort(test).astype(np.int32)]


def split_with_a_mask(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    frame = df.reset_index(drop=True)
    folds = StratifiedGroupKFold(4, shuffle=True, random_state=np.random.RandomState(seed))
    _, test = next(folds.split(frame, frame.outcome, frame.patient_id))
    in_test = np.zeros(len(frame), dtype=bool)
    in_test[test] = True
    return np.where(~in_test)[0], np.where(in_test)[0]


def pipeline_percentile():
    from sklearn.feature_selection import SelectPercentile, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectPercentile(f_classif, percentile=1), LogisticRegression(max_iter=1000))


def pipeline_naive_bayes():
    from sklearn.feature_selection import SelectKBest, VarianceThreshold, f_classif
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline([("variance", VarianceThreshold()), ("select", SelectKBest(f_classif, k=20)),
                     ("scale", StandardScaler()), ("model", GaussianNB())])


def pipeline_nested():
    from sklearn.pipeline import Pipeline

    return Pipeline([("whole", prep.make_pipeline_without_leak())])


ALTERNATIVES: dict[str, list[Any]] = {
    "prep.missing_report": [report_by_division, report_by_loop, report_nlargest,
                            report_one_minus_count, report_float32_reversed],
    "prep.clean_clinical": [clean_by_masks, clean_with_regex, clean_with_imputers,
                            clean_as_categories, clean_float32_strings, clean_whole_numbers_as_int],
    "prep.preprocessor": [preprocessor_make_column_transformer, preprocessor_selectors,
                          preprocessor_in_a_pipeline, prep.make_preprocessor(),
                          preprocessor_remainder_scaled, preprocessor_by_position_pandas_out,
                          preprocessor_encoder_per_column_warn],
    "prep.group_split": [split_by_retrying, split_five_folds, split_own_draws,
                         split_last_fold_int32_as_list, split_with_a_mask],
    "prep.leakage": [pipeline_scaled_svm, pipeline_neighbours, prep.make_pipeline_without_leak(),
                     pipeline_percentile, pipeline_naive_bayes, pipeline_nested],
}


# ------------------------------------------------------------------------------ all of them


def test_the_module_declares_the_catalogue_in_order() -> None:
    assert [exercise.id for exercise in prep.EXERCISES] == [
        "prep.missing_report", "prep.clean_clinical", "prep.preprocessor", "prep.group_split",
        "prep.leakage"]
    names = {exercise.id: exercise.answer_name for exercise in prep.EXERCISES}
    assert names == {"prep.missing_report": "missing_report", "prep.clean_clinical": "clean_clinical",
                     "prep.preprocessor": "make_preprocessor", "prep.group_split": "split_patients",
                     "prep.leakage": "make_pipeline_without_leak"}


@pytest.mark.parametrize("exercise", prep.EXERCISES, ids=lambda exercise: exercise.id)
def test_verify_exercise(exercise: Any) -> None:
    verification = verify_exercise(exercise, students=STUDENTS,
                                   alternatives=ALTERNATIVES[exercise.id])
    assert verification.checks >= (len(STUDENTS) + 1) * (1 + len(exercise.mistakes))


@pytest.mark.parametrize("exercise", prep.EXERCISES, ids=lambda exercise: exercise.id)
def test_cases_survive_the_trip_to_the_grader(exercise: Any) -> None:
    """Cases and outcomes cross to a sandbox as JSON; the verdict must not change on the way."""
    from caire_exercises.engine.checking import judge

    bound = exercise.for_student("dylan@example.org")
    cases = bound.make_cases("secret")
    moved = [case_from_plain(loads(dumps(case_to_plain(case)))) for case in cases]
    outcomes = loads(dumps(probe_answer(bound, reference_answers(bound), moved)))
    assert judge(bound, cases, outcomes).passed


@pytest.mark.parametrize("exercise", prep.EXERCISES, ids=lambda exercise: exercise.id)
def test_statements_show_the_variant_numbers(exercise: Any) -> None:
    bound = exercise.for_student("bob@example.org")
    for language in ("en", "fr"):
        text = bound.statement_in(language)
        assert not [name for name in bound.params if "{" + name + "}" in text]
    if exercise.has_variants:
        assert exercise.for_student("a@x.org").params != exercise.for_student("b@x.org").params


def test_hidden_cases_come_from_the_secret() -> None:
    for exercise in (prep.MISSING_REPORT, prep.CLEAN_CLINICAL, prep.GROUP_SPLIT):
        bound = exercise.for_student("alice@example.org")
        one, two = bound.make_cases("secret one"), bound.make_cases("secret two")
        for first, second in zip(one, two):
            same = first.args[0].equals(second.args[0])
            assert same != first.hidden, f"{exercise.id}: case {first.name!r}"


# --------------------------------------------------------------------------- missing_report


def test_missing_report_accepts_any_order_among_ties() -> None:
    def ties_by_reversed_name(df):
        return df.isna().mean().sort_index(ascending=False).sort_values(ascending=False,
                                                                          kind="stable")

    assert check(prep.MISSING_REPORT, ties_by_reversed_name).passed


@pytest.mark.parametrize("wrong, words", [
    (lambda df: df.notna().mean().sort_values(ascending=False), "share of missing values"),
    (lambda df: df.isna().mean().sort_values(ascending=False).to_frame(), "pandas Series"),
    (lambda df: df.isna().mean().sort_index(), "not in order"),
    (lambda df: (df.isna().sum() / len(df.columns)).sort_values(ascending=False), "share"),
    (lambda df: df.isna().mean().sort_values(ascending=False).head(3), "one entry per column"),
])
def test_missing_report_other_wrong_answers_fail(wrong: Any, words: str) -> None:
    result = check(prep.MISSING_REPORT, wrong)
    assert not result.passed
    assert words in messages(result)


@pytest.mark.parametrize("wrong, words, mot", [
    (lambda df: df.isna().mean().round(2).sort_values(ascending=False), "without rounding",
     "sans l'arrondir"),
    (lambda df: df.notna().mean().sort_values(ascending=True), "share of values present",
     "part des valeurs présentes"),
])
def test_missing_report_shares_within_0_and_1_are_not_told_the_range(wrong: Any, words: str,
                                                                      mot: str) -> None:
    for student in STUDENTS[:3]:
        result = check(prep.MISSING_REPORT, wrong, student=student)
        assert not result.passed, student
        assert words in messages(result) and mot in messages(result, "fr"), student
        assert "between 0 and 1" not in messages(result), student
        assert "entre 0 et 1" not in messages(result, "fr"), student


def test_missing_report_shares_outside_0_and_1_are_told_the_range() -> None:
    result = check(prep.MISSING_REPORT, lambda df: df.isna().sum().sort_values(ascending=False))
    assert "between 0 and 1" in messages(result) and "entre 0 et 1" in messages(result, "fr")


def test_missing_report_in_place_is_reported() -> None:
    def drops_rows(df):
        report = df.isna().mean().sort_values(ascending=False)
        df.dropna(inplace=True)
        return report

    result = check(prep.MISSING_REPORT, drops_rows)
    assert not result.passed and "in place" in messages(result)


# --------------------------------------------------------------------------- clean_clinical


def test_clean_clinical_reference_leaves_no_mess() -> None:
    table = prep.CLEAN_CLINICAL.for_student("alice@example.org").make_cases("s")[0].args[0]
    clean = prep.clean_clinical(table)
    assert not clean.isna().any().any()
    text = clean.select_dtypes(exclude="number")
    for column in text.columns:
        values = set(text[column])
        assert "?" not in values
        assert all(value == value.strip().lower() for value in values)
    for column in ("sg", "al", "su", "pcv", "wc", "rc", "age", "sc"):
        assert pd.api.types.is_numeric_dtype(clean[column])


def clean_but_zeros(df):
    clean = df.copy()
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            text = clean[column].str.strip().str.lower().replace("?", np.nan)
            numbers = pd.to_numeric(text, errors="coerce")
            clean[column] = numbers if numbers.count() == text.count() else text
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].fillna(0)
        else:
            clean[column] = clean[column].fillna(clean[column].mode()[0])
    return clean


def clean_but_text_kept(df):
    clean = df.copy()
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].str.strip().str.lower().replace("?", np.nan)
    for column in clean.columns:
        if pd.api.types.is_numeric_dtype(clean[column]):
            clean[column] = clean[column].fillna(clean[column].median())
        else:
            clean[column] = clean[column].fillna(clean[column].mode()[0])
    return clean


@pytest.mark.parametrize("wrong, words", [
    (lambda df: prep.clean_clinical(df).reset_index(drop=True), "index"),
    (lambda df: prep.clean_clinical(df).drop(columns=["id"]), "same columns"),
    (clean_but_zeros, "expected"),
    (clean_but_text_kept, "should be numeric but still holds text"),
])
def test_clean_clinical_other_wrong_answers_fail(wrong: Any, words: str) -> None:
    result = check(prep.CLEAN_CLINICAL, wrong)
    assert not result.passed and words in messages(result)
    assert not result.mistakes


def test_clean_clinical_redundant_steps_still_pass() -> None:
    def strip_twice_then_fill_zero(df):
        stripped = df.apply(lambda s: s if pd.api.types.is_numeric_dtype(s) else s.str.strip())
        return prep.clean_clinical(stripped).fillna(0)

    assert check(prep.CLEAN_CLINICAL, strip_twice_then_fill_zero).passed


# ----------------------------------------------------------------------------- preprocessor


@pytest.mark.parametrize("wrong, words", [
    ("minmax", "not come out standardised"),
    ("drop_first", "partly one-hot"),
    ("scale_everything", "not one-hot"),
    ("no_with_mean", "not come out standardised"),
])
def test_preprocessor_other_wrong_answers_fail(wrong: str, words: str) -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

    numeric, categorical = list(prep.NUMERIC), list(prep.CATEGORICAL)
    built = {
        "minmax": lambda: ColumnTransformer([("n", MinMaxScaler(), numeric),
                                             ("c", OneHotEncoder(handle_unknown="ignore"), categorical)]),
        "drop_first": lambda: ColumnTransformer([
            ("n", StandardScaler(), numeric),
            ("c", OneHotEncoder(handle_unknown="ignore", drop="first"), categorical)]),
        "scale_everything": lambda: make_pipeline(
            ColumnTransformer([("n", "passthrough", numeric),
                               ("c", OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                                categorical)]),
            StandardScaler()),
        "no_with_mean": lambda: ColumnTransformer([
            ("n", StandardScaler(with_mean=False), numeric),
            ("c", OneHotEncoder(handle_unknown="ignore"), categorical)]),
    }[wrong]
    result = check(prep.PREPROCESSOR, built)
    assert not result.passed
    assert words in messages(result)


def _preprocessor_without(numbers: list[str], categories: list[str], raw: list[str] = ()) -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    parts = [("n", StandardScaler(), numbers), ("c", OneHotEncoder(handle_unknown="ignore"), categories)]
    if raw:
        parts.append(("raw", "passthrough", list(raw)))
    return lambda: ColumnTransformer(parts)


@pytest.mark.parametrize("numbers, categories, raw, en, fr", [
    (["bill_length_mm", "bill_depth_mm", "flipper_length_mm"], ["island", "sex"], [],
     "numeric column body_mass_g is missing", "colonne numérique body_mass_g manque"),
    (["bill_length_mm", "flipper_length_mm"], ["island", "sex"], [],
     "numeric columns bill_depth_mm, body_mass_g are missing",
     "colonnes numériques bill_depth_mm, body_mass_g manquent"),
    (list(prep.NUMERIC), ["island"], [],
     "categorical column sex is missing", "colonne catégorielle sex manque"),
    (["bill_length_mm", "bill_depth_mm", "flipper_length_mm"], ["island", "sex"], ["body_mass_g"],
     "numeric column body_mass_g does not come out standardised",
     "colonne numérique body_mass_g ne ressort pas standardisée"),
])
def test_preprocessor_names_the_forgotten_column(numbers: list[str], categories: list[str],
                                                 raw: list[str], en: str, fr: str) -> None:
    result = check(prep.PREPROCESSOR, _preprocessor_without(numbers, categories, raw))
    assert not result.passed
    assert en in messages(result) and fr in messages(result, "fr")
    assert "Put a StandardScaler on the numeric columns" not in messages(result)
    assert "partly one-hot" not in messages(result)


def test_preprocessor_fitted_answer_is_refitted_on_training_rows() -> None:
    """A preprocessor fitted beforehand on every row is cloned: what it learnt does not count."""
    features, _ = prep._penguin_features()
    fitted = prep.make_preprocessor().fit(features)
    assert check(prep.PREPROCESSOR, fitted).passed


def test_preprocessor_reports_handle_unknown_of_the_encoder_inside() -> None:
    bound = prep.PREPROCESSOR.for_student(None)
    case = next(case for case in bound.make_cases("s") if case.name == "unseen island")
    data = prep._preprocessor_probe({"make_preprocessor": prep._preprocessor_unknown_error}, case)
    assert data["details"]["handle_unknown"] == ["error"]
    assert data["details"]["scaler"] is True
    assert data["value"]["new_rows_transformed"] is False
    assert "handle_unknown" in messages(check(prep.PREPROCESSOR, prep._preprocessor_unknown_error))


def test_preprocessor_answer_that_is_not_an_estimator_is_invalid() -> None:
    result = check(prep.PREPROCESSOR, 42)
    assert not result.passed and not result.cases
    assert "unfitted scikit-learn estimator" in result.note.render("en")


# ------------------------------------------------------------------------------ group_split


@pytest.mark.parametrize("wrong, words", [
    ("no_shuffle", "seed argument is not used"),
    ("half", "of the patients are on the test side"),
    ("lists", "two NumPy arrays"),
    ("test_only_twice", "exactly one"),
])
def test_group_split_other_wrong_answers_fail(wrong: str, words: str) -> None:
    from sklearn.model_selection import StratifiedGroupKFold

    def no_shuffle(df, seed):
        folds = StratifiedGroupKFold(n_splits=4)
        return next(folds.split(df, df["outcome"], df["patient_id"]))

    def half(df, seed):
        folds = StratifiedGroupKFold(n_splits=2, shuffle=True, random_state=seed)
        return next(folds.split(df, df["outcome"], df["patient_id"]))

    def lists(df, seed):
        train, test = prep.split_patients(df, seed)
        return list(train), list(test)

    def test_only_twice(df, seed):
        train, test = prep.split_patients(df, seed)
        return np.concatenate([train, test[:5]]), test

    answer = {"no_shuffle": no_shuffle, "half": half, "lists": lists,
              "test_only_twice": test_only_twice}[wrong]
    result = check(prep.GROUP_SPLIT, answer)
    assert not result.passed
    assert words in messages(result)


def test_group_split_row_split_is_named_with_the_shared_patients() -> None:
    result = check(prep.GROUP_SPLIT, prep._split_rows_not_patients)
    assert result.mistakes == ["rows"]
    assert "patients have visits on both sides" in messages(result)
    assert "patients ont des visites des deux côtés" in messages(result, "fr")


# --------------------------------------------------------------------------------- leakage


def test_leakage_is_proven_by_behaviour_on_noise_and_signal() -> None:
    bound = prep.LEAKAGE.for_student("alice@example.org")
    cases = {case.name: case for case in bound.make_cases("s")}
    sound = prep._leakage_probe({"make_pipeline_without_leak": prep.make_pipeline_without_leak},
                                cases["pure noise"])
    leaky = prep._leakage_probe({"make_pipeline_without_leak": prep._pipeline_selected_outside},
                                cases["pure noise"])
    assert sound["details"]["accuracy"] <= 0.6
    assert leaky["details"]["accuracy"] >= 0.75
    learnt = prep._leakage_probe({"make_pipeline_without_leak": prep.make_pipeline_without_leak},
                                 cases["real signal"])
    assert learnt["details"]["accuracy"] >= prep.SIGNAL_FLOOR + 0.05


def test_leakage_statement_reports_the_leaky_score_it_shows() -> None:
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    X, y = prep.noise_data()
    X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)
    score = cross_val_score(LogisticRegression(max_iter=1000), X_best, y, cv=5).mean()
    assert f"{score:.2f}" == "0.85"
    assert "0.85" in prep.LEAKAGE.statement.en and "0,85" in prep.LEAKAGE.statement.fr


@pytest.mark.parametrize("wrong, words", [
    ("not_a_pipeline", "Return a scikit-learn Pipeline"),
    ("pca", "columns reach the model"),
    ("weak_model", "only reaches"),
])
def test_leakage_other_wrong_answers_fail(wrong: str, words: str) -> None:
    from sklearn.decomposition import PCA
    from sklearn.dummy import DummyClassifier
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    answer = {
        "not_a_pipeline": lambda: LogisticRegression(max_iter=1000),
        "pca": lambda: make_pipeline(PCA(n_components=10), LogisticRegression(max_iter=1000)),
        "weak_model": lambda: make_pipeline(SelectKBest(f_classif, k=20),
                                            DummyClassifier(strategy="stratified", random_state=0)),
    }[wrong]
    result = check(prep.LEAKAGE, answer)
    assert not result.passed
    assert words in messages(result)


@pytest.mark.parametrize("exercise", prep.EXERCISES, ids=lambda exercise: exercise.id)
def test_the_solution_shown_to_learners_runs_on_its_own_and_passes(exercise: Any) -> None:
    namespace: dict[str, Any] = {}
    exec(exercise.solution_source(), namespace)  # noqa: S102 - the library's own solution
    answers = {name: namespace[name] for name in exercise.answer_names}
    assert check_answers(exercise.for_student("farid@example.org"), answers).passed


# ------------------------------------------------- more undeclared wrong answers, and their words


def failed_cases(result: Result) -> list[str]:
    return [case.name for case in result.cases if not case.passed]


@pytest.mark.parametrize("wrong, words", [
    (lambda df: (df.isna().sum() / df.count()).sort_values(ascending=False), "share of missing"),
    (lambda df: (df.isna().sum() / (len(df) - 1)).sort_values(ascending=False), "share of missing"),
    (lambda df: pd.Series(sorted(df.isna().mean(), reverse=True), index=df.columns),
     "share of missing"),
])
def test_missing_report_wrong_denominators_and_labels_fail(wrong: Any, words: str) -> None:
    result = check(prep.MISSING_REPORT, wrong)
    assert not result.passed and "penguins" in failed_cases(result)
    assert words in messages(result) and not result.mistakes


def test_missing_report_per_row_report_is_named_briefly() -> None:
    result = check(prep.MISSING_REPORT, lambda df: df.isna().mean(axis=1).sort_values(ascending=False))
    penguins_case = next(case for case in result.cases if case.name == "penguins")
    said = penguins_case.message_in("en")
    assert not penguins_case.passed and "one entry per column" in said and "(+336)" in said
    assert len(said) < 400 and "aucune" not in penguins_case.message_in("fr")


def test_missing_report_text_none_and_repeated_entries_get_their_own_words() -> None:
    as_text = check(prep.MISSING_REPORT,
                    lambda df: df.isna().mean().sort_values(ascending=False).map("{:.1%}".format))
    assert not as_text.passed and "not a number" in messages(as_text)
    assert "raised" not in messages(as_text) and "pas un nombre" in messages(as_text, "fr")
    numbers_as_text = check(prep.MISSING_REPORT,
                            lambda df: df.isna().mean().sort_values(ascending=False).astype(str))
    assert not numbers_as_text.passed and "not a number" in messages(numbers_as_text)
    nothing = check(prep.MISSING_REPORT, lambda df: None)
    assert "forget `return`" in messages(nothing)
    twice = check(prep.MISSING_REPORT, lambda df: pd.concat([df.isna().mean()] * 2).sort_values(
        ascending=False))
    assert not twice.passed and "16 entries for a table of 8 column(s)" in messages(twice)


def clean_replacing_before_stripping(df):
    clean = df.copy().replace("?", np.nan)
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            text = clean[column].str.strip().str.lower()
            numbers = pd.to_numeric(text, errors="coerce")
            clean[column] = numbers if numbers.count() == text.count() else text
    return prep._fill_gaps(clean)


def clean_stripping_spaces_only(df):
    clean = df.copy()
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            text = clean[column].str.strip(" ").str.lower().replace("?", np.nan)
            numbers = pd.to_numeric(text, errors="coerce")
            clean[column] = numbers if numbers.count() == text.count() else text
    return prep._fill_gaps(clean)


def clean_coercing_any_number(df):
    clean = df.copy()
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            text = clean[column].str.strip().str.lower().replace(["?", ""], np.nan)
            numbers = pd.to_numeric(text, errors="coerce")
            clean[column] = numbers if numbers.notna().any() else text
    return prep._fill_gaps(clean)


@pytest.mark.parametrize("wrong, case, words", [
    # '\t?' is still '?' once stripped: the example must be the cell that blocks the conversion.
    (clean_replacing_before_stripping, "small", "still holds text (for example '?')"),
    (clean_stripping_spaces_only, "small", "still holds text (for example '1.010\\t')"),
    (clean_coercing_any_number, "small", "Column room holds labels"),
    (lambda df: prep.clean_clinical(df).drop_duplicates(), "small", "expected 8 rows, got 7"),
    (lambda df: prep._parse_text_columns(df.copy()).ffill().bfill(), "small", "Column sc"),
])
def test_clean_clinical_more_wrong_answers_fail_with_words(wrong: Any, case: str, words: str) -> None:
    result = check(prep.CLEAN_CLINICAL, wrong)
    assert not result.passed and case in failed_cases(result)
    said = next(c.message_in("en") for c in result.cases if c.name == case)
    assert words in said


def test_clean_clinical_small_table_has_no_tied_labels() -> None:
    """Which of two equally frequent labels fills a gap is not fixed by the statement."""
    clean = prep._parse_text_columns(prep._small_messy_table())
    for column in clean.select_dtypes(exclude="number"):
        counts = clean[column].value_counts()
        assert counts.iloc[0] > counts.iloc[1], column


@pytest.mark.parametrize("wrong, words", [
    ("passthrough_everything", "still holds text (for example 'Biscoe')"),
    ("remainder_passthrough", "still holds text"),
    ("statistics_of_new_rows", "New rows are not transformed with what was learnt"),
    ("sample_std", "not come out standardised"),
    ("drop_if_binary", "partly one-hot"),
    ("fixed_categories", "expected 8"),
])
def test_preprocessor_more_wrong_answers_fail(wrong: str, words: str) -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    numeric, categorical = list(prep.NUMERIC), list(prep.CATEGORICAL)

    def scale_with(ddof):
        def scale(X):
            X = np.asarray(X, dtype=float)
            return (X - X.mean(axis=0)) / X.std(axis=0, ddof=ddof)
        return FunctionTransformer(scale)

    encoder = OneHotEncoder(handle_unknown="ignore")
    built = {
        "passthrough_everything": lambda: ColumnTransformer([("all", "passthrough",
                                                              ["island", *numeric, "sex"])]),
        "remainder_passthrough": lambda: ColumnTransformer([("n", StandardScaler(), numeric)],
                                                           remainder="passthrough"),
        "statistics_of_new_rows": lambda: ColumnTransformer([("n", scale_with(0), numeric),
                                                             ("c", encoder, categorical)]),
        "sample_std": lambda: ColumnTransformer([("n", scale_with(1), numeric),
                                                 ("c", encoder, categorical)]),
        "drop_if_binary": lambda: ColumnTransformer([
            ("n", StandardScaler(), numeric),
            ("c", OneHotEncoder(handle_unknown="ignore", drop="if_binary"), categorical)]),
        "fixed_categories": lambda: ColumnTransformer([
            ("n", StandardScaler(), numeric),
            ("c", OneHotEncoder(categories=[["Biscoe", "Dream", "Torgersen"], ["female", "male"]]),
             categorical)]),
    }[wrong]
    result = check(prep.PREPROCESSOR, built)
    assert not result.passed and "unseen island" in failed_cases(result)
    assert words in messages(result) and "raised" not in messages(result)


def test_preprocessor_text_in_the_output_is_said_in_french_too() -> None:
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import StandardScaler

    result = check(prep.PREPROCESSOR, lambda: ColumnTransformer(
        [("n", StandardScaler(), list(prep.NUMERIC))], remainder="passthrough"))
    assert "contient encore du texte (par exemple 'Biscoe')" in messages(result, "fr")


def split_index_labels(df, seed):
    train, test = prep.split_patients(df, seed)
    return df.index[train].to_numpy(), df.index[test].to_numpy()


def split_ten_folds(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    folds = StratifiedGroupKFold(n_splits=10, shuffle=True, random_state=seed)
    return next(folds.split(df, df["outcome"], df["patient_id"]))


def split_one_row_per_patient(df, seed):
    train, test = prep.split_patients(df, seed)
    first = np.flatnonzero(~df["patient_id"].duplicated().to_numpy())
    return np.intersect1d(train, first), np.intersect1d(test, first)


def split_unseeded(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    return next(StratifiedGroupKFold(n_splits=4, shuffle=True).split(df, df["outcome"],
                                                                     df["patient_id"]))


def split_masks(df, seed):
    train, test = prep.split_patients(df, seed)
    in_test = np.isin(np.arange(len(df)), test)
    return ~in_test, in_test


@pytest.mark.parametrize("wrong, case, words", [
    (split_index_labels, "shuffled visits", "index labels (df.index), not row positions"),
    (split_ten_folds, "patients", "of the patients are on the test side"),
    (split_one_row_per_patient, "patients", "exactly one of train and test"),
    (split_unseeded, "patients", "same seed gave different splits"),
    (split_masks, "patients", "an array of booleans"),
])
def test_group_split_more_wrong_answers_fail(wrong: Any, case: str, words: str) -> None:
    result = check(prep.GROUP_SPLIT, wrong)
    assert not result.passed and case in failed_cases(result)
    assert words in messages(result)
    # None of these is the declared "rows" or "swapped" mistake: their feedback would mislead.
    assert not result.mistakes


def test_group_split_index_labels_are_explained_in_french() -> None:
    result = check(prep.GROUP_SPLIT, split_index_labels)
    assert "étiquettes d'index" in messages(result, "fr")


def pipeline_first_twenty_columns():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(FunctionTransformer(prep._take_columns, kw_args={"columns": np.arange(20)}),
                         LogisticRegression(max_iter=1000))


def pipeline_frozen_selector():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.frozen import FrozenEstimator
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    X, y = prep.noise_data()
    return make_pipeline(FrozenEstimator(SelectKBest(f_classif, k=20).fit(X, y)),
                         LogisticRegression(max_iter=1000))


def test_leakage_columns_fixed_in_advance_fail_even_when_not_leaky() -> None:
    result = check(prep.LEAKAGE, pipeline_first_twenty_columns)
    assert not result.passed and {"pure noise", "real signal"} <= set(failed_cases(result))
    assert "same columns to the model whatever rows it is fitted on" in messages(result)
    assert "mêmes colonnes au modèle" in messages(result, "fr")


def test_leakage_frozen_selector_is_the_leak_it_is() -> None:
    result = check(prep.LEAKAGE, pipeline_frozen_selector)
    assert not result.passed and "pure noise" in failed_cases(result)
    assert "far above chance" in messages(result)
    assert result.mistakes == ["selected_outside"]


def test_leakage_weak_model_is_not_called_a_leak() -> None:
    from sklearn.dummy import DummyClassifier
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.pipeline import make_pipeline

    result = check(prep.LEAKAGE, lambda: make_pipeline(
        SelectKBest(f_classif, k=20), DummyClassifier(strategy="stratified", random_state=0)))
    assert failed_cases(result) == ["real signal"] and "only reaches" in messages(result)
    assert result.mistakes == []


def test_leakage_too_many_columns_fail() -> None:
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    result = check(prep.LEAKAGE, lambda: make_pipeline(SelectKBest(f_classif, k=200),
                                                       LogisticRegression(max_iter=1000)))
    assert not result.passed and "200 columns reach the model" in messages(result)


# ------------------------------------------------------- black-box pass (outside team's answers)


def clean_blank_cells_kept(df):
    """'?' handled, but a cell of blanks becomes the label '' instead of a gap."""
    clean = df.copy()
    for column in clean.columns:
        if not pd.api.types.is_numeric_dtype(clean[column]):
            text = clean[column].str.strip().str.lower().replace({"?": np.nan})
            numbers = pd.to_numeric(text, errors="coerce")
            clean[column] = numbers if numbers.notna().sum() == text.notna().sum() else text
    return prep._fill_gaps(clean)


def clean_cell_by_cell(df):
    """Another right answer: a cell-by-cell map, then astype(float) where it works."""
    out = {}
    for column in df.columns:
        values = df[column]
        if not pd.api.types.is_numeric_dtype(values):
            values = values.map(lambda v: v.strip(" \t").lower() if isinstance(v, str) else v)
            values = values.map(lambda v: np.nan if v in ("?", "") else v)
            try:
                values = values.astype(float)
            except (TypeError, ValueError):
                pass
        if pd.api.types.is_numeric_dtype(values):
            values = values.fillna(values.median())
        else:
            values = values.fillna(values.value_counts().idxmax())
        out[column] = values
    return pd.DataFrame(out, index=df.index)[list(df.columns)]


def test_clean_clinical_blank_cells_are_missing() -> None:
    assert check(prep.CLEAN_CLINICAL, clean_cell_by_cell).passed
    result = check(prep.CLEAN_CLINICAL, clean_blank_cells_kept)
    assert not result.passed and "small" in failed_cases(result)
    assert result.mistakes == ["empty_cells"]
    assert "blanks" in messages(result) and "blancs" in messages(result, "fr")


def group_split_halves(df, seed):
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=2, shuffle=True, random_state=seed)
    return next(splitter.split(df, df["outcome"], groups=df["patient_id"]))


def test_group_split_a_half_split_is_not_called_swapped() -> None:
    result = check(prep.GROUP_SPLIT, group_split_halves)
    assert not result.passed and "swapped" not in result.mistakes
    assert "expected about a quarter" in messages(result)
