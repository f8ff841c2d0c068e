"""Plain data: what may cross from a learner's process to the judge.

A probe returns *plain data* only: ``None``, booleans, integers, floats,
strings, NumPy arrays of numbers, booleans or strings, and lists, tuples and
dicts (with string keys) of these. Nothing else crosses, and nothing is ever
unpickled: :func:`dumps` writes JSON in which arrays are ``.npy`` bytes
(``allow_pickle=False``) in base64, and data frames (allowed as *inputs* of
cases, which the grader sends to the sandbox) are Parquet bytes.

>>> import numpy as np
>>> loads(dumps({"value": np.arange(3.0), "n": 2}))["value"]
array([0., 1., 2.])
"""

from __future__ import annotations

import base64
import io
import json
import math
from typing import Any

import numpy as np

from ._errors import PlainDataError

_ALLOWED_KINDS = frozenset("biufcUSM?")  # bool, int, uint, float, complex, str, bytes, datetime


def to_plain(value: Any, path: str = "value") -> Any:
    """`value` made plain: NumPy scalars become Python numbers; anything else not plain raises.

    Raises
    ------
    PlainDataError
        With the path of the first object that is not plain data.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, np.generic):
        if value.dtype.kind in "biuf":
            return value.item()
        raise PlainDataError(path, f"NumPy {value.dtype} scalar")
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _ALLOWED_KINDS or value.dtype.kind == "M":
            raise PlainDataError(path, f"array of dtype {value.dtype}")
        return value
    if isinstance(value, (list, tuple)):
        items = [to_plain(item, f"{path}[{i}]") for i, item in enumerate(value)]
        return tuple(items) if isinstance(value, tuple) else items
    if isinstance(value, dict):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise PlainDataError(f"{path} key {key!r}", type(key).__name__)
            plain[key] = to_plain(item, f"{path}[{key!r}]")
        return plain
    if _is_dataframe(value):
        return value
    raise PlainDataError(path, type(value).__name__)


def _is_dataframe(value: Any) -> bool:
    return type(value).__name__ in {"DataFrame", "Series"} and type(value).__module__.startswith(
        "pandas"
    )


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        buffer = io.BytesIO()
        np.save(buffer, np.ascontiguousarray(value), allow_pickle=False)
        return {"__ndarray__": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if any(key.startswith("__") and key.endswith("__") for key in value):
            return {"__dict__": [[key, _encode(item)] for key, item in value.items()]}
        return {key: _encode(item) for key, item in value.items()}
    if _is_dataframe(value):
        frame = value.to_frame() if type(value).__name__ == "Series" else value
        buffer = io.BytesIO()
        frame.to_parquet(buffer)
        kind = "__series__" if type(value).__name__ == "Series" else "__dataframe__"
        return {kind: base64.b64encode(buffer.getvalue()).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if "__ndarray__" in value:
            raw = base64.b64decode(value["__ndarray__"])
            return np.load(io.BytesIO(raw), allow_pickle=False)
        if "__float__" in value:
            return float(value["__float__"])
        if "__tuple__" in value:
            return tuple(_decode(item) for item in value["__tuple__"])
        if "__dict__" in value:
            return {key: _decode(item) for key, item in value["__dict__"]}
        if "__dataframe__" in value or "__series__" in value:
            import pandas as pd

            key = "__dataframe__" if "__dataframe__" in value else "__series__"
            frame = pd.read_parquet(io.BytesIO(base64.b64decode(value[key])))
            return frame.iloc[:, 0] if key == "__series__" else frame
        return {key: _decode(item) for key, item in value.items()}
    return value


def dumps(value: Any) -> str:
    """`value` (plain data) as JSON text; raises :class:`PlainDataError` otherwise."""
    return json.dumps(_encode(to_plain(value)), allow_nan=False)


def loads(text: str | bytes) -> Any:
    """Plain data back from :func:`dumps`' JSON. Never unpickles anything."""
    return _decode(json.loads(text))
