"""What the checker observes of an M2 answer, as plain data; every verdict is the judge's.

The probes run the learner's answer (in the grader, inside the sandbox) on a
case's public inputs and report what it produced: a report's shares, a
cleaned table's columns, a preprocessor's output matrices, the two sides of a
split, a pipeline's predictions on held-out folds. They import no reference
solution and no declared mistake, so that the sandbox can import them
without the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import call_on_copies, estimator_structure, fresh_estimator, one_thread

MISSING_MARK = "<missing>"

#: The folds of the leakage check: repeated, so that one lucky split does not decide.
LEAK_FOLDS = {"n_splits": 5, "n_repeats": 2, "random_state": 0}


def _kind(value: Any) -> str:
    return type(value).__name__


def _error_text(error: BaseException, limit: int = 1200) -> str:
    """An error as its type and message; a long message keeps its end, where the cause often is."""
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= limit else f"{text[:limit // 3]} … {text[-(2 * limit) // 3:]}"


def _dense(matrix: Any) -> np.ndarray:
    if hasattr(matrix, "toarray"):
        matrix = matrix.toarray()
    if hasattr(matrix, "to_numpy"):
        matrix = matrix.to_numpy()
    return np.asarray(matrix, dtype=float)


# ------------------------------------------------------------------ missing_report


def report_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The report's kind, its shares by column as numbers, and how many entries it has."""
    report, mutated = call_on_copies(answers["missing_report"], case.args)
    kind = _kind(report)
    if kind != "Series" or not type(report).__module__.startswith("pandas"):
        return {"value": None, "kind": kind, "mutated": mutated}
    shares: dict[str, float] = {}
    for column, share in report.items():
        try:
            if isinstance(share, (str, bytes)):
                raise TypeError("a share given as text")
            shares[str(column)] = float(share)
        except (TypeError, ValueError):
            # Text such as "12.5%" is the learner's mistake to be told, not a crash of the check.
            return {"value": None, "kind": kind, "not_a_number": repr(share), "mutated": mutated}
    return {"value": shares, "kind": kind, "entries": len(report), "mutated": mutated}


# ------------------------------------------------------------------ clean_clinical


def clean_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The cleaned table: its columns, index, numeric columns as floats, text columns as text."""
    import pandas as pd

    clean, mutated = call_on_copies(answers["clean_clinical"], case.args)
    kind = _kind(clean)
    if not isinstance(clean, pd.DataFrame):
        return {"value": None, "kind": kind, "mutated": mutated}
    numbers: dict[str, np.ndarray] = {}
    texts: dict[str, np.ndarray] = {}
    for column in clean.columns:
        values = clean[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            numbers[str(column)] = values.to_numpy(dtype=float, na_value=np.nan)
        else:
            texts[str(column)] = np.array([MISSING_MARK if pd.isna(v) else str(v) for v in values],
                                          dtype=str)
    value = {"columns": [str(c) for c in clean.columns],
             "index": np.asarray(clean.index.to_numpy(), dtype=np.int64) if
             pd.api.types.is_integer_dtype(clean.index) else np.array([str(i) for i in clean.index]),
             "numbers": numbers, "texts": texts}
    return {"value": value, "kind": kind, "mutated": mutated}


# -------------------------------------------------------------------- preprocessor


def _first_text(output: Any) -> str:
    """The first cell of a transformer's output that is not a number, as the learner would see it."""
    values = output.to_numpy() if hasattr(output, "to_numpy") else np.asarray(output, dtype=object)
    for value in np.ravel(values):
        try:
            float(value)
        except (TypeError, ValueError):
            return repr(value)
    return "?"


def preprocessor_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """A fresh preprocessor fitted on the training rows: its output on them and on the new rows.

    Also its parts (class names) and the ``handle_unknown`` of its one-hot
    encoders, which only word the feedback.
    """
    from sklearn.preprocessing import OneHotEncoder

    train, test = case.args
    with one_thread():
        transformer, _, got = fresh_estimator(answers["make_preprocessor"])
        if transformer is None:
            raise TypeError(f"make_preprocessor gave {got}, not a scikit-learn transformer")
        fitted_output = transformer.fit_transform(train.copy())
        steps = sorted(set(estimator_structure(transformer)))
        encoders = [value for value in [transformer, *transformer.get_params(deep=True).values()]
                    if isinstance(value, OneHotEncoder)]
        observed: dict[str, Any] = {"steps": steps,
                                    "handle_unknown": [str(part.handle_unknown) for part in encoders]}
        try:
            observed["output"] = _dense(fitted_output)
        except (TypeError, ValueError):
            # Text left in the output (a column passed through) is the learner's to be told.
            observed["text"] = _first_text(fitted_output)
            return observed
        try:
            observed["output_new"] = _dense(transformer.transform(test.copy()))
        except Exception as error:  # noqa: BLE001 - the failure is what we observe
            observed["error"] = _error_text(error)
    return observed


# --------------------------------------------------------------------- group_split

_KIND_WORDS = {"i": ("integers", "d'entiers"), "u": ("integers", "d'entiers"),
               "U": ("strings", "de chaînes"), "O": ("objects", "d'objets"),
               "f": ("floats", "de flottants"), "b": ("booleans", "de booléens")}


def describe_sides(result: Any) -> tuple[str, str]:
    """What `split_patients` returned, in English and in French ("two arrays of integers" is right)."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return f"a {type(result).__name__}", f"un objet {type(result).__name__}"
    english, french = [], []
    for side in result:
        if isinstance(side, np.ndarray) and side.ndim == 1:
            en, fr = _KIND_WORDS.get(side.dtype.kind, (str(side.dtype), f"de {side.dtype}"))
            english.append(f"an array of {en}")
            french.append(f"un tableau {fr}")
        elif isinstance(side, np.ndarray):
            english.append(f"an array of shape {side.shape}")
            french.append(f"un tableau de forme {side.shape}")
        else:
            english.append(f"a {type(side).__name__}")
            french.append(f"un objet {type(side).__name__}")
    if english == ["an array of integers"] * 2:
        return "two arrays of integers", "deux tableaux d'entiers"
    return " and ".join(english), " et ".join(french)


def _sides(result: Any) -> list[np.ndarray] | None:
    """The two sides as integer arrays, when the answer gave two 1-D arrays of integers."""
    if describe_sides(result)[0] != "two arrays of integers":
        return None
    return [np.asarray(side, dtype=np.int64) for side in result]


def group_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """What the split gave: its description, its two sides, and with ``try_seeds`` two more calls.

    The test side of a second call with the same seed, and of a call with
    another seed: the judge tells whether the seed is used.
    """
    split = answers["split_patients"]
    table, seed = case.args
    with one_thread():
        result, mutated = call_on_copies(split, case.args)
    returns, returns_fr = describe_sides(result)
    observed: dict[str, Any] = {"returns": returns, "returns_fr": returns_fr, "mutated": mutated}
    sides = _sides(result)
    if sides is None:
        return observed
    observed["train"], observed["test"] = sides
    if case.kwargs.get("try_seeds"):
        with one_thread():
            again = split(table.copy(), seed)
            other = split(table.copy(), seed + 7919)
        observed["test_again"] = np.asarray(again[1]).reshape(-1)
        observed["test_other_seed"] = np.asarray(other[1]).reshape(-1)
    return observed


# ------------------------------------------------------------------------- leakage


def leak_folds(y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (training rows, held-out rows) of each fold; the judge draws the same ones."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    folds = RepeatedStratifiedKFold(**LEAK_FOLDS)
    return list(folds.split(np.zeros((len(y), 1)), y))


def before_the_model(model: Any) -> Any:
    """What a fitted pipeline does to X before its final classifier, or None when nothing.

    A pipeline nested as the last step (``Pipeline([("all", make_pipeline(...))])``) is opened:
    its own steps come before the classifier just the same.
    """
    from sklearn.pipeline import Pipeline

    stages = []
    while isinstance(model, Pipeline):
        if len(model.steps) > 1:
            stages.append(model[:-1])
        model = model.steps[-1][1]
    if not stages:
        return None

    def transform(X: Any) -> Any:
        for stage in stages:
            X = stage.transform(X)
        return X

    return transform


def _copies(answer: Any) -> Any:
    """A function giving fresh, unfitted copies of the learner's estimator (its factory runs once)."""
    import copy

    from sklearn.base import clone

    model, _, got = fresh_estimator(answer)
    if model is None:
        raise TypeError(f"make_pipeline_without_leak gave {got}, not a scikit-learn estimator")

    def fresh() -> Any:
        try:
            return clone(model)
        except Exception:  # noqa: BLE001 - a hand-written estimator without get_params
            return copy.deepcopy(model)

    return fresh


def leakage_probe(answers: Mapping[str, Any], case: Any) -> dict[str, Any]:
    """The pipeline's held-out predictions in every fold of every data set, and its structure.

    ``predictions``: for each data set, for each fold of :func:`leak_folds`,
    the labels predicted for the fold's held-out rows (the judge scores them).
    ``steps``: the class names of the pipeline's steps (None when it is not a
    Pipeline); ``kept``: how many columns reach its final model once fitted on
    the first data set; ``halves``: what reaches the model for five rows when
    the pipeline is fitted on each half of the rows (columns chosen on the
    training rows differ from one half to the other).
    """
    from sklearn.pipeline import Pipeline

    _, datasets = case.args
    answer = answers["make_pipeline_without_leak"]
    observed: dict[str, Any] = {"predictions": []}
    with one_thread():
        fresh = _copies(answer)
        for X, y in datasets:
            folds = []
            for train, test in leak_folds(y):
                model = fresh().fit(X[train], y[train])
                folds.append(np.asarray(model.predict(X[test])).reshape(-1))
            observed["predictions"].append(folds)
        X, y = datasets[0]
        model = fresh().fit(X, y)
        observed["steps"] = ([type(step).__name__ for _, step in model.steps]
                             if isinstance(model, Pipeline) else None)
        observed["kept"] = observed["halves"] = None
        if isinstance(model, Pipeline):
            transform = before_the_model(model)
            observed["kept"] = X.shape[1] if transform is None else int(_dense(transform(X[:2])).shape[1])
            if transform is not None:
                halves = []
                for rows in (np.arange(0, len(y), 2), np.arange(1, len(y), 2)):
                    half = before_the_model(fresh().fit(X[rows], y[rows]))
                    halves.append(_dense(half(X[:5])) if half is not None else None)
                observed["halves"] = halves
    return observed
