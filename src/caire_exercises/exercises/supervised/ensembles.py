"""supervised.ensembles: many trees on a table whose outcome bends and interacts.

The probe observes what the model is (an ensemble? a regressor?) and the
scores it gives the held-out rows; the judge, who alone holds their outcomes,
computes the ROC AUC.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import fits_and_predicts, fits_training_rows, gives_estimator, roc_auc
from caire_exercises.authoring.probes import stratified_split
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID, decimal_fr, tabular

#: The held-out ROC AUC the ensemble must reach on every table.
AUC = 0.90


def make_ensemble():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=0)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    cases = []
    for name, seed in (("table 1", 0), ("table 2", 1), ("hidden", int(rng.integers(2, 1_000_000)))):
        _, y = tabular(seed)
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(Case(name, kwargs={"table": seed, "train": train, "test": test},
                          hidden=name == "hidden", private={"truth": y[test]},
                          label=Text(en=f"{len(train)} rows to fit on, {len(test)} held out",
                                     fr=f"{len(train)} lignes pour l'ajustement, {len(test)} mises "
                                        f"de côté")))
    return cases


def _not_ensemble(observed: Any, expected: Any, case: Case) -> Text:
    got = str(observed.get("got", "?"))[:80]
    return Text(
        en=f"Your model ({got}) is a single learner, not an ensemble. Combine many: "
           f"RandomForestClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier, "
           f"or a VotingClassifier.",
        fr=f"Votre modèle ({got}) est un apprenant unique, pas un ensemble. Combinez-en beaucoup : "
           f"RandomForestClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier, "
           f"ou un VotingClassifier.")


def _regressor(observed: Any, expected: Any, case: Case) -> Text:
    got = str(observed.get("got", "?"))[:80]
    return Text(
        en=f"Your model ({got}) is a regressor: it predicts numbers, not classes, and has no "
           f"predict_proba. The outcome is a class (0 or 1): use the classifier of the same family "
           f"(RandomForestClassifier rather than RandomForestRegressor).",
        fr=f"Votre modèle ({got}) est un régresseur : il prédit des nombres, pas des classes, et "
           f"n'a pas de predict_proba. La cible est une classe (0 ou 1) : prenez le classifieur de "
           f"la même famille (RandomForestClassifier plutôt que RandomForestRegressor).")


def _low_auc(observed: Any, expected: Any, case: Case) -> Text:
    auc = roc_auc(observed, case.private["truth"])
    return Text(
        en=f"Your ensemble reaches a ROC AUC of {auc:.3f} on the held-out rows; at least {AUC} is "
           f"expected. The outcome bends with the features and depends on interactions: members "
           f"that are linear, or too shallow, cannot follow it. Use trees of some depth (random "
           f"forest, gradient boosting).",
        fr=f"Votre ensemble atteint une ROC AUC de {decimal_fr(f'{auc:.3f}')} sur les lignes mises "
           f"de côté ; il faut au moins {decimal_fr(str(AUC))}. La cible suit des courbes et des "
           f"interactions : des membres linéaires, ou trop peu profonds, ne peuvent pas la suivre. "
           f"Utilisez des arbres d'une certaine profondeur (forêt aléatoire, gradient boosting).")


FACTS = (
    gives_estimator("make_ensemble"),
    Fact("ensemble", lambda observed, expected, case: observed["ensemble"] is True, _not_ensemble),
    Fact("classifier", lambda observed, expected, case: observed["regressor"] is False, _regressor),
    fits_training_rows(),
    fits_and_predicts(),
    Fact("scores", lambda observed, expected, case: observed["scores"] is not None, Text(
        en="Your ensemble gives only labels (hard voting), no scores, and ROC AUC ranks rows by "
           "score. Use voting='soft', or an ensemble with predict_proba.",
        fr="Votre ensemble ne donne que des étiquettes (vote majoritaire), pas de scores, et la "
           "ROC AUC classe les lignes par score. Utilisez voting='soft', ou un ensemble doté de "
           "predict_proba.")),
    Fact("auc", lambda observed, expected, case: roc_auc(observed, case.private["truth"]) >= AUC, _low_auc),
)


#: Mistakes: models that are not the ensemble asked for.
def _ensemble_single_tree():
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(max_depth=5, random_state=0)


def _ensemble_hard_voting():
    from sklearn.ensemble import VotingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    return VotingClassifier([("logistic", LogisticRegression()), ("tree", DecisionTreeClassifier(max_depth=5)),
                             ("neighbours", KNeighborsClassifier(n_neighbors=15))], voting="hard")


def _ensemble_linear_members():
    from sklearn.ensemble import BaggingClassifier
    from sklearn.linear_model import LogisticRegression

    return BaggingClassifier(LogisticRegression(), n_estimators=20, random_state=0)


ENSEMBLES = Exercise(
    id="supervised.ensembles",
    module=MODULE_ID,
    title=Text(en="Many trees beat one", fr="Plusieurs arbres valent mieux qu'un"),
    statement=Text(
        en="""Write `make_ensemble()`, a function of no argument that returns an **unfitted**
ensemble classifier (a model that combines many learners: bagging, random forest, boosting,
voting...).

The data is a generated table: 2,000 rows, 8 numeric columns, and a binary outcome that
depends on the columns through curves and an interaction, with some noise. The checker fits
your model on 70 % of the rows and computes its ROC AUC on the other 30 %, from
`predict_proba` (or `decision_function`). Expected: an ensemble, a held-out ROC AUC of at least
0.90, and a fit that takes well under a minute.""",
        fr="""Écrivez `make_ensemble()`, une fonction sans argument qui renvoie un classifieur
d'ensemble **non ajusté** (un modèle qui combine de nombreux apprenants : bagging, forêt
aléatoire, boosting, vote...).

Les données sont une table générée : 2 000 lignes, 8 colonnes numériques, et une cible binaire
qui dépend des colonnes par des courbes et une interaction, avec du bruit. Le correcteur
ajuste votre modèle sur 70 % des lignes et calcule sa ROC AUC sur les 30 % restants, à partir
de `predict_proba` (ou de `decision_function`). Attendu : un ensemble, une ROC AUC d'au moins
0,90 sur les lignes mises de côté, et un ajustement qui prend bien moins d'une minute.""",
    ),
    answer_name="make_ensemble",
    kind="estimator",
    reference=make_ensemble,
    cases=_cases,
    probe=probes.ensembles,
    facts=FACTS,
    compare_values=False,
    difficulty=3,
    minutes=30,
    tags=("scikit-learn", "ensembles", "random forest", "boosting", "ROC AUC"),
    timeout=60.0,
    mistakes=(
        Mistake("single_tree", Text(
            en="A single learner (one decision tree, one nearest-neighbours model...) is not an "
               "ensemble, and alone it either underfits or learns the noise. Average many trees "
               "(RandomForestClassifier) or chain them (HistGradientBoostingClassifier).",
            fr="Un apprenant seul (un arbre de décision, un modèle des plus proches voisins...) "
               "n'est pas un ensemble, et seul il sous-apprend ou apprend le bruit. Faites la "
               "moyenne de nombreux arbres (RandomForestClassifier) ou enchaînez-les "
               "(HistGradientBoostingClassifier)."), _ensemble_single_tree),
        Mistake("hard_voting", Text(
            en="A VotingClassifier with voting='hard' outputs labels only, so the ROC AUC has no "
               "scores to rank. Use voting='soft' (its members must have predict_proba).",
            fr="Un VotingClassifier avec voting='hard' ne sort que des étiquettes : la ROC AUC n'a "
               "pas de scores à classer. Utilisez voting='soft' (ses membres doivent avoir "
               "predict_proba)."), _ensemble_hard_voting),
        Mistake("linear_members", Text(
            en="Your ensemble's members are too simple for this outcome (linear models, stumps, "
               "too few or too shallow trees): an average of straight boundaries is still "
               "straight, and this outcome bends. Use trees of some depth as members (random "
               "forest, gradient boosting).",
            fr="Les membres de votre ensemble sont trop simples pour cette cible (des modèles "
               "linéaires, des souches de décision, des arbres trop peu nombreux ou trop peu "
               "profonds) : une "
               "moyenne de frontières droites reste droite, alors que celle de cette cible est courbe. "
               "Prenez comme membres des arbres d'une certaine profondeur (forêt aléatoire, "
               "gradient boosting)."), _ensemble_linear_members),
    ),
    hints=(
        Text(en="`sklearn.ensemble` holds the ensembles: RandomForestClassifier, "
                "GradientBoostingClassifier, HistGradientBoostingClassifier, VotingClassifier...",
             fr="`sklearn.ensemble` contient les ensembles : RandomForestClassifier, "
                "GradientBoostingClassifier, HistGradientBoostingClassifier, VotingClassifier..."),
        Text(en="Boosting fits each new tree to the errors of the previous ones; "
                "`HistGradientBoostingClassifier()` is fast on a few thousand rows.",
             fr="Le boosting ajuste chaque nouvel arbre sur les erreurs des précédents ; "
                "`HistGradientBoostingClassifier()` est rapide sur quelques milliers de lignes."),
        Text(en="Return the model unfitted, e.g. `return RandomForestClassifier(n_estimators=300, "
                "random_state=0)`; set random_state for results you can reproduce.",
             fr="Renvoyez le modèle non ajusté, par exemple `return RandomForestClassifier("
                "n_estimators=300, random_state=0)` ; fixez random_state pour des résultats "
                "reproductibles."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: choose an ensemble of trees for an outcome that bends and interacts, and "
           "judge it by a ranking metric. Misconception aimed at: any ensemble beats one model "
           "(an average of straight boundaries is still straight). Debrief: why does bagging "
           "reduce a deep tree's variance but not a linear model's bias? What does hard voting "
           "lose for ROC AUC? How would you compare a forest and boosting fairly?",
        fr="Objectifs : choisir un ensemble d'arbres pour une cible qui suit des courbes et des "
           "interactions, et le juger par une métrique de classement. Idée fausse visée : "
           "n'importe quel ensemble bat un modèle seul (une moyenne de frontières droites reste "
           "droite). Pour le débriefing : pourquoi le bagging réduit-il la variance d'un arbre "
           "profond mais pas le biais d'un modèle linéaire ? Que perd le vote majoritaire pour la "
           "ROC AUC ? Comment comparer équitablement une forêt et du boosting ?"),
)
