"""numpy.one_hot: one-hot encoding with a fixed width and a float dtype."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import MODULE_ID, value_of


TITLE = Text(en="One-hot encoding", fr="Encodage one-hot")

STATEMENT = Text(
    en=r"""Write `one_hot(y, n_classes)` which takes a 1-D array of integer labels `y` (values in
`0 .. n_classes - 1`) and returns a **float** array of shape `(len(y), n_classes)` with a 1
in column `y[i]` of row `i` and 0 elsewhere:

$$E_{ic} = \begin{cases} 1 & \text{if } y_i = c \\ 0 & \text{otherwise} \end{cases}$$

The width is always `n_classes`, even when some classes never appear in `y` (a class absent
from the middle, or the last classes unused). `y` may even be empty: the result then has
shape `(0, n_classes)`. Do not modify `y`.

Your variant: {n_samples} labels and `n_classes = {n_classes}`, where class {absent} never
appears.""",
    fr=r"""Écrivez `one_hot(y, n_classes)` qui reçoit un tableau 1-D d'étiquettes entières `y`
(valeurs dans `0 .. n_classes - 1`) et renvoie un tableau de **flottants** de forme
`(len(y), n_classes)` avec un 1 dans la colonne `y[i]` de la ligne `i` et des 0 ailleurs :

$$E_{ic} = \begin{cases} 1 & \text{si } y_i = c \\ 0 & \text{sinon} \end{cases}$$

La largeur est toujours `n_classes`, même quand certaines classes n'apparaissent pas dans `y`
(une classe absente au milieu, ou les dernières classes inutilisées). `y` peut même être vide :
le résultat a alors la forme `(0, n_classes)`. Ne modifiez pas `y`.

Votre variante : {n_samples} étiquettes et `n_classes = {n_classes}`, où la classe {absent}
n'apparaît jamais.""",
)


def one_hot(y, n_classes):
    encoded = np.zeros((len(y), n_classes))
    encoded[np.arange(len(y)), y] = 1.0
    return encoded


def _one_hot_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    k, n, absent = params["n_classes"], params["n_samples"], params["absent"]
    present = np.array([c for c in range(k) if c != absent])
    # The first and last classes appear, the `absent` one never does, and the order is shuffled.
    labels = data.permutation(np.concatenate([[0, k - 1], data.choice(present, size=n - 2)]))
    low = data.integers(0, k - 2, size=n)
    hidden_k = int(rng.integers(2, 10))
    hidden = rng.integers(0, hidden_k, size=int(rng.integers(1, 30)))
    return [
        Case("labels", (labels.astype(np.int64), k),
             label=Text(en=f"{n} labels in 0..{k - 1}, class {absent} never used",
                        fr=f"{n} étiquettes dans 0..{k - 1}, la classe {absent} jamais utilisée")),
        Case("unused last classes", (low.astype(np.int64), k),
             label=Text(en=f"n_classes = {k} but the labels stop at {int(low.max())}",
                        fr=f"n_classes = {k} mais les étiquettes s'arrêtent à {int(low.max())}")),
        Case("one sample", (np.array([absent], dtype=np.int64), k),
             label=Text(en="a single label", fr="une seule étiquette")),
        Case("one class repeated", (np.full(3, k - 1, dtype=np.int64), k),
             label=Text(en="three times the same label", fr="trois fois la même étiquette")),
        Case("no samples", (np.array([], dtype=np.int64), k),
             label=Text(en=f"no label at all: shape (0, {k})",
                        fr=f"aucune étiquette\u202f: forme (0, {k})")),
        Case("hidden", (hidden.astype(np.int64), hidden_k + int(rng.integers(0, 3))), hidden=True),
    ]


def _one_hot_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_classes = int(rng.integers(4, 8))
    return {"n_classes": n_classes, "n_samples": int(rng.integers(8, 15)),
            "absent": int(rng.integers(1, n_classes - 1)), "data_seed": int(rng.integers(2**31))}


def _row_problem(observed: Any, case: Case) -> tuple[int, list[int], int] | None:
    """The first row that is not the one-hot vector of its label: (row, columns of its
    non-zero cells, its label), or None.

    None as well when the answer is not an array of shape (len(y), n_classes): the values
    are then compared, which says what the answer returned (its shape, its dtype).
    """
    y, n_classes = np.asarray(case.args[0]), int(case.args[1])
    got = value_of(observed)
    if (not isinstance(got, np.ndarray) or got.shape != (len(y), n_classes)
            or got.dtype.kind not in "biuf"):
        return None
    got = got.astype(float)
    for row in range(len(y)):
        marked = [int(column) for column in np.flatnonzero(got[row])]
        if marked != [int(y[row])] or got[row, int(y[row])] != 1.0:
            return row, marked, int(y[row])
    return None


def _one_hot_feedback(observed: Any, expected: Any, case: Case) -> Message:
    row, marked, label = _row_problem(observed, case)
    if not marked:
        found = Text(en="yours is all zeros", fr="la vôtre ne contient que des 0")
    elif len(marked) == 1:
        found = Text(en=f"yours has its non-zero value in column {marked[0]}",
                     fr=f"la vôtre a sa valeur non nulle dans la colonne {marked[0]}")
    else:
        columns = ", ".join(str(column) for column in marked)
        found = Text(en=f"yours has non-zero values in columns {columns}",
                     fr=f"la vôtre a des valeurs non nulles dans les colonnes {columns}")
    return message(Text(
        en="Row {row} should hold a single 1, in column {label} (its label), and 0 elsewhere; "
           "{found}.",
        fr="La ligne {row} devrait contenir un seul 1, dans la colonne {label} (son "
           "étiquette), et des 0 ailleurs\u202f; {found}."), row=row, label=label, found=found)


#: A wrong answer is described by what its rows hold, not only by the values that differ.
FACTS = (Fact("one_hot_rows", lambda observed, expected, case: _row_problem(observed, case) is None,
              _one_hot_feedback),)



def _one_hot_bool(y, n_classes):
    return y[:, None] == np.arange(n_classes)


def _one_hot_transposed(y, n_classes):
    return np.eye(n_classes)[y].T


def _one_hot_width_from_data(y, n_classes):
    # An empty y gives width 0 here rather than the ValueError of y.max(): the judge matches
    # errors by their type alone, and any other answer that raises ValueError on an empty y
    # (scikit-learn's OneHotEncoder does) would be told it took the width from the data.
    return np.eye(int(y.max()) + 1 if len(y) else 0)[y]


def _one_hot_present_classes(y, n_classes):
    classes = np.unique(y)
    return (y[:, None] == classes).astype(float)


MISTAKES = (
    Mistake("int_dtype", Text(
        en="Your array holds integers; the exercise asks for floats (models multiply them "
           "by float weights). Create it with np.zeros(...) (float by default) or convert "
           "with .astype(float).",
        fr="Votre tableau contient des entiers\u202f; l'exercice demande des flottants (les "
           "modèles les multiplient par des poids flottants). Créez-le avec np.zeros(...) "
           "(flottant par défaut) ou convertissez avec .astype(float)."),
               with_line_changed(one_hot, "np.zeros((len(y), n_classes))",
                                 "np.zeros((len(y), n_classes), dtype=int)")),
    Mistake("bool_dtype", Text(
        en="Your array holds booleans (the result of ==). Convert it to floats with "
           ".astype(float).",
        fr="Votre tableau contient des booléens (le résultat de ==). Convertissez-le en "
           "flottants avec .astype(float)."), _one_hot_bool),
    Mistake("transposed", Text(
        en="Your array is transposed: one row per class instead of one row per sample. The "
           "shape must be (len(y), n_classes).",
        fr="Votre tableau est transposé\u202f: une ligne par classe au lieu d'une ligne par "
           "individu. La forme doit être (len(y), n_classes)."), _one_hot_transposed),
    Mistake("width_from_data", Text(
        en="You took the width from the data (y.max() + 1) instead of n_classes: when the "
           "last classes do not appear in y (or y is empty) the width is wrong. Use "
           "n_classes.",
        fr="Vous avez pris la largeur dans les données (y.max() + 1) au lieu de n_classes\u202f: "
           "quand les dernières classes n'apparaissent pas dans y (ou que y est vide), la "
           "largeur est fausse. Utilisez n_classes."), _one_hot_width_from_data),
    Mistake("present_classes", Text(
        en="You made one column per class present in y (np.unique(y)), so an absent class "
           "loses its column and the following ones shift. Column c must be class c, for "
           "every c in range(n_classes).",
        fr="Vous avez fait une colonne par classe présente dans y (np.unique(y))\u202f: une "
           "classe absente perd sa colonne et les suivantes se décalent. La colonne c doit "
           "être la classe c, pour tout c de range(n_classes)."), _one_hot_present_classes),
)

HINTS = (
    Text(en="Start from `np.zeros((len(y), n_classes))`: the shape and the float dtype are "
            "then right whatever the labels.",
         fr="Partez de `np.zeros((len(y), n_classes))`\u202f: la forme et le type flottant sont "
            "alors justes quelles que soient les étiquettes."),
    Text(en="Fancy indexing sets one cell per row at once: `E[rows, cols] = 1.0` with "
            "`rows = np.arange(len(y))` and `cols = y`.",
         fr="L'indexation avancée fixe une case par ligne d'un coup\u202f: `E[lignes, colonnes] = "
            "1.0` avec `lignes = np.arange(len(y))` et `colonnes = y`."),
    Text(en="Another way: the rows of the identity matrix are one-hot vectors, so "
            "`np.eye(n_classes)[y]` is the whole answer.",
         fr="Autre façon\u202f: les lignes de la matrice identité sont des vecteurs one-hot, donc "
            "`np.eye(n_classes)[y]` est toute la réponse."),
)


TEACHER_NOTES = Text(
    en=("Objectives: build an array by fancy indexing; keep a fixed width (n_classes) and a float"
        " dtype whatever the labels present. Misconception aimed at: the number of classes can be"
        " read from the data (y.max() + 1, np.unique(y)). Debrief: What goes wrong at prediction "
        "time if the encoding of new data has fewer columns than that of the training data? Why "
        "do models want floats here? What does np.eye(n_classes)[y] do, step by step?"),
    fr=("Objectifs\u202f: construire un tableau par indexation avancée\u202f; garder une largeur fixe "
        "(n_classes) et un type flottant quelles que soient les étiquettes présentes. Idée reçue "
        "visée\u202f: le nombre de classes se lirait dans les données (y.max() + 1, np.unique(y)). "
        "Pour le débriefing\u202f: que se passe-t-il à la prédiction si l'encodage des nouvelles "
        "données a moins de colonnes que celui des données d'entraînement\u202f? Pourquoi les modèles "
        "veulent-ils des flottants ici\u202f? Que fait np.eye(n_classes)[y], étape par étape\u202f?"),
)


ONE_HOT = Exercise(
    id="numpy.one_hot",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="one_hot",
    kind="function",
    reference=one_hot,
    cases=_one_hot_cases,
    variant=_one_hot_variant,
    facts=FACTS,
    difficulty=1,
    minutes=10,
    tags=("numpy", "indexing", "dtypes", "encoding"),
    dataset=None,
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

