"""numpy.zscore: standardise the columns of a table (axes, broadcasting, ddof)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import MODULE_ID, check_precision, number, value_of, wine_table


TITLE = Text(en="Standardise the columns", fr="Centrer et réduire les colonnes")

STATEMENT = Text(
    en=r"""Write `zscore(X)` which takes a 2-D float array `X` (one row per sample, one column
per feature) and returns a **new** array of the same shape where each column has mean 0
and standard deviation 1:

$$z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}$$

Use the population standard deviation ($\sigma$ with `ddof=0`). A constant column
($\sigma_j = 0$) must become a column of zeros, not NaN. Do not modify `X`.

Your variant: try it on rows of the *wine* table ({n_rows} rows, {n_cols} columns).""",
    fr=r"""Écrivez `zscore(X)` qui reçoit un tableau 2-D de flottants `X` (une ligne par
individu, une colonne par variable) et renvoie un **nouveau** tableau de même forme dont
chaque colonne est de moyenne 0 et d'écart type 1 :

$$z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}$$

Prenez l'écart type de la population ($\sigma$ avec `ddof=0`). Une colonne constante
($\sigma_j = 0$) doit devenir une colonne de zéros, pas de NaN. Ne modifiez pas `X`.

Votre variante : essayez sur des lignes de la table *wine* ({n_rows} lignes, {n_cols} colonnes).""",
)


def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / safe)


def _zscore_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    wine = wine_table()
    start, rows = params["row_start"], params["n_rows"]
    shown = wine[start:start + rows][:, params["columns"]].copy()
    constant = shown.copy()
    constant[:, 1] = 3.5
    hidden_rows = int(rng.integers(5, 12))
    hidden = rng.normal(loc=rng.uniform(-50, 50), scale=rng.uniform(0.5, 20), size=(hidden_rows, 3))
    return [
        Case("wine", (shown,), label=Text(en=f"{rows} wines, {params['n_cols']} measurements",
                                          fr=f"{rows} vins, {params['n_cols']} mesures")),
        Case("constant column", (constant,),
             label=Text(en="one column is constant", fr="une colonne est constante")),
        Case("one row", (shown[:1].copy(),),
             label=Text(en="a single row (every column constant)",
                        fr="une seule ligne (toutes les colonnes constantes)")),
        Case("large values", (shown * 1e12,),
             label=Text(en="values around 10^12", fr="des valeurs de l'ordre de 10^12")),
        Case("hidden", (hidden,), hidden=True),
    ]


def _zscore_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_rows = int(rng.integers(20, 41))
    n_cols = int(rng.integers(4, 8))
    return {"n_rows": n_rows, "n_cols": n_cols,
            "row_start": int(rng.integers(0, 178 - n_rows)),
            "columns": sorted(int(c) for c in rng.choice(13, size=n_cols, replace=False))}


def _column_problem(observed: Any, case: Case) -> tuple[int, float, float, bool] | None:
    """The first column of the answer that is not standardised: (column, mean, std, constant).

    None when every column has mean 0 and standard deviation 1, or is all zeros where the
    column of X is constant, and when the answer is not an array of X's shape: the values
    are then compared, which says what the answer returned.
    """
    X = np.asarray(case.args[0], dtype=float)
    got = value_of(observed)
    if not isinstance(got, np.ndarray) or got.shape != X.shape or got.dtype.kind not in "iuf":
        return None
    got = got.astype(float)
    with np.errstate(all="ignore"):
        means, stds = got.mean(axis=0), got.std(axis=0)
    constant = X.std(axis=0) == 0
    for column in range(X.shape[1]):
        mean, std = float(means[column]), float(stds[column])
        if constant[column]:
            right = bool(np.all(np.abs(got[:, column]) <= 1e-9))
        else:
            right = abs(mean) <= 1e-6 and abs(std - 1.0) <= 1e-6
        if not right:
            return column, mean, std, bool(constant[column])
    return None


def _standardised_feedback(observed: Any, expected: Any, case: Case) -> Message:
    column, mean, std, constant = _column_problem(observed, case)
    values = {"column": column, "mean": number(mean), "std": number(std)}
    if constant:
        return message(Text(
            en="Column {column} of X is constant, so column {column} of your result should be "
               "all zeros; it has mean {mean} and standard deviation {std}.",
            fr="La colonne {column} de X est constante\u202f: la colonne {column} de votre "
               "résultat devrait être nulle\u202f; elle a pour moyenne {mean} et pour écart "
               "type {std}."), **values)
    return message(Text(
        en="Column {column} of your result has mean {mean} and standard deviation {std}; every "
           "column should have mean 0 and standard deviation 1 (population, ddof=0).",
        fr="La colonne {column} de votre résultat a pour moyenne {mean} et pour écart type "
           "{std}\u202f; chaque colonne devrait avoir une moyenne de 0 et un écart type de 1 "
           "(celui de la population, ddof=0)."), **values)


#: A wrong answer is described by what its columns are, not only by the values that differ.
FACTS = (Fact("standardised", lambda observed, expected, case: _column_problem(observed, case) is None,
              _standardised_feedback),)


def _zscore_rows(X):
    mean = X.mean(axis=1, keepdims=True)
    std = X.std(axis=1, keepdims=True)
    return (X - mean) / np.where(std == 0, 1.0, std)


def _zscore_whole_array(X):
    std = X.std()
    return (X - X.mean()) / (std if std != 0 else 1.0)


def _zscore_nan(X):
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X - X.mean(axis=0)) / X.std(axis=0)


def _zscore_centre_only(X):
    return X - X.mean(axis=0)


def _zscore_min_max(X):
    low, high = X.min(axis=0), X.max(axis=0)
    spread = high - low
    return (X - low) / np.where(spread == 0, 1.0, spread)


def _zscore_in_place(X):
    X -= X.mean(axis=0)
    std = X.std(axis=0)
    X /= np.where(std == 0, 1.0, std)
    return X


MISTAKES = (
    Mistake("rows", Text(
        en="You standardised each row instead of each column. Statistics per column are "
           "taken along axis=0.",
        fr="Vous avez standardisé chaque ligne au lieu de chaque colonne. Les statistiques "
           "par colonne se calculent le long de axis=0."), _zscore_rows),
    Mistake("whole_array", Text(
        en="You used one mean and one standard deviation for the whole array (X.mean() and "
           "X.std() without axis), so the columns keep their differences of scale. Take one "
           "mean and one standard deviation per column: X.mean(axis=0), X.std(axis=0).",
        fr="Vous avez pris une seule moyenne et un seul écart type pour tout le tableau "
           "(X.mean() et X.std() sans axis)\u202f: les colonnes gardent leurs différences d'échelle. "
           "Prenez une moyenne et un écart type par colonne\u202f: X.mean(axis=0), "
           "X.std(axis=0)."), _zscore_whole_array),
    Mistake("ddof1", Text(
        en="You divided by the sample standard deviation (ddof=1). The exercise asks for the "
           "population one: X.std(axis=0), whose ddof is 0.",
        fr="Vous avez divisé par l'écart type corrigé (ddof=1). L'exercice demande celui de la "
           "population\u202f: X.std(axis=0), dont ddof vaut 0."),
               with_line_changed(zscore, "std = X.std(axis=0)",
                                 "std = X.std(axis=0, ddof=1)")),
    Mistake("nan_constant", Text(
        en="A constant column gives 0/0 = NaN. Replace a zero standard deviation by 1 before "
           "dividing (np.where), so that the column becomes zeros.",
        fr="Une colonne constante donne 0/0 = NaN. Remplacez un écart type nul par 1 avant de "
           "diviser (np.where)\u202f: la colonne devient alors nulle."), _zscore_nan),
    Mistake("centre_only", Text(
        en="You only centred the columns (mean 0). Divide by each column's standard "
           "deviation as well.",
        fr="Vous avez seulement centré les colonnes (moyenne 0). Divisez aussi par l'écart "
           "type de chaque colonne."), _zscore_centre_only),
    Mistake("min_max", Text(
        en="You rescaled each column to [0, 1] with its minimum and maximum (min-max "
           "normalisation). Standardising is another thing: subtract the column's mean and "
           "divide by its standard deviation, (X - X.mean(axis=0)) / X.std(axis=0).",
        fr="Vous avez ramené chaque colonne dans [0, 1] avec son minimum et son maximum "
           "(normalisation min-max). Standardiser, c'est autre chose\u202f: retranchez la "
           "moyenne de la colonne et divisez par son écart type, "
           "(X - X.mean(axis=0)) / X.std(axis=0)."), _zscore_min_max),
    Mistake("in_place", Text(
        en="Your function modified X in place (-= or /=). Compute a new array instead, e.g. "
           "(X - mean) / std.",
        fr="Votre fonction modifie X sur place (-= ou /=). Calculez plutôt un nouveau "
           "tableau, par exemple (X - moyenne) / écart_type."), _zscore_in_place),
)

HINTS = (
    Text(en="`X.mean(axis=0)` gives one mean per column; broadcasting subtracts it from every row.",
         fr="`X.mean(axis=0)` donne une moyenne par colonne\u202f; la diffusion (broadcasting) la "
            "soustrait à chaque ligne."),
    Text(en="`X.std(axis=0)` uses ddof=0, the population standard deviation asked for.",
         fr="`X.std(axis=0)` utilise ddof=0, l'écart type de la population demandé."),
    Text(en="Guard against zero: `safe = np.where(std == 0, 1.0, std)`, then "
            "`(X - mean) / safe` is 0 on a constant column.",
         fr="Évitez la division par zéro\u202f: `sur = np.where(std == 0, 1.0, std)`, puis "
            "`(X - moyenne) / sur` vaut 0 sur une colonne constante."),
)


TEACHER_NOTES = Text(
    en=("Objectives: compute a statistic along an axis and broadcast it back; tell the population"
        " standard deviation (ddof=0) from the sample one; guard a division by zero without "
        "producing NaN. Misconceptions aimed at: axis=0 means \"per row\" (it reduces over the rows"
        " and gives one value per column); a constant column may as well become NaN. Debrief: Why"
        " does X.mean(axis=0) have shape (d,), and how does X - mean line up with X? When would "
        "ddof=1 be the right choice? What should a model do with a feature that never varies?"),
    fr=("Objectifs\u202f: calculer une statistique le long d'un axe et la diffuser\u202f; distinguer "
        "l'écart type de la population (ddof=0) de l'écart type corrigé\u202f; éviter une division par"
        " zéro sans produire de NaN. Idées reçues visées\u202f: axis=0 voudrait dire «\u202fpar ligne\u202f» (il"
        " réduit les lignes et donne une valeur par colonne)\u202f; une colonne constante pourrait "
        "bien devenir NaN. Pour le débriefing\u202f: pourquoi X.mean(axis=0) a-t-il la forme (d,), et "
        "comment X - moyenne s'aligne-t-il sur X\u202f? Quand ddof=1 serait-il le bon choix\u202f? Que doit"
        " faire un modèle d'une variable qui ne varie jamais\u202f?"),
)


ZSCORE = Exercise(
    id="numpy.zscore",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="zscore",
    kind="function",
    reference=zscore,
    cases=_zscore_cases,
    variant=_zscore_variant,
    checks=(check_precision,),
    facts=FACTS,
    difficulty=1,
    minutes=10,
    tags=("numpy", "axes", "broadcasting", "standardisation"),
    dataset="wine",
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

