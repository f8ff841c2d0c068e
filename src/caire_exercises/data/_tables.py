"""Where the rows come from: scikit-learn, palmerpenguins, a generator, or a bundled file.

Every table is read or drawn once per (name, student) and kept; callers get
a deep copy, so a learner who edits a frame in place never changes what the
next call returns.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from caire_exercises.model.exercise import stable_seed
from caire_exercises.data._catalogue import DatasetInfo, info

if TYPE_CHECKING:
    import pandas as pd

# A student's own rows of a real or written set: this share of the rows, drawn for them.
STUDENT_SHARE = 0.8


def _sklearn(function: str) -> Callable[[], pd.DataFrame]:
    def load() -> pd.DataFrame:
        from sklearn import datasets

        return getattr(datasets, function)(as_frame=True).frame

    return load


def _penguins() -> pd.DataFrame:
    import palmerpenguins

    return palmerpenguins.load_penguins()


_REAL: dict[str, Callable[[], pd.DataFrame]] = {
    "iris": _sklearn("load_iris"),
    "wine": _sklearn("load_wine"),
    "breast_cancer": _sklearn("load_breast_cancer"),
    "digits": _sklearn("load_digits"),
    # The diabetes table has no licence of its own: it is only ever read from scikit-learn.
    "diabetes": _sklearn("load_diabetes"),
    "penguins": _penguins,
}


def _generator(name: str) -> Callable[..., pd.DataFrame]:
    if name == "pii_logs":
        from caire_exercises.data._pii import pii_logs

        return pii_logs
    from caire_exercises.data import generators

    if name not in generators.__all__:
        raise LookupError(f"no generator is called {name!r}")
    return getattr(generators, name)


def data_seed(name: str, student: str | None) -> int:
    """The seed of `student`'s draw of `name` (the canonical draw when `student` is None)."""
    return stable_seed("data", name) if student is None else stable_seed("data", name, student)


def _read_file(found: DatasetInfo) -> pd.DataFrame:
    import pandas as pd

    if found.file is None:
        raise FileNotFoundError(f"The data set {found.name!r} names no data file in its meta.json.")
    if found.format == "bank":
        return _read_banks(found)
    path = found.folder / found.file
    if not path.is_file():
        raise FileNotFoundError(f"The data file of {found.name!r} is missing: {path}")
    if found.format == "jsonl":
        # json per line rather than pandas.read_json, which guesses dates and numbers on its own.
        with path.open(encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        return pd.DataFrame.from_records(records)
    if found.format == "yaml":
        return _read_yaml(found)
    if found.format != "csv":
        raise ValueError(f"The data set {found.name!r} has format {found.format!r}; "
                         "expected csv, jsonl, yaml or bank.")
    # Only empty cells are missing: "NA", "null" or "None" are words a text may contain.
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _read_yaml(found: DatasetInfo) -> pd.DataFrame:
    """A YAML data file: an item bank as :func:`_read_banks` reads it; any other list of
    ``items`` (written texts) one row an item, nested fields flattened (``text_en``)."""
    import pandas as pd
    import yaml

    from caire_exercises.authoring.banks import BankError

    try:
        return _read_banks(found)
    except BankError:
        items = yaml.safe_load((found.folder / found.file).read_text(encoding="utf-8")).get("items", [])
        return pd.json_normalize(items, sep="_")


def _read_banks(found: DatasetInfo) -> pd.DataFrame:
    """Item banks (YAML files matching ``file``, e.g. ``*.yaml``) as one table, an item a row.

    Columns: ``bank``, ``key``, ``domain``, ``text_en``, ``text_fr``, ``answer`` (the right
    options, ``|`` between accepted ones, ``/`` between the parts of an item asked in several),
    one column per part when a bank has several, ``explanation_en``, ``explanation_fr``, ``source``.
    """
    import pandas as pd

    from caire_exercises.authoring.banks import load_bank

    paths = sorted(found.folder.glob(found.file or "*.yaml"))
    if not paths:
        raise FileNotFoundError(f"The data set {found.name!r} has no bank file matching {found.file!r}.")
    rows = []
    for path in paths:
        bank = load_bank(path)
        for item in bank:
            row = {"bank": bank.name, "key": item.key, "domain": item.domain,
                   "text_en": item.text.en, "text_fr": item.text.fr,
                   "answer": "/".join("|".join(item.answer[part.name]) for part in bank.parts
                                      if part.name in item.answer)}
            if not bank.single:
                row.update({part.name: "|".join(item.answer.get(part.name, ())) or None for part in bank.parts})
            row.update({"explanation_en": item.explanation.en, "explanation_fr": item.explanation.fr,
                        "source": item.source})
            rows.append(row)
    return pd.DataFrame.from_records(rows)


@lru_cache(maxsize=64)
def _table(name: str, student: str | None) -> pd.DataFrame:
    import numpy as np

    found = info(name)
    if found.kind == "generated":
        return _generator(name)(np.random.default_rng(data_seed(name, student)))
    frame = _REAL[name]() if name in _REAL else _read_file(found)
    if student is None:
        return frame
    from caire_exercises.data._draws import Draws

    keep = Draws(np.random.default_rng(data_seed(name, student))).sample(
        len(frame), max(1, round(STUDENT_SHARE * len(frame))))
    return frame.iloc[keep]


def _has_nested_values(column: pd.Series) -> bool:
    if column.dtype != object or column.empty:
        return False
    first = column.iloc[0]
    return isinstance(first, (list, dict))


def table(name: str, student: str | None = None) -> pd.DataFrame:
    """A fresh copy of `name`'s table, for `student` (or the canonical table)."""
    kept = _table(name, student)
    frame = kept.copy(deep=True)
    for column in frame.columns:
        if _has_nested_values(frame[column]):
            frame[column] = [copy.deepcopy(value) for value in kept[column]]
    return frame


def clear_cache() -> None:
    """Forget the tables read or drawn so far (for benchmarks and tests)."""
    _table.cache_clear()
