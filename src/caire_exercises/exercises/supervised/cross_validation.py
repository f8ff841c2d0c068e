"""supervised.cross_validation: five folds, a mean and a spread.

A function answer, compared with the reference; the probe builds the model a
case names and hands it, with the rows and columns of the case, to the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID, arrays
from caire_exercises.authoring.probes import edited


def cv_scores(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = cross_val_score(model, X, y, cv=folds, scoring="accuracy")
    return float(np.mean(scores)), float(np.std(scores))


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    seed = int(rng.integers(100, 100_000))
    return {"seed": seed, "columns": sorted(int(c) for c in rng.choice(30, size=10, replace=False)),
            "rows_seed": int(rng.integers(0, 2**31))}


def _balanced_rows(y: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    pick = np.random.default_rng(seed)
    return np.sort(np.concatenate([pick.choice(np.flatnonzero(y == label), size=per_class, replace=False)
                                   for label in np.unique(y)]))


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    _, y = arrays("breast_cancer")
    every = np.arange(len(y))
    seed = params["seed"]
    small = _balanced_rows(y, 20, params["rows_seed"])
    hidden_rows = np.sort(rng.choice(len(y), size=int(rng.integers(200, 400)), replace=False))
    hidden_columns = np.sort(rng.choice(30, size=int(rng.integers(5, 31)), replace=False))
    return [
        Case("logistic regression", kwargs={"model": "logistic", "rows": every,
                                            "columns": np.arange(30), "seed": seed},
             label=Text(en=f"scaled logistic regression, all 569 tumours, seed {seed}",
                        fr=f"régression logistique mise à l'échelle, les 569 tumeurs, graine {seed}")),
        Case("decision tree", kwargs={"model": "tree", "rows": every,
                                      "columns": np.asarray(params["columns"]), "seed": seed + 1},
             label=Text(en=f"a depth-3 tree on 10 columns, seed {seed + 1}",
                        fr=f"un arbre de profondeur 3 sur 10 colonnes, graine {seed + 1}")),
        Case("small sample", kwargs={"model": "neighbours", "rows": small, "columns": np.arange(30),
                                     "seed": seed + 2},
             label=Text(en="40 tumours only (8 per fold), 5 nearest neighbours",
                        fr="40 tumeurs seulement (8 par pli), 5 plus proches voisins")),
        Case("hidden", kwargs={"model": str(rng.choice(["logistic", "tree", "neighbours"])),
                               "rows": hidden_rows, "columns": hidden_columns,
                               "seed": int(rng.integers(100, 100_000))}, hidden=True),
    ]


#: Mistakes, each written as the lines of the reference it changes.
_cv_no_shuffle = edited(cv_scores, ("StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)", "5"))
_cv_not_stratified = edited(cv_scores, ("import StratifiedKFold", "import KFold"),
                            ("folds = StratifiedKFold(", "folds = KFold("))
_cv_sample_std = edited(cv_scores, ("np.std(scores)", "np.std(scores, ddof=1)"))
_cv_fixed_seed = edited(cv_scores, ("random_state=seed", "random_state=42"))
_cv_training_scores = edited(
    cv_scores, ("cross_val_score\n", "cross_validate\n"),
    ('cross_val_score(model, X, y, cv=folds, scoring="accuracy")',
     'cross_validate(model, X, y, cv=folds, return_train_score=True)["train_score"]'))


CROSS_VALIDATION = Exercise(
    id="supervised.cross_validation",
    module=MODULE_ID,
    title=Text(en="Cross-validation, fold by fold", fr="La validation croisée, pli par pli"),
    statement=Text(
        en="""One train/test split gives one number, and luck decides part of it.
Cross-validation gives five. Write `cv_scores(model, X, y, seed)` which returns the **mean**
and the **standard deviation** of the accuracy of `model` over
`StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)`, as a tuple of two floats.

* `model` is an unfitted scikit-learn classifier, `X` a float array (tumour measurements
  from the *breast cancer* table), `y` the diagnosis (0 or 1).
* The standard deviation is the population one: `np.std(scores)`, with numpy's default
  `ddof=0` (not the sample one, `ddof=1`, that pandas uses).
* Do not change `X` or `y`.

Your variant: try it with `seed={seed}`.""",
        fr="""Une seule partition entraînement/test donne un seul nombre, et la chance en décide une
part. La validation croisée en donne cinq. Écrivez `cv_scores(model, X, y, seed)` qui renvoie
la **moyenne** et l'**écart type** de l'exactitude de `model` sur
`StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)`, sous forme d'un tuple de deux
flottants.

* `model` est un classifieur scikit-learn non ajusté, `X` un tableau de flottants (des
  mesures de tumeurs de la table *breast cancer*), `y` le diagnostic (0 ou 1).
* L'écart type est celui de la population : `np.std(scores)`, avec le `ddof=0` par défaut
  de numpy (et non l'écart type corrigé, `ddof=1`, que pandas utilise).
* Ne modifiez ni `X` ni `y`.

Votre variante : essayez avec `seed={seed}`.""",
    ),
    answer_name="cv_scores",
    kind="function",
    reference=cv_scores,
    cases=_cases,
    variant=_variant,
    probe=probes.cross_validation,
    difficulty=2,
    minutes=15,
    tags=("scikit-learn", "cross-validation", "StratifiedKFold", "accuracy"),
    dataset="breast_cancer",
    timeout=10.0,
    mistakes=(
        Mistake("no_shuffle", Text(
            en="Your folds are not shuffled (cv=5 cuts the rows in their order). Pass "
               "cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).",
            fr="Vos plis ne sont pas mélangés (cv=5 découpe les lignes dans leur ordre). Passez "
               "cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)."), _cv_no_shuffle),
        Mistake("not_stratified", Text(
            en="KFold does not keep the share of each class in every fold; StratifiedKFold does. "
               "Use StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).",
            fr="KFold ne garde pas la part de chaque classe dans chaque pli ; StratifiedKFold, si. "
               "Utilisez StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)."),
               _cv_not_stratified),
        Mistake("sample_std", Text(
            en="Your standard deviation is the sample one (ddof=1, as pandas computes it). The "
               "exercise asks for np.std(scores), whose ddof is 0.",
            fr="Votre écart type est l'écart type corrigé (ddof=1, comme le calcule pandas). "
               "L'exercice demande np.std(scores), dont le ddof vaut 0."), _cv_sample_std),
        Mistake("fixed_seed", Text(
            en="Your folds do not depend on `seed`: you wrote a fixed random_state. Pass "
               "random_state=seed, so that the caller chooses the folds.",
            fr="Vos plis ne dépendent pas de `seed` : vous avez écrit un random_state fixe. Passez "
               "random_state=seed, pour que l'appelant choisisse les plis."), _cv_fixed_seed),
        Mistake("training_scores", Text(
            en="You averaged the scores on the training folds, where the model has seen every row. "
               "Cross-validation scores each fold with a model fitted on the four others: use "
               "cross_val_score, or the 'test_score' of cross_validate.",
            fr="Vous avez moyenné les scores sur les plis d'entraînement, dont le modèle a vu "
               "chaque ligne. La validation croisée évalue chaque pli avec un modèle ajusté sur "
               "les quatre autres : utilisez cross_val_score, ou le 'test_score' de "
               "cross_validate."), _cv_training_scores),
    ),
    hints=(
        Text(en="Build the folds first: `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`.",
             fr="Construisez d'abord les plis : `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`."),
        Text(en="`cross_val_score(model, X, y, cv=folds, scoring='accuracy')` returns the five "
                "accuracies; it clones the model for each fold.",
             fr="`cross_val_score(model, X, y, cv=folds, scoring='accuracy')` renvoie les cinq "
                "exactitudes ; il clone le modèle pour chaque pli."),
        Text(en="Return plain floats: `return float(np.mean(scores)), float(np.std(scores))`.",
             fr="Renvoyez des flottants simples : `return float(np.mean(scores)), "
                "float(np.std(scores))`."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: cross-validate with shuffled, stratified folds and report a mean and a "
           "spread. Misconception aimed at: one split's score is the model's score. Debrief: how "
           "much does the mean move from one seed to another on the 40-tumour case? Why must "
           "the folds be shuffled when the rows are sorted? When would you report ddof=1?",
        fr="Objectifs : faire une validation croisée sur des plis mélangés et stratifiés, et "
           "rendre compte d'une moyenne et d'une dispersion. Idée fausse visée : le score d'une "
           "seule partition est le score du modèle. Pour le débriefing : de combien la moyenne "
           "bouge-t-elle d'une graine à l'autre sur le cas des 40 tumeurs ? Pourquoi faut-il "
           "mélanger les plis quand les lignes sont triées ? Quand donneriez-vous l'écart type "
           "avec ddof=1 ?"),
)
