"""Probe helpers: observe what an answer does, as plain data, for the judge to decide on.

A probe runs the learner's answer on a case's inputs and returns
*observations* only: the value it returned, the inputs it changed in place,
the predictions a model made on held-out rows, the lines its own code ran.
It never computes a verdict (a score against held-out labels, "accurate
enough"): the judge does, from the observations and from what only it knows
(:attr:`caire_exercises.authoring.Case.private`), through the exercise's
:class:`~caire_exercises.authoring.Fact` objects. In the batch grader the
probe runs in the sandbox with the learner's code, which may have patched
anything there, so whatever it returns is treated as a claim to be checked.

Everything the built-in exercises use is here:

* functions: :func:`call_on_copies`, :func:`own_code`, :func:`lines_run`;
* estimators: :func:`fresh_estimator`, :func:`fit_and_predict`,
  :func:`observe_estimator`, :func:`estimator_structure`,
  :func:`positive_scores`, :func:`is_fitted`, :func:`stratified_split`;
* steadiness: :func:`one_thread`, :func:`single_threaded`.

scikit-learn is imported inside the functions, never at module level.
"""

from __future__ import annotations

import copy
import functools
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from caire_exercises.engine.copies import call_on_copies, unchanged

__all__ = ["call_on_copies", "unchanged", "own_code", "lines_run", "fresh_estimator", "is_fitted",
           "type_name", "fit_and_predict", "positive_scores", "one_thread", "single_threaded",
           "stratified_split", "observe_estimator", "estimator_structure"]

# ----------------------------------------------------------------- functions


def own_code(function: Any) -> list[types.CodeType]:
    """The compiled code of an answer: its own, and that of the functions and comprehensions
    defined inside it (not that of the functions it calls). Empty for a builtin or a ufunc."""
    code = getattr(function, "__code__", None)
    found: list[types.CodeType] = []
    pending = [code] if isinstance(code, types.CodeType) else []
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(const for const in current.co_consts if isinstance(const, types.CodeType))
    return found


def lines_run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> int | None:
    """How many lines of the answer's own code run on `args` (None if it raises).

    Only the answer's own code counts (see :func:`own_code`), not the
    libraries it calls: a Python loop over rows runs more lines on larger
    inputs, a vectorised answer the same number. Compare two sizes in a fact.
    """
    codes = set(own_code(function))
    if not codes:
        return 0
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if frame.f_code not in codes:
            return None
        if event == "line":
            count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    except Exception:  # noqa: BLE001 - the cases themselves report the answer's errors
        return None
    finally:
        sys.settrace(previous)
    return count


# ---------------------------------------------------------------- estimators


def fresh_estimator(answer: Any) -> tuple[Any | None, bool, str]:
    """A new, unfitted estimator from the learner's answer.

    Parameters
    ----------
    answer : object
        An estimator, an estimator class, or a function of no argument that
        returns an estimator.

    Returns
    -------
    estimator : object or None
        A clone of the estimator (a deep copy when it cannot be cloned), or
        None when the answer does not give an object with a ``fit`` method.
    was_fitted : bool
        Whether the object the answer gave had already been fitted.
    described : str
        The type of what the answer gave, for feedback.
    """
    from sklearn.base import clone

    built = answer
    if isinstance(answer, type) or (callable(answer) and not hasattr(answer, "fit")):
        built = answer()
    described = "None" if built is None else type_name(built)
    if not hasattr(built, "fit") or isinstance(built, type):
        return None, False, described
    was_fitted = is_fitted(built)
    try:
        return clone(built), was_fitted, described
    except Exception:  # noqa: BLE001 - a hand-written estimator without get_params
        return copy.deepcopy(built), was_fitted, described


def is_fitted(estimator: Any) -> bool:
    """Whether scikit-learn considers `estimator` fitted."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    except Exception:  # noqa: BLE001 - not an estimator scikit-learn knows: call it unfitted
        return False
    return True


def type_name(value: Any) -> str:
    return type(value).__name__ if not isinstance(value, type) else value.__name__


def _error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 300 else text[:299] + "…"


def fit_and_predict(model: Any, X_train: Any, y_train: Any, X_test: Any, *,
                    scores: bool = False) -> dict[str, Any]:
    """Fit `model` on the training rows, then predict the held-out rows.

    An exception does not escape: it becomes data naming the stage that raised
    (``"fit"`` or ``"predict"``) and the error, so that feedback can say which.

    Returns
    -------
    dict
        ``stage`` ("done", "fit" or "predict"), ``error`` (text, when a stage
        raised), ``predictions`` (array), and with `scores` also ``scores``: the
        score of the positive class (``predict_proba[:, 1]``, else
        ``decision_function``), or None when the model gives only labels.
    """
    try:
        model.fit(X_train, y_train)
    except Exception as error:  # noqa: BLE001 - the learner's model failed: that is the finding
        return {"stage": "fit", "error": _error_text(error)}
    try:
        predictions = np.asarray(model.predict(X_test))
        out: dict[str, Any] = {"stage": "done", "predictions": predictions}
        if scores:
            out["scores"] = positive_scores(model, X_test)
    except Exception as error:  # noqa: BLE001
        return {"stage": "predict", "error": _error_text(error)}
    return out


def positive_scores(model: Any, X: Any) -> np.ndarray | None:
    """The score of the positive class for each row, or None when the model gives only labels."""
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X), dtype=float)
        return proba[:, -1] if proba.ndim == 2 else proba
    if hasattr(model, "decision_function"):
        decision = np.asarray(model.decision_function(X), dtype=float)
        return decision[:, -1] if decision.ndim == 2 else decision
    return None


@contextmanager
def one_thread() -> Iterator[None]:
    """Native thread pools (BLAS, OpenMP) limited to one thread.

    On a machine whose cores are shared, many threads fighting for two cores
    can make a small fit a hundred times slower; one thread keeps check times
    steady. Everything a probe runs, the learner's factory included, runs
    inside it.
    """
    # threadpoolctl limits only the libraries already loaded: importing scikit-learn
    # first loads its OpenMP runtime (and SciPy's BLAS), which k-means would use.
    import sklearn  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def single_threaded(probe: Callable[[Mapping[str, Any], Any], Any]) -> Callable[[Mapping[str, Any], Any], Any]:
    """`probe`, run inside :func:`one_thread`."""
    @functools.wraps(probe)
    def run(answers: Mapping[str, Any], case: Any) -> Any:
        with one_thread():
            return probe(answers, case)

    return run


def stratified_split(y: np.ndarray, *, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Training and held-out row indices, stratified on `y` (sorted, plain arrays for a case)."""
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=test_size, stratify=y, random_state=seed)
    return np.sort(train), np.sort(test)


def observe_estimator(answer: Any, X_train: Any, y_train: Any, X_test: Any, *,
                      scores: bool = False) -> dict[str, Any]:
    """Build a fresh estimator from the learner's answer, fit it, predict held-out rows.

    The probe's whole observation of a model, as plain data: ``stage``
    (``"not_estimator"``, ``"fit"``, ``"predict"`` or ``"done"``), ``got`` (the
    type the answer gave), ``was_fitted``, ``structure`` (see
    :func:`estimator_structure`), ``error`` when a stage raised, and the
    ``predictions`` (and with `scores`, the positive class's ``scores``). The
    held-out labels stay with the judge.
    """
    model, was_fitted, got = fresh_estimator(answer)
    if model is None:
        return {"stage": "not_estimator", "got": got}
    observed = {"got": got, "was_fitted": was_fitted, "structure": estimator_structure(model)}
    observed.update(fit_and_predict(model, X_train, y_train, X_test, scores=scores))
    return observed


def estimator_structure(estimator: Any) -> list[str]:
    """The class names of an estimator and of every estimator nested in it, depth first.

    ``["Pipeline", "ColumnTransformer", "SimpleImputer", "StandardScaler", ...,
    "LogisticRegression"]``: enough for feedback to say "a scaler sits before
    the model"; a score never rests on it.
    """
    names: list[str] = []
    seen: set[int] = set()

    def visit(value: Any, depth: int) -> None:
        if id(value) in seen or depth > 12 or len(names) > 200:
            return
        if isinstance(value, (list, tuple)):
            for item in value:
                visit(item, depth + 1)
            return
        if not hasattr(value, "get_params") or isinstance(value, type):
            return
        seen.add(id(value))
        names.append(type(value).__name__)
        try:
            params = value.get_params(deep=False)
        except Exception:  # noqa: BLE001 - a hand-written estimator
            return
        for item in params.values():
            visit(item, depth + 1)

    visit(estimator, 0)
    return names


# ------------------------------------------------- added for M0/M1 (literacy, numpy)


def with_line_changed(function: Callable[..., Any], old: str, new: str) -> Callable[..., Any]:
    """A copy of `function` whose source has the line(s) `old` replaced by `new`.

    For declaring a mistake that differs from the reference by one line, as a
    learner writes it, without a near-copy of the reference beside it::

        Mistake("ddof1", feedback, with_line_changed(zscore, "X.std(axis=0)",
                                                     "X.std(axis=0, ddof=1)"))

    `old` must occur exactly once in the source (indentation is kept). The
    copy runs in the module of `function`, so it sees the same names.
    """
    import inspect
    import textwrap

    source = textwrap.dedent(inspect.getsource(function))
    if source.count(old) != 1:
        raise ValueError(f"{old!r} occurs {source.count(old)} times in {function.__name__}, not once")
    namespace: dict[str, Any] = {}
    exec(compile(source.replace(old, new), f"<{function.__name__}, changed>", "exec"),  # noqa: S102
         function.__globals__, namespace)
    changed = namespace[function.__name__]
    changed.__qualname__ = f"{function.__qualname__}[changed]"
    return changed
