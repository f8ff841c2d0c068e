"""supervised.regularisation: choose a ridge's alpha by cross-validation, count a lasso's survivors.

Two function answers, compared with the reference; a case with typing errors
in one fold shows a scaler fitted before the folds are cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID, arrays
from caire_exercises.authoring.probes import edited


def ridge_alpha(X, y):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    alphas = np.logspace(-3, 3, 13)
    folds = KFold(n_splits=5, shuffle=True, random_state=0)
    scores = [cross_val_score(make_pipeline(StandardScaler(), Ridge(alpha=alpha)), X, y, cv=folds).mean()
              for alpha in alphas]
    return float(alphas[int(np.argmax(scores))])


def lasso_nonzero(X, y):
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), Lasso(alpha=1.0)).fit(X, y)
    return int(np.count_nonzero(model[-1].coef_))


def _entry_errors_in_one_fold(X: np.ndarray) -> np.ndarray:
    """`X` with 4 blood pressures (column 3) entered far too large, all in the first test fold of
    KFold(5, shuffle=True, random_state=0): a scaler fitted on every row, before the folds, then
    sees them while the ridge is chosen, and picks another alpha than one fitted fold by fold."""
    from sklearn.model_selection import KFold

    _, test = next(KFold(n_splits=5, shuffle=True, random_state=0).split(X))
    rows, column = test[:4], 3
    wrong = X.copy()
    wrong[rows, column] = np.abs(X[rows, column]) * 30 + 3 * X[:, column].std()
    return wrong


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = arrays("diabetes")
    hidden_rows = np.sort(rng.choice(len(y), size=int(rng.integers(120, 300)), replace=False))
    hidden_columns = np.sort(rng.choice(10, size=int(rng.integers(5, 11)), replace=False))
    return [
        Case("all patients", (X.copy(), y.copy()),
             label=Text(en="the 442 patients, 10 measurements", fr="les 442 patients, 10 mesures")),
        Case("100 patients", (X[:100].copy(), y[:100].copy()),
             label=Text(en="the first 100 patients only: more shrinkage pays",
                        fr="les 100 premiers patients seulement : rétrécir davantage paie")),
        Case("entry errors", (_entry_errors_in_one_fold(X), y.copy()),
             label=Text(en="the 442 patients, 4 blood pressures entered far too large, all in the "
                           "same fold",
                        fr="les 442 patients, dont 4 tensions saisies bien trop grandes, toutes dans "
                           "le même pli")),
        Case("hidden", (X[np.ix_(hidden_rows, hidden_columns)], y[hidden_rows]), hidden=True),
    ]


#: Mistakes, each written as the lines of the reference it changes.
_ridge_alpha_training = edited(
    ridge_alpha,
    ("cross_val_score(make_pipeline(StandardScaler(), Ridge(alpha=alpha)), X, y, cv=folds).mean()",
     "make_pipeline(StandardScaler(), Ridge(alpha=alpha)).fit(X, y).score(X, y)"))
_ridge_alpha_unscaled = edited(ridge_alpha, ("make_pipeline(StandardScaler(), Ridge(alpha=alpha))",
                                             "Ridge(alpha=alpha)"))
_ridge_alpha_scaled_before_folds = edited(
    ridge_alpha, ("make_pipeline(StandardScaler(), Ridge(alpha=alpha)), X, y",
                  "Ridge(alpha=alpha), StandardScaler().fit_transform(X), y"))
_lasso_all_coefficients = edited(lasso_nonzero, ("np.count_nonzero(model[-1].coef_)", "len(model[-1].coef_)"))
_lasso_unscaled = edited(lasso_nonzero, ("make_pipeline(StandardScaler(), Lasso(alpha=1.0))",
                                         "make_pipeline(Lasso(alpha=1.0))"))


def _ridge_part(wrong: Any) -> dict[str, Any]:
    return {"ridge_alpha": wrong, "lasso_nonzero": lasso_nonzero}


def _lasso_part(wrong: Any) -> dict[str, Any]:
    return {"ridge_alpha": ridge_alpha, "lasso_nonzero": wrong}


REGULARISATION = Exercise(
    id="supervised.regularisation",
    module=MODULE_ID,
    title=Text(en="Ridge and lasso: shrinking coefficients", fr="Ridge et lasso : rétrécir les coefficients"),
    statement=Text(
        en="""Regularisation trades a little fit on the training rows for a model that holds up on
new ones. On the *diabetes* table (`X`: measurements of patients, `y`: disease progression
one year later), write two functions:

* `ridge_alpha(X, y) -> float`: among `np.logspace(-3, 3, 13)`, the `alpha` whose pipeline
  `make_pipeline(StandardScaler(), Ridge(alpha=alpha))` has the highest mean R² over
  `KFold(n_splits=5, shuffle=True, random_state=0)` (the first one on a tie);
* `lasso_nonzero(X, y) -> int`: fit `make_pipeline(StandardScaler(), Lasso(alpha=1.0))` on all
  the rows and return how many of the lasso's coefficients are not zero.

Pass them both to the check by name: `ex.check(ridge_alpha=ridge_alpha,
lasso_nonzero=lasso_nonzero)`.""",
        fr="""La régularisation sacrifie un peu de l'ajustement aux lignes d'entraînement pour
obtenir un modèle qui tient sur de nouvelles lignes. Sur la table *diabetes* (`X` : des mesures de
patients, `y` : la progression de la maladie un an plus tard), écrivez deux fonctions :

* `ridge_alpha(X, y) -> float` : parmi `np.logspace(-3, 3, 13)`, l'`alpha` dont le pipeline
  `make_pipeline(StandardScaler(), Ridge(alpha=alpha))` a le R² moyen le plus haut sur
  `KFold(n_splits=5, shuffle=True, random_state=0)` (le premier en cas d'égalité) ;
* `lasso_nonzero(X, y) -> int` : ajustez `make_pipeline(StandardScaler(), Lasso(alpha=1.0))` sur
  toutes les lignes et renvoyez le nombre de coefficients du lasso qui ne sont pas nuls.

Passez-les toutes deux à la vérification par leur nom : `ex.check(ridge_alpha=ridge_alpha,
lasso_nonzero=lasso_nonzero)`.""",
    ),
    answer_name=("ridge_alpha", "lasso_nonzero"),
    kind="function",
    reference={"ridge_alpha": ridge_alpha, "lasso_nonzero": lasso_nonzero},
    cases=_cases,
    probe=probes.regularisation,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "regularisation", "ridge", "lasso", "cross-validation"),
    dataset="diabetes",
    timeout=15.0,
    mistakes=(
        Mistake("alpha_on_training_rows", Text(
            en="You chose alpha by the R² on the rows the model was fitted on. That R² only falls "
               "as alpha grows, so it always picks the smallest alpha. Choose on cross-validated "
               "R² (cross_val_score with the KFold given).",
            fr="Vous avez choisi alpha d'après le R² sur les lignes d'ajustement. Ce R² ne fait que "
               "baisser quand alpha grandit : il choisit toujours le plus petit alpha. Choisissez "
               "d'après le R² en validation croisée (cross_val_score avec le KFold donné)."),
                _ridge_part(_ridge_alpha_training)),
        Mistake("ridge_unscaled", Text(
            en="Your ridge is fitted on unscaled columns. The penalty weighs every coefficient "
               "alike, so each column must be on the same scale first: put StandardScaler() in the "
               "pipeline, before Ridge.",
            fr="Votre ridge est ajustée sur des colonnes non mises à l'échelle. La pénalité pèse "
               "chaque coefficient de la même façon : chaque colonne doit donc d'abord être à la "
               "même échelle. Mettez StandardScaler() dans le pipeline, avant Ridge."),
                _ridge_part(_ridge_alpha_unscaled)),
        Mistake("scaled_before_folds", Text(
            en="Your scaler is fitted on every row before the folds are cut, so the rows each fold "
               "is judged on have already shaped its scaling (a leak). Put StandardScaler() inside "
               "the pipeline that cross_val_score fits: it is then fitted on each fold's training "
               "rows only.",
            fr="Votre StandardScaler est ajusté sur toutes les lignes avant le découpage en plis : "
               "les lignes sur lesquelles chaque pli est jugé ont déjà servi à sa mise à l'échelle "
               "(une fuite). Mettez StandardScaler() dans le pipeline que cross_val_score ajuste : "
               "il n'est alors ajusté que sur les lignes d'entraînement de chaque pli."),
                _ridge_part(_ridge_alpha_scaled_before_folds)),
        Mistake("all_coefficients", Text(
            en="You counted every coefficient, zeros included (len(coef_)). Count those that are "
               "not zero: np.count_nonzero(coef_).",
            fr="Vous avez compté tous les coefficients, zéros compris (len(coef_)). Comptez ceux "
               "qui ne sont pas nuls : np.count_nonzero(coef_)."), _lasso_part(_lasso_all_coefficients)),
        Mistake("lasso_unscaled", Text(
            en="Your lasso is fitted on unscaled columns, so its penalty hits some columns far "
               "harder than others. Scale first: make_pipeline(StandardScaler(), Lasso(alpha=1.0)).",
            fr="Votre lasso est ajusté sur des colonnes non mises à l'échelle : sa pénalité frappe "
               "certaines colonnes bien plus que d'autres. Mettez d'abord à l'échelle : "
               "make_pipeline(StandardScaler(), Lasso(alpha=1.0))."), _lasso_part(_lasso_unscaled)),
    ),
    hints=(
        Text(en="Build the folds once, `KFold(n_splits=5, shuffle=True, random_state=0)`, and score "
                "each alpha with `cross_val_score(pipeline, X, y, cv=folds).mean()` (R² is the "
                "default score of a regressor).",
             fr="Construisez les plis une fois, `KFold(n_splits=5, shuffle=True, random_state=0)`, "
                "et évaluez chaque alpha avec `cross_val_score(pipeline, X, y, cv=folds).mean()` "
                "(le R² est le score par défaut d'un régresseur)."),
        Text(en="`alphas[int(np.argmax(scores))]` is the first alpha with the best score; return "
                "it as a float.",
             fr="`alphas[int(np.argmax(scores))]` est le premier alpha au meilleur score ; "
                "renvoyez-le comme flottant."),
        Text(en="After fitting the pipeline, its last step is the lasso: `model[-1].coef_`; "
                "`np.count_nonzero` counts the coefficients that are not zero.",
             fr="Une fois le pipeline ajusté, sa dernière étape est le lasso : `model[-1].coef_` ; "
                "`np.count_nonzero` compte les coefficients non nuls."),
    ),
    audience=("engineering", "health"),
    teacher_notes=Text(
        en="Objectives: choose a regularisation strength by cross-validation, with the scaler "
           "inside the pipeline, and read a lasso's coefficients. Misconception aimed at: the "
           "alpha with the best training R² is the best alpha, and the penalty does not care "
           "about units. Debrief: why does the training R² always pick the smallest alpha? Which "
           "measurements does the lasso drop, and would a clinician agree? What changes when the "
           "scaler is fitted before the folds are cut?",
        fr="Objectifs : choisir la force de régularisation par validation croisée, avec la mise à "
           "l'échelle dans le pipeline, et lire les coefficients d'un lasso. Idée fausse visée : "
           "l'alpha au meilleur R² d'entraînement est le meilleur alpha, et la pénalité ne dépend "
           "pas des unités. Pour le débriefing : pourquoi le R² d'entraînement choisit-il toujours "
           "le plus petit alpha ? Quelles mesures le lasso écarte-t-il, et un clinicien serait-il "
           "d'accord ? Qu'est-ce qui change quand la mise à l'échelle est ajustée avant le "
           "découpage en plis ?"),
)
