"""supervised.complexity: the validation curve of a tree, and the simplest best depth.

Two function answers, compared with the reference on cases where depths tie or
nearly tie. The probe also observes what `best_depth` gives where every depth
ties, which tells a position from a depth.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.figures import line_chart
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import DEPTHS, MODULE_ID, arrays
from caire_exercises.authoring.probes import edited


def depth_scores(X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.tree import DecisionTreeClassifier

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    return np.array([
        cross_val_score(DecisionTreeClassifier(max_depth=depth, random_state=0), X, y, cv=folds).mean()
        for depth in range(1, 9)
    ])


def best_depth(X, y, seed):
    scores = depth_scores(X, y, seed)
    return int(np.argmax(scores)) + 1


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    columns = sorted(int(c) for c in rng.choice(13, size=8, replace=False))
    return {"seed": int(rng.integers(100, 100_000)), "columns": columns,
            "columns_text": ", ".join(map(str, columns))}


# Near ties found once on the wine table: (drop every row i with i % step == offset, columns,
# seed of the folds). On each, the best depth wins by less than half a point of accuracy, so
# scores rounded to 2 decimals before np.argmax choose another, shallower depth (neither the
# right one nor the right one minus 1).
_NEAR_TIES = (
    (9, 5, (3, 9, 10), 81162),
    (5, 0, (0, 2, 5, 7, 8, 10, 11, 12), 41486),
    (5, 3, (1, 4, 5, 6, 7, 8), 26454),
    (8, 7, (2, 3, 7, 8, 10, 11), 43466),
    (7, 3, (4, 5, 7, 10), 99850),
    (7, 4, (0, 3, 10), 52610),
    (4, 2, (0, 4, 12), 30516),
    (9, 2, (1, 2, 9, 10), 13778),
)


def _near_tie(X: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    step, offset, columns, folds_seed = _NEAR_TIES[seed % len(_NEAR_TIES)]
    rows = np.array([i for i in range(len(y)) if i % step != offset])
    return X[np.ix_(rows, list(columns))].copy(), y[rows].copy(), folds_seed


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = arrays("wine")
    seed, columns = params["seed"], list(params["columns"])
    easy = np.isin(y, (0, 2))
    near_X, near_y, near_seed = _near_tie(X, y, seed)
    hidden_rows = np.sort(rng.choice(len(y), size=int(rng.integers(100, 179)), replace=False))
    hidden_columns = np.sort(rng.choice(13, size=int(rng.integers(4, 14)), replace=False))
    return [
        Case("your wines", (X[:, columns].copy(), y.copy(), seed),
             label=Text(en=f"178 wines, 8 of the 13 measurements, seed {seed}",
                        fr=f"178 vins, 8 des 13 mesures, graine {seed}")),
        Case("ties", (X[easy].copy(), y[easy].copy(), seed),
             label=Text(en="two cultivars that one split separates: several depths tie",
                        fr="deux cépages qu'une seule coupure sépare : plusieurs profondeurs à égalité")),
        Case("near tie", (near_X, near_y, near_seed),
             label=Text(en=f"{len(near_y)} wines, {near_X.shape[1]} measurements, seed {near_seed}: "
                           f"the best depth wins by less than half a point",
                        fr=f"{len(near_y)} vins, {near_X.shape[1]} mesures, graine {near_seed} : la "
                           f"meilleure profondeur l'emporte de moins d'un demi-point")),
        Case("hidden", (X[np.ix_(hidden_rows, hidden_columns)], y[hidden_rows],
                        int(rng.integers(100, 100_000))), hidden=True),
    ]


FACTS = (
    Fact("depth_not_position",
         lambda observed, expected, case: bool(observed["zero_on_a_tie"]) == bool(expected["zero_on_a_tie"]),
         Text(en="Where every depth ties, your best_depth returns 0: that is a position in the "
                 "array (from 0), not a depth (from 1).",
              fr="Quand toutes les profondeurs sont à égalité, votre best_depth renvoie 0 : c'est "
                 "une position dans le tableau (à partir de 0), pas une profondeur (à partir de 1).")),
)


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    theirs = observed.get("value", {}).get("depth_scores")
    if not isinstance(theirs, np.ndarray) or theirs.shape != (len(DEPTHS),) or theirs.dtype.kind not in "iuf":
        return None
    wanted = expected["value"]["depth_scores"]
    series = {Text(en="your curve", fr="votre courbe").render(): [float(v) for v in theirs],
              Text(en="expected", fr="attendue").render(): [float(v) for v in wanted]}
    return line_chart(series, x_values=list(DEPTHS), x_label="max_depth",
                      y_label=Text(en="validation accuracy", fr="exactitude en validation").render(),
                      title=Text(en="validation curve", fr="courbe de validation").render())


#: Mistakes, each written as the lines of the reference it changes.
_depth_scores_training = edited(
    depth_scores,
    ("cross_val_score(DecisionTreeClassifier(max_depth=depth, random_state=0), X, y, cv=folds).mean()",
     "DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y).score(X, y)"))
_depth_scores_no_shuffle = edited(depth_scores,
                                  ("StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)", "5"))
_best_depth_training = edited(best_depth, ("depth_scores(X, y, seed)", "_depth_scores_training(X, y, seed)"))
_best_depth_no_shuffle = edited(best_depth,
                                ("depth_scores(X, y, seed)", "_depth_scores_no_shuffle(X, y, seed)"))
_best_depth_index = edited(best_depth, ("int(np.argmax(scores)) + 1", "int(np.argmax(scores))"))


def _best_depth_last_tie(X, y, seed):
    scores = depth_scores(X, y, seed)
    best, best_score = 1, -1.0
    for depth, score in zip(range(1, 9), scores):
        if score >= best_score:
            best, best_score = depth, score
    return best


COMPLEXITY = Exercise(
    id="supervised.complexity",
    module=MODULE_ID,
    title=Text(en="How deep a tree? The validation curve", fr="Quelle profondeur d'arbre ? La courbe de validation"),
    statement=Text(
        en="""A deeper tree fits its training rows better, but past some depth it learns noise.
The validation curve shows where. Write two functions:

* `depth_scores(X, y, seed)`: a float array of 8 values, the mean cross-validated accuracy
  of `DecisionTreeClassifier(max_depth=d, random_state=0)` for `d = 1, 2, ..., 8`, over
  `StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)`;
* `best_depth(X, y, seed)`: the depth (an `int` from 1 to 8) with the highest mean
  validation accuracy; on a tie, the **smallest** such depth (the simplest model).

`X` holds measurements of wines, `y` their cultivar (0, 1 or 2). The checker draws your curve
beside the expected one. Pass both functions by name: `ex.check(best_depth=best_depth,
depth_scores=depth_scores)`.

Your variant: try it with `seed={seed}`, on the wine table's columns {columns_text} (numbered
from 0).""",
        fr="""Un arbre plus profond colle mieux à ses lignes d'entraînement, mais au-delà d'une
certaine profondeur il apprend le bruit. La courbe de validation montre où. Écrivez deux
fonctions :

* `depth_scores(X, y, seed)` : un tableau de 8 flottants, l'exactitude moyenne en validation
  croisée de `DecisionTreeClassifier(max_depth=d, random_state=0)` pour `d = 1, 2, ..., 8`,
  sur `StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)` ;
* `best_depth(X, y, seed)` : la profondeur (un `int` de 1 à 8) dont l'exactitude moyenne en
  validation est la plus haute ; à égalité, la **plus petite** (le modèle le plus simple).

`X` contient des mesures de vins, `y` leur cépage (0, 1 ou 2). Le correcteur dessine votre
courbe à côté de celle attendue. Passez les deux fonctions par leur nom :
`ex.check(best_depth=best_depth, depth_scores=depth_scores)`.

Votre variante : essayez avec `seed={seed}`, sur les colonnes {columns_text} de la table des
vins (numérotées à partir de 0).""",
    ),
    answer_name=("best_depth", "depth_scores"),
    kind="function",
    reference={"best_depth": best_depth, "depth_scores": depth_scores},
    cases=_cases,
    variant=_variant,
    probe=probes.complexity,
    facts=FACTS,
    figure=_figure,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "validation curve", "overfitting", "decision tree", "cross-validation"),
    dataset="wine",
    timeout=15.0,
    mistakes=(
        Mistake("training_accuracy", Text(
            en="Your curve is the accuracy on the training rows: it only rises with depth, so it "
               "always favours the deepest tree. Score each depth on held-out folds "
               "(cross_val_score) and choose on that.",
            fr="Votre courbe est l'exactitude sur les lignes d'entraînement : elle ne fait que "
               "monter avec la profondeur, et favorise donc toujours l'arbre le plus profond. "
               "Évaluez chaque profondeur sur des plis mis de côté (cross_val_score) et choisissez "
               "d'après cela."),
                {"depth_scores": _depth_scores_training, "best_depth": _best_depth_training}),
        Mistake("no_shuffle", Text(
            en="Your folds are not shuffled (cv=5 keeps the rows in order, and the wines are sorted "
               "by cultivar). Use StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).",
            fr="Vos plis ne sont pas mélangés (cv=5 garde les lignes dans l'ordre, et les vins sont "
               "triés par cépage). Utilisez StratifiedKFold(n_splits=5, shuffle=True, "
               "random_state=seed)."),
                {"depth_scores": _depth_scores_no_shuffle, "best_depth": _best_depth_no_shuffle}),
        Mistake("index_not_depth", Text(
            en="best_depth returns a position in the array (from 0), not a depth (from 1): add 1 "
               "to np.argmax, or index your list of depths with it.",
            fr="best_depth renvoie une position dans le tableau (à partir de 0), pas une profondeur "
               "(à partir de 1) : ajoutez 1 à np.argmax, ou indexez avec lui votre liste de "
               "profondeurs."), {"depth_scores": depth_scores, "best_depth": _best_depth_index}),
        Mistake("last_tie", Text(
            en="On a tie you keep the deepest tree (a >= comparison). Keep the smallest depth: "
               "with equal scores, the simpler model is the safer choice. np.argmax returns the "
               "first maximum.",
            fr="À égalité, vous gardez l'arbre le plus profond (une comparaison >=). Gardez la plus "
               "petite profondeur : à score égal, le modèle le plus simple est le choix le plus sûr. "
               "np.argmax renvoie le premier maximum."),
                {"depth_scores": depth_scores, "best_depth": _best_depth_last_tie}),
    ),
    hints=(
        Text(en="Build the folds once: `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`, and pass `cv=folds` for every depth.",
             fr="Construisez les plis une fois : `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`, et passez `cv=folds` pour chaque profondeur."),
        Text(en="`cross_val_score(DecisionTreeClassifier(max_depth=d, random_state=0), X, y, "
                "cv=folds).mean()` is one point of the curve.",
             fr="`cross_val_score(DecisionTreeClassifier(max_depth=d, random_state=0), X, y, "
                "cv=folds).mean()` est un point de la courbe."),
        Text(en="`best_depth` can call `depth_scores`; `np.argmax` returns the first (smallest) "
                "position of the maximum; the depth is that position plus 1.",
             fr="`best_depth` peut appeler `depth_scores` ; `np.argmax` renvoie la première (la plus "
                "petite) position du maximum ; la profondeur est cette position plus 1."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: draw a validation curve with cross-validation and choose the simplest "
           "model among the best. Misconception aimed at: the training score says which depth "
           "is best (it always says the deepest). Debrief: where do the training and validation "
           "curves part, and what happens there? Why prefer the shallower tree on a tie? Why do "
           "scores rounded before np.argmax choose another depth on the near-tie case?",
        fr="Objectifs : tracer une courbe de validation par validation croisée et choisir le "
           "modèle le plus simple parmi les meilleurs. Idée fausse visée : le score "
           "d'entraînement dit quelle profondeur est la meilleure (il désigne toujours la plus "
           "grande). Pour le débriefing : où les courbes d'entraînement et de validation se "
           "séparent-elles, et que se passe-t-il là ? Pourquoi préférer l'arbre le moins profond à "
           "égalité ? Pourquoi des scores arrondis avant np.argmax choisissent-ils une autre "
           "profondeur sur le cas de quasi-égalité ?"),
)
