"""Comparing what an answer produced with what the reference produced.

The one tolerance convention of the library (stated in the catalogue): floats
are compared with ``rtol=1e-6, atol=1e-9`` unless an exercise says otherwise;
the type, then the shape, then the dtype kind (integer, float, bool) are
checked before the values; NaN equals NaN only where NaN is expected.

:func:`compare` returns ``None`` when the two agree, else a :class:`Message`
that says, for a learner, what differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.model.i18n import N_, Message, message

RTOL = 1e-6
ATOL = 1e-9

_KIND_NAMES = {"b": N_("booleans"), "i": N_("integers"), "u": N_("integers"), "f": N_("floats"),
               "c": N_("complex numbers"), "U": N_("strings"), "S": N_("bytes"), "O": N_("objects")}


def describe(value: Any) -> str:
    """A short description of a value's type and shape, for messages: ``"a (3, 4) array of floats"``."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"array{value.shape} dtype={value.dtype}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float, str)):
        return type(value).__name__
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    if isinstance(value, dict):
        return f"dict with {len(value)} keys"
    return type(value).__name__


def _kind(dtype: np.dtype) -> str:
    return "i" if dtype.kind == "u" else dtype.kind


def _kind_name(kind: str) -> Message:
    return message(_KIND_NAMES.get(kind, N_("objects")))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def format_value(value: Any, *, limit: int = 400) -> str:
    """A readable rendering of a value, cut to about `limit` characters."""
    if isinstance(value, np.generic):
        value = value.item()  # np.float64(0.25) would show NumPy 2's repr, not 0.25
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, suppress=True, threshold=30, edgeitems=2, linewidth=72):
            text = np.array2string(value, separator=", ")
    elif isinstance(value, float):
        text = repr(round(value, 10)) if np.isfinite(value) else repr(value)
    elif isinstance(value, (list, tuple)):
        inner = ", ".join(format_value(item, limit=limit // 2) for item in value)
        text = f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k!r}: {format_value(v, limit=limit // 2)}" for k, v in value.items()) + "}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare(
    obtained: Any,
    expected: Any,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
    where: str = "",
    exact_float_kind: bool = False,
) -> Message | None:
    """``None`` if `obtained` agrees with `expected`, else a message saying what differs.

    Parameters
    ----------
    obtained, expected : plain data
        What the answer's probe and the reference's probe gave.
    rtol, atol : float
        The tolerance for floats, as in :func:`numpy.isclose`.
    where : str
        Where in a nested result this value sits, for messages (e.g. ``"item 2"``).
    exact_float_kind : bool
        If true, an integer is not accepted where a float is expected.
    """
    prefix = message(N_("In {where}: "), where=where) if where else ""

    def fail(template: str, **values: Any) -> Message:
        body = message(template, **values)
        return message("{prefix}{body}", prefix=prefix, body=body) if where else body

    if expected is None:
        return None if obtained is None else fail(N_("expected None, got {obtained}."),
                                                  obtained=describe(obtained))
    if isinstance(expected, np.ndarray):
        return _compare_arrays(obtained, expected, rtol=rtol, atol=atol, fail=fail)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(obtained, (bool, np.bool_)):
            return fail(N_("expected True or False, got {obtained}."), obtained=describe(obtained))
        return None if bool(obtained) == bool(expected) else fail(
            N_("expected {expected}, got {obtained}."), expected=str(bool(expected)),
            obtained=str(bool(obtained)))
    if _is_number(expected):
        if not _is_number(obtained):
            if isinstance(obtained, np.ndarray) and obtained.shape == ():
                obtained = obtained.item()
            else:
                return fail(N_("expected a number, got {obtained}."), obtained=describe(obtained))
        if isinstance(expected, (int, np.integer)) and not isinstance(obtained, (int, np.integer)):
            # The catalogue checks the kind (integer, float, bool) before the value: a count,
            # an index or a depth given as 3.0 is refused, with the way to fix it.
            if float(obtained).is_integer():
                return fail(N_("expected an integer, got the float {obtained}: convert it with int(...)."),
                            obtained=format_value(float(obtained)))
            return fail(N_("expected a whole number, got {obtained}."),
                        obtained=format_value(float(obtained)))
        if (exact_float_kind and isinstance(expected, (float, np.floating))
                and not isinstance(obtained, (float, np.floating))):
            return fail(N_("expected a float, got {obtained}."), obtained=describe(obtained))
        if np.isnan(expected) and np.isnan(obtained):
            return None
        if bool(np.isclose(float(obtained), float(expected), rtol=rtol, atol=atol)):
            return None
        return fail(N_("expected {expected}, got {obtained}."),
                    expected=format_value(expected), obtained=format_value(obtained))
    if isinstance(expected, str):
        if not isinstance(obtained, str):
            return fail(N_("expected a string, got {obtained}."), obtained=describe(obtained))
        return None if obtained == expected else fail(
            N_("expected {expected}, got {obtained}."), expected=repr(expected), obtained=repr(obtained))
    if isinstance(expected, (list, tuple)):
        if not isinstance(obtained, (list, tuple)):
            return fail(N_("expected a sequence of {n} items, got {obtained}."),
                        n=len(expected), obtained=describe(obtained))
        if len(obtained) != len(expected):
            return _length_mismatch(obtained, expected, fail=fail, rtol=rtol, atol=atol)
        for index, (got, want) in enumerate(zip(obtained, expected)):
            inner = compare(got, want, rtol=rtol, atol=atol, exact_float_kind=exact_float_kind,
                            where=_join(where, f"[{index}]"))
            if inner is not None:
                return inner
        return None
    if isinstance(expected, Mapping):
        if not isinstance(obtained, Mapping):
            return fail(N_("expected a dict, got {obtained}."), obtained=describe(obtained))
        missing = [key for key in expected if key not in obtained]
        if missing:
            return fail(N_("keys missing: {keys}."), keys=", ".join(map(repr, missing[:5])))
        extra = [key for key in obtained if key not in expected]
        if extra:
            return fail(N_("unexpected keys: {keys}."), keys=", ".join(map(repr, extra[:5])))
        for key in expected:
            inner = compare(obtained[key], expected[key], rtol=rtol, atol=atol,
                            exact_float_kind=exact_float_kind, where=_join(where, f"[{key!r}]"))
            if inner is not None:
                return inner
        return None
    return None if obtained == expected else fail(
        N_("expected {expected}, got {obtained}."), expected=format_value(expected),
        obtained=format_value(obtained))


def _length_mismatch(obtained: Sequence[Any], expected: Sequence[Any], *, fail: Callable[..., Message],
                     rtol: float, atol: float) -> Message:
    """Sequences of different lengths: say where they part, not only how long each is."""
    for index, (got, want) in enumerate(zip(obtained, expected)):
        if compare(got, want, rtol=rtol, atol=atol) is not None:
            return fail(N_("expected {n} items, got {m}; the first difference is item [{index}]: "
                           "{obtained} where {expected} was expected."),
                        n=len(expected), m=len(obtained), index=index,
                        obtained=format_value(got, limit=80), expected=format_value(want, limit=80))
    if len(obtained) < len(expected):
        return fail(N_("expected {n} items, got {m}: yours stop early; the next expected item is "
                       "{expected}."), n=len(expected), m=len(obtained),
                    expected=format_value(expected[len(obtained)], limit=80))
    return fail(N_("expected {n} items, got {m}: all expected items are there, then comes an extra "
                   "one, {obtained}."), n=len(expected), m=len(obtained),
                obtained=format_value(obtained[len(expected)], limit=80))


def _join(where: str, suffix: str) -> str:
    return f"{where}{suffix}" if where else f"result{suffix}"


def _compare_arrays(obtained: Any, expected: np.ndarray, *, rtol: float, atol: float,
                    fail: Any) -> Message | None:
    if not isinstance(obtained, np.ndarray):
        return fail(N_("expected a NumPy array of shape {shape}, got {obtained}."),
                    shape=str(expected.shape), obtained=describe(obtained))
    if obtained.shape != expected.shape:
        hint = ""
        if obtained.ndim == 2 and obtained.shape == expected.shape[::-1]:
            hint = message(N_(" It looks transposed."))
        return fail(N_("expected shape {expected}, got {obtained}.{hint}"),
                    expected=str(expected.shape), obtained=str(obtained.shape), hint=hint)
    want_kind, got_kind = _kind(expected.dtype), _kind(obtained.dtype)
    if want_kind != got_kind:
        return fail(N_("expected an array of {expected_kind}, got one of {obtained_kind} ({dtype})."),
                    expected_kind=_kind_name(want_kind), obtained_kind=_kind_name(got_kind),
                    dtype=str(obtained.dtype))
    if want_kind in "fc":
        want_nan, got_nan = np.isnan(expected), np.isnan(obtained)
        if got_nan.any() and not want_nan[got_nan].all():
            first = tuple(int(i) for i in np.argwhere(got_nan & ~want_nan)[0])
            return fail(N_("the result contains NaN (first at index {index}) where a number is expected."),
                        index=str(first if len(first) > 1 else first[0]))
        close = np.isclose(obtained, expected, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = obtained == expected
    if bool(np.all(close)):
        return None
    wrong = np.argwhere(~close)
    first = tuple(int(i) for i in wrong[0])
    index = first if len(first) > 1 else first[0]
    return fail(N_("{count} of {total} values differ; at index {index} expected {expected}, got {obtained}."),
                count=len(wrong), total=int(expected.size), index=str(index),
                expected=format_value(expected[first].item()), obtained=format_value(obtained[first].item()))
