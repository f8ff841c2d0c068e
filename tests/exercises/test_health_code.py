"""M8, AI in health, the code exercises: right answers written another way pass, undeclared wrong ones fail.

Every exercise is proven by tests/test_registry_proof.py (reference, declared
mistakes, variants, grader parity). Here: what a careful teacher would try
besides, with other libraries, French keys, other estimators, other seeds and
numbers of resamples; and wrong answers that no declared mistake describes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from caire_exercises.exercises import health
from caire_exercises.exercises.health.probes import key_of
from caire_exercises.testing import check_answers

STUDENTS = ("alice@example.org", "bob@example.org")


def check(exercise: Any, answers: dict[str, Any], student: str = STUDENTS[0]):
    return check_answers(exercise.for_student(student), answers, secret="course secret")


def failures(result: Any) -> list[str]:
    return [f"{case.name}: {case.message}" for case in result.cases if not case.passed]


# ----------------------------------------------------------------- diagnostic_metrics


def metrics_with_sklearn(y_true, y_score, threshold):
    from sklearn.metrics import confusion_matrix

    tn, fp, fn, tp = (np.float64(v) for v in confusion_matrix(
        y_true, (np.asarray(y_score) >= threshold).astype(int), labels=[0, 1]).ravel())
    with np.errstate(divide="ignore", invalid="ignore"):
        se, sp = tp / (tp + fn), tn / (tn + fp)
        return {"Sensibilité": se, "spécificité": sp, "VPP": tp / (tp + fp), "VPN": tn / (tn + fn),
                "RV+": se / (1 - sp), "RV−": (1 - se) / sp}


def metrics_in_percent(y_true, y_score, threshold):
    result = health.diagnostic_metrics(y_true, y_score, threshold)
    return {key: 100 * value if key in ("sensitivity", "specificity", "ppv", "npv") else value
            for key, value in result.items()}


@pytest.mark.parametrize("student", STUDENTS)
def test_diagnostic_metrics_in_french_with_sklearn_passes(student):
    result = check(health.DIAGNOSTIC_METRICS, {"diagnostic_metrics": metrics_with_sklearn}, student)
    assert result.passed, failures(result)


def test_diagnostic_metrics_in_percent_fails():
    assert not check(health.DIAGNOSTIC_METRICS, {"diagnostic_metrics": metrics_in_percent}).passed


def test_french_and_english_keys_are_read_alike():
    assert [key_of(k) for k in ("Sensibilité", "VPN", "RV−", "rv+", "lr-", "O/E", "pente", "seuil", "B")] == [
        "sensitivity", "npv", "lr_minus", "lr_plus", "lr_minus", "oe", "slope", "threshold", "B"]


# ------------------------------------------------------------------- operating_point


def operating_point_with_roc_curve(y_val, p_val, y_test, p_test):
    from scipy.stats import binomtest
    from sklearn.metrics import roc_curve

    fpr, tpr, thresholds = roc_curve(np.asarray(y_val) == 0, 1 - np.asarray(p_val))
    first = int(np.argmax(tpr >= 0.95))  # the lowest false positive rate that reaches 0.95
    threshold = thresholds[first]
    sick = np.asarray(y_test) == 0
    k, n = int(np.sum((1 - np.asarray(p_test))[sick] >= threshold)), int(sick.sum())
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return {"seuil": threshold, "sensibilité": k / n, "intervalle": [ci.low, ci.high]}


def operating_point_clopper_pearson(y_val, p_val, y_test, p_test):
    from scipy.stats import binomtest

    result = health.operating_point(y_val, p_val, y_test, p_test)
    sick = np.asarray(y_test) == 0
    n = int(sick.sum())
    ci = binomtest(round(result["sensitivity"] * n), n).proportion_ci(method="exact")
    return {**result, "interval": (ci.low, ci.high)}


@pytest.mark.parametrize("student", STUDENTS)
def test_operating_point_with_roc_curve_and_scipy_passes(student):
    result = check(health.OPERATING_POINT, {"operating_point": operating_point_with_roc_curve}, student)
    assert result.passed, failures(result)


def test_operating_point_with_another_interval_fails_and_says_wilson():
    result = check(health.OPERATING_POINT, {"operating_point": operating_point_clopper_pearson})
    assert not result.passed
    assert any("Wilson" in str(case.message) for case in result.cases if not case.passed)


# ------------------------------------------------------------------------- imbalance


def metrics_by_hand(y_true, y_score, threshold):
    from sklearn.metrics import average_precision_score

    y, flagged = np.asarray(y_true) == 1, np.asarray(y_score) >= threshold
    return {"exactitude": float(np.mean(y == flagged)),
            "exactitude_equilibree": float((np.mean(flagged[y]) + np.mean(~flagged[~y])) / 2),
            "precision_moyenne": average_precision_score(y_true, y_score)}


def weighted_by_hand():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import RobustScaler

    return Pipeline([("scale", RobustScaler()), ("model", LogisticRegression(class_weight={0: 1, 1: 25},
                                                                              max_iter=2000))])


def test_imbalance_by_hand_with_other_weights_passes():
    result = check(health.IMBALANCE, {"imbalance_metrics": metrics_by_hand, "make_model": weighted_by_hand})
    assert result.passed, failures(result)


def test_imbalance_with_a_model_that_says_no_to_everyone_fails():
    from sklearn.dummy import DummyClassifier

    result = check(health.IMBALANCE, {"imbalance_metrics": health.imbalance_metrics,
                                      "make_model": lambda: DummyClassifier(strategy="most_frequent")})
    assert not result.passed
    assert any("0.50" in str(case.message) for case in result.cases if not case.passed)


# ----------------------------------------------------------------------- calibration


def calibration_with_sklearn(y_true, risk):
    from sklearn.linear_model import LogisticRegression

    logit = np.log(risk / (1 - risk)).reshape(-1, 1)
    model = LogisticRegression(C=np.inf).fit(logit, y_true)
    return {"O/E": y_true.sum() / risk.sum(), "pente": model.coef_[0][0],
            "ordonnée à l'origine": model.intercept_[0], "score de Brier": np.mean((risk - y_true) ** 2)}


def calibration_by_least_squares(y_true, risk):
    logit = np.log(risk / (1 - risk))
    slope, intercept = np.polyfit(logit, y_true, 1)
    return {"oe": y_true.sum() / risk.sum(), "slope": slope, "intercept": intercept,
            "brier": np.mean((risk - y_true) ** 2)}


def test_calibration_with_sklearn_and_french_keys_passes():
    result = check(health.CALIBRATION, {"calibration_report": calibration_with_sklearn})
    assert result.passed, failures(result)


def test_calibration_by_least_squares_fails():
    assert not check(health.CALIBRATION, {"calibration_report": calibration_by_least_squares}).passed


# --------------------------------------------------------------------- small_samples


def wilson_with_scipy(k, n, confidence=0.95):
    from scipy.stats import binomtest

    if n == 0:
        return (0.0, 1.0)
    interval = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return [interval.low, interval.high]


def bootstrap_with_sklearn(y_true, score):
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(12345)
    aucs = []
    for _ in range(200):
        rows = rng.integers(0, len(y_true), len(y_true))
        if 0 < y_true[rows].sum() < len(rows):
            aucs.append(roc_auc_score(y_true[rows], score[rows]))
    return tuple(np.quantile(aucs, [0.025, 0.975]))


def clopper_pearson(k, n, confidence=0.95):
    from scipy.stats import binomtest

    interval = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    return interval.low, interval.high


def test_small_samples_with_scipy_sklearn_another_seed_and_fewer_resamples_passes():
    result = check(health.SMALL_SAMPLES, {"wilson_interval": wilson_with_scipy,
                                          "bootstrap_auc": bootstrap_with_sklearn})
    assert result.passed, failures(result)


def test_small_samples_accepts_an_exact_interval_that_covers():
    result = check(health.SMALL_SAMPLES, {"wilson_interval": clopper_pearson,
                                          "bootstrap_auc": health.bootstrap_auc})
    assert result.passed, failures(result)


def test_small_samples_intervals_that_always_cover_fail():
    result = check(health.SMALL_SAMPLES, {"wilson_interval": lambda k, n, confidence=0.95: (0.0, 1.0),
                                          "bootstrap_auc": health.bootstrap_auc})
    assert not result.passed
    result = check(health.SMALL_SAMPLES, {"wilson_interval": health.wilson_interval,
                                          "bootstrap_auc": lambda y, score: (0.0, 1.0)})
    assert not result.passed


# --------------------------------------------------------------- external_validation


def validation_with_boosting(table):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    frame = table.assign(male=(table["sex"] == "M").astype(int)).drop(columns="sex")
    features = [column for column in frame.columns if column not in ("hospital", "outcome")]
    train = frame[frame["hospital"] == "A"]
    model = HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=100, random_state=0)
    model.fit(train[features], train["outcome"])
    result = {}
    for site, rows in frame[frame["hospital"] != "A"].groupby("hospital"):
        risk = model.predict_proba(rows[features])[:, 1]
        result[site] = {"AUC": roc_auc_score(rows["outcome"], risk), "O/E": rows["outcome"].mean() / risk.mean()}
    result["mesure"] = "hôpital D"
    result["recrutement"] = "B et C"
    return result


def validation_from_hospital_d(table):
    result = health.external_validation(table[table["hospital"] != "A"].replace({"hospital": {"D": "A"}}))
    return result


def test_external_validation_with_boosting_pandas_and_french_keys_passes():
    result = check(health.EXTERNAL_VALIDATION, {"external_validation": validation_with_boosting})
    assert result.passed, failures(result)


def test_external_validation_from_the_wrong_hospital_fails():
    assert not check(health.EXTERNAL_VALIDATION, {"external_validation": validation_from_hospital_d}).passed


# -------------------------------------------------------------------- decision_curve


def net_benefit_as_lists(y_true, risk, thresholds):
    n, prevalence = len(y_true), float(np.mean(y_true))
    model, every = [], []
    for pt in thresholds:
        treated = [r >= pt for r in risk]
        tp = sum(1 for t, y in zip(treated, y_true) if t and y == 1)
        fp = sum(1 for t, y in zip(treated, y_true) if t and y == 0)
        model.append(tp / n - fp / n * pt / (1 - pt))
        every.append(prevalence - (1 - prevalence) * pt / (1 - pt))
    return {"modele": model, "traiter_tous": every, "traiter_aucun": [0.0] * len(model),
            "utile": [m > max(a, 0.0) for m, a in zip(model, every)]}


def net_benefit_over_treated(y_true, risk, thresholds):
    result = health.net_benefit(y_true, risk, thresholds)
    treated = np.array([max(1, int(np.sum(np.asarray(risk) >= pt))) for pt in thresholds])
    return {**result, "model": result["model"] * len(y_true) / treated}


def test_decision_curve_with_lists_and_french_keys_passes():
    result = check(health.DECISION_CURVE, {"net_benefit": net_benefit_as_lists})
    assert result.passed, failures(result)


def test_decision_curve_divided_by_the_treated_fails():
    assert not check(health.DECISION_CURVE, {"net_benefit": net_benefit_over_treated}).passed


# ------------------------------------------------------- what the hospitals plant


@pytest.mark.parametrize("seed", [-1, 1, 2])
def test_the_hospitals_plant_a_measurement_problem_in_d_and_case_mix_in_c(seed):
    """The datasheet's claims, on the canonical draw and others: D's creatinine reads high at the
    same age, its O/E is below 1; C, whose patients look alike, has the lowest AUC."""
    from caire_exercises.exercises.health._common import hospital_table

    table = hospital_table(seed)
    # Creatinine rises with age by about 0.8 % a year in the generator: compare it at equal age.
    at_sixty = (table["creatinine"] / np.exp(0.008 * (table["age"] - 60))).groupby(table["hospital"]).median()
    assert 1.15 < at_sixty["D"] / at_sixty["A"] < 1.4
    assert at_sixty.idxmax() == "D"
    result = health.external_validation(table)
    assert result["D"]["oe"] < 0.9
    assert min(result, key=lambda site: result[site]["auc"] if site in "BCD" else 1) == "C"
