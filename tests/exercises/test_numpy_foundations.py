"""M1, NumPy foundations: every exercise proven, plus the answers a careful teacher would try."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from caire_exercises.testing import check_answers
from caire_exercises import Result
from caire_exercises.exercises import numpy as nf
# Internals tested on purpose: how the cases are built.
from caire_exercises.exercises.numpy.class_means import _first_appearance as first_appearance
from caire_exercises.exercises.numpy.gradient_descent import _GD_CONVERGING as GD_CONVERGING
from caire_exercises.exercises.numpy.gradient_descent import _GD_LS_TOLERANCE as GD_LS_TOLERANCE

STUDENTS = ("alice@example.org", "bob@example.org", "chloe@example.org", "dylan@example.org",
            "emma@example.org")


def check(exercise: Any, answer: Any, *, student: str = "alice@example.org",
          secret: str = "course secret") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, {bound.answer_names[0]: answer}, secret=secret)


def mistake(exercise: Any, mistake_id: str) -> Any:
    """The wrong answer a declared mistake stands for."""
    return next(m.answer for m in exercise.mistakes if m.id == mistake_id)


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def failed(result: Result) -> set[str]:
    return {case.name for case in result.cases if not case.passed}


# ------------------------------------------------------------------ correct answers, other ways


def zscore_manual(X):
    centred = X - X.mean(axis=0, keepdims=True)
    spread = np.sqrt((centred ** 2).mean(axis=0, keepdims=True))
    out = np.zeros_like(centred)
    np.divide(centred, spread, out=out, where=spread > 0)
    return out


def softmax_logsumexp(z):
    z = np.asarray(z, dtype=float)
    top = np.max(z, axis=-1, keepdims=True)
    log_norm = top + np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))
    return np.exp(z - log_norm)


def softmax_by_rows(z):
    if z.ndim == 1:
        shifted = np.exp(z - z.max())
        return shifted / shifted.sum()
    return np.array([softmax_by_rows(row) for row in z], dtype=float).reshape(z.shape)


def one_hot_eye(y, n_classes):
    return np.eye(n_classes)[y]


def one_hot_loop(y, n_classes):
    out = np.zeros((len(y), n_classes))
    for row, label in enumerate(y):
        out[row, label] = 1
    return out


def one_hot_compare(y, n_classes):
    return (np.asarray(y)[:, None] == np.arange(n_classes)).astype(float)


def class_means_loop(X, y):
    rows = []
    for label in sorted(set(y.tolist())):
        members = [x for x, lab in zip(X, y) if lab == label]
        rows.append(np.mean(members, axis=0))
    return np.array(rows)


def class_means_inverse(X, y):
    classes, index = np.unique(y, return_inverse=True)
    sums = np.zeros((len(classes), X.shape[1]))
    np.add.at(sums, index, X)
    return sums / np.bincount(index)[:, None]


def distances_expansion(A, B):
    squared = (np.sum(A ** 2, axis=1)[:, None] + np.sum(B ** 2, axis=1)[None, :]
               - 2 * A @ B.T)
    return np.sqrt(np.maximum(squared, 0))


def distances_norm(A, B):
    return np.linalg.norm(A[:, np.newaxis, :] - B[np.newaxis, :, :], axis=2).astype(float)


def fit_pinv(X, y):
    A = np.hstack([np.ones((X.shape[0], 1)), X])
    w = np.linalg.pinv(A) @ y
    return w[0], w[1:]


def fit_sklearn(X, y):
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit(X, y)
    return model.intercept_, model.coef_


def fit_centred(X, y):
    x_mean, y_mean = X.mean(axis=0), y.mean()
    coef = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=None)[0]
    return float(y_mean - x_mean @ coef), coef


def gd_gram(X, y, lr, n_iter):
    n = len(y)
    A = np.c_[np.ones(n), X]
    gram, moment = A.T @ A / n, A.T @ y / n
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        losses.append(float(w @ gram @ w - 2 * w @ moment + y @ y / n))
        w = w - lr * 2 * (gram @ w - moment)
    return w, losses


def gd_array_losses(X, y, lr, n_iter):
    A = np.concatenate([np.ones((len(X), 1)), X], axis=1)
    w = np.zeros(A.shape[1])
    losses = np.empty(n_iter)
    for step in range(n_iter):
        error = A @ w - y
        losses[step] = error @ error / len(y)
        w -= lr * 2 * A.T @ error / len(y)
    return w, losses


def zscore_scaler(X):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(X)


def zscore_nan_to_num(X):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num((X - X.mean(axis=0)) / X.std(axis=0))


def zscore_columns_loop(X):
    out = np.empty(X.shape)
    for j in range(X.shape[1]):
        column = X[:, j]
        mean = sum(column) / len(column)
        spread = (sum((value - mean) ** 2 for value in column) / len(column)) ** 0.5
        out[:, j] = 0.0 if spread == 0 else (column - mean) / spread
    return out


def softmax_scipy(z):
    from scipy.special import softmax as scipy_softmax

    return scipy_softmax(z, axis=-1)


def softmax_along_axis(z):
    def one(vector):
        exponentials = np.exp(vector - np.max(vector))
        return exponentials / np.sum(exponentials)

    return np.apply_along_axis(one, -1, np.asarray(z, dtype=float))


def softmax_as_2d(z):
    batch = np.atleast_2d(z).astype(float)
    exponentials = np.exp(batch - batch.max(axis=1)[:, None])
    return (exponentials / exponentials.sum(axis=1)[:, None]).reshape(np.shape(z))


def one_hot_pandas(y, n_classes):
    import pandas as pd

    return pd.get_dummies(pd.Categorical(y, categories=range(n_classes))).to_numpy(dtype=float)


def one_hot_take(y, n_classes):
    return np.take(np.identity(n_classes), y, axis=0)


def one_hot_put(y, n_classes):
    flat = np.zeros(len(y) * n_classes)
    np.put(flat, np.arange(len(y)) * n_classes + y, 1)
    return flat.reshape(len(y), n_classes)


def class_means_pandas(X, y):
    import pandas as pd

    return pd.DataFrame(X).groupby(y).mean().to_numpy()


def class_means_matmul(X, y):
    classes, index = np.unique(y, return_inverse=True)
    membership = np.eye(len(classes))[index]
    return membership.T @ X / membership.sum(axis=0)[:, None]


def class_means_nearest_centroid(X, y):
    from sklearn.neighbors import NearestCentroid

    return NearestCentroid().fit(X, y).centroids_


def distances_cdist(A, B):
    from scipy.spatial.distance import cdist

    return cdist(A, B)


def distances_sklearn(A, B):
    from sklearn.metrics.pairwise import euclidean_distances

    return euclidean_distances(A, B)


def distances_einsum(A, B):
    differences = A[:, None, :].astype(float) - B[None, :, :]
    return np.sqrt(np.einsum("ijk,ijk->ij", differences, differences))


def fit_svd(X, y):
    A = np.c_[np.ones(len(X)), X]
    U, singular, Vt = np.linalg.svd(A, full_matrices=False)
    keep = singular > singular.max() * 1e-10
    w = Vt[keep].T @ ((U[:, keep].T @ y) / singular[keep])
    return float(w[0]), w[1:]


def fit_scipy_with_cutoff(X, y):
    import scipy.linalg

    w = scipy.linalg.lstsq(np.c_[np.ones(len(X)), X], y, cond=1e-10)[0]
    return w[0], w[1:]


def fit_ones_last(X, y):
    w = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)[0]
    return w[-1], w[:-1]


def gd_intercept_apart(X, y, lr, n_iter):
    intercept, weights, losses = 0.0, np.zeros(X.shape[1]), []
    for _ in range(n_iter):
        residual = X @ weights + intercept - y
        losses.append(np.mean(residual ** 2))
        step_intercept, step_weights = 2 * residual.mean(), 2 * X.T @ residual / len(y)
        intercept, weights = intercept - lr * step_intercept, weights - lr * step_weights
    return np.r_[intercept, weights], losses


def gd_norm_loss(X, y, lr, n_iter):
    A = np.hstack([np.ones((len(X), 1)), X])
    w, losses = np.zeros(A.shape[1]), []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.linalg.norm(residual) ** 2 / len(y)))
        w = w - lr * 2 * A.T @ residual / len(y)
    return w, tuple(losses)


# Right answers of a black-box pass, written from the statements only.


def zscore_pandas_population(X):
    import pandas as pd

    frame = pd.DataFrame(X)
    return ((frame - frame.mean()) / frame.std(ddof=0).replace(0, 1)).to_numpy()


def zscore_single_precision(X):
    std = X.std(axis=0)
    return ((X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)).astype(np.float32)


def softmax_single_precision(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def one_hot_single_precision(y, n_classes):
    return np.eye(n_classes, dtype=np.float32)[y]


def class_means_pure_python(X, y):
    groups: dict[Any, list[list[float]]] = {}
    for row, label in zip(X.tolist(), list(y)):
        groups.setdefault(label, []).append(row)
    return np.array([[sum(column) / len(rows) for column in zip(*rows)]
                     for rows in (groups[label] for label in sorted(groups))])


def distances_single_precision(A, B):
    return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)).astype(np.float32)


def fit_scipy_lstsq(X, y):
    import scipy.linalg

    w = scipy.linalg.lstsq(np.c_[np.ones(len(X)), X], y, cond=1e-10)[0]
    return w[0], w[1:]


def gd_pure_python(X, y, lr, n_iter):
    rows = [[1.0, *row] for row in X.tolist()]
    targets = [float(value) for value in y]
    n, w, losses = len(rows), [0.0] * (X.shape[1] + 1), []
    for _ in range(n_iter):
        residuals = [sum(a * b for a, b in zip(row, w)) - t for row, t in zip(rows, targets)]
        losses.append(sum(r * r for r in residuals) / n)
        gradient = [2 / n * sum(row[j] * r for row, r in zip(rows, residuals))
                    for j in range(len(w))]
        w = [wj - lr * gj for wj, gj in zip(w, gradient)]
    return np.array(w), losses


def gd_tuple_of_losses(X, y, lr, n_iter):
    w, losses = nf.gd_linreg(X, y, lr, n_iter)
    return w, tuple(losses)


ALTERNATIVES = {
    "numpy.zscore": [zscore_manual, zscore_scaler, zscore_nan_to_num, zscore_columns_loop,
                     zscore_pandas_population, zscore_single_precision],
    "numpy.softmax": [softmax_logsumexp, softmax_by_rows, softmax_scipy, softmax_along_axis,
                      softmax_as_2d, softmax_single_precision],
    "numpy.one_hot": [one_hot_eye, one_hot_loop, one_hot_compare, one_hot_pandas, one_hot_take,
                      one_hot_put, one_hot_single_precision],
    "numpy.class_means": [class_means_loop, class_means_inverse, class_means_pandas,
                          class_means_matmul, class_means_nearest_centroid,
                          class_means_pure_python],
    "numpy.pairwise_distances": [distances_expansion, distances_norm, distances_cdist,
                                 distances_sklearn, distances_einsum, distances_single_precision],
    "numpy.least_squares": [fit_pinv, fit_sklearn, fit_centred, fit_svd, fit_scipy_with_cutoff,
                            fit_ones_last, fit_scipy_lstsq],
    "numpy.gradient_descent": [gd_gram, gd_array_losses, gd_intercept_apart, gd_norm_loss,
                               gd_pure_python, gd_tuple_of_losses],
}


def test_the_module_declares_the_catalogue_in_order() -> None:
    assert [exercise.id for exercise in nf.EXERCISES] == [
        "numpy.zscore", "numpy.softmax", "numpy.one_hot", "numpy.class_means",
        "numpy.pairwise_distances", "numpy.least_squares", "numpy.gradient_descent"]
    names = {exercise.id: exercise.answer_name for exercise in nf.EXERCISES}
    assert names["numpy.least_squares"] == "fit_linear"
    assert names["numpy.gradient_descent"] == "gd_linreg"


@pytest.mark.parametrize("exercise", nf.EXERCISES, ids=lambda exercise: exercise.id)
def test_other_correct_answers_pass_on_every_variant(exercise: Any) -> None:
    # Each exercise is proven by tests/test_registry_proof.py; here, right answers written
    # otherwise than the reference.
    for student in STUDENTS:
        for alternative in ALTERNATIVES[exercise.id]:
            result = check(exercise, alternative, student=student)
            assert result.passed, (student, alternative.__name__, messages(result))


def same_inputs(one: Any, two: Any) -> bool:
    return len(one.args) == len(two.args) and all(
        np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(one.args, two.args))


@pytest.mark.parametrize("exercise", nf.EXERCISES, ids=lambda exercise: exercise.id)
def test_hidden_cases_come_from_the_secret_and_shown_ones_do_not(exercise: Any) -> None:
    bound = exercise.for_student("alice@example.org")
    first, second = bound.make_cases("secret one"), bound.make_cases("secret two")
    assert any(case.hidden for case in first)
    for one, two in zip(first, second):
        if one.hidden:
            assert not same_inputs(one, two), f"hidden case {one.name!r} ignores the secret"
        else:
            assert same_inputs(one, two), f"shown case {one.name!r} depends on the secret"


@pytest.mark.parametrize("exercise", nf.EXERCISES, ids=lambda exercise: exercise.id)
def test_placeholders_are_not_attempted(exercise: Any) -> None:
    def stub(*args):
        ...

    def not_implemented(*args):
        """To do."""
        raise NotImplementedError

    for placeholder in (None, ..., stub, not_implemented):
        assert check(exercise, placeholder).status == "not_attempted"


@pytest.mark.parametrize("exercise", nf.EXERCISES, ids=lambda exercise: exercise.id)
def test_statements_show_the_variant_numbers(exercise: Any) -> None:
    bound = exercise.for_student("bob@example.org")
    for language in ("en", "fr"):
        text = bound.statement_in(language)
        unfilled = [name for name in bound.params if "{" + name + "}" in text]
        assert not unfilled
    assert exercise.for_student("a@x.org").params != exercise.for_student("b@x.org").params


# --------------------------------------------------------------------------- softmax


def test_softmax_rows_sum_to_one_on_every_case() -> None:
    for case in nf.SOFTMAX.for_student("alice@example.org").make_cases("s"):
        result = nf.softmax(case.args[0].copy())
        assert result.shape == np.shape(case.args[0])
        assert not np.isnan(result).any()
        np.testing.assert_allclose(result.sum(axis=-1), 1.0)


def test_softmax_returning_a_list_gets_a_clear_message() -> None:
    result = check(nf.SOFTMAX, lambda z: nf.softmax(z).tolist())
    assert not result.passed
    assert "expected a NumPy array" in messages(result)


def test_softmax_in_place_is_reported() -> None:
    def softmax_in_place(z):
        z -= z.max(axis=-1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=-1, keepdims=True)
        return z

    result = check(nf.SOFTMAX, softmax_in_place)
    assert not result.passed
    assert "changed its input in place" in messages(result)


@pytest.mark.parametrize("wrong", [
    lambda z: np.exp(z - z.max(axis=-1, keepdims=True)) / np.exp(z).sum(axis=-1, keepdims=True),
    lambda z: np.exp(z) / (1 + np.exp(z)),
    lambda z: z / z.sum(axis=-1, keepdims=True),
    lambda z: np.exp(z - z.mean(axis=-1, keepdims=True))
    / np.exp(z - z.mean(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True),
], ids=["mixed shift", "sigmoid", "no exponential", "mean shift overflows"])
def test_softmax_other_wrong_answers_fail(wrong: Any) -> None:
    assert not check(nf.SOFTMAX, wrong).passed


# --------------------------------------------------------------------------- one_hot


def test_one_hot_wrong_answers_fail() -> None:
    assert not check(nf.ONE_HOT, lambda y, k: np.eye(k)[y - 1]).passed
    as_list = check(nf.ONE_HOT, lambda y, k: np.eye(k)[y].tolist())
    assert "expected a NumPy array" in messages(as_list)
    single = check(nf.ONE_HOT, lambda y, k: np.eye(k, dtype=np.float32)[y])
    assert single.passed, "float32 is a float dtype: accepted"


def test_one_hot_absent_class_keeps_its_column() -> None:
    bound = nf.ONE_HOT.for_student("alice@example.org")
    labels, width = bound.make_cases("")[0].args
    encoded = nf.one_hot(labels, width)
    assert encoded.shape == (len(labels), width)
    assert encoded[:, bound.params["absent"]].sum() == 0
    result = check(nf.ONE_HOT, mistake(nf.ONE_HOT, "present_classes"))
    assert result.mistakes == ["present_classes"]


# ----------------------------------------------------------------------- class_means


def test_class_means_cases_have_unsorted_first_appearance() -> None:
    for student in STUDENTS:
        _, y = nf.CLASS_MEANS.for_student(student).make_cases("")[0].args
        assert first_appearance(y) != sorted(first_appearance(y))


def test_class_means_wrong_answers_fail() -> None:
    def medians(X, y):
        return np.array([np.median(X[y == c], axis=0) for c in np.unique(y)])

    def as_dict(X, y):
        return {str(c): X[y == c].mean(axis=0) for c in np.unique(y)}

    def reversed_order(X, y):
        return np.array([X[y == c].mean(axis=0) for c in np.unique(y)[::-1]])

    for wrong in (medians, as_dict, reversed_order):
        assert not check(nf.CLASS_MEANS, wrong).passed


# ---------------------------------------------------------------- pairwise_distances


def test_distances_of_coinciding_points_are_exactly_zero_for_the_reference() -> None:
    case = {c.name: c for c in nf.PAIRWISE_DISTANCES.make_cases("")}["same points"]
    distances = nf.pairwise_distances(*case.args)
    assert np.all(np.diag(distances) == 0.0)
    pixels = {c.name: c for c in nf.PAIRWISE_DISTANCES.make_cases("")}["integer coordinates"]
    assert nf.pairwise_distances(*pixels.args).dtype.kind == "f"


def test_distances_nan_from_rounding_is_named() -> None:
    result = check(nf.PAIRWISE_DISTANCES, mistake(nf.PAIRWISE_DISTANCES, "nan_rounding"))
    assert failed(result) >= {"same points"}
    assert "np.maximum" in messages(result)
    assert result.mistakes == ["nan_rounding"]


def test_distances_negative_values_are_named() -> None:
    def signed(A, B):
        squared = (A ** 2).sum(1)[:, None] + (B ** 2).sum(1)[None, :] - 2 * A @ B.T
        return np.sign(squared) * np.sqrt(np.abs(squared))

    result = check(nf.PAIRWISE_DISTANCES, signed)
    assert "same points" in failed(result), "tiny negative values fail even within the tolerance"
    assert "never negative" in messages(result)


def test_distances_other_wrong_answers_fail() -> None:
    manhattan = check(nf.PAIRWISE_DISTANCES, lambda A, B: np.abs(A[:, None] - B[None]).sum(-1) * 1.0)
    assert not manhattan.passed
    scalar = check(nf.PAIRWISE_DISTANCES, lambda A, B: float(np.linalg.norm(A.mean(0) - B.mean(0))))
    assert "expected a NumPy array" in messages(scalar)


# --------------------------------------------------------------------- least_squares


def test_least_squares_collinear_cases_compare_predictions() -> None:
    cases = {c.name: c for c in nf.LEAST_SQUARES.for_student("bob@example.org").make_cases("")}
    X, y = cases["collinear columns"].args
    b_ref, w_ref = nf.fit_linear(X, y)
    b_pinv, w_pinv = fit_pinv(X, y)
    # Different minimisers on collinear columns would still be accepted: their predictions agree.
    np.testing.assert_allclose(X @ w_ref + b_ref, X @ w_pinv + b_pinv, rtol=1e-9)
    shifted = w_ref.copy()
    shifted[0] += 2.0
    shifted[-1] -= 1.0  # the last column is twice the first: the predictions do not change
    result = check(nf.LEAST_SQUARES, lambda X_, y_: (
        (b_ref, shifted) if X_.shape == X.shape and np.array_equal(X_, X) else nf.fit_linear(X_, y_)),
        student="bob@example.org")
    assert result.passed


def test_least_squares_normal_equations_fail_on_collinear_columns_only() -> None:
    result = check(nf.LEAST_SQUARES, mistake(nf.LEAST_SQUARES, "normal_equations"))
    assert {"collinear columns", "constant column"} <= failed(result)
    assert not {"diabetes", "one feature", "exact line"} & failed(result)
    assert result.mistakes == ["normal_equations"]


def test_least_squares_malformed_results_get_clear_messages() -> None:
    as_list = check(nf.LEAST_SQUARES, lambda X, y: (nf.fit_linear(X, y)[0],
                                                    nf.fit_linear(X, y)[1].tolist()))
    assert "1-D NumPy array" in messages(as_list)
    one_array = check(nf.LEAST_SQUARES, lambda X, y: np.r_[nf.fit_linear(X, y)[0],
                                                           nf.fit_linear(X, y)[1]])
    assert "pair (intercept, coefficients)" in messages(one_array)
    boxed = check(nf.LEAST_SQUARES, lambda X, y: (np.array([nf.fit_linear(X, y)[0]]),
                                                  nf.fit_linear(X, y)[1]))
    assert "one number" in messages(boxed)
    scalar_intercept = check(nf.LEAST_SQUARES, lambda X, y: (np.float64(nf.fit_linear(X, y)[0]),
                                                             nf.fit_linear(X, y)[1]))
    assert scalar_intercept.passed


def test_least_squares_other_wrong_answers_fail() -> None:
    def ridge(X, y):
        A = np.c_[np.ones(len(X)), X]
        w = np.linalg.solve(A.T @ A + np.eye(A.shape[1]), A.T @ y)
        return float(w[0]), w[1:]

    def through_means(X, y):
        coef = np.linalg.lstsq(X, y, rcond=None)[0]
        return float(y.mean() - X.mean(axis=0) @ coef), coef

    for wrong in (ridge, through_means):
        assert not check(nf.LEAST_SQUARES, wrong).passed


# ------------------------------------------------------------------ gradient_descent


def test_gradient_descent_reference_reaches_least_squares_on_every_variant() -> None:
    for student in (None, *STUDENTS, "f@x.org", "g@x.org", "h@x.org"):
        bound = nf.GRADIENT_DESCENT.for_student(student)
        for case in bound.make_cases("any"):
            if case.name.removeprefix("hidden ") not in GD_CONVERGING:
                continue
            X, y, lr, n_iter = case.args
            w, losses = nf.gd_linreg(X, y, lr, n_iter)
            A = np.c_[np.ones(len(X)), X]
            least = np.linalg.lstsq(A, y, rcond=None)[0]
            assert np.linalg.norm(w - least) / np.linalg.norm(least) < GD_LS_TOLERANCE / 100
            history = np.asarray(losses)
            # Flat at convergence: allow rounding noise, as the check does.
            assert np.all(history[1:] <= history[:-1] * (1 + 1e-9) + 1e-12)


def test_gradient_descent_wrong_answers_fail_with_the_property_they_break() -> None:
    def rmse_history(X, y, lr, n_iter):
        w, losses = nf.gd_linreg(X, y, lr, n_iter)
        return w, [float(np.sqrt(loss)) for loss in losses]

    def ascent(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.zeros(A.shape[1]), []
        for _ in range(n_iter):
            r = A @ w - y
            losses.append(float(np.mean(r ** 2)))
            w = w + lr * 2 / len(y) * A.T @ r
        return w, losses

    def one_loss_too_many(X, y, lr, n_iter):
        w, losses = nf.gd_linreg(X, y, lr, n_iter)
        A = np.c_[np.ones(len(X)), X]
        return w, losses + [float(np.mean((A @ w - y) ** 2))]

    def half_rate(X, y, lr, n_iter):
        return nf.gd_linreg(X, y, lr / 2, n_iter)

    assert "first loss" in messages(check(nf.GRADIENT_DESCENT, rmse_history))
    assert "never rise" in messages(check(nf.GRADIENT_DESCENT, ascent))
    assert "list of" in messages(check(nf.GRADIENT_DESCENT, one_loss_too_many))
    assert "update rule" in messages(check(nf.GRADIENT_DESCENT, half_rate))


def test_gradient_descent_accepts_losses_as_an_array_and_draws_a_figure() -> None:
    result = check(nf.GRADIENT_DESCENT, gd_array_losses)
    assert result.passed
    assert any(case.figure and case.figure.startswith("<svg") for case in result.cases)


def test_gradient_descent_feedback_is_translated() -> None:
    result = check(nf.GRADIENT_DESCENT, mistake(nf.GRADIENT_DESCENT, "loss_after_step"))
    assert "première perte" in messages(result, "fr")
    assert "first loss" in messages(result, "en")


# ------------------------------------------- wrong answers beyond the declared mistakes


def test_zscore_whole_array_statistics_are_named_as_such_not_as_rows() -> None:
    def whole_array(X):
        return (X - X.mean()) / X.std()

    result = check(nf.ZSCORE, whole_array)
    assert {"wine", "constant column", "one row", "large values"} <= failed(result)
    assert result.mistakes == ["whole_array"]
    assert "X.mean(axis=0)" in result.mistake_feedback["whole_array"].en
    assert "sans axis" in result.mistake_feedback["whole_array"].fr


def test_zscore_other_wrong_answers_fail_where_they_should() -> None:
    def constant_to_ones(X):
        std = X.std(axis=0)
        return np.where(std == 0, 1.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))

    def drops_constant_columns(X):
        std = X.std(axis=0)
        return (X[:, std > 0] - X.mean(axis=0)[std > 0]) / std[std > 0]

    def min_max(X):
        spread = X.max(axis=0) - X.min(axis=0)
        return np.where(spread == 0, 0.0, (X - X.min(axis=0)) / np.where(spread == 0, 1, spread))

    def large_epsilon(X):
        return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-3)

    assert failed(check(nf.ZSCORE, constant_to_ones)) == {"constant column", "one row"}
    dropped = check(nf.ZSCORE, drops_constant_columns)
    assert {"constant column", "one row"} <= failed(dropped)
    assert "expected shape" in messages(dropped)
    assert "wine" in failed(check(nf.ZSCORE, min_max))
    assert "wine" in failed(check(nf.ZSCORE, large_epsilon))


def test_single_precision_is_named() -> None:
    def zscore_float32(X):
        X = X.astype(np.float32)
        std = X.std(axis=0)
        return np.where(std == 0, 0, (X - X.mean(axis=0)) / np.where(std == 0, 1, std))

    def softmax_float32(z):
        z = np.asarray(z, dtype=np.float32)
        exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
        return exponentials / exponentials.sum(axis=-1, keepdims=True)

    zscore_result = check(nf.ZSCORE, zscore_float32)
    assert "wine" in failed(zscore_result)
    assert "float32" in messages(zscore_result) and "float64" in messages(zscore_result, "fr")
    softmax_result = check(nf.SOFTMAX, softmax_float32)
    assert "large logits" in failed(softmax_result)
    assert "single precision" in messages(softmax_result)


def test_softmax_nan_hidden_by_nan_to_num_is_named() -> None:
    def patched(z):
        with np.errstate(over="ignore", invalid="ignore"):
            exponentials = np.exp(z)
            probabilities = exponentials / exponentials.sum(axis=-1, keepdims=True)
        probabilities[np.isnan(probabilities)] = 0.0
        return probabilities

    result = check(nf.SOFTMAX, patched)
    assert {"large logits", "very negative logits", "mixed rows"} <= failed(result)
    assert result.mistakes == ["nan_patched"]


def test_softmax_more_wrong_answers_fail() -> None:
    def clipped(z):
        exponentials = np.exp(np.clip(z, -500, 500))
        return exponentials / exponentials.sum(axis=-1, keepdims=True)

    def log_softmax(z):
        top = z.max(axis=-1, keepdims=True)
        return z - top - np.log(np.exp(z - top).sum(axis=-1, keepdims=True))

    def sum_without_keepdims(z):
        exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
        return exponentials / exponentials.sum(axis=-1)

    assert {"large logits", "mixed rows"} <= failed(check(nf.SOFTMAX, clipped))
    assert {"1-D", "2-D", "ties"} <= failed(check(nf.SOFTMAX, log_softmax))
    no_keepdims = check(nf.SOFTMAX, sum_without_keepdims)
    assert "one column" in failed(no_keepdims)
    assert "expected shape" in messages(no_keepdims)


def test_one_hot_more_wrong_answers_fail() -> None:
    def whole_columns(y, n_classes):
        encoded = np.zeros((len(y), n_classes))
        encoded[:, y] = 1.0
        return encoded

    def one_column_too_many(y, n_classes):
        return np.eye(n_classes + 1)[y]

    def cumulative(y, n_classes):
        return (np.arange(n_classes)[None, :] <= np.asarray(y)[:, None]).astype(float)

    assert {"labels", "unused last classes"} <= failed(check(nf.ONE_HOT, whole_columns))
    wide = check(nf.ONE_HOT, one_column_too_many)
    assert "no samples" in failed(wide) and "expected shape" in messages(wide)
    assert "labels" in failed(check(nf.ONE_HOT, cumulative))


def test_one_hot_an_error_on_empty_labels_is_not_blamed_on_the_width() -> None:
    def encoder(y, n_classes):
        from sklearn.preprocessing import OneHotEncoder

        return OneHotEncoder(categories=[list(range(n_classes))], sparse_output=False) \
            .fit_transform(np.asarray(y).reshape(-1, 1))

    result = check(nf.ONE_HOT, encoder)
    assert failed(result) == {"no samples"}
    assert "raised ValueError" in messages(result)
    assert result.mistakes == []


def test_class_means_labels_sorted_as_text_fail_on_multi_digit_labels() -> None:
    def text_order(X, y):
        return np.array([X[y == label].mean(axis=0) for label in sorted(set(y.tolist()), key=str)])

    result = check(nf.CLASS_MEANS, text_order)
    assert failed(result) == {"labels 9, 10, 100"}
    assert result.mistakes == ["text_order"]


def test_class_means_more_wrong_answers_fail() -> None:
    def divided_by_all_rows(X, y):
        return np.array([X[y == c].sum(axis=0) / len(X) for c in np.unique(y)])

    def divided_by_count_minus_one(X, y):
        return np.array([X[y == c].sum(axis=0) / max((y == c).sum() - 1, 1) for c in np.unique(y)])

    def three_classes_hard_coded(X, y):
        return np.array([X[y == c].mean(axis=0) for c in range(3)])

    assert "iris" in failed(check(nf.CLASS_MEANS, divided_by_all_rows))
    assert "iris" in failed(check(nf.CLASS_MEANS, divided_by_count_minus_one))
    hard_coded = check(nf.CLASS_MEANS, three_classes_hard_coded)
    assert {"species names", "labels 2, 5, 9", "class 1 absent"} <= failed(hard_coded)
    assert "NaN" in messages(hard_coded)


def test_distances_large_negative_values_are_not_blamed_on_rounding() -> None:
    result = check(nf.PAIRWISE_DISTANCES, lambda A, B: A @ B.T * 1.0)
    assert "A to B" in failed(result)
    assert "negative values (down to" in messages(result)
    assert "clip it at 0" not in messages(result)


def test_distances_more_wrong_answers_fail() -> None:
    def root_mean_square(A, B):
        return np.sqrt(((A[:, None] - B[None]) ** 2).mean(axis=-1))

    def clipped_too_high(A, B):
        squared = (A ** 2).sum(1)[:, None] + (B ** 2).sum(1)[None, :] - 2 * A @ B.T
        return np.sqrt(np.maximum(squared, 1e-3))

    def a_against_a(A, B):
        return np.sqrt(((A[:, None] - A[None]) ** 2).sum(axis=-1))

    rms = check(nf.PAIRWISE_DISTANCES, root_mean_square)
    assert "A to B" in failed(rms) and "one feature" not in failed(rms)
    assert {"same points", "integer coordinates"} <= failed(check(nf.PAIRWISE_DISTANCES,
                                                                  clipped_too_high))
    assert "expected shape" in messages(check(nf.PAIRWISE_DISTANCES, a_against_a))


def test_least_squares_solver_without_cutoff_is_explained() -> None:
    def scipy_default(X, y):
        import scipy.linalg

        w = scipy.linalg.lstsq(np.c_[np.ones(len(X)), X], y)[0]
        return w[0], w[1:]

    # On bob's variant the constant column leaves a singular value of about 3e-15, above
    # scipy's default cutoff: the weights reach 1e16 and the predictions are wrong.
    result = check(nf.LEAST_SQUARES, scipy_default, student="bob@example.org")
    assert "constant column" in failed(result)
    assert "coefficients are huge" in messages(result)
    assert "cond=1e-10" in messages(result, "fr")


def test_least_squares_more_wrong_answers_fail() -> None:
    def signs_flipped(X, y):
        intercept, coef = nf.fit_linear(X, y)
        return intercept, -coef

    def first_column_only(X, y):
        slope, intercept = np.polyfit(X[:, 0], y, 1)
        return intercept, np.r_[slope, np.zeros(X.shape[1] - 1)]

    def few_gradient_steps(X, y):
        A = np.c_[np.ones(len(X)), X]
        w = np.zeros(A.shape[1])
        rate = 1 / np.linalg.norm(A, 2) ** 2
        for _ in range(2000):
            w -= rate * A.T @ (A @ w - y)
        return float(w[0]), w[1:]

    assert {"diabetes", "exact line"} <= failed(check(nf.LEAST_SQUARES, signs_flipped))
    assert "diabetes" in failed(check(nf.LEAST_SQUARES, first_column_only))
    approximate = check(nf.LEAST_SQUARES, few_gradient_steps)
    assert "diabetes" in failed(approximate) and "intercept" in messages(approximate)


def test_gradient_descent_updates_must_be_simultaneous() -> None:
    def intercept_then_weights(X, y, lr, n_iter):
        intercept, weights, losses = 0.0, np.zeros(X.shape[1]), []
        for _ in range(n_iter):
            losses.append(float(np.mean((X @ weights + intercept - y) ** 2)))
            intercept -= lr * 2 * np.mean(X @ weights + intercept - y)
            weights = weights - lr * 2 * X.T @ (X @ weights + intercept - y) / len(y)
        return np.r_[intercept, weights], losses

    def coordinate_by_coordinate(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.zeros(A.shape[1]), []
        for _ in range(n_iter):
            losses.append(float(np.mean((A @ w - y) ** 2)))
            for j in range(len(w)):
                w[j] -= lr * 2 / len(y) * ((A @ w - y) @ A[:, j])
        return w, losses

    # Centred columns decouple the intercept from the weights: only the uncentred case shows it.
    sequential = check(nf.GRADIENT_DESCENT, intercept_then_weights)
    assert failed(sequential) == {"uncentred columns"}
    assert sequential.mistakes == ["not_simultaneous"]
    assert "n_iter =" in messages(sequential)
    assert {"few steps", "uncentred columns"} <= failed(check(nf.GRADIENT_DESCENT,
                                                             coordinate_by_coordinate))


def test_gradient_descent_uncentred_case_is_stable_for_every_variant() -> None:
    for student in (None, *STUDENTS):
        cases = {c.name: c for c in nf.GRADIENT_DESCENT.for_student(student).make_cases("s")}
        _, losses = nf.gd_linreg(*cases["uncentred columns"].args)
        assert np.all(np.diff(losses) < 0)


def test_gradient_descent_more_wrong_answers_fail() -> None:
    def half_mse(X, y, lr, n_iter):
        w, losses = nf.gd_linreg(X, y, lr, n_iter)
        return w, [loss / 2 for loss in losses]

    def decaying_rate(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.zeros(A.shape[1]), []
        for step in range(n_iter):
            residual = A @ w - y
            losses.append(float(np.mean(residual ** 2)))
            w = w - lr / (1 + step) * 2 * A.T @ residual / len(y)
        return w, losses

    def closed_form_weights(X, y, lr, n_iter):
        _, losses = nf.gd_linreg(X, y, lr, n_iter)
        A = np.c_[np.ones(len(X)), X]
        return np.linalg.lstsq(A, y, rcond=None)[0] if n_iter else np.zeros(A.shape[1]), losses

    assert "first loss" in messages(check(nf.GRADIENT_DESCENT, half_mse))
    decaying = check(nf.GRADIENT_DESCENT, decaying_rate)
    assert "converges" in failed(decaying) and "0.1 %" in messages(decaying)
    assert {"few steps", "one step"} <= failed(check(nf.GRADIENT_DESCENT, closed_form_weights))


# ------------------------------------------------------ black-box pass: gaps found and closed


def test_statements_keep_their_formulas_whatever_the_variant() -> None:
    # A variant number must not be pasted into a formula: {d} and {lr} are variant fields.
    for student in STUDENTS:
        distances = nf.PAIRWISE_DISTANCES.for_student(student)
        descent = nf.GRADIENT_DESCENT.for_student(student)
        for language in ("en", "fr"):
            assert r"\sum_{k=1}^d (" in distances.statement_in(language)
            assert r"w - {\rm lr} \cdot" in descent.statement_in(language)


def test_distances_python_loops_gate_the_score_with_their_own_message() -> None:
    def double_loop(A, B):
        D = np.zeros((len(A), len(B)))
        for i in range(len(A)):
            for j in range(len(B)):
                D[i, j] = np.sqrt(((A[i] - B[j]) ** 2).sum())
        return D

    def comprehension(A, B):
        return np.array([[np.linalg.norm(a - b) for b in B] for a in A]).reshape(len(A), len(B))

    def while_loop(A, B):
        rows, i = [], 0
        while i < len(A):
            rows.append(np.sqrt(((A[i] - B) ** 2).sum(axis=1)))
            i += 1
        return np.array(rows).reshape(len(A), len(B))

    def one_loop_over_rows(A, B):
        return np.array([np.sqrt(((a - B) ** 2).sum(axis=1)) for a in A]).reshape(len(A), len(B))

    def converts_its_two_inputs_in_a_generator(A, B):
        # A loop over two items, not over the data: broadcasting all the same.
        A, B = (np.asarray(M, dtype=float) for M in (A, B))
        assert all(M.ndim == 2 for M in (A, B))
        return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1))

    assert check(nf.PAIRWISE_DISTANCES, converts_its_two_inputs_in_a_generator).passed
    for answer in (double_loop, comprehension, while_loop, one_loop_over_rows):
        result = check(nf.PAIRWISE_DISTANCES, answer)
        # The statement rules loops out: right distances computed by a loop earn nothing.
        assert not result.passed and result.score == 0.0
        assert failed(result) == {case.name for case in result.cases}
        assert "Python loop" in messages(result)
        assert "boucle Python" in messages(result, "fr")
    assert check(nf.PAIRWISE_DISTANCES, distances_cdist).passed


def test_gradient_descent_every_loss_is_checked_not_only_the_first() -> None:
    def loss_computed_once(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.zeros(A.shape[1]), []
        loss = float(np.mean((A @ w - y) ** 2))
        for _ in range(n_iter):
            losses.append(loss)
            w = w - lr * 2 / len(y) * A.T @ (A @ w - y)
        return w, losses

    def loss_without_intercept(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.zeros(A.shape[1]), []
        for _ in range(n_iter):
            losses.append(float(np.mean((X @ w[1:] - y) ** 2)))
            w = w - lr * 2 / len(y) * A.T @ (A @ w - y)
        return w, losses

    for answer in (loss_computed_once, loss_without_intercept):
        result = check(nf.GRADIENT_DESCENT, answer)
        assert {"few steps", "uncentred columns"} <= failed(result)
        assert "not your losses" in messages(result)
        assert "pas vos pertes" in messages(result, "fr")


def test_gradient_descent_a_rate_of_ones_own_is_not_only_blamed_on_the_factor_two() -> None:
    def own_rate(X, y, lr, n_iter):
        return nf.gd_linreg(X, y, 0.01, n_iter)

    result = check(nf.GRADIENT_DESCENT, own_rate)
    assert {"few steps", "one step"} <= failed(result)
    # Half the variant's rate looks exactly like a missing factor 2: the feedback says both.
    half = check(nf.GRADIENT_DESCENT, lambda X, y, lr, n_iter: nf.gd_linreg(X, y, lr / 2, n_iter))
    assert half.mistakes == ["no_factor_two"]
    assert "rate lr passed as argument" in half.mistake_feedback["no_factor_two"].en


def test_gradient_descent_more_black_box_wrong_answers_fail() -> None:
    def one_step_short(X, y, lr, n_iter):
        return nf.gd_linreg(X, y, lr, max(n_iter - 1, 0))

    def random_start(X, y, lr, n_iter):
        A = np.c_[np.ones(len(X)), X]
        w, losses = np.random.randn(A.shape[1]) * 0.01, []
        for _ in range(n_iter):
            residual = A @ w - y
            losses.append(float(np.mean(residual ** 2)))
            w = w - lr * 2 / len(y) * A.T @ residual
        return w, losses

    def rmse_losses(X, y, lr, n_iter):
        w, losses = nf.gd_linreg(X, y, lr, n_iter)
        return w, [float(np.sqrt(loss)) for loss in losses]

    def pair_swapped(X, y, lr, n_iter):
        w, losses = nf.gd_linreg(X, y, lr, n_iter)
        return losses, w

    assert "list of" in messages(check(nf.GRADIENT_DESCENT, one_step_short))
    assert "zero weights" in messages(check(nf.GRADIENT_DESCENT, random_start))
    assert "first loss" in messages(check(nf.GRADIENT_DESCENT, rmse_losses))
    assert "intercept first" in messages(check(nf.GRADIENT_DESCENT, pair_swapped))


def test_class_means_right_rows_in_another_order_are_named() -> None:
    def reversed_classes(X, y):
        return np.array([X[y == c].mean(axis=0) for c in np.unique(y)[::-1]])

    def most_frequent_first(X, y):
        classes, counts = np.unique(y, return_counts=True)
        order = classes[np.argsort(-counts, kind="stable")]
        return np.array([X[y == c].mean(axis=0) for c in order])

    for answer in (reversed_classes, most_frequent_first):
        result = check(nf.CLASS_MEANS, answer)
        assert "iris" in failed(result)
        assert "not in the right order" in messages(result)
        assert "pas dans le bon ordre" in messages(result, "fr")


def test_class_means_looping_over_range_is_a_declared_mistake() -> None:
    def over_range(X, y):
        return np.array([X[y == c].mean(axis=0) for c in range(len(np.unique(y)))])

    def three_classes(X, y):
        return np.array([X[y == c].mean(axis=0) for c in (0, 1, 2)])

    for answer in (over_range, three_classes):
        with np.errstate(all="ignore"):
            result = check(nf.CLASS_MEANS, answer)
        assert {"species names", "labels 2, 5, 9"} <= failed(result)
        assert result.mistakes == ["range_k"]


def test_class_means_more_black_box_wrong_answers_fail() -> None:
    def medians(X, y):
        return np.array([np.median(X[y == c], axis=0) for c in np.unique(y)])

    def divided_by_all_rows(X, y):
        return np.array([X[y == c].sum(axis=0) / len(y) for c in np.unique(y)])

    def sorted_in_place(X, y):
        order = np.argsort(y, kind="stable")
        X[:] = X[order]
        y.sort(kind="stable")
        return np.array([X[y == c].mean(axis=0) for c in np.unique(y)])

    assert "iris" in failed(check(nf.CLASS_MEANS, medians))
    assert "iris" in failed(check(nf.CLASS_MEANS, divided_by_all_rows))
    assert "in place" in messages(check(nf.CLASS_MEANS, sorted_in_place))


def test_zscore_min_max_scaling_is_a_declared_mistake() -> None:
    def min_max(X):
        low, high = X.min(axis=0), X.max(axis=0)
        return (X - low) / np.where(high == low, 1, high - low)

    result = check(nf.ZSCORE, min_max)
    assert not result.passed and result.mistakes == ["min_max"]
    assert "min-max" in result.mistake_feedback["min_max"].fr


def test_zscore_more_black_box_wrong_answers_fail() -> None:
    def by_variance(X):
        v = X.var(axis=0)
        return (X - X.mean(axis=0)) / np.where(v == 0, 1, v)

    def median_centred(X):
        s = X.std(axis=0)
        return (X - np.median(X, axis=0)) / np.where(s == 0, 1, s)

    def constant_to_ones(X):
        s = X.std(axis=0)
        with np.errstate(all="ignore"):
            return np.where(s == 0, 1.0, (X - X.mean(axis=0)) / s)

    def pandas_default_std(X):
        import pandas as pd

        frame = pd.DataFrame(X)
        return ((frame - frame.mean()) / frame.std().replace(0, 1)).fillna(0).to_numpy()

    def large_epsilon(X):
        return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-3)

    def printed(X):
        print(nf.zscore(X))

    assert "wine" in failed(check(nf.ZSCORE, by_variance))
    assert "wine" in failed(check(nf.ZSCORE, median_centred))
    assert failed(check(nf.ZSCORE, constant_to_ones)) == {"constant column", "one row"}
    assert check(nf.ZSCORE, pandas_default_std).mistakes == ["ddof1"]
    assert "wine" in failed(check(nf.ZSCORE, large_epsilon))
    assert "forget `return`" in messages(check(nf.ZSCORE, printed))


def test_softmax_shift_by_the_minimum_is_a_declared_mistake() -> None:
    def min_shift(z):
        e = np.exp(z - z.min(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    with np.errstate(all="ignore"):
        result = check(nf.SOFTMAX, min_shift)
    assert not result.passed and result.mistakes == ["min_shift"]


def test_softmax_more_black_box_wrong_answers_fail() -> None:
    def log_softmax(z):
        top = z.max(axis=-1, keepdims=True)
        return z - top - np.log(np.exp(z - top).sum(axis=-1, keepdims=True))

    def column_max(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def rows_only(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def rounded(z):
        return np.round(nf.softmax(z), 3)

    assert "1-D" in failed(check(nf.SOFTMAX, log_softmax))
    with np.errstate(all="ignore"):
        assert "2-D" in failed(check(nf.SOFTMAX, column_max))
    assert "AxisError" in messages(check(nf.SOFTMAX, rows_only))
    assert "2-D" in failed(check(nf.SOFTMAX, rounded))


def test_one_hot_statement_announces_empty_labels() -> None:
    for language, words in (("en", "may even be empty"), ("fr", "peut même être vide")):
        assert words in nf.ONE_HOT.for_student("alice@example.org").statement_in(language)

    def one_based(y, n_classes):
        return np.eye(n_classes)[np.asarray(y) - 1]

    def fixed_width(y, n_classes):
        return np.eye(4)[y]

    def thermometer(y, n_classes):
        return (np.arange(n_classes)[None, :] <= np.asarray(y)[:, None]).astype(float)

    assert "labels" in failed(check(nf.ONE_HOT, one_based))
    assert not check(nf.ONE_HOT, fixed_width, student="bob@example.org").passed
    assert "labels" in failed(check(nf.ONE_HOT, thermometer))


def test_distances_more_black_box_wrong_answers_fail() -> None:
    def manhattan(A, B):
        return np.abs(A[:, None, :] - B[None, :, :]).sum(axis=-1)

    def plus_sign(A, B):
        squared = (A ** 2).sum(1)[:, None] + (B ** 2).sum(1)[None, :] + 2 * A @ B.T
        return np.sqrt(np.maximum(squared, 0))

    def integers(A, B):
        return nf.pairwise_distances(A, B).astype(int)

    assert "A to B" in failed(check(nf.PAIRWISE_DISTANCES, manhattan))
    assert "A to B" in failed(check(nf.PAIRWISE_DISTANCES, plus_sign))
    assert "floats" in messages(check(nf.PAIRWISE_DISTANCES, integers))


def test_least_squares_more_black_box_wrong_answers_fail() -> None:
    def intercept_kept_in_w(X, y):
        A = np.c_[np.ones(len(X)), X]
        w = np.linalg.lstsq(A, y, rcond=None)[0]
        return float(w[0]), w

    def ridge(X, y):
        from sklearn.linear_model import Ridge

        model = Ridge().fit(X, y)
        return float(model.intercept_), model.coef_

    def standardised_coefficients(X, y):
        from sklearn.linear_model import LinearRegression
        from sklearn.preprocessing import StandardScaler

        model = LinearRegression().fit(StandardScaler().fit_transform(X), y)
        return float(model.intercept_), model.coef_

    def solve_normal_equations(X, y):
        A = np.c_[np.ones(len(X)), X]
        w = np.linalg.solve(A.T @ A, A.T @ y)
        return float(w[0]), w[1:]

    assert "1-D NumPy array" in messages(check(nf.LEAST_SQUARES, intercept_kept_in_w))
    assert "diabetes" in failed(check(nf.LEAST_SQUARES, ridge))
    assert "diabetes" in failed(check(nf.LEAST_SQUARES, standardised_coefficients))
    assert check(nf.LEAST_SQUARES, solve_normal_equations).mistakes == ["normal_equations"]


# ------------------------------------------------------------------- forged observations


@pytest.mark.parametrize("exercise", nf.EXERCISES, ids=lambda exercise: exercise.id)
def test_forged_observations_earn_nothing(exercise: Any) -> None:
    """What a tampering notebook could send in place of the probe's observations."""
    from caire_exercises.engine.attempt import conclude

    bound = exercise.for_student("alice@example.org")
    cases = bound.make_cases("course secret")
    reference = exercise.reference

    def forged(case: Any) -> list[Any]:
        right = reference(*case.args)
        shape = np.shape(right[0]) if isinstance(right, tuple) else np.shape(right)
        return [{"passed": True}, {"facts": {"accurate": True}, "accurate": True},
                {"value": np.full(shape, np.nan)}, {"value": np.zeros((len(case.args[0]) + 1,))},
                {"value": None, "python_loop": False}, {"value": [np.nan, [np.nan]]},
                {"value": str(right)}]

    for index in range(len(forged(cases[0]))):
        outcomes = [{"status": "ok", "data": forged(case)[index]} for case in cases]
        result = conclude(bound, {"state": "ok"}, cases, outcomes)
        assert not result.passed, forged(cases[0])[index]
        # Only an empty result (one_hot of no labels) may match by chance.
        for case, outcome in zip(cases, result.cases):
            assert not outcome.passed or np.size(reference(*case.args)) == 0, (case.name, index)


def test_distances_right_values_without_the_loop_observation_earn_nothing() -> None:
    from caire_exercises.engine.attempt import conclude

    bound = nf.PAIRWISE_DISTANCES.for_student("alice@example.org")
    cases = bound.make_cases("course secret")
    claims = ({"python_loop": False}, {}, {"lines": "none"}, {"lines": [3]})
    for claim in claims:
        outcomes = [{"status": "ok", "data": {"value": nf.pairwise_distances(*case.args), "mutated": [],
                                              **claim}} for case in cases]
        assert conclude(bound, {"state": "ok"}, cases, outcomes).score == 0.0, claim


def test_undeclared_mistakes_are_described_by_their_properties() -> None:
    def plus_epsilon(X):
        return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-3)

    def leaky_softmax(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / (e.sum(axis=-1, keepdims=True) + 0.1)

    zscore = check(nf.ZSCORE, plus_epsilon)
    assert "standard deviation" in messages(zscore) and "Column" in messages(zscore)
    assert "écart type" in messages(zscore, "fr") and "0,99" in messages(zscore, "fr")
    softmax = check(nf.SOFTMAX, leaky_softmax)
    assert "sums to" in messages(softmax) and "not 1" in messages(softmax)
    assert "a pour somme" in messages(softmax, "fr")


def test_one_hot_rows_are_described_when_the_ones_are_misplaced() -> None:
    def clipped(y, n_classes):
        encoded = np.zeros((len(y), n_classes))
        encoded[np.arange(len(y)), np.clip(y, 0, n_classes - 2)] = 1.0
        return encoded

    result = check(nf.ONE_HOT, clipped)
    assert not result.passed
    assert "should hold a single 1, in column" in messages(result)
    assert "devrait contenir un seul 1" in messages(result, "fr")


def test_a_mistake_written_as_one_changed_line_must_name_a_line_once() -> None:
    from caire_exercises.authoring.probes import with_line_changed

    with pytest.raises(ValueError, match="not once"):
        with_line_changed(nf.zscore, "no such line", "x = 1")
    ddof1 = with_line_changed(nf.zscore, "std = X.std(axis=0)", "std = X.std(axis=0, ddof=1)")
    X = np.array([[1.0, 2.0], [3.0, 5.0], [4.0, 4.0]])
    np.testing.assert_allclose(ddof1(X).std(axis=0, ddof=1), [1.0, 1.0])
