"""supervised.tuning: a grid search over a pipeline, fitted on the training rows only.

The probe observes what the search is made of (a GridSearchCV? over a
pipeline that prepares? a grid with a choice? already fitted?) and, when it
is worth fitting, the scores its tuned model gives the held-out tumours. The
judge, who alone holds their diagnoses, computes the ROC AUC.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import fits_and_predicts, fits_training_rows, gives_estimator, roc_auc
from caire_exercises.authoring.probes import stratified_split
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID, arrays, decimal_fr

#: The held-out ROC AUC the tuned model must reach on every split.
AUC = 0.97


def make_search():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    grid = {"logisticregression__C": [0.01, 0.1, 1.0, 10.0, 100.0]}
    return GridSearchCV(pipeline, grid, scoring="roc_auc", cv=5)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    _, y = arrays("breast_cancer")
    cases = []
    for name, seed in (("split 1", 0), ("split 2", 1), ("hidden", int(rng.integers(2, 1_000_000)))):
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(Case(name, kwargs={"train": train, "test": test}, hidden=name == "hidden",
                          private={"truth": y[test]},
                          label=Text(en=f"{len(train)} tumours to search on, {len(test)} held out",
                                     fr=f"{len(train)} tumeurs pour la recherche, {len(test)} mises "
                                        f"de côté")))
    return cases


def _not_search(observed: Any, expected: Any, case: Case) -> Text:
    got = str(observed.get("got", "?"))[:80]
    return Text(
        en=f"make_search returned a {got}, not a GridSearchCV. Wrap your pipeline in "
           f"GridSearchCV(pipeline, param_grid, ...) so that the checker can run the search.",
        fr=f"make_search a renvoyé un {got}, pas un GridSearchCV. Enveloppez votre pipeline dans "
           f"GridSearchCV(pipeline, param_grid, ...) pour que le correcteur puisse lancer la "
           f"recherche.")


def _no_scores(observed: Any, expected: Any, case: Case) -> Text:
    if observed.get("regressor"):
        return Text(
            en="The last step of your pipeline is a regressor: it predicts numbers, not classes, "
               "and gives no predict_proba. The diagnosis is a class: end the pipeline with a "
               "classifier (LogisticRegression rather than Ridge or LinearRegression).",
            fr="La dernière étape de votre pipeline est un régresseur : il prédit des nombres, pas "
               "des classes, et n'a pas de predict_proba. Le diagnostic est une classe : terminez "
               "le pipeline par un classifieur (LogisticRegression plutôt que Ridge ou "
               "LinearRegression).")
    return Text(
        en="Your search gives only labels, no scores: ROC AUC needs predict_proba or "
           "decision_function. Keep refit=True and use a classifier that scores its predictions.",
        fr="Votre recherche ne donne que des étiquettes, pas de scores : la ROC AUC a besoin de "
           "predict_proba ou de decision_function. Gardez refit=True et utilisez un classifieur "
           "qui attribue un score à ses prédictions.")


def _low_auc(observed: Any, expected: Any, case: Case) -> Text:
    auc = roc_auc(observed, case.private["truth"])
    return Text(
        en=f"Your tuned model reaches a ROC AUC of {auc:.3f} on the held-out tumours; at least {AUC} "
           f"is expected. Scale the measurements inside the pipeline and give the search a range "
           f"of regularisation strengths.",
        fr=f"Votre modèle réglé atteint une ROC AUC de {decimal_fr(f'{auc:.3f}')} sur les tumeurs "
           f"mises de côté ; il faut au moins {decimal_fr(str(AUC))}. Mettez les mesures à "
           f"l'échelle dans le pipeline et donnez à la recherche une gamme de forces de "
           f"régularisation.")


FACTS = (
    gives_estimator("make_search"),
    Fact("search", lambda observed, expected, case: observed["search"] is True, _not_search),
    Fact("pipeline", lambda observed, expected, case: observed["pipeline"] is True, Text(
        en="Your GridSearchCV searches over a bare model, not over a Pipeline. Put the preparation "
           "(StandardScaler) and the model in one pipeline and search over it, so that each fold "
           "of the search prepares its own training rows.",
        fr="Votre GridSearchCV cherche sur un modèle seul, pas sur un Pipeline. Mettez la "
           "préparation (StandardScaler) et le modèle dans un même pipeline et cherchez sur lui, "
           "pour que chaque pli de la recherche prépare ses propres lignes d'entraînement.")),
    # The statement asks for preparation steps, then a classifier: a pipeline of one step
    # prepares nothing (its search would be the bare-model search under another name).
    Fact("prepares", lambda observed, expected, case: observed["steps"] >= 2, Text(
        en="Your pipeline holds a single step, the classifier: nothing prepares the measurements. "
           "Put the preparation in it before the classifier, e.g. make_pipeline(StandardScaler(), "
           "LogisticRegression(max_iter=1000)), so that each fold of the search scales its own "
           "training rows.",
        fr="Votre pipeline ne contient qu'une étape, le classifieur : rien ne prépare les mesures. "
           "Mettez-y la préparation avant le classifieur, par exemple "
           "make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), pour que chaque "
           "pli de la recherche mette à l'échelle ses propres lignes d'entraînement.")),
    Fact("unfitted", lambda observed, expected, case: observed["was_fitted"] is False, Text(
        en="make_search returned a search that is already fitted, on rows that include the test "
           "rows. Return it unfitted: the checker fits it on the training rows only, and the test "
           "rows must stay unseen until the end.",
        fr="make_search a renvoyé une recherche déjà ajustée, sur des lignes qui comprennent les "
           "lignes de test. Renvoyez-la non ajustée : le correcteur l'ajuste sur les seules lignes "
           "d'entraînement, et les lignes de test doivent rester inconnues jusqu'à la fin.")),
    Fact("tunes", lambda observed, expected, case: observed["candidates"] >= 2, Text(
        en="Your grid holds a single setting, so the search has nothing to choose between: "
           "nothing is tuned. Give at least one parameter several values, e.g. "
           "`{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}`.",
        fr="Votre grille ne contient qu'un seul réglage : la recherche n'a rien à départager, rien "
           "n'est réglé. Donnez plusieurs valeurs à au moins un paramètre, par exemple "
           "`{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}`.")),
    fits_training_rows(),
    fits_and_predicts(),
    Fact("scores", lambda observed, expected, case: observed["scores"] is not None, _no_scores),
    Fact("auc", lambda observed, expected, case: roc_auc(observed, case.private["truth"]) >= AUC, _low_auc),
)


#: Mistakes: other searches than the one asked, or the reference changed.
def _search_without_search():
    return make_search().estimator


def _search_bare_estimator():
    from sklearn.model_selection import GridSearchCV
    from sklearn.svm import SVC

    return GridSearchCV(SVC(), {"C": [0.1, 1.0, 10.0]}, scoring="roc_auc", cv=5)


def _search_grid_names():
    return make_search().set_params(param_grid={"C": [0.01, 0.1, 1.0, 10.0, 100.0]})


def _search_fitted_on_every_row():
    from caire_exercises.data import load

    X, y = load("breast_cancer", as_="numpy")
    return make_search().fit(X, y)


def _search_unscaled_neighbours():
    from sklearn.model_selection import GridSearchCV
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline

    pipeline = Pipeline([("knn", KNeighborsClassifier())])
    return GridSearchCV(pipeline, {"knn__n_neighbors": [1, 3, 5]}, cv=5)


TUNING = Exercise(
    id="supervised.tuning",
    module=MODULE_ID,
    title=Text(en="Tune a pipeline with a grid search", fr="Régler un pipeline par recherche sur grille"),
    statement=Text(
        en="""Write `make_search()`, a function of no argument that returns an **unfitted**
`GridSearchCV` over a scikit-learn `Pipeline` (preparation steps, then a classifier), for the
*breast cancer* table (30 tumour measurements; `y` is 1 for a benign tumour, 0 for a
malignant one).

The checker fits your search on the training rows only, so the search never sees the test
rows, then computes the ROC AUC of the tuned model on the held-out tumours, from
`predict_proba` (or `decision_function`). Expected: a `GridSearchCV`, over a `Pipeline`, whose
grid holds at least two settings to choose between, and a held-out ROC AUC of at least 0.97.
Do not fit the search yourself.""",
        fr="""Écrivez `make_search()`, une fonction sans argument qui renvoie un `GridSearchCV`
**non ajusté** sur un `Pipeline` scikit-learn (des étapes de préparation, puis un
classifieur), pour la table *breast cancer* (30 mesures de tumeurs ; `y` vaut 1 pour une
tumeur bénigne, 0 pour une maligne).

Le correcteur ajuste votre recherche sur les seules lignes d'entraînement, si bien que la
recherche ne voit jamais les lignes de test, puis calcule la ROC AUC du modèle réglé sur les
tumeurs mises de côté, à partir de `predict_proba` (ou de `decision_function`). Attendu : un
`GridSearchCV`, sur un `Pipeline`, dont la grille propose au moins deux réglages entre
lesquels choisir, et une ROC AUC d'au moins 0,97 sur les lignes mises de côté. N'ajustez pas
la recherche vous-même.""",
    ),
    answer_name="make_search",
    kind="estimator",
    reference=make_search,
    cases=_cases,
    probe=probes.tuning,
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("scikit-learn", "GridSearchCV", "pipeline", "ROC AUC", "hyperparameters"),
    dataset="breast_cancer",
    timeout=30.0,
    mistakes=(
        Mistake("no_search", Text(
            en="make_search must return a GridSearchCV. The pipeline alone tunes nothing, and "
               "another kind of search (RandomizedSearchCV...) is not the one asked. Wrap your "
               "pipeline in GridSearchCV with a grid of values, e.g. "
               "`{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}`.",
            fr="make_search doit renvoyer un GridSearchCV. Le pipeline seul ne règle rien, et une "
               "autre sorte de recherche (RandomizedSearchCV...) n'est pas celle demandée. "
               "Enveloppez votre pipeline dans GridSearchCV avec une grille de valeurs, par "
               "exemple `{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}`."), _search_without_search),
        Mistake("bare_estimator", Text(
            en="Your search runs over a bare classifier, with no preparation inside it. Search over "
               "make_pipeline(StandardScaler(), classifier) and name the parameters "
               "'<step>__<parameter>'.",
            fr="Votre recherche porte sur un classifieur seul, sans préparation. Cherchez sur "
               "make_pipeline(StandardScaler(), classifieur) et nommez les paramètres "
               "'<étape>__<paramètre>'."), _search_bare_estimator),
        Mistake("grid_names", Text(
            en="The grid names a parameter the pipeline does not have: inside a pipeline, a "
               "parameter is named '<step name>__<parameter>', e.g. 'logisticregression__C' "
               "(see pipeline.get_params()).",
            fr="La grille nomme un paramètre que le pipeline n'a pas : dans un pipeline, un "
               "paramètre s'appelle '<nom de l'étape>__<paramètre>', par exemple "
               "'logisticregression__C' (voir pipeline.get_params())."), _search_grid_names),
        Mistake("fitted_on_every_row", Text(
            en="Your function fits the search on the whole table, test rows included, before "
               "returning it. Return it unfitted; the test rows must never reach the search.",
            fr="Votre fonction ajuste la recherche sur toute la table, lignes de test comprises, "
               "avant de la renvoyer. Renvoyez-la non ajustée ; les lignes de test ne doivent "
               "jamais atteindre la recherche."), _search_fitted_on_every_row),
        Mistake("unscaled_neighbours", Text(
            en="Your tuned model ranks the held-out tumours poorly. A frequent cause: no scaler "
               "before a model that measures distances (nearest neighbours) or weighs "
               "coefficients, so the largest measurements (areas, in the hundreds) decide "
               "everything. Add StandardScaler() as the first step, and end with a classifier "
               "that learns from the measurements.",
            fr="Votre modèle réglé classe mal les tumeurs mises de côté. Une cause fréquente : "
               "aucune mise à l'échelle avant un modèle qui mesure des distances (plus proches "
               "voisins) ou pondère des coefficients, si bien que les plus grandes mesures (des "
               "aires, de l'ordre de plusieurs centaines) décident de tout. Ajoutez StandardScaler() comme première "
               "étape, et terminez par un classifieur qui apprend à partir des mesures."), _search_unscaled_neighbours),
    ),
    hints=(
        Text(en="Start from the pipeline: `pipeline = make_pipeline(StandardScaler(), "
                "LogisticRegression(max_iter=1000))`.",
             fr="Partez du pipeline : `pipeline = make_pipeline(StandardScaler(), "
                "LogisticRegression(max_iter=1000))`."),
        Text(en="`pipeline.get_params().keys()` lists the names the grid may use, such as "
                "'logisticregression__C'.",
             fr="`pipeline.get_params().keys()` liste les noms que la grille peut employer, comme "
                "'logisticregression__C'."),
        Text(en="`return GridSearchCV(pipeline, {'logisticregression__C': [0.01, 0.1, 1, 10, 100]}, "
                "scoring='roc_auc', cv=5)`, without calling fit.",
             fr="`return GridSearchCV(pipeline, {'logisticregression__C': [0.01, 0.1, 1, 10, 100]}, "
                "scoring='roc_auc', cv=5)`, sans appeler fit."),
    ),
    audience=("engineering", "health"),
    teacher_notes=Text(
        en="Objectives: tune a hyperparameter with GridSearchCV over a whole pipeline, and keep "
           "the test rows out of every step of the search. Misconception aimed at: scaling once "
           "before the search is the same as scaling inside it, and a search's best score is its "
           "score on new data. Debrief: why must the scaler sit inside the pipeline that is "
           "searched? What does best_score_ overestimate, and by how much here? Why ROC AUC "
           "rather than accuracy for a diagnosis?",
        fr="Objectifs : régler un hyperparamètre avec GridSearchCV sur un pipeline entier, et "
           "tenir les lignes de test à l'écart de chaque étape de la recherche. Idée fausse "
           "visée : mettre à l'échelle une fois avant la recherche revient à le faire dans la "
           "recherche, et le meilleur score d'une recherche est son score sur de nouvelles "
           "données. Pour le débriefing : pourquoi la mise à l'échelle doit-elle se trouver dans "
           "le pipeline sur lequel on cherche ? Qu'est-ce que best_score_ surestime, et de "
           "combien ici ? Pourquoi la ROC AUC plutôt que l'exactitude pour un diagnostic ?"),
)
