"""M1, NumPy foundations: arrays, broadcasting, axes, and the maths under machine learning."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .._exercise import Case, Exercise, Mistake
from .._i18n import Text

MODULE = "numpy"


@lru_cache(maxsize=1)
def _wine() -> np.ndarray:
    from ..data import load

    X, _ = load("wine", as_="numpy")
    return X


# --------------------------------------------------------------------------- zscore


def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / safe)


def _zscore_rows(X):
    mean = X.mean(axis=1, keepdims=True)
    std = X.std(axis=1, keepdims=True)
    return (X - mean) / np.where(std == 0, 1.0, std)


def _zscore_ddof1(X):
    std = X.std(axis=0, ddof=1)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))


def _zscore_nan(X):
    with np.errstate(divide="ignore", invalid="ignore"):
        return (X - X.mean(axis=0)) / X.std(axis=0)


def _zscore_centre_only(X):
    return X - X.mean(axis=0)


def _zscore_in_place(X):
    X -= X.mean(axis=0)
    std = X.std(axis=0)
    X /= np.where(std == 0, 1.0, std)
    return X


def _zscore_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_rows = int(rng.integers(20, 41))
    n_cols = int(rng.integers(4, 8))
    return {"n_rows": n_rows, "n_cols": n_cols,
            "row_start": int(rng.integers(0, 178 - n_rows)),
            "columns": sorted(int(c) for c in rng.choice(13, size=n_cols, replace=False))}


def _zscore_cases(params: dict[str, Any], rng: np.random.Generator) -> list[Case]:
    wine = _wine()
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


ZSCORE = Exercise(
    id="numpy.zscore",
    module=MODULE,
    title=Text(en="Standardise the columns", fr="Centrer et réduire les colonnes"),
    statement=Text(
        en=r"""Write `zscore(X)` which takes a 2-D float array `X` (one row per sample, one column
per feature) and returns a **new** array of the same shape where each column has mean 0
and standard deviation 1:

$$z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}$$

Use the population standard deviation ($\sigma$ with `ddof=0`). A constant column
($\sigma_j = 0$) must become a column of zeros, not NaN. Do not modify `X`.

Your variant: try it on rows of the *wine* table ({n_rows} rows, {n_cols} columns).""",
        fr=r"""Écrivez `zscore(X)` qui reçoit un tableau 2-D de flottants `X` (une ligne par
individu, une colonne par variable) et renvoie un **nouveau** tableau de même forme dont
chaque colonne est de moyenne 0 et d'écart type 1 :

$$z_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}$$

Prenez l'écart type de la population ($\sigma$ avec `ddof=0`). Une colonne constante
($\sigma_j = 0$) doit devenir une colonne de zéros, pas de NaN. Ne modifiez pas `X`.

Votre variante : essayez sur des lignes de la table *wine* ({n_rows} lignes, {n_cols} colonnes).""",
    ),
    answer_name="zscore",
    kind="function",
    reference=zscore,
    cases=_zscore_cases,
    variant=_zscore_variant,
    difficulty=1,
    minutes=10,
    tags=("numpy", "axes", "broadcasting", "standardisation"),
    dataset="wine",
    mistakes=(
        Mistake("rows", Text(
            en="You standardised each row instead of each column. Statistics per column are "
               "taken along axis=0.",
            fr="Vous avez standardisé chaque ligne au lieu de chaque colonne. Les statistiques "
               "par colonne se calculent le long de axis=0."), _zscore_rows),
        Mistake("ddof1", Text(
            en="You divided by the sample standard deviation (ddof=1). The exercise asks for the "
               "population one: X.std(axis=0), whose ddof is 0.",
            fr="Vous avez divisé par l'écart type corrigé (ddof=1). L'exercice demande celui de la "
               "population : X.std(axis=0), dont ddof vaut 0."), _zscore_ddof1),
        Mistake("nan_constant", Text(
            en="A constant column gives 0/0 = NaN. Replace a zero standard deviation by 1 before "
               "dividing (np.where), so that the column becomes zeros.",
            fr="Une colonne constante donne 0/0 = NaN. Remplacez un écart type nul par 1 avant de "
               "diviser (np.where) : la colonne devient alors nulle."), _zscore_nan),
        Mistake("centre_only", Text(
            en="You only centred the columns (mean 0). Divide by each column's standard "
               "deviation as well.",
            fr="Vous avez seulement centré les colonnes (moyenne 0). Divisez aussi par l'écart "
               "type de chaque colonne."), _zscore_centre_only),
        Mistake("in_place", Text(
            en="Your function modified X in place (-= or /=). Compute a new array instead, e.g. "
               "(X - mean) / std.",
            fr="Votre fonction modifie X sur place (-= ou /=). Calculez plutôt un nouveau "
               "tableau, par exemple (X - moyenne) / écart_type."), _zscore_in_place),
    ),
    hints=(
        Text(en="`X.mean(axis=0)` gives one mean per column; broadcasting subtracts it from every row.",
             fr="`X.mean(axis=0)` donne une moyenne par colonne ; la diffusion (broadcasting) la "
                "soustrait à chaque ligne."),
        Text(en="`X.std(axis=0)` uses ddof=0, the population standard deviation asked for.",
             fr="`X.std(axis=0)` utilise ddof=0, l'écart type de la population demandé."),
        Text(en="Guard against zero: `safe = np.where(std == 0, 1.0, std)`, then "
                "`(X - mean) / safe` is 0 on a constant column.",
             fr="Évitez la division par zéro : `sur = np.where(std == 0, 1.0, std)`, puis "
                "`(X - moyenne) / sur` vaut 0 sur une colonne constante."),
    ),
)


EXERCISES = (ZSCORE,)
