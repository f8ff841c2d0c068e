"""supervised.baseline: a model is worth its gap over the rule that ignores the patient.

A function answer, compared with the reference on cohorts built so that each
declared mistake shows: a rare disease, typing errors among the test rows (a
scaler fitted before the split sees them), the same patients in other units (a
model without its scaler notices).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.exercises.supervised import probes
from caire_exercises.exercises.supervised._common import CARDIOLOGY_COLUMNS, MODULE_ID, cohort
from caire_exercises.authoring.probes import edited

#: The share of the rows the statement's split sends to the test side.
TEST_SIZE = 0.25


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


def _variant(rng: np.random.Generator) -> dict[str, Any]:
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

    _, test = train_test_split(np.arange(len(y)), test_size=TEST_SIZE, stratify=y, random_state=seed)
    test = np.sort(test)
    typed = X.copy()
    typed[test[:3], CARDIOLOGY_COLUMNS.index("max_heart_rate")] *= 100
    typed[test[3:6], CARDIOLOGY_COLUMNS.index("st_depression")] *= 1000
    return typed


def _other_units(X: np.ndarray) -> np.ndarray:
    """`X` with age in centuries, heart rate in beats per millisecond, ST depression in metres."""
    converted = X.copy()
    for column, factor in (("age", 1e-2), ("max_heart_rate", 1e-3), ("st_depression", 1e-3)):
        converted[:, CARDIOLOGY_COLUMNS.index(column)] *= factor
    return converted


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    X, y = cohort(params["cohort_seed"], params["n_patients"])
    seed = params["seed"]
    rare_X, rare_y = _rare_disease(X, y, 0.12, params["cohort_seed"])
    hidden_X, hidden_y = cohort(int(rng.integers(0, 2**31)), int(rng.integers(20, 41)) * 10)
    return [
        Case("your cohort", (X.copy(), y.copy(), seed),
             label=Text(en=f"{len(y)} patients, seed {seed}", fr=f"{len(y)} patients, graine {seed}")),
        Case("another seed", (X.copy(), y.copy(), seed + 1),
             label=Text(en=f"the same patients, seed {seed + 1}",
                        fr=f"les mêmes patients, graine {seed + 1}")),
        Case("rare disease", (rare_X, rare_y, seed),
             label=Text(en=f"only {rare_y.mean():.0%} of the patients are sick: the baseline is hard to beat",
                        fr=f"seuls {100 * rare_y.mean():.0f} % des patients sont malades : la "
                           f"référence naïve est difficile à battre")),
        Case("small cohort", (X[:80].copy(), y[:80].copy(), seed),
             label=Text(en="the first 80 patients only", fr="les 80 premiers patients seulement")),
        *(Case(name, (_entry_errors(X, y, case_seed), y.copy(), case_seed),
               label=Text(en=f"seed {case_seed}, a few typing errors (values 100 or 1,000 times too "
                             f"large) among the test rows: only the training rows may decide how "
                             f"to scale",
                          fr=f"graine {case_seed}, quelques erreurs de saisie (des valeurs 100 ou "
                             f"1 000 fois trop grandes) parmi les lignes de test : seules les lignes "
                             f"d'entraînement décident de la mise à l'échelle"))
          for name, case_seed in (("entry errors", seed), ("entry errors, another seed", seed + 1))),
        Case("other units", (_other_units(X), y.copy(), seed),
             label=Text(en="the same patients in other units (age in centuries, heart rate per "
                           "millisecond, ST depression in metres): a scaled model does not notice",
                        fr="les mêmes patients dans d'autres unités (l'âge en siècles, la fréquence "
                           "cardiaque par milliseconde, le sous-décalage ST en mètres) : un modèle "
                           "mis à l'échelle ne voit pas la différence")),
        Case("hidden", (hidden_X, hidden_y, int(rng.integers(1, 10_000))), hidden=True),
    ]


#: Mistakes, each written as the lines of the reference it changes.
_baseline_on_training_rows = edited(
    baseline_gap, ("float(model.score(X_test, y_test) - baseline.score(X_test, y_test))",
                   "float(model.score(X_train, y_train) - baseline.score(X_train, y_train))"))
_baseline_not_stratified = edited(baseline_gap, ("stratify=y, ", ""))
_baseline_scaled_before_split = edited(
    baseline_gap, ("train_test_split(\n        X, y,",
                   "train_test_split(\n        StandardScaler().fit_transform(X), y,"),
    ("make_pipeline(StandardScaler(), LogisticRegression())", "LogisticRegression()"))
_baseline_coin_flip = edited(baseline_gap, ("- baseline.score(X_test, y_test)", "- 0.5"))
_baseline_no_baseline = edited(baseline_gap, (" - baseline.score(X_test, y_test)", ""))


BASELINE = Exercise(
    id="supervised.baseline",
    module=MODULE_ID,
    title=Text(en="Beat the baseline", fr="Battre la référence naïve"),
    statement=Text(
        en="""A model is only useful if it does better than a rule that ignores the patient. Write
`baseline_gap(X, y, seed)` which returns **the test accuracy of a logistic regression minus
the test accuracy of the most-frequent-class baseline**, as a float.

* `X`: a float array, one row per patient of a generated cardiology cohort (columns: age,
  male, no chest pain (the chest-pain type called "asymptomatic"), resting blood pressure,
  cholesterol, fasting glucose above 120 mg/dl (6.7 mmol/l), maximum heart rate, exercise
  angina, ST depression); `y`: 1 if the patient has
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

* `X` : un tableau de flottants, une ligne par patient d'une cohorte de cardiologie générée
  (colonnes : âge, homme, absence de douleur thoracique (le type de douleur dit
  « asymptomatique »), pression artérielle au repos, cholestérol, glycémie à jeun supérieure à
  120 mg/dl (6,7 mmol/l), fréquence cardiaque maximale, angor d'effort, sous-décalage du
  segment ST) ; `y` : 1 si le patient a une maladie coronarienne,
  sinon 0.
* Partagez une fois avec `train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)`.
* Modèle : `make_pipeline(StandardScaler(), LogisticRegression())` ; référence :
  `DummyClassifier(strategy="most_frequent")`. Ajustez les deux sur les seules lignes
  d'entraînement ; évaluez les deux sur les lignes de test.

Votre variante : une cohorte de {n_patients} patients ; essayez avec `seed={seed}`.""",
    ),
    answer_name="baseline_gap",
    kind="function",
    reference=baseline_gap,
    cases=_cases,
    variant=_variant,
    probe=probes.calls("baseline_gap"),
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
               "toujours bon sur les lignes qu'il a vues ; évaluez le modèle et la référence sur "
               "les lignes de test."), _baseline_on_training_rows),
        Mistake("not_stratified", Text(
            en="Your split is not stratified: pass stratify=y to train_test_split, so that the "
               "training and test rows keep the same share of sick patients.",
            fr="Votre partition n'est pas stratifiée : passez stratify=y à train_test_split, pour "
               "que les lignes d'entraînement et de test gardent la même part de malades."),
               _baseline_not_stratified),
        Mistake("scaled_before_split", Text(
            en="You scaled X before splitting it, so the scaler's means and standard deviations "
               "come partly from the test rows: the test rows leak into the model. Split first, "
               "then let make_pipeline(StandardScaler(), LogisticRegression()) fit the scaler on "
               "the training rows only.",
            fr="Vous avez mis X à l'échelle avant de le partager : les moyennes et les écarts types "
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
               "classe : bien plus que 0,5 quand une classe domine. Ajustez un "
               "DummyClassifier(strategy='most_frequent')."), _baseline_coin_flip),
        Mistake("no_baseline", Text(
            en="You returned the model's accuracy alone. Subtract the accuracy of the "
               "most-frequent-class baseline: the gap says what the model adds.",
            fr="Vous avez renvoyé l'exactitude du modèle seule. Soustrayez celle de la référence "
               "qui prédit la classe la plus fréquente : l'écart dit ce que le modèle apporte."),
               _baseline_no_baseline),
    ),
    hints=(
        Text(en="Split once, first: `X_train, X_test, y_train, y_test = train_test_split(X, y, "
                "test_size=0.25, stratify=y, random_state=seed)`.",
             fr="Commencez par partager, une seule fois : `X_train, X_test, y_train, y_test = "
                "train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)`."),
        Text(en="`DummyClassifier(strategy='most_frequent')` is fitted like any model; its `score` "
                "is the share of the test rows in the training rows' most frequent class.",
             fr="`DummyClassifier(strategy='most_frequent')` s'ajuste comme n'importe quel modèle ; "
                "son `score` est la part des lignes de test dans la classe la plus fréquente des "
                "lignes d'entraînement."),
        Text(en="`model.score(X_test, y_test) - baseline.score(X_test, y_test)`: both on the test rows.",
             fr="`model.score(X_test, y_test) - baseline.score(X_test, y_test)` : les deux sur les "
                "lignes de test."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: split once, fit on the training rows only, and compare a model with the "
           "most-frequent-class baseline. Misconception aimed at: 85 % accuracy is good news on "
           "its own (it is not when 85 % of patients are healthy). Debrief: what is the baseline's "
           "accuracy on the rare-disease case, and what does a gap near 0 say? Why does a scaler "
           "fitted before the split change the result only when the test rows hold typing errors? "
           "Which baseline would you choose for a regression?",
        fr="Objectifs : partager une fois, ajuster sur les seules lignes d'entraînement, et comparer "
           "un modèle à la référence naïve de la classe la plus fréquente. Idée fausse visée : une "
           "exactitude de 85 % est une bonne nouvelle en soi (elle ne l'est pas quand 85 % des "
           "patients sont sains). Pour le débriefing : quelle est l'exactitude de la référence naïve "
           "sur le cas de la maladie rare, et que dit un écart proche de 0 ? Pourquoi une mise à "
           "l'échelle ajustée avant la partition ne change-t-elle le résultat que lorsque les lignes "
           "de test contiennent des erreurs de saisie ? Quelle référence naïve choisiriez-vous pour "
           "une régression ?"),
)
