"""``load``: one data set, in the form a learner asks for."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import numpy as np

from caire_exercises.data._catalogue import FORMS, DatasetInfo, info
from caire_exercises.data._forms import feature_matrix, ordered_splits, target_of, to_hf, to_torch
from caire_exercises.data._tables import table


def _split_column(found: DatasetInfo, columns: Any) -> str | None:
    if found.split_column:
        return found.split_column
    return "split" if "split" in columns else None


def load(name: str, *, as_: Literal["pandas", "hf", "numpy", "torch"] = "pandas", student: str | None = None,
         split: str | None = None) -> Any:
    """Load a bundled or generated data set, offline.

    Parameters
    ----------
    name : str
        A name from :func:`list_datasets`, e.g. ``"penguins"`` or ``"patients"``.
    as_ : {"pandas", "hf", "numpy", "torch"}, default "pandas"
        ``"pandas"``: a ``pandas.DataFrame``.
        ``"numpy"``: ``(X, y)`` when the set has a target, else ``X``; ``X`` is a
        float array (numeric columns as they are, the set's categorical columns
        one-hot encoded, identifiers and free text left out; see the datasheet),
        its columns in the table's order; ``y`` integer class codes (in the
        order of the datasheet's class names) or float values.
        ``"hf"``: a Hugging Face ``datasets.Dataset`` built in memory, with a
        ``ClassLabel`` target for a classification; a ``DatasetDict`` when the set
        has splits and `split` is None. Needs the ``[nlp]`` extra.
        ``"torch"``: a ``torch.utils.data.TensorDataset`` of float32 features and
        the target (int64 codes, or float32 values). Needs the ``[torch]`` extra.
    student : str, optional
        Give this student's own version: a fresh draw of a generated set, or a
        stable 80 % of the rows of a real or written one (original order and
        index kept). The same student always gets the same rows, on every
        machine. None gives the canonical version.
    split : str, optional
        Only the rows of this split (e.g. ``"train"``), for sets that have splits;
        the split column is then dropped.

    Returns
    -------
    pandas.DataFrame, tuple of numpy.ndarray, numpy.ndarray, datasets.Dataset,
    datasets.DatasetDict or torch.utils.data.TensorDataset

    Raises
    ------
    UnknownDatasetError
        If no data set has that name (the message lists close matches).
    MissingExtraError
        If ``as_="hf"`` without ``datasets``, or ``as_="torch"`` without ``torch``.
    ValueError
        If the set is not offered in that form, or has no such split.

    Examples
    --------
    >>> from caire_exercises.data import load
    >>> X, y = load("iris", as_="numpy")
    >>> X.shape, y.shape
    ((150, 4), (150,))
    >>> load("patients", student="alice@example.org").equals(load("patients", student="alice@example.org"))
    True
    """
    if as_ not in FORMS:
        raise ValueError(f"as_ must be one of {', '.join(map(repr, FORMS))}; got {as_!r}.")
    found = info(name)
    if as_ not in found.forms:
        reason = f" {found.forms_reason}" if found.forms_reason else ""
        raise ValueError(f"The data set {name!r} is not offered as {as_!r} (it comes as: "
                         f"{', '.join(found.forms)}).{reason}")
    frame = table(name, student)
    split_column = _split_column(found, frame.columns)
    rows: np.ndarray | None = None
    if split is not None:
        if split_column is None:
            raise ValueError(f"The data set {name!r} has no splits; load it without split=.")
        known = ordered_splits(frame[split_column])
        if split not in known:
            raise ValueError(f"The data set {name!r} has no split {split!r}; its splits are "
                             f"{', '.join(map(repr, known))}.")
        rows = (frame[split_column].astype(str) == split).to_numpy()

    if as_ == "pandas":
        return frame if rows is None else frame[rows].drop(columns=[split_column])
    # Codes and one-hot columns are computed on the whole table, then rows are chosen,
    # so that a train and a test split share one encoding.
    target = target_of(frame, found)
    if as_ == "hf":
        if rows is None:
            return to_hf(frame, found, target, split_column)
        chosen = frame[rows].drop(columns=[split_column])
        if target is not None:
            target = replace(target, values=target.values[rows])
        return to_hf(chosen, found, target, None)
    left_out = [c for c in (found.target, split_column) if c]
    X, _ = feature_matrix(frame, found, left_out)
    if rows is not None:
        X = X[rows]
        if target is not None:
            target = replace(target, values=target.values[rows])
    if as_ == "torch":
        return to_torch(X, target)
    return X if target is None else (X, target.values)
