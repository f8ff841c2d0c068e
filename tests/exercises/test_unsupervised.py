"""M4, unsupervised learning: the answers a careful teacher would try (tests/test_registry_proof.py proves each exercise)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from caire_exercises.engine.attempt import conclude
from caire_exercises.engine.checking import judge, probe_answer, reference_answers
from caire_exercises.engine.plain import dumps, loads
from caire_exercises.engine.report import Result
from caire_exercises.exercises import unsupervised as un
from caire_exercises.exercises.unsupervised._common import curves
from caire_exercises.exercises.unsupervised.anomalies import _recall
from caire_exercises.exercises.unsupervised.choose_k import _best_k_inertia, _best_k_rescaled
from caire_exercises.exercises.unsupervised.kmeans_step import _update_in_place
from caire_exercises.exercises.unsupervised.pca import _components_not_centred, _components_off_by_one
from caire_exercises.exercises.unsupervised.probes import anomalies_probe
from caire_exercises.grading.jobs import case_from_plain, case_to_plain
from caire_exercises.testing import check_answers

STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org")


def check(exercise: Any, answer: Any, *, student: str | None = "alice@example.org",
          secret: str = "course secret") -> Result:
    bound = exercise.for_student(student)
    answers = dict(answer) if isinstance(answer, dict) else {bound.answer_names[0]: answer}
    return check_answers(bound, answers, secret=secret)


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def failed(result: Result) -> set[str]:
    return {case.name for case in result.cases if not case.passed}


# ------------------------------------------------------------------ correct answers, other ways


def assign_loop(X, centers):
    labels = np.empty(len(X), dtype=int)
    for row, point in enumerate(X):
        best, best_distance = 0, np.inf
        for index, centre in enumerate(centers):
            distance = np.sum((point - centre) ** 2)
            if distance < best_distance:
                best, best_distance = index, distance
        labels[row] = best
    return labels


def assign_norm(X, centers):
    return np.argmin(np.linalg.norm(X[:, np.newaxis] - centers, axis=-1), axis=1)


def update_add_at(X, labels, previous):
    k = len(previous)
    sums = np.zeros((k, X.shape[1]))
    np.add.at(sums, labels, X)
    counts = np.bincount(labels, minlength=k)[:, None]
    return np.where(counts > 0, sums / np.maximum(counts, 1), previous).astype(float)


def update_loop(X, labels, previous):
    new = np.array(previous, dtype=float, copy=True)
    for cluster in range(len(previous)):
        if np.any(labels == cluster):
            new[cluster] = np.mean(X[labels == cluster], axis=0)
    return new


def best_k_auto(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = [silhouette_score(X, KMeans(n_clusters=k, random_state=seed).fit(X).labels_)
              for k in range(2, 9)]
    return int(np.argmax(scores)) + 2


def components_svd(X, threshold):
    singular = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    ratios = singular ** 2 / np.sum(singular ** 2)
    return int(np.searchsorted(np.cumsum(ratios), threshold) + 1)


def components_sklearn_fraction(X, threshold):
    from sklearn.decomposition import PCA

    return PCA(n_components=threshold, svd_solver="full").fit(X).n_components_


def components_eigh(X, threshold):
    values = np.clip(np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1], 0, None)
    return int(np.argmax(np.cumsum(values) / values.sum() >= threshold) + 1)


def anomalies_knn(X, k, seed):
    from sklearn.neighbors import NearestNeighbors

    distances, _ = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)
    return np.argsort(-distances[:, -1])[:k]


def anomalies_lof_score_samples(X, k, seed):
    from sklearn.neighbors import LocalOutlierFactor

    detector = LocalOutlierFactor(n_neighbors=15, novelty=True).fit(X)
    return np.argsort(detector.score_samples(X))[:k].astype(np.int32)


ALTERNATIVES: dict[str, list[Any]] = {
    "unsupervised.kmeans_step": [{"assign": assign_loop, "update": update_add_at},
                                 {"assign": assign_norm, "update": update_loop}],
    "unsupervised.choose_k": [best_k_auto],
    "unsupervised.pca": [components_svd, components_sklearn_fraction, components_eigh],
    "unsupervised.anomalies": [anomalies_knn, anomalies_lof_score_samples],
}


# ------------------------------------------------------------------------------ all of them


def test_the_module_declares_the_catalogue_in_order() -> None:
    assert [exercise.id for exercise in un.EXERCISES] == [
        "unsupervised.kmeans_step", "unsupervised.choose_k", "unsupervised.pca",
        "unsupervised.anomalies"]
    assert un.KMEANS_STEP.answer_names == ("assign", "update")
    assert [e.answer_name for e in un.EXERCISES[1:]] == ["best_k", "n_components_for",
                                                        "top_anomalies"]


@pytest.mark.parametrize("exercise_id, answer", [(exercise_id, answer) for exercise_id, answers
                                                in ALTERNATIVES.items() for answer in answers])
def test_other_right_answers_pass(exercise_id: str, answer: Any) -> None:
    exercise = next(exercise for exercise in un.EXERCISES if exercise.id == exercise_id)
    for student in (None, STUDENTS[0]):
        assert check(exercise, answer, student=student).passed, student


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_cases_survive_the_trip_to_the_grader(exercise: Any) -> None:
    bound = exercise.for_student("dylan@example.org")
    cases = bound.make_cases("secret")
    moved = [case_from_plain(loads(dumps(case_to_plain(case)))) for case in cases]
    outcomes = loads(dumps(probe_answer(bound, reference_answers(bound), moved)))
    assert judge(bound, cases, outcomes).passed


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_hidden_cases_come_from_the_secret_and_shown_ones_do_not(exercise: Any) -> None:
    bound = exercise.for_student("alice@example.org")
    first, second = bound.make_cases("secret one"), bound.make_cases("secret two")
    assert any(case.hidden for case in first)
    for one, two in zip(first, second):
        same = all(np.array_equal(np.asarray(a), np.asarray(b)) if np.shape(a) == np.shape(b)
                   else False for a, b in zip(one.args, two.args))
        assert same != one.hidden, f"{exercise.id}: case {one.name!r}"


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_statements_show_the_variant_numbers(exercise: Any) -> None:
    bound = exercise.for_student("bob@example.org")
    for language in ("en", "fr"):
        text = bound.statement_in(language)
        assert not [name for name in bound.params if "{" + name + "}" in text]


# ----------------------------------------------------------------------------- kmeans_step


def test_kmeans_cases_really_leave_a_cluster_empty() -> None:
    for student in STUDENTS:
        cases = {case.name: case for case in un.KMEANS_STEP.for_student(student).make_cases("s")}
        _, X, labels, previous = cases["update: an empty cluster"].args
        assert len(previous) - 1 not in set(labels.tolist())
        result = un.update(X, labels, previous)
        np.testing.assert_array_equal(result[-1], previous[-1])


@pytest.mark.parametrize("parts, words", [
    ({"assign": lambda X, c: un.assign(X, c).astype(float)}, "integers"),
    ({"assign": lambda X, c: un.assign(X, c) + 1}, "values differ"),
    ({"assign": lambda X, c: list(un.assign(X, c))}, "NumPy array"),
    ({"update": lambda X, labels, previous: np.array(previous, dtype=float)}, "values differ"),
    ({"update": lambda X, labels, previous: np.array(
        [np.median(X[labels == j], axis=0) if np.any(labels == j) else previous[j]
         for j in range(len(previous))])}, "values differ"),
    ({"update": lambda X, labels, previous: np.tile(X.mean(axis=0), (len(previous), 1))},
     "values differ"),
])
def test_kmeans_other_wrong_answers_fail(parts: dict[str, Any], words: str) -> None:
    answer = {"assign": un.assign, "update": un.update, **parts}
    result = check(un.KMEANS_STEP, answer)
    assert not result.passed
    assert words in messages(result)
    wrong_part = next(iter(parts))
    assert all(name.startswith((wrong_part, "hidden")) for name in failed(result))


def test_kmeans_update_in_place_is_reported_on_its_argument() -> None:
    result = check(un.KMEANS_STEP, {"assign": un.assign, "update": _update_in_place})
    assert result.mistakes == ["in_place"]
    assert "argument 3" in messages(result)


def test_kmeans_with_one_part_written_checks_that_part_and_asks_for_the_other() -> None:
    bound = un.KMEANS_STEP.for_student("alice@example.org")
    assert check_answers(bound, {}).status == "not_attempted"
    result = check_answers(bound, {"assign": un.assign, "update": None})
    assert not result.passed and 0 < result.score < 1
    assert all(case.passed for case in result.cases if case.name.startswith("assign"))
    waiting = [case for case in result.cases if not case.passed]
    assert waiting and all(case.status == "failed" for case in waiting)
    assert all("Not answered yet" in case.message_in("en") and "`update`" in case.message_in("en")
               for case in waiting if not case.hidden)


# -------------------------------------------------------------------------------- choose_k


def test_choose_k_cases_have_a_clear_best_k() -> None:
    """The best silhouette leads the runner-up by a margin that n_init cannot overturn."""
    for case in un.CHOOSE_K.make_cases("secret"):
        silhouettes, inertias = curves(*case.args)
        top, second = sorted(silhouettes, reverse=True)[:2]
        assert top - second >= 0.02, case.name
        assert all(a > b for a, b in itertools.pairwise(inertias)), case.name
    assert un.best_k(*un.CHOOSE_K.make_cases("s")[2].args) == 8


def test_choose_k_figure_shows_both_curves_and_both_answers() -> None:
    result = check(un.CHOOSE_K, _best_k_inertia)
    assert result.mistakes == ["inertia_min"]
    shown = [case for case in result.cases if not case.hidden]
    assert all(case.figure and case.figure.count("<svg") == 2 for case in shown)
    assert "yours 8, best 2" in shown[0].figure
    assert "Inertia by k" in shown[0].figure


@pytest.mark.parametrize("wrong", [
    lambda X, seed: 2,
    lambda X, seed: int(np.argmin([curves(X, seed)[0]])) + 2,
    lambda X, seed: float(un.best_k(X, seed)) + 0.5,
])
def test_choose_k_other_wrong_answers_fail(wrong: Any) -> None:
    assert not check(un.CHOOSE_K, wrong).passed


# ------------------------------------------------------------------------------------- pca


def test_pca_thresholds_are_never_on_a_boundary() -> None:
    """No case sits so close to a cumulative share that rounding could change the answer."""
    from sklearn.decomposition import PCA

    for student in STUDENTS:
        for case in un.PCA_COMPONENTS.for_student(student).make_cases("s"):
            X, threshold = case.args
            cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
            assert np.min(np.abs(cumulative - threshold)) > 1e-6, case.name


@pytest.mark.parametrize("wrong, mistake", [
    (lambda X, t: 1, "not_cumulative"),
    (lambda X, t: round(t * X.shape[1]), None),
    (lambda X, t: int(np.sum(np.cumsum(np.linalg.svd(X - X.mean(0), compute_uv=False) ** 2)
                             / np.sum(np.linalg.svd(X - X.mean(0), compute_uv=False) ** 2) < t)),
     "off_by_one"),
])
def test_pca_other_wrong_answers_fail(wrong: Any, mistake: str | None) -> None:
    result = check(un.PCA_COMPONENTS, wrong)
    assert not result.passed
    assert result.mistakes == ([mistake] if mistake else [])


def test_pca_figure_draws_the_cumulative_share_and_the_threshold() -> None:
    result = check(un.PCA_COMPONENTS, _components_off_by_one)
    assert result.mistakes == ["off_by_one"]
    shown = next(case for case in result.cases if case.name == "digits")
    assert shown.figure is not None and shown.figure.startswith("<svg")
    expected = un.n_components_for(*next(
        case for case in un.PCA_COMPONENTS.for_student("alice@example.org").make_cases("x")
        if case.name == "digits").args)
    assert f"yours {expected - 1}, expected {expected}" in shown.figure
    assert "threshold" in shown.figure


# ------------------------------------------------------------------------------- anomalies


def test_anomalies_recall_is_measured_against_the_planted_outliers() -> None:
    case = un.ANOMALIES.for_student("bob@example.org").make_cases("s")[0]
    k = case.args[1]
    assert case.private["planted"].sum() == k
    # The planted outliers are the judge's: the probe sees the points and k, nothing more.
    assert not case.public().private and not case.public().kwargs
    cheat = np.flatnonzero(case.private["planted"])
    data = anomalies_probe({"top_anomalies": lambda X, k, seed: cheat}, case.public())
    assert set(data) == {"value", "mutated", "type", "dtype", "shape"}
    assert _recall(data, case) == 1.0


@pytest.mark.parametrize("wrong, words", [
    (lambda X, k, seed: np.random.default_rng(seed).choice(len(X), size=k, replace=False),
     "recall"),
    (lambda X, k, seed: un.top_anomalies(X, k + 1, seed), "an array of integers of shape"),
    (lambda X, k, seed: un.top_anomalies(X, k, seed).astype(float), "an array of floats"),
    (lambda X, k, seed: np.concatenate([un.top_anomalies(X, k - 1, seed), [0]])[[0] * k], "repeated"),
    (lambda X, k, seed: list(un.top_anomalies(X, k, seed)), "list"),
])
def test_anomalies_other_wrong_answers_fail(wrong: Any, words: str) -> None:
    result = check(un.ANOMALIES, wrong)
    assert not result.passed
    assert words in messages(result)


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_the_solution_shown_to_learners_runs_on_its_own_and_passes(exercise: Any) -> None:
    namespace: dict[str, Any] = {}
    exec(exercise.solution_source(), namespace)  # noqa: S102 - the library's own solution
    answers = {name: namespace[name] for name in exercise.answer_names}
    assert check_answers(exercise.for_student("farid@example.org"), answers).passed


# ------------------------------------------------------- red team: more answers, right and wrong


def assign_cdist(X, centers):
    from scipy.spatial.distance import cdist

    return cdist(X, centers).argmin(axis=1)


def assign_expanded_int32(X, centers):
    squared = (X ** 2).sum(axis=1)[:, None] - 2 * X @ centers.T + (centers ** 2).sum(axis=1)
    return np.argmin(squared, axis=1).astype(np.int32)


def update_pandas(X, labels, previous):
    import pandas as pd

    means = pd.DataFrame(X).groupby(labels).mean()
    centers = np.array(previous, dtype=float)
    centers[means.index.to_numpy()] = means.to_numpy()
    return centers


def update_float32_one_hot(X, labels, previous):
    one_hot = (labels[:, None] == np.arange(len(previous))).astype(np.float32)
    counts = one_hot.sum(axis=0)
    centers = np.array(previous, dtype=np.float32)
    met = counts > 0
    centers[met] = (one_hot.T @ X)[met] / counts[met, None]
    return centers


def update_means_then_previous(X, labels, previous):
    """Wrong: the previous centres are appended after the means, right only if the last is empty."""
    means = [X[labels == cluster].mean(axis=0) for cluster in np.unique(labels)]
    means += [previous[cluster] for cluster in range(len(means), len(previous))]
    return np.array(means, dtype=float)


def update_empty_gets_last_previous(X, labels, previous):
    centers = np.array(previous, dtype=float)
    for cluster in range(len(centers)):
        members = X[labels == cluster]
        centers[cluster] = members.mean(axis=0) if len(members) else previous[-1]
    return centers


def update_recomputes_labels(X, labels, previous):
    """Wrong: ignores the labels it is given and assigns the points again."""
    return un.update(X, un.assign(X, previous), previous)


def assign_manhattan(X, centers):
    return np.abs(X[:, None, :] - centers[None, :, :]).sum(axis=2).argmin(axis=1)


@pytest.mark.parametrize("answer", [
    {"assign": assign_cdist, "update": update_pandas},
    {"assign": assign_expanded_int32, "update": update_float32_one_hot},
], ids=["cdist+pandas", "expanded+float32"])
def test_kmeans_more_right_answers_pass(answer: dict[str, Any]) -> None:
    for student in STUDENTS[:3]:
        assert check(un.KMEANS_STEP, answer, student=student).passed


@pytest.mark.parametrize("update, cases", [
    (update_means_then_previous, {"update: the first cluster empty"}),
    (update_empty_gets_last_previous, {"update: the first cluster empty"}),
    (update_recomputes_labels, {"update: an empty cluster", "update: the first cluster empty"}),
])
def test_kmeans_empty_cluster_anywhere_keeps_its_own_centre(update: Any, cases: set[str]) -> None:
    for student in STUDENTS[:3]:
        result = check(un.KMEANS_STEP, {"assign": un.assign, "update": update}, student=student)
        assert cases <= failed(result) <= cases | {"hidden update"}
        assert "values differ" in messages(result)


def test_kmeans_first_cluster_case_is_really_empty() -> None:
    for student in STUDENTS:
        cases = {case.name: case for case in un.KMEANS_STEP.for_student(student).make_cases("s")}
        _, _, labels, previous = cases["update: the first cluster empty"].args
        assert 0 not in set(labels.tolist()) and set(labels.tolist()) == set(range(1, len(previous)))


def test_kmeans_manhattan_distance_fails_on_assign_only() -> None:
    result = check(un.KMEANS_STEP, {"assign": assign_manhattan, "update": un.update})
    assert "assign: your blobs" in failed(result)
    assert all(name.startswith(("assign", "hidden assign")) for name in failed(result))
    assert "values differ" in messages(result)


def best_k_silhouette_samples(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_samples

    best, best_score = None, -np.inf
    for k in range(2, 9):
        model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
        score = silhouette_samples(X, model.labels_).mean()
        if score > best_score:
            best, best_score = k, score
    return best


def best_k_numpy_integer(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    ks = np.arange(2, 9)
    scores = [silhouette_score(X, KMeans(n_clusters=int(k), n_init=10, random_state=seed)
                               .fit_predict(X.astype(np.float32))) for k in ks]
    return ks[np.argmax(scores)]


def _best_k_by(criterion: str) -> Any:
    def best_k(X, seed):
        from sklearn.cluster import KMeans
        from sklearn.metrics import calinski_harabasz_score

        scores = {k: calinski_harabasz_score(
            X, KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X))
            for k in range(2, 9)}
        return max(scores, key=scores.get)

    assert criterion == "calinski_harabasz"
    return best_k


def best_k_min_max_scaled(X, seed):
    spread = X.max(axis=0) - X.min(axis=0)
    return un.best_k((X - X.min(axis=0)) / spread, seed)


@pytest.mark.parametrize("answer", [best_k_silhouette_samples, best_k_numpy_integer])
def test_choose_k_more_right_answers_pass(answer: Any) -> None:
    assert check(un.CHOOSE_K, answer).passed


@pytest.mark.parametrize("wrong, cases, mistake", [
    (_best_k_by("calinski_harabasz"), {"two pairs"}, None),
    (_best_k_rescaled, {"mixed units"}, "rescaled"),
    (best_k_min_max_scaled, {"mixed units"}, "rescaled"),
])
def test_choose_k_other_criteria_and_rescaling_fail(wrong: Any, cases: set[str],
                                                    mistake: str | None) -> None:
    result = check(un.CHOOSE_K, wrong)
    assert cases <= failed(result)
    assert result.mistakes == ([mistake] if mistake else [])
    assert "expected 2, got" in messages(result)


def components_float32_loop(X, threshold):
    from sklearn.decomposition import PCA

    total = 0.0
    for number, share in enumerate(PCA().fit(X.astype(np.float32)).explained_variance_ratio_, 1):
        total += share
        if total >= threshold:
            return number
    return None


def components_eig_total_variance(X, threshold):
    values = np.sort(np.linalg.eigvals(np.cov(X.T)).real)[::-1]
    return np.sum(np.cumsum(values) / np.trace(np.cov(X.T)) < threshold) + 1


def components_truncated_svd(X, threshold):
    """Wrong: TruncatedSVD does not centre X, so it is not a PCA."""
    from sklearn.decomposition import TruncatedSVD

    shares = TruncatedSVD(n_components=min(X.shape) - 1).fit(X).explained_variance_ratio_
    return int(np.argmax(np.cumsum(shares) >= threshold) + 1)


def components_min_max_scaled(X, threshold):
    spread = X.max(axis=0) - X.min(axis=0)
    return un.n_components_for((X - X.min(axis=0)) / np.where(spread > 0, spread, 1), threshold)


@pytest.mark.parametrize("answer", [components_float32_loop, components_eig_total_variance])
def test_pca_more_right_answers_pass(answer: Any) -> None:
    for student in STUDENTS[:3]:
        assert check(un.PCA_COMPONENTS, answer, student=student).passed


@pytest.mark.parametrize("wrong, cases, mistake", [
    (_components_not_centred, {"digits", "points on a line"}, "not_centred"),
    (components_truncated_svd, {"points on a line", "hidden line"}, "not_centred"),
    (components_min_max_scaled, {"penguins in their units"}, "standardised"),
])
def test_pca_uncentred_and_rescaled_answers_fail(wrong: Any, cases: set[str],
                                                 mistake: str) -> None:
    result = check(un.PCA_COMPONENTS, wrong)
    assert cases <= failed(result)
    assert result.mistakes == [mistake]


def test_pca_line_case_is_off_the_origin_and_one_dimensional() -> None:
    case = next(case for case in un.PCA_COMPONENTS.make_cases("s") if case.name == "points on a line")
    X, threshold = case.args
    assert np.linalg.norm(X.mean(axis=0)) > 5
    assert un.n_components_for(X, threshold) == 1


def anomalies_mean_knn_distance(X, k, seed):
    from sklearn.neighbors import NearestNeighbors

    distances, _ = NearestNeighbors(n_neighbors=11).fit(X).kneighbors(X)
    return np.argsort(distances[:, 1:].mean(axis=1))[::-1][:k]


def anomalies_pandas_nsmallest(X, k, seed):
    import pandas as pd
    from sklearn.neighbors import LocalOutlierFactor

    scores = pd.Series(LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_)
    return scores.nsmallest(k).index.to_numpy().astype(np.uint32)


@pytest.mark.parametrize("answer", [anomalies_mean_knn_distance, anomalies_pandas_nsmallest])
def test_anomalies_more_right_answers_pass(answer: Any) -> None:
    for student in STUDENTS[:3]:
        assert check(un.ANOMALIES, answer, student=student).passed


def _knn_distance(X):
    from sklearn.neighbors import NearestNeighbors

    distances, _ = NearestNeighbors(n_neighbors=6).fit(X).kneighbors(X)
    return distances[:, -1]


@pytest.mark.parametrize("wrong, mistake", [
    (lambda X, k, seed: np.argsort(_knn_distance(X))[:k], "most_normal"),
    (lambda X, k, seed: np.argsort(-_knn_distance(X))[:k] + 1, "from_one"),
    (lambda X, k, seed: np.arange(k), None),
    (lambda X, k, seed: np.argsort(-np.abs(X[:, 0] - np.median(X[:, 0])))[:k], None),
    (lambda X, k, seed: np.argsort(-np.linalg.norm(X - X.mean(axis=0), axis=1))[:k][::-1], None),
])
def test_anomalies_low_recall_is_named_only_when_it_is_a_declared_mistake(
        wrong: Any, mistake: str | None) -> None:
    """A low recall alone does not mean "sorted the wrong way round": only matching patterns are named."""
    for student in STUDENTS[:2]:
        result = check(un.ANOMALIES, wrong, student=student)
        assert not result.passed
        assert result.mistakes == ([mistake] if mistake else [])


def test_anomalies_recall_is_written_the_french_way_in_french() -> None:
    result = check(un.ANOMALIES, lambda X, k, seed: np.arange(k))
    assert "rappel 0," in messages(result, "fr") and "au moins 0,8 attendu" in messages(result, "fr")
    assert "recall 0." in messages(result)


# ------------------------------------------------------------------ black-box answers (outside team)


def _assign_cdist(X, centers):
    from scipy.spatial.distance import cdist

    return cdist(X, centers).argmin(axis=1).astype(np.int32)


def _update_groupby(X, labels, previous):
    import pandas as pd

    means = pd.DataFrame(X).groupby(labels).mean()
    out = previous.astype(float)
    out[means.index.to_numpy()] = means.to_numpy()
    return out


def _update_list_float32(X, labels, previous):
    return np.array([X[labels == j].mean(0) if np.any(labels == j) else previous[j]
                     for j in range(len(previous))], dtype=np.float32)


def _assign_manhattan(X, centers):
    return np.abs(X[:, None, :] - centers[None, :, :]).sum(-1).argmin(axis=1)


def _update_median(X, labels, previous):
    return np.array([np.median(X[labels == j], 0) if np.any(labels == j) else previous[j]
                     for j in range(len(previous))])


def _update_only_filled(X, labels, previous):
    return np.array([X[labels == j].mean(0) for j in np.unique(labels)])


def test_blackbox_kmeans_answers_in_other_styles_pass() -> None:
    for assign_answer, update_answer in ((_assign_cdist, _update_groupby),
                                         (un.assign, _update_list_float32)):
        result = check(un.KMEANS_STEP, {"assign": assign_answer, "update": update_answer})
        assert result.passed, messages(result)


def test_blackbox_kmeans_wrong_answers_fail() -> None:
    manhattan = check(un.KMEANS_STEP, {"assign": _assign_manhattan, "update": un.update})
    assert not manhattan.passed and any(name.startswith("assign") for name in failed(manhattan))
    median = check(un.KMEANS_STEP, {"assign": un.assign, "update": _update_median})
    assert not median.passed and "update: your blobs" in failed(median)
    filled = check(un.KMEANS_STEP, {"assign": un.assign, "update": _update_only_filled})
    assert "update: an empty cluster" in failed(filled)
    assert "expected shape" in messages(filled)


def _pca_by_float(X, threshold):
    from sklearn.decomposition import PCA

    return PCA(n_components=threshold, svd_solver="full").fit(X).n_components_


def _pca_by_eigh(X, threshold):
    values = np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1]
    return int(np.searchsorted(np.cumsum(values) / values.sum(), threshold)) + 1


def test_blackbox_pca_answers_pass_and_a_float_fails() -> None:
    for answer in (_pca_by_float, _pca_by_eigh):
        result = check(un.PCA_COMPONENTS, answer)
        assert result.passed, messages(result)

    def as_float(X, threshold):
        return float(un.n_components_for(X, threshold))

    result = check(un.PCA_COMPONENTS, as_float)
    assert not result.passed and "int(" in messages(result)


def _anomalies_gmm(X, k, seed):
    from sklearn.mixture import GaussianMixture

    X = np.asarray(X)
    model = GaussianMixture(3, random_state=seed).fit(X)
    return np.argsort(model.score_samples(X))[:k]


def _anomalies_nsmallest(X, k, seed):
    import pandas as pd
    from sklearn.neighbors import LocalOutlierFactor

    scores = pd.Series(LocalOutlierFactor().fit(np.asarray(X)).negative_outlier_factor_)
    return scores.nsmallest(k).index.to_numpy()


def test_blackbox_anomaly_answers() -> None:
    for answer in (_anomalies_gmm, _anomalies_nsmallest):
        result = check(un.ANOMALIES, answer)
        assert result.passed, messages(result)

    def as_list(X, k, seed):
        return [int(i) for i in _anomalies_nsmallest(X, k, seed)]

    def first_rows(X, k, seed):
        return np.arange(k)

    listed = check(un.ANOMALIES, as_list)
    assert not listed.passed and "NumPy array" in messages(listed)
    assert not check(un.ANOMALIES, first_rows).passed


def test_the_anomalies_statement_does_not_promise_the_variant_in_the_loaded_data() -> None:
    """data.load("blobs_outliers", student=...) is another draw: the statement says so."""
    for language in ("en", "fr"):
        text = un.ANOMALIES.for_student("alice@example.org").statement_in(language)
        assert "is_outlier.sum()" in text


def test_a_mistake_in_each_part_names_both() -> None:
    # assign takes argmin over the wrong axis, update leaves NaN for an empty cluster: one
    # declared mistake a part, and the learner is told of both.
    bound = un.KMEANS_STEP.for_student("alice@example.org")
    by_id = {mistake.id: mistake.answer for mistake in bound.mistakes}
    answer = {"assign": by_id["wrong_axis"]["assign"], "update": by_id["nan_empty"]["update"]}
    result = check_answers(bound, answer)
    assert not result.passed and sorted(result.mistakes) == ["nan_empty", "wrong_axis"]
    named = {case.mistake for case in result.cases if not case.passed}
    assert named == {"nan_empty", "wrong_axis"}


# ------------------------------------------------------------- forged observations earn nothing


_FORGED = (
    # The old probes' own words for success.
    {"value": {"returns": "25 distinct row positions", "recall_ok": True}, "details": {"recall": 1.0}},
    {"recall": 1.0, "accurate": True, "facts": {"recall_ok": True}},
    # Right keys, wrong contents: NaN, arrays of the wrong length or kind.
    {"value": float("nan"), "mutated": []},
    {"value": np.full(3, np.nan), "type": "ndarray", "dtype": "float64", "shape": [3], "mutated": []},
    {"value": np.arange(2), "type": "ndarray", "dtype": "int64", "shape": [25], "mutated": []},
    {"value": None, "type": "ndarray", "dtype": "int64", "shape": [25], "mutated": []},
)


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_forged_observations_earn_nothing(exercise: Any) -> None:
    cases = exercise.make_cases()
    for data in _FORGED:
        result = conclude(exercise, {"state": "ok"}, cases, [{"status": "ok", "data": data} for _ in cases])
        assert result.score == 0 and not any(case.passed for case in result.cases), data


def test_anomalies_claimed_rows_are_judged_against_the_planted_outliers() -> None:
    """Rows claimed with the right shape and type still have to find the outliers."""
    cases = un.ANOMALIES.make_cases()
    outcomes = [{"status": "ok", "data": {"value": np.arange(case.args[1]), "type": "ndarray",
                                          "dtype": "int64", "shape": [case.args[1]], "mutated": []}}
                for case in cases]
    result = conclude(un.ANOMALIES, {"state": "ok"}, cases, outcomes)
    assert result.score == 0 and "recall" in messages(result)


# ------------------------------------------------------------------------ French typography


def _french_texts(exercise: Any) -> list[tuple[str, str]]:
    bound = exercise.for_student("alice@example.org")
    texts = [("title", bound.title.fr), ("statement", bound.statement_in("fr"))]
    texts += [(f"hint {i}", hint.fr) for i, hint in enumerate(bound.hints)]
    texts += [(f"mistake {m.id}", m.feedback.fr) for m in bound.mistakes]
    texts += [(f"case {c.name}", c.label.fr) for c in bound.make_cases("s") if c.label is not None]
    if bound.teacher_notes is not None:
        texts.append(("teacher notes", bound.teacher_notes.fr))
    return texts


@pytest.mark.parametrize("exercise", un.EXERCISES, ids=lambda exercise: exercise.id)
def test_french_texts_use_french_typography(exercise: Any) -> None:
    """A narrow no-break space before : ; ? ! and inside « », outside code; no plain space there."""
    import re

    for where, text in _french_texts(exercise):
        prose = re.sub(r"```.*?```|`[^`]*`", "", text, flags=re.S)
        assert not re.search(r"\S [:;?!]|« | »", prose), (where, re.findall(r".{20}\S [:;?!]", prose))
