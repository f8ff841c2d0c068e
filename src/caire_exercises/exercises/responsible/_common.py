"""What the exercises of M7 share: their data, and how a learner's output is read as plain data.

The probes (:mod:`.probes`) read the data from here too, so nothing in this
file may know an answer. scikit-learn and pandas are imported inside
functions only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

MODULE_ID = "responsible"

#: The applicants' financial variables (the credit generator's `ability` is made of them).
FINANCIAL = ("income", "debt_ratio", "history_years", "late_payments", "amount")
#: The columns of the credit table that are neither the protected group, nor an id, nor an outcome.
CREDIT_FEATURES = ("age", "district", "income", "debt_ratio", "history_years", "late_payments", "amount")
#: Group B's median income in the M7 draws (thousands of euros; group A's is 33): a strong confounder.
INCOME_MEDIAN_B = 15.0


@lru_cache(maxsize=16)
def _credit(seed: int, n: int, bias: float) -> Any:
    from caire_exercises.data.generators import credit

    return credit(np.random.default_rng(seed), n=n, bias=bias, income_median_b=INCOME_MEDIAN_B)


def credit_table(seed: int, n: int, bias: float) -> Any:
    """A new copy of a generated credit table (group B's income lowered, see :data:`INCOME_MEDIAN_B`)."""
    return _credit(seed, n, round(float(bias), 4)).copy()


def plain(value: Any, depth: int = 0) -> Any:
    """A learner's output as plain data: mappings and Series as dicts with text keys, numbers as floats.

    Anything that is none of these is described by its type name, so that feedback can say
    what came back instead of failing to send it.
    """
    if depth > 6:
        return "…"
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    if hasattr(value, "to_dict") and hasattr(value, "index") and not hasattr(value, "columns"):
        value = value.to_dict()
    if isinstance(value, dict):
        return {str(key): plain(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(np.asarray(value, dtype=object).reshape(-1)) if isinstance(value, np.ndarray) else value
        return [plain(item, depth + 1) for item in items][:1000]
    return f"<{type(value).__name__}>"


def number(value: Any) -> float:
    """A float from plain data; ValueError for anything else (a fact reading it then fails)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def is_missing(value: Any) -> bool:
    """None or NaN: what the statement asks for a rate that the data cannot give."""
    return value is None or (isinstance(value, float) and np.isnan(value))


def decimal_fr(number_text: str) -> str:
    """A number written the French way: a decimal comma."""
    return number_text.replace(".", ",")


def close(obtained: Any, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Two numbers of plain data equal within the library's tolerance (False for anything else)."""
    try:
        return bool(np.isclose(number(obtained), number(expected), rtol=rtol, atol=atol))
    except (ValueError, TypeError):
        return False


def same_rates(obtained: Any, expected: Any) -> bool:
    """Two dicts {group: rate} with the same groups and close rates (missing rates both missing)."""
    if not isinstance(obtained, dict) or not isinstance(expected, dict) or set(obtained) != set(expected):
        return False
    return all((is_missing(obtained[key]) and is_missing(expected[key])) or close(obtained[key], expected[key])
               for key in expected)


#: The mitigation exercise's draws: group B's median income and the range of the planted penalty.
MITIGATION_INCOME_B = 25.0
MITIGATION_TRAIN = 3500


@lru_cache(maxsize=8)
def _mitigation_split(seed: int, n: int) -> tuple[Any, Any, Any]:
    from caire_exercises.data.generators import credit

    bias = float(np.random.default_rng([seed, 7]).uniform(0.5, 0.8))
    table = credit(np.random.default_rng(seed), n=n, bias=bias, income_median_b=MITIGATION_INCOME_B)
    table = table.drop(columns=["applicant_id", "repaid"])
    train = table.iloc[:MITIGATION_TRAIN].reset_index(drop=True)
    test = table.iloc[MITIGATION_TRAIN:].reset_index(drop=True)
    return train, test.drop(columns=["approved"]), test["approved"].to_numpy()


def mitigation_split(seed: int, n: int) -> tuple[Any, Any, np.ndarray]:
    """Training applicants (with `approved`), held-out applicants (without it) and their labels."""
    train, test, labels = _mitigation_split(seed, n)
    return train.copy(), test.copy(), labels.copy()


@lru_cache(maxsize=1)
def _breast_cancer() -> tuple[Any, np.ndarray]:
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=True)
    # The ten "mean" measurements keep the exercise quick and readable.
    return data.data.iloc[:, :10].copy(), data.target.to_numpy().astype(np.int64)


def breast_cancer_split(seed: int) -> tuple[Any, np.ndarray, Any, np.ndarray]:
    """Training and held-out rows of the breast-cancer table (ten mean measurements), stratified."""
    from sklearn.model_selection import train_test_split

    X, y = _breast_cancer()
    train, test = train_test_split(np.arange(len(y)), test_size=0.3, stratify=y, random_state=seed)
    return (X.iloc[train].reset_index(drop=True), y[train].copy(),
            X.iloc[test].reset_index(drop=True), y[test].copy())


QUASI_IDENTIFIERS = ("age", "sex", "postcode")
_FIRST_NAMES = ("Camille", "Dominique", "Claude", "Alix", "Sacha", "Lou", "Noa", "Eden", "Charlie", "Maxime",
                "Morgan", "Andréa", "Ange", "Élie", "Gaby", "Jo", "Loïs", "Marion", "Yannick", "Stéphane")
_LAST_NAMES = ("Martin", "Bernard", "Durand", "Petit", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre",
               "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Boyer", "Chevalier", "Roux", "Fontaine")


@lru_cache(maxsize=8)
def _privacy_tables(seed: int, n_patients: int, share_listed: float) -> tuple[Any, Any]:
    import pandas as pd

    from caire_exercises.data.generators import patients

    visits = patients(np.random.default_rng(seed), n_patients=n_patients)
    first = visits[visits["visit"] == 1].reset_index(drop=True)
    deid = first.drop(columns=["patient_id", "visit", "visit_date"])
    pick = np.random.default_rng([seed, 3])
    listed = first.loc[pick.random(len(first)) < share_listed, ["age", "sex", "postcode"]]
    others = patients(np.random.default_rng([seed, 4]), n_patients=2 * n_patients)
    others = others[others["visit"] == 1][["age", "sex", "postcode"]]
    public = pd.concat([listed, others], ignore_index=True)
    public = public.sample(frac=1.0, random_state=int(pick.integers(0, 2**31))).reset_index(drop=True)
    names = [f"{_FIRST_NAMES[i % len(_FIRST_NAMES)]} {_LAST_NAMES[(i * 7 + 3) % len(_LAST_NAMES)]}"
             for i in pick.integers(0, 10_000, len(public))]
    public.insert(0, "name", names)
    return deid, public


def privacy_tables(seed: int, n_patients: int, share_listed: float) -> tuple[Any, Any]:
    """A "de-identified" table of patients (first visits, names and ids removed) and a public list.

    The public list (a fictional register: name, age, sex, postcode) holds `share_listed` of
    the patients and twice as many other people drawn from the same population.
    """
    deid, public = _privacy_tables(seed, n_patients, round(float(share_listed), 3))
    return deid.copy(), public.copy()


#: The model of the model-card exercise: a fixed logistic risk score (weights chosen by the project,
#: close to the generator's own), so that drawing a variant needs no model fitting.
CARD_SCORE = {"intercept": -1.8, "age": 0.04, "male": 1.0, "asymptomatic": 1.3, "resting_bp": 0.01,
              "cholesterol": 0.004, "max_heart_rate": -0.02, "exercise_angina": 0.8, "st_depression": 0.5}


@lru_cache(maxsize=16)
def card_numbers(seed: int, age_min: int, age_max: int) -> dict[str, int]:
    """What the model-card statement shows: the training population and the held-out counts by sex.

    The cohort is generated and kept within the ages [age_min, age_max]; its first 60 % are the
    training patients, and the risk score :data:`CARD_SCORE` (a positive above 0.5) stands for
    the model trained on them; its predictions for the other 40 % are counted by sex.
    """
    from caire_exercises.data.generators import cardiology

    table = cardiology(np.random.default_rng(seed), n=1400)
    table = table[(table["age"] >= age_min) & (table["age"] <= age_max)].reset_index(drop=True)
    w = CARD_SCORE
    male = (table["sex"] == "M").to_numpy()
    logit = (w["intercept"] + w["age"] * (table["age"] - 55) + w["male"] * male
             + w["asymptomatic"] * (table["chest_pain"] == "asymptomatic") + w["resting_bp"] * (table["resting_bp"] - 130)
             + w["cholesterol"] * (table["cholesterol"] - 245) + w["max_heart_rate"] * (table["max_heart_rate"] - 150)
             + w["exercise_angina"] * table["exercise_angina"] + w["st_depression"] * (table["st_depression"] - 1))
    predicted = (logit.to_numpy() > 0).astype(int)
    y = table["disease"].to_numpy()
    cut = int(0.6 * len(table))
    predicted, truth, male = predicted[cut:], y[cut:], male[cut:]
    numbers = {"n_train": cut, "train_age_min": int(table["age"][:cut].min()),
               "train_age_max": int(table["age"][:cut].max()),
               "train_women": int(np.sum(table["sex"][:cut] == "F"))}
    for sex, rows in (("F", ~male), ("M", male)):
        numbers[f"tp_{sex}"] = int(np.sum(rows & (truth == 1) & (predicted == 1)))
        numbers[f"fn_{sex}"] = int(np.sum(rows & (truth == 1) & (predicted == 0)))
        numbers[f"fp_{sex}"] = int(np.sum(rows & (truth == 0) & (predicted == 1)))
        numbers[f"tn_{sex}"] = int(np.sum(rows & (truth == 0) & (predicted == 0)))
    return numbers
