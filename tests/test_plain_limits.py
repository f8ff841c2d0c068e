"""What the judge decodes from a submission is bounded before it is allocated."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pandas as pd
import pytest

from caire_exercises.model.errors import PlainDataError
from caire_exercises.engine.plain import UNTRUSTED, Limits, dumps, loads


def _npy_header_only(shape: tuple[int, ...], dtype: str = "<f8") -> str:
    """An .npy whose header declares `shape` but that holds no data: a few bytes that ask for gigabytes."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return json.dumps({"value": {"__ndarray__": base64.b64encode(buffer.getvalue()).decode()}})


def test_honest_data_round_trips_under_the_limits() -> None:
    data = {"value": np.arange(12.0).reshape(3, 4), "frame": pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}),
            "nested": [[1, [2, [3]]]], "nan": float("nan")}
    back = loads(dumps(data), limits=UNTRUSTED)
    assert np.array_equal(back["value"], data["value"]) and back["frame"].equals(data["frame"])


@pytest.mark.parametrize("shape", [(10**12,), (10**5, 10**5), (3,) * 9])
def test_an_array_header_that_asks_for_more_than_it_holds_is_refused(shape: tuple[int, ...]) -> None:
    with pytest.raises(PlainDataError):
        loads(_npy_header_only(shape), limits=UNTRUSTED)


def test_an_object_array_is_refused() -> None:
    with pytest.raises(PlainDataError):
        loads(_npy_header_only((2,), "|O"), limits=UNTRUSTED)


def test_deep_nesting_is_refused() -> None:
    text = "[" * 200 + "]" * 200
    with pytest.raises(PlainDataError):
        loads(text, limits=UNTRUSTED)
    with pytest.raises(PlainDataError):
        loads("[" * 100_000 + "]" * 100_000, limits=UNTRUSTED)


def test_a_huge_integer_or_garbage_is_refused_not_raised_as_something_else() -> None:
    for text in ('{"value": ' + "9" * 5000 + "}", '{"value": {"__ndarray__": "!!"}}', "{", '{"__dict__": 3}'):
        with pytest.raises(PlainDataError):
            loads(text, limits=UNTRUSTED)


def test_a_table_whose_footer_declares_too_many_rows_is_refused_before_reading() -> None:
    frame = pd.DataFrame({"a": np.zeros(50_000)})
    buffer = io.BytesIO()
    frame.to_parquet(buffer, compression="zstd")
    text = json.dumps({"value": {"__dataframe__": base64.b64encode(buffer.getvalue()).decode()}})
    with pytest.raises(PlainDataError, match="larger than the limits"):
        loads(text, limits=Limits(table_rows=10_000))
    with pytest.raises(PlainDataError, match="none is expected"):
        loads(text, limits=Limits(tables=False))
    assert len(loads(text, limits=UNTRUSTED)["value"]) == 50_000


def test_labels_kept_as_python_strings_are_plain_as_text() -> None:
    """scikit-learn predicts string classes as an object array: it crosses as text, not refused."""
    labels = np.array(["Adelie", "Gentoo"], dtype=object)
    back = loads(dumps({"predictions": labels}), limits=UNTRUSTED)["predictions"]
    assert back.dtype.kind == "U" and back.tolist() == ["Adelie", "Gentoo"]
    with pytest.raises(Exception):
        dumps({"mixed": np.array(["a", 1], dtype=object)})
