"""Bundled and generated data sets, loadable offline.

PROVISIONAL minimal loader (the data issue completes it): real tables from
scikit-learn and palmerpenguins, and file-based sets under ``datasets/<name>/``
described by their ``meta.json``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_SKLEARN = {"iris": "iris", "wine": "wine", "breast_cancer": "breast_cancer", "digits": "digits",
            "diabetes": "diabetes"}


def bundled_root() -> Path:
    """The folder holding the project's data files: inside the wheel, or ``datasets/`` in a source tree."""
    inside = Path(__file__).resolve().parent / "_bundled"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "datasets"


@lru_cache(maxsize=None)
def _sklearn_table(name: str) -> Any:
    from sklearn import datasets

    return getattr(datasets, f"load_{_SKLEARN[name]}")(as_frame=True)


@lru_cache(maxsize=None)
def _file_table(name: str) -> Any:
    import pandas as pd

    folder = bundled_root() / name
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    path = folder / meta["file"]
    if meta.get("format", "csv") == "jsonl":
        return pd.read_json(path, lines=True), meta
    return pd.read_csv(path, keep_default_na=False, na_values=[""]), meta


def load(name: str, *, as_: str = "pandas", student: str | None = None, split: str | None = None) -> Any:
    if name in _SKLEARN:
        bunch = _sklearn_table(name)
        if as_ == "numpy":
            return bunch.data.to_numpy(dtype=float), bunch.target.to_numpy()
        return bunch.frame.copy()
    if name == "penguins":
        import palmerpenguins

        return palmerpenguins.load_penguins()
    frame, meta = _file_table(name)
    if as_ == "numpy" and meta.get("target"):
        target = meta["target"]
        return frame.drop(columns=[target]).to_numpy(), frame[target].to_numpy()
    return frame.copy()
