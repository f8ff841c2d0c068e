"""supervised.confusion: counting true against predicted labels, in the caller's order.

A function answer, compared with the reference by the default probe; the
feedback draws the learner's matrix beside the expected one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.authoring.figures import confusion_figure
from caire_exercises.exercises.supervised._common import MODULE_ID


def confusion(y_true, y_pred, labels):
    position = {label: index for index, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(y_true, y_pred):
        counts[position[truth], position[guess]] += 1
    return counts


_DIAGNOSES = ("angina", "arrhythmia", "heart failure", "infarction", "pericarditis", "valve disease")


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    k = int(rng.integers(3, 6))
    order = [int(i) for i in rng.permutation(k)]
    while order == sorted(order):
        order = [int(i) for i in rng.permutation(k)]
    return {"k": k, "n": int(rng.integers(25, 51)), "order": order, "order_text": str(order),
            "names": [str(name) for name in rng.choice(_DIAGNOSES, size=k, replace=False)],
            "data_seed": int(rng.integers(0, 2**31))}


def _noisy_labels(pick: np.random.Generator, n: int, k: int, error: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    y_true = pick.integers(0, k, size=n)
    wrong = pick.random(n) < error
    y_pred = np.where(wrong, pick.integers(0, k, size=n), y_true)
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pick = np.random.default_rng(params["data_seed"])
    k, n, order = params["k"], params["n"], list(params["order"])
    y_true, y_pred = _noisy_labels(pick, n, k)
    # A label the classifier never predicts: its column is all zeros.
    never_true, never_pred = _noisy_labels(pick, n, k)
    never_pred = np.where(never_pred == k - 1, 0, never_pred)
    absent_true, absent_pred = _noisy_labels(pick, n, k)
    names = np.asarray(params["names"])
    text_true, text_pred = _noisy_labels(pick, n, k)
    hidden_k = int(rng.integers(2, 7))
    hidden_true, hidden_pred = _noisy_labels(rng, int(rng.integers(10, 80)), hidden_k)
    return [
        Case("labels in a given order", (y_true, y_pred, order),
             label=Text(en=f"labels={order}: rows and columns in that order",
                        fr=f"labels={order} : lignes et colonnes dans cet ordre")),
        Case("a label never predicted", (never_true, never_pred, list(range(k))),
             label=Text(en=f"the classifier never predicts {k - 1}",
                        fr=f"le classifieur ne prédit jamais {k - 1}")),
        Case("a label seen nowhere", (absent_true, absent_pred, list(range(k + 1))),
             label=Text(en=f"label {k} appears in neither array", fr=f"l'étiquette {k} n'apparaît "
                                                                   f"dans aucun des deux tableaux")),
        Case("labels as text", (names[text_true], names[text_pred], [str(names[i]) for i in order]),
             label=Text(en="diagnoses as strings, in a given order",
                        fr="des diagnostics en toutes lettres, dans un ordre donné")),
        Case("one patient", (y_true[:1].copy(), y_pred[:1].copy(), order),
             label=Text(en="a single patient", fr="un seul patient")),
        Case("hidden", (hidden_true, hidden_pred, [int(i) for i in rng.permutation(hidden_k)]),
             hidden=True),
    ]


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    return confusion_figure([(Text(en="your matrix", fr="votre matrice"), observed.get("value")),
                             (Text(en="expected", fr="attendue"), expected["value"])], case.args[2])


#: Mistakes: the reference called otherwise, or its result changed.
def _confusion_transposed(y_true, y_pred, labels):
    return confusion(y_true, y_pred, labels).T


def _confusion_sorted_labels(y_true, y_pred, labels):
    return confusion(y_true, y_pred, sorted(labels))


def _confusion_labels_from_data(y_true, y_pred, labels):
    return confusion(y_true, y_pred, list(np.unique(np.concatenate([y_true, y_pred]))))


def _confusion_normalised(y_true, y_pred, labels):
    counts = confusion(y_true, y_pred, labels).astype(float)
    totals = counts.sum(axis=1, keepdims=True)
    return counts / np.where(totals == 0, 1.0, totals)


CONFUSION = Exercise(
    id="supervised.confusion",
    module=MODULE_ID,
    title=Text(en="A confusion matrix", fr="Une matrice de confusion"),
    statement=Text(
        en="""Write `confusion(y_true, y_pred, labels)` which returns the confusion matrix as an
integer array of shape `(len(labels), len(labels))`: entry `[i, j]` counts the samples whose
**true** label is `labels[i]` and whose **predicted** label is `labels[j]`.

* Rows are true labels, columns predicted labels, both **in the order of `labels`** (not
  sorted).
* Every value of `y_true` and `y_pred` is in `labels`, but a label may never occur: its row
  or column is then zeros.
* Labels may be integers or strings.

Your variant: {k} classes, rows and columns in the order {order_text}.""",
        fr="""Écrivez `confusion(y_true, y_pred, labels)` qui renvoie la matrice de confusion sous
forme d'un tableau d'entiers de forme `(len(labels), len(labels))` : la case `[i, j]` compte
les exemples dont l'étiquette **réelle** est `labels[i]` et l'étiquette **prédite**
`labels[j]`.

* Les lignes sont les étiquettes réelles, les colonnes les étiquettes prédites, les deux
  **dans l'ordre de `labels`** (pas triées).
* Chaque valeur de `y_true` et `y_pred` figure dans `labels`, mais une étiquette peut
  n'apparaître nulle part : sa ligne ou sa colonne est alors nulle.
* Les étiquettes peuvent être des entiers ou des chaînes.

Votre variante : {k} classes, lignes et colonnes dans l'ordre {order_text}.""",
    ),
    answer_name="confusion",
    kind="function",
    reference=confusion,
    cases=_cases,
    variant=_variant,
    figure=_figure,
    difficulty=1,
    minutes=10,
    tags=("metrics", "confusion matrix", "numpy"),
    mistakes=(
        Mistake("transposed", Text(
            en="Your matrix is transposed: rows must be the true labels and columns the predicted "
               "ones, as in sklearn.metrics.confusion_matrix. Count into [true, predicted].",
            fr="Votre matrice est transposée : les lignes doivent être les étiquettes réelles et les "
               "colonnes les prédites, comme dans sklearn.metrics.confusion_matrix. Comptez dans "
               "[réelle, prédite]."), _confusion_transposed),
        Mistake("sorted_labels", Text(
            en="Your rows and columns follow the sorted labels (sorted(labels), or the label values "
               "used directly as row and column numbers). Keep the order the caller gave in "
               "`labels`: the position of a label in that list decides its row and its column.",
            fr="Vos lignes et vos colonnes suivent les étiquettes triées (sorted(labels), ou les "
               "valeurs des étiquettes prises directement comme numéros de ligne et de colonne). "
               "Gardez l'ordre donné par l'appelant dans `labels` : la position d'une étiquette "
               "dans cette liste décide de sa ligne et de sa colonne."), _confusion_sorted_labels),
        Mistake("labels_from_data", Text(
            en="You took the labels from the data (np.unique) instead of the `labels` argument. A "
               "label may occur nowhere and still needs its row and column; and the order is "
               "that of `labels`.",
            fr="Vous avez pris les étiquettes dans les données (np.unique) au lieu de l'argument "
               "`labels`. Une étiquette peut n'apparaître nulle part et garder sa ligne et sa "
               "colonne ; et l'ordre est celui de `labels`."), _confusion_labels_from_data),
        Mistake("normalised", Text(
            en="You returned shares (each row divided by its total). The exercise asks for counts, "
               "an integer array.",
            fr="Vous avez renvoyé des proportions (chaque ligne divisée par son total). L'exercice "
               "demande des effectifs, un tableau d'entiers."), _confusion_normalised),
    ),
    hints=(
        Text(en="Map each label to its position first: `position = {label: i for i, label in "
                "enumerate(labels)}`.",
             fr="Associez d'abord chaque étiquette à sa position : `position = {label: i for i, "
                "label in enumerate(labels)}`."),
        Text(en="Start from `np.zeros((len(labels), len(labels)), dtype=int)` and add 1 at "
                "`[position[truth], position[guess]]` for each pair.",
             fr="Partez de `np.zeros((len(labels), len(labels)), dtype=int)` et ajoutez 1 en "
                "`[position[reel], position[predit]]` pour chaque paire."),
        Text(en="Check on a tiny example: `confusion([1], [0], [1, 0])` is `[[0, 1], [0, 0]]`.",
             fr="Vérifiez sur un petit exemple : `confusion([1], [0], [1, 0])` vaut "
                "`[[0, 1], [0, 0]]`."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: build a confusion matrix by counting, rows for the truth and columns for "
           "the prediction, in an order the caller chooses. Misconception aimed at: labels are "
           "row numbers, and a class nobody predicted can be left out. Debrief: where do the "
           "misses and the false alarms of one diagnosis sit in the matrix? Why keep a row for "
           "a label seen nowhere? Which metrics can you read off the matrix alone?",
        fr="Objectifs : construire une matrice de confusion en comptant, les lignes pour la "
           "réalité et les colonnes pour la prédiction, dans un ordre choisi par l'appelant. Idée "
           "fausse visée : les étiquettes sont des numéros de ligne, et une classe jamais prédite "
           "peut être omise. Pour le débriefing : où se trouvent les oublis et les fausses alertes "
           "d'un diagnostic dans la matrice ? Pourquoi garder une ligne pour une étiquette "
           "absente ? Quelles métriques peut-on lire sur la seule matrice ?"),
)
