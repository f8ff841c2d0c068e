"""responsible.explain: permutation importance on held-out rows, and a linear model's contributions.

A function answer returning a dict. The probe fits the two models (library
code, seeded) on the case's training rows and hands them to the answer; the
judge compares the importances and contributions with the reference's, and
checks that the contributions and the intercept add up to the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import MODULE_ID, breast_cancer_split, close, number

KEYS = ("importances", "top3", "contributions", "intercept", "important_means_cause")


def explain(trees, linear, X_train, y_train, X_test, y_test, patient):
    from sklearn.inspection import permutation_importance

    result = permutation_importance(trees, X_test, y_test, n_repeats=5, random_state=0)
    importances = dict(zip(X_test.columns, result.importances_mean))
    top3 = sorted(importances, key=importances.get, reverse=True)[:3]
    scaler, logistic = linear[0], linear[-1]
    z = scaler.transform(patient)[0]
    contributions = dict(zip(X_test.columns, logistic.coef_[0] * z))
    return {
        "importances": {name: float(value) for name, value in importances.items()},
        "top3": top3,
        "contributions": {name: float(value) for name, value in contributions.items()},
        "intercept": float(logistic.intercept_[0]),
        "important_means_cause": False,
    }


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"split_seed": int(rng.integers(0, 2**31)), "patient": int(rng.integers(0, 171))}


def _case(name: str, seed: int, patient: int, **extra: Any) -> Case:
    X_train, y_train, X_test, y_test = breast_cancer_split(seed)
    return Case(name, kwargs={"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test,
                              "patient": patient}, timeout=20.0, **extra)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        _case("held-out patients", params["split_seed"], params["patient"],
              label=Text(en=f"398 training rows, 171 held-out rows; held-out patient no. {params['patient']}",
                         fr=f"398 lignes d'entraînement, 171 mises de côté ; patiente mise de côté "
                            f"n° {params['patient']}")),
        _case("hidden", int(rng.integers(0, 2**31)), int(rng.integers(0, 171)), hidden=True),
    ]


def _value(observed: Mapping[str, Any]) -> Mapping[str, Any]:
    value = observed["value"]
    if not isinstance(value, dict):
        raise ValueError("not a dict")
    return value


def _same_numbers(got: Any, want: Mapping[str, float]) -> bool:
    return isinstance(got, dict) and set(got) == set(want) and all(close(got[key], want[key]) for key in want)


def _top3(observed: Any, expected: Any, case: Case) -> bool:
    importances = _value(expected)["importances"]
    third = sorted(importances.values(), reverse=True)[2]
    chosen = list(_value(observed)["top3"])
    return len(set(chosen)) == 3 and all(importances[name] >= third - 1e-9 for name in chosen)


def _adds_up(observed: Any, expected: Any, case: Case) -> bool:
    value = _value(observed)
    total = sum(number(item) for item in value["contributions"].values()) + number(value["intercept"])
    return close(total, observed["decision"], rtol=1e-6, atol=1e-8)


FACTS = (
    Fact("keys", lambda observed, expected, case: set(KEYS) <= set(_value(observed)), Text(
        en="Return a dict with the keys " + ", ".join(f"'{key}'" for key in KEYS) + ".",
        fr="Renvoyez un dict avec les clés " + ", ".join(f"'{key}'" for key in KEYS) + ".")),
    Fact("importances", lambda observed, expected, case: _same_numbers(
        _value(observed)["importances"], _value(expected)["importances"]), Text(
        en="The importances are not the permutation importances of the trees model on the HELD-OUT rows "
           "(X_test, y_test) with n_repeats=5 and random_state=0: {column: importances_mean}. Impurity "
           "importances (feature_importances_) and importances on the training rows describe what the "
           "model memorised, not what it relies on for new patients.",
        fr="Les importances ne sont pas les importances par permutation du modèle d'arbres sur les lignes MISES DE "
           "CÔTÉ (X_test, y_test) avec n_repeats=5 et random_state=0 : {colonne : importances_mean}. Les "
           "importances d'impureté (feature_importances_) et les importances sur les lignes "
           "d'entraînement décrivent ce que le modèle a mémorisé, pas ce sur quoi il s'appuie pour de "
           "nouvelles patientes.")),
    Fact("top3", _top3, Text(
        en="'top3' should list the three columns with the largest held-out permutation importance.",
        fr="'top3' doit lister les trois colonnes dont l'importance par permutation sur les lignes mises "
           "de côté est la plus grande.")),
    Fact("adds_up", _adds_up, Text(
        en="Your contributions plus your intercept do not add up to the model's decision_function for this "
           "patient. A linear model's decision is intercept + Σ coefficient × (scaled) value: keep the "
           "intercept apart, and give it.",
        fr="Vos contributions plus votre constante ne redonnent pas la decision_function du modèle pour "
           "cette patiente. La décision d'un modèle linéaire vaut constante + Σ coefficient × valeur "
           "(standardisée) : gardez la constante à part, et donnez-la.")),
    Fact("contributions", lambda observed, expected, case: _same_numbers(
        _value(observed)["contributions"], _value(expected)["contributions"]), Text(
        en="The contributions are not coefficient × standardised value for each column. The logistic "
           "regression sits after a StandardScaler: transform the patient with linear[0] before "
           "multiplying by linear[-1].coef_[0].",
        fr="Les contributions ne sont pas coefficient × valeur standardisée pour chaque colonne. La "
           "régression logistique vient après un StandardScaler : transformez la patiente avec linear[0] "
           "avant de multiplier par linear[-1].coef_[0].")),
    Fact("cause", lambda observed, expected, case: _value(observed)["important_means_cause"] is False, Text(
        en="'important_means_cause' should be False: an important variable is one the model relies on to "
           "predict. It may be a consequence of the disease, or stand in for another variable; importance "
           "says nothing about what would happen if we changed it.",
        fr="'important_means_cause' doit valoir False : une variable importante est une variable sur "
           "laquelle le modèle s'appuie pour prédire. Elle peut être une conséquence de la maladie, ou en "
           "remplacer une autre ; l'importance ne dit rien de ce qui arriverait si on la modifiait.")),
)

_explain_training = edited(explain, "permutation_importance(trees, X_test, y_test,",
                           "permutation_importance(trees, X_train, y_train,", name="explain_training")
_explain_impurity = edited(explain, "importances = dict(zip(X_test.columns, result.importances_mean))",
                           "importances = dict(zip(X_test.columns, trees.feature_importances_))",
                           name="explain_impurity")
_explain_no_intercept = edited(explain, '"intercept": float(logistic.intercept_[0]),', '"intercept": 0.0,',
                               name="explain_no_intercept")
_explain_raw = edited(explain, "z = scaler.transform(patient)[0]", "z = patient.to_numpy()[0]",
                      name="explain_raw")
_explain_cause = edited(explain, '"important_means_cause": False', '"important_means_cause": True',
                        name="explain_cause")

EXPLAIN = Exercise(
    id="responsible.explain",
    module=MODULE_ID,
    title=Text(en="Explaining a model, and what explanations do not say",
               fr="Expliquer un modèle, et ce que les explications ne disent pas"),
    statement=Text(
        en="""Breast cancer data (scikit-learn, ten "mean ..." measurements; target 1 = benign, 0 = malignant).
You receive two fitted models: `trees` (gradient-boosted trees) and `linear` (a `Pipeline` of a
`StandardScaler` then a `LogisticRegression`), the training rows `X_train, y_train`, the held-out rows
`X_test, y_test` and `patient`, a one-row table of a held-out patient. Write
`explain(trees, linear, X_train, y_train, X_test, y_test, patient)` that returns a dict with:

* `"importances"`: {column: mean permutation importance of `trees` on the **held-out** rows}, from
  `sklearn.inspection.permutation_importance` with `n_repeats=5, random_state=0` (default scoring);
* `"top3"`: the three columns of largest importance (a list);
* `"contributions"`: {column: contribution of the column to `linear`'s decision for `patient`}, i.e.
  coefficient × standardised value, and `"intercept"`: the intercept, so that the contributions plus
  the intercept equal `linear.decision_function(patient)` (the log-odds of benign);
* `"important_means_cause"`: `True` or `False`: does a high importance show that the variable
  *causes* the outcome?""",
        fr="""Données de cancer du sein (scikit-learn, dix mesures « mean ... » ; cible 1 = bénin, 0 = malin).
Vous recevez deux modèles ajustés : `trees` (des arbres de décision boostés par gradient) et `linear` (un `Pipeline` formé
d'un `StandardScaler` puis d'une `LogisticRegression`), les lignes d'entraînement `X_train, y_train`,
les lignes mises de côté `X_test, y_test` et `patient`, une table d'une ligne pour une patiente mise
de côté. Écrivez `explain(trees, linear, X_train, y_train, X_test, y_test, patient)` qui renvoie un
dict avec :

* `"importances"` : {colonne : importance moyenne par permutation de `trees` sur les lignes **mises
  de côté**}, avec `sklearn.inspection.permutation_importance`, `n_repeats=5, random_state=0`
  (score par défaut) ;
* `"top3"` : les trois colonnes d'importance la plus grande (une liste) ;
* `"contributions"` : {colonne : contribution de la colonne à la décision de `linear` pour
  `patient`}, c'est-à-dire coefficient × valeur standardisée, et `"intercept"` : la constante, de
  sorte que contributions plus constante égalent `linear.decision_function(patient)` (le logarithme
  de la cote de « bénin ») ;
* `"important_means_cause"` : `True` ou `False` : une importance élevée montre-t-elle que la variable
  *cause* le résultat ?""",
    ),
    answer_name="explain",
    kind="function",
    reference=explain,
    cases=_cases,
    variant=_variant,
    probe=probes.explain,
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    timeout=20.0,
    tags=("explainability", "permutation importance", "linear model", "causality"),
    dataset="breast_cancer",
    mistakes=(
        Mistake("training_rows", Text(
            en="You measured the permutation importance on the training rows. There the trees model has "
               "memorised the answers, so the importances say what it learnt by heart; on held-out rows "
               "they say what it relies on for new patients. Use X_test, y_test.",
            fr="Vous avez mesuré l'importance par permutation sur les lignes d'entraînement. Le modèle d'arbres y a "
               "mémorisé les réponses : les importances disent ce qu'il a appris par cœur ; sur des "
               "lignes mises de côté, elles disent ce sur quoi il s'appuie pour de nouvelles patientes. "
               "Utilisez X_test, y_test."), _explain_training),
        Mistake("impurity", Text(
            en="You used the trees model's impurity importances (feature_importances_). They are computed on the "
               "training rows and favour variables with many distinct values; the exercise asks for "
               "permutation importance on held-out rows.",
            fr="Vous avez pris les importances d'impureté du modèle d'arbres (feature_importances_). Elles sont "
               "calculées sur les lignes d'entraînement et favorisent les variables à nombreuses valeurs "
               "distinctes ; l'exercice demande l'importance par permutation sur des lignes mises de "
               "côté."), _explain_impurity),
        Mistake("no_intercept", Text(
            en="Your contributions leave out the intercept: they cannot add up to the decision. The "
               "decision is intercept + Σ contributions; give linear[-1].intercept_[0].",
            fr="Vos contributions oublient la constante : elles ne peuvent pas redonner la décision. La "
               "décision vaut constante + Σ contributions ; donnez linear[-1].intercept_[0]."),
            _explain_no_intercept),
        Mistake("raw_values", Text(
            en="You multiplied the coefficients by the raw measurements. The coefficients apply to the "
               "standardised values that the pipeline's StandardScaler produces: transform the patient "
               "first.",
            fr="Vous avez multiplié les coefficients par les mesures brutes. Les coefficients s'appliquent "
               "aux valeurs standardisées que produit le StandardScaler du pipeline : transformez d'abord "
               "la patiente."), _explain_raw),
        Mistake("cause", Text(
            en="An important variable is not a cause. Importance measures how much the model's accuracy "
               "depends on a column; a measurement can predict a tumour's nature because the tumour shapes "
               "it. Causal claims need a design that intervenes or adjusts for confounders.",
            fr="Une variable importante n'est pas une cause. L'importance mesure combien l'exactitude du "
               "modèle dépend d'une colonne ; une mesure peut prédire la nature d'une tumeur parce que la "
               "tumeur la façonne. Une affirmation causale demande un dispositif qui intervient ou ajuste "
               "sur les facteurs de confusion."), _explain_cause),
    ),
    hints=(
        Text(en="`permutation_importance(trees, X_test, y_test, n_repeats=5, random_state=0)` returns "
                "`importances_mean`, one number per column of X_test.",
             fr="`permutation_importance(trees, X_test, y_test, n_repeats=5, random_state=0)` renvoie "
                "`importances_mean`, un nombre par colonne de X_test."),
        Text(en="`linear[0]` is the fitted scaler and `linear[-1]` the logistic regression: "
                "`linear[0].transform(patient)` gives the standardised values.",
             fr="`linear[0]` est le StandardScaler ajusté et `linear[-1]` la régression logistique : "
                "`linear[0].transform(patient)` donne les valeurs standardisées."),
        Text(en="Check your work: the sum of your contributions plus the intercept should equal "
                "`linear.decision_function(patient)[0]`.",
             fr="Vérifiez : la somme de vos contributions plus la constante doit égaler "
                "`linear.decision_function(patient)[0]`."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: compute permutation importance where it means something (held-out rows), read a "
           "linear model's decision for one person as a sum of contributions, and separate prediction "
           "from causation. Misconceptions aimed at: impurity importance is 'the' importance; "
           "explanations on training rows; an important variable is a cause. Debrief: why can two "
           "correlated measurements (radius, perimeter, area) share or steal importance? What would you "
           "tell a clinician who reads 'concave points is the most important variable'? Which "
           "explanation would you give to the patient herself?",
        fr="Objectifs : calculer l'importance par permutation là où elle a un sens (sur des lignes mises "
           "de côté), lire la décision d'un modèle linéaire pour une personne comme une somme de "
           "contributions, et distinguer prédiction et causalité. Idées fausses visées : l'importance "
           "d'impureté serait « l' » importance ; des explications sur les lignes d'entraînement ; une "
           "variable importante serait une cause. Pour le débriefing : pourquoi deux mesures corrélées "
           "(rayon, périmètre, aire) peuvent-elles se partager ou se voler l'importance ? Que diriez-vous "
           "à un clinicien qui lit « concave points est la variable la plus importante » ? Quelle "
           "explication donneriez-vous à la patiente elle-même ?"),
)
