"""unsupervised.choose_k: the number of clusters with the best silhouette."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.unsupervised._common import K_RANGE, MODULE_ID, curves, penguin_measurements, standardised
from caire_exercises.exercises.unsupervised.probes import call_probe


def best_k(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = {}
    for k in range(2, 9):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)
        scores[k] = silhouette_score(X, labels)
    return max(scores, key=scores.get)


def _best_k_inertia(X, seed):
    from sklearn.cluster import KMeans

    inertias = {k: KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X).inertia_
                for k in range(2, 9)}
    return min(inertias, key=inertias.get)


def _best_k_up_to_7(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = {k: silhouette_score(X, KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X))
              for k in range(2, 8)}
    return max(scores, key=scores.get)


def _best_k_position(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = [silhouette_score(X, KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X))
              for k in range(2, 9)]
    return int(np.argmax(scores))


def _best_k_score(X, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    return max(silhouette_score(X, KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X))
               for k in range(2, 9))


def _best_k_rescaled(X, seed):
    from sklearn.preprocessing import StandardScaler

    return best_k(StandardScaler().fit_transform(X), seed)


def _clear_blobs(rng: np.random.Generator, n_clusters: int, n: int) -> np.ndarray:
    """Tight blobs in the plane, centres at least 9 apart, so that the best k is not in doubt.

    With these numbers the best silhouette leads the runner-up by more than 0.05, a margin
    that the randomness of k-means (another n_init, another release) does not overturn.
    """
    half_width = 5 * np.sqrt(n_clusters) + 5
    centres: list[np.ndarray] = []
    while len(centres) < n_clusters:
        candidate = rng.uniform(-half_width, half_width, size=2)
        if all(np.linalg.norm(candidate - centre) >= 9 for centre in centres):
            centres.append(candidate)
    members = np.arange(n) % n_clusters
    return np.asarray(centres)[members] + rng.normal(scale=0.6, size=(n, 2))


def _two_pairs(rng: np.random.Generator, n: int) -> np.ndarray:
    """Two pairs of blobs, the pairs far apart: the silhouette prefers 2, Calinski-Harabasz 4.

    Pairs on the diagonal, split across it, so that standardising keeps the best k at 2.
    """
    half = 3 / np.sqrt(2)
    centres = np.array([[-25 - half, -25 + half], [-25 + half, -25 - half],
                        [25 - half, 25 + half], [25 + half, 25 - half]])
    return centres[np.arange(n) % 4] + rng.normal(size=(n, 2))


def _mixed_units(rng: np.random.Generator, n: int) -> np.ndarray:
    """Two groups on a column in large units, three on a column in small ones.

    As it is, the large column decides and the best k is 2; standardised, the
    two columns weigh alike and the best k becomes 6 (a 2 x 3 grid): an answer
    that rescales `X` fails, and not as one that takes the largest k does.
    """
    large = 100 * (np.where(np.arange(n) % 2 == 0, -1.0, 1.0) + rng.normal(scale=0.1, size=n))
    small = 3.0 * (np.arange(n) // 2 % 3) + rng.normal(scale=0.3, size=n)
    return np.column_stack([large, small])


def _choose_k_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    penguins = standardised(penguin_measurements())
    eight = _clear_blobs(np.random.default_rng(8), 8, 240)
    pairs = _two_pairs(np.random.default_rng(4), 200)
    units = _mixed_units(np.random.default_rng(2), 240)
    hidden = _clear_blobs(rng, int(rng.integers(3, 8)), int(rng.integers(120, 240)))
    return [
        Case("penguins", (penguins, 0), label=Text(
            en="the four penguin measurements, standardised, seed=0",
            fr="les quatre mesures des manchots, standardisées, seed=0")),
        Case("penguin bills", (penguins[:, :2].copy(), 1), label=Text(
            en="bill length and depth only, seed=1",
            fr="longueur et épaisseur du bec seulement, seed=1")),
        Case("eight blobs", (eight, 2), label=Text(
            en="eight well separated blobs, seed=2", fr="huit amas bien séparés, seed=2")),
        Case("two pairs", (pairs, 3), label=Text(
            en="two pairs of blobs, the pairs far apart, seed=3",
            fr="deux paires d'amas, très éloignées l'une de l'autre, seed=3")),
        Case("mixed units", (units, 4), label=Text(
            en="a column in large units and one in small units, as they are, seed=4",
            fr="une colonne en grandes unités et une autre en petites unités, laissées telles "
               "quelles, seed=4")),
        Case("hidden", (hidden, int(rng.integers(0, 1000))), hidden=True),
    ]


def _choose_k_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    from caire_exercises.authoring.figures import line_chart

    X, seed = case.args
    silhouettes, inertias = curves(X, seed)
    ks = list(K_RANGE)
    chosen = obtained.get("value") if isinstance(obtained, dict) else obtained
    title = Text(en="Silhouette by k: yours {yours}, best {best}",
                 fr="Silhouette selon k : le vôtre {yours}, le meilleur {best}").render(
        None, yours=str(chosen), best=str(expected["value"]))
    left = line_chart({"silhouette": silhouettes}, title=title, x_label="k", y_label="silhouette",
                      x_values=ks)
    right = line_chart({Text(en="inertia", fr="inertie").render(): inertias},
                       title=Text(en="Inertia by k: it always falls",
                                  fr="Inertie selon k : elle baisse toujours").render(),
                       x_label="k", y_label=Text(en="inertia", fr="inertie").render(), x_values=ks)
    return left + right


CHOOSE_K = Exercise(
    id="unsupervised.choose_k",
    module=MODULE_ID,
    title=Text(en="How many clusters?", fr="Combien de groupes ?"),
    statement=Text(
        en="""Write `best_k(X, seed)` which, for every k from 2 to 8 (both included), clusters `X`
with `KMeans(n_clusters=k, n_init=10, random_state=seed)`, measures the **silhouette** of the
result (`sklearn.metrics.silhouette_score`), and returns the **k** (an integer) with the
highest silhouette. Cluster `X` as it is (do not rescale it).

Try it on the penguins: the four measurements of
`caire_exercises.data.load("penguins").dropna()`, standardised.""",
        fr="""Écrivez `best_k(X, seed)` qui, pour chaque k de 2 à 8 (inclus), partitionne `X`
avec `KMeans(n_clusters=k, n_init=10, random_state=seed)`, mesure la **silhouette** du résultat
(`sklearn.metrics.silhouette_score`) et renvoie le **k** (un entier) de plus haute silhouette.
Partitionnez `X` tel quel (sans le remettre à l'échelle).

Essayez sur les manchots : les quatre mesures de
`caire_exercises.data.load("penguins").dropna()`, standardisées.""",
    ),
    answer_name="best_k",
    kind="function",
    reference=best_k,
    cases=_choose_k_cases,
    probe=call_probe("best_k"),
    figure=_choose_k_figure,
    difficulty=2,
    minutes=15,
    tags=("scikit-learn", "k-means", "silhouette", "model selection"),
    dataset="penguins",
    timeout=20.0,
    audience=("business", "engineering"),
    teacher_notes=Text(
        en="Objectives: choose a number of clusters with a criterion that can say "
           "'fewer'; read a silhouette curve beside an inertia curve. Misconception "
           "aimed at: the lowest inertia is the best clustering (it always falls as k "
           "grows). Debrief: why does rescaling X change the best k? When would "
           "Calinski-Harabasz and the silhouette disagree? Would you trust k = 8 on "
           "eight well separated blobs, and on customer data?",
        fr="Objectifs : choisir un nombre de groupes avec un critère capable de dire "
           "« moins » ; lire une courbe de silhouette à côté d'une courbe d'inertie. "
           "Idée fausse visée : la plus petite inertie donne le meilleur "
           "partitionnement (elle baisse toujours quand k augmente). Questions de "
           "débriefing : pourquoi remettre X à l'échelle change-t-il le meilleur k ? "
           "Quand Calinski-Harabasz et la silhouette seraient-elles en désaccord ? "
           "Feriez-vous confiance à k = 8 sur huit amas bien séparés, et sur des "
           "données de clients ?"),
    mistakes=(
        Mistake("inertia_min", Text(
            en="You took the k with the smallest inertia. Inertia always falls as k grows, so its "
               "minimum is always the largest k tried. Use the silhouette, whose maximum is the "
               "best trade-off.",
            fr="Vous avez pris le k de plus petite inertie. L'inertie baisse toujours quand k "
               "augmente : son minimum est toujours le plus grand k essayé. Utilisez la "
               "silhouette, dont le maximum est le meilleur compromis."), _best_k_inertia),
        Mistake("up_to_7", Text(
            en="k = 8 was never tried: range(2, 8) stops at 7. Use range(2, 9).",
            fr="k = 8 n'a jamais été essayé : range(2, 8) s'arrête à 7. Utilisez range(2, 9)."),
            _best_k_up_to_7),
        Mistake("position", Text(
            en="You returned the position of the best score in your list (np.argmax), not k. "
               "The list starts at k = 2: add 2, or keep the k next to each score.",
            fr="Vous avez renvoyé la position du meilleur score dans votre liste (np.argmax), "
               "pas k. La liste commence à k = 2 : ajoutez 2, ou gardez le k à côté de chaque "
               "score."), _best_k_position),
        Mistake("score", Text(
            en="You returned the best silhouette itself. The exercise asks for the k that "
               "reaches it.",
            fr="Vous avez renvoyé la meilleure silhouette elle-même. L'exercice demande le k qui "
               "l'atteint."), _best_k_score),
        Mistake("rescaled", Text(
            en="You rescaled X before clustering (StandardScaler or the like). The exercise asks "
               "you to cluster X as it is: rescaling changes the distances between points, and "
               "so the clusters and the best k.",
            fr="Vous avez remis X à l'échelle avant de le partitionner (StandardScaler ou "
               "équivalent). L'exercice demande de partitionner X tel quel : changer l'échelle "
               "change les distances entre les points, donc les groupes et le meilleur k."),
            _best_k_rescaled),
    ),
    hints=(
        Text(en="For each k: `labels = KMeans(n_clusters=k, n_init=10, "
                "random_state=seed).fit_predict(X)`.",
             fr="Pour chaque k : `labels = KMeans(n_clusters=k, n_init=10, "
                "random_state=seed).fit_predict(X)`."),
        Text(en="`silhouette_score(X, labels)` is between -1 and 1; higher means tighter, "
                "better separated clusters.",
             fr="`silhouette_score(X, labels)` est entre -1 et 1 ; plus haut signifie des groupes "
                "plus compacts et mieux séparés."),
        Text(en="Keep a dict {k: score} and return `max(scores, key=scores.get)`.",
             fr="Gardez un dictionnaire {k: score} et renvoyez `max(scores, key=scores.get)`."),
    ),
)

