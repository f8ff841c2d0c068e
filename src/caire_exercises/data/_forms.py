"""From a pandas table to the other forms: numpy arrays, a Hugging Face dataset, torch tensors.

The numeric forms (numpy, torch) follow one rule, stated in every datasheet:
numeric and boolean columns become float columns as they are (missing values
stay NaN), the columns a set declares ``categorical`` are one-hot encoded (one
0/1 column a category, in sorted order, named ``column=value``; a missing
value is all zeros), and the columns it declares ``exclude`` (identifiers,
dates, free text, other outcomes) are left out. Any other non-numeric column
is an error that names it. A categorical target becomes integer codes, in the
order of the set's ``target_names`` (or sorted); a missing label is -1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from caire_exercises.model.errors import MissingExtraError
from caire_exercises.data._catalogue import DatasetInfo

if TYPE_CHECKING:
    import pandas as pd

_OFFLINE = (("HF_HUB_OFFLINE", "1"), ("HF_DATASETS_OFFLINE", "1"), ("HF_UPDATE_DOWNLOAD_COUNTS", "0"))
_SPLIT_ORDER = ("train", "validation", "test")


def import_datasets() -> Any:
    """Hugging Face ``datasets``, imported offline (the variables are set before its first import)."""
    for variable, value in _OFFLINE:
        os.environ.setdefault(variable, value)
    try:
        import datasets
    except ImportError as error:
        raise MissingExtraError("datasets", "nlp", 'Loading a data set as a Hugging Face Dataset (as_="hf")') \
            from error
    return datasets


def import_torch() -> Any:
    try:
        import torch
    except ImportError as error:
        raise MissingExtraError("torch", "torch", 'Loading a data set as PyTorch tensors (as_="torch")') from error
    return torch


@dataclass(frozen=True)
class Target:
    """The target column, ready for the numeric and Hugging Face forms."""

    column: str
    task: str
    values: np.ndarray  # integer codes for a classification, floats for a regression
    names: tuple[str, ...] | None


def target_of(frame: pd.DataFrame, found: DatasetInfo) -> Target | None:
    """The encoded target of `frame`, or None when the set has none."""
    import pandas as pd

    if not found.target:
        return None
    column = frame[found.target]
    task = found.task or ("regression" if pd.api.types.is_float_dtype(column) else "classification")
    if task == "regression":
        return Target(found.target, task, column.to_numpy(dtype=float), None)
    present = column.notna().to_numpy()
    names = found.target_names
    if pd.api.types.is_integer_dtype(column) or pd.api.types.is_bool_dtype(column):
        raw = column.to_numpy(dtype=np.int64)
        if names is None:
            levels = np.unique(raw)
            names = tuple(str(level) for level in levels)
            raw = np.searchsorted(levels, raw)
        return Target(found.target, task, raw.astype(np.int64), names)
    text = column.astype(object).where(column.notna(), None)
    if names is None:
        names = tuple(sorted({str(value) for value in text if value is not None}))
    position = {name: code for code, name in enumerate(names)}
    unknown = sorted({str(value) for value in text if value is not None and str(value) not in position})
    if unknown:
        raise ValueError(f"The target {found.target!r} of {found.name!r} has labels outside its "
                         f"target_names: {unknown}.")
    codes = np.array([position[str(value)] if ok else -1 for value, ok in zip(text, present)], dtype=np.int64)
    return Target(found.target, task, codes, names)


def feature_matrix(frame: pd.DataFrame, found: DatasetInfo, left_out: list[str]) -> tuple[np.ndarray, list[str]]:
    """The float matrix of the features of `frame`, and the names of its columns."""
    import pandas as pd

    columns: list[np.ndarray] = []
    names: list[str] = []
    refused: list[str] = []
    for name in frame.columns:
        if name in left_out or name in found.exclude:
            continue
        series = frame[name]
        if name in found.categorical:
            text = series.astype(object)
            for level in sorted({str(value) for value in text[series.notna()]}):
                columns.append(((text.astype(str) == level) & series.notna()).to_numpy(dtype=float))
                names.append(f"{name}={level}")
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            columns.append(series.to_numpy(dtype=float, na_value=np.nan))
            names.append(str(name))
        else:
            refused.append(str(name))
    if refused:
        raise ValueError(
            f"The data set {found.name!r} has columns that are not numbers: {', '.join(refused)}. "
            "The numeric forms (numpy, torch) cannot use them; load it with as_=\"pandas\" or "
            "as_=\"hf\" and encode them yourself.")
    matrix = np.column_stack(columns) if columns else np.empty((len(frame), 0))
    return np.ascontiguousarray(matrix, dtype=float), names


def ordered_splits(values: pd.Series) -> list[str]:
    """The split names of a column: train, validation, test first, then the others sorted."""
    present = {str(value) for value in values.dropna().unique()}
    return [s for s in _SPLIT_ORDER if s in present] + sorted(present - set(_SPLIT_ORDER))


def to_hf(frame: pd.DataFrame, found: DatasetInfo, target: Target | None, split_column: str | None) -> Any:
    """A ``datasets.Dataset`` built in memory (a ``DatasetDict`` when `split_column` is given)."""
    datasets = import_datasets()
    import pyarrow as pa

    frame = frame.copy()
    if target is not None and target.task == "classification":
        frame[target.column] = target.values
    features = datasets.Features.from_arrow_schema(pa.Schema.from_pandas(frame, preserve_index=False))
    if target is not None and target.task == "classification":
        features[target.column] = datasets.ClassLabel(names=list(target.names or ()))
    if split_column is None:
        return datasets.Dataset.from_pandas(frame, features=features, preserve_index=False)
    del features[split_column]
    labels = frame[split_column].astype(str)
    return datasets.DatasetDict({
        split: datasets.Dataset.from_pandas(frame[labels == split].drop(columns=[split_column]),
                                            features=features, preserve_index=False)
        for split in ordered_splits(frame[split_column])
    })


def to_torch(X: np.ndarray, target: Target | None) -> Any:
    """A ``TensorDataset`` of float32 features (and the target: int64 codes or float32 values)."""
    torch = import_torch()
    from torch.utils.data import TensorDataset

    features = torch.from_numpy(X.astype(np.float32))
    if target is None:
        return TensorDataset(features)
    dtype = np.int64 if target.task == "classification" else np.float32
    return TensorDataset(features, torch.from_numpy(target.values.astype(dtype)))
