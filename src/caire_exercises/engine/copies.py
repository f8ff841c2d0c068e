"""Calling an answer on copies of its inputs, and telling whether it changed them."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np


def call_on_copies(function: Callable[..., Any], args: Sequence[Any] = (),
                   kwargs: Mapping[str, Any] | None = None) -> tuple[Any, list[int]]:
    """Call `function` on deep copies of the inputs.

    Returns the value, and the positions (from 0) of the positional inputs it
    changed in place: the judge fails an answer that changes its inputs.
    """
    copies = copy.deepcopy(list(args))
    value = function(*copies, **copy.deepcopy(dict(kwargs or {})))
    changed = [index for index, (after, before) in enumerate(zip(copies, args))
               if not unchanged(after, before)]
    return value, changed


def unchanged(after: Any, before: Any) -> bool:
    """Whether the input `before` is still the same after an answer ran on its copy `after`.

    Arrays and tables by content (NaN equal to NaN), lists, dicts and sets by
    equality; other objects (estimators, numbers) count as unchanged: fitting
    a model handed to you is not a change of the data.
    """
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and after.shape == before.shape
                and bool(np.array_equal(after, before, equal_nan=before.dtype.kind in "fc")))
    if hasattr(before, "equals") and hasattr(before, "index"):
        try:
            return bool(before.equals(after))
        except Exception:  # noqa: BLE001 - a comparison that fails means "changed"
            return False
    if isinstance(before, (list, dict, set, bytearray)):
        try:
            return bool(after == before)
        except Exception:  # noqa: BLE001 - lists of arrays: compare item by item
            return (isinstance(after, type(before)) and len(after) == len(before)
                    and all(unchanged(a, b) for a, b in zip(after, before)))
    return True
