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

Data that comes from a learner's process is decoded with :data:`UNTRUSTED`
limits: every array's header and every table's footer is read, and its size
checked, *before* anything is allocated, and nesting is bounded, so a few
crafted bytes cannot make the judge allocate gigabytes.
"""

from __future__ import annotations

import base64
import io
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from caire_exercises.model.errors import PlainDataError

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
        if value.dtype.kind == "O" and value.size <= 10_000_000 and all(
                isinstance(item, str) for item in value.flat):
            # Labels that scikit-learn and pandas keep as Python strings: plain as text.
            return value.astype(str)
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


@dataclass(frozen=True)
class Limits:
    """What decoding accepts from a process that ran a learner's code."""

    depth: int = 64
    array_bytes: int = 256 * 2**20
    array_dimensions: int = 8
    table_rows: int = 2_000_000
    table_columns: int = 2_000
    table_bytes: int = 256 * 2**20
    tables: bool = True


#: The limits for everything a sandboxed submission sends to the judge.
UNTRUSTED = Limits()


def _decode(value: Any, limits: Limits | None = None, depth: int = 0) -> Any:
    if limits is not None and depth > limits.depth:
        raise PlainDataError("value", f"data nested more than {limits.depth} levels deep")
    if isinstance(value, list):
        return [_decode(item, limits, depth + 1) for item in value]
    if isinstance(value, dict):
        if "__ndarray__" in value:
            raw = base64.b64decode(value["__ndarray__"])
            if limits is not None:
                _check_array_header(raw, limits)
            return np.load(io.BytesIO(raw), allow_pickle=False)
        if "__float__" in value:
            return float(value["__float__"])
        if "__tuple__" in value:
            return tuple(_decode(item, limits, depth + 1) for item in value["__tuple__"])
        if "__dict__" in value:
            return {str(key): _decode(item, limits, depth + 1) for key, item in value["__dict__"]}
        if "__dataframe__" in value or "__series__" in value:
            import pandas as pd

            key = "__dataframe__" if "__dataframe__" in value else "__series__"
            raw = base64.b64decode(value[key])
            if limits is not None:
                _check_table_footer(raw, limits)
            frame = pd.read_parquet(io.BytesIO(raw))
            return frame.iloc[:, 0] if key == "__series__" else frame
        return {key: _decode(item, limits, depth + 1) for key, item in value.items()}
    return value


def _check_array_header(raw: bytes, limits: Limits) -> None:
    """Refuse an ``.npy`` whose header declares more data than it holds or than the limits allow."""
    from numpy.lib import format as npy

    buffer = io.BytesIO(raw)
    try:
        version = npy.read_magic(buffer)
        shape, _, dtype = (npy.read_array_header_1_0(buffer) if version == (1, 0)
                           else npy.read_array_header_2_0(buffer))
    except Exception as error:  # noqa: BLE001 - whatever is wrong with it, it is refused
        raise PlainDataError("value", f"an unreadable array ({error})") from None
    if dtype.hasobject or dtype.kind not in _ALLOWED_KINDS:
        raise PlainDataError("value", f"an array of dtype {dtype}")
    if len(shape) > limits.array_dimensions:
        raise PlainDataError("value", f"an array of {len(shape)} dimensions")
    size = math.prod(shape) * dtype.itemsize
    if size > limits.array_bytes or size > len(raw) - buffer.tell():
        raise PlainDataError("value", f"an array of shape {shape} that does not fit its bytes or the limits")


def _check_table_footer(raw: bytes, limits: Limits) -> None:
    """Refuse a Parquet table whose footer declares more than the limits allow, before reading it."""
    if not limits.tables:
        raise PlainDataError("value", "a table where none is expected")
    import pyarrow.parquet as parquet

    try:
        metadata = parquet.ParquetFile(io.BytesIO(raw)).metadata
        declared = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
        for group in range(metadata.num_row_groups):
            row_group = metadata.row_group(group)
            for column in range(row_group.num_columns):
                declared = max(declared, row_group.column(column).total_uncompressed_size)
    except Exception as error:  # noqa: BLE001
        raise PlainDataError("value", f"an unreadable table ({type(error).__name__})") from None
    if (metadata.num_rows > limits.table_rows or metadata.num_columns > limits.table_columns
            or declared > limits.table_bytes):
        raise PlainDataError("value", f"a table of {metadata.num_rows} rows and {metadata.num_columns} "
                                      "columns, larger than the limits")


def dumps(value: Any) -> str:
    """`value` (plain data) as JSON text; raises :class:`PlainDataError` otherwise."""
    return json.dumps(_encode(to_plain(value)), allow_nan=False)


def loads(text: str | bytes, *, limits: Limits | None = None) -> Any:
    """Plain data back from :func:`dumps`' JSON. Never unpickles anything.

    With `limits` (:data:`UNTRUSTED` for what a submission sends), sizes and
    nesting are checked before anything large is allocated; a breach raises
    :class:`PlainDataError`, as does any other malformed input.
    """
    try:
        return _decode(json.loads(text), limits)
    except PlainDataError:
        raise
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        if limits is None:
            raise
        raise PlainDataError("value", f"malformed data ({type(error).__name__})") from None
