"""What the exercises of M2 share: their data, the penguin columns, and one memo for the judge.

Nothing here is a reference solution or a mistake: the probes may import it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

#: The module id of every exercise of M2.
MODULE_ID = "prep"

NUMERIC = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
CATEGORICAL = ("island", "sex")

LEAK_K = 20
NOISE_ROWS, NOISE_FEATURES, NOISE_SEED = 100, 2000, 2024


@lru_cache(maxsize=1)
def _penguins() -> Any:
    from caire_exercises.data import load

    return load("penguins")


def penguins() -> Any:
    """A fresh copy of the Palmer penguins table (344 rows, 8 columns)."""
    return _penguins().copy()


def penguin_features() -> tuple[Any, Any]:
    """The complete penguin rows: the six columns a preprocessor takes, and the species."""
    table = penguins().dropna().reset_index(drop=True)
    return table[["island", *NUMERIC, "sex"]], table["species"]


@lru_cache(maxsize=16)
def _drawn_kidney(seed: int, n_ckd: int, n_not_ckd: int) -> Any:
    from caire_exercises.data.generators import kidney

    return kidney(np.random.default_rng(seed), n_ckd=n_ckd, n_not_ckd=n_not_ckd)


def kidney_table(seed: int, n_ckd: int, n_not_ckd: int) -> Any:
    """A messy kidney table (drawing one takes a while: a check draws the same ones again)."""
    return _drawn_kidney(seed, n_ckd, n_not_ckd).copy()


@lru_cache(maxsize=16)
def _drawn_patients(seed: int, n_patients: int) -> Any:
    from caire_exercises.data.generators import patients

    return patients(np.random.default_rng(seed), n_patients=n_patients)


def patients_table(seed: int, n_patients: int) -> Any:
    """A table of visits, one to six a patient."""
    return _drawn_patients(seed, n_patients).copy()


@lru_cache(maxsize=1)
def _noise_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(NOISE_SEED)
    X = rng.normal(size=(NOISE_ROWS, NOISE_FEATURES))
    y = rng.permutation(np.repeat([0, 1], NOISE_ROWS // 2))
    return X, y


def noise_data() -> tuple[np.ndarray, np.ndarray]:
    """The pure-noise data of the statement of ``prep.leakage``: 100 rows, 2,000 columns."""
    X, y = _noise_data()
    return X.copy(), y.copy()


def signal_data(seed: int, rows: int = 120, informative: int = 5,
                shift: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """2,000 noise columns of which `informative` are shifted by ±`shift` according to the label."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, NOISE_FEATURES))
    y = rng.permutation(np.repeat([0, 1], rows // 2))
    columns = rng.choice(NOISE_FEATURES, size=informative, replace=False)
    X[:, columns] += shift * (2 * y - 1)[:, None]
    return X, y


def some(names: list[str], limit: int = 8) -> str:
    """At most `limit` names, then how many more: a report per row must not flood the feedback."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}, … (+{len(names) - limit})"


def french_number(value: float, digits: int = 2) -> str:
    """`value` with a decimal comma, as French prose writes it."""
    return f"{value:.{digits}f}".replace(".", ",")


def judged_once(derive: Callable[[Any, Any], Any], *, size: int = 64) -> Callable[[Any, Any], Any]:
    """`derive(observed, case)`, computed once for the same observation and case objects.

    The judge evaluates several facts on one observation (the learner's, each
    mistake's), and each fact reads the same derived numbers; the memo holds
    the objects it was given, so an identity is never reused while remembered. A derivation
    must not change the observation.
    """
    memo: OrderedDict[Any, tuple[Any, Any, Any]] = OrderedDict()

    def derived(observed: Any, case: Any) -> Any:
        # The engine hands a fact a shallow copy of an observation (without "mutated"): the
        # objects inside are the same, so they make the key.
        parts = (tuple(sorted((str(name), id(value)) for name, value in observed.items() if name != "mutated"))
                 if isinstance(observed, dict) else id(observed))
        key = (parts, id(case))
        if key in memo:
            memo.move_to_end(key)
            return memo[key][2]
        value = derive(observed, case)
        memo[key] = (observed, case, value)
        while len(memo) > size:
            memo.popitem(last=False)
        return value

    return derived
