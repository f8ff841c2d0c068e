"""What the exercises of M3 share: their data.

The probes (:mod:`.probes`) read the data from here too, so nothing in this
file may know an answer. scikit-learn and pandas are imported inside
functions only.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import numpy as np

MODULE_ID = "supervised"


def decimal_fr(number: str) -> str:
    """A number written the French way: a decimal comma."""
    return number.replace(".", ",")


def percent_fr(share: float, decimals: int = 1) -> str:
    """A share as a French percentage: ``0.953`` gives ``95,3\u202f%``."""
    return f"{decimal_fr(f'{100 * share:.{decimals}f}')}\u202f%"


@cache
def arrays(name: str) -> tuple[np.ndarray, np.ndarray]:
    """A bundled table as ``(X, y)`` arrays, X in floats."""
    from caire_exercises.data import load

    X, y = load(name, as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y)


PENGUIN_FEATURES = ("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g",
                    "sex")


@lru_cache(maxsize=1)
def penguins() -> tuple[Any, np.ndarray]:
    """The penguins' features as a DataFrame and their species as an array of strings."""
    from caire_exercises.data import load

    table = load("penguins")
    X = table[list(PENGUIN_FEATURES)].reset_index(drop=True)
    y = np.asarray(table["species"].astype(str).to_numpy(), dtype=object)
    return X, y


CARDIOLOGY_COLUMNS = ("age", "male", "asymptomatic_chest_pain", "resting_bp", "cholesterol",
                      "fasting_glucose_high", "max_heart_rate", "exercise_angina", "st_depression")


@lru_cache(maxsize=32)
def cohort(seed: int, n_patients: int) -> tuple[np.ndarray, np.ndarray]:
    """A generated cardiology cohort as (X, y): numeric columns of `CARDIOLOGY_COLUMNS`, disease 0/1."""
    from caire_exercises.data.generators import cardiology

    table = cardiology(np.random.default_rng(seed), n=n_patients)
    X = np.column_stack([
        table["age"], table["sex"] == "M", table["chest_pain"] == "asymptomatic", table["resting_bp"],
        table["cholesterol"], table["fasting_glucose_high"], table["max_heart_rate"],
        table["exercise_angina"], table["st_depression"],
    ]).astype(float)
    return X, table["disease"].to_numpy().astype(np.int64)


def cv_model(spec: str) -> Any:
    """The unfitted model a cross-validation case hands to the answer."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    if spec == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    if spec == "tree":
        return DecisionTreeClassifier(max_depth=3, random_state=0)
    return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))


DEPTHS = tuple(range(1, 9))


@cache
def every_depth_ties() -> tuple[np.ndarray, np.ndarray, int]:
    """Twenty made-up rows that one split separates: every depth scores 1.0, the answer is 1."""
    x = np.arange(20, dtype=float).reshape(-1, 1)
    return x, (x[:, 0] >= 10).astype(int), 0


@lru_cache(maxsize=8)
def tabular(seed: int, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """A generated table where the outcome depends on the features through curves and an interaction.

    Its best achievable ROC AUC is about 0.97: boosted or bagged trees reach about 0.95, a
    single tree about 0.85, a linear model about 0.82.
    """
    pick = np.random.default_rng(seed)
    X = pick.normal(size=(n, 8))
    logit = (1.5 * np.sin(1.5 * X[:, 0]) + (X[:, 1] ** 2 - 1) + 0.8 * X[:, 2] + 1.2 * np.tanh(2 * X[:, 3])
             + (np.abs(X[:, 4]) - 0.8) + ((X[:, 5] > 0) & (X[:, 6] > 0)) - 0.25)
    y = (pick.random(n) < 1 / (1 + np.exp(-4.0 * logit))).astype(np.int64)
    return X, y
