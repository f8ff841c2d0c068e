"""health.diagnostic_metrics: the six numbers of a diagnostic test, read off a 2 × 2 table.

A function answer compared with the reference on the same inputs, keys read
in French or English. A score at or above the threshold is a positive test;
a ratio whose denominator is zero follows IEEE arithmetic (``inf`` when its
numerator is positive, ``nan`` when both are zero), the values NumPy gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.authoring.figures import confusion_figure
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import MODULE_ID, decimal_fr


def diagnostic_metrics(y_true, y_score, threshold):
    y_true = np.asarray(y_true)
    positive = np.asarray(y_score) >= threshold
    sick = y_true == 1
    tp = np.sum(positive & sick)
    fp = np.sum(positive & ~sick)
    fn = np.sum(~positive & sick)
    tn = np.sum(~positive & ~sick)
    with np.errstate(divide="ignore", invalid="ignore"):
        sensitivity = np.float64(tp) / (tp + fn)
        specificity = np.float64(tn) / (tn + fp)
        return {
            "sensitivity": float(sensitivity),
            "specificity": float(specificity),
            "ppv": float(np.float64(tp) / (tp + fp)),
            "npv": float(np.float64(tn) / (tn + fn)),
            "lr_plus": float(sensitivity / (1 - specificity)),
            "lr_minus": float((1 - sensitivity) / specificity),
        }


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    threshold = round(float(rng.uniform(0.35, 0.65)), 2)
    prevalence = round(float(rng.uniform(0.15, 0.35)), 2)
    return {"n": int(rng.integers(80, 161)), "threshold": threshold, "threshold_fr": decimal_fr(str(threshold)),
            "prevalence": prevalence, "percent": round(100 * prevalence), "data_seed": int(rng.integers(0, 2**31))}


def _patients(pick: np.random.Generator, n: int, prevalence: float, threshold: float
              ) -> tuple[np.ndarray, np.ndarray]:
    """Disease status and a score to two decimals; a few scores fall exactly on the threshold."""
    y = (pick.random(n) < prevalence).astype(np.int64)
    y[:3], y[3:6] = 1, 0
    score = np.clip(np.where(y == 1, pick.normal(threshold + 0.2, 0.18, n), pick.normal(threshold - 0.15, 0.18, n)),
                    0, 1)
    score = np.round(score, 2)
    score[pick.choice(n, size=4, replace=False)] = threshold
    order = pick.permutation(n)
    return y[order], score[order]


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pick = np.random.default_rng(params["data_seed"])
    n, threshold = params["n"], params["threshold"]
    y, score = _patients(pick, n, params["prevalence"], threshold)
    clean = np.where(y == 1, np.maximum(score, threshold), np.minimum(score, threshold - 0.01))
    clean[np.flatnonzero(y == 1)[:2]] = threshold - 0.05
    hidden_threshold = round(float(rng.uniform(0.3, 0.7)), 2)
    hidden_y, hidden_score = _patients(rng, int(rng.integers(40, 200)), float(rng.uniform(0.1, 0.5)),
                                       hidden_threshold)
    return [
        Case("screening", (y, score, threshold),
             label=Text(en=f"{n} patients, four scores exactly on the threshold",
                        fr=f"{n} patients, dont quatre scores exactement au seuil")),
        Case("no false positive", (y, clean, threshold),
             label=Text(en="no healthy patient tests positive: specificity 1, LR+ infinite",
                        fr="aucun patient sain n'est positif : spécificité 1, RV+ infini")),
        Case("nobody is sick", (np.zeros(n, dtype=np.int64), score, threshold),
             label=Text(en="no diseased patient: the sensitivity is undefined (nan)",
                        fr="aucun patient malade : la sensibilité n'est pas définie (nan)")),
        Case("nobody tests positive", (y, np.minimum(score, threshold - 0.01), threshold),
             label=Text(en="every test is negative: the PPV is undefined (nan)",
                        fr="tous les tests sont négatifs : la VPP n'est pas définie (nan)")),
        Case("hidden", (hidden_y, hidden_score, hidden_threshold), hidden=True),
    ]


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    y, score, threshold = case.args
    positive, sick = np.asarray(score) >= threshold, np.asarray(y) == 1
    table = [[int(np.sum(sick & positive)), int(np.sum(sick & ~positive))],
             [int(np.sum(~sick & positive)), int(np.sum(~sick & ~positive))]]
    return confusion_figure([(Text(en="this case: disease (1) against test", fr="ce cas : maladie (1) et test"),
                              np.asarray([table[1][::-1], table[0][::-1]]))], [0, 1])


_strict = edited(diagnostic_metrics, "np.asarray(y_score) >= threshold", "np.asarray(y_score) > threshold")
_swapped = edited(diagnostic_metrics, ('"sensitivity": float(sensitivity)', '"sensitivity": float(np.float64(tp) / (tp + fp))'),
                  ('"ppv": float(np.float64(tp) / (tp + fp))', '"ppv": float(sensitivity)'))
_spec_npv = edited(diagnostic_metrics, "specificity = np.float64(tn) / (tn + fp)",
                   "specificity = np.float64(tn) / (tn + fn)")
_lr_over_spec = edited(diagnostic_metrics, ("sensitivity / (1 - specificity)", "sensitivity / specificity"),
                       ("(1 - sensitivity) / specificity", "(1 - sensitivity) / (1 - specificity)"))
_healthy_positive = edited(diagnostic_metrics, "sick = y_true == 1", "sick = y_true == 0")


def _zero_if_undefined(y_true, y_score, threshold):
    result = diagnostic_metrics(y_true, y_score, threshold)
    return {key: value if np.isfinite(value) else 0.0 for key, value in result.items()}


def _python_division(y_true, y_score, threshold):
    positive = [score >= threshold for score in y_score]
    tp = sum(1 for sick, pos in zip(y_true, positive) if sick == 1 and pos)
    fp = sum(1 for sick, pos in zip(y_true, positive) if sick != 1 and pos)
    fn = sum(1 for sick, pos in zip(y_true, positive) if sick == 1 and not pos)
    tn = sum(1 for sick, pos in zip(y_true, positive) if sick != 1 and not pos)
    sensitivity, specificity = tp / (tp + fn), tn / (tn + fp)
    return {"sensitivity": sensitivity, "specificity": specificity, "ppv": tp / (tp + fp),
            "npv": tn / (tn + fn), "lr_plus": sensitivity / (1 - specificity),
            "lr_minus": (1 - sensitivity) / specificity}


DIAGNOSTIC_METRICS = Exercise(
    id="health.diagnostic_metrics",
    module=MODULE_ID,
    title=Text(en="Sensitivity, specificity, PPV, NPV and likelihood ratios",
               fr="Sensibilité, spécificité, VPP, VPN et rapports de vraisemblance"),
    statement=Text(
        en=r"""A test gives each patient a score between 0 and 1. Write
`diagnostic_metrics(y_true, y_score, threshold)`: `y_true` holds 1 for a patient with the disease
and 0 otherwise; the test is **positive when `y_score >= threshold`** (a score exactly on the
threshold counts as positive). Return a dict with the keys `"sensitivity"`, `"specificity"`,
`"ppv"`, `"npv"`, `"lr_plus"` and `"lr_minus"` (French keys `"sensibilite"`, `"specificite"`,
`"vpp"`, `"vpn"`, `"rv_plus"`, `"rv_moins"` are accepted too), as floats:

$$\text{Se} = \frac{TP}{TP+FN}\quad \text{Sp} = \frac{TN}{TN+FP}\quad \text{PPV} = \frac{TP}{TP+FP}\quad
\text{NPV} = \frac{TN}{TN+FN}\quad LR^+ = \frac{\text{Se}}{1-\text{Sp}}\quad LR^- = \frac{1-\text{Se}}{\text{Sp}}$$

**Zero denominators.** Never raise an error. A ratio whose denominator is 0 is `inf` when its
numerator is positive (no false positive at all: LR+ is infinite) and `nan` when the numerator
is 0 too (no diseased patient: the sensitivity is undefined). This is what NumPy gives when you
divide NumPy floats, e.g. `np.float64(tp) / (tp + fn)` inside `np.errstate(divide="ignore",
invalid="ignore")`.

Your variant: {n} patients, about {percent} % of them diseased, threshold {threshold}.""",
        fr=r"""Un test donne à chaque patient un score entre 0 et 1. Écrivez
`diagnostic_metrics(y_true, y_score, threshold)` : `y_true` vaut 1 pour un patient atteint de la
maladie et 0 sinon ; le test est **positif quand `y_score >= threshold`** (un score exactement égal
au seuil compte comme positif). Renvoyez un dictionnaire aux clés `"sensitivity"`,
`"specificity"`, `"ppv"`, `"npv"`, `"lr_plus"` et `"lr_minus"` (les clés françaises
`"sensibilite"`, `"specificite"`, `"vpp"`, `"vpn"`, `"rv_plus"`, `"rv_moins"` sont acceptées
aussi), en flottants :

$$\text{Se} = \frac{VP}{VP+FN}\quad \text{Sp} = \frac{VN}{VN+FP}\quad \text{VPP} = \frac{VP}{VP+FP}\quad
\text{VPN} = \frac{VN}{VN+FN}\quad RV^+ = \frac{\text{Se}}{1-\text{Sp}}\quad RV^- = \frac{1-\text{Se}}{\text{Sp}}$$

**Dénominateurs nuls.** Ne levez jamais d'erreur. Un rapport dont le dénominateur est nul vaut
`inf` si son numérateur est positif (aucun faux positif : le RV+ est infini) et `nan` si le
numérateur est nul lui aussi (aucun patient malade : la sensibilité n'est pas définie). C'est ce
que donne NumPy quand on divise des flottants NumPy, par exemple `np.float64(tp) / (tp + fn)` dans
`np.errstate(divide="ignore", invalid="ignore")`.

Votre variante : {n} patients, dont environ {percent} % de malades, seuil {threshold_fr}.""",
    ),
    answer_name="diagnostic_metrics",
    kind="function",
    reference=diagnostic_metrics,
    cases=_cases,
    variant=_variant,
    probe=probes.calls("diagnostic_metrics"),
    figure=_figure,
    difficulty=1,
    minutes=15,
    tags=("diagnostic test", "sensitivity", "specificity", "PPV", "NPV", "likelihood ratio"),
    dataset="synthetic",
    mistakes=(
        Mistake("strict_threshold", Text(
            en="Scores exactly on the threshold count as negative in your function. The statement "
               "makes them positive: use `y_score >= threshold`, not `>`.",
            fr="Dans votre fonction, un score exactement égal au seuil compte comme négatif. "
               "L'énoncé le rend positif : utilisez `y_score >= threshold`, pas `>`."), _strict),
        Mistake("sensitivity_ppv_swapped", Text(
            en="Sensitivity and PPV are swapped. The sensitivity divides by the patients who HAVE "
               "the disease (TP + FN); the PPV by those who TEST positive (TP + FP).",
            fr="Sensibilité et VPP sont inversées. La sensibilité divise par les patients qui ONT la "
               "maladie (VP + FN) ; la VPP par ceux dont le test est positif (VP + FP)."), _swapped),
        Mistake("specificity_over_negative_tests", Text(
            en="Your specificity divides by the negative tests (TN + FN): that is the NPV. The "
               "specificity divides by the patients without the disease, TN + FP.",
            fr="Votre spécificité divise par les tests négatifs (VN + FN) : c'est la VPN. La "
               "spécificité divise par les patients sans la maladie, VN + FP."), _spec_npv),
        Mistake("lr_over_specificity", Text(
            en="Your likelihood ratios divide by the wrong rate. LR+ = Se / (1 − Sp): the true "
               "positive rate over the FALSE positive rate; LR− = (1 − Se) / Sp.",
            fr="Vos rapports de vraisemblance divisent par le mauvais taux. RV+ = Se / (1 − Sp) : le "
               "taux de vrais positifs sur le taux de FAUX positifs ; RV− = (1 − Se) / Sp."),
               _lr_over_spec),
        Mistake("healthy_as_positive", Text(
            en="Your function takes the label 0 as the disease. Here, as everywhere in this module, "
               "1 means the disease: positive means diseased.",
            fr="Votre fonction prend l'étiquette 0 pour la maladie. Ici, comme dans tout ce module, "
               "1 signifie malade : positif veut dire malade."), _healthy_positive),
        Mistake("zero_instead_of_undefined", Text(
            en="Where a denominator is zero you return 0.0. A sensitivity with no diseased patient "
               "is not 0 %, it is undefined (nan); an LR+ without false positives is infinite. Divide "
               "NumPy floats and keep what they give.",
            fr="Quand un dénominateur est nul, vous renvoyez 0.0. Une sensibilité sans patient malade "
               "ne vaut pas 0 % : elle n'est pas définie (nan) ; un RV+ sans faux positif est infini. "
               "Divisez des flottants NumPy et gardez ce qu'ils donnent."), _zero_if_undefined),
        Mistake("zero_division_error", Text(
            en="Your function raises ZeroDivisionError when a denominator is zero (Python numbers "
               "raise, NumPy floats do not). Convert a count to `np.float64` before dividing.",
            fr="Votre fonction lève ZeroDivisionError quand un dénominateur est nul (les nombres de "
               "Python la lèvent, pas les flottants NumPy). Convertissez un effectif en `np.float64` "
               "avant de diviser."), _python_division),
    ),
    hints=(
        Text(en="Build two boolean arrays, `positive = y_score >= threshold` and `sick = y_true == 1`, "
                "then count the four cells with `np.sum(positive & sick)` and so on.",
             fr="Construisez deux tableaux booléens, `positive = y_score >= threshold` et "
                "`sick = y_true == 1`, puis comptez les quatre cellules du tableau avec `np.sum(positive & sick)`, "
                "etc."),
        Text(en="Sensitivity and specificity read the table by rows (diseased, not diseased); PPV and "
                "NPV by columns (positive test, negative test).",
             fr="Sensibilité et spécificité lisent le tableau par lignes (malades, non malades) ; VPP "
                "et VPN par colonnes (test positif, test négatif)."),
        Text(en="The likelihood ratios only need Se and Sp. For the empty denominators, try "
                "`np.float64(0) / 0` and `np.float64(3) / 0` inside `np.errstate(...)`.",
             fr="Les rapports de vraisemblance n'ont besoin que de Se et Sp. Pour les dénominateurs "
                "nuls, essayez `np.float64(0) / 0` et `np.float64(3) / 0` dans `np.errstate(...)`."),
    ),
    audience=("health", "engineering"),
    teacher_notes=Text(
        en="Objectives: build the 2 × 2 table from a score and a threshold, compute the sensitivity, "
           "specificity, PPV, NPV and both likelihood ratios, and decide what an empty cell gives. "
           "Misconceptions aimed at: the PPV is the sensitivity; the specificity is read over the "
           "negative tests; an undefined rate is 0 %. Debrief: which of the six numbers change with "
           "the prevalence of the ward, and which do not? Why do clinicians like likelihood ratios "
           "(hint: pre-test odds × LR = post-test odds)? What does an infinite LR+ tell a clinician, "
           "and should one believe it on 20 patients?",
        fr="Objectifs : construire le tableau 2 × 2 à partir d'un score et d'un seuil, calculer la "
           "sensibilité, la spécificité, la VPP, la VPN et les deux rapports de vraisemblance, et "
           "décider de ce que donne une case vide. Idées fausses visées : la VPP est la sensibilité ; "
           "la spécificité se lit sur les tests négatifs ; un taux non défini vaut 0 %. Pour le "
           "débriefing : lesquels des six nombres changent avec la prévalence du service, lesquels ne "
           "changent pas ? Pourquoi les cliniciens aiment-ils les rapports de vraisemblance (indice : "
           "cote avant le test × RV = cote après le test) ? Que dit un RV+ infini à un clinicien, et "
           "faut-il y croire sur 20 patients ?"),
)
