"""numpy.class_means: the mean of each class, in the sorted order of np.unique."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Message, Mistake, Text, compare, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import MODULE_ID, agrees, iris_table, value_of


TITLE = Text(en="Mean of each class", fr="Moyenne de chaque classe")

STATEMENT = Text(
    en=r"""Write `class_means(X, y)` which takes a 2-D float array `X` of shape `(n, d)` and an array of
labels `y` of length `n`, and returns an array of shape `(k, d)`: row `j` is the mean of the
rows of `X` whose label is the `j`-th class,

$$M_{j} = \frac{1}{|\{i : y_i = c_j\}|} \sum_{i : y_i = c_j} x_i ,$$

where $c_1 < c_2 < \dots < c_k$ are the classes **in the sorted order of `np.unique(y)`** (not
the order in which they first appear). Labels need not be 0, 1, 2: they may be any integers,
or strings; `k` is the number of classes present in `y`. Do not modify `X` or `y`.

Your variant: rows of the *iris* table, {counts_text} flowers in classes 0/1/2, measurements
{column_names}.""",
    fr=r"""Écrivez `class_means(X, y)` qui reçoit un tableau 2-D de flottants `X` de forme `(n, d)`
et un tableau d'étiquettes `y` de longueur `n`, et renvoie un tableau de forme `(k, d)` : la
ligne `j` est la moyenne des lignes de `X` dont l'étiquette est la `j`-ième classe,

$$M_{j} = \frac{1}{|\{i : y_i = c_j\}|} \sum_{i : y_i = c_j} x_i ,$$

où $c_1 < c_2 < \dots < c_k$ sont les classes **dans l'ordre trié de `np.unique(y)`** (et non
dans l'ordre de leur première apparition). Les étiquettes ne valent pas forcément 0, 1, 2 :
ce peuvent être n'importe quels entiers, ou des chaînes ; `k` est le nombre de classes
présentes dans `y`. Ne modifiez ni `X` ni `y`.

Votre variante : des lignes de la table *iris*, {counts_text} fleurs dans les classes 0/1/2, mesures
{column_names_fr}.""",
)


def class_means(X, y):
    classes = np.unique(y)
    return np.array([X[y == label].mean(axis=0) for label in classes])


_SPECIES = np.array(["setosa", "versicolor", "virginica"])


_IRIS_COLUMNS = ("sepal length", "sepal width", "petal length", "petal width")


_IRIS_COLUMNS_FR = ("longueur du sépale", "largeur du sépale", "longueur du pétale",
                    "largeur du pétale")


def _class_means_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    X_all, y_all = iris_table()
    X_all = X_all[:, params["columns"]]
    rows = np.concatenate([data.choice(np.flatnonzero(y_all == c), size=count, replace=False)
                           for c, count in enumerate(params["counts"])])
    # Shuffle until the classes first appear out of sorted order: that is what tells the
    # sorted order of np.unique from the order of first appearance.
    order = data.permutation(rows)
    while _first_appearance(y_all[order]) == sorted(_first_appearance(y_all[order])):
        order = data.permutation(rows)
    X, y = X_all[order], y_all[order]
    renamed = np.array([9, 2, 5])[y]
    # Sorted as numbers 9 < 10 < 100, but as strings "10" < "100" < "9": an answer that sorts
    # the labels as text passes every other case. The rows come in numeric order, so that the
    # order of first appearance is right here and only the text order is wrong.
    digits = np.array([100, 9, 10])[y]
    by_number = np.argsort(digits, kind="stable")
    keep = y != 1
    per_class = [int(data.choice(np.flatnonzero(y_all == c))) for c in (2, 0, 1)]
    hidden_k = int(rng.integers(2, 6))
    hidden_n = int(rng.integers(hidden_k + 2, 30))
    hidden_y = rng.permutation(np.concatenate([np.arange(hidden_k),
                                               rng.integers(0, hidden_k, size=hidden_n - hidden_k)]))
    hidden_X = rng.normal(rng.uniform(-5, 5), rng.uniform(0.5, 3), size=(hidden_n, int(rng.integers(1, 5))))
    n, d = len(y), X.shape[1]
    return [
        Case("iris", (X, y), label=Text(en=f"{n} iris flowers, {d} measurements, labels 0, 1, 2 "
                                           "in shuffled order",
                                        fr=f"{n} iris, {d} mesures, étiquettes 0, 1, 2 dans un "
                                           "ordre mélangé")),
        Case("species names", (X.copy(), _SPECIES[y]),
             label=Text(en="the same flowers labelled by species name (strings)",
                        fr="les mêmes fleurs étiquetées par nom d'espèce (chaînes)")),
        Case("labels 2, 5, 9", (X.copy(), renamed.astype(np.int64)),
             label=Text(en="labels 2, 5 and 9 (three classes, not 0..2)",
                        fr="étiquettes 2, 5 et 9 (trois classes, pas 0..2)")),
        Case("labels 9, 10, 100", (X[by_number], digits[by_number].astype(np.int64)),
             label=Text(en="labels 9, 10 and 100, sorted as numbers (not as text, where "
                           "\"10\" < \"100\" < \"9\")",
                        fr="étiquettes 9, 10 et 100, triées comme des nombres (pas comme du "
                           "texte, où «\u202f10\u202f» < «\u202f100\u202f» < «\u202f9\u202f»)")),
        Case("class 1 absent", (X[keep].copy(), y[keep].copy()),
             label=Text(en="only classes 0 and 2: two rows expected",
                        fr="seulement les classes 0 et 2\u202f: deux lignes attendues")),
        Case("one row per class", (X_all[per_class].copy(), y_all[per_class].copy()),
             label=Text(en="one flower per class, in the order 2, 0, 1",
                        fr="une fleur par classe, dans l'ordre 2, 0, 1")),
        Case("hidden", (hidden_X, hidden_y.astype(np.int64)), hidden=True),
    ]


def _class_means_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_columns = int(rng.integers(2, 5))
    columns = sorted(int(c) for c in rng.choice(4, size=n_columns, replace=False))
    counts = [int(c) for c in rng.integers(4, 11, size=3)]
    return {"counts": counts, "counts_text": "/".join(str(c) for c in counts), "columns": columns,
            "n_columns": n_columns, "data_seed": int(rng.integers(2**31)),
            "column_names": ", ".join(_IRIS_COLUMNS[c] for c in columns),
            "column_names_fr": ", ".join(_IRIS_COLUMNS_FR[c] for c in columns)}


def _check_class_means(obtained: Any, expected: Any, case: Case) -> Message | None:
    """Say so when the rows are the right means in another order than np.unique(y)'s."""
    if agrees(obtained, expected, case):
        return None
    got, want = value_of(obtained), value_of(expected)
    if not (isinstance(got, np.ndarray) and isinstance(want, np.ndarray)
            and got.shape == want.shape and got.ndim == 2 and got.dtype.kind == "f"):
        return None
    unused = list(range(len(want)))
    for row in got:
        match = next((j for j in unused if compare(row, want[j]) is None), None)
        if match is None:
            return None
        unused.remove(match)
    return message(Text(
        en="Your rows are the right class means, but not in the right order: row j must be "
           "the class np.unique(y)[j], the classes sorted (numbers as numbers, strings "
           "alphabetically), whatever their order in y. Loop over np.unique(y).",
        fr="Vos lignes sont les bonnes moyennes de classe, mais pas dans le bon ordre\u202f: la "
           "ligne j doit correspondre à la classe np.unique(y)[j], les classes triées (les nombres comme "
           "des nombres, les chaînes par ordre alphabétique), quel que soit leur ordre dans y. "
           "Bouclez sur np.unique(y)."))


def _first_appearance(labels: np.ndarray) -> list[Any]:
    _, first = np.unique(labels, return_index=True)
    return list(labels[np.sort(first)])


def _class_means_first_appearance(X, y):
    _, first = np.unique(y, return_index=True)
    classes = y[np.sort(first)]
    return np.array([X[y == label].mean(axis=0) for label in classes])


def _class_means_overall(X, y):
    return X.mean(axis=0)


def _class_means_transposed(X, y):
    return np.array([X[y == label].mean(axis=0) for label in np.unique(y)]).T


def _class_means_by_value(X, y):
    counts = np.bincount(y)
    sums = np.zeros((len(counts), X.shape[1]))
    np.add.at(sums, y, X)
    return sums / counts[:, None]


def _class_means_text_order(X, y):
    labels = y.astype(str)
    return np.array([X[labels == label].mean(axis=0) for label in np.unique(labels)])


def _class_means_range(X, y):
    k = len(np.unique(y))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.array([X[y == label].mean(axis=0) if (y == label).any()
                         else np.full(X.shape[1], np.nan) for label in range(k)])


MISTAKES = (
    Mistake("first_appearance", Text(
        en="Your rows follow the order in which the classes first appear in y. The exercise "
           "asks for the sorted order of np.unique(y): loop over np.unique(y).",
        fr="Vos lignes suivent l'ordre dans lequel les classes apparaissent dans y. "
           "L'exercice demande l'ordre trié de np.unique(y)\u202f: bouclez sur np.unique(y)."),
        _class_means_first_appearance),
    Mistake("overall_mean", Text(
        en="You returned the mean of all rows, whatever their class. Select the rows of each "
           "class with a mask, X[y == c], and average those.",
        fr="Vous avez renvoyé la moyenne de toutes les lignes, quelle que soit leur classe. "
           "Sélectionnez les lignes de chaque classe avec un masque, X[y == c], et faites "
           "leur moyenne."), _class_means_overall),
    Mistake("transposed", Text(
        en="Your result is transposed: one row per measurement instead of one row per "
           "class. The shape must be (number of classes, X.shape[1]).",
        fr="Votre résultat est transposé\u202f: une ligne par mesure au lieu d'une ligne par "
           "classe. La forme doit être (nombre de classes, X.shape[1])."),
        _class_means_transposed),
    Mistake("label_as_index", Text(
        en="You used each label as a row number (np.bincount or an array of y.max() + 1 "
           "rows): labels 2, 5, 9 give ten rows, an absent class gives a row of NaN, and "
           "string labels fail. Make one row per class of np.unique(y).",
        fr="Vous avez utilisé chaque étiquette comme numéro de ligne (np.bincount ou un "
           "tableau de y.max() + 1 lignes)\u202f: les étiquettes 2, 5, 9 donnent dix lignes, une "
           "classe absente donne une ligne de NaN, et les étiquettes textuelles échouent. "
           "Faites une ligne par classe de np.unique(y)."), _class_means_by_value),
    Mistake("text_order", Text(
        en="Your rows follow the labels sorted as text, where \"10\" comes before \"9\". "
           "Sort the labels themselves, as np.unique(y) does: numbers as numbers, strings as "
           "strings; do not convert them to str.",
        fr="Vos lignes suivent les étiquettes triées comme du texte, où «\u202f10\u202f» vient avant "
           "«\u202f9\u202f». Triez les étiquettes elles-mêmes, comme le fait np.unique(y)\u202f: les "
           "nombres comme des nombres, les chaînes comme des chaînes\u202f; ne les convertissez "
           "pas en str."), _class_means_text_order),
    Mistake("sums", Text(
        en="You returned the sum of each class's rows, not their mean. Use .mean(axis=0) (or "
           "divide by the number of rows of the class).",
        fr="Vous avez renvoyé la somme des lignes de chaque classe, pas leur moyenne. "
           "Utilisez .mean(axis=0) (ou divisez par le nombre de lignes de la classe)."),
        with_line_changed(class_means, ".mean(axis=0)", ".sum(axis=0)")),
    Mistake("range_k", Text(
        en="You looped over 0, 1, ..., k - 1 (range) as if the labels were always 0, 1, 2. "
           "With labels 2, 5, 9 or species names, X[y == 0] is empty and its mean is NaN. "
           "Loop over the classes themselves: for c in np.unique(y).",
        fr="Vous avez bouclé sur 0, 1, ..., k - 1 (range) comme si les étiquettes valaient "
           "toujours 0, 1, 2. Avec les étiquettes 2, 5, 9 ou des noms d'espèces, X[y == 0] "
           "est vide et sa moyenne vaut NaN. Bouclez sur les classes elles-mêmes\u202f: "
           "for c in np.unique(y)."), _class_means_range),
)

HINTS = (
    Text(en="`np.unique(y)` gives the classes, sorted; `y == c` is a boolean mask of the rows "
            "of class `c`.",
         fr="`np.unique(y)` donne les classes, triées\u202f; `y == c` est un masque booléen des "
            "lignes de la classe `c`."),
    Text(en="`X[y == c]` keeps the rows of class `c`; `.mean(axis=0)` averages them column by "
            "column.",
         fr="`X[y == c]` garde les lignes de la classe `c`\u202f; `.mean(axis=0)` en fait la "
            "moyenne colonne par colonne."),
    Text(en="Stack one mean per class: `np.array([X[y == c].mean(axis=0) for c in "
            "np.unique(y)])`.",
         fr="Empilez une moyenne par classe\u202f: `np.array([X[y == c].mean(axis=0) for c in "
            "np.unique(y)])`."),
)


TEACHER_NOTES = Text(
    en=("Objectives: select rows with a boolean mask and reduce them; order the result by "
        "np.unique(y). Misconceptions aimed at: labels are row numbers 0..k-1; the order in which"
        " classes first appear is \"the\" order. Debrief: What order does np.unique guarantee, for "
        "numbers and for strings? Where do class means appear in machine learning (nearest "
        "centroid, linear discriminant analysis)? What breaks when labels are strings and are "
        "used as indices?"),
    fr=("Objectifs\u202f: sélectionner des lignes par un masque booléen et les réduire\u202f; ordonner le "
        "résultat selon np.unique(y). Idées reçues visées\u202f: les étiquettes seraient des numéros "
        "de ligne 0..k-1\u202f; l'ordre de première apparition serait «\u202fle\u202f» bon ordre. Pour le "
        "débriefing\u202f: quel ordre np.unique garantit-il, pour des nombres et pour des chaînes\u202f? Où"
        " les moyennes de classe interviennent-elles en apprentissage automatique (plus proche "
        "centroïde, analyse discriminante linéaire)\u202f? Qu'est-ce qui casse quand des étiquettes "
        "textuelles servent d'indices\u202f?"),
)


CLASS_MEANS = Exercise(
    id="numpy.class_means",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="class_means",
    kind="function",
    reference=class_means,
    cases=_class_means_cases,
    variant=_class_means_variant,
    checks=(_check_class_means,),
    difficulty=1,
    minutes=10,
    tags=("numpy", "boolean masks", "axes", "grouping"),
    dataset="iris",
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

