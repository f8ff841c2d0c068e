"""M4, unsupervised learning: k-means by hand, choosing k, PCA, anomalies.

Answers here are functions. k-means is checked part by part (``assign`` and
``update``, passed by name); the number of clusters and of components are
compared with the reference recomputed in the installed scikit-learn; the
anomalies are judged by what they find (the recall of planted outliers), so
any sound method passes.

Reference solutions import what they use inside their body: they are shown to
learners (``ex.solution()``) and must run as pasted in a notebook.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.model.exercise import Case, Exercise, Mistake
from caire_exercises.model.module import Module
from caire_exercises.model.i18n import Message, Text, message
from caire_exercises.exercises._estimator_probes import one_thread, remembers_own_answers

MODULE = "unsupervised"

_remembered = remembers_own_answers(__name__)


# ---------------------------------------------------------------------- kmeans_step


def assign(X, centers):
    squared = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return squared.argmin(axis=1)


def update(X, labels, previous):
    import numpy as np

    centers = np.array(previous, dtype=float)
    for cluster in range(len(centers)):
        members = X[labels == cluster]
        if len(members) > 0:
            centers[cluster] = members.mean(axis=0)
    return centers


def _assign_distances(X, centers):
    return np.sqrt(((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2))


def _assign_wrong_axis(X, centers):
    return ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmin(axis=0)


def _assign_farthest(X, centers):
    return ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).argmax(axis=1)


def _update_nan(X, labels, previous):
    return np.array([X[labels == cluster].mean(axis=0) for cluster in range(len(previous))])


def _update_zeros(X, labels, previous):
    sums = np.zeros((len(previous), X.shape[1]))
    np.add.at(sums, labels, X)
    counts = np.bincount(labels, minlength=len(previous))
    return sums / np.maximum(counts, 1)[:, None]


def _update_in_place(X, labels, previous):
    for cluster in range(len(previous)):
        members = X[labels == cluster]
        if len(members) > 0:
            previous[cluster] = members.mean(axis=0)
    return previous


def _kmeans_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"k": int(rng.integers(3, 6)), "d": int(rng.integers(2, 5)),
            "n": int(rng.integers(40, 101)), "seed": int(rng.integers(0, 2**31))}


def _blobs(rng: np.random.Generator, k: int, d: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` points around `k` centres in `d` dimensions, and `k` starting centres near data points."""
    centres = rng.uniform(-10, 10, size=(k, d))
    X = centres[rng.integers(0, k, size=n)] + rng.normal(scale=1.5, size=(n, d))
    start = X[rng.choice(n, size=k, replace=False)] + rng.normal(scale=0.5, size=(k, d))
    return X, start


def _labels_without(X: np.ndarray, centers: np.ndarray, empty: int) -> np.ndarray:
    """The nearest centre of each row among all the centres but `empty`, so cluster `empty` has no row."""
    labels = assign(X, np.delete(centers, empty, axis=0))
    return labels + (labels >= empty)


def _kmeans_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    k, d, n = params["k"], params["d"], params["n"]
    X, start = _blobs(np.random.default_rng(params["seed"]), k, d, n)
    grid = np.rint(X).astype(np.int64)
    labels = assign(X, start)
    without_last = _labels_without(X, start, k - 1)
    hidden_X, hidden_start = _blobs(rng, int(rng.integers(3, 7)), int(rng.integers(2, 6)),
                                    int(rng.integers(20, 80)))
    # The empty cluster is not always the last one: an answer that appends the previous
    # centres after the means of the clusters it met must fail.
    hidden_labels = _labels_without(hidden_X, hidden_start, int(rng.integers(0, len(hidden_start))))
    return [
        Case("assign: your blobs", ("assign", X, start), label=Text(
            en=f"assign: {n} points in {d} dimensions, {k} centres",
            fr=f"assign : {n} points en dimension {d}, {k} centres")),
        Case("assign: one centre", ("assign", X, start[:1]), label=Text(
            en="assign: a single centre, so every label is 0",
            fr="assign : un seul centre, donc toutes les étiquettes valent 0")),
        Case("assign: one point", ("assign", X[:1].copy(), start), label=Text(
            en="assign: a single point", fr="assign : un seul point")),
        Case("assign: integer coordinates", ("assign", grid, start), label=Text(
            en="assign: points with integer coordinates", fr="assign : des points à "
               "coordonnées entières")),
        Case("update: your blobs", ("update", X, labels, start), label=Text(
            en=f"update: {k} clusters, none empty", fr=f"update : {k} groupes, aucun vide")),
        Case("update: an empty cluster", ("update", X, without_last, start), label=Text(
            en="update: the last cluster has no point", fr="update : le dernier groupe n'a "
               "aucun point")),
        Case("update: the first cluster empty", ("update", X, _labels_without(X, start, 0), start),
             label=Text(en="update: the first cluster has no point",
                        fr="update : le premier groupe n'a aucun point")),
        Case("update: integer coordinates", ("update", grid, assign(grid, start), start),
             label=Text(en="update: points with integer coordinates",
                        fr="update : des points à coordonnées entières")),
        Case("hidden assign", ("assign", hidden_X, hidden_start), hidden=True),
        Case("hidden update", ("update", hidden_X, hidden_labels, hidden_start), hidden=True),
    ]


def _call(function: Any, inputs: Any) -> dict[str, Any]:
    """Call `function` on copies of `inputs`, on one thread; say which array inputs it changed."""
    copies = copy.deepcopy(list(inputs))
    with one_thread():
        value = function(*copies)
    mutated = [index for index, (after, before) in enumerate(zip(copies, inputs))
               if isinstance(before, np.ndarray) and not (
                   isinstance(after, np.ndarray) and after.shape == before.shape
                   and np.array_equal(after, before))]
    return {"value": value, "mutated": mutated}


@_remembered
def _kmeans_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    part, *inputs = case.args
    return _call(answers[part], inputs)


def _probe_of(name: str) -> Any:
    @_remembered
    def probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        return _call(answers[name], case.args)

    return probe


KMEANS_STEP = Exercise(
    id="unsupervised.kmeans_step",
    module=MODULE,
    title=Text(en="One step of k-means, by hand", fr="Une étape des k-moyennes, à la main"),
    statement=Text(
        en=r"""k-means alternates two steps. Write both with NumPy (no scikit-learn):

* `assign(X, centers)`: `X` has shape `(n, d)`, `centers` shape `(k, d)`; return an integer
  array of shape `(n,)` giving, for each row of `X`, the **index of the nearest centre**
  (Euclidean distance);
* `update(X, labels, previous)`: return a new float array of shape `(k, d)` whose row `j` is the
  mean of the rows of `X` with label `j`; a cluster left **empty keeps its previous centre**
  (`previous[j]`). Do not modify `previous`.

Check them together: `cx.get("unsupervised.kmeans_step").check(assign=assign, update=update)`.

Your variant: {n} points in {d} dimensions around {k} centres.""",
        fr=r"""Les k-moyennes alternent deux étapes. Écrivez-les toutes deux avec NumPy (sans
scikit-learn) :

* `assign(X, centers)` : `X` est de forme `(n, d)`, `centers` de forme `(k, d)` ; renvoyez un
  tableau d'entiers de forme `(n,)` donnant, pour chaque ligne de `X`, l'**indice du centre le
  plus proche** (distance euclidienne) ;
* `update(X, labels, previous)` : renvoyez un nouveau tableau de flottants de forme `(k, d)`
  dont la ligne `j` est la moyenne des lignes de `X` d'étiquette `j` ; un groupe resté **vide
  garde son centre précédent** (`previous[j]`). Ne modifiez pas `previous`.

Vérifiez-les ensemble : `cx.get("unsupervised.kmeans_step").check(assign=assign, update=update)`.

Votre variante : {n} points en dimension {d} autour de {k} centres.""",
    ),
    answer_name=("assign", "update"),
    kind="function",
    reference={"assign": assign, "update": update},
    cases=_kmeans_cases,
    variant=_kmeans_variant,
    probe=_kmeans_probe,
    difficulty=2,
    minutes=20,
    tags=("numpy", "k-means", "broadcasting", "clustering"),
    dataset=None,
    mistakes=(
        Mistake("distances", Text(
            en="assign returns the distances to the centres, not the index of the nearest one. "
               "Finish with .argmin(axis=1).",
            fr="assign renvoie les distances aux centres, pas l'indice du plus proche. Terminez "
               "par .argmin(axis=1)."), {"assign": _assign_distances, "update": update}),
        Mistake("wrong_axis", Text(
            en="assign takes the minimum over the points (axis=0) and so gives one value per "
               "centre. The nearest centre of each point is the minimum over axis=1.",
            fr="assign prend le minimum sur les points (axis=0) et donne donc une valeur par "
               "centre. Le centre le plus proche de chaque point est le minimum selon axis=1."),
            {"assign": _assign_wrong_axis, "update": update}),
        Mistake("farthest", Text(
            en="assign picks the farthest centre (argmax). The nearest one is the argmin of the "
               "distances.",
            fr="assign choisit le centre le plus éloigné (argmax). Le plus proche est l'argmin "
               "des distances."), {"assign": _assign_farthest, "update": update}),
        Mistake("nan_empty", Text(
            en="An empty cluster gets NaN: the mean of no rows is 0/0. Keep its previous centre "
               "instead (test the number of members first).",
            fr="Un groupe vide reçoit NaN : la moyenne de zéro ligne vaut 0/0. Gardez plutôt son "
               "centre précédent (testez d'abord le nombre de membres)."),
            {"assign": assign, "update": _update_nan}),
        Mistake("zero_empty", Text(
            en="An empty cluster is sent to the origin (0, ..., 0). It must keep its previous "
               "centre.",
            fr="Un groupe vide est envoyé à l'origine (0, ..., 0). Il doit garder son centre "
               "précédent."), {"assign": assign, "update": _update_zeros}),
        Mistake("in_place", Text(
            en="update writes the new centres into `previous`. Work on a copy: "
               "centers = previous.astype(float) (astype copies).",
            fr="update écrit les nouveaux centres dans `previous`. Travaillez sur une copie : "
               "centers = previous.astype(float) (astype copie)."),
            {"assign": assign, "update": _update_in_place}),
    ),
    hints=(
        Text(en="`X[:, None, :] - centers[None, :, :]` has shape (n, k, d): every point minus "
                "every centre.",
             fr="`X[:, None, :] - centers[None, :, :]` a la forme (n, k, d) : chaque point moins "
                "chaque centre."),
        Text(en="Sum the squares over the last axis to get (n, k) squared distances; the square "
                "root does not change which centre is nearest.",
             fr="Sommez les carrés sur le dernier axe pour obtenir (n, k) distances au carré ; "
                "la racine ne change pas le centre le plus proche."),
        Text(en="In update, `members = X[labels == j]`; when `len(members) == 0`, leave "
                "`previous[j]` in place (on a copy).",
             fr="Dans update, `members = X[labels == j]` ; quand `len(members) == 0`, laissez "
                "`previous[j]` en place (sur une copie)."),
    ),
)


# ------------------------------------------------------------------------ choose_k

K_RANGE = range(2, 9)


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


@lru_cache(maxsize=1)
def _penguin_measurements() -> np.ndarray:
    from caire_exercises.data import load

    table = load("penguins").dropna()
    return table[["bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                  "body_mass_g"]].to_numpy(dtype=float)


def _standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _curves(X: np.ndarray, seed: int) -> tuple[list[float], list[float]]:
    """The silhouette and the inertia of k-means for k = 2..8 (drawn for every shown case)."""
    return _curves_of(np.ascontiguousarray(X, dtype=float).tobytes(), X.shape, seed)


@lru_cache(maxsize=16)
def _curves_of(data: bytes, shape: tuple[int, ...], seed: int) -> tuple[list[float], list[float]]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    X = np.frombuffer(data, dtype=float).reshape(shape)
    silhouettes, inertias = [], []
    with one_thread():
        for k in K_RANGE:
            model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
            silhouettes.append(float(silhouette_score(X, model.labels_)))
            inertias.append(float(model.inertia_))
    return silhouettes, inertias


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
    penguins = _standardised(_penguin_measurements())
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
    silhouettes, inertias = _curves(X, seed)
    ks = list(K_RANGE)
    chosen = obtained.get("value") if isinstance(obtained, dict) else obtained
    title = Text(en="Silhouette by k: yours {yours}, best {best}",
                 fr="Silhouette selon k : le vôtre {yours}, le meilleur {best}").render(
        None, yours=str(chosen), best=str(expected["value"]))
    left = line_chart({"silhouette": silhouettes}, title=title, x_label="k", y_label="silhouette",
                      x_values=ks)
    right = line_chart({Text(en="inertia", fr="inertie").render(): inertias},
                       title=Text(en="Inertia by k: it always falls",
                                  fr="Inertie selon k : elle baisse toujours").render(),
                       x_label="k", y_label=Text(en="inertia", fr="inertie").render(), x_values=ks)
    return left + right


CHOOSE_K = Exercise(
    id="unsupervised.choose_k",
    module=MODULE,
    title=Text(en="How many clusters?", fr="Combien de groupes ?"),
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

Essayez sur les manchots : les quatre mesures de
`caire_exercises.data.load("penguins").dropna()`, standardisées.""",
    ),
    answer_name="best_k",
    kind="function",
    reference=best_k,
    cases=_choose_k_cases,
    probe=_probe_of("best_k"),
    figure=_choose_k_figure,
    difficulty=2,
    minutes=15,
    tags=("scikit-learn", "k-means", "silhouette", "model selection"),
    dataset="penguins",
    timeout=20.0,
    mistakes=(
        Mistake("inertia_min", Text(
            en="You took the k with the smallest inertia. Inertia always falls as k grows, so its "
               "minimum is always the largest k tried. Use the silhouette, whose maximum is the "
               "best trade-off.",
            fr="Vous avez pris le k de plus petite inertie. L'inertie baisse toujours quand k "
               "augmente : son minimum est toujours le plus grand k essayé. Utilisez la "
               "silhouette, dont le maximum est le meilleur compromis."), _best_k_inertia),
        Mistake("up_to_7", Text(
            en="k = 8 was never tried: range(2, 8) stops at 7. Use range(2, 9).",
            fr="k = 8 n'a jamais été essayé : range(2, 8) s'arrête à 7. Utilisez range(2, 9)."),
            _best_k_up_to_7),
        Mistake("position", Text(
            en="You returned the position of the best score in your list (np.argmax), not k. "
               "The list starts at k = 2: add 2, or keep the k next to each score.",
            fr="Vous avez renvoyé la position du meilleur score dans votre liste (np.argmax), "
               "pas k. La liste commence à k = 2 : ajoutez 2, ou gardez le k à côté de chaque "
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
               "équivalent). L'exercice demande de partitionner X tel quel : changer l'échelle "
               "change les distances entre les points, donc les groupes et le meilleur k."),
            _best_k_rescaled),
    ),
    hints=(
        Text(en="For each k: `labels = KMeans(n_clusters=k, n_init=10, "
                "random_state=seed).fit_predict(X)`.",
             fr="Pour chaque k : `labels = KMeans(n_clusters=k, n_init=10, "
                "random_state=seed).fit_predict(X)`."),
        Text(en="`silhouette_score(X, labels)` is between -1 and 1; higher means tighter, "
                "better separated clusters.",
             fr="`silhouette_score(X, labels)` est entre -1 et 1 ; plus haut signifie des groupes "
                "plus compacts et mieux séparés."),
        Text(en="Keep a dict {k: score} and return `max(scores, key=scores.get)`.",
             fr="Gardez un dictionnaire {k: score} et renvoyez `max(scores, key=scores.get)`."),
    ),
)


# ----------------------------------------------------------------------------- pca


def n_components_for(X, threshold):
    import numpy as np
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    return int(np.argmax(cumulative >= threshold) + 1)


def _components_off_by_one(X, threshold):
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    return int(np.argmax(cumulative >= threshold))


def _components_not_cumulative(X, threshold):
    from sklearn.decomposition import PCA

    ratios = PCA().fit(X).explained_variance_ratio_
    return int(np.argmax(ratios >= threshold) + 1)


def _components_absolute_variance(X, threshold):
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA().fit(X).explained_variance_)
    return int(np.sum(cumulative < threshold) + 1)


def _components_not_centred(X, threshold):
    singular = np.linalg.svd(X, compute_uv=False)
    cumulative = np.cumsum(singular ** 2) / np.sum(singular ** 2)
    return int(np.argmax(cumulative >= threshold) + 1)


def _components_standardised(X, threshold):
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    cumulative = np.cumsum(PCA().fit(StandardScaler().fit_transform(X)).explained_variance_ratio_)
    return int(np.argmax(cumulative >= threshold) + 1)


@lru_cache(maxsize=1)
def _digits() -> np.ndarray:
    from caire_exercises.data import load

    X, _ = load("digits", as_="numpy")
    return np.asarray(X, dtype=float)


_THRESHOLDS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95)


def _pca_variant(rng: np.random.Generator) -> dict[str, Any]:
    n_rows = int(rng.integers(400, 801))
    return {"threshold": float(rng.choice(_THRESHOLDS)), "n_rows": n_rows,
            "first_row": int(rng.integers(0, 1797 - n_rows))}


def _pca_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    digits = _digits()
    mine = digits[params["first_row"]:params["first_row"] + params["n_rows"]].copy()
    threshold = params["threshold"]
    # Off the origin, so that an SVD of X not centred first needs a second component.
    line = np.outer(np.linspace(-3, 3, 50), [1.0, 2.0, -1.0, 0.5]) + [10.0, -5.0, 3.0, 7.0]
    size = int(rng.integers(60, 200))
    mixing = rng.normal(size=(6, 6)) * rng.uniform(0.1, 3.0, size=6)[:, None]
    hidden = rng.normal(size=(size, 6)) @ mixing
    hidden_line = (np.outer(rng.normal(size=int(rng.integers(30, 90))), rng.normal(size=5))
                   + rng.uniform(5, 20, size=5) * rng.choice([-1.0, 1.0], size=5))
    return [
        Case("digits", (mine, threshold), label=Text(
            en=f"{params['n_rows']} digits (64 pixels), threshold {threshold}",
            fr=f"{params['n_rows']} chiffres (64 pixels), seuil {threshold}")),
        Case("half", (digits, 0.5), label=Text(
            en="all 1,797 digits, threshold 0.5", fr="les 1 797 chiffres, seuil 0,5")),
        Case("small units", (mine / 1000.0, threshold), label=Text(
            en="the same digits divided by 1,000: the answer does not depend on the units",
            fr="les mêmes chiffres divisés par 1 000 : la réponse ne dépend pas des unités")),
        Case("points on a line", (line, 0.99), label=Text(
            en="50 points on a line in 4 dimensions, away from the origin: one component holds "
               "everything",
            fr="50 points alignés en dimension 4, loin de l'origine : une composante contient "
               "tout")),
        Case("penguins in their units", (_penguin_measurements(), threshold), label=Text(
            en=f"the four penguin measurements in their own units (the mass in grams carries "
               f"almost all the variance), threshold {threshold}",
            fr=f"les quatre mesures des manchots dans leurs propres unités (la masse en grammes porte "
               f"presque toute la variance), seuil {threshold}")),
        Case("hidden", (hidden, float(rng.uniform(0.55, 0.97))), hidden=True),
        Case("hidden line", (hidden_line, 0.99), hidden=True),
    ]


def _pca_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    from sklearn.decomposition import PCA

    from caire_exercises.authoring.figures import line_chart

    X, threshold = case.args
    with one_thread():
        cumulative = np.cumsum(PCA().fit(X).explained_variance_ratio_).tolist()
    chosen = obtained.get("value") if isinstance(obtained, dict) else obtained
    title = Text(en="Cumulative explained variance: yours {yours}, expected {best}",
                 fr="Variance expliquée cumulée : le vôtre {yours}, attendu {best}").render(
        None, yours=str(chosen), best=str(expected["value"]))
    return line_chart({Text(en="cumulative share", fr="part cumulée").render(): cumulative,
                       Text(en="threshold", fr="seuil").render(): [threshold] * len(cumulative)},
                      title=title, x_label=Text(en="components", fr="composantes").render(),
                      y_label=Text(en="share of variance", fr="part de variance").render(),
                      x_values=list(range(1, len(cumulative) + 1)))


PCA_COMPONENTS = Exercise(
    id="unsupervised.pca",
    module=MODULE,
    title=Text(en="How many components?", fr="Combien de composantes ?"),
    statement=Text(
        en="""Write `n_components_for(X, threshold)` which returns the **smallest number of
principal components** whose **cumulative** explained variance ratio reaches at least
`threshold` (a number between 0 and 1). Fit the PCA on `X` as it is, without rescaling it.

Your variant: {n_rows} images of handwritten digits (8 × 8 pixels, so 64 columns) and
`threshold = {threshold}`. Try it on `caire_exercises.data.load("digits", as_="numpy")`.""",
        fr="""Écrivez `n_components_for(X, threshold)` qui renvoie le **plus petit nombre de
composantes principales** dont la part de variance expliquée **cumulée** atteint au moins
`threshold` (un nombre entre 0 et 1). Ajustez l'ACP sur `X` tel quel, sans le remettre à
l'échelle.

Votre variante : {n_rows} images de chiffres manuscrits (8 × 8 pixels, soit 64 colonnes) et
`threshold = {threshold}`. Essayez sur `caire_exercises.data.load("digits", as_="numpy")`.""",
    ),
    answer_name="n_components_for",
    kind="function",
    reference=n_components_for,
    cases=_pca_cases,
    variant=_pca_variant,
    probe=_probe_of("n_components_for"),
    figure=_pca_figure,
    difficulty=1,
    minutes=10,
    tags=("scikit-learn", "PCA", "dimension reduction", "explained variance"),
    dataset="digits",
    mistakes=(
        Mistake("off_by_one", Text(
            en="You returned a position (counted from 0), one less than the number of "
               "components. The first component is component number 1: add 1.",
            fr="Vous avez renvoyé une position (comptée à partir de 0), une de moins que le "
               "nombre de composantes. La première composante est la composante numéro 1 : "
               "ajoutez 1."), _components_off_by_one),
        Mistake("not_cumulative", Text(
            en="You compared each component's own share with the threshold. Add the shares up "
               "first (np.cumsum) and find where the running total reaches the threshold.",
            fr="Vous avez comparé la part de chaque composante au seuil. Additionnez d'abord "
               "les parts (np.cumsum) et cherchez où le total cumulé atteint le seuil."),
            _components_not_cumulative),
        Mistake("absolute_variance", Text(
            en="You added up explained_variance_ (variances in the units of X) instead of "
               "explained_variance_ratio_ (shares that sum to 1): the answer then depends on "
               "the units of X.",
            fr="Vous avez additionné explained_variance_ (des variances dans les unités de X) "
               "au lieu de explained_variance_ratio_ (des parts dont la somme vaut 1) : la "
               "réponse dépend alors des unités de X."), _components_absolute_variance),
        Mistake("standardised", Text(
            en="You standardised X before the PCA. The exercise asks for the PCA of X as it is: "
               "standardising changes the variances, and so the components.",
            fr="Vous avez standardisé X avant l'ACP. L'exercice demande l'ACP de X tel quel : "
               "standardiser change les variances, donc les composantes."),
            _components_standardised),
        Mistake("not_centred", Text(
            en="You took the SVD of X without centring it first. The principal components "
               "describe the spread around the mean: subtract X.mean(axis=0) before the SVD "
               "(PCA does it for you), otherwise the first component mostly points at the mean.",
            fr="Vous avez pris la SVD de X sans le centrer d'abord. Les composantes principales "
               "décrivent la dispersion autour de la moyenne : soustrayez X.mean(axis=0) avant "
               "la SVD (PCA le fait pour vous), sinon la première composante pointe surtout vers "
               "la moyenne."), _components_not_centred),
    ),
    hints=(
        Text(en="`PCA().fit(X).explained_variance_ratio_` gives each component's share of the "
                "variance, largest first.",
             fr="`PCA().fit(X).explained_variance_ratio_` donne la part de variance de chaque "
                "composante, la plus grande d'abord."),
        Text(en="`np.cumsum` turns the shares into running totals; find the first one that is "
                ">= threshold.",
             fr="`np.cumsum` transforme les parts en totaux cumulés ; cherchez le premier qui "
                "est >= threshold."),
        Text(en="`np.argmax(cumulative >= threshold)` is the position of that first total; the "
                "number of components is one more.",
             fr="`np.argmax(cumulative >= threshold)` est la position de ce premier total ; le "
                "nombre de composantes vaut un de plus."),
    ),
)


# ----------------------------------------------------------------------- anomalies

#: Share of the planted outliers that the k rows returned must contain.
RECALL_FLOOR = 0.8


def top_anomalies(X, k, seed):
    import numpy as np
    from sklearn.neighbors import LocalOutlierFactor

    detector = LocalOutlierFactor(n_neighbors=20).fit(X)
    return np.argsort(detector.negative_outlier_factor_)[:k]


def _anomalies_most_normal(X, k, seed):
    from sklearn.neighbors import LocalOutlierFactor

    scores = LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_
    return np.argsort(scores)[::-1][:k]


def _anomalies_from_one(X, k, seed):
    return top_anomalies(X, k, seed) + 1


def _anomalies_all_flagged(X, k, seed):
    from sklearn.ensemble import IsolationForest

    return np.flatnonzero(IsolationForest(random_state=seed).fit_predict(X) == -1)


def _anomalies_mask(X, k, seed):
    from sklearn.neighbors import LocalOutlierFactor

    scores = LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_
    return scores <= np.sort(scores)[k - 1]


def _anomalies_rows(X, k, seed):
    from sklearn.neighbors import LocalOutlierFactor

    scores = LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_
    return X[np.argsort(scores)[:k]]


@lru_cache(maxsize=16)
def _drawn_outliers(seed: int, n_inliers: int, n_outliers: int,
                    n_blobs: int) -> tuple[np.ndarray, np.ndarray]:
    from caire_exercises.data.generators import blobs_outliers

    table = blobs_outliers(np.random.default_rng(seed), n_inliers=n_inliers,
                           n_outliers=n_outliers, n_blobs=n_blobs)
    return table[["x1", "x2"]].to_numpy(dtype=float), table["is_outlier"].to_numpy() == 1


def _outlier_table(seed: int, n_inliers: int, n_outliers: int,
                   n_blobs: int) -> tuple[np.ndarray, np.ndarray]:
    X, planted = _drawn_outliers(seed, n_inliers, n_outliers, n_blobs)
    return X.copy(), planted.copy()


def _anomalies_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_inliers": int(rng.integers(300, 601)),
            "k": int(rng.integers(10, 31)), "n_blobs": int(rng.integers(3, 6))}


def _anomalies_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, planted = _outlier_table(params["data_seed"], params["n_inliers"], params["k"],
                                params["n_blobs"])
    many, many_planted = _outlier_table(params["data_seed"] + 1, 1000, 25, 5)
    hidden_k = int(rng.integers(10, 31))
    hidden, hidden_planted = _outlier_table(int(rng.integers(0, 2**31)), int(rng.integers(300, 601)),
                                            hidden_k, int(rng.integers(3, 6)))
    return [
        Case("your blobs", (X, params["k"], 0), {"planted": planted}, label=Text(
            en=f"{len(X)} points, {params['n_blobs']} blobs, k={params['k']}",
            fr=f"{len(X)} points, {params['n_blobs']} amas, k={params['k']}")),
        Case("many points", (many, 25, 1), {"planted": many_planted}, label=Text(
            en="1,025 points, 5 blobs, k=25", fr="1 025 points, 5 amas, k=25")),
        Case("hidden", (hidden, hidden_k, int(rng.integers(0, 1000))),
             {"planted": hidden_planted}, hidden=True),
    ]


_KIND_WORDS = {"i": ("integers", "d'entiers"), "u": ("integers", "d'entiers"),
               "f": ("floats", "de flottants"), "b": ("booleans", "de booléens")}


def _describe_rows(result: Any, k: int, n: int) -> tuple[str, str]:
    """What `top_anomalies` returned, in English and in French; f"{k} distinct row positions" is right."""
    if not isinstance(result, np.ndarray):
        return f"a {type(result).__name__}", f"un objet {type(result).__name__}"
    if result.ndim == 1 and result.dtype.kind in "iu" and len(result) == k:
        if len(np.unique(result)) != k:
            return f"{k} row positions, some repeated", f"{k} positions, dont certaines répétées"
        if result.min() < 0 or result.max() >= n:
            return f"{k} integers, not all row positions", f"{k} entiers, pas tous des positions"
        return f"{k} distinct row positions", f"{k} positions de lignes distinctes"
    en, fr = _KIND_WORDS.get(result.dtype.kind, (str(result.dtype), f"de {result.dtype}"))
    return (f"an array of {en} of shape {result.shape}",
            f"un tableau {fr} de forme {result.shape}")


def _recall(planted: np.ndarray, rows: np.ndarray) -> float:
    return float(planted[rows].sum() / planted.sum())


def _shortfall(X: np.ndarray, rows: np.ndarray, planted: np.ndarray) -> str:
    """How distinct integers `rows` that miss the planted outliers went wrong.

    ``"from_one"``: minus one, they are the outliers (rows counted from 1);
    ``"most_normal"``: nearly all lie among the more normal half of the points
    (by the local outlier factor), as when the scores are sorted the wrong way
    round; ``"missed"``: anything else. Declared mistakes are recognised by this,
    not by the low recall alone that every wrong method shares.
    """
    from sklearn.neighbors import LocalOutlierFactor

    if rows.min() >= 1 and rows.max() <= len(X) and _recall(planted, rows - 1) >= RECALL_FLOOR:
        return "from_one"
    if rows.min() < 0 or rows.max() >= len(X):
        return "missed"
    with one_thread():
        scores = LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_
    normal_half = scores >= np.median(scores)
    return "most_normal" if normal_half[rows].mean() >= 0.9 else "missed"


@_remembered
def _anomalies_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    X, k, _ = case.args
    planted = case.kwargs["planted"]
    called = _call(answers["top_anomalies"], case.args)
    result, mutated = called["value"], called["mutated"]
    returns, returns_fr = _describe_rows(result, k, len(X))
    facts: dict[str, Any] = {"returns": returns}
    details: dict[str, Any] = {"k": k, "planted": int(planted.sum()),
                               "returns_fr": returns_fr,
                               "wanted_fr": _describe_rows(np.arange(k), k, k)[1]}
    if returns == f"{k} distinct row positions":
        recall = _recall(planted, result)
        facts["recall_ok"] = recall >= RECALL_FLOOR
        details["recall"] = recall
        if not facts["recall_ok"]:
            facts["shortfall"] = _shortfall(X, result, planted)
    elif returns == f"{k} integers, not all row positions":
        facts["shortfall"] = _shortfall(X, result, planted)
    return {"value": facts, "details": details, "mutated": mutated}


def _anomalies_check(obtained: Any, expected: Any, case: Case) -> Message | Text | None:
    got, want = obtained["value"], expected["value"]
    details = obtained["details"]
    if got["returns"] != want["returns"]:
        return message(Text(
            en="top_anomalies should return a NumPy array of {want}; it returned {got}.",
            fr="top_anomalies doit renvoyer un tableau NumPy de {want_fr} ; elle a renvoyé "
               "{got_fr}."),
            want=want["returns"], got=got["returns"], want_fr=details["wanted_fr"],
            got_fr=details["returns_fr"])
    if got.get("recall_ok") != want.get("recall_ok"):
        return message(Text(
            en="Your {k} rows contain {found} of the {planted} planted outliers (recall {recall}; "
               "at least {floor} expected).",
            fr="Vos {k} lignes contiennent {found} des {planted} anomalies plantées (rappel "
               "{recall_fr} ; au moins {floor_fr} attendu)."),
            k=details["k"], found=round(details["recall"] * details["planted"]),
            planted=details["planted"], recall=f"{details['recall']:.2f}",
            floor=f"{RECALL_FLOOR:.1f}", recall_fr=f"{details['recall']:.2f}".replace(".", ","),
            floor_fr=f"{RECALL_FLOOR:.1f}".replace(".", ","))
    if got.get("shortfall") != want.get("shortfall"):
        # Only when the judge compares with a declared mistake that went wrong another way.
        return message(Text(en="The rows returned differ.", fr="Les lignes renvoyées diffèrent."))
    return None


ANOMALIES = Exercise(
    id="unsupervised.anomalies",
    module=MODULE,
    title=Text(en="Find the anomalies", fr="Trouver les anomalies"),
    statement=Text(
        en="""`X` holds points in the plane: a few blobs, and some outliers planted far from
every blob. Write `top_anomalies(X, k, seed)` which returns a NumPy array of the **row
positions** of the `k` points most likely to be anomalies (integers, no repeats); `seed` is for
methods that draw random numbers. Any method will do, provided that at least 80 % of the
planted outliers are among the rows you return (here `k` is their number).

Your variant: the check calls your function on {n_blobs} blobs with k = {k} outliers, and on
other sets. To try your method first, use
`caire_exercises.data.load("blobs_outliers", student=...)`: another draw of the same kind
(columns `x1`, `x2`; `is_outlier` tells you the truth, and `k` is `is_outlier.sum()`).""",
        fr="""`X` contient des points du plan : quelques amas, et des anomalies plantées loin de
tout amas. Écrivez `top_anomalies(X, k, seed)` qui renvoie un tableau NumPy des **positions des
lignes** des `k` points les plus susceptibles d'être des anomalies (des entiers, sans
répétition) ; `seed` sert aux méthodes qui tirent des nombres au hasard. Toute méthode convient,
pourvu qu'au moins 80 % des anomalies plantées figurent parmi les lignes renvoyées (ici `k` est
leur nombre).

Votre variante : la vérification appelle votre fonction sur {n_blobs} amas avec k = {k}
anomalies, et sur d'autres jeux. Pour essayer votre méthode d'abord, utilisez
`caire_exercises.data.load("blobs_outliers", student=...)` : un autre tirage du même genre
(colonnes `x1`, `x2` ; `is_outlier` donne la vérité, et `k` vaut `is_outlier.sum()`).""",
    ),
    answer_name="top_anomalies",
    kind="function",
    reference=top_anomalies,
    cases=_anomalies_cases,
    variant=_anomalies_variant,
    probe=_anomalies_probe,
    checks=(_anomalies_check,),
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "anomaly detection", "outliers", "LocalOutlierFactor"),
    dataset="blobs_outliers",
    timeout=20.0,
    mistakes=(
        Mistake("most_normal", Text(
            en="You returned the k most *normal* points (the highest scores, or the nearest to "
               "their neighbours): sort the other way round. Beware that score_samples and "
               "negative_outlier_factor_ are lower for anomalies.",
            fr="Vous avez renvoyé les k points les plus *normaux* (les meilleurs scores, ou les "
               "plus proches de leurs voisins) : triez dans l'autre sens. Attention : "
               "score_samples et negative_outlier_factor_ sont plus bas pour les anomalies."),
            _anomalies_most_normal),
        Mistake("all_flagged", Text(
            en="You returned every point the detector flags (predict == -1), not the k most "
               "anomalous ones. Rank the points by their anomaly score and keep the first k.",
            fr="Vous avez renvoyé tous les points que le détecteur signale (predict == -1), pas "
               "les k plus anormaux. Classez les points selon leur score d'anomalie et gardez "
               "les k premiers."), _anomalies_all_flagged),
        Mistake("mask", Text(
            en="You returned a True/False mask over all the rows. The exercise asks for the row "
               "positions: np.flatnonzero(mask), or np.argsort(scores)[:k].",
            fr="Vous avez renvoyé un masque True/False sur toutes les lignes. L'exercice demande "
               "les positions des lignes : np.flatnonzero(masque), ou np.argsort(scores)[:k]."),
            _anomalies_mask),
        Mistake("rows", Text(
            en="You returned the points themselves (their coordinates), not their row positions.",
            fr="Vous avez renvoyé les points eux-mêmes (leurs coordonnées), pas les positions de "
               "leurs lignes."), _anomalies_rows),
        Mistake("from_one", Text(
            en="Your positions are one too high: the rows are counted from 0 in Python. Do not "
               "add 1 to the positions that argsort gives.",
            fr="Vos positions sont trop grandes de 1 : en Python, les lignes se comptent à "
               "partir de 0. N'ajoutez pas 1 aux positions que donne argsort."),
            _anomalies_from_one),
    ),
    hints=(
        Text(en="An anomaly score per point, then `np.argsort(...)[:k]` (mind the direction: "
                "which end holds the anomalies?).",
             fr="Un score d'anomalie par point, puis `np.argsort(...)[:k]` (attention au sens : "
                "de quel côté sont les anomalies ?)."),
        Text(en="`LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_` is lower "
                "for points in sparse places, even between two blobs.",
             fr="`LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_` est plus "
                "bas pour les points situés dans des zones peu denses, même entre deux amas."),
        Text(en="The distance to the 5th nearest neighbour (NearestNeighbors) works too; a global "
                "method such as IsolationForest can miss outliers that lie between blobs.",
             fr="La distance au 5e plus proche voisin (NearestNeighbors) convient aussi ; une "
                "méthode globale comme IsolationForest peut manquer les anomalies situées entre "
                "deux amas."),
    ),
)


EXERCISES = (KMEANS_STEP, CHOOSE_K, PCA_COMPONENTS, ANOMALIES)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='unsupervised', code='M4', audience=("engineering",),
    title=Text(en='Unsupervised learning', fr='Apprentissage non supervisé'),
    intro=Text(en='Clustering, choosing the number of clusters, dimension reduction and anomalies.',
               fr='Partitionnement, choix du nombre de groupes, réduction de dimension et anomalies.'),
    exercises=EXERCISES,
)
