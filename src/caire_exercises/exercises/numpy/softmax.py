"""numpy.softmax: a numerically stable softmax over the last axis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import MODULE_ID, check_precision, number, value_of


TITLE = Text(en="A numerically stable softmax", fr="Un softmax numériquement stable")

STATEMENT = Text(
    en=r"""Write `softmax(z)` which turns scores (*logits*) into probabilities:

$$\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}$$

`z` is either a 1-D array (one vector of logits) or a 2-D array (one vector per row, a
*batch*); for a 2-D array, apply the softmax to **each row** separately, so that every row
of the result sums to 1. Return a new float array of the same shape as `z`.

It must be **stable**: `np.exp(1000)` overflows to `inf`, and `np.exp(-1000)` is `0`, so the
formula as written gives NaN on large logits. The result must never contain NaN.

Your variant: batches of {n_rows} rows of {n_classes} logits, and logits as large as
{big} or as small as -{big}.""",
    fr=r"""Écrivez `softmax(z)` qui transforme des scores (*logits*) en probabilités :

$$\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k} e^{z_k}}$$

`z` est soit un tableau 1-D (un vecteur de logits), soit un tableau 2-D (un vecteur par
ligne, un *lot*) ; pour un tableau 2-D, appliquez le softmax à **chaque ligne** séparément,
de sorte que chaque ligne du résultat ait une somme de 1. Renvoyez un nouveau tableau de
flottants de même forme que `z`.

Il doit être **stable** : `np.exp(1000)` déborde en `inf` et `np.exp(-1000)` vaut `0`, si bien
que la formule telle quelle donne NaN sur de grands logits. Le résultat ne doit jamais
contenir de NaN.

Votre variante : des lots de {n_rows} lignes de {n_classes} logits, et des logits aussi
grands que {big} ou aussi petits que -{big}.""",
)


def softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=-1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


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


def _softmax_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"n_rows": int(rng.integers(4, 9)), "n_classes": int(rng.integers(3, 7)),
            "big": int(rng.choice([800, 1000, 1200, 1500])),
            "data_seed": int(rng.integers(2**31))}


def _distribution_problem(observed: Any, case: Case) -> tuple[str, Any] | None:
    """What keeps the answer from being one probability distribution per row, or None.

    ``("nan", count)``, ``("negative", lowest)`` or ``("sum", (row, total))``; None as well
    when the answer is not an array of the shape of z: the values are then compared, which
    says what the answer returned.
    """
    z = np.asarray(case.args[0])
    got = value_of(observed)
    if not isinstance(got, np.ndarray) or got.shape != z.shape or got.dtype.kind not in "iuf":
        return None
    got = got.astype(float)
    if not np.isfinite(got).all():
        return "nan", int((~np.isfinite(got)).sum())
    if (got < 0).any():
        return "negative", float(got.min())
    totals = np.atleast_2d(got.sum(axis=-1)).reshape(-1)
    wrong = np.flatnonzero(np.abs(totals - 1.0) > 1e-6)
    if wrong.size:
        return "sum", (int(wrong[0]), float(totals[wrong[0]]))
    return None


def _distribution_feedback(observed: Any, expected: Any, case: Case) -> Message:
    kind, detail = _distribution_problem(observed, case)
    if kind == "nan":
        return message(Text(
            en="Your result holds {count} NaN or infinite values: np.exp overflows on large "
               "logits (np.exp(1000) is inf) and underflows on very negative ones. Subtract "
               "each row's maximum before np.exp.",
            fr="Votre résultat contient {count} valeurs NaN ou infinies\u202f: np.exp déborde sur "
               "de grands logits (np.exp(1000) vaut inf) et tombe à 0 sur des logits très "
               "négatifs. Soustrayez le maximum de chaque ligne avant np.exp."), count=detail)
    if kind == "negative":
        return message(Text(
            en="Your result holds negative values (down to {lowest}): a probability is never "
               "negative.",
            fr="Votre résultat contient des valeurs négatives (jusqu'à {lowest})\u202f: une "
               "probabilité n'est jamais négative."), lowest=number(detail))
    row, total = detail
    if np.ndim(case.args[0]) == 1:
        return message(Text(
            en="Your values sum to {total}, not 1: a softmax is a probability distribution.",
            fr="Vos valeurs ont pour somme {total}, et non 1\u202f: un softmax est une "
               "distribution de probabilités."), total=number(total))
    return message(Text(
        en="Row {row} of your result sums to {total}, not 1: each row of a 2-D batch is its "
           "own distribution (sum along the last axis).",
        fr="La ligne {row} de votre résultat a pour somme {total}, et non 1\u202f: chaque ligne "
           "d'un lot 2-D est sa propre distribution (sommez le long du dernier axe)."),
        row=row, total=number(total))


#: A wrong answer is described by what its rows are, not only by the values that differ.
FACTS = (Fact("distribution", lambda observed, expected, case: _distribution_problem(observed, case) is None,
              _distribution_feedback),)


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


MISTAKES = (
    Mistake("overflow", Text(
        en="Your softmax gives NaN on large logits: np.exp(1000) is inf, and inf/inf is NaN "
           "(and np.exp(-1000) is 0, so 0/0). Subtract each row's maximum before np.exp: the "
           "result is mathematically the same, and the largest exponent becomes 0.",
        fr="Votre softmax donne NaN sur de grands logits\u202f: np.exp(1000) vaut inf, et inf/inf "
           "vaut NaN (et np.exp(-1000) vaut 0, d'où 0/0). Soustrayez le maximum de chaque "
           "ligne avant np.exp\u202f: le résultat est mathématiquement le même, et le plus grand "
           "exposant devient 0."), _softmax_overflow),
    Mistake("nan_patched", Text(
        en="Your softmax replaces the NaN of large logits by zeros (np.nan_to_num or a "
           "similar patch): rows of logits around 1000 or -1000 come out as zeros, which do "
           "not sum to 1. The overflow is still there; remove it at its source by "
           "subtracting each row's maximum before np.exp.",
        fr="Votre softmax remplace par des zéros les NaN des grands logits (np.nan_to_num "
           "ou un correctif semblable)\u202f: les lignes de logits proches de 1000 ou de -1000 "
           "ressortent nulles, et leur somme ne vaut pas 1. Le débordement est toujours là\u202f; "
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
        fr="Vous avez renvoyé les exponentielles sans les diviser par leur somme\u202f: ce ne sont "
           "pas des probabilités (leur somme ne vaut pas 1). Divisez par la somme de chaque "
           "ligne."), _softmax_exponentials),
    Mistake("whole_batch", Text(
        en="For a 2-D batch you made one distribution out of the whole array (the sum of "
           "every value), so each row does not sum to 1. Sum along the last axis: "
           "e.sum(axis=-1, keepdims=True).",
        fr="Pour un lot 2-D, vous avez fait une seule distribution de tout le tableau (la "
           "somme de toutes les valeurs), si bien que chaque ligne n'a pas une somme de 1. "
           "Sommez le long du dernier axe\u202f: e.sum(axis=-1, keepdims=True)."),
        _softmax_whole_batch),
    Mistake("global_shift", Text(
        en="You subtracted the maximum of the whole array, not of each row. A row whose "
           "logits are far below that maximum (around -1000 while another is around 1000) "
           "underflows to zeros and gives 0/0 = NaN. Use z.max(axis=-1, keepdims=True).",
        fr="Vous avez soustrait le maximum de tout le tableau, pas celui de chaque ligne. "
           "Une ligne dont les logits sont très en dessous de ce maximum (vers -1000 quand "
           "une autre est vers 1000) tombe à zéro et donne 0/0 = NaN. Utilisez "
           "z.max(axis=-1, keepdims=True)."),
               with_line_changed(softmax, "z.max(axis=-1, keepdims=True)",
                                 "z.max()")),
    Mistake("min_shift", Text(
        en="You subtracted each row's minimum: the largest logit then becomes large and "
           "positive (1500 - (-1500) = 3000 when both are in the same row), np.exp overflows "
           "to inf and inf/inf is NaN. Subtract the maximum, z.max(axis=-1, keepdims=True), "
           "so that every exponent is at most 0.",
        fr="Vous avez soustrait le minimum de chaque ligne\u202f: le plus grand logit devient "
           "alors grand et positif (1500 - (-1500) = 3000 quand les deux sont dans la même "
           "ligne), np.exp déborde et donne inf, et inf/inf vaut NaN. Soustrayez le maximum, "
           "z.max(axis=-1, keepdims=True), pour que chaque exposant soit au plus 0."),
        with_line_changed(softmax, "z.max(axis=-1, keepdims=True)", "z.min(axis=-1, keepdims=True)")),
)

HINTS = (
    Text(en="softmax(z) equals softmax(z - c) for any constant c: subtract each row's maximum "
            "so that the largest exponent is 0 and nothing overflows.",
         fr="softmax(z) est égal à softmax(z - c) pour toute constante c\u202f: soustrayez le "
            "maximum de chaque ligne pour que le plus grand exposant vaille 0 et que rien ne "
            "déborde."),
    Text(en="`axis=-1` is the last axis: the only axis of a 1-D array, the rows' axis of a 2-D "
            "one. `keepdims=True` keeps the reduced axis so that broadcasting lines up.",
         fr="`axis=-1` désigne le dernier axe\u202f: le seul axe d'un tableau 1-D, l'axe des lignes "
            "d'un tableau 2-D. `keepdims=True` garde l'axe réduit pour que la diffusion "
            "(broadcasting) s'aligne."),
    Text(en="`e = np.exp(z - z.max(axis=-1, keepdims=True))`, then "
            "`e / e.sum(axis=-1, keepdims=True)`.",
         fr="`e = np.exp(z - z.max(axis=-1, keepdims=True))`, puis "
            "`e / e.sum(axis=-1, keepdims=True)`."),
)


TEACHER_NOTES = Text(
    en=("Objectives: apply a function row by row with axis=-1 and keepdims; know why np.exp "
        "overflows and how subtracting each row's maximum fixes it without changing the result. "
        "Misconceptions aimed at: a numerical problem is fixed by patching NaN afterwards "
        "(np.nan_to_num); any constant may be subtracted (the minimum, the maximum of the whole "
        "batch). Debrief: Why is softmax(z - c) equal to softmax(z)? Why must c be the maximum of"
        " each row? What does a row of zeros after nan_to_num mean for a classifier's "
        "probabilities?"),
    fr=("Objectifs\u202f: appliquer une fonction ligne par ligne avec axis=-1 et keepdims\u202f; comprendre"
        " pourquoi np.exp déborde et comment soustraire le maximum de chaque ligne y remédie sans"
        " changer le résultat. Idées reçues visées\u202f: un problème numérique se corrige en "
        "remplaçant les NaN après coup (np.nan_to_num)\u202f; on pourrait soustraire n'importe quelle "
        "constante (le minimum, le maximum de tout le lot). Pour le débriefing\u202f: pourquoi "
        "softmax(z - c) est-il égal à softmax(z)\u202f? Pourquoi c doit-il être le maximum de chaque "
        "ligne\u202f? Que signifie une ligne de zéros après nan_to_num pour les probabilités d'un "
        "classifieur\u202f?"),
)


SOFTMAX = Exercise(
    id="numpy.softmax",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="softmax",
    kind="function",
    reference=softmax,
    cases=_softmax_cases,
    variant=_softmax_variant,
    checks=(check_precision,),
    facts=FACTS,
    difficulty=1,
    minutes=10,
    tags=("numpy", "axes", "broadcasting", "numerical stability", "probabilities"),
    dataset=None,
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

