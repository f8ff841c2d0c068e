"""supervised.metrics: precision, recall and F1 counted by hand, zero denominators included.

A function answer, compared with the reference. The probe also observes
whether the answer's own code reaches for sklearn.metrics, which the
statement forbids; the judge decides on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.figures import confusion_figure, count_matrix
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID
from caire_exercises.authoring.probes import edited


def precision_recall_f1(y_true, y_pred):
    true_positives = int(np.sum((y_true == 1) & (y_pred == 1)))
    predicted_positives = int(np.sum(y_pred == 1))
    actual_positives = int(np.sum(y_true == 1))
    precision = true_positives / predicted_positives if predicted_positives else 0.0
    recall = true_positives / actual_positives if actual_positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    prevalence = round(float(rng.uniform(0.2, 0.45)), 2)
    return {"n": int(rng.integers(30, 61)), "prevalence": prevalence,
            "percent": round(100 * prevalence), "data_seed": int(rng.integers(0, 2**31))}


def _screening(pick: np.random.Generator, n: int, prevalence: float, *,
               equal_errors: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a screening test: some positives, a test that misses some and raises false alarms.

    Without `equal_errors`, false alarms and misses differ in number, so precision and recall
    differ; with it, they are equal, and so are precision and recall.
    """
    n_pos = max(4, round(prevalence * n))
    y_true = np.zeros(n, dtype=np.int64)
    y_true[pick.choice(n, size=n_pos, replace=False)] = 1
    positives, negatives = np.flatnonzero(y_true == 1), np.flatnonzero(y_true == 0)
    misses = int(pick.integers(1, max(2, n_pos // 2)))
    alarms = misses if equal_errors else misses + int(pick.integers(1, 4))
    y_pred = y_true.copy()
    y_pred[pick.choice(positives, size=misses, replace=False)] = 0
    y_pred[pick.choice(negatives, size=min(alarms, len(negatives)), replace=False)] = 1
    return y_true, y_pred


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pick = np.random.default_rng(params["data_seed"])
    n, prevalence = params["n"], params["prevalence"]
    y_true, y_pred = _screening(pick, n, prevalence)
    sick = y_true.copy()
    tie_true, tie_pred = _screening(pick, n, prevalence, equal_errors=True)
    alarms = np.zeros(n, dtype=np.int64)
    alarms[pick.choice(n, size=3, replace=False)] = 1
    hidden_true, hidden_pred = _screening(rng, int(rng.integers(20, 200)), float(rng.uniform(0.05, 0.6)))
    return [
        Case("screening", (y_true, y_pred),
             label=Text(en=f"{n} patients, a test with misses and false alarms",
                        fr=f"{n} patients, un test avec des oublis et des fausses alertes")),
        Case("no predicted positives", (sick, np.zeros(n, dtype=np.int64)),
             label=Text(en="the test never says 1: precision has a zero denominator",
                        fr="le test ne dit jamais 1 : le dénominateur de la précision est nul")),
        Case("no actual positives", (np.zeros(n, dtype=np.int64), alarms),
             label=Text(en="nobody is sick: recall has a zero denominator",
                        fr="personne n'est malade : le dénominateur du rappel est nul")),
        Case("all wrong", (sick, 1 - sick),
             label=Text(en="every answer is wrong: precision and recall are both 0",
                        fr="chaque réponse est fausse : précision et rappel valent 0")),
        Case("all correct", (sick, sick.copy()),
             label=Text(en="every answer is right", fr="chaque réponse est juste")),
        Case("precision equals recall", (tie_true, tie_pred),
             label=Text(en="as many false alarms as misses",
                        fr="autant de fausses alertes que d'oublis")),
        Case("hidden", (hidden_true, hidden_pred), hidden=True),
    ]


FACTS = (
    Fact("by_hand", lambda observed, expected, case: observed["sklearn_metrics"] is False, Text(
        en="Your function calls sklearn.metrics (precision_score, recall_score, f1_score...). "
           "This exercise asks you to compute the three values by hand: count TP, FP and FN "
           "with numpy, then divide.",
        fr="Votre fonction appelle sklearn.metrics (precision_score, recall_score, "
           "f1_score...). L'exercice demande de calculer les trois valeurs à la main : "
           "comptez VP, FP et FN avec numpy, puis divisez.")),
)


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    y_true, y_pred = case.args
    return confusion_figure([(Text(en="this case's confusion matrix", fr="matrice de confusion du cas"),
                              count_matrix(list(y_true), list(y_pred), [0, 1]))], [0, 1])


#: Mistakes, each written as the lines of the reference it changes.
_metrics_swapped = edited(
    precision_recall_f1,
    ("true_positives / predicted_positives if predicted_positives",
     "true_positives / actual_positives if actual_positives"),
    ("true_positives / actual_positives if actual_positives else 0.0\n    f1",
     "true_positives / predicted_positives if predicted_positives else 0.0\n    f1"))
_metrics_nan = edited(
    precision_recall_f1,
    ("true_positives / predicted_positives if predicted_positives else 0.0",
     "np.float64(true_positives) / predicted_positives"),
    ("true_positives / actual_positives if actual_positives else 0.0",
     "np.float64(true_positives) / actual_positives"),
    ("2 * precision * recall / (precision + recall) if precision + recall else 0.0",
     "2 * precision * recall / (precision + recall)"))
_metrics_accuracy = edited(
    precision_recall_f1, ("2 * precision * recall / (precision + recall) if precision + recall else 0.0",
                          "np.mean(y_true == y_pred)"))
_metrics_arithmetic_mean = edited(
    precision_recall_f1, ("2 * precision * recall / (precision + recall) if precision + recall else 0.0",
                          "(precision + recall) / 2"))


def _metrics_zero_division(y_true, y_pred):
    true_positives = int(np.sum((y_true == 1) & (y_pred == 1)))
    precision = true_positives / int(np.sum(y_pred == 1))
    recall = true_positives / int(np.sum(y_true == 1))
    return precision, recall, 2 * precision * recall / (precision + recall)


METRICS = Exercise(
    id="supervised.metrics",
    module=MODULE_ID,
    title=Text(en="Precision, recall and F1 by hand", fr="Précision (VPP), rappel et F1 à la main"),
    statement=Text(
        en=r"""Write `precision_recall_f1(y_true, y_pred)` for a binary screening test: `y_true`
and `y_pred` are 1-D integer arrays of 0 and 1, and the positive class is 1. Return the tuple
`(precision, recall, f1)` of floats, where, with TP, FP and FN the true positives, false
positives and false negatives:

$$\text{precision} = \frac{TP}{TP + FP} \qquad \text{recall} = \frac{TP}{TP + FN} \qquad
F_1 = \frac{2\,\text{precision}\cdot\text{recall}}{\text{precision} + \text{recall}}$$

Where a denominator is zero (no predicted positive, no actual positive, or precision and
recall both 0), the value is `0.0`: never NaN, never an error. Do not use `sklearn.metrics`
for this one. (In medicine, precision is the positive predictive value, PPV, and recall the
sensitivity.)

Your variant: the first case has {n} patients, about {percent} % of them sick.""",
        fr=r"""Écrivez `precision_recall_f1(y_true, y_pred)` pour un test de dépistage binaire :
`y_true` et `y_pred` sont des tableaux 1-D d'entiers 0 et 1, et la classe positive est 1.
Renvoyez le tuple `(precision, recall, f1)` de flottants où, avec VP, FP et FN les vrais
positifs, faux positifs et faux négatifs :

$$\text{précision} = \frac{VP}{VP + FP} \qquad \text{rappel} = \frac{VP}{VP + FN} \qquad
F_1 = \frac{2\,\text{précision}\cdot\text{rappel}}{\text{précision} + \text{rappel}}$$

Quand un dénominateur est nul (aucun positif prédit, aucun positif réel, ou précision et
rappel tous deux nuls), la valeur est `0.0` : jamais NaN, jamais d'erreur. N'utilisez pas
`sklearn.metrics` pour celui-ci. (En médecine, la précision est la valeur prédictive
positive, VPP, et le rappel la sensibilité.)

Votre variante : le premier cas compte {n} patients, dont environ {percent} % de malades.""",
    ),
    answer_name="precision_recall_f1",
    kind="function",
    reference=precision_recall_f1,
    cases=_cases,
    variant=_variant,
    probe=probes.metrics,
    facts=FACTS,
    figure=_figure,
    difficulty=2,
    minutes=20,
    tags=("metrics", "precision", "recall", "F1", "zero division"),
    mistakes=(
        Mistake("swapped", Text(
            en="Precision and recall are swapped. Precision divides by what the test called "
               "positive (TP + FP); recall divides by what is really positive (TP + FN).",
            fr="Précision et rappel sont inversés. La précision divise par ce que le test a déclaré "
               "positif (VP + FP) ; le rappel divise par ce qui est vraiment positif (VP + FN)."),
               _metrics_swapped),
        Mistake("zero_division_error", Text(
            en="Your function raises ZeroDivisionError when nothing is predicted positive (or "
               "nothing is positive). Test the denominator first and return 0.0 when it is zero.",
            fr="Votre fonction lève ZeroDivisionError quand rien n'est prédit positif (ou que rien "
               "n'est positif). Testez d'abord le dénominateur et renvoyez `0.0` quand il est nul."),
               _metrics_zero_division),
        Mistake("nan", Text(
            en="Your function returns NaN where a denominator is zero (numpy divides 0 by 0 "
               "without raising). The convention here is 0.0: test the denominator first.",
            fr="Votre fonction renvoie NaN quand un dénominateur est nul (numpy divise 0 par 0 "
               "sans erreur). La convention ici est `0.0` : testez d'abord le dénominateur."),
               _metrics_nan),
        Mistake("accuracy", Text(
            en="Your third value is the accuracy, not F1. F1 is the harmonic mean of precision "
               "and recall, 2·p·r / (p + r); it ignores the true negatives.",
            fr="Votre troisième valeur est l'exactitude, pas F1. F1 est la moyenne harmonique de la "
               "précision et du rappel, 2·p·r / (p + r) ; elle ignore les vrais négatifs."),
               _metrics_accuracy),
        Mistake("arithmetic_mean", Text(
            en="Your F1 is the plain average (p + r) / 2. F1 is the harmonic mean, 2·p·r / (p + r), "
               "which stays low when either value is low.",
            fr="Votre F1 est la moyenne simple (p + r) / 2. F1 est la moyenne harmonique, "
               "2·p·r / (p + r), qui reste basse dès que l'une des deux l'est."),
               _metrics_arithmetic_mean),
    ),
    hints=(
        Text(en="`tp = int(np.sum((y_true == 1) & (y_pred == 1)))`; the predicted positives are "
                "`np.sum(y_pred == 1)`, the actual positives `np.sum(y_true == 1)`.",
             fr="`tp = int(np.sum((y_true == 1) & (y_pred == 1)))` ; les positifs prédits sont "
                "`np.sum(y_pred == 1)`, les positifs réels `np.sum(y_true == 1)`."),
        Text(en="Guard each division: `precision = tp / predicted if predicted else 0.0`.",
             fr="Protégez chaque division : `precision = tp / predits if predits else 0.0`."),
        Text(en="F1 needs the same guard: when precision + recall is 0, F1 is 0.0.",
             fr="F1 demande la même précaution : quand précision + rappel vaut 0, F1 vaut `0.0`."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: count TP, FP and FN, compute precision (positive predictive value), recall "
           "(sensitivity) and F1, and decide what a zero denominator gives. Misconception aimed at: "
           "precision and recall are interchangeable, and F1 is their average. Debrief: for a "
           "screening test, which error costs more, a miss or a false alarm, and which metric "
           "sees it? Why does F1 ignore the true negatives? What does a precision of 0.0 mean "
           "when the test never says 1?",
        fr="Objectifs : compter VP, FP et FN, calculer la précision (valeur prédictive positive, "
           "VPP), le rappel (sensibilité) et F1, et décider de ce que donne un dénominateur nul. "
           "Idée fausse visée : précision et rappel sont interchangeables, et F1 est leur moyenne. "
           "Pour le débriefing : pour un test de dépistage, quelle erreur coûte le plus, un oubli "
           "ou une fausse alerte, et quelle métrique la voit ? Pourquoi F1 ignore-t-elle les vrais "
           "négatifs ? Que signifie une précision de 0 quand le test ne dit jamais 1 ?"),
)
