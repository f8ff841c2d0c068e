"""numpy.pairwise_distances: Euclidean distances by broadcasting, with no Python loop."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.probes import with_line_changed
from caire_exercises.exercises.numpy._common import MODULE_ID, agrees, number, value_of
from caire_exercises.exercises.numpy.probes import distances_probe


TITLE = Text(en="Pairwise distances by broadcasting", fr="Distances deux à deux par diffusion")

STATEMENT = Text(
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

sans boucle Python (ni `for`, ni `while`, ni compréhension de liste dans votre fonction : c'est
vérifié) : utilisez la diffusion (broadcasting). Une distance n'est jamais négative
ni NaN : deux points confondus sont à distance 0. Les coordonnées peuvent être entières ; le
résultat est en flottants. Ne modifiez ni `A` ni `B`.

Les valeurs sont comparées avec une tolérance relative de 10⁻⁶ ; là où deux points sont
confondus, un bruit d'arrondi jusqu'à 10⁻⁶ est toléré (le développement
$\lVert a\rVert^2 + \lVert b\rVert^2 - 2\,a\cdot b$ est permis), mais jamais une valeur
négative ni NaN.

Votre variante : `A` a {n} points et `B` en a {m}, en dimension {d}.""",
)


def pairwise_distances(A, B):
    differences = A[:, None, :] - B[None, :, :]
    return np.sqrt((differences ** 2).sum(axis=-1))


#: Rounding noise allowed where two points coincide (see the statement).
_SAME_POINTS_ATOL = 1e-6


#: The case whose feedback explains the no-loop rule in full (every case fails on a loop).
_LOOP_CASE = "A to B"


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
                                          fr=f"A est {n}×{d}, B est {m}×{d}\u202f: {n}×{m} attendu")),
        Case("one point", (A.copy(), B[:1].copy()),
             label=Text(en="B holds a single point", fr="B ne contient qu'un point")),
        Case("one feature", (A[:, :1].copy(), B[:, :1].copy()),
             label=Text(en="points on a line (d = 1)", fr="des points sur une droite (d = 1)")),
        Case("same points", (same, same.copy()), atol=_SAME_POINTS_ATOL,
             label=Text(en="60 points against themselves: zeros on the diagonal",
                        fr="60 points face à eux-mêmes\u202f: des zéros sur la diagonale")),
        Case("integer coordinates", (pixels_a, pixels_b),
             label=Text(en="integer pixel positions, two of them shared: exact zeros, float result",
                        fr="des positions de pixels entières, dont deux communes\u202f: zéros exacts, "
                           "résultat en flottants")),
        Case("hidden", (hidden_a, hidden_b), hidden=True),
    ]


def _distances_variant(rng: np.random.Generator) -> dict[str, Any]:
    n = int(rng.integers(4, 10))
    m = int(rng.choice([value for value in range(2, 9) if value != n]))
    return {"n": n, "m": m, "d": int(rng.integers(2, 6)), "data_seed": int(rng.integers(2**31))}


def _check_distances(obtained: Any, expected: Any, case: Case) -> Message | None:
    got, want = value_of(obtained), value_of(expected)
    # A negative distance fails even within the tolerance: the statement says "never".
    if (isinstance(got, np.ndarray) and got.dtype.kind == "f" and (got < 0).any()
            and not (np.asarray(want) < 0).any()):
        lowest = float(got.min())
        if lowest >= -_SAME_POINTS_ATOL:
            return message(Text(
                en="The result contains tiny negative values (down to {lowest}): a distance is "
                   "never negative. If you use |a|² + |b|² - 2a·b, clip it at 0 before the "
                   "square root.",
                fr="Le résultat contient de minuscules valeurs négatives (jusqu'à {lowest})\u202f: "
                   "une distance n'est jamais négative. Si vous utilisez |a|² + |b|² - 2a·b, "
                   "ramenez ses valeurs négatives à 0 avant la racine carrée."),
                lowest=number(lowest))
        return message(Text(
            en="The result contains negative values (down to {lowest}), which no distance can "
               "be: D[i, j] is the square root of a sum of squares, "
               "np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)).",
            fr="Le résultat contient des valeurs négatives (jusqu'à {lowest}), ce qui est "
               "impossible pour une distance\u202f: D[i, j] est la racine carrée d'une somme de carrés, "
               "np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1))."),
            lowest=number(lowest))
    if (isinstance(got, np.ndarray) and got.dtype.kind == "f" and np.isnan(got).any()
            and not agrees(obtained, expected, case)):
        return message(Text(
            en="The result contains NaN: a squared distance computed as |a|² + |b|² - 2a·b "
               "can round to a tiny negative number, and its square root is NaN. Clip at 0 "
               "first (np.maximum(squared, 0)), or compute the differences by broadcasting.",
            fr="Le résultat contient NaN\u202f: une distance au carré calculée comme "
               "|a|² + |b|² - 2a·b peut être arrondie en un minuscule nombre négatif, dont la "
               "racine est NaN. Ramenez d'abord à 0 (np.maximum(carres, 0)), ou calculez les "
               "différences par diffusion (broadcasting)."))
    return None


def _loops_over_points(observed: Any) -> bool:
    """Whether the answer's own code ran many more lines on 24 x 16 points than on 3 x 2.

    A loop over the rows or the pairs does; broadcasting runs the same lines whatever the
    size, and so does a loop over a fixed few items. An answer that raised on those points
    is judged by the cases themselves.
    """
    small, large = observed["lines"]
    if small is None or large is None:
        return False
    return int(large) >= int(small) + 15


def _no_loop_holds(observed: Any, expected: Any, case: Case) -> bool:
    # A loop gates the score: right distances computed by a Python loop fail every case.
    # Wrong distances fail on their values anyway, and keep the feedback (and the declared
    # mistake) that their values call for.
    return not (_loops_over_points(observed) and agrees(observed, expected, case))


def _no_loop_feedback(observed: Any, expected: Any, case: Case) -> Text:
    if case.name != _LOOP_CASE:
        return Text(en="The distances are right, but computed with a Python loop (see the case "
                       f"\"{_LOOP_CASE}\"): the exercise rules loops out.",
                    fr="Les distances sont justes, mais calculées avec une boucle Python (voir le "
                       f"cas «\u202f{_LOOP_CASE}\u202f»)\u202f: l'exercice exclut les boucles.")
    return Text(
        en="The distances are right, but your function uses a Python loop (for, while "
           "or a comprehension), which the exercise rules out: let broadcasting pair "
           "every point of A with every point of B, "
           "A[:, None, :] - B[None, :, :] of shape (n, m, d), then sum over the last axis.",
        fr="Les distances sont justes, mais votre fonction utilise une boucle Python "
           "(for, while ou une compréhension de liste), ce que l'exercice exclut\u202f: "
           "laissez la diffusion associer chaque point de A à chaque point de B, "
           "A[:, None, :] - B[None, :, :] de forme (n, m, d), puis sommez sur le "
           "dernier axe.")


FACTS = (Fact("no_loop", _no_loop_holds, _no_loop_feedback),)


def _distances_transposed(A, B):
    return np.sqrt(((B[:, None, :] - A[None, :, :]) ** 2).sum(axis=-1))


def _distances_unclipped(A, B):
    squared = (A ** 2).sum(axis=1)[:, None] + (B ** 2).sum(axis=1)[None, :] - 2 * A @ B.T
    return np.sqrt(squared)


def _distances_row_pairs(A, B):
    return np.sqrt(((A - B) ** 2).sum(axis=1))


MISTAKES = (
    Mistake("squared", Text(
        en="You returned squared distances: take the square root (np.sqrt) of the sum of "
           "squared differences.",
        fr="Vous avez renvoyé les distances au carré\u202f: prenez la racine carrée (np.sqrt) de "
           "la somme des carrés des différences."),
               with_line_changed(pairwise_distances, "return np.sqrt((differences ** 2).sum(axis=-1))",
                                 "return (differences ** 2).sum(axis=-1)")),
    Mistake("transposed", Text(
        en="Your result has shape (m, n): row i must be the point A[i] and column j the "
           "point B[j]. Broadcast A[:, None, :] against B[None, :, :].",
        fr="Votre résultat a la forme (m, n)\u202f: la ligne i doit être le point A[i] et la "
           "colonne j le point B[j]. Diffusez A[:, None, :] contre B[None, :, :]."),
        _distances_transposed),
    Mistake("nan_rounding", Text(
        en="With the expansion |a|² + |b|² - 2a·b, rounding makes some squared distances of "
           "coinciding points slightly negative, and np.sqrt gives NaN. Clip at zero before "
           "the square root: np.sqrt(np.maximum(squared, 0)).",
        fr="Avec le développement |a|² + |b|² - 2a·b, l'arrondi rend légèrement négatives "
           "certaines distances au carré de points confondus, et np.sqrt donne NaN. Ramenez "
           "à zéro avant la racine\u202f: np.sqrt(np.maximum(carres, 0))."), _distances_unclipped),
    Mistake("row_pairs", Text(
        en="You computed the distance between A[i] and B[i] only (A - B row by row), which "
           "gives one distance per row, or an error when A and B have different numbers of "
           "rows. Every point of A must meet every point of B: add an axis, "
           "A[:, None, :] - B[None, :, :].",
        fr="Vous avez calculé seulement la distance entre A[i] et B[i] (A - B ligne à "
           "ligne), ce qui donne une distance par ligne, ou une erreur quand A et B n'ont pas "
           "le même nombre de lignes. Chaque point de A doit rencontrer chaque point de B\u202f: "
           "ajoutez un axe, A[:, None, :] - B[None, :, :]."), _distances_row_pairs),
)

HINTS = (
    Text(en="`A[:, None, :]` has shape (n, 1, d) and `B[None, :, :]` has shape (1, m, d): "
            "their difference broadcasts to (n, m, d).",
         fr="`A[:, None, :]` a la forme (n, 1, d) et `B[None, :, :]` la forme (1, m, d)\u202f: "
            "leur différence se diffuse en (n, m, d)."),
    Text(en="Square the differences and sum over the last axis (`axis=-1`) to get the (n, m) "
            "squared distances; then take `np.sqrt`.",
         fr="Élevez les différences au carré et sommez sur le dernier axe (`axis=-1`) pour "
            "obtenir les distances au carré (n, m)\u202f; prenez ensuite `np.sqrt`."),
    Text(en="If you use the faster expansion `|a|² + |b|² - 2 a·b`, clip it with "
            "`np.maximum(..., 0)` before the square root: rounding can make it slightly "
            "negative.",
         fr="Si vous utilisez le développement plus rapide `|a|² + |b|² - 2 a·b`, ramenez-le "
            "à zéro avec `np.maximum(..., 0)` avant la racine\u202f: l'arrondi peut le rendre "
            "légèrement négatif."),
)


TEACHER_NOTES = Text(
    en=("Objectives: broadcast two arrays against each other with new axes; know the expansion "
        "|a|² + |b|² - 2a·b and its rounding trap. Misconceptions aimed at: a loop is needed to "
        "pair every point with every point; a tiny negative number is harmless. Debrief: What is "
        "the shape of A[:, None, :] - B[None, :, :], and how much memory does it take for 10,000 "
        "× 10,000 points? Why can the expansion give a negative squared distance? Where are "
        "pairwise distances used (k-nearest neighbours, k-means, kernels)?"),
    fr=("Objectifs\u202f: diffuser deux tableaux l'un contre l'autre en ajoutant des axes\u202f; connaître "
        "le développement |a|² + |b|² - 2a·b et son piège d'arrondi. Idées reçues visées\u202f: il "
        "faudrait une boucle pour associer chaque point à chaque point\u202f; un minuscule nombre "
        "négatif serait sans conséquence. Pour le débriefing\u202f: quelle est la forme de A[:, None, "
        ":] - B[None, :, :], et quelle mémoire occupe-t-il pour 10\u202f000 × 10\u202f000 points\u202f? Pourquoi"
        " le développement peut-il donner une distance au carré négative\u202f? Où les distances deux "
        "à deux servent-elles (k plus proches voisins, k-moyennes, noyaux)\u202f?"),
)


PAIRWISE_DISTANCES = Exercise(
    id="numpy.pairwise_distances",
    module=MODULE_ID,
    title=TITLE,
    statement=STATEMENT,
    answer_name="pairwise_distances",
    kind="function",
    reference=pairwise_distances,
    cases=_distances_cases,
    variant=_distances_variant,
    probe=distances_probe,
    checks=(_check_distances,),
    facts=FACTS,
    difficulty=2,
    minutes=15,
    tags=("numpy", "broadcasting", "distances", "numerical stability"),
    dataset=None,
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)

