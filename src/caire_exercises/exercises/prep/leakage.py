"""prep.leakage: feature selection inside the pipeline, so that cross-validation stays honest.

The probe cross-validates the learner's pipeline by hand: in each fold it fits
a fresh copy on the training rows and reports the labels it predicts for the
held-out rows. The judge draws the same folds and scores those predictions;
it also reads, from what reaches the final model, how many columns are kept
and whether they follow the rows the pipeline is fitted on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.exercises.prep._common import (LEAK_K, MODULE_ID, NOISE_FEATURES, NOISE_ROWS, french_number, judged_once, noise_data,
                      signal_data)
from caire_exercises.exercises.prep.probes import leak_folds, leakage_probe

#: A cross-validated accuracy above this, on labels that are pure noise, means a leak.
CHANCE_CEILING = 0.65
#: On data whose label really lives in a few columns, a sound pipeline reaches this.
SIGNAL_FLOOR = 0.80


def make_pipeline_without_leak():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))


def _take_columns(X: np.ndarray, columns: np.ndarray) -> np.ndarray:
    return np.asarray(X)[:, columns]


def _pipeline_selected_outside():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    # The leak as learners write it: the columns are chosen once, on every row of the
    # statement's data, and the pipeline only replays that choice.
    X, y = noise_data()
    columns = SelectKBest(f_classif, k=20).fit(X, y).get_support(indices=True)
    return make_pipeline(FunctionTransformer(_take_columns, kw_args={"columns": columns}),
                         LogisticRegression(max_iter=1000))


def _pipeline_no_selection():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _pipeline_default_k():
    from sklearn.feature_selection import SelectKBest, f_classif
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(SelectKBest(f_classif), LogisticRegression(max_iter=1000))


def _leakage_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"signal_seed": int(rng.integers(0, 2**31)), "informative": int(rng.integers(4, 8))}


def _leakage_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    fresh = []
    for _ in range(2):
        X = rng.normal(size=(NOISE_ROWS, NOISE_FEATURES))
        fresh.append((X, rng.permutation(np.repeat([0, 1], NOISE_ROWS // 2))))
    return [
        Case("pure noise", ("noise", [noise_data()]), label=Text(
            en="the statement's data: labels that are pure noise, 2,000 columns",
            fr="les données de l'énoncé : des étiquettes qui sont du pur bruit, 2 000 colonnes")),
        Case("real signal", ("signal", [signal_data(params["signal_seed"],
                                                    informative=params["informative"])]),
             label=Text(en=f"{params['informative']} of 2,000 columns carry the label",
                        fr=f"{params['informative']} colonnes sur 2 000 portent l'étiquette")),
        Case("hidden", ("noise", fresh), hidden=True),
    ]



def _accuracy(observed: Mapping[str, Any], case: Case) -> float:
    """The cross-validated accuracy of the observed held-out predictions, scored by the judge.

    The folds are drawn again here from the labels; each fold's predictions
    must cover its held-out rows exactly.
    """
    _, datasets = case.args
    predictions = observed["predictions"]
    if len(predictions) != len(datasets):
        raise ValueError("one list of folds per data set expected")
    scores = []
    for (X, y), folds in zip(datasets, predictions):
        drawn = leak_folds(y)
        if len(folds) != len(drawn):
            raise ValueError("one prediction per fold expected")
        for (_, test), guessed in zip(drawn, folds):
            guessed = np.asarray(guessed).reshape(-1)
            if guessed.size != test.size:
                raise ValueError(f"{guessed.size} predictions for {test.size} rows")
            truth = y[test]
            if guessed.dtype.kind not in "biuf":
                guessed, truth = guessed.astype(str), truth.astype(str)
            scores.append(float(np.mean(guessed == truth)))
    # The mean over the folds of a data set, then over the data sets, as cross_val_score gives it.
    per_set = np.reshape(scores, (len(datasets), -1)).mean(axis=1)
    return float(per_set.mean())


def _derive(observed: Mapping[str, Any], case: Case) -> dict[str, Any]:
    steps = observed["steps"]
    halves = observed["halves"]
    refitted = None
    if halves is not None and halves[0] is not None and halves[1] is not None:
        first, second = (np.asarray(half, dtype=float) for half in halves)
        refitted = bool(first.shape != second.shape or not np.allclose(first, second))
    return {"is_pipeline": steps is not None, "steps": [str(step) for step in steps or []],
            "kept": observed["kept"], "refitted": refitted, "accuracy": _accuracy(observed, case)}


_derived = judged_once(_derive)


def _fact(name: str, holds: Any) -> Fact:
    return Fact(name, lambda observed, expected, case: bool(holds(_derived(observed, case), case.args[0])),
                lambda observed, expected, case: _explain_leakage(name, _derived(observed, case)))


#: In the order they are told; the accuracy on noise is judged on noise only, and the one on
#: real signal on signal only.
_FACTS = (
    _fact("is_pipeline", lambda d, kind: d["is_pipeline"]),
    _fact("features_kept", lambda d, kind: d["kept"] == LEAK_K),
    _fact("at_chance_on_noise", lambda d, kind: kind != "noise" or d["accuracy"] <= CHANCE_CEILING),
    _fact("learns_real_signal", lambda d, kind: kind != "signal" or d["accuracy"] >= SIGNAL_FLOOR),
    _fact("columns_chosen_on_training_rows", lambda d, kind: d["refitted"] is True),
)


def _explain_leakage(fact: str, details: Mapping[str, Any]) -> Message | Text:
    if fact == "is_pipeline":
        return Text(en="Return a scikit-learn Pipeline (make_pipeline(...)), so that the feature "
                       "selection is refitted inside every fold of the cross-validation.",
                    fr="Renvoyez un Pipeline scikit-learn (make_pipeline(...)), pour que la "
                       "sélection de variables soit réajustée dans chaque pli de la validation "
                       "croisée.")
    if fact == "features_kept":
        return message(Text(
            en="{kept} columns reach the model of your pipeline ({steps}); expected the {k} best "
               "columns chosen by SelectKBest inside the pipeline.",
            fr="{kept} colonnes atteignent le modèle de votre pipeline ({steps}) ; on attend les "
               "{k} meilleures colonnes choisies par SelectKBest dans le pipeline."),
            kept=str(details["kept"]), steps=" → ".join(details["steps"]),
            k=str(LEAK_K))
    if fact == "at_chance_on_noise":
        return message(Text(
            en="On labels that are pure noise your pipeline reaches a cross-validated accuracy of "
               "{accuracy}, far above chance (0.5): the columns were chosen by looking at every "
               "row, test folds included. Nothing may be fitted outside the pipeline.",
            fr="Sur des étiquettes qui sont du pur bruit, votre pipeline atteint une exactitude "
               "en validation croisée de {accuracy_fr}, bien au-dessus du hasard (0,5) : les "
               "colonnes ont été choisies en regardant toutes les lignes, plis de test compris. "
               "Rien ne doit être ajusté hors du pipeline."),
            accuracy=f"{details['accuracy']:.2f}", accuracy_fr=french_number(details["accuracy"]))
    if fact == "columns_chosen_on_training_rows":
        return Text(
            en="Your pipeline sends the same columns to the model whatever rows it is fitted on: "
               "they were chosen once, beforehand, instead of by a selector fitted on the "
               "training folds. Put SelectKBest(f_classif, k=20) itself inside the pipeline, "
               "unfitted.",
            fr="Votre pipeline transmet les mêmes colonnes au modèle, quelles que soient les "
               "lignes sur lesquelles on l'ajuste : elles ont été choisies une fois pour toutes, "
               "à l'avance, au lieu de l'être par un sélecteur ajusté sur les plis "
               "d'entraînement. Placez SelectKBest(f_classif, k=20) lui-même dans le pipeline, "
               "non ajusté.")
    if fact == "learns_real_signal":
        return message(Text(
            en="When a few columns really carry the label, your pipeline only reaches a "
               "cross-validated accuracy of {accuracy} (expected at least {floor}).",
            fr="Quand quelques colonnes portent vraiment l'étiquette, votre pipeline n'atteint "
               "qu'une exactitude en validation croisée de {accuracy_fr} (au moins {floor_fr} "
               "attendu)."),
            accuracy=f"{details['accuracy']:.2f}", floor=f"{SIGNAL_FLOOR:.2f}",
            accuracy_fr=french_number(details["accuracy"]), floor_fr=french_number(SIGNAL_FLOOR))
    return Text(en="Your pipeline does not do what the statement asks.",
                fr="Votre pipeline ne fait pas ce que demande l'énoncé.")


LEAKAGE = Exercise(
    id="prep.leakage",
    module=MODULE_ID,
    title=Text(en="Feature selection without leakage", fr="Sélection de variables sans fuite"),
    statement=Text(
        en="""This code finds a cross-validated accuracy of about 0.85 on data whose labels are
**pure noise** (`X` has 100 rows and 2,000 random columns):

```python
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

rng = np.random.default_rng(2024)
X = rng.normal(size=(100, 2000))
y = rng.permutation(np.repeat([0, 1], 50))

X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)   # looks at every row
print(cross_val_score(LogisticRegression(max_iter=1000), X_best, y, cv=5).mean())
```

(A reminder, module M3 comes back to it: `cross_val_score(model, X, y, cv=5)` splits the rows
into 5 folds, fits a fresh copy of the model on 4 of them and scores it on the fifth, 5 times,
and returns the 5 scores.)

The 20 columns were chosen by looking at all the rows, the test folds included: the test rows
leaked into the model. Write `make_pipeline_without_leak()` which returns an unfitted
scikit-learn **Pipeline** that keeps the 20 best columns (`SelectKBest(f_classif, k=20)`) and
then classifies, so that `cross_val_score(make_pipeline_without_leak(), X, y)` chooses the
columns again inside each fold.

The checker cross-validates your pipeline on the data above (it must stay near chance), on
fresh noise, and on your variant's data, where {informative} of the 2,000 columns really carry
the label (it must learn them: accuracy at least 0.80).""",
        fr="""Ce code trouve une exactitude en validation croisée d'environ 0,85 sur des données
dont les étiquettes sont du **pur bruit** (`X` a 100 lignes et 2 000 colonnes aléatoires) :

```python
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

rng = np.random.default_rng(2024)
X = rng.normal(size=(100, 2000))
y = rng.permutation(np.repeat([0, 1], 50))

X_best = SelectKBest(f_classif, k=20).fit_transform(X, y)   # regarde toutes les lignes
print(cross_val_score(LogisticRegression(max_iter=1000), X_best, y, cv=5).mean())
```

(Un rappel, que le module M3 reprend : `cross_val_score(model, X, y, cv=5)` partage les
lignes en 5 plis, ajuste une copie neuve du modèle sur 4 d'entre eux et l'évalue sur le
cinquième, 5 fois, et renvoie les 5 scores.)

Les 20 colonnes ont été choisies en regardant toutes les lignes, plis de test compris : les
lignes de test ont fui dans le modèle. Écrivez `make_pipeline_without_leak()` qui renvoie un
**Pipeline** scikit-learn non ajusté qui garde les 20 meilleures colonnes
(`SelectKBest(f_classif, k=20)`) puis classe, de sorte que
`cross_val_score(make_pipeline_without_leak(), X, y)` choisisse à nouveau les colonnes dans
chaque pli.

Le correcteur évalue votre pipeline en validation croisée sur les données ci-dessus (il doit
rester proche du hasard), sur un bruit neuf, et sur les données de votre variante, où
{informative} des 2 000 colonnes portent vraiment l'étiquette (il doit les apprendre :
exactitude d'au moins 0,80).""",
    ),
    answer_name="make_pipeline_without_leak",
    kind="estimator",
    reference=make_pipeline_without_leak,
    cases=_leakage_cases,
    variant=_leakage_variant,
    probe=leakage_probe,
    facts=_FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "leakage", "feature selection", "Pipeline", "cross-validation"),
    dataset=None,
    timeout=30.0,
    audience=("engineering", "health"),
    teacher_notes=Text(
        en="Objectives: see a leak produce a convincing score on pure noise; put every"
           " fitted step inside the pipeline that cross-validation refits. The "
           "exercise uses cross_val_score before M3 teaches it: recall it in one "
           "sentence (k train/test splits, the mean of the k scores). Misconception "
           "aimed at: choosing features is preprocessing, not learning, so it may look"
           " at every row. Debrief: why 0.85 on noise? Which other steps leak the same"
           " way (scaling, imputation, oversampling)? How would you notice a leak in a"
           " published result?",
        fr="Objectifs : voir une fuite produire un score convaincant sur du pur "
           "bruit ; placer chaque étape ajustée dans le pipeline que la validation "
           "croisée réajuste. L'exercice utilise cross_val_score avant que le M3 ne "
           "l'enseigne : rappelez-le en une phrase (k partages entraînement/test, la "
           "moyenne des k scores). Idée fausse visée : choisir des variables relève du"
           " prétraitement, pas de l'apprentissage, et peut donc regarder toutes les "
           "lignes. Questions de débriefing : pourquoi 0,85 sur du bruit ? Quelles "
           "autres étapes fuient de la même façon (mise à l'échelle, imputation, "
           "suréchantillonnage) ? Comment repéreriez-vous une fuite dans un résultat "
           "publié ?"),
    mistakes=(
        Mistake("selected_outside", Text(
            en="Your pipeline replays columns chosen beforehand, outside the cross-validation: "
               "chosen on all the rows, they score far above chance on pure noise, and on other "
               "data they miss the columns that carry the label. Put "
               "SelectKBest(f_classif, k=20) itself inside the pipeline, unfitted.",
            fr="Votre pipeline rejoue des colonnes choisies à l'avance, hors de la validation "
               "croisée : choisies sur toutes les lignes, elles dépassent largement le hasard "
               "sur du pur bruit, et sur d'autres données elles passent à côté des colonnes qui "
               "renseignent sur l'étiquette. Placez SelectKBest(f_classif, k=20) lui-même dans le "
               "pipeline, non ajusté."),
            _pipeline_selected_outside),
        Mistake("no_selection", Text(
            en="Your pipeline has no feature selection: all 2,000 columns reach the model, and "
               "it cannot find the few that matter. Add SelectKBest(f_classif, k=20) before the "
               "classifier.",
            fr="Votre pipeline n'a pas de sélection de variables : les 2 000 colonnes atteignent "
               "le modèle, qui ne trouve pas les quelques-unes qui comptent. Ajoutez "
               "SelectKBest(f_classif, k=20) avant le classifieur."), _pipeline_no_selection),
        Mistake("default_k", Text(
            en="SelectKBest keeps k=10 columns by default; the exercise asks for 20. Pass k=20.",
            fr="SelectKBest garde k=10 colonnes par défaut ; l'exercice en demande 20. Passez "
               "k=20."), _pipeline_default_k),
    ),
    hints=(
        Text(en="Anything fitted on the data (a scaler, a selector, a model) must be fitted on "
                "the training folds only: put it in the pipeline.",
             fr="Tout ce qui s'ajuste sur les données (une mise à l'échelle, un sélecteur, un "
                "modèle) doit l'être sur les seuls plis d'entraînement : mettez-le dans le "
                "pipeline."),
        Text(en="`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))`"
                " builds the whole chain; cross_val_score refits all of it in every fold.",
             fr="`make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression(max_iter=1000))`"
                " construit toute la chaîne ; cross_val_score la réajuste en entier dans chaque "
                "pli."),
        Text(en="Check yourself: on the noise data, cross_val_score of your pipeline should be "
                "close to 0.5.",
             fr="Vérifiez vous-même : sur les données de bruit, cross_val_score de votre "
                "pipeline doit être proche de 0,5."),
    ),
)


