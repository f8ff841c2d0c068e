"""M7, responsible AI: the answers a careful teacher would try (tests/test_registry_proof.py proves each exercise).

Other right answers (another library, another estimator, other spellings) must pass; wrong answers
that no declared mistake covers must fail with feedback that says what is wrong.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from caire_exercises.engine.report import Result
from caire_exercises.exercises import responsible
from caire_exercises.testing import check_answers

STUDENT = "alice@example.org"


def check(exercise: Any, answers: dict[str, Any], *, student: str | None = STUDENT) -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, answers, secret="course secret")


def messages(result: Result, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


# ------------------------------------------------------------------ fairness_metrics


def fairness_with_pandas(y_true, y_pred, group):
    frame = pd.DataFrame({"y": np.asarray(y_true), "p": np.asarray(y_pred), "g": np.asarray(group)})
    reference, other = sorted(frame["g"].unique())
    selection = frame.groupby("g")["p"].mean()
    tpr = frame[frame["y"] == 1].groupby("g")["p"].mean()
    fpr = frame[frame["y"] == 0].groupby("g")["p"].mean()
    return {
        "selection_rate": selection.to_dict(),
        "demographic_parity_difference": selection[other] - selection[reference],
        "equal_opportunity_difference": tpr[other] - tpr[reference],
        "equalized_odds_difference": max(abs(tpr[other] - tpr[reference]), abs(fpr[other] - fpr[reference])),
    }


def fairness_mean_of_gaps(y_true, y_pred, group):
    result = responsible.fairness_metrics(y_true, y_pred, group)
    y_true, y_pred, group = np.asarray(y_true), np.asarray(y_pred), np.asarray(group)
    reference, other = sorted(np.unique(group))
    fpr = {g: np.mean(y_pred[(group == g) & (y_true == 0)]) for g in (reference, other)}
    result["equalised_odds_difference"] = (abs(result["equal_opportunity_difference"])
                                           + abs(fpr[other] - fpr[reference])) / 2
    return result


def test_fairness_metrics_other_right_answers_pass() -> None:
    for student in (None, STUDENT):
        assert check(responsible.FAIRNESS_METRICS, {"fairness_metrics": fairness_with_pandas},
                     student=student).passed


def test_fairness_metrics_mean_of_gaps_fails_and_says_why() -> None:
    result = check(responsible.FAIRNESS_METRICS, {"fairness_metrics": fairness_mean_of_gaps})
    assert not result.passed
    assert "larger of |ΔTPR| and |ΔFPR|" in messages(result)


# ------------------------------------------------------------------ credit_audit


def audit_by_hand(df):
    """Newton's method on the log-likelihood, NaN for rates that cannot be computed."""
    approval = {g: float(df.loc[df["group"] == g, "approved"].mean()) for g in ("A", "B")}
    if df["repaid"].isna().any():
        repaid = {"A": float("nan"), "B": float("nan")}
    else:
        repaid = {g: float(df.loc[(df["group"] == g) & (df["repaid"] == 1), "approved"].mean()) for g in "AB"}
    columns = ["income", "debt_ratio", "history_years", "late_payments", "amount"]
    X = df[columns].to_numpy(dtype=float)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X = np.column_stack([np.ones(len(df)), X, (df["group"] == "B").to_numpy(dtype=float)])
    y = df["approved"].to_numpy(dtype=float)
    beta = np.zeros(X.shape[1])
    for _ in range(25):
        p = 1 / (1 + np.exp(-X @ beta))
        beta += np.linalg.solve(X.T @ (X * (p * (1 - p))[:, None]), X.T @ (y - p))
    return {"approval_rates": approval, "approval_rate_repaid": repaid,
            "odds_ratio": float(np.exp(beta[-1])), "dropping_group_removes_bias": False}


def audit_in_percent(df):
    result = responsible.audit(df)
    result["approval_rate"] = {g: 100 * rate for g, rate in result["approval_rate"].items()}
    return result


def test_credit_audit_by_hand_with_nan_passes() -> None:
    assert check(responsible.CREDIT_AUDIT, {"audit": audit_by_hand}).passed


def test_credit_audit_percentages_fail_and_say_what_a_rate_is() -> None:
    result = check(responsible.CREDIT_AUDIT, {"audit": audit_in_percent})
    assert not result.passed and "share of its applicants" in messages(result)


# ------------------------------------------------------------------------ proxies


def proxy_auc_forest(df):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.metrics import roc_auc_score

    y = (df["group"] == "B").astype(int).to_numpy()
    scores = {}
    for column in df.columns.drop("group"):
        X = pd.get_dummies(df[[column]]) if not pd.api.types.is_numeric_dtype(df[column]) else df[[column]]
        model = RandomForestClassifier(n_estimators=40, min_samples_leaf=30, random_state=0, n_jobs=1)
        proba = cross_val_predict(model, X, y, cv=KFold(4, shuffle=True, random_state=3), method="predict_proba")
        scores[column] = roc_auc_score(y, proba[:, 1])
    return pd.Series(scores)


def proxy_auc_unoriented(df):
    from sklearn.metrics import roc_auc_score

    y = (df["group"] == "B").astype(int)
    return {column: (roc_auc_score(y, df[column]) if pd.api.types.is_numeric_dtype(df[column])
                     else roc_auc_score(y, df[column].astype("category").cat.codes))
            for column in df.columns.drop("group")}


def test_proxies_another_model_and_scheme_passes() -> None:
    assert check(responsible.PROXIES_EXERCISE, {"proxy_auc": proxy_auc_forest}).passed


def test_proxies_raw_scores_without_a_model_fail() -> None:
    result = check(responsible.PROXIES_EXERCISE, {"proxy_auc": proxy_auc_unoriented})
    assert not result.passed and "held-out fold" in messages(result)


# --------------------------------------------------------------------- mitigation


def mitigate_numbers_only(train):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    counts = train.groupby(["group", "approved"]).size()
    expected = (train["group"].value_counts(normalize=True).to_numpy()[:, None]
                * train["approved"].value_counts(normalize=True).sort_index().to_numpy()[None, :])
    weights = train.apply(lambda row: len(train) * train["group"].eq(row["group"]).mean()
                          * train["approved"].eq(row["approved"]).mean()
                          / counts[(row["group"], row["approved"])], axis=1).to_numpy()
    assert expected.shape == (2, 2)
    columns = ColumnTransformer([("numbers", StandardScaler(), ["age", "income", "debt_ratio", "history_years",
                                                                "late_payments", "amount"]),
                                 ("district", OneHotEncoder(handle_unknown="ignore"), ["district"])])
    model = make_pipeline(columns, LogisticRegression(C=0.5, max_iter=2000))
    model.fit(train.drop(columns=["approved"]), train["approved"], logisticregression__sample_weight=weights)
    return model


class GroupThresholds:
    """A model with a lower threshold for group B: it reads `group` to decide."""

    def fit(self, X, y):
        from sklearn.linear_model import LogisticRegression

        self.columns = ["income", "debt_ratio", "history_years", "late_payments", "amount"]
        self.model = LogisticRegression(max_iter=2000).fit(X[self.columns], y)
        return self

    def predict(self, X):
        threshold = np.where(X["group"] == "B", 0.35, 0.5)
        return (self.model.predict_proba(X[self.columns])[:, 1] >= threshold).astype(int)


def mitigate_with_thresholds(train):
    return GroupThresholds().fit(train, train["approved"])


def test_mitigation_other_weights_and_french_verdict_pass() -> None:
    answers = {"mitigate": mitigate_numbers_only, "thresholds_verdict": lambda: "Discrimination directe"}
    assert check(responsible.MITIGATION, answers).passed


def test_mitigation_group_thresholds_fail_as_reading_group() -> None:
    result = check(responsible.MITIGATION, {"mitigate": mitigate_with_thresholds,
                                            "thresholds_verdict": responsible.thresholds_verdict})
    assert not result.passed and "reads `group`" in messages(result)


# ------------------------------------------------------------------------ explain


def explain_by_hand(trees, linear, X_train, y_train, X_test, y_test, patient):
    from sklearn.inspection import permutation_importance

    result = permutation_importance(trees, X_test, y_test, n_repeats=5, random_state=0, scoring="accuracy")
    importances = pd.Series(result.importances_mean, index=X_test.columns)
    scaler, logistic = linear.named_steps["standardscaler"], linear.named_steps["logisticregression"]
    z = (patient.to_numpy()[0] - scaler.mean_) / scaler.scale_
    return {"importances": importances, "top3": list(importances.nlargest(3).index),
            "contributions": pd.Series(logistic.coef_[0] * z, index=X_test.columns),
            "intercept": logistic.intercept_[0], "important_means_cause": False}


def explain_bottom3(*args):
    result = responsible.explain(*args)
    result["top3"] = sorted(result["importances"], key=result["importances"].get)[:3]
    return result


def test_explain_by_hand_passes() -> None:
    assert check(responsible.EXPLAIN, {"explain": explain_by_hand}).passed


def test_explain_wrong_end_of_the_ranking_fails() -> None:
    result = check(responsible.EXPLAIN, {"explain": explain_bottom3})
    assert not result.passed and "three columns" in messages(result)


# --------------------------------------------------------------------- reidentify


def reidentify_by_merge(deid, public):
    keys = ["age", "sex", "postcode"]
    once_deid = deid[~deid.duplicated(keys, keep=False)]
    once_public = public[~public.duplicated(keys, keep=False)]
    return len(once_deid.merge(once_public[keys], on=keys))


def generalise_with_cut(df):
    out = df.copy()
    out["age"] = pd.cut(df["age"], bins=[0, 40, 60, 80, 120], right=False).astype(str)
    out["postcode"] = "69000-01999"
    return out


def reidentify_public_unique_only(deid, public):
    keys = ["age", "sex", "postcode"]
    once_public = public[~public.duplicated(keys, keep=False)]
    return len(deid.merge(once_public[keys], on=keys))


def test_reidentify_other_right_answers_pass() -> None:
    answers = {"reidentify": reidentify_by_merge, "generalise": generalise_with_cut}
    for student in (None, STUDENT):
        assert check(responsible.REIDENTIFY, answers, student=student).passed


def test_reidentify_forgetting_duplicates_among_patients_fails() -> None:
    result = check(responsible.REIDENTIFY, {"reidentify": reidentify_public_unique_only,
                                            "generalise": responsible.generalise})
    assert not result.passed and "exactly once in `deid`" in messages(result)


# --------------------------------------------------------------------- model_card


def french_card(exercise: Any) -> dict[str, Any]:
    numbers = exercise.params
    rates = {}
    for sex, name in (("F", "femmes"), ("M", "hommes")):
        tp, fn, fp, tn = (numbers[f"{cell}_{sex}"] for cell in ("tp", "fn", "fp", "tn"))
        rates[name] = {"Sensibilité": round(100 * tp / (tp + fn), 1), "Spécificité": round(100 * tn / (tn + fp), 1)}
    return {
        "Usage prévu": "referred_adults_in_training_ages",
        "hors périmètre": ("younger_than_training_ages", "older_than_training_ages", "screening_without_symptoms"),
        "population d'entraînement": {"âge minimum": numbers["train_age_min"], "âge maximum": numbers["train_age_max"],
                                      "part de femmes": numbers["train_women"] / numbers["n_train"]},
        "métriques": rates,
        "limites": ["sensitivity_gap_between_sexes", "fewer_women_than_men", "no_external_validation"],
    }


def test_model_card_in_french_with_percentages_passes() -> None:
    bound = responsible.MODEL_CARD.for_student(STUDENT)
    assert check(responsible.MODEL_CARD, {"model_card": french_card(bound)}).passed


def test_model_card_that_forgets_screening_loses_that_section_only() -> None:
    bound = responsible.MODEL_CARD.for_student(STUDENT)
    card = french_card(bound)
    card["hors périmètre"] = ["younger_than_training_ages", "older_than_training_ages"]
    result = check(responsible.MODEL_CARD, {"model_card": card})
    failed = [case.name for case in result.cases if not case.passed]
    assert failed == ["out_of_scope"] and "without symptoms" in messages(result)


def test_the_module_declares_its_exercises() -> None:
    assert responsible.MODULE.code == "M7" and responsible.MODULE.id == "responsible"
    assert [exercise.id for exercise in responsible.EXERCISES] == [
        "responsible.ai_act_tiers", "responsible.gdpr_check", "responsible.model_card", "responsible.fairness_metrics", "responsible.credit_audit",
        "responsible.proxies", "responsible.mitigation", "responsible.explain", "responsible.reidentify"]
