"""supervised.first_model: a pipeline that reads a real table and predicts penguins it never saw.

The probe fits a fresh copy of the learner's model on the training rows only and
observes its predictions for the held-out rows; the judge, who alone holds the
held-out species, counts how many are right.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import (accuracy, error_feedback, fits_and_predicts, fits_training_rows,
                                gives_estimator)
from caire_exercises.authoring.figures import confusion_figure, count_matrix
from caire_exercises.authoring.probes import stratified_split
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import MODULE_ID, penguins, percent_fr

#: The held-out accuracy a model must reach on every split.
ACCURACY = 0.95


def make_model():
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    categories = ["island", "sex"]
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"),
                       OneHotEncoder(handle_unknown="ignore")), categories),
    )
    return make_pipeline(prepare, LogisticRegression(max_iter=1000))


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = penguins()
    cases = []

    def split(name: str, train: np.ndarray, test: np.ndarray, **options: Any) -> Case:
        return Case(name, kwargs={"train": train, "test": test}, private={"truth": y[test]}, **options)

    for name, seed, label in (
        ("split 1", 0, Text(en="a stratified split: 70 % to train, 30 % held out",
                            fr="une partition stratifiée : 70 % pour l'entraînement, 30 % mis de côté")),
        ("split 2", 1, Text(en="another stratified split", fr="une autre partition stratifiée")),
    ):
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(split(name, train, test, label=label))
    train, test = stratified_split(y, test_size=0.3, seed=2)
    island = X["island"].astype(str).to_numpy()
    cases.append(split("unseen island", train[island[train] != "Torgersen"], test,
                       label=Text(en="no penguin from Torgersen among the training rows; some among "
                                     "the held-out rows",
                                  fr="aucun manchot de Torgersen parmi les lignes d'entraînement ; "
                                     "quelques-uns parmi les lignes mises de côté")))
    train, test = stratified_split(y, test_size=0.3, seed=int(rng.integers(3, 1_000_000)))
    cases.append(split("hidden", train, test, hidden=True))
    return cases


def _low_accuracy(observed: Any, expected: Any, case: Case) -> Text:
    share = accuracy(observed, case.private["truth"])
    return Text(
        en=f"Your model is right on {share:.1%} of the held-out penguins; at least {ACCURACY:.0%} is "
           f"expected. Put every number on one scale (StandardScaler) before a model that measures "
           f"distances or weighs coefficients, and keep the measurements: they carry most of the "
           f"signal.",
        fr=f"Votre modèle a raison pour {percent_fr(share)} des manchots mis de côté ; il en faut au "
           f"moins {percent_fr(ACCURACY, 0)}. Mettez toutes les mesures à la même échelle "
           f"(StandardScaler) avant un modèle qui mesure des distances ou pondère des coefficients, "
           f"et gardez les mesures : elles portent l'essentiel du signal.")


FACTS = (
    gives_estimator("make_model"),
    fits_training_rows(),
    # Fails only where "fitted" fails already: it tells a lone classifier that cannot read the
    # table from a pipeline that fails for another reason, so that only the first is named
    # as the bare_classifier mistake.
    Fact("reads_table",
         lambda observed, expected, case: observed["stage"] != "fit" or len(observed["structure"]) > 1,
         lambda observed, expected, case: error_feedback(observed)),
    fits_and_predicts(),
    Fact("accurate", lambda observed, expected, case: accuracy(observed, case.private["truth"]) >= ACCURACY,
         _low_accuracy),
)


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    truth = list(case.private["truth"])
    labels = sorted(set(truth))
    matrices = [(title, count_matrix(truth, list(np.asarray(data["predictions"]).reshape(-1)), labels))
                for title, data in ((Text(en="your model", fr="votre modèle"), observed),
                                    (Text(en="reference model", fr="modèle de référence"), expected))]
    return confusion_figure(matrices, labels)


def _model_bare_classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _model_unknown_category():
    model = make_model()
    # The encoder of the text columns, as scikit-learn builds it by default.
    model[0].transformers[1][1].steps[-1][1].set_params(handle_unknown="error")
    return model


def _model_unscaled_neighbours():
    from sklearn.neighbors import KNeighborsClassifier

    model = make_model()
    model[0].transformers[0][1].steps.pop()          # no StandardScaler after the imputer
    return model.set_params(logisticregression=KNeighborsClassifier())


FIRST_MODEL = Exercise(
    id="supervised.first_model",
    module=MODULE_ID,
    title=Text(en="A first model: the penguins' species", fr="Un premier modèle : l'espèce des manchots"),
    statement=Text(
        en="""Write `make_model()`, a function of no argument that returns an **unfitted**
scikit-learn estimator (a model or a pipeline) that predicts a penguin's species.

The checker fits your model on training rows only and counts how often it is right on
penguins it never saw. It gives your model:

* `X`: a pandas DataFrame with the columns `island` (text), `bill_length_mm`,
  `bill_depth_mm`, `flipper_length_mm`, `body_mass_g` (numbers, a few missing) and `sex`
  (text, some missing), exactly as `caire_exercises.data.load("penguins")` has them;
* `y`: the species (`"Adelie"`, `"Chinstrap"` or `"Gentoo"`).

Your model must handle the missing values and the text columns itself, and must still
predict when a held-out penguin comes from an island that no training penguin came from.
Expected: a held-out accuracy of at least 95 % on each split.""",
        fr="""Écrivez `make_model()`, une fonction sans argument qui renvoie un estimateur
scikit-learn **non ajusté** (un modèle ou un pipeline) qui prédit l'espèce d'un manchot.

Le correcteur ajuste votre modèle sur les seules lignes d'entraînement et compte combien de
fois il a raison sur des manchots qu'il n'a jamais vus. Il donne à votre modèle :

* `X` : un DataFrame pandas avec les colonnes `island` (texte), `bill_length_mm`,
  `bill_depth_mm`, `flipper_length_mm`, `body_mass_g` (nombres, quelques valeurs manquantes)
  et `sex` (texte, des valeurs manquantes), telles que `caire_exercises.data.load("penguins")`
  les fournit ;
* `y` : l'espèce (`"Adelie"`, `"Chinstrap"` ou `"Gentoo"`).

Votre modèle doit traiter lui-même les valeurs manquantes et les colonnes de texte, et doit
encore prédire quand un manchot mis de côté vient d'une île d'où ne venait aucun manchot
d'entraînement. Attendu : une exactitude d'au moins 95 % sur les lignes mises de côté, pour
chaque partition.""",
    ),
    answer_name="make_model",
    kind="estimator",
    reference=make_model,
    cases=_cases,
    probe=probes.first_model,
    facts=FACTS,
    compare_values=False,
    figure=_figure,
    difficulty=1,
    minutes=15,
    tags=("scikit-learn", "pipeline", "missing values", "categories", "classification"),
    dataset="penguins",
    timeout=20.0,
    mistakes=(
        Mistake("bare_classifier", Text(
            en="A classifier alone cannot read this table: it has text columns and missing values. "
               "Build a pipeline: a ColumnTransformer that imputes and scales the numbers and "
               "imputes and one-hot encodes the text, then the classifier.",
            fr="Un classifieur seul ne sait pas lire cette table : elle a des colonnes de texte et "
               "des valeurs manquantes. Construisez un pipeline : un ColumnTransformer qui impute "
               "et met à l'échelle les nombres, qui impute et encode en one-hot le texte, puis le "
               "classifieur."), _model_bare_classifier),
        Mistake("unknown_category", Text(
            en="Your one-hot encoder fails on an island it did not see during fitting. New "
               "categories happen with real data: use OneHotEncoder(handle_unknown='ignore').",
            fr="Votre encodeur one-hot échoue sur une île qu'il n'a pas vue pendant l'ajustement. "
               "Les catégories nouvelles arrivent avec les vraies données : utilisez "
               "OneHotEncoder(handle_unknown='ignore')."), _model_unknown_category),
        Mistake("unscaled_neighbours", Text(
            en="Your model is not accurate enough on the held-out penguins. Check two things. Does "
               "it use the measurements? They carry most of the signal. Does it measure distances "
               "(nearest neighbours) on raw numbers? Then body mass (thousands of grams) swamps the "
               "bill measurements (tens of millimetres) in every distance: add a StandardScaler "
               "before it.",
            fr="Votre modèle n'est pas assez exact sur les manchots mis de côté. Vérifiez deux "
               "choses. Utilise-t-il les mesures ? Elles portent l'essentiel du signal. Mesure-t-il "
               "des distances (plus proches voisins) sur les nombres bruts ? La masse (des "
               "milliers de grammes) écrase alors les mesures du bec (des dizaines de millimètres) "
               "dans chaque distance : placez un StandardScaler devant le modèle."), _model_unscaled_neighbours),
    ),
    hints=(
        Text(en="`make_column_transformer((numeric_steps, number_columns), (text_steps, text_columns))` "
                "gives each kind of column its own preparation.",
             fr="`make_column_transformer((étapes_nombres, colonnes_nombres), (étapes_texte, "
                "colonnes_texte))` donne à chaque type de colonne sa propre préparation."),
        Text(en="Numbers: SimpleImputer(strategy='median') then StandardScaler(). Text: "
                "SimpleImputer(strategy='most_frequent') then OneHotEncoder(handle_unknown='ignore').",
             fr="Nombres : SimpleImputer(strategy='median') puis StandardScaler(). Texte : "
                "SimpleImputer(strategy='most_frequent') puis OneHotEncoder(handle_unknown='ignore')."),
        Text(en="Finish with `make_pipeline(preparation, LogisticRegression(max_iter=1000))`, and "
                "return it without calling `fit`.",
             fr="Terminez par `make_pipeline(preparation, LogisticRegression(max_iter=1000))`, et "
                "renvoyez-le sans appeler `fit`."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: build a pipeline that prepares each kind of column (impute, scale, one-hot "
           "encode) and judge a model on rows it never saw. Misconception aimed at: a classifier "
           "reads any table, and a category unseen in training is the data's fault. Debrief: why "
           "does the checker refit your model instead of using the one you fitted? What would "
           "happen at the clinic with handle_unknown='error'? Why does scaling change nearest "
           "neighbours but not a tree?",
        fr="Objectifs : construire un pipeline qui prépare chaque type de colonne (imputer, mettre "
           "à l'échelle, encoder en one-hot) et juger un modèle sur des lignes qu'il n'a jamais "
           "vues. Idée fausse visée : un classifieur lit n'importe quelle table, et une catégorie "
           "absente de l'entraînement est la faute des données. Pour le débriefing : pourquoi le "
           "correcteur réajuste-t-il votre modèle au lieu d'utiliser celui que vous avez ajusté ? "
           "Que se passerait-il en production avec handle_unknown='error' ? Pourquoi la mise à "
           "l'échelle change-t-elle les plus proches voisins mais pas un arbre ?"),
)
