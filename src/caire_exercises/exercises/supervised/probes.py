"""The probes of M3: what an answer does on a case's inputs, as plain data, and nothing more.

A probe here never holds a held-out label nor an expected output, and never
decides: the facts of each exercise do, in the judge. This file imports no
exercise file, no reference and no mistake, so that the grader's sandbox can
import it without the answers.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import (call_on_copies, fit_and_predict, fresh_estimator, observe_estimator,
                                 single_threaded)
from caire_exercises.exercises.supervised._common import arrays, cv_model, every_depth_ties, penguins, tabular
from caire_exercises.engine.probe_side import probe_factory


@probe_factory
def calls(name: str):
    """A probe that calls the function answer `name` on copies of the case's inputs, on one thread."""
    @single_threaded
    def probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
        value, changed = call_on_copies(answers[name], case.args, case.kwargs)
        return {"value": value, "mutated": changed}

    probe.__name__ = f"calls_{name}"
    return probe


# ------------------------------------------------------------------ first_model


@single_threaded
def first_model(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The model fitted on the case's training penguins, and its predictions for the held-out ones."""
    X, y = penguins()
    train, test = case.kwargs["train"], case.kwargs["test"]
    observed = observe_estimator(answers["make_model"], X.iloc[train].copy(), y[train].copy(),
                                 X.iloc[test].copy())
    if "predictions" in observed:
        # Species are strings: as text, they cross the grader's wire as plain data.
        observed["predictions"] = np.asarray(observed["predictions"]).astype(str)
    return observed


# ------------------------------------------------------------- cross_validation


@single_threaded
def cross_validation(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    X, y = arrays("breast_cancer")
    rows, columns = case.kwargs["rows"], case.kwargs["columns"]
    inputs = (cv_model(case.kwargs["model"]), X[np.ix_(rows, columns)], y[rows], case.kwargs["seed"])
    value, changed = call_on_copies(answers["cv_scores"], inputs)
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = (float(value[0]), float(value[1]))
    return {"value": value, "mutated": changed}


# ---------------------------------------------------------------------- metrics


def uses_sklearn_metrics(function: Any) -> bool:
    """Whether `function` (or a function defined inside it) reaches for sklearn.metrics.

    Read from its compiled code: an import inside the body (``from sklearn.metrics import
    ...``, ``import sklearn.metrics``), ``sklearn.metrics.f1_score`` spelt out, or a global name
    bound to something that lives in sklearn.metrics (imported at the top of the notebook).
    """
    from caire_exercises.authoring.probes import own_code

    names = {name for code in own_code(function) for name in code.co_names}
    if any(name.startswith("sklearn.metrics") for name in names):
        return True
    if {"sklearn", "metrics"} <= names:
        return True
    scope = getattr(function, "__globals__", {}) or {}
    for name in names:
        if name not in scope:
            continue
        found = scope[name]
        where = getattr(found, "__name__", "") if isinstance(found, types.ModuleType) else \
            getattr(found, "__module__", "") or ""
        if isinstance(where, str) and where.startswith("sklearn.metrics"):
            return True
    return False


def metrics(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The three values, and whether the answer's own code calls sklearn.metrics."""
    answer = answers["precision_recall_f1"]
    value, changed = call_on_copies(answer, case.args)
    if isinstance(value, np.ndarray) and value.shape == (3,) and value.dtype.kind in "iuf":
        value = tuple(float(item) for item in value)
    return {"value": value, "mutated": changed, "sklearn_metrics": uses_sklearn_metrics(answer)}


# ------------------------------------------------------------------- complexity


@single_threaded
def complexity(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """Both functions on the case, and what `best_depth` gives where every depth ties."""
    scores, changed = call_on_copies(answers["depth_scores"], case.args)
    depth, changed_too = call_on_copies(answers["best_depth"], case.args)
    if isinstance(scores, (list, tuple)):
        scores = np.asarray(scores, dtype=float)
    # Where every depth ties, a position (from 0) gives 0: this tells the index_not_depth mistake
    # from an answer that happens to give the same wrong depth here (a hard-coded one, say).
    try:
        on_a_tie, _ = call_on_copies(answers["best_depth"], every_depth_ties())
        zero_on_a_tie = not isinstance(on_a_tie, bool) and bool(on_a_tie == 0)
    except Exception:  # noqa: BLE001 - the answer's own error shows on the case itself
        zero_on_a_tie = False
    return {"value": {"depth_scores": scores, "best_depth": depth},
            "zero_on_a_tie": zero_on_a_tie,
            "mutated": sorted(set(changed) | set(changed_too))}


# ----------------------------------------------------------------------- tuning


def candidates(search: Any) -> int:
    """How many settings the grid of `search` tries (0 when the grid cannot be read)."""
    from sklearn.model_selection import ParameterGrid

    try:
        return len(ParameterGrid(search.param_grid))
    except Exception:  # noqa: BLE001 - a malformed grid: the fit will say what is wrong with it
        return 0


def is_regressor(model: Any) -> bool:
    from sklearn.base import is_regressor as sklearn_is_regressor

    try:
        return bool(sklearn_is_regressor(model))
    except Exception:  # noqa: BLE001 - a hand-written model without tags: not a regressor
        return False


@single_threaded
def tuning(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What the search is made of and, when it is a search worth fitting, its held-out scores.

    Observed: ``got`` (its type), ``search`` (a GridSearchCV), ``pipeline`` (over a Pipeline),
    ``steps`` (how many), ``was_fitted``, ``candidates`` (settings in the grid),
    ``regressor``, then ``stage``, ``error``, ``predictions`` and ``scores`` as
    :func:`~caire_exercises.authoring.probes.fit_and_predict` gives them.
    """
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    X, y = arrays("breast_cancer")
    search, was_fitted, got = fresh_estimator(answers["make_search"])
    if search is None:
        return {"stage": "not_estimator", "got": got}
    inner = getattr(search, "estimator", search)
    observed: dict[str, Any] = {
        "got": got, "was_fitted": was_fitted, "search": isinstance(search, GridSearchCV),
        "pipeline": isinstance(inner, Pipeline),
        "steps": len(inner.steps) if isinstance(inner, Pipeline) else 0,
        "candidates": candidates(search) if isinstance(search, GridSearchCV) else 0,
        "regressor": is_regressor(search),
    }
    if not (observed["search"] and observed["pipeline"] and observed["steps"] >= 2
            and not was_fitted and observed["candidates"] >= 2):
        # The feedback will name the first requirement that is not met; fitting the search (up
        # to ten seconds for a bare, unscaled model) would add nothing to it.
        return {**observed, "stage": "not_run"}
    train, test = case.kwargs["train"], case.kwargs["test"]
    observed.update(fit_and_predict(search, X[train], y[train], X[test], scores=True))
    return observed


# -------------------------------------------------------------- regularisation


@single_threaded
def regularisation(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    alpha, changed = call_on_copies(answers["ridge_alpha"], case.args)
    nonzero, changed_too = call_on_copies(answers["lasso_nonzero"], case.args)
    return {"value": {"ridge_alpha": alpha, "lasso_nonzero": nonzero},
            "mutated": sorted(set(changed) | set(changed_too))}


# -------------------------------------------------------------------- ensembles


def is_ensemble(model: Any) -> bool:
    """Whether the model combines several learners, looking inside pipelines and wrappers.

    A pipeline is judged by its last step; a wrapper that holds one estimator (a grid or
    randomised search, a calibration) by the estimator it wraps.
    """
    for _ in range(10):
        if type(model).__module__.startswith("sklearn.ensemble"):
            return True
        if hasattr(model, "steps"):
            model = model.steps[-1][1]
            continue
        inner = getattr(model, "estimator", None)
        if inner is not None and hasattr(inner, "fit"):
            model = inner
            continue
        break
    try:
        params = model.get_params(deep=False)
    except Exception:  # noqa: BLE001 - a hand-written model: judge by its attributes
        params = vars(model)
    return "n_estimators" in params or "estimators" in params


@single_threaded
def ensembles(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What the model is (an ensemble? a regressor?) and its scores for the held-out rows."""
    X, y = tabular(case.kwargs["table"])
    model, was_fitted, got = fresh_estimator(answers["make_ensemble"])
    if model is None:
        return {"stage": "not_estimator", "got": got}
    observed: dict[str, Any] = {"got": got, "was_fitted": was_fitted, "ensemble": is_ensemble(model),
                                "regressor": is_regressor(model)}
    train, test = case.kwargs["train"], case.kwargs["test"]
    observed.update(fit_and_predict(model, X[train], y[train], X[test], scores=True))
    return observed
