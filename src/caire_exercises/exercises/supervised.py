"""M3, supervised learning with scikit-learn: models, baselines, validation, metrics, tuning.

Answers that are models are checked by behaviour (see :mod:`._estimator_probes`):
the probe fits a fresh copy on training rows only and scores it on rows it never
sees; references are recomputed at check time with the installed scikit-learn,
and thresholds leave a margin that the reference clears on every case. Answers
that are functions are compared with the reference on the same inputs, with the
library's tolerance.

scikit-learn and pandas are imported inside functions only.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import numpy as np

from caire_exercises.model.exercise import Case, Exercise, Mistake
from caire_exercises.model.module import Module
from caire_exercises.authoring.figures import line_chart
from caire_exercises.model.i18n import Text
from caire_exercises.exercises._estimator_probes import (
    call_on_copies,
    confusion_figure,
    count_matrix,
    error_feedback,
    facts_check,
    fit_and_predict,
    fresh_estimator,
    not_estimator_feedback,
    remembers_own_answers,
    single_threaded,
    stratified_split,
)

MODULE = "supervised"

#: Probes remember the results of this module's own answers (references, mistakes).
_remembered = remembers_own_answers(__name__)


def _decimal_fr(number: str) -> str:
    """A number written the French way: a decimal comma."""
    return number.replace(".", ",")


@cache
def _arrays(name: str) -> tuple[np.ndarray, np.ndarray]:
    from caire_exercises.data import load

    X, y = load(name, as_="numpy")
    return np.asarray(X, dtype=float), np.asarray(y)


# ====================================================================== first_model

_PENGUIN_FEATURES = ("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g",
                     "sex")
_PENGUIN_ACCURACY = 0.95


@lru_cache(maxsize=1)
def _penguins() -> tuple[Any, np.ndarray]:
    from caire_exercises.data import load

    table = load("penguins")
    X = table[list(_PENGUIN_FEATURES)].reset_index(drop=True)
    y = np.asarray(table["species"].astype(str).to_numpy(), dtype=object)
    return X, y


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


def _model_bare_classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _model_unknown_category():
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), ["island", "sex"]),
    )
    return make_pipeline(prepare, LogisticRegression(max_iter=1000))


def _model_unscaled_neighbours():
    from sklearn.compose import make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    numbers = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    prepare = make_column_transformer(
        (SimpleImputer(strategy="median"), numbers),
        (make_pipeline(SimpleImputer(strategy="most_frequent"),
                       OneHotEncoder(handle_unknown="ignore")), ["island", "sex"]),
    )
    return make_pipeline(prepare, KNeighborsClassifier())


def _first_model_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = _penguins()
    cases = []
    for name, seed, label in (
        ("split 1", 0, Text(en="a stratified split: 70 % to train, 30 % held out",
                            fr="une partition stratifiée : 70 % pour l'entraînement, 30 % mis de côté")),
        ("split 2", 1, Text(en="another stratified split", fr="une autre partition stratifiée")),
    ):
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(Case(name, kwargs={"train": train, "test": test}, label=label))
    train, test = stratified_split(y, test_size=0.3, seed=2)
    island = X["island"].astype(str).to_numpy()
    cases.append(Case("unseen island", kwargs={"train": train[island[train] != "Torgersen"], "test": test},
                      label=Text(en="no penguin from Torgersen among the training rows; some among the "
                                    "held-out rows",
                                 fr="aucun manchot de Torgersen parmi les lignes d'entraînement ; "
                                    "quelques-uns parmi les lignes mises de côté")))
    train, test = stratified_split(y, test_size=0.3, seed=int(rng.integers(3, 1_000_000)))
    cases.append(Case("hidden", kwargs={"train": train, "test": test}, hidden=True))
    return cases


@_remembered
@single_threaded
def _first_model_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    X, y = _penguins()
    model, _, got = fresh_estimator(answers["make_model"])
    if model is None:
        return {"value": None, "got": got,
                "facts": {"estimator": False, "stage": None, "accurate": None}}
    train, test = case.kwargs["train"], case.kwargs["test"]
    run = fit_and_predict(model, X.iloc[train].copy(), y[train].copy(), X.iloc[test].copy())
    if run["stage"] != "done":
        return {"value": {"error": run["error"]}, "error": run["error"],
                "facts": {"estimator": True, "stage": run["stage"], "accurate": None}}
    predictions = run["predictions"]
    accuracy = float(np.mean(predictions == y[test])) if predictions.shape == y[test].shape else 0.0
    labels = sorted(set(y))
    return {"value": {"held_out_accuracy": round(accuracy, 4)},
            "facts": {"estimator": True, "stage": "done", "accurate": accuracy >= _PENGUIN_ACCURACY},
            "accuracy": accuracy, "labels": labels,
            "confusion": count_matrix(y[test], list(predictions.reshape(-1)), labels)}


def _low_accuracy(data: Mapping[str, Any]) -> Text:
    accuracy = data.get("accuracy", 0.0)
    return Text(
        en=f"Your model is right on {accuracy:.1%} of the held-out penguins; at least "
           f"{_PENGUIN_ACCURACY:.0%} is expected. Put every number on one scale (StandardScaler) "
           f"before a model that measures distances or weighs coefficients, and keep the "
           f"measurements: they carry most of the signal.",
        fr=f"Votre modèle a raison pour {_decimal_fr(f'{100 * accuracy:.1f}')} % des manchots mis de "
           f"côté ; il faut au moins {100 * _PENGUIN_ACCURACY:.0f} %. Mettez toutes les mesures à la même échelle (StandardScaler) "
           f"avant un modèle qui mesure des distances ou pondère des coefficients, et gardez les "
           f"mesures : elles portent l'essentiel du signal.")


def _first_model_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    if "confusion" not in obtained:
        return None
    return confusion_figure([(Text(en="your model", fr="votre modèle"), obtained["confusion"]),
                             (Text(en="reference model", fr="modèle de référence"), expected["confusion"])],
                            obtained["labels"])


FIRST_MODEL = Exercise(
    id="supervised.first_model",
    module=MODULE,
    title=Text(en="A first model: the penguins' species", fr="Un premier modèle : l'espèce des manchots"),
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
fois il a raison sur des manchots qu'il n'a jamais vus. Il donne à votre modèle :

* `X` : un DataFrame pandas avec les colonnes `island` (texte), `bill_length_mm`,
  `bill_depth_mm`, `flipper_length_mm`, `body_mass_g` (nombres, quelques valeurs manquantes)
  et `sex` (texte, des valeurs manquantes), telles que `caire_exercises.data.load("penguins")`
  les fournit ;
* `y` : l'espèce (`"Adelie"`, `"Chinstrap"` ou `"Gentoo"`).

Votre modèle doit traiter lui-même les valeurs manquantes et les colonnes de texte, et doit
encore prédire quand un manchot mis de côté vient d'une île d'où ne venait aucun manchot
d'entraînement. Attendu : une exactitude d'au moins 95 % sur les lignes mises de côté, pour
chaque partition.""",
    ),
    answer_name="make_model",
    kind="estimator",
    reference=make_model,
    cases=_first_model_cases,
    probe=_first_model_probe,
    checks=(facts_check({"estimator": not_estimator_feedback("make_model"), "stage": error_feedback,
                         "accurate": _low_accuracy}),),
    compare_values=False,
    figure=_first_model_figure,
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
            fr="Un classifieur seul ne sait pas lire cette table : elle a des colonnes de texte et "
               "des valeurs manquantes. Construisez un pipeline : un ColumnTransformer qui impute "
               "et met à l'échelle les nombres, qui impute et encode en one-hot le texte, puis le "
               "classifieur."), _model_bare_classifier),
        Mistake("unknown_category", Text(
            en="Your one-hot encoder fails on an island it did not see during fitting. New "
               "categories happen with real data: use OneHotEncoder(handle_unknown='ignore').",
            fr="Votre encodeur one-hot échoue sur une île qu'il n'a pas vue pendant l'ajustement. "
               "Les catégories nouvelles arrivent avec les vraies données : utilisez "
               "OneHotEncoder(handle_unknown='ignore')."), _model_unknown_category),
        Mistake("unscaled_neighbours", Text(
            en="Your model is not accurate enough on the held-out penguins. Check two things. Does "
               "it use the measurements? They carry most of the signal. Does it measure distances "
               "(nearest neighbours) on raw numbers? Then body mass (thousands of grams) swamps the "
               "bill measurements (tens of millimetres) in every distance: add a StandardScaler "
               "before it.",
            fr="Votre modèle n'est pas assez exact sur les manchots mis de côté. Vérifiez deux "
               "choses. Utilise-t-il les mesures ? Elles portent l'essentiel du signal. Mesure-t-il "
               "des distances (plus proches voisins) sur les nombres bruts ? La masse (des "
               "milliers de grammes) écrase alors les mesures du bec (des dizaines de millimètres) "
               "dans chaque distance : placez un StandardScaler devant le modèle."), _model_unscaled_neighbours),
    ),
    hints=(
        Text(en="`make_column_transformer((numeric_steps, number_columns), (text_steps, text_columns))` "
                "gives each kind of column its own preparation.",
             fr="`make_column_transformer((étapes_nombres, colonnes_nombres), (étapes_texte, "
                "colonnes_texte))` donne à chaque type de colonne sa propre préparation."),
        Text(en="Numbers: SimpleImputer(strategy='median') then StandardScaler(). Text: "
                "SimpleImputer(strategy='most_frequent') then OneHotEncoder(handle_unknown='ignore').",
             fr="Nombres : SimpleImputer(strategy='median') puis StandardScaler(). Texte : "
                "SimpleImputer(strategy='most_frequent') puis OneHotEncoder(handle_unknown='ignore')."),
        Text(en="Finish with `make_pipeline(preparation, LogisticRegression(max_iter=1000))`, and "
                "return it without calling `fit`.",
             fr="Terminez par `make_pipeline(preparation, LogisticRegression(max_iter=1000))`, et "
                "renvoyez-le sans appeler `fit`."),
    ),
)


# ========================================================================= baseline

_BASELINE_TEST_SIZE = 0.25
_CARDIOLOGY_COLUMNS = ("age", "male", "asymptomatic_chest_pain", "resting_bp", "cholesterol",
                       "fasting_glucose_high", "max_heart_rate", "exercise_angina", "st_depression")


@lru_cache(maxsize=32)
def _cohort(seed: int, n_patients: int) -> tuple[np.ndarray, np.ndarray]:
    """A generated cardiology cohort as (X, y): numeric columns of `_CARDIOLOGY_COLUMNS`, disease 0/1."""
    from caire_exercises.data.generators import cardiology

    table = cardiology(np.random.default_rng(seed), n=n_patients)
    X = np.column_stack([
        table["age"], table["sex"] == "M", table["chest_pain"] == "asymptomatic", table["resting_bp"],
        table["cholesterol"], table["fasting_glucose_high"], table["max_heart_rate"],
        table["exercise_angina"], table["st_depression"],
    ]).astype(float)
    return X, table["disease"].to_numpy().astype(np.int64)


def baseline_gap(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return float(model.score(X_test, y_test) - baseline.score(X_test, y_test))


def _baseline_on_training_rows(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return float(model.score(X_train, y_train) - baseline.score(X_train, y_train))


def _baseline_not_stratified(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return float(model.score(X_test, y_test) - baseline.score(X_test, y_test))


def _baseline_scaled_before_split(X, y, seed):
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    scaled = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(
        scaled, y, test_size=0.25, stratify=y, random_state=seed)
    model = LogisticRegression().fit(X_train, y_train)
    baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
    return float(model.score(X_test, y_test) - baseline.score(X_test, y_test))


def _baseline_coin_flip(X, y, seed):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    return float(model.score(X_test, y_test) - 0.5)


def _baseline_no_baseline(X, y, seed):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    return float(model.score(X_test, y_test))


def _baseline_variant(rng: np.random.Generator) -> dict[str, Any]:
    return {"cohort_seed": int(rng.integers(0, 2**31)), "n_patients": int(rng.integers(26, 41)) * 10,
            "seed": int(rng.integers(1, 10_000))}


def _rare_disease(X: np.ndarray, y: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep every healthy patient and only enough sick ones for `share` of the cohort."""
    pick = np.random.default_rng(seed)
    sick, healthy = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    n_sick = max(8, round(share / (1 - share) * len(healthy)))
    rows = np.sort(np.concatenate([healthy, pick.choice(sick, size=min(n_sick, len(sick)), replace=False)]))
    return X[rows], y[rows]


def _entry_errors(X: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """`X` with typing errors in six of the rows the statement's split sends to the test side.

    Three maximum heart rates gain two zeros and three ST depressions three: a scaler fitted
    on every row (before the split) sees them and rescales the training rows, one fitted on
    the training rows only does not, so the two give different models.
    """
    from sklearn.model_selection import train_test_split

    _, test = train_test_split(np.arange(len(y)), test_size=_BASELINE_TEST_SIZE, stratify=y,
                               random_state=seed)
    test = np.sort(test)
    typed = X.copy()
    typed[test[:3], _CARDIOLOGY_COLUMNS.index("max_heart_rate")] *= 100
    typed[test[3:6], _CARDIOLOGY_COLUMNS.index("st_depression")] *= 1000
    return typed


def _other_units(X: np.ndarray) -> np.ndarray:
    """`X` with age in centuries, heart rate in beats per millisecond, ST depression in metres."""
    converted = X.copy()
    for column, factor in (("age", 1e-2), ("max_heart_rate", 1e-3), ("st_depression", 1e-3)):
        converted[:, _CARDIOLOGY_COLUMNS.index(column)] *= factor
    return converted


def _baseline_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = _cohort(params["cohort_seed"], params["n_patients"])
    seed = params["seed"]
    rare_X, rare_y = _rare_disease(X, y, 0.12, params["cohort_seed"])
    hidden_X, hidden_y = _cohort(int(rng.integers(0, 2**31)), int(rng.integers(20, 41)) * 10)
    return [
        Case("your cohort", (X.copy(), y.copy(), seed),
             label=Text(en=f"{len(y)} patients, seed {seed}", fr=f"{len(y)} patients, graine {seed}")),
        Case("another seed", (X.copy(), y.copy(), seed + 1),
             label=Text(en=f"the same patients, seed {seed + 1}",
                        fr=f"les mêmes patients, graine {seed + 1}")),
        Case("rare disease", (rare_X, rare_y, seed),
             label=Text(en=f"only {rare_y.mean():.0%} of the patients are sick: the baseline is hard to beat",
                        fr=f"seuls {100 * rare_y.mean():.0f} % des patients sont malades : la "
                           f"référence naïve est difficile à battre")),
        Case("small cohort", (X[:80].copy(), y[:80].copy(), seed),
             label=Text(en="the first 80 patients only", fr="les 80 premiers patients seulement")),
        *(Case(name, (_entry_errors(X, y, case_seed), y.copy(), case_seed),
               label=Text(en=f"seed {case_seed}, a few typing errors (values 100 or 1,000 times too "
                             f"large) among the test rows: only the training rows may decide how "
                             f"to scale",
                          fr=f"graine {case_seed}, quelques erreurs de saisie (des valeurs 100 ou "
                             f"1 000 fois trop grandes) parmi les lignes de test : seules les lignes "
                             f"d'entraînement décident de la mise à l'échelle"))
          for name, case_seed in (("entry errors", seed), ("entry errors, another seed", seed + 1))),
        Case("other units", (_other_units(X), y.copy(), seed),
             label=Text(en="the same patients in other units (age in centuries, heart rate per "
                           "millisecond, ST depression in metres): a scaled model does not notice",
                        fr="les mêmes patients dans d'autres unités (l'âge en siècles, la fréquence "
                           "cardiaque par milliseconde, le sous-décalage ST en mètres) : un modèle "
                           "mis à l'échelle ne voit pas la différence")),
        Case("hidden", (hidden_X, hidden_y, int(rng.integers(1, 10_000))), hidden=True),
    ]


@_remembered
@single_threaded
def _baseline_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    value, changed = call_on_copies(answers["baseline_gap"], case.args)
    return {"value": value, "mutated": changed}


BASELINE = Exercise(
    id="supervised.baseline",
    module=MODULE,
    title=Text(en="Beat the baseline", fr="Battre la référence naïve"),
    statement=Text(
        en="""A model is only useful if it does better than a rule that ignores the patient. Write
`baseline_gap(X, y, seed)` which returns **the test accuracy of a logistic regression minus
the test accuracy of the most-frequent-class baseline**, as a float.

* `X`: a float array, one row per patient of a generated cardiology cohort (columns: age,
  male, asymptomatic chest pain, resting blood pressure, cholesterol, fasting glucose above
  120 mg/dl, maximum heart rate, exercise angina, ST depression); `y`: 1 if the patient has
  coronary disease, else 0.
* Split once with `train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)`.
* Model: `make_pipeline(StandardScaler(), LogisticRegression())`; baseline:
  `DummyClassifier(strategy="most_frequent")`. Fit both on the training rows only; score both
  on the test rows.

Your variant: a cohort of {n_patients} patients; try it with `seed={seed}`.""",
        fr="""Un modèle n'est utile que s'il fait mieux qu'une règle qui ignore le patient. Écrivez
`baseline_gap(X, y, seed)` qui renvoie **l'exactitude sur le test d'une régression logistique
moins l'exactitude sur le test de la référence naïve qui prédit la classe la plus fréquente**,
sous forme de flottant.

* `X` : un tableau de flottants, une ligne par patient d'une cohorte de cardiologie générée
  (colonnes : âge, homme, douleur thoracique asymptomatique, pression artérielle au repos,
  cholestérol, glycémie à jeun supérieure à 120 mg/dl, fréquence cardiaque maximale, angor
  d'effort, sous-décalage du segment ST) ; `y` : 1 si le patient a une maladie coronarienne,
  sinon 0.
* Partagez une fois avec `train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)`.
* Modèle : `make_pipeline(StandardScaler(), LogisticRegression())` ; référence :
  `DummyClassifier(strategy="most_frequent")`. Ajustez les deux sur les seules lignes
  d'entraînement ; évaluez les deux sur les lignes de test.

Votre variante : une cohorte de {n_patients} patients ; essayez avec `seed={seed}`.""",
    ),
    answer_name="baseline_gap",
    kind="function",
    reference=baseline_gap,
    cases=_baseline_cases,
    variant=_baseline_variant,
    probe=_baseline_probe,
    difficulty=1,
    minutes=10,
    tags=("scikit-learn", "baseline", "train-test split", "accuracy"),
    dataset="cardiology",
    timeout=10.0,
    mistakes=(
        Mistake("training_rows", Text(
            en="You scored on the rows the model was fitted on. A model always looks good on the "
               "rows it has seen; score both the model and the baseline on the test rows.",
            fr="Vous avez évalué sur les lignes qui ont servi à ajuster le modèle. Un modèle paraît "
               "toujours bon sur les lignes qu'il a vues ; évaluez le modèle et la référence sur "
               "les lignes de test."), _baseline_on_training_rows),
        Mistake("not_stratified", Text(
            en="Your split is not stratified: pass stratify=y to train_test_split, so that the "
               "training and test rows keep the same share of sick patients.",
            fr="Votre partition n'est pas stratifiée : passez stratify=y à train_test_split, pour "
               "que les lignes d'entraînement et de test gardent la même part de malades."),
               _baseline_not_stratified),
        Mistake("scaled_before_split", Text(
            en="You scaled X before splitting it, so the scaler's means and standard deviations "
               "come partly from the test rows: the test rows leak into the model. Split first, "
               "then let make_pipeline(StandardScaler(), LogisticRegression()) fit the scaler on "
               "the training rows only.",
            fr="Vous avez mis X à l'échelle avant de le partager : les moyennes et les écarts types "
               "du StandardScaler viennent en partie des lignes de test, qui fuient ainsi dans le "
               "modèle. Partagez d'abord, puis laissez make_pipeline(StandardScaler(), "
               "LogisticRegression()) ajuster la mise à l'échelle sur les seules lignes "
               "d'entraînement."), _baseline_scaled_before_split),
        Mistake("coin_flip", Text(
            en="You compared with 0.5, a coin flip. The baseline to beat is always predicting the "
               "most frequent class, whose accuracy is that class's share: far above 0.5 when one "
               "class dominates. Fit a DummyClassifier(strategy='most_frequent').",
            fr="Vous avez comparé à 0,5, un tirage à pile ou face. La référence à battre prédit "
               "toujours la classe la plus fréquente, et son exactitude est la part de cette "
               "classe : bien plus que 0,5 quand une classe domine. Ajustez un "
               "DummyClassifier(strategy='most_frequent')."), _baseline_coin_flip),
        Mistake("no_baseline", Text(
            en="You returned the model's accuracy alone. Subtract the accuracy of the "
               "most-frequent-class baseline: the gap says what the model adds.",
            fr="Vous avez renvoyé l'exactitude du modèle seule. Soustrayez celle de la référence "
               "qui prédit la classe la plus fréquente : l'écart dit ce que le modèle apporte."),
               _baseline_no_baseline),
    ),
    hints=(
        Text(en="Split once, first: `X_train, X_test, y_train, y_test = train_test_split(X, y, "
                "test_size=0.25, stratify=y, random_state=seed)`.",
             fr="Commencez par partager, une seule fois : `X_train, X_test, y_train, y_test = "
                "train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)`."),
        Text(en="`DummyClassifier(strategy='most_frequent')` is fitted like any model; its `score` "
                "is the share of the test rows in the training rows' most frequent class.",
             fr="`DummyClassifier(strategy='most_frequent')` s'ajuste comme n'importe quel modèle ; "
                "son `score` est la part des lignes de test dans la classe la plus fréquente des "
                "lignes d'entraînement."),
        Text(en="`model.score(X_test, y_test) - baseline.score(X_test, y_test)`: both on the test rows.",
             fr="`model.score(X_test, y_test) - baseline.score(X_test, y_test)` : les deux sur les "
                "lignes de test."),
    ),
)


# ================================================================= cross_validation


def _cv_model(spec: str) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    if spec == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    if spec == "tree":
        return DecisionTreeClassifier(max_depth=3, random_state=0)
    return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))


def cv_scores(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = cross_val_score(model, X, y, cv=folds, scoring="accuracy")
    return float(np.mean(scores)), float(np.std(scores))


def _cv_no_shuffle(model, X, y, seed):
    from sklearn.model_selection import cross_val_score

    scores = cross_val_score(model, X, y, cv=5)
    return float(np.mean(scores)), float(np.std(scores))


def _cv_not_stratified(model, X, y, seed):
    from sklearn.model_selection import KFold, cross_val_score

    scores = cross_val_score(model, X, y, cv=KFold(n_splits=5, shuffle=True, random_state=seed))
    return float(np.mean(scores)), float(np.std(scores))


def _cv_sample_std(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = cross_val_score(model, X, y, cv=folds)
    return float(np.mean(scores)), float(np.std(scores, ddof=1))


def _cv_fixed_seed(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    scores = cross_val_score(model, X, y, cv=folds)
    return float(np.mean(scores)), float(np.std(scores))


def _cv_training_scores(model, X, y, seed):
    from sklearn.model_selection import StratifiedKFold, cross_validate

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    scores = cross_validate(model, X, y, cv=folds, return_train_score=True)["train_score"]
    return float(np.mean(scores)), float(np.std(scores))


def _cv_variant(rng: np.random.Generator) -> dict[str, Any]:
    seed = int(rng.integers(100, 100_000))
    return {"seed": seed, "columns": sorted(int(c) for c in rng.choice(30, size=10, replace=False)),
            "rows_seed": int(rng.integers(0, 2**31))}


def _balanced_rows(y: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    pick = np.random.default_rng(seed)
    return np.sort(np.concatenate([pick.choice(np.flatnonzero(y == label), size=per_class, replace=False)
                                   for label in np.unique(y)]))


def _cv_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    _, y = _arrays("breast_cancer")
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


@_remembered
@single_threaded
def _cv_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    X, y = _arrays("breast_cancer")
    rows, columns = case.kwargs["rows"], case.kwargs["columns"]
    inputs = (_cv_model(case.kwargs["model"]), X[np.ix_(rows, columns)], y[rows], case.kwargs["seed"])
    value, changed = call_on_copies(answers["cv_scores"], inputs)
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = (float(value[0]), float(value[1]))
    return {"value": value, "mutated": changed}


CROSS_VALIDATION = Exercise(
    id="supervised.cross_validation",
    module=MODULE,
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
* L'écart type est celui de la population : `np.std(scores)`, avec le `ddof=0` par défaut
  de numpy (et non l'écart type corrigé, `ddof=1`, que pandas utilise).
* Ne modifiez ni `X` ni `y`.

Votre variante : essayez avec `seed={seed}`.""",
    ),
    answer_name="cv_scores",
    kind="function",
    reference=cv_scores,
    cases=_cv_cases,
    variant=_cv_variant,
    probe=_cv_probe,
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
            fr="KFold ne garde pas la part de chaque classe dans chaque pli ; StratifiedKFold, si. "
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
            fr="Vos plis ne dépendent pas de `seed` : vous avez écrit un random_state fixe. Passez "
               "random_state=seed, pour que l'appelant choisisse les plis."), _cv_fixed_seed),
        Mistake("training_scores", Text(
            en="You averaged the scores on the training folds, where the model has seen every row. "
               "Cross-validation scores each fold with a model fitted on the four others: use "
               "cross_val_score, or the 'test_score' of cross_validate.",
            fr="Vous avez moyenné les scores sur les plis d'entraînement, dont le modèle a vu "
               "chaque ligne. La validation croisée évalue chaque pli avec un modèle ajusté sur "
               "les quatre autres : utilisez cross_val_score, ou le 'test_score' de "
               "cross_validate."), _cv_training_scores),
    ),
    hints=(
        Text(en="Build the folds first: `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`.",
             fr="Construisez d'abord les plis : `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`."),
        Text(en="`cross_val_score(model, X, y, cv=folds, scoring='accuracy')` returns the five "
                "accuracies; it clones the model for each fold.",
             fr="`cross_val_score(model, X, y, cv=folds, scoring='accuracy')` renvoie les cinq "
                "exactitudes ; il clone le modèle pour chaque pli."),
        Text(en="Return plain floats: `return float(np.mean(scores)), float(np.std(scores))`.",
             fr="Renvoyez des flottants simples : `return float(np.mean(scores)), "
                "float(np.std(scores))`."),
    ),
)


# ========================================================================== metrics


def precision_recall_f1(y_true, y_pred):
    true_positives = int(np.sum((y_true == 1) & (y_pred == 1)))
    predicted_positives = int(np.sum(y_pred == 1))
    actual_positives = int(np.sum(y_true == 1))
    precision = true_positives / predicted_positives if predicted_positives else 0.0
    recall = true_positives / actual_positives if actual_positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def _metrics_swapped(y_true, y_pred):
    true_positives = int(np.sum((y_true == 1) & (y_pred == 1)))
    predicted_positives = int(np.sum(y_pred == 1))
    actual_positives = int(np.sum(y_true == 1))
    precision = true_positives / actual_positives if actual_positives else 0.0
    recall = true_positives / predicted_positives if predicted_positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def _metrics_zero_division(y_true, y_pred):
    true_positives = int(np.sum((y_true == 1) & (y_pred == 1)))
    precision = true_positives / int(np.sum(y_pred == 1))
    recall = true_positives / int(np.sum(y_true == 1))
    return precision, recall, 2 * precision * recall / (precision + recall)


def _metrics_nan(y_true, y_pred):
    true_positives = np.sum((y_true == 1) & (y_pred == 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = true_positives / np.sum(y_pred == 1)
        recall = true_positives / np.sum(y_true == 1)
        f1 = 2 * precision * recall / (precision + recall)
    return float(precision), float(recall), float(f1)


def _metrics_accuracy(y_true, y_pred):
    precision, recall, _ = precision_recall_f1(y_true, y_pred)
    return precision, recall, float(np.mean(y_true == y_pred))


def _metrics_arithmetic_mean(y_true, y_pred):
    precision, recall, _ = precision_recall_f1(y_true, y_pred)
    return precision, recall, (precision + recall) / 2


def _metrics_variant(rng: np.random.Generator) -> dict[str, Any]:
    prevalence = round(float(rng.uniform(0.2, 0.45)), 2)
    return {"n": int(rng.integers(30, 61)), "prevalence": prevalence,
            "percent": round(100 * prevalence), "data_seed": int(rng.integers(0, 2**31))}


def _screening(pick: np.random.Generator, n: int, prevalence: float, *,
               equal_errors: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a screening test: some positives, a test that misses some and raises false alarms.

    Without `equal_errors`, false alarms and misses differ in number, so precision and recall
    differ; with it, they are equal, and so are precision and recall.
    """
    n_pos = max(4, round(prevalence * n))
    y_true = np.zeros(n, dtype=np.int64)
    y_true[pick.choice(n, size=n_pos, replace=False)] = 1
    positives, negatives = np.flatnonzero(y_true == 1), np.flatnonzero(y_true == 0)
    misses = int(pick.integers(1, max(2, n_pos // 2)))
    alarms = misses if equal_errors else misses + int(pick.integers(1, 4))
    y_pred = y_true.copy()
    y_pred[pick.choice(positives, size=misses, replace=False)] = 0
    y_pred[pick.choice(negatives, size=min(alarms, len(negatives)), replace=False)] = 1
    return y_true, y_pred


def _metrics_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pick = np.random.default_rng(params["data_seed"])
    n, prevalence = params["n"], params["prevalence"]
    y_true, y_pred = _screening(pick, n, prevalence)
    sick = y_true.copy()
    tie_true, tie_pred = _screening(pick, n, prevalence, equal_errors=True)
    alarms = np.zeros(n, dtype=np.int64)
    alarms[pick.choice(n, size=3, replace=False)] = 1
    hidden_true, hidden_pred = _screening(rng, int(rng.integers(20, 200)), float(rng.uniform(0.05, 0.6)))
    return [
        Case("screening", (y_true, y_pred),
             label=Text(en=f"{n} patients, a test with misses and false alarms",
                        fr=f"{n} patients, un test avec des oublis et des fausses alertes")),
        Case("no predicted positives", (sick, np.zeros(n, dtype=np.int64)),
             label=Text(en="the test never says 1: precision has a zero denominator",
                        fr="le test ne dit jamais 1 : le dénominateur de la précision est nul")),
        Case("no actual positives", (np.zeros(n, dtype=np.int64), alarms),
             label=Text(en="nobody is sick: recall has a zero denominator",
                        fr="personne n'est malade : le dénominateur du rappel est nul")),
        Case("all wrong", (sick, 1 - sick),
             label=Text(en="every answer is wrong: precision and recall are both 0",
                        fr="chaque réponse est fausse : précision et rappel valent 0")),
        Case("all correct", (sick, sick.copy()),
             label=Text(en="every answer is right", fr="chaque réponse est juste")),
        Case("precision equals recall", (tie_true, tie_pred),
             label=Text(en="as many false alarms as misses",
                        fr="autant de fausses alertes que d'oublis")),
        Case("hidden", (hidden_true, hidden_pred), hidden=True),
    ]


def _uses_sklearn_metrics(function: Any) -> bool:
    """Whether `function` (or a function defined inside it) reaches for sklearn.metrics.

    Read from its compiled code: an import inside the body (``from sklearn.metrics import
    ...``, ``import sklearn.metrics``), ``sklearn.metrics.f1_score`` spelt out, or a global name
    bound to something that lives in sklearn.metrics (imported at the top of the notebook).
    """
    import types

    from caire_exercises.authoring.probes import own_code

    names = {name for code in own_code(function) for name in code.co_names}
    if any(name.startswith("sklearn.metrics") for name in names):
        return True
    if {"sklearn", "metrics"} <= names:
        return True
    scope = getattr(function, "__globals__", {}) or {}
    for name in names:
        if name not in scope:
            continue
        found = scope[name]
        where = getattr(found, "__name__", "") if isinstance(found, types.ModuleType) else \
            getattr(found, "__module__", "") or ""
        if isinstance(where, str) and where.startswith("sklearn.metrics"):
            return True
    return False


def _metrics_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    answer = answers["precision_recall_f1"]
    value, changed = call_on_copies(answer, case.args)
    if isinstance(value, np.ndarray) and value.shape == (3,) and value.dtype.kind in "iuf":
        value = tuple(float(item) for item in value)
    return {"value": value, "mutated": changed, "sklearn_metrics": _uses_sklearn_metrics(answer)}


def _metrics_by_hand(obtained: Any, expected: Any, case: Case) -> Text | None:
    if isinstance(obtained, dict) and obtained.get("sklearn_metrics"):
        return Text(
            en="Your function calls sklearn.metrics (precision_score, recall_score, f1_score...). "
               "This exercise asks you to compute the three values by hand: count TP, FP and FN "
               "with numpy, then divide.",
            fr="Votre fonction appelle sklearn.metrics (precision_score, recall_score, "
               "f1_score...). L'exercice demande de calculer les trois valeurs à la main : "
               "comptez VP, FP et FN avec numpy, puis divisez.")
    return None


def _metrics_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    y_true, y_pred = case.args
    return confusion_figure([(Text(en="this case's confusion matrix", fr="matrice de confusion du cas"),
                              count_matrix(list(y_true), list(y_pred), [0, 1]))], [0, 1])


METRICS = Exercise(
    id="supervised.metrics",
    module=MODULE,
    title=Text(en="Precision, recall and F1 by hand", fr="Précision, rappel et F1 à la main"),
    statement=Text(
        en=r"""Write `precision_recall_f1(y_true, y_pred)` for a binary screening test: `y_true`
and `y_pred` are 1-D integer arrays of 0 and 1, and the positive class is 1. Return the tuple
`(precision, recall, f1)` of floats, where, with TP, FP and FN the true positives, false
positives and false negatives:

$$\text{precision} = \frac{TP}{TP + FP} \qquad \text{recall} = \frac{TP}{TP + FN} \qquad
F_1 = \frac{2\,\text{precision}\cdot\text{recall}}{\text{precision} + \text{recall}}$$

Where a denominator is zero (no predicted positive, no actual positive, or precision and
recall both 0), the value is `0.0`: never NaN, never an error. Do not use `sklearn.metrics`
for this one.

Your variant: the first case has {n} patients, about {percent} % of them sick.""",
        fr=r"""Écrivez `precision_recall_f1(y_true, y_pred)` pour un test de dépistage binaire :
`y_true` et `y_pred` sont des tableaux 1-D d'entiers 0 et 1, et la classe positive est 1.
Renvoyez le tuple `(precision, recall, f1)` de flottants où, avec VP, FP et FN les vrais
positifs, faux positifs et faux négatifs :

$$\text{précision} = \frac{VP}{VP + FP} \qquad \text{rappel} = \frac{VP}{VP + FN} \qquad
F_1 = \frac{2\,\text{précision}\cdot\text{rappel}}{\text{précision} + \text{rappel}}$$

Quand un dénominateur est nul (aucun positif prédit, aucun positif réel, ou précision et
rappel tous deux nuls), la valeur est `0.0` : jamais NaN, jamais d'erreur. N'utilisez pas
`sklearn.metrics` pour celui-ci.

Votre variante : le premier cas compte {n} patients, dont environ {percent} % de malades.""",
    ),
    answer_name="precision_recall_f1",
    kind="function",
    reference=precision_recall_f1,
    cases=_metrics_cases,
    variant=_metrics_variant,
    probe=_metrics_probe,
    checks=(_metrics_by_hand,),
    figure=_metrics_figure,
    difficulty=2,
    minutes=20,
    tags=("metrics", "precision", "recall", "F1", "zero division"),
    mistakes=(
        Mistake("swapped", Text(
            en="Precision and recall are swapped. Precision divides by what the test called "
               "positive (TP + FP); recall divides by what is really positive (TP + FN).",
            fr="Précision et rappel sont inversés. La précision divise par ce que le test a déclaré "
               "positif (VP + FP) ; le rappel divise par ce qui est vraiment positif (VP + FN)."),
               _metrics_swapped),
        Mistake("zero_division_error", Text(
            en="Your function raises ZeroDivisionError when nothing is predicted positive (or "
               "nothing is positive). Test the denominator first and return 0.0 when it is zero.",
            fr="Votre fonction lève ZeroDivisionError quand rien n'est prédit positif (ou que rien "
               "n'est positif). Testez d'abord le dénominateur et renvoyez 0.0 quand il est nul."),
               _metrics_zero_division),
        Mistake("nan", Text(
            en="Your function returns NaN where a denominator is zero (numpy divides 0 by 0 "
               "without raising). The convention here is 0.0: test the denominator first.",
            fr="Votre fonction renvoie NaN quand un dénominateur est nul (numpy divise 0 par 0 "
               "sans erreur). La convention ici est 0.0 : testez d'abord le dénominateur."),
               _metrics_nan),
        Mistake("accuracy", Text(
            en="Your third value is the accuracy, not F1. F1 is the harmonic mean of precision "
               "and recall, 2·p·r / (p + r); it ignores the true negatives.",
            fr="Votre troisième valeur est l'exactitude, pas F1. F1 est la moyenne harmonique de la "
               "précision et du rappel, 2·p·r / (p + r) ; elle ignore les vrais négatifs."),
               _metrics_accuracy),
        Mistake("arithmetic_mean", Text(
            en="Your F1 is the plain average (p + r) / 2. F1 is the harmonic mean, 2·p·r / (p + r), "
               "which stays low when either value is low.",
            fr="Votre F1 est la moyenne simple (p + r) / 2. F1 est la moyenne harmonique, "
               "2·p·r / (p + r), qui reste basse dès que l'une des deux l'est."),
               _metrics_arithmetic_mean),
    ),
    hints=(
        Text(en="`tp = int(np.sum((y_true == 1) & (y_pred == 1)))`; the predicted positives are "
                "`np.sum(y_pred == 1)`, the actual positives `np.sum(y_true == 1)`.",
             fr="`tp = int(np.sum((y_true == 1) & (y_pred == 1)))` ; les positifs prédits sont "
                "`np.sum(y_pred == 1)`, les positifs réels `np.sum(y_true == 1)`."),
        Text(en="Guard each division: `precision = tp / predicted if predicted else 0.0`.",
             fr="Protégez chaque division : `precision = tp / predits if predits else 0.0`."),
        Text(en="F1 needs the same guard: when precision + recall is 0, F1 is 0.0.",
             fr="F1 demande la même précaution : quand précision + rappel vaut 0, F1 vaut 0.0."),
    ),
)


# ======================================================================== confusion


def confusion(y_true, y_pred, labels):
    position = {label: index for index, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(y_true, y_pred):
        counts[position[truth], position[guess]] += 1
    return counts


def _confusion_transposed(y_true, y_pred, labels):
    return confusion(y_true, y_pred, labels).T


def _confusion_sorted_labels(y_true, y_pred, labels):
    return confusion(y_true, y_pred, sorted(labels))


def _confusion_labels_from_data(y_true, y_pred, labels):
    return confusion(y_true, y_pred, list(np.unique(np.concatenate([y_true, y_pred]))))


def _confusion_normalised(y_true, y_pred, labels):
    counts = confusion(y_true, y_pred, labels).astype(float)
    totals = counts.sum(axis=1, keepdims=True)
    return counts / np.where(totals == 0, 1.0, totals)


_DIAGNOSES = ("angina", "arrhythmia", "heart failure", "infarction", "pericarditis", "valve disease")


def _confusion_variant(rng: np.random.Generator) -> dict[str, Any]:
    k = int(rng.integers(3, 6))
    order = [int(i) for i in rng.permutation(k)]
    while order == sorted(order):
        order = [int(i) for i in rng.permutation(k)]
    return {"k": k, "n": int(rng.integers(25, 51)), "order": order, "order_text": str(order),
            "names": [str(name) for name in rng.choice(_DIAGNOSES, size=k, replace=False)],
            "data_seed": int(rng.integers(0, 2**31))}


def _noisy_labels(pick: np.random.Generator, n: int, k: int, error: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    y_true = pick.integers(0, k, size=n)
    wrong = pick.random(n) < error
    y_pred = np.where(wrong, pick.integers(0, k, size=n), y_true)
    return y_true.astype(np.int64), y_pred.astype(np.int64)


def _confusion_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    pick = np.random.default_rng(params["data_seed"])
    k, n, order = params["k"], params["n"], list(params["order"])
    y_true, y_pred = _noisy_labels(pick, n, k)
    # A label the classifier never predicts: its column is all zeros.
    never_true, never_pred = _noisy_labels(pick, n, k)
    never_pred = np.where(never_pred == k - 1, 0, never_pred)
    absent_true, absent_pred = _noisy_labels(pick, n, k)
    names = np.asarray(params["names"])
    text_true, text_pred = _noisy_labels(pick, n, k)
    hidden_k = int(rng.integers(2, 7))
    hidden_true, hidden_pred = _noisy_labels(rng, int(rng.integers(10, 80)), hidden_k)
    return [
        Case("labels in a given order", (y_true, y_pred, order),
             label=Text(en=f"labels={order}: rows and columns in that order",
                        fr=f"labels={order} : lignes et colonnes dans cet ordre")),
        Case("a label never predicted", (never_true, never_pred, list(range(k))),
             label=Text(en=f"the classifier never predicts {k - 1}",
                        fr=f"le classifieur ne prédit jamais {k - 1}")),
        Case("a label seen nowhere", (absent_true, absent_pred, list(range(k + 1))),
             label=Text(en=f"label {k} appears in neither array", fr=f"l'étiquette {k} n'apparaît "
                                                                   f"dans aucun des deux tableaux")),
        Case("labels as text", (names[text_true], names[text_pred], [str(names[i]) for i in order]),
             label=Text(en="diagnoses as strings, in a given order",
                        fr="des diagnostics en toutes lettres, dans un ordre donné")),
        Case("one patient", (y_true[:1].copy(), y_pred[:1].copy(), order),
             label=Text(en="a single patient", fr="un seul patient")),
        Case("hidden", (hidden_true, hidden_pred, [int(i) for i in rng.permutation(hidden_k)]),
             hidden=True),
    ]


def _confusion_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    return confusion_figure([(Text(en="your matrix", fr="votre matrice"), obtained.get("value")),
                             (Text(en="expected", fr="attendue"), expected["value"])], case.args[2])


CONFUSION = Exercise(
    id="supervised.confusion",
    module=MODULE,
    title=Text(en="A confusion matrix", fr="Une matrice de confusion"),
    statement=Text(
        en="""Write `confusion(y_true, y_pred, labels)` which returns the confusion matrix as an
integer array of shape `(len(labels), len(labels))`: entry `[i, j]` counts the samples whose
**true** label is `labels[i]` and whose **predicted** label is `labels[j]`.

* Rows are true labels, columns predicted labels, both **in the order of `labels`** (not
  sorted).
* Every value of `y_true` and `y_pred` is in `labels`, but a label may never occur: its row
  or column is then zeros.
* Labels may be integers or strings.

Your variant: {k} classes, rows and columns in the order {order_text}.""",
        fr="""Écrivez `confusion(y_true, y_pred, labels)` qui renvoie la matrice de confusion sous
forme d'un tableau d'entiers de forme `(len(labels), len(labels))` : la case `[i, j]` compte
les exemples dont l'étiquette **réelle** est `labels[i]` et l'étiquette **prédite**
`labels[j]`.

* Les lignes sont les étiquettes réelles, les colonnes les étiquettes prédites, les deux
  **dans l'ordre de `labels`** (pas triées).
* Chaque valeur de `y_true` et `y_pred` figure dans `labels`, mais une étiquette peut
  n'apparaître nulle part : sa ligne ou sa colonne est alors nulle.
* Les étiquettes peuvent être des entiers ou des chaînes.

Votre variante : {k} classes, lignes et colonnes dans l'ordre {order_text}.""",
    ),
    answer_name="confusion",
    kind="function",
    reference=confusion,
    cases=_confusion_cases,
    variant=_confusion_variant,
    figure=_confusion_figure,
    difficulty=1,
    minutes=10,
    tags=("metrics", "confusion matrix", "numpy"),
    mistakes=(
        Mistake("transposed", Text(
            en="Your matrix is transposed: rows must be the true labels and columns the predicted "
               "ones, as in sklearn.metrics.confusion_matrix. Count into [true, predicted].",
            fr="Votre matrice est transposée : les lignes doivent être les étiquettes réelles et les "
               "colonnes les prédites, comme dans sklearn.metrics.confusion_matrix. Comptez dans "
               "[réelle, prédite]."), _confusion_transposed),
        Mistake("sorted_labels", Text(
            en="Your rows and columns follow the sorted labels (sorted(labels), or the label values "
               "used directly as row and column numbers). Keep the order the caller gave in "
               "`labels`: the position of a label in that list decides its row and its column.",
            fr="Vos lignes et vos colonnes suivent les étiquettes triées (sorted(labels), ou les "
               "valeurs des étiquettes prises directement comme numéros de ligne et de colonne). "
               "Gardez l'ordre donné par l'appelant dans `labels` : la position d'une étiquette "
               "dans cette liste décide de sa ligne et de sa colonne."), _confusion_sorted_labels),
        Mistake("labels_from_data", Text(
            en="You took the labels from the data (np.unique) instead of the `labels` argument. A "
               "label may occur nowhere and still needs its row and column; and the order is "
               "that of `labels`.",
            fr="Vous avez pris les étiquettes dans les données (np.unique) au lieu de l'argument "
               "`labels`. Une étiquette peut n'apparaître nulle part et garder sa ligne et sa "
               "colonne ; et l'ordre est celui de `labels`."), _confusion_labels_from_data),
        Mistake("normalised", Text(
            en="You returned shares (each row divided by its total). The exercise asks for counts, "
               "an integer array.",
            fr="Vous avez renvoyé des proportions (chaque ligne divisée par son total). L'exercice "
               "demande des effectifs, un tableau d'entiers."), _confusion_normalised),
    ),
    hints=(
        Text(en="Map each label to its position first: `position = {label: i for i, label in "
                "enumerate(labels)}`.",
             fr="Associez d'abord chaque étiquette à sa position : `position = {label: i for i, "
                "label in enumerate(labels)}`."),
        Text(en="Start from `np.zeros((len(labels), len(labels)), dtype=int)` and add 1 at "
                "`[position[truth], position[guess]]` for each pair.",
             fr="Partez de `np.zeros((len(labels), len(labels)), dtype=int)` et ajoutez 1 en "
                "`[position[reel], position[predit]]` pour chaque paire."),
        Text(en="Check on a tiny example: `confusion([1], [0], [1, 0])` is `[[0, 1], [0, 0]]`.",
             fr="Vérifiez sur un petit exemple : `confusion([1], [0], [1, 0])` vaut "
                "`[[0, 1], [0, 0]]`."),
    ),
)


# ======================================================================= complexity

_DEPTHS = tuple(range(1, 9))


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


def _depth_scores_training(X, y, seed):
    from sklearn.tree import DecisionTreeClassifier

    return np.array([DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y).score(X, y)
                     for depth in range(1, 9)])


def _best_depth_training(X, y, seed):
    return int(np.argmax(_depth_scores_training(X, y, seed))) + 1


def _depth_scores_no_shuffle(X, y, seed):
    from sklearn.model_selection import cross_val_score
    from sklearn.tree import DecisionTreeClassifier

    return np.array([cross_val_score(DecisionTreeClassifier(max_depth=depth, random_state=0), X, y,
                                     cv=5).mean() for depth in range(1, 9)])


def _best_depth_no_shuffle(X, y, seed):
    return int(np.argmax(_depth_scores_no_shuffle(X, y, seed))) + 1


def _best_depth_index(X, y, seed):
    return int(np.argmax(depth_scores(X, y, seed)))


def _best_depth_last_tie(X, y, seed):
    scores = depth_scores(X, y, seed)
    best, best_score = 1, -1.0
    for depth, score in zip(range(1, 9), scores):
        if score >= best_score:
            best, best_score = depth, score
    return best


def _complexity_variant(rng: np.random.Generator) -> dict[str, Any]:
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


@cache
def _every_depth_ties() -> tuple[np.ndarray, np.ndarray, int]:
    """Twenty made-up rows that one split separates: every depth scores 1.0, the answer is 1."""
    x = np.arange(20, dtype=float).reshape(-1, 1)
    return x, (x[:, 0] >= 10).astype(int), 0


def _complexity_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = _arrays("wine")
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
                        fr="deux cépages qu'une seule coupure sépare : plusieurs profondeurs à égalité")),
        Case("near tie", (near_X, near_y, near_seed),
             label=Text(en=f"{len(near_y)} wines, {near_X.shape[1]} measurements, seed {near_seed}: "
                           f"the best depth wins by less than half a point",
                        fr=f"{len(near_y)} vins, {near_X.shape[1]} mesures, graine {near_seed} : la "
                           f"meilleure profondeur l'emporte de moins d'un demi-point")),
        Case("hidden", (X[np.ix_(hidden_rows, hidden_columns)], y[hidden_rows],
                        int(rng.integers(100, 100_000))), hidden=True),
    ]


@_remembered
@single_threaded
def _complexity_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    scores, changed = call_on_copies(answers["depth_scores"], case.args)
    depth, changed_too = call_on_copies(answers["best_depth"], case.args)
    if isinstance(scores, (list, tuple)):
        scores = np.asarray(scores, dtype=float)
    # Where every depth ties, a position (from 0) gives 0: this tells the index_not_depth mistake
    # from an answer that happens to give the same wrong depth here (a hard-coded one, say).
    try:
        on_a_tie, _ = call_on_copies(answers["best_depth"], _every_depth_ties())
        zero_on_a_tie = not isinstance(on_a_tie, bool) and bool(on_a_tie == 0)
    except Exception:  # noqa: BLE001 - the answer's own error shows on the case itself
        zero_on_a_tie = False
    return {"value": {"depth_scores": scores, "best_depth": depth},
            "zero_on_a_tie": zero_on_a_tie,
            "mutated": sorted(set(changed) | set(changed_too))}


def _position_not_depth(obtained: Any, expected: Any, case: Case) -> Text | None:
    if not isinstance(obtained, dict) or not isinstance(expected, dict):
        return None
    if bool(obtained.get("zero_on_a_tie")) == bool(expected.get("zero_on_a_tie")):
        return None
    return Text(en="Where every depth ties, your best_depth returns 0: that is a position in the "
                   "array (from 0), not a depth (from 1).",
                fr="Quand toutes les profondeurs sont à égalité, votre best_depth renvoie 0 : c'est "
                   "une position dans le tableau (à partir de 0), pas une profondeur (à partir de 1).")


def _complexity_figure(case: Case, obtained: Any, expected: Any) -> str | None:
    theirs = obtained.get("value", {}).get("depth_scores")
    if not isinstance(theirs, np.ndarray) or theirs.shape != (len(_DEPTHS),) or theirs.dtype.kind not in "iuf":
        return None
    series = {Text(en="your curve", fr="votre courbe").render(): [float(v) for v in theirs],
              Text(en="expected", fr="attendue").render(): [float(v) for v in expected["value"]["depth_scores"]]}
    return line_chart(series, x_values=list(_DEPTHS), x_label="max_depth",
                      y_label=Text(en="validation accuracy", fr="exactitude en validation").render(),
                      title=Text(en="validation curve", fr="courbe de validation").render())


COMPLEXITY = Exercise(
    id="supervised.complexity",
    module=MODULE,
    title=Text(en="How deep a tree? The validation curve", fr="Quelle profondeur d'arbre ? La courbe de validation"),
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
fonctions :

* `depth_scores(X, y, seed)` : un tableau de 8 flottants, l'exactitude moyenne en validation
  croisée de `DecisionTreeClassifier(max_depth=d, random_state=0)` pour `d = 1, 2, ..., 8`,
  sur `StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)` ;
* `best_depth(X, y, seed)` : la profondeur (un `int` de 1 à 8) dont l'exactitude moyenne en
  validation est la plus haute ; à égalité, la **plus petite** (le modèle le plus simple).

`X` contient des mesures de vins, `y` leur cépage (0, 1 ou 2). Le correcteur dessine votre
courbe à côté de celle attendue. Passez les deux fonctions par leur nom :
`ex.check(best_depth=best_depth, depth_scores=depth_scores)`.

Votre variante : essayez avec `seed={seed}`, sur les colonnes {columns_text} de la table des
vins (numérotées à partir de 0).""",
    ),
    answer_name=("best_depth", "depth_scores"),
    kind="function",
    reference={"best_depth": best_depth, "depth_scores": depth_scores},
    cases=_complexity_cases,
    variant=_complexity_variant,
    probe=_complexity_probe,
    checks=(_position_not_depth,),
    figure=_complexity_figure,
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
            fr="Votre courbe est l'exactitude sur les lignes d'entraînement : elle ne fait que "
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
               "(à partir de 1) : ajoutez 1 à np.argmax, ou indexez avec lui votre liste de "
               "profondeurs."), {"depth_scores": depth_scores, "best_depth": _best_depth_index}),
        Mistake("last_tie", Text(
            en="On a tie you keep the deepest tree (a >= comparison). Keep the smallest depth: "
               "with equal scores, the simpler model is the better bet. np.argmax returns the "
               "first maximum.",
            fr="À égalité, vous gardez l'arbre le plus profond (une comparaison >=). Gardez la plus "
               "petite profondeur : à score égal, le modèle le plus simple est le meilleur pari. "
               "np.argmax renvoie le premier maximum."),
                {"depth_scores": depth_scores, "best_depth": _best_depth_last_tie}),
    ),
    hints=(
        Text(en="Build the folds once: `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`, and pass `cv=folds` for every depth.",
             fr="Construisez les plis une fois : `folds = StratifiedKFold(n_splits=5, shuffle=True, "
                "random_state=seed)`, et passez `cv=folds` pour chaque profondeur."),
        Text(en="`cross_val_score(DecisionTreeClassifier(max_depth=d, random_state=0), X, y, "
                "cv=folds).mean()` is one point of the curve.",
             fr="`cross_val_score(DecisionTreeClassifier(max_depth=d, random_state=0), X, y, "
                "cv=folds).mean()` est un point de la courbe."),
        Text(en="`best_depth` can call `depth_scores`; `np.argmax` returns the first (smallest) "
                "position of the maximum; the depth is that position plus 1.",
             fr="`best_depth` peut appeler `depth_scores` ; `np.argmax` renvoie la première (la plus "
                "petite) position du maximum ; la profondeur est cette position plus 1."),
    ),
)


# =========================================================================== tuning

_TUNING_AUC = 0.97


def make_search():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    grid = {"logisticregression__C": [0.01, 0.1, 1.0, 10.0, 100.0]}
    return GridSearchCV(pipeline, grid, scoring="roc_auc", cv=5)


def _search_without_search():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _search_bare_estimator():
    from sklearn.model_selection import GridSearchCV
    from sklearn.svm import SVC

    return GridSearchCV(SVC(), {"C": [0.1, 1.0, 10.0]}, scoring="roc_auc", cv=5)


def _search_grid_names():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    return GridSearchCV(pipeline, {"C": [0.01, 0.1, 1.0, 10.0, 100.0]}, scoring="roc_auc", cv=5)


def _search_fitted_on_every_row():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from caire_exercises.data import load

    X, y = load("breast_cancer", as_="numpy")
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    search = GridSearchCV(pipeline, {"logisticregression__C": [0.01, 0.1, 1.0, 10.0, 100.0]},
                          scoring="roc_auc", cv=5)
    return search.fit(X, y)


def _search_unscaled_neighbours():
    from sklearn.model_selection import GridSearchCV
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline

    pipeline = Pipeline([("knn", KNeighborsClassifier())])
    return GridSearchCV(pipeline, {"knn__n_neighbors": [1, 3, 5]}, cv=5)


def _tuning_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    _, y = _arrays("breast_cancer")
    cases = []
    for name, seed in (("split 1", 0), ("split 2", 1), ("hidden", int(rng.integers(2, 1_000_000)))):
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(Case(name, kwargs={"train": train, "test": test}, hidden=name == "hidden",
                          label=Text(en=f"{len(train)} tumours to search on, {len(test)} held out",
                                     fr=f"{len(train)} tumeurs pour la recherche, {len(test)} mises "
                                        f"de côté")))
    return cases


def _candidates(search: Any) -> int:
    """How many settings the grid of `search` tries (0 when the grid cannot be read)."""
    from sklearn.model_selection import ParameterGrid

    try:
        return len(ParameterGrid(search.param_grid))
    except Exception:  # noqa: BLE001 - a malformed grid: the fit will say what is wrong with it
        return 0


@_remembered
@single_threaded
def _tuning_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    X, y = _arrays("breast_cancer")
    search, was_fitted, got = fresh_estimator(answers["make_search"])
    if search is None:
        return {"value": None, "got": got, "facts": {"estimator": False}}
    facts: dict[str, Any] = {
        "estimator": True,
        "search": isinstance(search, GridSearchCV),
        "pipeline": isinstance(getattr(search, "estimator", search), Pipeline),
        # The statement asks for preparation steps, then a classifier: a pipeline of one step
        # prepares nothing (its search would be the bare-model search under another name).
        "prepares": len(getattr(search, "estimator", search).steps) >= 2
        if isinstance(getattr(search, "estimator", search), Pipeline) else None,
        "unfitted": not was_fitted,
        "tunes": _candidates(search) >= 2 if isinstance(search, GridSearchCV) else None,
    }
    if not (facts["search"] and facts["pipeline"] and facts["prepares"] and facts["unfitted"]
            and facts["tunes"]):
        # The feedback will name the first of these facts that is wrong; fitting the search (up
        # to ten seconds for a bare, unscaled model) would add nothing to it.
        facts.update(stage=None, scores=None, auc_ok=None)
        return {"value": None, "got": got, "facts": facts}
    train, test = case.kwargs["train"], case.kwargs["test"]
    run = fit_and_predict(search, X[train], y[train], X[test], scores=True)
    facts["stage"] = run["stage"]
    if run["stage"] != "done":
        facts.update(scores=None, auc_ok=None)
        return {"value": {"error": run["error"]}, "error": run["error"], "got": got, "facts": facts}
    facts["scores"] = run["scores"] is not None
    if run["scores"] is None:
        facts["auc_ok"] = None
        return {"value": {"held_out_roc_auc": None}, "got": got, "regressor": _is_regressor(search),
                "facts": facts}
    auc = float(roc_auc_score(y[test], run["scores"]))
    facts["auc_ok"] = auc >= _TUNING_AUC
    return {"value": {"held_out_roc_auc": round(auc, 4)}, "auc": auc, "got": got, "facts": facts}


def _tuning_feedback() -> dict[str, Any]:
    def not_search(data: Mapping[str, Any]) -> Text:
        return Text(
            en=f"make_search returned a {data.get('got')}, not a GridSearchCV. Wrap your pipeline "
               f"in GridSearchCV(pipeline, param_grid, ...) so that the checker can run the search.",
            fr=f"make_search a renvoyé un {data.get('got')}, pas un GridSearchCV. Enveloppez votre "
               f"pipeline dans GridSearchCV(pipeline, param_grid, ...) pour que le correcteur puisse "
               f"lancer la recherche.")

    def not_pipeline(data: Mapping[str, Any]) -> Text:
        return Text(
            en="Your GridSearchCV searches over a bare model, not over a Pipeline. Put the "
               "preparation (StandardScaler) and the model in one pipeline and search over it, so "
               "that each fold of the search prepares its own training rows.",
            fr="Votre GridSearchCV cherche sur un modèle seul, pas sur un Pipeline. Mettez la "
               "préparation (StandardScaler) et le modèle dans un même pipeline et cherchez sur "
               "lui, pour que chaque pli de la recherche prépare ses propres lignes "
               "d'entraînement.")

    def prepares(data: Mapping[str, Any]) -> Text:
        return Text(
            en="Your pipeline holds a single step, the classifier: nothing prepares the "
               "measurements. Put the preparation in it before the classifier, e.g. "
               "make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), so that each "
               "fold of the search scales its own training rows.",
            fr="Votre pipeline ne contient qu'une étape, le classifieur : rien ne prépare les "
               "mesures. Mettez-y la préparation avant le classifieur, par exemple "
               "make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), pour que "
               "chaque pli de la recherche mette à l'échelle ses propres lignes d'entraînement.")

    def fitted(data: Mapping[str, Any]) -> Text:
        return Text(
            en="make_search returned a search that is already fitted, on rows that include the "
               "test rows. Return it unfitted: the checker fits it on the training rows only, and "
               "the test rows must stay unseen until the end.",
            fr="make_search a renvoyé une recherche déjà ajustée, sur des lignes qui comprennent "
               "les lignes de test. Renvoyez-la non ajustée : le correcteur l'ajuste sur les seules "
               "lignes d'entraînement, et les lignes de test doivent rester inconnues jusqu'à la "
               "fin.")

    def low_auc(data: Mapping[str, Any]) -> Text:
        auc = data.get("auc", 0.0)
        return Text(
            en=f"Your tuned model reaches a ROC AUC of {auc:.3f} on the held-out tumours; at least "
               f"{_TUNING_AUC} is expected. Scale the measurements inside the pipeline and give the "
               f"search a range of regularisation strengths.",
            fr=f"Votre modèle réglé atteint une ROC AUC de {_decimal_fr(f'{auc:.3f}')} sur les tumeurs "
               f"mises de côté ; il faut au moins {_decimal_fr(str(_TUNING_AUC))}. Mettez les mesures à l'échelle dans le pipeline et "
               f"donnez à la recherche une gamme de forces de régularisation.")

    def tunes(data: Mapping[str, Any]) -> Text:
        return Text(
            en="Your grid holds a single setting, so the search has nothing to choose between: "
               "nothing is tuned. Give at least one parameter several values, e.g. "
               "{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}.",
            fr="Votre grille ne contient qu'un seul réglage : la recherche n'a rien à départager, "
               "rien n'est réglé. Donnez plusieurs valeurs à au moins un paramètre, par exemple "
               "{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}.")

    def no_scores(data: Mapping[str, Any]) -> Text:
        if data.get("regressor"):
            return Text(
                en="The last step of your pipeline is a regressor: it predicts numbers, not "
                   "classes, and gives no predict_proba. The diagnosis is a class: end the "
                   "pipeline with a classifier (LogisticRegression rather than Ridge or "
                   "LinearRegression).",
                fr="La dernière étape de votre pipeline est un régresseur : il prédit des nombres, "
                   "pas des classes, et n'a pas de predict_proba. Le diagnostic est une classe : "
                   "terminez le pipeline par un classifieur (LogisticRegression plutôt que Ridge "
                   "ou LinearRegression).")
        return Text(
            en="Your search gives only labels, no scores: ROC AUC needs predict_proba or "
               "decision_function. Keep refit=True and use a classifier that scores its "
               "predictions.",
            fr="Votre recherche ne donne que des étiquettes, pas de scores : la ROC AUC a besoin "
               "de predict_proba ou de decision_function. Gardez refit=True et utilisez un "
               "classifieur qui attribue un score à ses prédictions.")

    return {"estimator": not_estimator_feedback("make_search"), "search": not_search,
            "pipeline": not_pipeline, "prepares": prepares, "unfitted": fitted, "tunes": tunes, "stage": error_feedback,
            "scores": no_scores, "auc_ok": low_auc}


TUNING = Exercise(
    id="supervised.tuning",
    module=MODULE,
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
classifieur), pour la table *breast cancer* (30 mesures de tumeurs ; `y` vaut 1 pour une
tumeur bénigne, 0 pour une maligne).

Le correcteur ajuste votre recherche sur les seules lignes d'entraînement, si bien que la
recherche ne voit jamais les lignes de test, puis calcule la ROC AUC du modèle réglé sur les
tumeurs mises de côté, à partir de `predict_proba` (ou de `decision_function`). Attendu : un
`GridSearchCV`, sur un `Pipeline`, dont la grille propose au moins deux réglages entre
lesquels choisir, et une ROC AUC d'au moins 0,97 sur les lignes mises de côté. N'ajustez pas
la recherche vous-même.""",
    ),
    answer_name="make_search",
    kind="estimator",
    reference=make_search,
    cases=_tuning_cases,
    probe=_tuning_probe,
    checks=(facts_check(_tuning_feedback()),),
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
               "{'logisticregression__C': [0.01, 0.1, 1, 10, 100]}.",
            fr="make_search doit renvoyer un GridSearchCV. Le pipeline seul ne règle rien, et une "
               "autre sorte de recherche (RandomizedSearchCV...) n'est pas celle demandée. "
               "Enveloppez votre pipeline dans GridSearchCV avec une grille de valeurs, par "
               "exemple {'logisticregression__C': [0.01, 0.1, 1, 10, 100]}."), _search_without_search),
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
            fr="La grille nomme un paramètre que le pipeline n'a pas : dans un pipeline, un "
               "paramètre s'appelle '<nom de l'étape>__<paramètre>', par exemple "
               "'logisticregression__C' (voir pipeline.get_params())."), _search_grid_names),
        Mistake("fitted_on_every_row", Text(
            en="Your function fits the search on the whole table, test rows included, before "
               "returning it. Return it unfitted; the test rows must never reach the search.",
            fr="Votre fonction ajuste la recherche sur toute la table, lignes de test comprises, "
               "avant de la renvoyer. Renvoyez-la non ajustée ; les lignes de test ne doivent "
               "jamais atteindre la recherche."), _search_fitted_on_every_row),
        Mistake("unscaled_neighbours", Text(
            en="Your tuned model ranks the held-out tumours poorly. A frequent cause: no scaler "
               "before a model that measures distances (nearest neighbours) or weighs "
               "coefficients, so the largest measurements (areas, in the hundreds) decide "
               "everything. Add StandardScaler() as the first step, and end with a classifier "
               "that learns from the measurements.",
            fr="Votre modèle réglé classe mal les tumeurs mises de côté. Une cause fréquente : "
               "aucune mise à l'échelle avant un modèle qui mesure des distances (plus proches "
               "voisins) ou pondère des coefficients, si bien que les plus grandes mesures (des "
               "aires, de l'ordre de plusieurs centaines) décident de tout. Ajoutez StandardScaler() comme première "
               "étape, et terminez par un classifieur qui apprend à partir des mesures."), _search_unscaled_neighbours),
    ),
    hints=(
        Text(en="Start from the pipeline: `pipeline = make_pipeline(StandardScaler(), "
                "LogisticRegression(max_iter=1000))`.",
             fr="Partez du pipeline : `pipeline = make_pipeline(StandardScaler(), "
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
)


# =================================================================== regularisation

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


def _ridge_alpha_training(X, y):
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    alphas = np.logspace(-3, 3, 13)
    scores = [make_pipeline(StandardScaler(), Ridge(alpha=alpha)).fit(X, y).score(X, y) for alpha in alphas]
    return float(alphas[int(np.argmax(scores))])


def _ridge_alpha_unscaled(X, y):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold, cross_val_score

    alphas = np.logspace(-3, 3, 13)
    folds = KFold(n_splits=5, shuffle=True, random_state=0)
    scores = [cross_val_score(Ridge(alpha=alpha), X, y, cv=folds).mean() for alpha in alphas]
    return float(alphas[int(np.argmax(scores))])


def _ridge_alpha_scaled_before_folds(X, y):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.preprocessing import StandardScaler

    scaled = StandardScaler().fit_transform(X)
    alphas = np.logspace(-3, 3, 13)
    folds = KFold(n_splits=5, shuffle=True, random_state=0)
    scores = [cross_val_score(Ridge(alpha=alpha), scaled, y, cv=folds).mean() for alpha in alphas]
    return float(alphas[int(np.argmax(scores))])


def _lasso_all_coefficients(X, y):
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), Lasso(alpha=1.0)).fit(X, y)
    return len(model[-1].coef_)


def _lasso_unscaled(X, y):
    from sklearn.linear_model import Lasso

    return int(np.count_nonzero(Lasso(alpha=1.0).fit(X, y).coef_))


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


def _regularisation_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = _arrays("diabetes")
    hidden_rows = np.sort(rng.choice(len(y), size=int(rng.integers(120, 300)), replace=False))
    hidden_columns = np.sort(rng.choice(10, size=int(rng.integers(5, 11)), replace=False))
    return [
        Case("all patients", (X.copy(), y.copy()),
             label=Text(en="the 442 patients, 10 measurements", fr="les 442 patients, 10 mesures")),
        Case("100 patients", (X[:100].copy(), y[:100].copy()),
             label=Text(en="the first 100 patients only: more shrinkage pays",
                        fr="les 100 premiers patients seulement : rétrécir davantage paie")),
        Case("entry errors", (_entry_errors_in_one_fold(X), y.copy()),
             label=Text(en="the 442 patients, 4 blood pressures entered far too large, all in the "
                           "same fold",
                        fr="les 442 patients, dont 4 tensions saisies bien trop grandes, toutes dans "
                           "le même pli")),
        Case("hidden", (X[np.ix_(hidden_rows, hidden_columns)], y[hidden_rows]), hidden=True),
    ]


@_remembered
@single_threaded
def _regularisation_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    alpha, changed = call_on_copies(answers["ridge_alpha"], case.args)
    nonzero, changed_too = call_on_copies(answers["lasso_nonzero"], case.args)
    return {"value": {"ridge_alpha": alpha, "lasso_nonzero": nonzero},
            "mutated": sorted(set(changed) | set(changed_too))}


def _ridge_part(wrong: Any) -> dict[str, Any]:
    return {"ridge_alpha": wrong, "lasso_nonzero": lasso_nonzero}


def _lasso_part(wrong: Any) -> dict[str, Any]:
    return {"ridge_alpha": ridge_alpha, "lasso_nonzero": wrong}


REGULARISATION = Exercise(
    id="supervised.regularisation",
    module=MODULE,
    title=Text(en="Ridge and lasso: shrinking coefficients", fr="Ridge et lasso : rétrécir les coefficients"),
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
        fr="""La régularisation cède un peu d'ajustement sur les lignes d'entraînement contre un
modèle qui tient sur de nouvelles lignes. Sur la table *diabetes* (`X` : des mesures de
patients, `y` : la progression de la maladie un an plus tard), écrivez deux fonctions :

* `ridge_alpha(X, y) -> float` : parmi `np.logspace(-3, 3, 13)`, l'`alpha` dont le pipeline
  `make_pipeline(StandardScaler(), Ridge(alpha=alpha))` a le R² moyen le plus haut sur
  `KFold(n_splits=5, shuffle=True, random_state=0)` (le premier en cas d'égalité) ;
* `lasso_nonzero(X, y) -> int` : ajustez `make_pipeline(StandardScaler(), Lasso(alpha=1.0))` sur
  toutes les lignes et renvoyez le nombre de coefficients du lasso qui ne sont pas nuls.

Passez-les toutes deux à la vérification par leur nom : `ex.check(ridge_alpha=ridge_alpha,
lasso_nonzero=lasso_nonzero)`.""",
    ),
    answer_name=("ridge_alpha", "lasso_nonzero"),
    kind="function",
    reference={"ridge_alpha": ridge_alpha, "lasso_nonzero": lasso_nonzero},
    cases=_regularisation_cases,
    probe=_regularisation_probe,
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
               "baisser quand alpha grandit : il choisit toujours le plus petit alpha. Choisissez "
               "d'après le R² en validation croisée (cross_val_score avec le KFold donné)."),
                _ridge_part(_ridge_alpha_training)),
        Mistake("ridge_unscaled", Text(
            en="Your ridge is fitted on unscaled columns. The penalty weighs every coefficient "
               "alike, so each column must be on the same scale first: put StandardScaler() in the "
               "pipeline, before Ridge.",
            fr="Votre ridge est ajustée sur des colonnes non mises à l'échelle. La pénalité pèse "
               "chaque coefficient de la même façon : chaque colonne doit donc d'abord être à la "
               "même échelle. Mettez StandardScaler() dans le pipeline, avant Ridge."),
                _ridge_part(_ridge_alpha_unscaled)),
        Mistake("scaled_before_folds", Text(
            en="Your scaler is fitted on every row before the folds are cut, so the rows each fold "
               "is judged on have already shaped its scaling (a leak). Put StandardScaler() inside "
               "the pipeline that cross_val_score fits: it is then fitted on each fold's training "
               "rows only.",
            fr="Votre StandardScaler est ajusté sur toutes les lignes avant le découpage en plis : "
               "les lignes sur lesquelles chaque pli est jugé ont déjà servi à sa mise à l'échelle "
               "(une fuite). Mettez StandardScaler() dans le pipeline que cross_val_score ajuste : "
               "il n'est alors ajusté que sur les lignes d'entraînement de chaque pli."),
                _ridge_part(_ridge_alpha_scaled_before_folds)),
        Mistake("all_coefficients", Text(
            en="You counted every coefficient, zeros included (len(coef_)). Count those that are "
               "not zero: np.count_nonzero(coef_).",
            fr="Vous avez compté tous les coefficients, zéros compris (len(coef_)). Comptez ceux "
               "qui ne sont pas nuls : np.count_nonzero(coef_)."), _lasso_part(_lasso_all_coefficients)),
        Mistake("lasso_unscaled", Text(
            en="Your lasso is fitted on unscaled columns, so its penalty hits some columns far "
               "harder than others. Scale first: make_pipeline(StandardScaler(), Lasso(alpha=1.0)).",
            fr="Votre lasso est ajusté sur des colonnes non mises à l'échelle : sa pénalité frappe "
               "certaines colonnes bien plus que d'autres. Mettez d'abord à l'échelle : "
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
             fr="`alphas[int(np.argmax(scores))]` est le premier alpha au meilleur score ; "
                "renvoyez-le comme flottant."),
        Text(en="After fitting the pipeline, its last step is the lasso: `model[-1].coef_`; "
                "`np.count_nonzero` counts the coefficients that are not zero.",
             fr="Une fois le pipeline ajusté, sa dernière étape est le lasso : `model[-1].coef_` ; "
                "`np.count_nonzero` compte les coefficients non nuls."),
    ),
)


# ======================================================================== ensembles

_ENSEMBLE_AUC = 0.90


@lru_cache(maxsize=8)
def _tabular(seed: int, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """A generated table where the outcome depends on the features through curves and an interaction.

    Its best achievable ROC AUC is about 0.97: boosted or bagged trees reach about 0.95, a
    single tree about 0.85, a linear model about 0.82.
    """
    pick = np.random.default_rng(seed)
    X = pick.normal(size=(n, 8))
    logit = (1.5 * np.sin(1.5 * X[:, 0]) + (X[:, 1] ** 2 - 1) + 0.8 * X[:, 2] + 1.2 * np.tanh(2 * X[:, 3])
             + (np.abs(X[:, 4]) - 0.8) + ((X[:, 5] > 0) & (X[:, 6] > 0)) - 0.25)
    y = (pick.random(n) < 1 / (1 + np.exp(-4.0 * logit))).astype(np.int64)
    return X, y


def make_ensemble():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(random_state=0)


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


def _is_ensemble(model: Any) -> bool:
    """Whether the model combines several learners, looking inside pipelines and wrappers.

    A pipeline is judged by its last step; a wrapper that holds one estimator (a grid or
    randomised search, a calibration) by the estimator it wraps.
    """
    for _ in range(10):
        if type(model).__module__.startswith("sklearn.ensemble"):
            return True
        if hasattr(model, "steps"):
            model = model.steps[-1][1]
            continue
        inner = getattr(model, "estimator", None)
        if inner is not None and hasattr(inner, "fit"):
            model = inner
            continue
        break
    try:
        params = model.get_params(deep=False)
    except Exception:  # noqa: BLE001 - a hand-written model: judge by its attributes
        params = vars(model)
    return "n_estimators" in params or "estimators" in params


def _is_regressor(model: Any) -> bool:
    from sklearn.base import is_regressor

    try:
        return bool(is_regressor(model))
    except Exception:  # noqa: BLE001 - a hand-written model without tags: not a regressor
        return False


def _ensembles_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    cases = []
    for name, seed in (("table 1", 0), ("table 2", 1), ("hidden", int(rng.integers(2, 1_000_000)))):
        _, y = _tabular(seed)
        train, test = stratified_split(y, test_size=0.3, seed=seed)
        cases.append(Case(name, kwargs={"table": seed, "train": train, "test": test},
                          hidden=name == "hidden",
                          label=Text(en=f"{len(train)} rows to fit on, {len(test)} held out",
                                     fr=f"{len(train)} lignes pour l'ajustement, {len(test)} mises "
                                        f"de côté")))
    return cases


@_remembered
@single_threaded
def _ensembles_probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    X, y = _tabular(case.kwargs["table"])
    model, _, got = fresh_estimator(answers["make_ensemble"])
    if model is None:
        return {"value": None, "got": got, "facts": {"estimator": False}}
    facts: dict[str, Any] = {"estimator": True, "ensemble": _is_ensemble(model),
                             "classifier": not _is_regressor(model)}
    train, test = case.kwargs["train"], case.kwargs["test"]
    run = fit_and_predict(model, X[train], y[train], X[test], scores=True)
    facts["stage"] = run["stage"]
    if run["stage"] != "done":
        return {"value": {"error": run["error"]}, "error": run["error"], "got": got,
                "facts": {**facts, "scores": None, "auc_ok": None}}
    facts["scores"] = run["scores"] is not None
    if run["scores"] is None:
        facts["auc_ok"] = None
        return {"value": {"held_out_roc_auc": None}, "got": got, "facts": facts}
    auc = float(roc_auc_score(y[test], run["scores"]))
    facts["auc_ok"] = auc >= _ENSEMBLE_AUC
    return {"value": {"held_out_roc_auc": round(auc, 4)}, "auc": auc, "got": got, "facts": facts}


def _ensembles_feedback() -> dict[str, Any]:
    def not_ensemble(data: Mapping[str, Any]) -> Text:
        return Text(
            en=f"Your model ({data.get('got')}) is a single learner, not an ensemble. Combine many: "
               f"RandomForestClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier, "
               f"or a VotingClassifier.",
            fr=f"Votre modèle ({data.get('got')}) est un apprenant unique, pas un ensemble. "
               f"Combinez-en beaucoup : RandomForestClassifier, GradientBoostingClassifier, "
               f"HistGradientBoostingClassifier, ou un VotingClassifier.")

    def regressor(data: Mapping[str, Any]) -> Text:
        return Text(
            en=f"Your model ({data.get('got')}) is a regressor: it predicts numbers, not classes, "
               f"and has no predict_proba. The outcome is a class (0 or 1): use the classifier "
               f"of the same family (RandomForestClassifier rather than RandomForestRegressor).",
            fr=f"Votre modèle ({data.get('got')}) est un régresseur : il prédit des nombres, pas "
               f"des classes, et n'a pas de predict_proba. La cible est une classe (0 ou 1) : "
               f"prenez le classifieur de la même famille (RandomForestClassifier plutôt que "
               f"RandomForestRegressor).")

    def no_scores(data: Mapping[str, Any]) -> Text:
        return Text(
            en="Your ensemble gives only labels (hard voting), no scores, and ROC AUC ranks rows by "
               "score. Use voting='soft', or an ensemble with predict_proba.",
            fr="Votre ensemble ne donne que des étiquettes (vote majoritaire), pas de scores, et la "
               "ROC AUC classe les lignes par score. Utilisez voting='soft', ou un ensemble doté "
               "de predict_proba.")

    def low_auc(data: Mapping[str, Any]) -> Text:
        auc = data.get("auc", 0.0)
        return Text(
            en=f"Your ensemble reaches a ROC AUC of {auc:.3f} on the held-out rows; at least "
               f"{_ENSEMBLE_AUC} is expected. The outcome bends with the features and depends on "
               f"interactions: members that are linear, or too shallow, cannot follow it. Use "
               f"trees of some depth (random forest, gradient boosting).",
            fr=f"Votre ensemble atteint une ROC AUC de {_decimal_fr(f'{auc:.3f}')} sur les lignes mises "
               f"de côté ; il faut au moins {_decimal_fr(str(_ENSEMBLE_AUC))}. La cible suit des courbes et des interactions : "
               f"des membres linéaires, ou trop peu profonds, ne peuvent pas la suivre. Utilisez "
               f"des arbres d'une certaine profondeur (forêt aléatoire, gradient boosting).")

    return {"estimator": not_estimator_feedback("make_ensemble"), "ensemble": not_ensemble,
            "classifier": regressor, "stage": error_feedback, "scores": no_scores, "auc_ok": low_auc}


ENSEMBLES = Exercise(
    id="supervised.ensembles",
    module=MODULE,
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
d'ensemble **non ajusté** (un modèle qui combine de nombreux apprenants : bagging, forêt
aléatoire, boosting, vote...).

Les données sont une table générée : 2 000 lignes, 8 colonnes numériques, et une cible binaire
qui dépend des colonnes par des courbes et une interaction, avec du bruit. Le correcteur
ajuste votre modèle sur 70 % des lignes et calcule sa ROC AUC sur les 30 % restants, à partir
de `predict_proba` (ou de `decision_function`). Attendu : un ensemble, une ROC AUC d'au moins
0,90 sur les lignes mises de côté, et un ajustement qui prend bien moins d'une minute.""",
    ),
    answer_name="make_ensemble",
    kind="estimator",
    reference=make_ensemble,
    cases=_ensembles_cases,
    probe=_ensembles_probe,
    checks=(facts_check(_ensembles_feedback()),),
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
            fr="Un VotingClassifier avec voting='hard' ne sort que des étiquettes : la ROC AUC n'a "
               "pas de scores à classer. Utilisez voting='soft' (ses membres doivent avoir "
               "predict_proba)."), _ensemble_hard_voting),
        Mistake("linear_members", Text(
            en="Your ensemble's members are too simple for this outcome (linear models, stumps, "
               "too few or too shallow trees): an average of straight boundaries is still "
               "straight, and this outcome bends. Use trees of some depth as members (random "
               "forest, gradient boosting).",
            fr="Les membres de votre ensemble sont trop simples pour cette cible (des modèles "
               "linéaires, des souches de décision, des arbres trop peu nombreux ou trop peu "
               "profonds) : une "
               "moyenne de frontières droites reste droite, alors que celle de cette cible est courbe. "
               "Prenez comme membres des arbres d'une certaine profondeur (forêt aléatoire, "
               "gradient boosting)."), _ensemble_linear_members),
    ),
    hints=(
        Text(en="`sklearn.ensemble` holds the ensembles: RandomForestClassifier, "
                "GradientBoostingClassifier, HistGradientBoostingClassifier, VotingClassifier...",
             fr="`sklearn.ensemble` contient les ensembles : RandomForestClassifier, "
                "GradientBoostingClassifier, HistGradientBoostingClassifier, VotingClassifier..."),
        Text(en="Boosting fits each new tree to the errors of the previous ones; "
                "`HistGradientBoostingClassifier()` is fast on a few thousand rows.",
             fr="Le boosting ajuste chaque nouvel arbre sur les erreurs des précédents ; "
                "`HistGradientBoostingClassifier()` est rapide sur quelques milliers de lignes."),
        Text(en="Return the model unfitted, e.g. `return RandomForestClassifier(n_estimators=300, "
                "random_state=0)`; set random_state for results you can reproduce.",
             fr="Renvoyez le modèle non ajusté, par exemple `return RandomForestClassifier("
                "n_estimators=300, random_state=0)` ; fixez random_state pour des résultats "
                "reproductibles."),
    ),
)


EXERCISES = (FIRST_MODEL, BASELINE, CROSS_VALIDATION, METRICS, CONFUSION, COMPLEXITY, TUNING,
             REGULARISATION, ENSEMBLES)


#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id='supervised', code='M3', audience=("engineering",),
    title=Text(en='Supervised learning with scikit-learn', fr='Apprentissage supervisé avec scikit-learn'),
    intro=Text(en='A first model, baselines, cross-validation, metrics, model complexity, tuning and ensembles.',
               fr='Un premier modèle, des points de comparaison, la validation croisée, les métriques, la complexité des modèles, le réglage des hyperparamètres et les ensembles.'),
    exercises=EXERCISES,
)
