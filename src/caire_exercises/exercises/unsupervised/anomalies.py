"""unsupervised.anomalies: the k rows most likely to be anomalies, judged by the planted ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.exercises.unsupervised._common import MODULE_ID, french_number, local_outlier_scores, outlier_table
from caire_exercises.exercises.unsupervised.probes import anomalies_probe


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


def _anomalies_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"data_seed": int(rng.integers(0, 2**31)), "n_inliers": int(rng.integers(300, 601)),
            "k": int(rng.integers(10, 31)), "n_blobs": int(rng.integers(3, 6))}


def _anomalies_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, planted = outlier_table(params["data_seed"], params["n_inliers"], params["k"],
                               params["n_blobs"])
    many, many_planted = outlier_table(params["data_seed"] + 1, 1000, 25, 5)
    hidden_k = int(rng.integers(10, 31))
    hidden, hidden_planted = outlier_table(int(rng.integers(0, 2**31)), int(rng.integers(300, 601)),
                                           hidden_k, int(rng.integers(3, 6)))
    return [
        Case("your blobs", (X, params["k"], 0), private={"planted": planted}, label=Text(
            en=f"{len(X)} points, {params['n_blobs']} blobs, k={params['k']}",
            fr=f"{len(X)} points, {params['n_blobs']} amas, k={params['k']}")),
        Case("many points", (many, 25, 1), private={"planted": many_planted}, label=Text(
            en="1,025 points, 5 blobs, k=25", fr="1 025 points, 5 amas, k=25")),
        Case("hidden", (hidden, hidden_k, int(rng.integers(0, 1000))),
             private={"planted": hidden_planted}, hidden=True),
    ]


_KIND_WORDS = {"i": ("integers", "d'entiers"), "u": ("integers", "d'entiers"),
               "f": ("floats", "de flottants"), "b": ("booleans", "de booléens")}


def _describe(observed: Mapping[str, Any], k: int, n: int) -> tuple[str, str]:
    """What `top_anomalies` returned, in English and in French; f"{k} distinct row positions" is right."""
    kind = str(observed["type"])
    if kind != "ndarray":
        return f"a {kind}", f"un objet {kind}"
    dtype, shape = np.dtype(observed["dtype"]), tuple(int(size) for size in observed["shape"])
    if len(shape) == 1 and dtype.kind in "iu" and shape[0] == k:
        rows = _rows(observed, k)
        if len(np.unique(rows)) != k:
            return f"{k} row positions, some repeated", f"{k} positions, dont certaines répétées"
        if rows.min() < 0 or rows.max() >= n:
            return f"{k} integers, not all row positions", f"{k} entiers, pas tous des positions"
        return f"{k} distinct row positions", f"{k} positions de lignes distinctes"
    en, fr = _KIND_WORDS.get(dtype.kind, (str(dtype), f"de {dtype}"))
    return f"an array of {en} of shape {shape}", f"un tableau {fr} de forme {shape}"


def _rows(observed: Mapping[str, Any], k: int) -> np.ndarray:
    """The `k` integers the answer returned; ValueError for anything else (a forged observation)."""
    rows = np.asarray(observed["value"])
    if rows.shape != (k,) or rows.dtype.kind not in "iu":
        raise ValueError(f"{rows.shape} {rows.dtype} observed for {k} rows")
    return rows.astype(np.int64)


def _returns_check(obtained: Any, expected: Any, case: Case) -> Message | None:
    """What the answer returned must be what the reference returns: k distinct row positions."""
    X, k, _ = case.args
    got, got_fr = _describe(obtained, k, len(X))
    want, _ = _describe(expected, k, len(X))
    if got == want:
        return None
    return message(Text(
        en="top_anomalies should return a NumPy array of {want}; it returned {got}.",
        fr="top_anomalies doit renvoyer un tableau NumPy de {want_fr} ; elle a renvoyé {got_fr}."),
        want=want, got=got, want_fr=f"{k} positions de lignes distinctes", got_fr=got_fr)


def _recall(observed: Mapping[str, Any], case: Case) -> float:
    """The share of the planted outliers (known to the judge only) among the rows returned."""
    X, k, _ = case.args
    planted = np.asarray(case.private["planted"], dtype=bool)
    rows = _rows(observed, k)
    if rows.min() < 0 or rows.max() >= len(X) or len(np.unique(rows)) != k:
        raise ValueError("not k distinct row positions")
    return float(planted[rows].sum() / planted.sum())


def _shortfall(observed: Mapping[str, Any], case: Case) -> str:
    """How distinct integers that miss the planted outliers went wrong ("" when they do not).

    ``"from_one"``: minus one, they are the outliers (rows counted from 1);
    ``"most_normal"``: nearly all lie among the more normal half of the points
    (by the local outlier factor), as when the scores are sorted the wrong way
    round; ``"missed"``: anything else. Declared mistakes are recognised by this,
    not by the low recall alone that every wrong method shares.
    """
    try:
        if _recall(observed, case) >= RECALL_FLOOR:
            return ""
    except ValueError:
        pass
    X, k, _ = case.args
    planted = np.asarray(case.private["planted"], dtype=bool)
    rows = _rows(observed, k)
    if len(np.unique(rows)) != k:
        return "missed"
    if rows.min() >= 1 and rows.max() <= len(X) and planted[rows - 1].sum() / planted.sum() >= RECALL_FLOOR:
        return "from_one"
    if rows.min() < 0 or rows.max() >= len(X):
        return "missed"
    scores = local_outlier_scores(X)
    normal_half = scores >= np.median(scores)
    return "most_normal" if normal_half[rows].mean() >= 0.9 else "missed"


def _recall_feedback(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    X, k, _ = case.args
    planted = int(np.asarray(case.private["planted"], dtype=bool).sum())
    recall = _recall(observed, case)
    return message(Text(
        en="Your {k} rows contain {found} of the {planted} planted outliers (recall {recall}; "
           "at least {floor} expected).",
        fr="Vos {k} lignes contiennent {found} des {planted} anomalies plantées (rappel "
           "{recall_fr} ; au moins {floor_fr} attendu)."),
        k=k, found=round(recall * planted), planted=planted, recall=f"{recall:.2f}",
        floor=f"{RECALL_FLOOR:.1f}", recall_fr=french_number(recall),
        floor_fr=french_number(RECALL_FLOOR, 1))


#: The recall decides; the two facts after it tell the declared mistakes apart from any other
#: answer that misses the outliers (they hold whenever the recall does).
_FACTS = (
    Fact("recall", lambda observed, expected, case: _recall(observed, case) >= RECALL_FLOOR,
         _recall_feedback),
    Fact("not_counted_from_one", lambda observed, expected, case: _shortfall(observed, case) != "from_one",
         _recall_feedback),
    Fact("not_the_most_normal", lambda observed, expected, case: _shortfall(observed, case) != "most_normal",
         _recall_feedback),
)

ANOMALIES = Exercise(
    id="unsupervised.anomalies",
    module=MODULE_ID,
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
        fr="""`X` contient des points du plan : quelques amas, et des anomalies plantées loin de
tout amas. Écrivez `top_anomalies(X, k, seed)` qui renvoie un tableau NumPy des **positions des
lignes** des `k` points les plus susceptibles d'être des anomalies (des entiers, sans
répétition) ; `seed` sert aux méthodes qui tirent des nombres au hasard. Toute méthode convient,
pourvu qu'au moins 80 % des anomalies plantées figurent parmi les lignes renvoyées (ici `k` est
leur nombre).

Votre variante : la vérification appelle votre fonction sur {n_blobs} amas avec k = {k}
anomalies, et sur d'autres jeux. Pour essayer votre méthode d'abord, utilisez
`caire_exercises.data.load("blobs_outliers", student=...)` : un autre tirage du même genre
(colonnes `x1`, `x2` ; `is_outlier` donne la vérité, et `k` vaut `is_outlier.sum()`).""",
    ),
    answer_name="top_anomalies",
    kind="function",
    reference=top_anomalies,
    cases=_anomalies_cases,
    variant=_anomalies_variant,
    probe=anomalies_probe,
    checks=(_returns_check,),
    facts=_FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "anomaly detection", "outliers", "LocalOutlierFactor"),
    dataset="blobs_outliers",
    timeout=20.0,
    audience=("business", "engineering"),
    teacher_notes=Text(
        en="Objectives: rank points by an anomaly score and keep the top k; tell local"
           " methods (LOF, distance to neighbours) from global ones (IsolationForest)."
           " Misconception aimed at: the direction of scores (score_samples and "
           "negative_outlier_factor_ are lower for anomalies), and a detector's flags "
           "are the k most anomalous points. Debrief: why can a global method miss an "
           "outlier between two blobs? Who sets k in practice, and at what cost? How "
           "would you check a detector without planted outliers?",
        fr="Objectifs : classer les points selon un score d'anomalie et garder les k "
           "premiers ; distinguer méthodes locales (LOF, distance aux voisins) et "
           "globales (IsolationForest). Idée fausse visée : le sens des scores "
           "(score_samples et negative_outlier_factor_ sont plus bas pour les "
           "anomalies), et les points signalés par un détecteur sont les k plus "
           "anormaux. Questions de débriefing : pourquoi une méthode globale peut-elle"
           " manquer une anomalie située entre deux amas ? Qui fixe k en pratique, et "
           "à quel coût ? Comment vérifier un détecteur sans anomalies plantées ?"),
    mistakes=(
        Mistake("most_normal", Text(
            en="You returned the k most *normal* points (the highest scores, or the nearest to "
               "their neighbours): sort the other way round. Beware that score_samples and "
               "negative_outlier_factor_ are lower for anomalies.",
            fr="Vous avez renvoyé les k points les plus *normaux* (les meilleurs scores, ou les "
               "plus proches de leurs voisins) : triez dans l'autre sens. Attention : "
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
               "les positions des lignes : np.flatnonzero(masque), ou np.argsort(scores)[:k]."),
            _anomalies_mask),
        Mistake("rows", Text(
            en="You returned the points themselves (their coordinates), not their row positions.",
            fr="Vous avez renvoyé les points eux-mêmes (leurs coordonnées), pas les positions de "
               "leurs lignes."), _anomalies_rows),
        Mistake("from_one", Text(
            en="Your positions are one too high: the rows are counted from 0 in Python. Do not "
               "add 1 to the positions that argsort gives.",
            fr="Vos positions sont trop grandes de 1 : en Python, les lignes se comptent à "
               "partir de 0. N'ajoutez pas 1 aux positions que donne argsort."),
            _anomalies_from_one),
    ),
    hints=(
        Text(en="An anomaly score per point, then `np.argsort(...)[:k]` (mind the direction: "
                "which end holds the anomalies?).",
             fr="Un score d'anomalie par point, puis `np.argsort(...)[:k]` (attention au sens : "
                "de quel côté sont les anomalies ?)."),
        Text(en="`LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_` is lower "
                "for points in sparse places, even between two blobs.",
             fr="`LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_` est plus "
                "bas pour les points situés dans des zones peu denses, même entre deux amas."),
        Text(en="The distance to the 5th nearest neighbour (NearestNeighbors) works too; a global "
                "method such as IsolationForest can miss outliers that lie between blobs.",
             fr="La distance au 5e plus proche voisin (NearestNeighbors) convient aussi ; une "
                "méthode globale comme IsolationForest peut manquer les anomalies situées entre "
                "deux amas."),
    ),
)

