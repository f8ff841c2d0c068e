"""Seeded generators of the synthetic tables.

Each generator takes an explicit ``numpy.random.Generator`` and returns a new
``pandas.DataFrame``; the same generator state always gives the same table, on
every machine and with every numpy release (see :mod:`._draws`). Every table
here is synthetic: the people in it do not exist. Where a generator aims at
published summary statistics of a real study, its docstring and its datasheet
say which; every other number is a choice of the project, made to be
clinically plausible and to teach one thing well.

``load(name, student=...)`` seeds these generators with a SHA-256 of the data
set's name and the student's id; call them directly for other sizes::

    >>> import numpy as np
    >>> from caire_exercises.data.generators import small_cohort
    >>> table = small_cohort(np.random.default_rng(0))
    >>> 60 <= len(table) <= 120
    True

The log generator for personal-data redaction lives in :mod:`._pii`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from caire_exercises.data._draws import Draws, intercept_for, sigmoid

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["blobs_outliers", "cardiology", "credit", "hospitals", "kidney", "patients", "rare_events",
           "small_cohort"]

_DEPARTMENTS = {
    "69": ["69001", "69003", "69004", "69007", "69008", "69100", "69200", "69300", "69500"],
    "38": ["38000", "38100", "38200", "38300"],
    "42": ["42000", "42100", "42300"],
    "01": ["01000", "01100", "01500"],
}


def _frame(columns: dict[str, object]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns)


def _sexes(draw: Draws, n: int, female: float) -> np.ndarray:
    return np.where(draw.bernoulli(female, n) == 1, "F", "M").astype(object)


def patients(rng: np.random.Generator, *, n_patients: int = 200) -> pd.DataFrame:
    """Outpatients seen one to six times each: one row a visit.

    The outcome (admission within 90 days of the visit) depends on the visit's
    measurements and on a hidden patient effect, so two visits of one patient
    look alike: a split that puts one patient on both sides leaks. Age, sex and
    postcode are quasi-identifiers for anonymity exercises.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_patients : int, default 200

    Returns
    -------
    pandas.DataFrame
        ``patient_id, visit, visit_date, age, sex, postcode, smoker, systolic_bp,
        heart_rate, bmi, glucose, outcome``; rows sorted by patient then visit.
    """
    import pandas as pd

    draw = Draws(rng)
    n = n_patients
    sex = _sexes(draw, n, 0.52)
    first_age = np.clip(draw.normal(n, 58.0, 15.0), 18, 92)
    departments = list(_DEPARTMENTS)
    department = draw.index([0.5, 0.2, 0.15, 0.15], n)
    postcode = np.array([_DEPARTMENTS[departments[d]][k % len(_DEPARTMENTS[departments[d]])]
                         for d, k in zip(department, draw.integers(0, 1_000_000, n))], dtype=object)
    smoker = draw.bernoulli(0.24, n)
    risk = draw.normal(n, 0.0, 1.0)
    bp_effect = draw.normal(n, 0.0, 10.0)
    hr_effect = draw.normal(n, 0.0, 6.0)
    bmi_base = np.clip(draw.normal(n, 27.0, 4.5), 17.0, 48.0)
    glucose_base = np.clip(draw.normal(n, 5.6, 0.8) + 0.04 * (bmi_base - 27.0), 3.8, 12.0)
    visits = draw.index([0.2, 0.25, 0.2, 0.15, 0.12, 0.08], n) + 1

    owner = np.repeat(np.arange(n), visits)
    rows = owner.size
    number = np.concatenate([np.arange(1, k + 1) for k in visits])
    start = draw.integers(0, 900, n)  # days after 2022-01-03
    gap = draw.integers(14, 181, rows)
    gap[number == 1] = 0
    running = np.cumsum(gap)
    first_row = np.concatenate([[0], np.cumsum(visits)[:-1]])
    offset = start[owner] + running - running[first_row][owner]
    age = np.floor(first_age[owner] + offset / 365.25).astype(np.int64)
    systolic = np.rint(118 + 0.45 * (age - 50) + 7 * smoker[owner] + bp_effect[owner]
                       + draw.normal(rows, 0.0, 8.0)).astype(np.int64)
    heart_rate = np.rint(72 + hr_effect[owner] + 4 * smoker[owner] + draw.normal(rows, 0.0, 7.0)).astype(np.int64)
    bmi = np.round(bmi_base[owner] + draw.normal(rows, 0.0, 0.7), 1)
    glucose = np.round(glucose_base[owner] + draw.normal(rows, 0.0, 0.45), 1)
    logit = (0.035 * (age - 58) + 0.025 * (systolic - 130) + 0.07 * (bmi - 27) + 0.5 * smoker[owner]
             + 0.45 * (glucose - 5.6) + 1.1 * risk[owner])
    outcome = draw.bernoulli(sigmoid(logit + intercept_for(logit, 0.3)))
    dates = np.datetime64("2022-01-03") + offset.astype("timedelta64[D]")
    return pd.DataFrame({
        "patient_id": [f"P{p + 1:04d}" for p in owner],
        "visit": number,
        "visit_date": pd.to_datetime(dates),
        "age": age,
        "sex": sex[owner],
        "postcode": postcode[owner],
        "smoker": smoker[owner],
        "systolic_bp": systolic,
        "heart_rate": heart_rate,
        "bmi": bmi,
        "glucose": glucose,
        "outcome": outcome,
    })


# --------------------------------------------------------------------------- kidney

_KIDNEY_MISSING = {
    "age": 0.02, "bp": 0.03, "sg": 0.12, "al": 0.12, "su": 0.12, "rbc": 0.38, "pc": 0.16, "pcc": 0.01,
    "ba": 0.01, "bgr": 0.11, "bu": 0.05, "sc": 0.04, "sod": 0.22, "pot": 0.22, "hemo": 0.13,
    "pcv": 0.18, "wc": 0.26, "rc": 0.33, "htn": 0.005, "dm": 0.005, "cad": 0.005, "appet": 0.005,
    "pe": 0.005, "ane": 0.005,
}


def _yes_no(draw: Draws, p: np.ndarray, yes: str = "yes", no: str = "no") -> np.ndarray:
    return np.where(draw.bernoulli(p) == 1, yes, no).astype(object)


def _untidy(draw: Draws, values: np.ndarray, rate: float) -> np.ndarray:
    """Spoil a share `rate` of the labels the way hand-typed exports do: tabs, spaces, capitals."""
    spoilt = values.copy()
    hit = np.flatnonzero(draw.bernoulli(rate, values.size) == 1)
    how = draw.index([0.3, 0.25, 0.15, 0.2, 0.1], hit.size)
    for position, kind in zip(hit, how):
        text = str(values[position])
        spoilt[position] = ("\t" + text, text + "\t", " " + text, text.capitalize(), text.upper())[kind]
    return spoilt


def _as_text(values: np.ndarray, decimals: int) -> np.ndarray:
    return np.array([f"{value:.{decimals}f}" for value in values], dtype=object)


def _with_gaps(draw: Draws, values: np.ndarray, rate: float, *, text: bool) -> np.ndarray:
    """Blank out a share `rate`: NaN in numeric columns, mostly '?' (sometimes '\\t?' or NaN) in text."""
    gaps = draw.bernoulli(rate, values.size) == 1
    marker = draw.index([0.75, 0.1, 0.15], values.size)
    if not text:
        result = values.astype(float)
        result[gaps] = np.nan
        return result
    result = values.astype(object)
    for position in np.flatnonzero(gaps):
        result[position] = ("?", "\t?", np.nan)[marker[position]]
    return result


def kidney(rng: np.random.Generator, *, n_ckd: int = 250, n_not_ckd: int = 150) -> pd.DataFrame:
    """A messy table shaped like the UCI Chronic Kidney Disease data, to clean.

    The columns, their codes and the class balance (250 "ckd", 150 "notckd")
    follow the public UCI table (Rubini, Soundarapandian and Eswaran, 2015);
    the values within each class are drawn from distributions the project chose
    to be clinically plausible, not fitted to that study. The mess is planted on
    purpose: '?' (sometimes '\\t?') and NaN for missing values, numbers stored
    as text (``sg``, ``al``, ``su``, ``pcv``, ``wc``, ``rc``), stray tabs and
    spaces around labels ("yes\\t", " yes", "\\tno", "ckd\\t") and mixed case
    ("Yes", "NO").

    Returns
    -------
    pandas.DataFrame
        400 rows by default; ``id`` then 24 measurements and ``classification``.
    """
    draw = Draws(rng)
    n = n_ckd + n_not_ckd
    ckd = np.zeros(n, dtype=bool)
    ckd[draw.sample(n, n_ckd)] = True

    def by_class(sick: np.ndarray, healthy: np.ndarray) -> np.ndarray:
        return np.where(ckd, sick, healthy)

    age = np.rint(np.clip(by_class(draw.normal(n, 55, 16), draw.normal(n, 46, 15)), 2, 90))
    bp = np.clip(np.rint(by_class(draw.normal(n, 79, 13), draw.normal(n, 71, 8)) / 10) * 10, 50, 180)
    gravities = np.array([1.005, 1.010, 1.015, 1.020, 1.025])
    sg = gravities[np.where(ckd, draw.index([0.1, 0.3, 0.3, 0.2, 0.1], n), 3 + draw.index([0.5, 0.5], n))]
    al = np.where(ckd, draw.index([0.25, 0.2, 0.2, 0.2, 0.13, 0.02], n), draw.index([0.96, 0.04], n))
    su = np.where(ckd, draw.index([0.7, 0.08, 0.08, 0.08, 0.05, 0.01], n), 0)
    rbc = _yes_no(draw, by_class(np.full(n, 0.3), np.full(n, 0.02)), "abnormal", "normal")
    pc = _yes_no(draw, by_class(np.full(n, 0.35), np.full(n, 0.03)), "abnormal", "normal")
    pcc = _yes_no(draw, by_class(np.full(n, 0.15), np.full(n, 0.01)), "present", "notpresent")
    ba = _yes_no(draw, by_class(np.full(n, 0.08), np.full(n, 0.01)), "present", "notpresent")
    bgr = np.rint(np.clip(by_class(draw.lognormal(n, 140, 0.4), draw.normal(n, 108, 17)), 22, 490))
    bu = np.rint(np.clip(by_class(draw.lognormal(n, 55, 0.55), draw.normal(n, 33, 10)), 2, 390))
    sc = np.round(np.clip(by_class(draw.lognormal(n, 2.4, 0.7), draw.normal(n, 0.9, 0.25)), 0.4, 24), 1)
    sod = np.rint(np.clip(by_class(draw.normal(n, 134, 7), draw.normal(n, 141, 4.5)), 104, 163))
    pot = np.round(np.clip(by_class(draw.normal(n, 4.8, 0.9), draw.normal(n, 4.3, 0.6)), 2.5, 7.6), 1)
    hemo = np.round(np.clip(by_class(draw.normal(n, 10.6, 2.2), draw.normal(n, 15.2, 1.3)), 3.1, 17.8), 1)
    pcv = np.rint(np.clip(3 * hemo + draw.normal(n, 0, 1.8), 9, 54))
    wc = np.clip(np.rint(by_class(draw.normal(n, 9000, 3000), draw.normal(n, 7700, 1800)) / 100) * 100,
                 2200, 26400)
    rc = np.round(np.clip(by_class(draw.normal(n, 3.9, 0.9), draw.normal(n, 5.4, 0.6)), 2.1, 8.0), 1)
    htn = _yes_no(draw, by_class(np.full(n, 0.6), np.full(n, 0.05)))
    dm = _yes_no(draw, by_class(np.full(n, 0.55), np.full(n, 0.05)))
    cad = _yes_no(draw, by_class(np.full(n, 0.14), np.full(n, 0.01)))
    appet = _yes_no(draw, by_class(np.full(n, 0.3), np.full(n, 0.02)), "poor", "good")
    pe = _yes_no(draw, by_class(np.full(n, 0.3), np.full(n, 0.01)))
    ane = _yes_no(draw, by_class(np.full(n, 0.25), np.full(n, 0.01)))
    label = np.where(ckd, "ckd", "notckd").astype(object)

    columns: dict[str, np.ndarray] = {
        "age": age, "bp": bp, "sg": _as_text(sg, 3), "al": _as_text(al, 0), "su": _as_text(su, 0),
        "rbc": rbc, "pc": pc, "pcc": pcc, "ba": ba, "bgr": bgr, "bu": bu, "sc": sc, "sod": sod,
        "pot": pot, "hemo": hemo, "pcv": _as_text(pcv, 0), "wc": _as_text(wc, 0),
        "rc": _as_text(rc, 1), "htn": htn, "dm": dm, "cad": cad, "appet": appet, "pe": pe, "ane": ane,
    }
    text_columns = {"sg", "al", "su", "rbc", "pc", "pcc", "ba", "pcv", "wc", "rc", "htn", "dm", "cad",
                    "appet", "pe", "ane"}
    messy: dict[str, object] = {"id": np.arange(n)}
    for name, values in columns.items():
        if name in text_columns:
            untidy_rate = 0.06 if name in {"htn", "dm", "cad", "appet", "pe", "ane"} else 0.03
            values = _untidy(draw, values, untidy_rate)
        messy[name] = _with_gaps(draw, values, _KIDNEY_MISSING[name], text=name in text_columns)
    messy["classification"] = _untidy(draw, label, 0.03)
    return _frame(messy)


# --------------------------------------------------------------------------- hospitals

# name: (patients, mean age, sd of age, share of women, baseline log-odds, creatinine assay factor)
_HOSPITALS = {
    "A": (800, 60.0, 16.0, 0.48, -2.3, 1.00),
    "B": (500, 54.0, 15.0, 0.50, -2.7, 1.00),
    "C": (450, 77.0, 7.0, 0.60, -2.3, 1.00),
    "D": (400, 62.0, 15.0, 0.47, -2.5, 1.25),
}


def hospitals(rng: np.random.Generator) -> pd.DataFrame:
    """Emergency admissions in four hospitals whose populations differ.

    Hospital A (a large teaching hospital) is where a model would be built;
    B admits younger patients with fewer events (a shift of the case mix and
    of the prevalence), C is mostly geriatric (a covariate shift), and D's
    laboratory uses a creatinine assay that reads 25 % higher (a shift in how
    a feature is measured, invisible from its distribution alone). The outcome
    (death or transfer to intensive care within 30 days) depends on the true
    measurements through the same slopes everywhere; the baseline risk (the
    intercept) is lower in B and, a little, in D.

    Returns
    -------
    pandas.DataFrame
        ``hospital, age, sex, bmi, systolic_bp, heart_rate, creatinine,
        lactate, comorbidities, outcome``, about 2,150 rows.
    """
    draw = Draws(rng)
    parts = []
    for name, (size, mean_age, sd_age, women, baseline, assay) in _HOSPITALS.items():
        n = size
        age = np.rint(np.clip(draw.normal(n, mean_age, sd_age), 18, 101)).astype(np.int64)
        sex = _sexes(draw, n, women)
        bmi = np.round(np.clip(draw.normal(n, 27.0 if name != "C" else 25.0, 5.0), 15.0, 55.0), 1)
        systolic = np.rint(np.clip(draw.normal(n, 128 + 0.3 * (age - 60), 19), 70, 230)).astype(np.int64)
        heart_rate = np.rint(np.clip(draw.normal(n, 84, 15), 38, 170)).astype(np.int64)
        creatinine_true = np.clip(draw.lognormal(n, 85 * np.exp(0.008 * (age - 60)), 0.35), 30, 900)
        lactate = np.round(np.clip(draw.lognormal(n, 1.4, 0.45), 0.4, 12.0), 1)
        comorbidities = np.minimum(draw.poisson(np.clip(0.8 + 0.035 * (age - 60), 0.1, None), n), 8)
        logit = (baseline + 0.04 * (age - 60) + 1.0 * np.log(creatinine_true / 85) + 0.6 * (lactate - 1.4)
                 + 0.25 * comorbidities + 0.02 * (heart_rate - 84) - 0.01 * (systolic - 128)
                 + 0.3 * (sex == "M"))
        parts.append({
            "hospital": np.full(n, name, dtype=object), "age": age, "sex": sex, "bmi": bmi,
            "systolic_bp": systolic, "heart_rate": heart_rate,
            "creatinine": np.rint(creatinine_true * assay).astype(np.int64), "lactate": lactate,
            "comorbidities": comorbidities, "outcome": draw.bernoulli(sigmoid(logit)),
        })
    return _frame({key: np.concatenate([part[key] for part in parts]) for key in parts[0]})


# --------------------------------------------------------------------------- credit

_DISTRICTS = ("centre", "east", "north", "south", "west")


def credit(rng: np.random.Generator, *, n: int = 2000, bias: float = 1.1,
           income_median_b: float = 29.0) -> pd.DataFrame:
    """Credit applicants, with a bias against group B planted in past decisions.

    ``repaid`` (the loan was repaid) depends only on the applicant's finances,
    never on the group. ``approved`` (the past decision, the label a model
    would learn from) depends on the same finances but also lowers the log-odds
    of approval of group B by `bias`: at equal finances, B's odds of approval
    are multiplied by ``exp(-bias)`` (0.33 by default). The district is
    strongly associated with the group, so dropping ``group`` does not remove
    the bias. Every applicant's repayment is known, which real lenders never
    see for the applicants they refused.

    `income_median_b` is group B's median income in thousands of euros (group
    A's is 33): the M7 exercises lower it to make income a confounder of the
    raw approval gap and a proxy of the group; the default keeps the canonical
    table unchanged.

    Returns
    -------
    pandas.DataFrame
        ``applicant_id, group, age, district, income, debt_ratio, history_years,
        late_payments, amount, approved, repaid``.
    """
    draw = Draws(rng)
    group = np.where(draw.bernoulli(0.35, n) == 1, "B", "A").astype(object)
    is_b = group == "B"
    district_index = np.where(is_b, draw.index([0.1, 0.35, 0.4, 0.1, 0.05], n),
                              draw.index([0.25, 0.15, 0.1, 0.25, 0.25], n))
    district = np.asarray(_DISTRICTS, dtype=object)[district_index]
    age = np.rint(np.clip(draw.normal(n, 40, 12), 18, 80)).astype(np.int64)
    income = np.round(np.clip(draw.lognormal(n, np.where(is_b, income_median_b, 33.0), 0.4), 8, 250), 1)
    debt_ratio = np.round(np.clip(draw.normal(n, 0.3, 0.12), 0.0, 0.9), 2)
    history = np.minimum(age - 18, np.rint(np.clip(draw.normal(n, 0.6 * (age - 18), 4), 0, None))).astype(np.int64)
    late = np.minimum(draw.poisson(0.6, n), 9)
    amount = np.round(np.clip(draw.lognormal(n, 12.0, 0.6), 1, 120), 1)
    ability = (0.045 * (income - 30) - 3.5 * (debt_ratio - 0.3) + 0.05 * (history - 12) - 0.65 * late
               - 0.02 * (amount - 12))
    repaid = draw.bernoulli(sigmoid(ability + intercept_for(ability, 0.8)))
    decision = 1.3 * ability - bias * is_b + draw.normal(n, 0.0, 0.5)
    approved = draw.bernoulli(sigmoid(decision + intercept_for(decision, 0.6)))
    return _frame({
        "applicant_id": [f"C{i + 1:05d}" for i in range(n)], "group": group, "age": age,
        "district": district, "income": income, "debt_ratio": debt_ratio, "history_years": history,
        "late_payments": late, "amount": amount, "approved": approved, "repaid": repaid,
    })


# --------------------------------------------------------------------------- blobs with outliers


def blobs_outliers(rng: np.random.Generator, *, n_inliers: int = 480, n_outliers: int = 20,
                   n_blobs: int = 4) -> pd.DataFrame:
    """Gaussian blobs in the plane, and outliers planted far from every blob.

    Centres are drawn in [-8, 8]² at least 5 apart; each blob has its own
    spread (0.6 to 1.2). Outliers are uniform in [-14, 14]² and kept only if
    they lie more than 4.5 standard deviations from every centre.

    Returns
    -------
    pandas.DataFrame
        ``x1, x2, cluster`` (-1 for an outlier) and ``is_outlier`` (0/1), rows shuffled.
    """
    draw = Draws(rng)
    centres: list[np.ndarray] = []
    while len(centres) < n_blobs:
        candidate = draw.uniform(2, -8.0, 8.0)
        if all(np.hypot(*(candidate - centre)) >= 5.0 for centre in centres):
            centres.append(candidate)
    spread = draw.uniform(n_blobs, 0.6, 1.2)
    cluster = draw.index([1.0] * n_blobs, n_inliers)
    points = np.column_stack([draw.normal(n_inliers), draw.normal(n_inliers)]) * spread[cluster, None] \
        + np.asarray(centres)[cluster]
    outliers: list[np.ndarray] = []
    while len(outliers) < n_outliers:
        candidate = draw.uniform(2, -14.0, 14.0)
        if all(np.hypot(*(candidate - centre)) > 4.5 * s for centre, s in zip(centres, spread)):
            outliers.append(candidate)
    xy = np.vstack([points, np.asarray(outliers).reshape(-1, 2)])
    labels = np.concatenate([cluster, np.full(n_outliers, -1)])
    order = draw.permutation(xy.shape[0])
    return _frame({"x1": np.round(xy[order, 0], 3), "x2": np.round(xy[order, 1], 3),
                   "cluster": labels[order], "is_outlier": (labels[order] == -1).astype(np.int64)})


# --------------------------------------------------------------------------- rare events


def rare_events(rng: np.random.Generator, *, n: int = 4000) -> pd.DataFrame:
    """Ward patients, of whom 3 to 5 % have a serious event in the next 48 hours.

    The prevalence itself is drawn between 3 % and 5 % for each draw; the
    event depends on vital signs and blood tests through a logistic model.

    Returns
    -------
    pandas.DataFrame
        ``age, sex, heart_rate, respiratory_rate, temperature, systolic_bp,
        spo2, wbc, crp, lactate, prior_admissions, event``.
    """
    draw = Draws(rng)
    age = np.rint(np.clip(draw.normal(n, 63, 16), 18, 100)).astype(np.int64)
    sex = _sexes(draw, n, 0.5)
    heart_rate = np.rint(np.clip(draw.normal(n, 82, 13), 40, 170)).astype(np.int64)
    respiratory = np.rint(np.clip(draw.normal(n, 17, 3.5), 8, 40)).astype(np.int64)
    temperature = np.round(np.clip(draw.normal(n, 37.0, 0.6), 34.5, 41.0), 1)
    systolic = np.rint(np.clip(draw.normal(n, 128, 20), 60, 220)).astype(np.int64)
    spo2 = np.rint(np.clip(100 - draw.lognormal(n, 3.0, 0.5), 75, 100)).astype(np.int64)
    wbc = np.round(np.clip(draw.lognormal(n, 8.0, 0.35), 1.0, 40.0), 1)
    crp = np.round(np.clip(draw.lognormal(n, 8.0, 1.1), 0.5, 400.0), 1)
    lactate = np.round(np.clip(draw.lognormal(n, 1.3, 0.4), 0.4, 12.0), 1)
    prior = np.minimum(draw.poisson(0.5, n), 9)
    logit = (0.03 * (age - 63) + 0.035 * (heart_rate - 82) + 0.15 * (respiratory - 17)
             + 0.8 * np.abs(temperature - 37.0) - 0.012 * (systolic - 128) - 0.12 * (spo2 - 97)
             + 0.5 * np.log(crp / 8) + 0.6 * (lactate - 1.3) + 0.25 * prior)
    prevalence = draw.uniform(1, 0.03, 0.05)[0]
    event = draw.bernoulli(sigmoid(logit + intercept_for(logit, prevalence)))
    return _frame({
        "age": age, "sex": sex, "heart_rate": heart_rate, "respiratory_rate": respiratory,
        "temperature": temperature, "systolic_bp": systolic, "spo2": spo2, "wbc": wbc, "crp": crp,
        "lactate": lactate, "prior_admissions": prior, "event": event,
    })


# --------------------------------------------------------------------------- cardiology

_CHEST_PAIN = ("typical", "atypical", "non_anginal", "asymptomatic")
_RESTING_ECG = ("normal", "st_t_abnormality", "lv_hypertrophy")


def cardiology(rng: np.random.Generator, *, n: int = 303) -> pd.DataFrame:
    """Patients referred for suspected coronary disease, with its presence as the target.

    The marginal distributions aim at the published summary of the Cleveland
    series of the UCI Heart Disease data (Detrano et al., 1989), approximately:
    age 54.4 years (SD 9.0), 68 % men, chest pain typical 8 % / atypical 17 % /
    non-anginal 28 % / asymptomatic 47 %, resting blood pressure 131.7 mmHg
    (SD 17.6), cholesterol 246.7 mg/dl (SD 51.8), fasting glucose above
    120 mg/dl 15 %, maximum heart rate 149.6 bpm (SD 22.9), exercise angina
    33 %, ST depression 1.04 mm (SD 1.16), disease present 46 %. The relations
    between the variables and the disease are chosen by the project.

    Returns
    -------
    pandas.DataFrame
        ``age, sex, chest_pain, resting_bp, cholesterol, fasting_glucose_high,
        resting_ecg, max_heart_rate, exercise_angina, st_depression, disease``.
    """
    draw = Draws(rng)
    age = np.rint(np.clip(draw.normal(n, 54.4, 9.0), 29, 77)).astype(np.int64)
    male = draw.bernoulli(0.68, n)
    pain = draw.index([0.08, 0.17, 0.28, 0.47], n)
    resting_bp = np.rint(np.clip(draw.normal(n, 131.7 + 0.25 * (age - 54.4), 17.4), 94, 200)).astype(np.int64)
    cholesterol = np.rint(np.clip(draw.normal(n, 246.7, 51.8), 126, 564)).astype(np.int64)
    glucose_high = draw.bernoulli(0.15, n)
    ecg = draw.index([0.5, 0.015, 0.485], n)
    max_rate = np.rint(np.clip(draw.normal(n, 149.6 - 0.95 * (age - 54.4), 20.9), 71, 202)).astype(np.int64)
    angina = draw.bernoulli(np.where(pain == 3, 0.52, 0.16))
    st_depression = np.where(draw.bernoulli(0.67, n) == 1,
                             np.round(np.clip(draw.lognormal(n, 1.26, 0.65), 0.1, 6.2), 1), 0.0)
    logit = (0.045 * (age - 54.4) + 1.1 * male + 1.4 * (pain == 3) + 0.012 * (resting_bp - 131.7)
             + 0.004 * (cholesterol - 246.7) + 0.3 * (ecg == 2) - 0.025 * (max_rate - 149.6)
             + 0.9 * angina + 0.6 * (st_depression - 1.04))
    disease = draw.bernoulli(sigmoid(logit + intercept_for(logit, 0.46)))
    return _frame({
        "age": age, "sex": np.where(male == 1, "M", "F").astype(object),
        "chest_pain": np.asarray(_CHEST_PAIN, dtype=object)[pain], "resting_bp": resting_bp,
        "cholesterol": cholesterol, "fasting_glucose_high": glucose_high,
        "resting_ecg": np.asarray(_RESTING_ECG, dtype=object)[ecg], "max_heart_rate": max_rate,
        "exercise_angina": angina, "st_depression": st_depression, "disease": disease,
    })


# --------------------------------------------------------------------------- small cohort


def small_cohort(rng: np.random.Generator, *, threshold: float = 50.0) -> pd.DataFrame:
    """A small diagnostic study: 60 to 120 patients, a test score and the disease status.

    The number of patients is part of the draw. About 35 % have the disease
    (at least 12 patients in each group); the score (0 to 100, arbitrary
    units) is higher on average in the diseased, and ``test_positive`` marks
    a score at or above `threshold`.

    Returns
    -------
    pandas.DataFrame
        ``patient_id, age, sex, score, test_positive, disease``.
    """
    draw = Draws(rng)
    n = int(draw.integers(60, 121, 1)[0])
    n_sick = int(np.clip(np.sum(draw.bernoulli(0.35, n)), 12, n - 12))
    disease = np.zeros(n, dtype=np.int64)
    disease[draw.sample(n, n_sick)] = 1
    score = np.round(np.clip(np.where(disease == 1, draw.normal(n, 62, 15), draw.normal(n, 40, 15)),
                             0, 100), 1)
    age = np.rint(np.clip(draw.normal(n, 63, 12), 25, 95)).astype(np.int64)
    return _frame({
        "patient_id": [f"S{i + 1:03d}" for i in range(n)], "age": age, "sex": _sexes(draw, n, 0.5),
        "score": score, "test_positive": (score >= threshold).astype(np.int64), "disease": disease,
    })
