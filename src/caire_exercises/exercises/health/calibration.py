"""health.calibration: O/E, calibration slope and intercept on the logits, Brier score.

A function answer compared with the reference on the risks that a model fitted
in hospital A gives the patients of other hospitals; the hidden case is a
hospital of another draw. The slope and intercept come from a logistic
recalibration on the logits (Cox 1958; Steyerberg, *Clinical Prediction
Models*, 2nd ed., 2019), never from a binned estimate. The judge draws
the reliability diagram.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.authoring.figures import line_chart
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import CANONICAL, MODULE_ID, hospital_risks


def calibration_report(y_true, risk):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(risk, dtype=float)
    logit = np.log(p / (1 - p))
    design = np.column_stack([np.ones_like(logit), logit])
    coef = np.zeros(2)
    for _ in range(100):  # Newton's method for an unpenalised logistic regression
        fitted = 1 / (1 + np.exp(-design @ coef))
        step = np.linalg.solve(design.T @ (design * (fitted * (1 - fitted))[:, None]), design.T @ (y - fitted))
        coef += step
        if np.max(np.abs(step)) < 1e-12:
            break
    return {"oe": float(y.sum() / p.sum()), "intercept": float(coef[0]), "slope": float(coef[1]),
            "brier": float(np.mean((p - y) ** 2))}


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    hidden_seed = int(rng.integers(0, 2**31))
    return [
        Case("hospital D", hospital_risks(CANONICAL, "D"), rtol=5e-3, atol=1e-4,
             label=Text(en="the model from hospital A, applied in hospital D",
                        fr="le modèle de l'hôpital A, appliqué à l'hôpital D")),
        Case("hospital C", hospital_risks(CANONICAL, "C"), rtol=5e-3, atol=1e-4,
             label=Text(en="the same model, applied in hospital C (older patients)",
                        fr="le même modèle, appliqué à l'hôpital C (patients plus âgés)")),
        Case("another hospital", hospital_risks(hidden_seed, "B"), hidden=True, rtol=5e-3, atol=1e-4),
    ]


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    """The reliability diagram: observed rate against mean predicted risk, in tenths of the patients."""
    y, risk = (np.asarray(item, dtype=float) for item in case.args)
    groups = np.array_split(np.argsort(risk, kind="stable"), 10)
    predicted = [float(np.mean(risk[group])) for group in groups]
    observed_rate = [float(np.mean(y[group])) for group in groups]
    return line_chart({Text(en="observed", fr="observé").render(): observed_rate,
                       Text(en="perfect calibration", fr="calibration parfaite").render(): predicted},
                      x_values=predicted,
                      title=Text(en="reliability diagram (tenths of the patients)",
                                 fr="diagramme de fiabilité (dixièmes des patients)").render(),
                      x_label=Text(en="mean predicted risk", fr="risque prédit moyen").render(),
                      y_label=Text(en="observed rate", fr="taux observé").render())


_on_probabilities = edited(calibration_report, "design = np.column_stack([np.ones_like(logit), logit])",
                           "design = np.column_stack([np.ones_like(p), p])")
_expected_over_observed = edited(calibration_report, '"oe": float(y.sum() / p.sum())',
                                 '"oe": float(p.sum() / y.sum())')
_brier_on_labels = edited(calibration_report, "np.mean((p - y) ** 2)", "np.mean(((p >= 0.5) - y) ** 2)")


def _good_auc_so_calibrated(y_true, risk):
    y, p = np.asarray(y_true, dtype=float), np.asarray(risk, dtype=float)
    return {"oe": 1.0, "intercept": 0.0, "slope": 1.0, "brier": float(np.mean((p - y) ** 2))}


def _penalised(y_true, risk):
    from sklearn.linear_model import LogisticRegression

    y, p = np.asarray(y_true), np.asarray(risk, dtype=float)
    logit = np.log(p / (1 - p)).reshape(-1, 1)
    model = LogisticRegression().fit(logit, y)
    return {"oe": float(y.sum() / p.sum()), "intercept": float(model.intercept_[0]),
            "slope": float(model.coef_[0, 0]), "brier": float(np.mean((p - y) ** 2))}


CALIBRATION = Exercise(
    id="health.calibration",
    module=MODULE_ID,
    title=Text(en="Calibration in another hospital: O/E, slope, intercept, Brier",
               fr="La calibration dans un autre hôpital : O/E, pente, ordonnée à l'origine, Brier"),
    statement=Text(
        en=r"""A model that predicts death or transfer to intensive care within 30 days was fitted
on the patients of hospital A (data set `hospitals`). It is now used in other hospitals. Does a
risk of 20 % still mean that 20 patients in 100 have the event?

Write `calibration_report(y_true, risk)`: `y_true` holds the outcomes (1 = the event), `risk` the
model's predicted risks (strictly between 0 and 1) for the patients of one hospital. Return a
dict with

- `"oe"`: calibration-in-the-large, the ratio **observed / expected** = number of events / sum of
  the predicted risks (1 is perfect; below 1 the model overestimates the risk);
- `"slope"` and `"intercept"`: the **logistic recalibration on the logits**: fit, without any
  penalty, the logistic regression $\text{logit}\,P(y=1) = a + b\cdot\text{logit}(\text{risk})$ where
  $\text{logit}(p) = \ln\frac{p}{1-p}$; return $b$ (the calibration slope, 1 is perfect, below 1
  the risks are too extreme) and $a$ (the intercept of that same fit);
- `"brier"`: the Brier score, the mean of $(\text{risk} - y)^2$.

Any correct way passes (NumPy, SciPy, scikit-learn's `LogisticRegression(C=np.inf)`, which
older releases write `penalty=None`; statsmodels is not installed): the slope and the intercept
are compared to within 0.5 %, which leaves room for an iterative solver. The check
runs your function on hospitals you see and on one you do not, and draws the reliability
diagram.""",
        fr=r"""Un modèle qui prédit le décès ou le transfert en réanimation à 30 jours a été ajusté
sur les patients de l'hôpital A (jeu de données `hospitals`). On l'utilise maintenant dans
d'autres hôpitaux. Un risque de 20 % veut-il encore dire que 20 patients sur 100 auront
l'événement ?

Écrivez `calibration_report(y_true, risk)` : `y_true` contient les issues (1 = l'événement),
`risk` les risques prédits par le modèle (strictement entre 0 et 1) pour les patients d'un
hôpital. Renvoyez un dictionnaire avec

- `"oe"` : la calibration globale (`calibration-in-the-large`), le rapport **observé / attendu** =
  nombre d'événements / somme des risques prédits (1 est parfait ; en dessous de 1, le modèle
  surestime le risque) ;
- `"slope"` et `"intercept"` : la **recalibration logistique sur les logits** : ajustez, sans
  aucune pénalité, la régression logistique
  $\text{logit}\,P(y=1) = a + b\cdot\text{logit}(\text{risque})$ où $\text{logit}(p) = \ln\frac{p}{1-p}$ ;
  renvoyez $b$ (la pente de calibration, 1 est parfait ; en dessous de 1, les risques sont trop
  extrêmes) et $a$ (l'ordonnée à l'origine de ce même ajustement) ;
- `"brier"` : le score de Brier, la moyenne de $(\text{risque} - y)^2$.

Toute méthode juste est acceptée (NumPy, SciPy, la `LogisticRegression(C=np.inf)` de
scikit-learn, que les versions plus anciennes écrivent `penalty=None` ; statsmodels n'est pas
installé) : la pente et l'ordonnée à l'origine sont comparées à 0,5 % près, ce qui laisse de la
marge à un solveur itératif. La vérification lance votre fonction sur des hôpitaux que vous voyez et sur un
autre que vous ne voyez pas, et trace le diagramme de fiabilité.""",
    ),
    answer_name="calibration_report",
    kind="function",
    reference=calibration_report,
    cases=_cases,
    probe=probes.calls("calibration_report"),
    figure=_figure,
    difficulty=2,
    minutes=25,
    tags=("calibration", "O/E", "calibration slope", "Brier score", "external validation"),
    dataset="hospitals",
    mistakes=(
        Mistake("slope_on_probabilities", Text(
            en="Your slope and intercept come from a regression on the predicted probabilities. "
               "Logistic recalibration regresses the outcome on the LOGITS of the risks, "
               "ln(p / (1 − p)): a slope of 1 then means the risks are neither too extreme nor too "
               "timid.",
            fr="Votre pente et votre ordonnée à l'origine viennent d'une régression sur les "
               "probabilités prédites. La recalibration logistique régresse l'issue sur les LOGITS des "
               "risques, ln(p / (1 − p)) : une pente de 1 signifie alors que les risques ne sont ni "
               "trop extrêmes ni trop timides."), _on_probabilities),
        Mistake("good_auc_so_calibrated", Text(
            en="You report a perfect calibration (O/E 1, slope 1, intercept 0) without measuring it. "
               "A good AUC says the model ranks patients well, not that its risks are right: compute "
               "the observed / expected ratio and fit the recalibration model.",
            fr="Vous annoncez une calibration parfaite (O/E 1, pente 1, ordonnée 0) sans la mesurer. "
               "Une bonne AUC dit que le modèle classe bien les patients, pas que ses risques sont "
               "justes : calculez le rapport observé / attendu et ajustez le modèle de "
               "recalibration."), _good_auc_so_calibrated),
        Mistake("expected_over_observed", Text(
            en="Your O/E is upside down: it is the number of OBSERVED events divided by the EXPECTED "
               "number, the sum of the predicted risks.",
            fr="Votre O/E est à l'envers : c'est le nombre d'événements OBSERVÉS divisé par le nombre "
               "ATTENDU, la somme des risques prédits."), _expected_over_observed),
        Mistake("penalised_fit", Text(
            en="Your slope is slightly shrunk: scikit-learn's LogisticRegression penalises the "
               "coefficients by default (C=1.0). A recalibration must not be penalised: use "
               "`LogisticRegression(C=np.inf)` (`penalty=None` in older releases).",
            fr="Votre pente est légèrement rétrécie : la LogisticRegression de scikit-learn pénalise "
               "les coefficients par défaut (C=1.0). Une recalibration ne doit pas être pénalisée : "
               "utilisez `LogisticRegression(C=np.inf)` (`penalty=None` dans les versions plus anciennes)."),
               _penalised),
        Mistake("brier_on_decisions", Text(
            en="Your Brier score compares 0/1 decisions with the outcomes. It is computed on the "
               "predicted RISKS themselves: mean((risk − y)²).",
            fr="Votre score de Brier compare des décisions 0/1 aux issues. Il se calcule sur les "
               "RISQUES prédits eux-mêmes : moyenne de (risque − y)²."), _brier_on_labels),
    ),
    hints=(
        Text(en="O/E and the Brier score are one line each: `y.sum() / risk.sum()` and "
                "`np.mean((risk - y) ** 2)`.",
             fr="O/E et le score de Brier tiennent chacun en une ligne : `y.sum() / risk.sum()` et "
                "`np.mean((risk - y) ** 2)`."),
        Text(en="Turn the risks into logits first; the recalibration model has this one column as its "
                "only feature.",
             fr="Transformez d'abord les risques en logits ; le modèle de recalibration a cette seule "
                "colonne pour variable."),
        Text(en="With scikit-learn: `LogisticRegression(C=np.inf).fit(logit.reshape(-1, 1), y)`; "
                "the slope is in `coef_`, the intercept in `intercept_`.",
             fr="Avec scikit-learn : `LogisticRegression(C=np.inf).fit(logit.reshape(-1, 1), y)` ; "
                "la pente est dans `coef_`, l'ordonnée à l'origine dans `intercept_`."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: measure calibration the way the clinical literature does (O/E, logistic "
           "recalibration slope and intercept, Brier score) and read a reliability diagram. "
           "Misconceptions aimed at: a good AUC means good calibration; the slope is fitted on the "
           "probabilities; a binned error (ECE) is enough. Debrief: in hospital D the model ranks "
           "patients about as well as in A, yet its O/E is far below 1: what could make every risk "
           "too high? What would a slope below 1 mean for a decision taken at a fixed threshold? "
           "Should a hospital recalibrate a certified model itself?",
        fr="Objectifs : mesurer la calibration comme le fait la littérature clinique (O/E, pente et "
           "ordonnée à l'origine de la recalibration logistique, score de Brier) et lire un "
           "diagramme de fiabilité. Idées fausses visées : une bonne AUC garantit une bonne "
           "calibration ; la pente s'ajuste sur les probabilités ; une erreur par classes (ECE) "
           "suffit. Pour le débriefing : à l'hôpital D, le modèle classe les patients presque aussi "
           "bien qu'en A, mais son O/E est bien en dessous de 1 : qu'est-ce qui pourrait rendre tous "
           "les risques trop élevés ? Que signifierait une pente inférieure à 1 pour une décision "
           "prise à un seuil fixe ? Un hôpital doit-il recalibrer lui-même un modèle certifié ?"),
)
