"""M1, NumPy foundations: arrays, broadcasting, axes, and the maths under machine learning.

Seven exercises, in the catalogue's order: ``zscore``, ``softmax``, ``one_hot``,
``class_means``, ``pairwise_distances``, ``least_squares`` (answer ``fit_linear``) and
``gradient_descent`` (answer ``gd_linreg``). Each reads top to bottom: reference, declared
mistakes (real wrong implementations), variant, cases, checks, then the declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from .._compare import ATOL, RTOL, compare, describe, format_value
from .._exercise import Case, Exercise, Mistake
from .._module import Module
from .._i18n import Message, Text, message

MODULE = "numpy"


@lru_cache(maxsize=1)
def _wine() -> np.ndarray:
    from ..data import load

    X, _ = load("wine", as_="numpy")
    return X


@lru_cache(maxsize=1)
def _iris() -> tuple[np.ndarray, np.ndarray]:
    from ..data import load

    X, y = load("iris", as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y, dtype=np.int64)


@lru_cache(maxsize=1)
def _diabetes() -> tuple[np.ndarray, np.ndarray]:
    from ..data import load

    X, y = load("diabetes", as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y, dtype=float)


def _value(data: Any) -> Any:
    """The answer's return value inside the default probe's data."""
    return data.get("value") if isinstance(data, dict) else data


def _agrees(obtained: Any, expected: Any, case: Case) -> bool:
    """Whether two probe results agree under the case's tolerance (the library's by default).

    Custom checks start with this, so that a learner's answer that behaves exactly like a
    declared mistake is recognised as that mistake (the judge compares the two through the
    same checks).
    """
    return compare(_value(obtained), _value(expected),
                   rtol=RTOL if case.rtol is None else case.rtol,
                   atol=ATOL if case.atol is None else case.atol) is None


def _check_precision(obtained: Any, expected: Any, case: Case) -> Message | None:
    """Name single precision when it is what keeps a float array from the tolerance.

    A float32 result has about 7 significant digits, too few for the
    library's relative tolerance of 10⁻⁶: without this message the learner only reads that
    values differ in their sixth digit, and cannot tell why.
    """
    got, want = _value(obtained), _value(expected)
    if not (isinstance(got, np.ndarray) and isinstance(want, np.ndarray)
            and got.dtype == np.float32 and want.dtype == np.float64
            and got.shape == want.shape) or _agrees(obtained, expected, case):
        return None
    with np.errstate(all="ignore"):
        close_in_its_precision = np.allclose(got.astype(float), want, rtol=1e-3, atol=1e-4)
    if not close_in_its_precision:
        return None
    return message(Text(
        en="Your array is {dtype}: single precision keeps only about 7 significant digits, "
           "fewer than the relative tolerance of 10⁻⁶ needs, so your values drift in their last "
           "digits. Compute in float64 (NumPy's default): do not convert to {dtype}.",
        fr="Votre tableau est en {dtype} : la simple précision ne garde qu'environ 7 chiffres "
           "significatifs, moins que ce qu'exige la tolérance relative de 10⁻⁶, si bien que vos "
           "valeurs diffèrent dans leurs derniers chiffres. Calculez en float64 (le type par défaut de "
           "NumPy) : ne convertissez pas en {dtype}."), dtype=str(got.dtype))


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


def _zscore_whole_array(X):
    std = X.std()
    return (X - X.mean()) / (std if std != 0 else 1.0)


def _zscore_ddof1(X):
    std = X.std(axis=0, ddof=1)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))


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


def _zscore_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_rows = int(rng.integers(20, 41))
    n_cols = int(rng.integers(4, 8))
    return {"n_rows": n_rows, "n_cols": n_cols,
            "row_start": int(rng.integers(0, 178 - n_rows)),
            "columns": sorted(int(c) for c in rng.choice(13, size=n_cols, replace=False))}


def _zscore_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
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
    checks=(_check_precision,),
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
        Mistake("whole_array", Text(
            en="You used one mean and one standard deviation for the whole array (X.mean() and "
               "X.std() without axis), so the columns keep their differences of scale. Take one "
               "mean and one standard deviation per column: X.mean(axis=0), X.std(axis=0).",
            fr="Vous avez pris une seule moyenne et un seul écart type pour tout le tableau "
               "(X.mean() et X.std() sans axis) : les colonnes gardent leurs différences d'échelle. "
               "Prenez une moyenne et un écart type par colonne : X.mean(axis=0), "
               "X.std(axis=0)."), _zscore_whole_array),
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
        Mistake("min_max", Text(
            en="You rescaled each column to [0, 1] with its minimum and maximum (min-max "
               "normalisation). Standardising is another thing: subtract the column's mean and "
               "divide by its standard deviation, (X - X.mean(axis=0)) / X.std(axis=0).",
            fr="Vous avez ramené chaque colonne dans [0, 1] avec son minimum et son maximum "
               "(normalisation min-max). Standardiser, c'est autre chose : retranchez la "
               "moyenne de la colonne et divisez par son écart type, "
               "(X - X.mean(axis=0)) / X.std(axis=0)."), _zscore_min_max),
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


# --------------------------------------------------------------------------- softmax


def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def _softmax_overflow(z):
    exponentials = np.exp(z)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def _softmax_nan_patched(z):
    with np.errstate(over="ignore", invalid="ignore"):
        exponentials = np.exp(z)
        return np.nan_to_num(exponentials / exponentials.sum(axis=-1, keepdims=True))


def _softmax_axis0(z):
    exponentials = np.exp(z - z.max(axis=0, keepdims=True))
    return exponentials / exponentials.sum(axis=0, keepdims=True)


def _softmax_exponentials(z):
    return np.exp(z)


def _softmax_whole_batch(z):
    exponentials = np.exp(z - z.max())
    return exponentials / exponentials.sum()


def _softmax_min_shift(z):
    exponentials = np.exp(z - z.min(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def _softmax_global_shift(z):
    exponentials = np.exp(z - z.max())
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def _softmax_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n_rows": int(rng.integers(4, 9)), "n_classes": int(rng.integers(3, 7)),
            "big": int(rng.choice([800, 1000, 1200, 1500])),
            "data_seed": int(rng.integers(2**31))}


def _softmax_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    k, n, big = params["n_classes"], params["n_rows"], float(params["big"])
    steps = np.cumsum(data.uniform(0.5, 2.0, size=k)) - 0.5
    batch = data.normal(0.0, 3.0, size=(n, k))
    mixed = np.vstack([big + data.normal(0.0, 1.0, size=k), -big + data.normal(0.0, 1.0, size=k),
                       data.normal(0.0, 1.0, size=k)])
    tied = np.zeros((2, k))
    tied[0] = 2.5
    tied[1, :2] = 4.0
    hidden_shape = (int(rng.integers(2, 7)), int(rng.integers(2, 8)))
    hidden = rng.normal(rng.uniform(-50, 50), rng.uniform(1, 10), size=hidden_shape)
    return [
        Case("1-D", (data.normal(0.0, 2.0, size=k),),
             label=Text(en=f"one vector of {k} logits", fr=f"un vecteur de {k} logits")),
        Case("2-D", (batch,), label=Text(en=f"a batch of {n} rows of {k} logits",
                                         fr=f"un lot de {n} lignes de {k} logits")),
        Case("one row", (batch[:1].copy(),),
             label=Text(en="a 2-D batch with a single row", fr="un lot 2-D d'une seule ligne")),
        Case("one column", (batch[:, :1].copy(),),
             label=Text(en="a 2-D batch with a single logit per row (each row gives [1.])",
                        fr="un lot 2-D avec un seul logit par ligne (chaque ligne donne [1.])")),
        Case("large logits", (big - steps,),
             label=Text(en=f"logits around {big:g}", fr=f"des logits autour de {big:g}")),
        Case("very negative logits", (-big - steps,),
             label=Text(en=f"logits around -{big:g}", fr=f"des logits autour de -{big:g}")),
        Case("extremes", (np.concatenate([[big, -big], np.linspace(-1.0, 1.0, k - 2)]),),
             label=Text(en=f"{big:g} and -{big:g} in the same vector",
                        fr=f"{big:g} et -{big:g} dans le même vecteur")),
        Case("mixed rows", (mixed,),
             label=Text(en=f"rows around {big:g}, around -{big:g} and around 0",
                        fr=f"des lignes autour de {big:g}, de -{big:g} et de 0")),
        Case("ties", (tied,),
             label=Text(en="equal logits (uniform row) and two tied maxima",
                        fr="des logits égaux (ligne uniforme) et deux maxima à égalité")),
        Case("integer logits", (data.integers(-3, 4, size=k),),
             label=Text(en="a vector of integers (the result is still float)",
                        fr="un vecteur d'entiers (le résultat reste en flottants)")),
        Case("hidden", (hidden,), hidden=True),
    ]


SOFTMAX = Exercise(
    id="numpy.softmax",
    module=MODULE,
    title=Text(en="A numerically stable softmax", fr="Un softmax numériquement stable"),
    statement=Text(
        en=r"""Write `softmax(z)` which turns scores (*logits*) into probabilities:

$$\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}$$

`z` is either a 1-D array (one vector of logits) or a 2-D array (one vector per row, a
*batch*); for a 2-D array, apply the softmax to **each row** separately, so that every row
of the result sums to 1. Return a new float array of the same shape as `z`.

It must be **stable**: `np.exp(1000)` overflows to `inf`, and `np.exp(-1000)` is `0`, so the
formula as written gives NaN on large logits. The result must never contain NaN.

Your variant: batches of {n_rows} rows of {n_classes} logits, and logits as large as
{big} or as small as -{big}.""",
        fr=r"""Écrivez `softmax(z)` qui transforme des scores (*logits*) en probabilités :

$$\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}$$

`z` est soit un tableau 1-D (un vecteur de logits), soit un tableau 2-D (un vecteur par
ligne, un *lot*) ; pour un tableau 2-D, appliquez le softmax à **chaque ligne** séparément,
de sorte que chaque ligne du résultat ait une somme de 1. Renvoyez un nouveau tableau de
flottants de même forme que `z`.

Il doit être **stable** : `np.exp(1000)` déborde en `inf` et `np.exp(-1000)` vaut `0`, si bien
que la formule telle quelle donne NaN sur de grands logits. Le résultat ne doit jamais
contenir de NaN.

Votre variante : des lots de {n_rows} lignes de {n_classes} logits, et des logits aussi
grands que {big} ou aussi petits que -{big}.""",
    ),
    answer_name="softmax",
    kind="function",
    reference=softmax,
    cases=_softmax_cases,
    variant=_softmax_variant,
    checks=(_check_precision,),
    difficulty=1,
    minutes=10,
    tags=("numpy", "axes", "broadcasting", "numerical stability", "probabilities"),
    dataset=None,
    mistakes=(
        Mistake("overflow", Text(
            en="Your softmax gives NaN on large logits: np.exp(1000) is inf, and inf/inf is NaN "
               "(and np.exp(-1000) is 0, so 0/0). Subtract each row's maximum before np.exp: the "
               "result is mathematically the same, and the largest exponent becomes 0.",
            fr="Votre softmax donne NaN sur de grands logits : np.exp(1000) vaut inf, et inf/inf "
               "vaut NaN (et np.exp(-1000) vaut 0, d'où 0/0). Soustrayez le maximum de chaque "
               "ligne avant np.exp : le résultat est mathématiquement le même, et le plus grand "
               "exposant devient 0."), _softmax_overflow),
        Mistake("nan_patched", Text(
            en="Your softmax replaces the NaN of large logits by zeros (np.nan_to_num or a "
               "similar patch): rows of logits around 1000 or -1000 come out as zeros, which do "
               "not sum to 1. The overflow is still there; remove it at its source by "
               "subtracting each row's maximum before np.exp.",
            fr="Votre softmax remplace par des zéros les NaN des grands logits (np.nan_to_num "
               "ou un correctif semblable) : les lignes de logits proches de 1000 ou de -1000 "
               "ressortent nulles, et leur somme ne vaut pas 1. Le débordement est toujours là ; "
               "supprimez-le à la source en soustrayant le maximum de chaque ligne avant "
               "np.exp."), _softmax_nan_patched),
        Mistake("wrong_axis", Text(
            en="For a 2-D batch you normalised each column (axis=0) instead of each row. Take "
               "the maximum and the sum along the last axis (axis=-1, keepdims=True), which is "
               "also right for a 1-D vector.",
            fr="Pour un lot 2-D, vous avez normalisé chaque colonne (axis=0) au lieu de chaque "
               "ligne. Prenez le maximum et la somme le long du dernier axe (axis=-1, "
               "keepdims=True), ce qui convient aussi à un vecteur 1-D."), _softmax_axis0),
        Mistake("exponentials", Text(
            en="You returned the exponentials without dividing by their sum, so the values are "
               "not probabilities (they do not sum to 1). Divide by the sum of each row.",
            fr="Vous avez renvoyé les exponentielles sans les diviser par leur somme : ce ne sont "
               "pas des probabilités (leur somme ne vaut pas 1). Divisez par la somme de chaque "
               "ligne."), _softmax_exponentials),
        Mistake("whole_batch", Text(
            en="For a 2-D batch you made one distribution out of the whole array (the sum of "
               "every value), so each row does not sum to 1. Sum along the last axis: "
               "e.sum(axis=-1, keepdims=True).",
            fr="Pour un lot 2-D, vous avez fait une seule distribution de tout le tableau (la "
               "somme de toutes les valeurs), si bien que chaque ligne n'a pas une somme de 1. "
               "Sommez le long du dernier axe : e.sum(axis=-1, keepdims=True)."),
            _softmax_whole_batch),
        Mistake("global_shift", Text(
            en="You subtracted the maximum of the whole array, not of each row. A row whose "
               "logits are far below that maximum (around -1000 while another is around 1000) "
               "underflows to zeros and gives 0/0 = NaN. Use z.max(axis=-1, keepdims=True).",
            fr="Vous avez soustrait le maximum de tout le tableau, pas celui de chaque ligne. "
               "Une ligne dont les logits sont très en dessous de ce maximum (vers -1000 quand "
               "une autre est vers 1000) tombe à zéro et donne 0/0 = NaN. Utilisez "
               "z.max(axis=-1, keepdims=True)."), _softmax_global_shift),
        Mistake("min_shift", Text(
            en="You subtracted each row's minimum: the largest logit then becomes large and "
               "positive (1500 - (-1500) = 3000 when both are in the same row), np.exp overflows "
               "to inf and inf/inf is NaN. Subtract the maximum, z.max(axis=-1, keepdims=True), "
               "so that every exponent is at most 0.",
            fr="Vous avez soustrait le minimum de chaque ligne : le plus grand logit devient "
               "alors grand et positif (1500 - (-1500) = 3000 quand les deux sont dans la même "
               "ligne), np.exp déborde et donne inf, et inf/inf vaut NaN. Soustrayez le maximum, "
               "z.max(axis=-1, keepdims=True), pour que chaque exposant soit au plus 0."),
            _softmax_min_shift),
    ),
    hints=(
        Text(en="softmax(z) equals softmax(z - c) for any constant c: subtract each row's maximum "
                "so that the largest exponent is 0 and nothing overflows.",
             fr="softmax(z) est égal à softmax(z - c) pour toute constante c : soustrayez le "
                "maximum de chaque ligne pour que le plus grand exposant vaille 0 et que rien ne "
                "déborde."),
        Text(en="`axis=-1` is the last axis: the only axis of a 1-D array, the rows' axis of a 2-D "
                "one. `keepdims=True` keeps the reduced axis so that broadcasting lines up.",
             fr="`axis=-1` désigne le dernier axe : le seul axe d'un tableau 1-D, l'axe des lignes "
                "d'un tableau 2-D. `keepdims=True` garde l'axe réduit pour que la diffusion "
                "(broadcasting) s'aligne."),
        Text(en="`e = np.exp(z - z.max(axis=-1, keepdims=True))`, then "
                "`e / e.sum(axis=-1, keepdims=True)`.",
             fr="`e = np.exp(z - z.max(axis=-1, keepdims=True))`, puis "
                "`e / e.sum(axis=-1, keepdims=True)`."),
    ),
)


# --------------------------------------------------------------------------- one_hot


def one_hot(y, n_classes):
    encoded = np.zeros((len(y), n_classes))
    encoded[np.arange(len(y)), y] = 1.0
    return encoded


def _one_hot_int(y, n_classes):
    return np.eye(n_classes, dtype=int)[y]


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


def _one_hot_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_classes = int(rng.integers(4, 8))
    return {"n_classes": n_classes, "n_samples": int(rng.integers(8, 15)),
            "absent": int(rng.integers(1, n_classes - 1)), "data_seed": int(rng.integers(2**31))}


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
                        fr=f"aucune étiquette : forme (0, {k})")),
        Case("hidden", (hidden.astype(np.int64), hidden_k + int(rng.integers(0, 3))), hidden=True),
    ]


ONE_HOT = Exercise(
    id="numpy.one_hot",
    module=MODULE,
    title=Text(en="One-hot encoding", fr="Encodage one-hot"),
    statement=Text(
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
`(len(y), n_classes)` avec un 1 dans la colonne `y[i]` de la ligne `i` et des 0 ailleurs :

$$E_{ic} = \begin{cases} 1 & \text{si } y_i = c \\ 0 & \text{sinon} \end{cases}$$

La largeur est toujours `n_classes`, même quand certaines classes n'apparaissent pas dans `y`
(une classe absente au milieu, ou les dernières classes inutilisées). `y` peut même être vide :
le résultat a alors la forme `(0, n_classes)`. Ne modifiez pas `y`.

Votre variante : {n_samples} étiquettes et `n_classes = {n_classes}`, où la classe {absent}
n'apparaît jamais.""",
    ),
    answer_name="one_hot",
    kind="function",
    reference=one_hot,
    cases=_one_hot_cases,
    variant=_one_hot_variant,
    difficulty=1,
    minutes=10,
    tags=("numpy", "indexing", "dtypes", "encoding"),
    dataset=None,
    mistakes=(
        Mistake("int_dtype", Text(
            en="Your array holds integers; the exercise asks for floats (models multiply them "
               "by float weights). Create it with np.zeros(...) (float by default) or convert "
               "with .astype(float).",
            fr="Votre tableau contient des entiers ; l'exercice demande des flottants (les "
               "modèles les multiplient par des poids flottants). Créez-le avec np.zeros(...) "
               "(flottant par défaut) ou convertissez avec .astype(float)."), _one_hot_int),
        Mistake("bool_dtype", Text(
            en="Your array holds booleans (the result of ==). Convert it to floats with "
               ".astype(float).",
            fr="Votre tableau contient des booléens (le résultat de ==). Convertissez-le en "
               "flottants avec .astype(float)."), _one_hot_bool),
        Mistake("transposed", Text(
            en="Your array is transposed: one row per class instead of one row per sample. The "
               "shape must be (len(y), n_classes).",
            fr="Votre tableau est transposé : une ligne par classe au lieu d'une ligne par "
               "individu. La forme doit être (len(y), n_classes)."), _one_hot_transposed),
        Mistake("width_from_data", Text(
            en="You took the width from the data (y.max() + 1) instead of n_classes: when the "
               "last classes do not appear in y (or y is empty) the width is wrong. Use "
               "n_classes.",
            fr="Vous avez pris la largeur dans les données (y.max() + 1) au lieu de n_classes : "
               "quand les dernières classes n'apparaissent pas dans y (ou que y est vide), la "
               "largeur est fausse. Utilisez n_classes."), _one_hot_width_from_data),
        Mistake("present_classes", Text(
            en="You made one column per class present in y (np.unique(y)), so an absent class "
               "loses its column and the following ones shift. Column c must be class c, for "
               "every c in range(n_classes).",
            fr="Vous avez fait une colonne par classe présente dans y (np.unique(y)) : une "
               "classe absente perd sa colonne et les suivantes se décalent. La colonne c doit "
               "être la classe c, pour tout c de range(n_classes)."), _one_hot_present_classes),
    ),
    hints=(
        Text(en="Start from `np.zeros((len(y), n_classes))`: the shape and the float dtype are "
                "then right whatever the labels.",
             fr="Partez de `np.zeros((len(y), n_classes))` : la forme et le type flottant sont "
                "alors justes quelles que soient les étiquettes."),
        Text(en="Fancy indexing sets one cell per row at once: `E[rows, cols] = 1.0` with "
                "`rows = np.arange(len(y))` and `cols = y`.",
             fr="L'indexation avancée fixe une case par ligne d'un coup : `E[lignes, colonnes] = "
                "1.0` avec `lignes = np.arange(len(y))` et `colonnes = y`."),
        Text(en="Another way: the rows of the identity matrix are one-hot vectors, so "
                "`np.eye(n_classes)[y]` is the whole answer.",
             fr="Autre façon : les lignes de la matrice identité sont des vecteurs one-hot, donc "
                "`np.eye(n_classes)[y]` est toute la réponse."),
    ),
)


# --------------------------------------------------------------------------- class_means


def class_means(X, y):
    classes = np.unique(y)
    return np.array([X[y == label].mean(axis=0) for label in classes])


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


def _class_means_sums(X, y):
    return np.array([X[y == label].sum(axis=0) for label in np.unique(y)])


_SPECIES = np.array(["setosa", "versicolor", "virginica"])
_IRIS_COLUMNS = ("sepal length", "sepal width", "petal length", "petal width")
_IRIS_COLUMNS_FR = ("longueur du sépale", "largeur du sépale", "longueur du pétale",
                    "largeur du pétale")


def _check_class_means(obtained: Any, expected: Any, case: Case) -> Message | None:
    """Say so when the rows are the right means in another order than np.unique(y)'s."""
    if _agrees(obtained, expected, case):
        return None
    got, want = _value(obtained), _value(expected)
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
        fr="Vos lignes sont les bonnes moyennes de classe, mais pas dans le bon ordre : la "
           "ligne j doit correspondre à la classe np.unique(y)[j], les classes triées (les nombres comme "
           "des nombres, les chaînes par ordre alphabétique), quel que soit leur ordre dans y. "
           "Bouclez sur np.unique(y)."))


def _class_means_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_columns = int(rng.integers(2, 5))
    columns = sorted(int(c) for c in rng.choice(4, size=n_columns, replace=False))
    counts = [int(c) for c in rng.integers(4, 11, size=3)]
    return {"counts": counts, "counts_text": "/".join(str(c) for c in counts), "columns": columns,
            "n_columns": n_columns, "data_seed": int(rng.integers(2**31)),
            "column_names": ", ".join(_IRIS_COLUMNS[c] for c in columns),
            "column_names_fr": ", ".join(_IRIS_COLUMNS_FR[c] for c in columns)}


def _first_appearance(labels: np.ndarray) -> list[Any]:
    _, first = np.unique(labels, return_index=True)
    return list(labels[np.sort(first)])


def _class_means_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    X_all, y_all = _iris()
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
                           "texte, où « 10 » < « 100 » < « 9 »)")),
        Case("class 1 absent", (X[keep].copy(), y[keep].copy()),
             label=Text(en="only classes 0 and 2: two rows expected",
                        fr="seulement les classes 0 et 2 : deux lignes attendues")),
        Case("one row per class", (X_all[per_class].copy(), y_all[per_class].copy()),
             label=Text(en="one flower per class, in the order 2, 0, 1",
                        fr="une fleur par classe, dans l'ordre 2, 0, 1")),
        Case("hidden", (hidden_X, hidden_y.astype(np.int64)), hidden=True),
    ]


CLASS_MEANS = Exercise(
    id="numpy.class_means",
    module=MODULE,
    title=Text(en="Mean of each class", fr="Moyenne de chaque classe"),
    statement=Text(
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
et un tableau d'étiquettes `y` de longueur `n`, et renvoie un tableau de forme `(k, d)` : la
ligne `j` est la moyenne des lignes de `X` dont l'étiquette est la `j`-ième classe,

$$M_{j} = \frac{1}{|\{i : y_i = c_j\}|} \sum_{i : y_i = c_j} x_i ,$$

où $c_1 < c_2 < \dots < c_k$ sont les classes **dans l'ordre trié de `np.unique(y)`** (et non
dans l'ordre de leur première apparition). Les étiquettes ne valent pas forcément 0, 1, 2 :
ce peuvent être n'importe quels entiers, ou des chaînes ; `k` est le nombre de classes
présentes dans `y`. Ne modifiez ni `X` ni `y`.

Votre variante : des lignes de la table *iris*, {counts_text} fleurs dans les classes 0/1/2, mesures
{column_names_fr}.""",
    ),
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
    mistakes=(
        Mistake("first_appearance", Text(
            en="Your rows follow the order in which the classes first appear in y. The exercise "
               "asks for the sorted order of np.unique(y): loop over np.unique(y).",
            fr="Vos lignes suivent l'ordre dans lequel les classes apparaissent dans y. "
               "L'exercice demande l'ordre trié de np.unique(y) : bouclez sur np.unique(y)."),
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
            fr="Votre résultat est transposé : une ligne par mesure au lieu d'une ligne par "
               "classe. La forme doit être (nombre de classes, X.shape[1])."),
            _class_means_transposed),
        Mistake("label_as_index", Text(
            en="You used each label as a row number (np.bincount or an array of y.max() + 1 "
               "rows): labels 2, 5, 9 give ten rows, an absent class gives a row of NaN, and "
               "string labels fail. Make one row per class of np.unique(y).",
            fr="Vous avez utilisé chaque étiquette comme numéro de ligne (np.bincount ou un "
               "tableau de y.max() + 1 lignes) : les étiquettes 2, 5, 9 donnent dix lignes, une "
               "classe absente donne une ligne de NaN, et les étiquettes textuelles échouent. "
               "Faites une ligne par classe de np.unique(y)."), _class_means_by_value),
        Mistake("text_order", Text(
            en="Your rows follow the labels sorted as text, where \"10\" comes before \"9\". "
               "Sort the labels themselves, as np.unique(y) does: numbers as numbers, strings as "
               "strings; do not convert them to str.",
            fr="Vos lignes suivent les étiquettes triées comme du texte, où « 10 » vient avant "
               "« 9 ». Triez les étiquettes elles-mêmes, comme le fait np.unique(y) : les "
               "nombres comme des nombres, les chaînes comme des chaînes ; ne les convertissez "
               "pas en str."), _class_means_text_order),
        Mistake("sums", Text(
            en="You returned the sum of each class's rows, not their mean. Use .mean(axis=0) (or "
               "divide by the number of rows of the class).",
            fr="Vous avez renvoyé la somme des lignes de chaque classe, pas leur moyenne. "
               "Utilisez .mean(axis=0) (ou divisez par le nombre de lignes de la classe)."),
            _class_means_sums),
        Mistake("range_k", Text(
            en="You looped over 0, 1, ..., k - 1 (range) as if the labels were always 0, 1, 2. "
               "With labels 2, 5, 9 or species names, X[y == 0] is empty and its mean is NaN. "
               "Loop over the classes themselves: for c in np.unique(y).",
            fr="Vous avez bouclé sur 0, 1, ..., k - 1 (range) comme si les étiquettes valaient "
               "toujours 0, 1, 2. Avec les étiquettes 2, 5, 9 ou des noms d'espèces, X[y == 0] "
               "est vide et sa moyenne vaut NaN. Bouclez sur les classes elles-mêmes : "
               "for c in np.unique(y)."), _class_means_range),
    ),
    hints=(
        Text(en="`np.unique(y)` gives the classes, sorted; `y == c` is a boolean mask of the rows "
                "of class `c`.",
             fr="`np.unique(y)` donne les classes, triées ; `y == c` est un masque booléen des "
                "lignes de la classe `c`."),
        Text(en="`X[y == c]` keeps the rows of class `c`; `.mean(axis=0)` averages them column by "
                "column.",
             fr="`X[y == c]` garde les lignes de la classe `c` ; `.mean(axis=0)` en fait la "
                "moyenne colonne par colonne."),
        Text(en="Stack one mean per class: `np.array([X[y == c].mean(axis=0) for c in "
                "np.unique(y)])`.",
             fr="Empilez une moyenne par classe : `np.array([X[y == c].mean(axis=0) for c in "
                "np.unique(y)])`."),
    ),
)


# --------------------------------------------------------------------------- pairwise_distances


def pairwise_distances(A, B):
    differences = A[:, None, :] - B[None, :, :]
    return np.sqrt((differences ** 2).sum(axis=-1))


def _distances_squared(A, B):
    return ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)


def _distances_transposed(A, B):
    return np.sqrt(((B[:, None, :] - A[None, :, :]) ** 2).sum(axis=-1))


def _distances_unclipped(A, B):
    squared = (A ** 2).sum(axis=1)[:, None] + (B ** 2).sum(axis=1)[None, :] - 2 * A @ B.T
    return np.sqrt(squared)


def _distances_row_pairs(A, B):
    return np.sqrt(((A - B) ** 2).sum(axis=1))


#: Rounding noise allowed where two points coincide (see the statement).
_SAME_POINTS_ATOL = 1e-6
#: The case on which a Python loop in the answer is reported (once, not on every case).
_LOOP_CASE = "A to B"


def _has_python_loop(function: Any) -> bool:
    """Whether `function` loops in Python over the points (a loop over the data, not a few items).

    Measured, not read: the lines that run inside the answer's own code (and the comprehensions
    and functions defined in it) are counted on 3 x 2 points and on 24 x 16 points. A loop over
    the rows or the pairs runs many more lines on the larger inputs; broadcasting runs the same
    lines whatever the size, and so does a loop over a fixed few items such as
    ``A, B = (np.asarray(M, float) for M in (A, B))``. The libraries' own loops are not counted.
    """
    import sys

    from ..authoring.probes import own_code

    codes = set(own_code(function))
    if not codes:
        return False

    def lines_run(n: int, m: int) -> int | None:
        points = np.random.default_rng(0)
        A, B = points.normal(size=(n, 3)), points.normal(size=(m, 3))
        count = 0

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            nonlocal count
            if frame.f_code not in codes:
                return None
            if event == "line":
                count += 1
            return tracer

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            function(A, B)
        except Exception:  # noqa: BLE001 - the cases themselves report the answer's errors
            return None
        finally:
            sys.settrace(previous)
        return count

    small, large = lines_run(3, 2), lines_run(24, 16)
    return small is not None and large is not None and large >= small + 15


def _distances_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """The default probe (value, inputs changed in place), and whether the answer loops."""
    from .._checking import default_probe

    outcome = default_probe("function", ("pairwise_distances",))(answers, case)
    if case.name == _LOOP_CASE:
        outcome["python_loop"] = _has_python_loop(answers["pairwise_distances"])
    return outcome


def _distances_variant(rng: np.random.Generator) -> dict[str, Any]:
    n = int(rng.integers(4, 10))
    m = int(rng.choice([value for value in range(2, 9) if value != n]))
    return {"n": n, "m": m, "d": int(rng.integers(2, 6)), "data_seed": int(rng.integers(2**31))}


def _distances_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    n, m, d = params["n"], params["m"], params["d"]
    A = data.normal(0.0, 3.0, size=(n, d))
    B = data.normal(1.0, 3.0, size=(m, d))
    # Many coinciding points: with the expansion |a|² + |b|² - 2a·b, rounding makes some
    # squared distances slightly negative, which is what the clipping must handle.
    same = data.normal(0.0, 2.0, size=(60, 3))
    pixels_a = data.integers(0, 21, size=(n, 2))
    pixels_b = np.vstack([pixels_a[:2], data.integers(0, 21, size=(m, 2))])
    hidden_d = int(rng.integers(1, 6))
    hidden_a = rng.normal(0, rng.uniform(0.5, 5), size=(int(rng.integers(1, 12)), hidden_d))
    hidden_b = rng.normal(0, rng.uniform(0.5, 5), size=(int(rng.integers(1, 12)), hidden_d))
    return [
        Case("A to B", (A, B), label=Text(en=f"A is {n}×{d}, B is {m}×{d}: expect {n}×{m}",
                                          fr=f"A est {n}×{d}, B est {m}×{d} : {n}×{m} attendu")),
        Case("one point", (A.copy(), B[:1].copy()),
             label=Text(en="B holds a single point", fr="B ne contient qu'un point")),
        Case("one feature", (A[:, :1].copy(), B[:, :1].copy()),
             label=Text(en="points on a line (d = 1)", fr="des points sur une droite (d = 1)")),
        Case("same points", (same, same.copy()), atol=_SAME_POINTS_ATOL,
             label=Text(en="60 points against themselves: zeros on the diagonal",
                        fr="60 points face à eux-mêmes : des zéros sur la diagonale")),
        Case("integer coordinates", (pixels_a, pixels_b),
             label=Text(en="integer pixel positions, two of them shared: exact zeros, float result",
                        fr="des positions de pixels entières, dont deux communes : zéros exacts, "
                           "résultat en flottants")),
        Case("hidden", (hidden_a, hidden_b), hidden=True),
    ]


def _check_distances(obtained: Any, expected: Any, case: Case) -> Message | None:
    got, want = _value(obtained), _value(expected)
    # A negative distance fails even within the tolerance: the statement says "never".
    if (isinstance(got, np.ndarray) and got.dtype.kind == "f" and (got < 0).any()
            and not (np.asarray(want) < 0).any()):
        lowest = float(got.min())
        if lowest >= -_SAME_POINTS_ATOL:
            return message(Text(
                en="The result contains tiny negative values (down to {lowest}): a distance is "
                   "never negative. If you use |a|² + |b|² - 2a·b, clip it at 0 before the "
                   "square root.",
                fr="Le résultat contient de minuscules valeurs négatives (jusqu'à {lowest}) : "
                   "une distance n'est jamais négative. Si vous utilisez |a|² + |b|² - 2a·b, "
                   "ramenez ses valeurs négatives à 0 avant la racine carrée."),
                lowest=format_value(lowest))
        return message(Text(
            en="The result contains negative values (down to {lowest}), which no distance can "
               "be: D[i, j] is the square root of a sum of squares, "
               "np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)).",
            fr="Le résultat contient des valeurs négatives (jusqu'à {lowest}), ce qui est "
               "impossible pour une distance : D[i, j] est la racine carrée d'une somme de carrés, "
               "np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1))."),
            lowest=format_value(lowest))
    if _agrees(obtained, expected, case):
        if isinstance(obtained, dict) and obtained.get("python_loop") \
                and not (isinstance(expected, dict) and expected.get("python_loop")):
            return message(Text(
                en="The distances are right, but your function uses a Python loop (for, while "
                   "or a comprehension), which the exercise rules out: let broadcasting pair "
                   "every point of A with every point of B, "
                   "A[:, None, :] - B[None, :, :] of shape (n, m, d), then sum over the last axis.",
                fr="Les distances sont justes, mais votre fonction utilise une boucle Python "
                   "(for, while ou une compréhension de liste), ce que l'exercice exclut : "
                   "laissez la diffusion associer chaque point de A à chaque point de B, "
                   "A[:, None, :] - B[None, :, :] de forme (n, m, d), puis sommez sur le "
                   "dernier axe."))
        return None
    if isinstance(got, np.ndarray) and got.dtype.kind == "f" and np.isnan(got).any():
        return message(Text(
            en="The result contains NaN: a squared distance computed as |a|² + |b|² - 2a·b "
               "can round to a tiny negative number, and its square root is NaN. Clip at 0 "
               "first (np.maximum(squared, 0)), or compute the differences by broadcasting.",
            fr="Le résultat contient NaN : une distance au carré calculée comme "
               "|a|² + |b|² - 2a·b peut être arrondie en un minuscule nombre négatif, dont la "
               "racine est NaN. Ramenez d'abord à 0 (np.maximum(carres, 0)), ou calculez les "
               "différences par diffusion (broadcasting)."))
    return None


PAIRWISE_DISTANCES = Exercise(
    id="numpy.pairwise_distances",
    module=MODULE,
    title=Text(en="Pairwise distances by broadcasting", fr="Distances deux à deux par diffusion"),
    statement=Text(
        en=r"""Write `pairwise_distances(A, B)` which takes two 2-D arrays, `A` of shape `(n, d)` and `B`
of shape `(m, d)` (one point per row), and returns the `(n, m)` float array of Euclidean
distances

$$D_{ij} = \lVert a_i - b_j \rVert = \sqrt{\sum_{k=1}^d (a_{ik} - b_{jk})^2}$$

without a Python loop (no `for`, `while` or comprehension in your function: this is checked):
use broadcasting. A distance is never negative and never NaN: two
points that coincide are at distance 0. The coordinates may be integers; the result is
float. Do not modify `A` or `B`.

Values are compared with a relative tolerance of 10⁻⁶; where two points coincide, rounding
noise up to 10⁻⁶ is tolerated (the expansion $\lVert a\rVert^2 + \lVert b\rVert^2 - 2\,a\cdot b$
is allowed), but never a negative value or NaN.

Your variant: `A` has {n} points and `B` has {m} points, in {d} dimensions.""",
        fr=r"""Écrivez `pairwise_distances(A, B)` qui reçoit deux tableaux 2-D, `A` de forme `(n, d)` et
`B` de forme `(m, d)` (un point par ligne), et renvoie le tableau `(n, m)` de flottants des
distances euclidiennes

$$D_{ij} = \lVert a_i - b_j \rVert = \sqrt{\sum_{k=1}^d (a_{ik} - b_{jk})^2}$$

sans boucle Python (ni `for`, ni `while`, ni compréhension de liste dans votre fonction : c'est
vérifié) : utilisez la diffusion (broadcasting). Une distance n'est jamais négative
ni NaN : deux points confondus sont à distance 0. Les coordonnées peuvent être entières ; le
résultat est en flottants. Ne modifiez ni `A` ni `B`.

Les valeurs sont comparées avec une tolérance relative de 10⁻⁶ ; là où deux points sont
confondus, un bruit d'arrondi jusqu'à 10⁻⁶ est toléré (le développement
$\lVert a\rVert^2 + \lVert b\rVert^2 - 2\,a\cdot b$ est permis), mais jamais une valeur
négative ni NaN.

Votre variante : `A` a {n} points et `B` en a {m}, en dimension {d}.""",
    ),
    answer_name="pairwise_distances",
    kind="function",
    reference=pairwise_distances,
    cases=_distances_cases,
    variant=_distances_variant,
    probe=_distances_probe,
    checks=(_check_distances,),
    difficulty=2,
    minutes=15,
    tags=("numpy", "broadcasting", "distances", "numerical stability"),
    dataset=None,
    mistakes=(
        Mistake("squared", Text(
            en="You returned squared distances: take the square root (np.sqrt) of the sum of "
               "squared differences.",
            fr="Vous avez renvoyé les distances au carré : prenez la racine carrée (np.sqrt) de "
               "la somme des carrés des différences."), _distances_squared),
        Mistake("transposed", Text(
            en="Your result has shape (m, n): row i must be the point A[i] and column j the "
               "point B[j]. Broadcast A[:, None, :] against B[None, :, :].",
            fr="Votre résultat a la forme (m, n) : la ligne i doit être le point A[i] et la "
               "colonne j le point B[j]. Diffusez A[:, None, :] contre B[None, :, :]."),
            _distances_transposed),
        Mistake("nan_rounding", Text(
            en="With the expansion |a|² + |b|² - 2a·b, rounding makes some squared distances of "
               "coinciding points slightly negative, and np.sqrt gives NaN. Clip at zero before "
               "the square root: np.sqrt(np.maximum(squared, 0)).",
            fr="Avec le développement |a|² + |b|² - 2a·b, l'arrondi rend légèrement négatives "
               "certaines distances au carré de points confondus, et np.sqrt donne NaN. Ramenez "
               "à zéro avant la racine : np.sqrt(np.maximum(carres, 0))."), _distances_unclipped),
        Mistake("row_pairs", Text(
            en="You computed the distance between A[i] and B[i] only (A - B row by row), which "
               "gives one distance per row, or an error when A and B have different numbers of "
               "rows. Every point of A must meet every point of B: add an axis, "
               "A[:, None, :] - B[None, :, :].",
            fr="Vous avez calculé seulement la distance entre A[i] et B[i] (A - B ligne à "
               "ligne), ce qui donne une distance par ligne, ou une erreur quand A et B n'ont pas "
               "le même nombre de lignes. Chaque point de A doit rencontrer chaque point de B : "
               "ajoutez un axe, A[:, None, :] - B[None, :, :]."), _distances_row_pairs),
    ),
    hints=(
        Text(en="`A[:, None, :]` has shape (n, 1, d) and `B[None, :, :]` has shape (1, m, d): "
                "their difference broadcasts to (n, m, d).",
             fr="`A[:, None, :]` a la forme (n, 1, d) et `B[None, :, :]` la forme (1, m, d) : "
                "leur différence se diffuse en (n, m, d)."),
        Text(en="Square the differences and sum over the last axis (`axis=-1`) to get the (n, m) "
                "squared distances; then take `np.sqrt`.",
             fr="Élevez les différences au carré et sommez sur le dernier axe (`axis=-1`) pour "
                "obtenir les distances au carré (n, m) ; prenez ensuite `np.sqrt`."),
        Text(en="If you use the faster expansion `|a|² + |b|² - 2 a·b`, clip it with "
                "`np.maximum(..., 0)` before the square root: rounding can make it slightly "
                "negative.",
             fr="Si vous utilisez le développement plus rapide `|a|² + |b|² - 2 a·b`, ramenez-le "
                "à zéro avec `np.maximum(..., 0)` avant la racine : l'arrondi peut le rendre "
                "légèrement négatif."),
    ),
)


# --------------------------------------------------------------------------- least_squares


def fit_linear(X, y):
    design = np.column_stack([np.ones(len(X)), X])
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(weights[0]), weights[1:]


def _fit_no_intercept(X, y):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return 0.0, coef


def _fit_coef_first(X, y):
    design = np.column_stack([np.ones(len(X)), X])
    weights, *_ = np.linalg.lstsq(design, y, rcond=None)
    return weights[1:], float(weights[0])


def _fit_normal_equations(X, y):
    design = np.column_stack([np.ones(len(X)), X])
    weights = np.linalg.inv(design.T @ design) @ design.T @ y
    return float(weights[0]), weights[1:]


def _fit_mean_intercept(X, y):
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    return float(y.mean()), coef


_DIABETES_COLUMNS = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


def _fit_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_features = int(rng.integers(3, 7))
    columns = sorted(int(c) for c in rng.choice(10, size=n_features, replace=False))
    n_rows = int(rng.integers(40, 81))
    return {"n_rows": n_rows, "row_start": int(rng.integers(0, 442 - n_rows)),
            "columns": columns, "n_features": n_features,
            "column_names": ", ".join(_DIABETES_COLUMNS[c] for c in columns),
            **_exact_line(round(float(rng.uniform(-5, 5)), 1) + 0.0,
                          round(float(rng.uniform(-3, 3)), 1) + 0.0,
                          round(float(rng.uniform(-3, 3)), 1) + 0.0),
            "data_seed": int(rng.integers(2**31))}


def _exact_line(intercept: float, w1: float, w2: float) -> dict[str, Any]:
    """The exact line's numbers, and its equation written with signs (LaTeX)."""
    def term(weight: float, name: str) -> str:
        return f" {'-' if weight < 0 else '+'} {abs(weight):g}\\,{name}"

    return {"true_intercept": intercept, "true_w1": w1, "true_w2": w2,
            "line": f"{intercept:g}{term(w1, 'x_1')}{term(w2, 'x_2')}"}


def _fit_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    data = np.random.default_rng(params["data_seed"])
    X_all, y_all = _diabetes()
    rows = slice(params["row_start"], params["row_start"] + params["n_rows"])
    X, y = X_all[rows][:, params["columns"]], y_all[rows]
    line_X = data.uniform(-10, 10, size=(15, 2))
    line_y = params["true_intercept"] + line_X @ np.array([params["true_w1"], params["true_w2"]])
    # Twice a column (exact in floating point) and a constant column (a copy of the
    # intercept's column of ones): least squares has infinitely many solutions, all with
    # the same predictions, and X^T X cannot be inverted.
    doubled = np.column_stack([X, 2.0 * X[:, 0]])
    constant = np.column_stack([X, np.full(len(X), 1.0)])
    hidden_n, hidden_p = int(rng.integers(20, 60)), int(rng.integers(1, 6))
    hidden_X = rng.normal(0, rng.uniform(0.5, 5), size=(hidden_n, hidden_p))
    hidden_y = (rng.uniform(-10, 10) + hidden_X @ rng.normal(0, 3, size=hidden_p)
                + rng.normal(0, 1, size=hidden_n))
    hidden_collinear = np.column_stack([hidden_X, hidden_X[:, :1] * -3.0])
    n, p = X.shape
    return [
        Case("diabetes", (X, y), label=Text(en=f"{n} patients, {p} measurements",
                                            fr=f"{n} patients, {p} mesures")),
        Case("one feature", (X[:, :1].copy(), y.copy()),
             label=Text(en="a single column (a straight line)", fr="une seule colonne (une droite)")),
        Case("exact line", (line_X, line_y),
             label=Text(en="y = b + X @ w exactly: the fit must find b and w",
                        fr="y = b + X @ w exactement : l'ajustement doit retrouver b et w")),
        Case("collinear columns", (doubled, y.copy()),
             label=Text(en="one column is twice another: predictions compared",
                        fr="une colonne vaut deux fois une autre : prédictions comparées")),
        Case("constant column", (constant, y.copy()),
             label=Text(en="a column of ones, collinear with the intercept: predictions compared",
                        fr="une colonne de uns, colinéaire à l'ordonnée à l'origine : prédictions "
                           "comparées")),
        Case("hidden", (hidden_X, hidden_y), hidden=True),
        Case("hidden collinear", (hidden_collinear, hidden_y.copy()), hidden=True),
    ]


def _fit_shape_problem(got: Any, n_features: int) -> Message | None:
    """What is wrong with the form of `fit_linear`'s result, or None when it is a proper pair."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return message(Text(
            en="fit_linear should return a pair (intercept, coefficients), e.g. "
               "`return b, w`; it returned {got}.",
            fr="fit_linear doit renvoyer un couple (ordonnée à l'origine, coefficients), par "
               "exemple `return b, w` ; elle a renvoyé {got}."), got=describe(got))
    intercept, coef = got
    if isinstance(intercept, np.ndarray) and intercept.ndim == 1 and np.ndim(coef) == 0:
        return message(Text(
            en="You returned the coefficients first. Return (intercept, coefficients).",
            fr="Vous avez renvoyé les coefficients en premier. Renvoyez (ordonnée à l'origine, "
               "coefficients)."))
    if not (isinstance(intercept, (int, float)) or (isinstance(intercept, np.ndarray)
                                                   and intercept.shape == ())):
        return message(Text(
            en="The intercept should be one number (a float), got {got}. If your weights are "
               "w with the intercept first, return float(w[0]).",
            fr="L'ordonnée à l'origine doit être un nombre (un float), reçu {got}. Si vos poids "
               "w commencent par l'ordonnée à l'origine, renvoyez float(w[0])."),
            got=describe(intercept))
    if not isinstance(coef, np.ndarray) or coef.shape != (n_features,):
        return message(Text(
            en="The coefficients should be a 1-D NumPy array of {p} numbers (one per column of "
               "X), got {got}.",
            fr="Les coefficients doivent former un tableau NumPy 1-D de {p} nombres (un par "
               "colonne de X), reçu {got}."), p=n_features, got=describe(coef))
    return None


def _fit_parts(got: Any, n_features: int) -> tuple[float, np.ndarray] | None:
    """`(intercept, coefficients)` as a float and a float array, or None if `got` is malformed."""
    if _fit_shape_problem(got, n_features) is not None:
        return None
    return float(np.asarray(got[0])), np.asarray(got[1], dtype=float)


def _check_fit(obtained: Any, expected: Any, case: Case) -> Message | None:
    if _agrees(obtained, expected, case):
        return None
    X = np.asarray(case.args[0], dtype=float)
    got, want = _value(obtained), _value(expected)
    problem = _fit_shape_problem(got, X.shape[1])
    if problem is not None:
        return problem
    intercept, coef = float(np.asarray(got[0])), np.asarray(got[1], dtype=float)
    if not (np.isfinite(intercept) and np.isfinite(coef).all()):
        return message(Text(
            en="The result contains NaN or infinite values. On collinear columns X^T X cannot be "
               "inverted: use np.linalg.lstsq (or np.linalg.pinv), which handles them.",
            fr="Le résultat contient des valeurs NaN ou infinies. Sur des colonnes colinéaires, "
               "X^T X n'est pas inversible : utilisez np.linalg.lstsq (ou np.linalg.pinv), qui "
               "les gère."))
    expected_parts = _fit_parts(want, X.shape[1])
    if expected_parts is None:
        # Only when the judge compares with a declared mistake of another form: they differ.
        return message(Text(en="The result differs.", fr="Le résultat diffère."))
    want_intercept, want_coef = expected_parts
    design = np.column_stack([np.ones(len(X)), X])
    if np.linalg.matrix_rank(design) < design.shape[1]:
        # Coefficients are not unique here; every least-squares solution predicts the same.
        difference = compare(X @ coef + intercept, X @ want_coef + want_intercept,
                             where="X @ coef + intercept")
        if difference is None:
            return None
        if np.abs(coef).max() > 1e6 * max(1.0, float(np.abs(want_coef).max())):
            # A solver that keeps a near-zero singular value (scipy.linalg.lstsq's default
            # cutoff, an explicit inverse) returns huge weights that cancel out imprecisely.
            return message(Text(
                en="The columns of X are collinear and your coefficients are huge (up to "
                   "{largest}): your solver divided by a singular value that is zero but for "
                   "rounding, and the huge weights cancel out imprecisely, so the predictions "
                   "are wrong. Use np.linalg.lstsq(A, y, rcond=None), or give your solver a "
                   "cutoff for small singular values (scipy.linalg.lstsq(A, y, cond=1e-10)). "
                   "{detail}",
                fr="Les colonnes de X sont colinéaires et vos coefficients sont énormes "
                   "(jusqu'à {largest}) : votre solveur a divisé par une valeur singulière "
                   "nulle aux arrondis près, et ces poids énormes se compensent mal, si bien "
                   "que les prédictions sont fausses. Utilisez np.linalg.lstsq(A, y, "
                   "rcond=None), ou donnez à votre solveur un seuil pour les petites valeurs "
                   "singulières (scipy.linalg.lstsq(A, y, cond=1e-10)). {detail}"),
                largest=f"{float(np.abs(coef).max()):.1e}", detail=difference)
        return message(Text(
            en="The columns of X are collinear, so many coefficient vectors are right; but "
               "your predictions are not those of least squares. {detail}",
            fr="Les colonnes de X sont colinéaires : plusieurs vecteurs de coefficients "
               "conviennent, mais vos prédictions ne sont pas celles des moindres carrés. "
               "{detail}"), detail=difference)
    return (compare(intercept, want_intercept, where="intercept")
            or compare(coef, want_coef, where="coefficients"))


LEAST_SQUARES = Exercise(
    id="numpy.least_squares",
    module=MODULE,
    title=Text(en="Ordinary least squares", fr="Moindres carrés ordinaires"),
    statement=Text(
        en=r"""Write `fit_linear(X, y)` which fits the linear model $\hat y = b + X w$ by ordinary least
squares and returns the pair `(b, w)`: the intercept `b` (a float) and the coefficients `w`
(a 1-D array, one per column of `X`), which minimise

$$\sum_{i=1}^{n} \left(y_i - b - x_i^\top w\right)^2 .$$

Add a column of ones to `X` for the intercept, then solve the least-squares problem. Your
function must also work when columns of `X` are **collinear** (one column a multiple of
another, or a constant column): the coefficients are then not unique and any least-squares
solution is accepted; on those cases we compare the predictions `X @ w + b`. Do not modify
`X` or `y`.

Your variant: {n_rows} patients of the *diabetes* table (through scikit-learn), columns
{column_names}; and an exact line $y = {line}$.""",
        fr=r"""Écrivez `fit_linear(X, y)` qui ajuste le modèle linéaire $\hat y = b + X w$ par moindres
carrés ordinaires et renvoie le couple `(b, w)` : l'ordonnée à l'origine `b` (un float) et
les coefficients `w` (un tableau 1-D, un par colonne de `X`), qui minimisent

$$\sum_{i=1}^{n} \left(y_i - b - x_i^\top w\right)^2 .$$

Ajoutez une colonne de uns à `X` pour l'ordonnée à l'origine, puis résolvez le problème de
moindres carrés. Votre fonction doit aussi marcher quand des colonnes de `X` sont
**colinéaires** (une colonne multiple d'une autre, ou une colonne constante) : les
coefficients ne sont alors pas uniques et toute solution des moindres carrés est acceptée ;
sur ces cas, nous comparons les prédictions `X @ w + b`. Ne modifiez ni `X` ni `y`.

Votre variante : {n_rows} patients de la table *diabetes* (via scikit-learn), colonnes
{column_names} ; et une droite exacte $y = {line}$.""",
    ),
    answer_name="fit_linear",
    kind="function",
    reference=fit_linear,
    cases=_fit_cases,
    variant=_fit_variant,
    checks=(_check_fit,),
    compare_values=False,
    difficulty=2,
    minutes=15,
    tags=("numpy", "linear algebra", "least squares", "regression"),
    dataset="diabetes",
    mistakes=(
        Mistake("no_intercept", Text(
            en="Your model has no intercept: it is forced through the origin. Add a column of "
               "ones to X (np.column_stack([np.ones(len(X)), X])) and return its weight as b.",
            fr="Votre modèle n'a pas d'ordonnée à l'origine : il passe de force par l'origine. "
               "Ajoutez une colonne de uns à X (np.column_stack([np.ones(len(X)), X])) et "
               "renvoyez son poids comme b."), _fit_no_intercept),
        Mistake("coef_first", Text(
            en="You returned the coefficients first. The exercise asks for (intercept, "
               "coefficients), in that order.",
            fr="Vous avez renvoyé les coefficients en premier. L'exercice demande (ordonnée à "
               "l'origine, coefficients), dans cet ordre."), _fit_coef_first),
        Mistake("normal_equations", Text(
            en="You solved the normal equations with np.linalg.inv(A.T @ A). When columns are "
               "collinear, A.T @ A is singular: inv fails or returns garbage. Use "
               "np.linalg.lstsq(A, y, rcond=None), which finds a least-squares solution in "
               "every case.",
            fr="Vous avez résolu les équations normales avec np.linalg.inv(A.T @ A). Quand des "
               "colonnes sont colinéaires, A.T @ A est singulière : inv échoue ou renvoie "
               "n'importe quoi. Utilisez np.linalg.lstsq(A, y, rcond=None), qui trouve une "
               "solution des moindres carrés dans tous les cas."), _fit_normal_equations),
        Mistake("mean_intercept", Text(
            en="You fitted the coefficients without an intercept, then took the mean of y as "
               "the intercept. Both must be fitted together: add a column of ones to X and "
               "solve once.",
            fr="Vous avez ajusté les coefficients sans ordonnée à l'origine, puis pris la "
               "moyenne de y comme ordonnée à l'origine. Les deux doivent être ajustés ensemble : "
               "ajoutez une colonne de uns à X et résolvez une seule fois."), _fit_mean_intercept),
    ),
    hints=(
        Text(en="The intercept is the weight of a column of ones: "
                "`A = np.column_stack([np.ones(len(X)), X])`.",
             fr="L'ordonnée à l'origine est le poids d'une colonne de uns : "
                "`A = np.column_stack([np.ones(len(X)), X])`."),
        Text(en="`np.linalg.lstsq(A, y, rcond=None)` returns the least-squares weights first, "
                "even when the columns are collinear; avoid `np.linalg.inv(A.T @ A)`.",
             fr="`np.linalg.lstsq(A, y, rcond=None)` renvoie d'abord les poids des moindres "
                "carrés, même quand les colonnes sont colinéaires ; évitez "
                "`np.linalg.inv(A.T @ A)`."),
        Text(en="`weights, *_ = np.linalg.lstsq(A, y, rcond=None)`, then "
                "`return float(weights[0]), weights[1:]`.",
             fr="`poids, *_ = np.linalg.lstsq(A, y, rcond=None)`, puis "
                "`return float(poids[0]), poids[1:]`."),
    ),
)


# --------------------------------------------------------------------------- gradient_descent


def gd_linreg(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (2 / len(y)) * (A.T @ residual)
    return w, losses


def _gd_loss_after_step(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        w = w - lr * (2 / len(y)) * (A.T @ (A @ w - y))
        losses.append(float(np.mean((A @ w - y) ** 2)))
    return w, losses


def _gd_no_factor_two(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (A.T @ residual) / len(y)
    return w, losses


def _gd_sum_gradient(X, y, lr, n_iter):
    A = np.column_stack([np.ones(len(X)), X])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * 2 * (A.T @ residual)
    return w, losses


def _gd_no_intercept(X, y, lr, n_iter):
    w = np.zeros(X.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = X @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (2 / len(y)) * (X.T @ residual)
    return w, losses


def _gd_intercept_last(X, y, lr, n_iter):
    A = np.column_stack([X, np.ones(len(X))])
    w = np.zeros(A.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = A @ w - y
        losses.append(float(np.mean(residual ** 2)))
        w = w - lr * (2 / len(y)) * (A.T @ residual)
    return w, losses


def _gd_intercept_then_weights(X, y, lr, n_iter):
    intercept, weights = 0.0, np.zeros(X.shape[1])
    losses = []
    for _ in range(n_iter):
        residual = intercept + X @ weights - y
        losses.append(float(np.mean(residual ** 2)))
        intercept = intercept - lr * 2 * residual.mean()
        residual = intercept + X @ weights - y
        weights = weights - lr * (2 / len(y)) * (X.T @ residual)
    return np.concatenate([[intercept], weights]), losses


#: Columns of the diabetes table used here: s2 and s4 are left out, being strongly correlated
#: with s1 and s3, which would slow gradient descent down too much for the step budget.
_GD_COLUMNS = (0, 1, 2, 3, 4, 6, 8, 9)
#: Cases run long enough for the weights to reach least squares; the others are checked step
#: by step against the update rule.
_GD_CONVERGING = frozenset({"converges", "one feature"})
_GD_LS_TOLERANCE = 1e-3
#: The shift and the rate of the case whose columns are not centred. Centred columns make the
#: intercept's gradient and the weights' independent, which hides an update that is not
#: simultaneous; shifted ones couple them, and need a smaller rate to stay stable.
_GD_SHIFT, _GD_SHIFTED_LR = 1.0, 0.05


def _gd_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_features = int(rng.integers(2, 4))
    columns = sorted(int(c) for c in rng.choice(_GD_COLUMNS, size=n_features, replace=False))
    n_rows = int(rng.integers(40, 81))
    return {"n_rows": n_rows, "row_start": int(rng.integers(0, 442 - n_rows)), "columns": columns,
            "n_features": n_features,
            "column_names": ", ".join(_DIABETES_COLUMNS[c] for c in columns),
            "lr": float(rng.choice([0.1, 0.15, 0.2])), "n_short": int(rng.integers(3, 9)),
            "n_long": 400}


def _standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _gd_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X_all, y_all = _diabetes()
    rows = slice(params["row_start"], params["row_start"] + params["n_rows"])
    X, y = _standardised(X_all[rows][:, params["columns"]]), y_all[rows].copy()
    lr, n_short, n_long = params["lr"], params["n_short"], params["n_long"]
    hidden_n, hidden_p = int(rng.integers(20, 60)), int(rng.integers(1, 4))
    hidden_X = _standardised(rng.normal(size=(hidden_n, hidden_p)))
    hidden_y = rng.uniform(-20, 20) + hidden_X @ rng.normal(0, 5, size=hidden_p) + rng.normal(
        0, 1, size=hidden_n)
    return [
        Case("few steps", (X, y, lr, n_short),
             label=Text(en=f"{n_short} steps at rate {lr:g}: the update rule, step by step",
                        fr=f"{n_short} pas au taux {lr:g} : la règle de mise à jour, pas à pas")),
        Case("converges", (X.copy(), y.copy(), lr, n_long),
             label=Text(en=f"{n_long} steps: the loss never rises and the weights reach least "
                           "squares",
                        fr=f"{n_long} pas : la perte ne remonte jamais et les poids atteignent "
                           "les moindres carrés")),
        Case("one feature", (X[:, :1].copy(), y.copy(), lr, n_long),
             label=Text(en=f"a single column, {n_long} steps", fr=f"une seule colonne, {n_long} pas")),
        Case("uncentred columns", (X + _GD_SHIFT, y.copy(), _GD_SHIFTED_LR, n_short),
             label=Text(en=f"the same columns plus {_GD_SHIFT:g} (mean {_GD_SHIFT:g}, not 0), "
                           f"{n_short} steps at rate {_GD_SHIFTED_LR:g}: every weight is updated "
                           "from the same w",
                        fr=f"les mêmes colonnes augmentées de {_GD_SHIFT:g} (de moyenne {_GD_SHIFT:g}, "
                           f"et non 0), {n_short} pas au taux {_GD_SHIFTED_LR:g} : tous les poids "
                           "sont mis à jour à partir du même w")),
        Case("one step", (X.copy(), y.copy(), lr, 1),
             label=Text(en="n_iter = 1: one loss, one update", fr="n_iter = 1 : une perte, une mise "
                                                                  "à jour")),
        Case("no step", (X.copy(), y.copy(), lr, 0),
             label=Text(en="n_iter = 0: zero weights and an empty list",
                        fr="n_iter = 0 : des poids nuls et une liste vide")),
        Case("hidden", (hidden_X, hidden_y, 0.1, int(rng.integers(5, 30))), hidden=True),
        Case("hidden converges", (hidden_X.copy(), hidden_y.copy(), 0.1, n_long), hidden=True),
    ]


def _check_gd(obtained: Any, expected: Any, case: Case) -> Message | None:
    if _agrees(obtained, expected, case):
        return None
    X, y, _, n_iter = case.args
    got = _value(obtained)
    n_weights = X.shape[1] + 1
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return message(Text(
            en="gd_linreg should return a pair (weights, losses); it returned {got}.",
            fr="gd_linreg doit renvoyer un couple (poids, pertes) ; elle a renvoyé {got}."),
            got=describe(got))
    weights, losses = got
    if not isinstance(weights, np.ndarray) or weights.shape != (n_weights,):
        return message(Text(
            en="The weights should be a 1-D NumPy array of {k} numbers: the intercept first, "
               "then one weight per column of X. Got {got}.",
            fr="Les poids doivent former un tableau NumPy 1-D de {k} nombres : l'ordonnée à "
               "l'origine d'abord, puis un poids par colonne de X. Reçu {got}."),
            k=n_weights, got=describe(weights))
    if not (isinstance(losses, list) or (isinstance(losses, np.ndarray) and losses.ndim == 1)) \
            or len(losses) != n_iter:
        return message(Text(
            en="The losses should be a list of {n} numbers, one per step, recorded before each "
               "update. Got {got}.",
            fr="Les pertes doivent former une liste de {n} nombres, un par pas, notés avant "
               "chaque mise à jour. Reçu {got}."), n=n_iter, got=describe(losses))
    try:
        history = np.asarray(losses, dtype=float)
    except (TypeError, ValueError):
        return message(Text(en="The losses should be numbers.",
                            fr="Les pertes doivent être des nombres."))
    if n_iter >= 1:
        first = float(np.mean(y ** 2))
        if compare(float(history[0]), first) is not None:
            return message(Text(
                en="The first loss should be the mean squared error of the zero weights, before "
                   "any update: mean(y ** 2) = {want}; you gave {got}. Record the loss before "
                   "updating the weights, and use the mean of the squared residuals.",
                fr="La première perte doit être l'erreur quadratique moyenne des poids nuls, "
                   "avant toute mise à jour : mean(y ** 2) = {want} ; vous avez donné {got}. "
                   "Notez la perte avant de mettre à jour les poids, et prenez la moyenne des "
                   "carrés des résidus."),
                want=format_value(first), got=format_value(float(history[0])))
    finite = np.isfinite(history)
    rises = np.flatnonzero(~finite[1:] | (history[1:] > history[:-1] * (1 + 1e-9) + 1e-12))
    if rises.size:
        step = int(rises[0]) + 1
        return message(Text(
            en="With this small rate the loss should never rise, but it went from {before} to "
               "{after} at step {step}. Check the sign of the update (w = w - lr * gradient) "
               "and that the gradient is a mean over the rows (2/n · Aᵀ(Aw − y)), not a sum.",
            fr="Avec ce petit taux, la perte ne devrait jamais remonter, mais elle est passée "
               "de {before} à {after} au pas {step}. Vérifiez le signe de la mise à jour "
               "(w = w - lr * gradient) et que le gradient est une moyenne sur les lignes "
               "(2/n · Aᵀ(Aw − y)), pas une somme."),
            before=format_value(float(history[step - 1])), after=format_value(float(history[step])),
            step=step)
    if case.name.removeprefix("hidden ") in _GD_CONVERGING:
        design = np.column_stack([np.ones(len(X)), X])
        least_squares, *_ = np.linalg.lstsq(design, y, rcond=None)
        gap = np.linalg.norm(weights - least_squares) / np.linalg.norm(least_squares)
        if not gap <= _GD_LS_TOLERANCE:
            return message(Text(
                en="After {n} steps the weights should be within 0.1 % of the least-squares "
                   "ones, {want}; yours are {got}. Is the intercept first, and is the gradient "
                   "2/n · Aᵀ(Aw − y)?",
                fr="Après {n} pas, les poids devraient être à moins de 0,1 % de ceux des "
                   "moindres carrés, {want} ; les vôtres valent {got}. L'ordonnée à l'origine "
                   "est-elle en premier, et le gradient vaut-il 2/n · Aᵀ(Aw − y) ?"),
                n=n_iter, want=format_value(least_squares), got=format_value(weights))
        return None
    want = _value(expected)
    if not isinstance(want, (tuple, list)) or len(want) != 2:
        # Only when the judge compares with a declared mistake of another form: they differ.
        return message(Text(en="The result differs.", fr="Le résultat diffère."))
    difference = compare(weights, want[0], where="weights")
    if difference is None:
        # The weights are right: so must be every loss, not only the first (a loss computed
        # once before the loop, or without the intercept, keeps the first value right).
        wrong_losses = compare(history, np.asarray(want[1], dtype=float), where="losses")
        if wrong_losses is None:
            return None
        return message(Text(
            en="Your weights follow the update rule, but not your losses: each loss must be "
               "the mean squared error mean((A @ w - y) ** 2) of the current w, the intercept "
               "included, computed again at every step before the update. {detail}",
            fr="Vos poids suivent la règle de mise à jour, mais pas vos pertes : chaque perte "
               "doit être l'erreur quadratique moyenne mean((A @ w - y) ** 2) du w courant, "
               "ordonnée à l'origine comprise, recalculée à chaque pas avant la mise à jour. "
               "{detail}"),
            detail=wrong_losses)
    return message(Text(
        en="With n_iter = {n}, your weights are not those of the update rule "
           "w ← w − lr · (2/n) · Aᵀ(Aw − y), starting from zeros: {detail}",
        fr="Avec n_iter = {n}, vos poids ne sont pas ceux de la règle de mise à jour "
           "w ← w − lr · (2/n) · Aᵀ(Aw − y), en partant de zéro : {detail}"),
        n=n_iter, detail=difference)


def _gd_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    from ..authoring.figures import line_chart

    got, want = _value(obtained), _value(expected)
    try:
        yours = [float(value) for value in got[1]]
        reference = [float(value) for value in want[1]]
    except (TypeError, ValueError, IndexError):
        return None
    if len(reference) < 2 or len(yours) > 5000:
        return None
    return line_chart({"yours / vous": yours, "expected / attendu": reference},
                      title="MSE", x_label="step / pas", y_label="MSE")


GRADIENT_DESCENT = Exercise(
    id="numpy.gradient_descent",
    module=MODULE,
    title=Text(en="Linear regression by gradient descent",
               fr="Régression linéaire par descente de gradient"),
    statement=Text(
        en=r"""Write `gd_linreg(X, y, lr, n_iter)` which fits $\hat y = A w$ by gradient descent on the mean
squared error, where $A$ is `X` with a column of ones in front (so `w[0]` is the intercept).
Start from $w = 0$ and repeat `n_iter` times:

1. record the loss $L(w) = \frac{1}{n} \lVert A w - y \rVert^2$ (the mean squared error);
2. update $w \leftarrow w - {\rm lr} \cdot \nabla L(w)$, with $\nabla L(w) = \frac{2}{n} A^\top (A w - y)$.

Return the pair `(w, losses)`: `w` a 1-D array of `X.shape[1] + 1` weights (intercept first)
and `losses` a list of `n_iter` floats, the loss **before** each update (so `losses[0]` is
the mean squared error of the zero weights). Do not modify `X` or `y`.

What is checked: the length of `losses` and its first value; the loss never rises (the
rates used are small enough); after a few steps, your weights and every loss are those of the
rule above (relative tolerance 10⁻⁶); after {n_long} steps, they are within 0.1 % of the least-squares
weights (relative to their length).

Your variant: {n_rows} patients of the *diabetes* table, columns {column_names}
standardised, rate `lr = {lr}`, a short run of {n_short} steps and a long run of {n_long}.""",
        fr=r"""Écrivez `gd_linreg(X, y, lr, n_iter)` qui ajuste $\hat y = A w$ par descente de gradient
sur l'erreur quadratique moyenne, où $A$ est `X` précédé d'une colonne de uns (donc `w[0]`
est l'ordonnée à l'origine). Partez de $w = 0$ et répétez `n_iter` fois :

1. notez la perte $L(w) = \frac{1}{n} \lVert A w - y \rVert^2$ (l'erreur quadratique moyenne) ;
2. mettez à jour $w \leftarrow w - {\rm lr} \cdot \nabla L(w)$, avec
   $\nabla L(w) = \frac{2}{n} A^\top (A w - y)$.

Renvoyez le couple `(w, pertes)` : `w` un tableau 1-D de `X.shape[1] + 1` poids (l'ordonnée à
l'origine d'abord) et `pertes` une liste de `n_iter` flottants, la perte **avant** chaque mise
à jour (donc `pertes[0]` est l'erreur quadratique moyenne des poids nuls). Ne modifiez ni `X`
ni `y`.

Ce qui est vérifié : la longueur de `pertes` et sa première valeur ; la perte ne remonte
jamais (les taux utilisés sont assez petits) ; après quelques pas, vos poids et chacune des
pertes suivent la règle ci-dessus (tolérance relative 10⁻⁶) ; après {n_long} pas, les poids sont
à moins de 0,1 % des poids des moindres carrés (relativement à leur norme).

Votre variante : {n_rows} patients de la table *diabetes*, colonnes {column_names}
standardisées, taux `lr = {lr}`, une course courte de {n_short} pas et une longue de {n_long}.""",
    ),
    answer_name="gd_linreg",
    kind="function",
    reference=gd_linreg,
    cases=_gd_cases,
    variant=_gd_variant,
    checks=(_check_gd,),
    compare_values=False,
    figure=_gd_figure,
    difficulty=3,
    minutes=25,
    tags=("numpy", "optimisation", "gradient descent", "regression"),
    dataset="diabetes",
    mistakes=(
        Mistake("loss_after_step", Text(
            en="You recorded the loss after each update, so your first loss is not that of the "
               "zero weights and the last one is one step ahead. Compute the loss first, then "
               "update.",
            fr="Vous notez la perte après chaque mise à jour : votre première perte n'est pas "
               "celle des poids nuls et la dernière a un pas d'avance. Calculez d'abord la "
               "perte, puis mettez à jour."), _gd_loss_after_step),
        Mistake("no_factor_two", Text(
            en="Your gradient misses the factor 2: the derivative of the mean of squared "
               "residuals is (2/n) · Aᵀ(Aw − y). Without it each step is half as long, and the "
               "weights after a few steps are not the expected ones. (If your gradient has "
               "the 2, check that you use the rate lr passed as argument, not one of your "
               "own.)",
            fr="Il manque le facteur 2 à votre gradient : la dérivée de la moyenne des carrés "
               "des résidus est (2/n) · Aᵀ(Aw − y). Sans lui, chaque pas est deux fois plus "
               "court, et les poids après quelques pas ne sont pas ceux attendus. (Si votre "
               "gradient a bien le 2, vérifiez que vous utilisez le taux lr reçu en argument, "
               "et non un taux de votre choix.)"),
            _gd_no_factor_two),
        Mistake("sum_gradient", Text(
            en="Your gradient is a sum over the rows, not a mean: it is n times too large, and "
               "the descent diverges (the loss rises). Divide by the number of rows: "
               "(2/n) · Aᵀ(Aw − y).",
            fr="Votre gradient est une somme sur les lignes, pas une moyenne : il est n fois trop "
               "grand et la descente diverge (la perte remonte). Divisez par le nombre de "
               "lignes : (2/n) · Aᵀ(Aw − y)."), _gd_sum_gradient),
        Mistake("no_intercept", Text(
            en="Your weights have no intercept. Put a column of ones in front of X "
               "(np.column_stack([np.ones(len(X)), X])) so that w[0] is the intercept.",
            fr="Vos poids n'ont pas d'ordonnée à l'origine. Placez une colonne de uns devant X "
               "(np.column_stack([np.ones(len(X)), X])) pour que w[0] soit l'ordonnée à "
               "l'origine."), _gd_no_intercept),
        Mistake("intercept_last", Text(
            en="Your column of ones is the last column, so the intercept ends up last in w. The "
               "exercise asks for the intercept first: put the ones in front of X.",
            fr="Votre colonne de uns est la dernière : l'ordonnée à l'origine se retrouve en "
               "dernier dans w. L'exercice la demande en premier : placez les uns devant X."),
            _gd_intercept_last),
        Mistake("not_simultaneous", Text(
            en="You updated the intercept first, then computed the gradient of the other "
               "weights with the new intercept. Every weight must move from the same w: "
               "compute the whole gradient (2/n) · Aᵀ(Aw − y) once, then update w in one go. "
               "With centred columns this goes unnoticed; with uncentred ones the weights "
               "differ.",
            fr="Vous avez d'abord mis à jour l'ordonnée à l'origine, puis calculé le gradient "
               "des autres poids avec la nouvelle ordonnée à l'origine. Tous les poids doivent "
               "partir du même w : calculez tout le gradient (2/n) · Aᵀ(Aw − y) une fois, puis "
               "mettez w à jour d'un coup. Avec des colonnes centrées, cela passe inaperçu ; "
               "avec des colonnes non centrées, les poids diffèrent."),
            _gd_intercept_then_weights),
    ),
    hints=(
        Text(en="Build `A = np.column_stack([np.ones(len(X)), X])` and start from "
                "`w = np.zeros(A.shape[1])`.",
             fr="Construisez `A = np.column_stack([np.ones(len(X)), X])` et partez de "
                "`w = np.zeros(A.shape[1])`."),
        Text(en="In the loop: `residual = A @ w - y`; append `np.mean(residual ** 2)` to the "
                "list *before* changing `w`.",
             fr="Dans la boucle : `residu = A @ w - y` ; ajoutez `np.mean(residu ** 2)` à la "
                "liste *avant* de modifier `w`."),
        Text(en="The update is `w = w - lr * (2 / len(y)) * (A.T @ residual)`; return "
                "`w, losses`.",
             fr="La mise à jour est `w = w - lr * (2 / len(y)) * (A.T @ residu)` ; renvoyez "
                "`w, pertes`."),
    ),
)


EXERCISES = (ZSCORE, SOFTMAX, ONE_HOT, CLASS_MEANS, PAIRWISE_DISTANCES, LEAST_SQUARES,
             GRADIENT_DESCENT)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='numpy', code='M1', audience=("engineering",),
    title=Text(en='NumPy foundations', fr='Les bases de NumPy'),
    intro=Text(en='Arrays, axes and broadcasting, and the few lines of mathematics that sit under machine learning, written with NumPy.',
               fr="Tableaux, axes et diffusion (broadcasting), et les quelques lignes de mathématiques qui se cachent sous l'apprentissage automatique, écrites avec NumPy."),
    exercises=EXERCISES,
)
