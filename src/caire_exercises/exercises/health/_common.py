"""What the code exercises of M8 share: their data, and the way numbers are written.

The probes (:mod:`.probes`) read the data from here too, so nothing in this
file may know an answer: the models fitted here only produce the risks a
learner is given to evaluate. Positive means disease (or the event)
everywhere. scikit-learn and pandas are imported inside functions only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

MODULE_ID = "health"

#: The canonical draw of a generated data set (``load(name)`` without a student).
CANONICAL = -1


def decimal_fr(number: str) -> str:
    """A number written the French way: a decimal comma."""
    return number.replace(".", ",")


def logistic_risks(X_train: np.ndarray, y_train: np.ndarray, X_new: np.ndarray) -> np.ndarray:
    """Risks from a logistic regression on standardised features (L2 penalty of 1, as scikit-learn's C=1).

    Fitted by Newton's method in NumPy: the models that make the risks a learner evaluates
    need no scikit-learn, so that an exercise that asks for none does not pay its import.
    """
    mean, scale = X_train.mean(axis=0), X_train.std(axis=0)
    scale[scale == 0] = 1.0
    design = np.column_stack([np.ones(len(X_train)), (X_train - mean) / scale])
    penalty = np.eye(design.shape[1])
    penalty[0, 0] = 0.0
    coef = np.zeros(design.shape[1])
    for _ in range(50):
        fitted = 1 / (1 + np.exp(-design @ coef))
        gradient = design.T @ (y_train - fitted) - penalty @ coef
        hessian = design.T @ (design * (fitted * (1 - fitted))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        coef += step
        if np.max(np.abs(step)) < 1e-10:
            break
    new = np.column_stack([np.ones(len(X_new)), (X_new - mean) / scale])
    return 1 / (1 + np.exp(-new @ coef))


# ----------------------------------------------------------------- hospitals

HOSPITAL_FEATURES = ("age", "bmi", "systolic_bp", "heart_rate", "creatinine", "lactate", "comorbidities")


def hospital_table(seed: int) -> Any:
    """The hospitals table: the canonical one for :data:`CANONICAL`, else the generator's draw for `seed`."""
    from caire_exercises.data import load
    from caire_exercises.data.generators import hospitals

    if seed == CANONICAL:
        return load("hospitals")
    return hospitals(np.random.default_rng(seed))


def hospital_features(table: Any) -> np.ndarray:
    """The numeric columns of the hospitals table and ``sex == "M"``, as floats."""
    values = table[list(HOSPITAL_FEATURES)].to_numpy(dtype=float)
    return np.column_stack([values, (table["sex"] == "M").to_numpy(dtype=float)])


@lru_cache(maxsize=8)
def hospital_risks(seed: int, site: str) -> tuple[np.ndarray, np.ndarray]:
    """Outcomes of hospital `site` and the risks a logistic model fitted on hospital A gives them."""
    table = hospital_table(seed)
    train = table[table["hospital"] == "A"]
    rows = table[table["hospital"] == site]
    risk = logistic_risks(hospital_features(train), train["outcome"].to_numpy(dtype=float),
                          hospital_features(rows))
    return rows["outcome"].to_numpy().astype(np.int64), np.round(risk, 6)


# ------------------------------------------------------------ breast cancer


@lru_cache(maxsize=8)
def breast_cancer_scores(seed: int) -> dict[str, np.ndarray]:
    """A train / validation / test split of scikit-learn's breast cancer data (seeded, stratified).

    A logistic model fitted on the training rows gives ``predict_proba[:, 1]``
    for the validation and test rows: the probability of class 1, which
    scikit-learn codes as *benign*. Labels are returned as scikit-learn codes
    them (0 = malignant, 1 = benign).
    """
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    rows = np.arange(len(y))
    train, rest = train_test_split(rows, test_size=0.5, stratify=y, random_state=seed % 2**31)
    val, test = train_test_split(rest, test_size=0.5, stratify=y[rest], random_state=seed % 2**31)
    # A deliberately small model (three features): its errors leave a threshold to choose.
    columns = [0, 1, 4]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(X[np.ix_(train, columns)], y[train])
    p_val = np.round(model.predict_proba(X[np.ix_(val, columns)])[:, 1], 6)
    p_test = np.round(model.predict_proba(X[np.ix_(test, columns)])[:, 1], 6)
    return {"y_val": y[val].astype(np.int64), "p_val": p_val, "y_test": y[test].astype(np.int64),
            "p_test": p_test}


# ------------------------------------------------------------- rare events

WARD_FEATURES = ("age", "heart_rate", "respiratory_rate", "temperature", "systolic_bp", "spo2", "wbc",
                 "crp", "lactate", "prior_admissions")


@lru_cache(maxsize=8)
def ward(seed: int, n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    """A rare-events ward as ``(X, y)``: the numeric columns of :data:`WARD_FEATURES`, the event 0/1."""
    from caire_exercises.data.generators import rare_events

    table = rare_events(np.random.default_rng(seed), n=n)
    return table[list(WARD_FEATURES)].to_numpy(dtype=float), table["event"].to_numpy().astype(np.int64)


@lru_cache(maxsize=8)
def ward_risks(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Events and risks for the second half of a ward, from a logistic model fitted on the first half."""
    X, y = ward(seed)
    half = len(y) // 2
    return y[half:], np.round(logistic_risks(X[:half], y[:half].astype(float), X[half:]), 6)


# ------------------------------------------------------------- small cohort


@lru_cache(maxsize=8)
def small_cohort_table(seed: int) -> Any:
    """The small diagnostic cohort: the canonical draw for :data:`CANONICAL`, else the draw for `seed`."""
    from caire_exercises.data import load
    from caire_exercises.data.generators import small_cohort

    if seed == CANONICAL:
        return load("small_cohort")
    return small_cohort(np.random.default_rng(seed))


def binormal_sample(pick: np.random.Generator, n_sick: int, n_healthy: int,
                    separation: float) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores from a known population: N(separation, 1) in the sick, N(0, 1) in the others.

    Its AUC is Φ(separation / √2), which the judge knows and the probe does not need.
    """
    y = np.concatenate([np.ones(n_sick, dtype=np.int64), np.zeros(n_healthy, dtype=np.int64)])
    score = np.concatenate([pick.normal(separation, 1.0, n_sick), pick.normal(0.0, 1.0, n_healthy)])
    order = pick.permutation(len(y))
    return y[order], np.round(score[order], 4)
