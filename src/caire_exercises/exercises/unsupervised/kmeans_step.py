"""unsupervised.kmeans_step: the two steps of k-means, written with NumPy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.unsupervised._common import MODULE_ID
from caire_exercises.exercises.unsupervised.probes import part_probe


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
            fr=f"assign : {n} points en dimension {d}, {k} centres")),
        Case("assign: one centre", ("assign", X, start[:1]), label=Text(
            en="assign: a single centre, so every label is 0",
            fr="assign : un seul centre, donc toutes les étiquettes valent 0")),
        Case("assign: one point", ("assign", X[:1].copy(), start), label=Text(
            en="assign: a single point", fr="assign : un seul point")),
        Case("assign: integer coordinates", ("assign", grid, start), label=Text(
            en="assign: points with integer coordinates", fr="assign : des points à "
               "coordonnées entières")),
        Case("update: your blobs", ("update", X, labels, start), label=Text(
            en=f"update: {k} clusters, none empty", fr=f"update : {k} groupes, aucun vide")),
        Case("update: an empty cluster", ("update", X, without_last, start), label=Text(
            en="update: the last cluster has no point", fr="update : le dernier groupe n'a "
               "aucun point")),
        Case("update: the first cluster empty", ("update", X, _labels_without(X, start, 0), start),
             label=Text(en="update: the first cluster has no point",
                        fr="update : le premier groupe n'a aucun point")),
        Case("update: integer coordinates", ("update", grid, assign(grid, start), start),
             label=Text(en="update: points with integer coordinates",
                        fr="update : des points à coordonnées entières")),
        Case("hidden assign", ("assign", hidden_X, hidden_start), hidden=True),
        Case("hidden update", ("update", hidden_X, hidden_labels, hidden_start), hidden=True),
    ]

KMEANS_STEP = Exercise(
    id="unsupervised.kmeans_step",
    module=MODULE_ID,
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
scikit-learn) :

* `assign(X, centers)` : `X` est de forme `(n, d)`, `centers` de forme `(k, d)` ; renvoyez un
  tableau d'entiers de forme `(n,)` donnant, pour chaque ligne de `X`, l'**indice du centre le
  plus proche** (distance euclidienne) ;
* `update(X, labels, previous)` : renvoyez un nouveau tableau de flottants de forme `(k, d)`
  dont la ligne `j` est la moyenne des lignes de `X` d'étiquette `j` ; un groupe resté **vide
  garde son centre précédent** (`previous[j]`). Ne modifiez pas `previous`.

Vérifiez-les ensemble : `cx.get("unsupervised.kmeans_step").check(assign=assign, update=update)`.

Votre variante : {n} points en dimension {d} autour de {k} centres.""",
    ),
    answer_name=("assign", "update"),
    kind="function",
    reference={"assign": assign, "update": update},
    cases=_kmeans_cases,
    variant=_kmeans_variant,
    probe=part_probe,
    difficulty=2,
    minutes=20,
    tags=("numpy", "k-means", "broadcasting", "clustering"),
    dataset=None,
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: write the two steps of k-means with broadcasting; handle the "
           "empty cluster; return new arrays instead of changing inputs. Misconception"
           " aimed at: the reduction axis (one label per point is a minimum over the "
           "centres, axis=1), and the mean of no rows. Debrief: why does k-means "
           "always converge, and why not always to the same clusters? What does the "
           "square root change in assign? Which shapes does "
           "`X[:, None, :] - centers[None]` take?",
        fr="Objectifs : écrire les deux étapes des k-moyennes par diffusion "
           "(broadcasting) ; traiter le groupe vide ; renvoyer de nouveaux tableaux au"
           " lieu de modifier les entrées. Idée fausse visée : l'axe de réduction (une"
           " étiquette par point est un minimum sur les centres, axis=1), et la "
           "moyenne de zéro ligne. Questions de débriefing : pourquoi les k-moyennes "
           "convergent-elles toujours, et pas toujours vers les mêmes groupes ? Que "
           "change la racine carrée dans assign ? Quelles formes prend "
           "`X[:, None, :] - centers[None]` ?"),
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
            fr="Un groupe vide reçoit NaN : la moyenne de zéro ligne vaut 0/0. Gardez plutôt son "
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
            fr="update écrit les nouveaux centres dans `previous`. Travaillez sur une copie : "
               "centers = previous.astype(float) (astype copie)."),
            {"assign": assign, "update": _update_in_place}),
    ),
    hints=(
        Text(en="`X[:, None, :] - centers[None, :, :]` has shape (n, k, d): every point minus "
                "every centre.",
             fr="`X[:, None, :] - centers[None, :, :]` a la forme (n, k, d) : chaque point moins "
                "chaque centre."),
        Text(en="Sum the squares over the last axis to get (n, k) squared distances; the square "
                "root does not change which centre is nearest.",
             fr="Sommez les carrés sur le dernier axe pour obtenir (n, k) distances au carré ; "
                "la racine ne change pas le centre le plus proche."),
        Text(en="In update, `members = X[labels == j]`; when `len(members) == 0`, leave "
                "`previous[j]` in place (on a copy).",
             fr="Dans update, `members = X[labels == j]` ; quand `len(members) == 0`, laissez "
                "`previous[j]` en place (sur une copie)."),
    ),
)

