"""What the exercises of M1 share: the tables they read, value comparison, and the facts
that describe an array by its properties (used when an answer is wrong in an undeclared way)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import ATOL, RTOL, Case, Message, Text, compare, format_value, message

MODULE_ID = "numpy"

DIABETES_COLUMNS = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


@lru_cache(maxsize=1)
def wine_table() -> np.ndarray:
    from caire_exercises.data import load

    X, _ = load("wine", as_="numpy")
    return X


@lru_cache(maxsize=1)
def iris_table() -> tuple[np.ndarray, np.ndarray]:
    from caire_exercises.data import load

    X, y = load("iris", as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y, dtype=np.int64)


@lru_cache(maxsize=1)
def diabetes_table() -> tuple[np.ndarray, np.ndarray]:
    from caire_exercises.data import load

    X, y = load("diabetes", as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y, dtype=float)


def value_of(data: Any) -> Any:
    """The answer's return value inside the default probe's observation."""
    return data.get("value") if isinstance(data, dict) else data


def agrees(obtained: Any, expected: Any, case: Case) -> bool:
    """Whether two observations agree under the case's tolerance (the library's by default).

    Custom checks start with this, so that a learner's answer that behaves exactly like a
    declared mistake is recognised as that mistake (the judge compares the two through the
    same checks).
    """
    return compare(value_of(obtained), value_of(expected),
                   rtol=RTOL if case.rtol is None else case.rtol,
                   atol=ATOL if case.atol is None else case.atol) is None


def difference(obtained: Any, expected: Any, case: Case) -> Message | None:
    """What `compare` says about two observations under the case's tolerance."""
    return compare(value_of(obtained), value_of(expected),
                   rtol=RTOL if case.rtol is None else case.rtol,
                   atol=ATOL if case.atol is None else case.atol)


def french_number(value: float) -> str:
    """A number as French prose writes it (decimal comma): 0.05 -> "0,05"."""
    return f"{value:g}".replace(".", ",")


def check_precision(obtained: Any, expected: Any, case: Case) -> Message | None:
    """Name single precision when it is what keeps a float array from the tolerance.

    A float32 result has about 7 significant digits, too few for the
    library's relative tolerance of 10⁻⁶: without this message the learner only reads that
    values differ in their sixth digit, and cannot tell why.
    """
    got, want = value_of(obtained), value_of(expected)
    if not (isinstance(got, np.ndarray) and isinstance(want, np.ndarray)
            and got.dtype == np.float32 and want.dtype == np.float64
            and got.shape == want.shape) or agrees(obtained, expected, case):
        return None
    with np.errstate(all="ignore"):
        close_in_its_precision = np.allclose(got.astype(float), want, rtol=1e-3, atol=1e-4)
    if not close_in_its_precision:
        return None
    return message(Text(
        en="Your array is {dtype}: single precision keeps only about 7 significant digits, "
           "fewer than the relative tolerance of 10⁻⁶ needs, so your values drift in their last "
           "digits. Compute in float64 (NumPy's default): do not convert to {dtype}.",
        fr="Votre tableau est en {dtype}\u202f: la simple précision ne garde qu'environ 7 chiffres "
           "significatifs, moins que ce qu'exige la tolérance relative de 10⁻⁶, si bien que vos "
           "valeurs diffèrent dans leurs derniers chiffres. Calculez en float64 (le type par défaut de "
           "NumPy)\u202f: ne convertissez pas en {dtype}."), dtype=str(got.dtype))


def number(value: float) -> Text:
    """A number for a message: as `format_value` writes it, with a decimal comma in French."""
    written = format_value(float(value))
    return Text(en=written, fr=written.replace(".", ","))
