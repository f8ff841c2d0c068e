"""health.imbalance: accuracy, balanced accuracy and PR AUC on rare events; a model with class weights.

Two parts. The metrics are compared with the reference on the same inputs.
The model is judged by behaviour: the probe fits a fresh copy on the
training rows of a ward and observes its 0/1 predictions for the held-out
rows; the judge, who alone holds their labels, computes the balanced
accuracy. A model that ignores the rare class (it predicts "no event" for
everyone) has a high accuracy and a balanced accuracy of 0.5.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import fits_and_predicts, gives_estimator, in_order, predictions
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import MODULE_ID, ward, ward_risks

#: How far below the reference's balanced accuracy a learner's model may fall.
MARGIN = 0.06
N_TRAIN = 2000


def imbalance_metrics(y_true, y_score, threshold):
    from sklearn.metrics import accuracy_score, average_precision_score, balanced_accuracy_score

    y_pred = (np.asarray(y_score) >= threshold).astype(int)
    return {"accuracy": accuracy_score(y_true, y_pred),
            "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
            "pr_auc": average_precision_score(y_true, y_score)}


def make_model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced"))


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    threshold = round(float(rng.uniform(0.08, 0.2)), 2)
    return {"ward_seed": int(rng.integers(0, 2**31)), "threshold": threshold,
            "threshold_fr": str(threshold).replace(".", ",")}


def _case(name: str, seed: int, threshold: float, **options: Any) -> Case:
    X, y = ward(seed)
    y_scored, risk = ward_risks(seed)
    train, test = np.arange(N_TRAIN), np.arange(N_TRAIN, len(y))
    return Case(name, kwargs={"y_true": y_scored, "y_score": risk, "threshold": threshold, "ward_seed": seed,
                              "train": train, "test": test},
                private={"y_test": y[test]}, timeout=20.0, **options)


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    shown = _case("your ward", params["ward_seed"], params["threshold"],
                  label=Text(en="your ward: metrics of a given model, then your model on held-out patients",
                             fr="votre service : les métriques d'un modèle donné, puis votre modèle sur "
                                "des patients mis de côté"))
    return [shown, _case("another ward", int(rng.integers(0, 2**31)), round(float(rng.uniform(0.08, 0.2)), 2),
                         hidden=True)]


def _balanced_accuracy(observed: Mapping[str, Any], truth: np.ndarray) -> float:
    from sklearn.metrics import balanced_accuracy_score

    guessed = predictions(observed, len(truth))
    return float(balanced_accuracy_score(truth.astype(int), guessed.astype(float).astype(int)))


def _model_feedback(observed: Any, expected: Any, case: Case) -> Text:
    truth = np.asarray(case.private["y_test"])
    mine = _balanced_accuracy(observed["model"], truth)
    share = float(np.mean(predictions(observed["model"], len(truth)).astype(float) == 1))
    return Text(
        en=f"Your model's balanced accuracy on held-out patients is {mine:.2f} (it flags "
           f"{100 * share:.1f} % of them; {100 * truth.mean():.1f} % have the event). A model that "
           f"predicts \"no event\" for almost everyone has a high accuracy and a balanced accuracy "
           f"near 0.5. Give the rare class more weight: class_weight=\"balanced\".",
        fr=f"L'exactitude équilibrée de votre modèle sur les patients mis de côté vaut {mine:.2f} (il "
           f"en signale {100 * share:.1f} % ; {100 * truth.mean():.1f} % ont l'événement). Un modèle "
           f"qui prédit « pas d'événement » pour presque tous a une exactitude élevée et une "
           f"exactitude équilibrée proche de 0,5. Donnez plus de poids à la classe rare : "
           f"class_weight=\"balanced\".")


def _model(observed: Any) -> Any:
    return observed["model"]


_estimator, _fits = gives_estimator("make_model"), fits_and_predicts()
FACTS = in_order(
    Fact("estimator", lambda observed, expected, case: _estimator.holds(_model(observed), None, case),
         lambda observed, expected, case: _estimator.message(_model(observed), None, case).template),
    Fact("fits", lambda observed, expected, case: _fits.holds(_model(observed), None, case),
         lambda observed, expected, case: _fits.message(_model(observed), None, case).template),
    Fact("balanced", lambda observed, expected, case: _balanced_accuracy(_model(observed), np.asarray(
        case.private["y_test"])) >= max(0.55, _balanced_accuracy(_model(expected), np.asarray(case.private["y_test"]))
                                        - MARGIN), _model_feedback),
)


_roc_instead_of_pr = edited(imbalance_metrics, "average_precision_score(y_true, y_score)",
                            "__import__('sklearn.metrics').metrics.roc_auc_score(y_true, y_score)")
_pr_on_decisions = edited(imbalance_metrics, "average_precision_score(y_true, y_score)",
                          "average_precision_score(y_true, y_pred)")
_balanced_is_accuracy = edited(imbalance_metrics, "balanced_accuracy_score(y_true, y_pred)",
                               "accuracy_score(y_true, y_pred)")


def _unweighted():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


IMBALANCE = Exercise(
    id="health.imbalance",
    module=MODULE_ID,
    title=Text(en="Rare events: the metrics that see them, and class weights",
               fr="Événements rares : les métriques qui les voient, et les poids de classe"),
    statement=Text(
        en=r"""On a ward, 3 to 5 % of patients have a serious event within 48 hours (data set
`rare_events`, 1 = the event). A model that always says "no event" is right 96 % of the time, and
useless. Two parts:

1. `imbalance_metrics(y_true, y_score, threshold)`: a patient is flagged when
   `y_score >= threshold`; return a dict with the `"accuracy"` and the `"balanced_accuracy"`
   (the mean of sensitivity and specificity) of those decisions, and the `"pr_auc"`: the area
   under the precision-recall curve of the scores, computed as the **average precision**
   (`sklearn.metrics.average_precision_score`); its baseline is the prevalence, not 0.5.
2. `make_model()`: return an unfitted scikit-learn classifier that **weighs the rare class**
   (for instance `class_weight="balanced"`). It is fitted on 2,000 patients and must reach, at its
   default `predict`, a balanced accuracy on 1,000 other patients within 0.06 of a weighted
   logistic regression's.

Your variant: threshold {threshold} for the first part.""",
        fr=r"""Dans un service, 3 à 5 % des patients ont un événement grave dans les 48 heures (jeu de
données `rare_events`, 1 = l'événement). Un modèle qui dit toujours « pas d'événement » a raison
96 fois sur 100, et ne sert à rien. Deux parties :

1. `imbalance_metrics(y_true, y_score, threshold)` : un patient est signalé quand
   `y_score >= threshold` ; renvoyez un dictionnaire avec l'exactitude `"accuracy"` et
   l'exactitude équilibrée `"balanced_accuracy"` (la moyenne de la sensibilité et de la
   spécificité) de ces décisions, et `"pr_auc"` : l'aire sous la courbe précision-rappel des
   scores, calculée comme la **précision moyenne** (`sklearn.metrics.average_precision_score`) ;
   sa référence est la prévalence, pas 0,5.
2. `make_model()` : renvoyez un classifieur scikit-learn non ajusté qui **pondère la classe
   rare** (par exemple `class_weight="balanced"`). Il est ajusté sur 2 000 patients et doit
   atteindre, avec son `predict` par défaut, une exactitude équilibrée sur 1 000 autres patients
   à 0,06 près de celle d'une régression logistique pondérée.

Votre variante : seuil de {threshold_fr} pour la première partie.""",
    ),
    answer_name=("imbalance_metrics", "make_model"),
    kind="function",
    reference={"imbalance_metrics": imbalance_metrics, "make_model": make_model},
    cases=_cases,
    variant=_variant,
    probe=probes.imbalance,
    facts=FACTS,
    timeout=20.0,
    difficulty=2,
    minutes=20,
    tags=("class imbalance", "balanced accuracy", "precision-recall", "class weights", "rare events"),
    dataset="rare_events",
    mistakes=(
        Mistake("no_class_weight", Text(
            en="Your model does not weigh the rare class: it predicts \"no event\" for almost everyone. "
               "Pass class_weight=\"balanced\" (or weights of your own) to the classifier.",
            fr="Votre modèle ne pondère pas la classe rare : il prédit « pas d'événement » pour presque "
               "tous. Passez class_weight=\"balanced\" (ou vos propres poids) au classifieur."),
            {"imbalance_metrics": imbalance_metrics, "make_model": _unweighted}),
        Mistake("roc_instead_of_pr", Text(
            en="Your \"pr_auc\" is the ROC AUC. With rare events the ROC AUC looks flattering; the "
               "precision-recall curve shows how many alerts are false: use average_precision_score.",
            fr="Votre \"pr_auc\" est l'AUC ROC. Avec des événements rares, l'AUC ROC flatte le modèle ; "
               "la courbe précision-rappel montre combien d'alertes sont fausses : utilisez "
               "average_precision_score."), {"imbalance_metrics": _roc_instead_of_pr, "make_model": make_model}),
        Mistake("pr_on_decisions", Text(
            en="Your PR AUC is computed on the 0/1 decisions. It is an area over every threshold: pass "
               "the SCORES to average_precision_score.",
            fr="Votre AUC PR est calculée sur les décisions 0/1. C'est une aire sur tous les seuils : "
               "passez les SCORES à average_precision_score."),
            {"imbalance_metrics": _pr_on_decisions, "make_model": make_model}),
        Mistake("balanced_is_accuracy", Text(
            en="Your balanced accuracy is the plain accuracy. The balanced accuracy is the mean of the "
               "sensitivity and the specificity: each class counts for half, however rare.",
            fr="Votre exactitude équilibrée est l'exactitude simple. L'exactitude équilibrée est la "
               "moyenne de la sensibilité et de la spécificité : chaque classe compte pour moitié, "
               "aussi rare soit-elle."), {"imbalance_metrics": _balanced_is_accuracy, "make_model": make_model}),
    ),
    hints=(
        Text(en="`sklearn.metrics` has accuracy_score, balanced_accuracy_score and "
                "average_precision_score; the first two take decisions, the last takes scores.",
             fr="`sklearn.metrics` contient accuracy_score, balanced_accuracy_score et "
                "average_precision_score ; les deux premières prennent des décisions, la dernière des "
                "scores."),
        Text(en="Fit a plain logistic regression on the ward and count its positive predictions: how "
                "many are there?",
             fr="Ajustez une régression logistique simple sur le service et comptez ses prédictions "
                "positives : combien y en a-t-il ?"),
        Text(en="Scale the features, then a logistic regression with a class weight: "
                "`make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight=...))`.",
             fr="Mettez les variables à l'échelle, puis une régression logistique avec un poids de classe : "
                "`make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight=...))`."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: evaluate a model on rare events with metrics that see them (balanced "
           "accuracy, average precision) and make a model pay attention to the rare class with class "
           "weights. Misconceptions aimed at: 96 % accuracy is a good model; the ROC AUC tells how "
           "many alerts are false; the PR AUC's baseline is 0.5. Debrief: what is the average "
           "precision of a random score here? Class weights change the decisions at predict(), but "
           "do they make the risks calibrated? When is it better to keep an unweighted model and move "
           "the threshold instead?",
        fr="Objectifs : évaluer un modèle sur des événements rares avec des métriques qui les voient "
           "(exactitude équilibrée, précision moyenne) et rendre un modèle attentif à la classe rare "
           "avec des poids de classe. Idées fausses visées : 96 % d'exactitude fait un bon modèle ; "
           "l'AUC ROC dit combien d'alertes sont fausses ; la référence de l'AUC PR est 0,5. Pour le "
           "débriefing : quelle est la précision moyenne d'un score au hasard ici ? Les poids de "
           "classe changent les décisions de predict(), mais rendent-ils les risques calibrés ? Quand "
           "vaut-il mieux garder un modèle non pondéré et déplacer le seuil ?"),
)
