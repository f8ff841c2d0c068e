"""literacy.frame: frame a prediction problem by its target type and the metric that matters."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.banks import Item
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise
from caire_exercises.exercises.literacy._common import MODULE_ID, bank, spelling_note

BANK = bank("frame")

_NOTE = spelling_note(
    '"Binary classification", "F1-score" and "sensibilité"',
    "«\u202fclassification binaire\u202f», «\u202fF1-score\u202f» et «\u202fsensitivity\u202f»")

TITLE = Text(en="Frame the problem: target and metric",
           fr="Cadrer le problème\u202f: cible et mesure")

STATEMENT = Text(
    en="""Before building a model, say what it predicts and how it will be judged. For each
situation below, give the **type of target** and the **metric that matters**, as a pair, under the
item's key (in backticks in your list below):

```python
frame = {"item_key": ("target type", "metric"), ...}
```

Target types: `binary` (one of two classes), `multiclass` (one of more than two classes),
`regression` (a number).

Metrics:

- `accuracy`: the share of correct predictions (both errors cost the same, whether the
  classes are balanced or not: it counts the errors; compare it with always predicting the
  commonest class);
- `balanced_accuracy`: the mean of the recall of each class (rare classes matter as much as
  common ones);
- `recall` (sensitivity): the share of real positives that are caught (a missed case is the
  costly error);
- `precision` (positive predictive value, PPV): the share of predicted positives that are
  real (a false alarm is the costly error);
- `f1`: the harmonic mean of precision and recall (only the positive class matters, misses
  and false alarms alike, and the many true negatives say nothing, as when finding a few
  relevant items among many);
- `mae`: the mean absolute error (every unit of error costs the same);
- `rmse`: the root mean squared error (large errors weigh much more);
- `mape`: the mean absolute percentage error (errors judged relative to the true value).

""" + _NOTE.en + """
French names: `binaire`, `multiclasse`, `régression`;
`exactitude`, `exactitude équilibrée`, `rappel` or `sensibilité`, `précision` or `VPP`. The pair may
be in either order, a dict such as `{"target": "binary", "metric": "recall"}`, or a string such as
`"binary, recall"`.

An item is right when both the target type and the metric are. You pass with at least
{pass_count} of your {n_items} situations right.

Your items:

{items_en}""",
    fr="""Avant de construire un modèle, dites ce qu'il prédit et comment il sera jugé. Pour
chaque situation ci-dessous, donnez le **type de cible** et la **mesure qui compte**, sous
forme de couple, associé à la clé de la question (entre apostrophes inverses dans votre liste
ci-dessous)\u202f:

```python
frame = {"item_key": ("type de cible", "mesure"), ...}
```

Types de cible\u202f: `binaire` (`binary`, l'une de deux classes), `multiclasse` (`multiclass`,
l'une de plus de deux classes), `régression` (`regression`, un nombre).

Mesures\u202f:

- `exactitude` (`accuracy`)\u202f: la part de prédictions justes (les deux erreurs coûtent autant,
  que les classes soient équilibrées ou non\u202f: elle compte les erreurs\u202f; comparez-la à la
  prédiction constante de la classe la plus fréquente)\u202f;
- `exactitude équilibrée` (`balanced_accuracy`)\u202f: la moyenne des rappels de chaque classe
  (les classes rares comptent autant que les fréquentes)\u202f;
- `rappel` ou `sensibilité` (`recall`)\u202f: la part des vrais positifs détectés (un cas manqué
  est l'erreur coûteuse)\u202f;
- `précision` ou `VPP` (`precision`, la valeur prédictive positive)\u202f: la part des positifs
  prédits qui sont réels (une fausse alerte est l'erreur coûteuse)\u202f;
- `f1`\u202f: la moyenne harmonique de la précision et du rappel (seule la classe positive compte,
  oublis et fausses alertes se valent, et les nombreux vrais négatifs ne disent rien, comme
  quand on cherche quelques éléments pertinents parmi beaucoup)\u202f;
- `mae`\u202f: l'erreur absolue moyenne (chaque unité d'erreur coûte autant)\u202f;
- `rmse`\u202f: la racine de l'erreur quadratique moyenne (les grosses erreurs pèsent beaucoup
  plus)\u202f;
- `mape`\u202f: l'erreur absolue moyenne en pourcentage (les erreurs jugées par rapport à la
  vraie valeur).

""" + _NOTE.fr + """ Le couple peut être dans un ordre ou dans l'autre, être un
dictionnaire comme `{"target": "binaire", "metric": "rappel"}` ou une chaîne comme `"binaire, rappel"`.

Une question est juste quand le type de cible et la mesure le sont tous deux. Vous réussissez
avec au moins {pass_count} situations justes sur vos {n_items}.

Vos questions\u202f:

{items_fr}""",
)

def stratum(item: Item) -> tuple[str, str]:
    """The kind of framing an item asks: each student meets the seven kinds."""
    target, metric = item.answer["target"][0], item.answer["metric"][0]
    if target == "multiclass":
        return (target, "any")
    return (target, {"mae": "linear", "mape": "linear"}.get(metric, metric))


def metric_of(change: Callable[[str, str], str]) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: the metric `change(target, metric)` gives, the target kept."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        target, metric = item.answer["target"][0], item.answer["metric"][0]
        return {"target": (target,), "metric": (change(target, metric),)}

    return alter


MISTAKES = (
    Mistake("accuracy_everywhere", Text(
        en="You chose accuracy for a classification problem where the errors do not cost the same, "
           "or where one class matters more. Accuracy counts every error alike: it fits when both "
           "errors cost the same, however rare the positive class. When a missed case is the "
           "costly error, judge by recall; when a false alarm is, by precision; when only the "
           "positive class matters and the true negatives say nothing, by F1.",
        fr="Vous avez choisi l'exactitude pour un problème de classification où les erreurs ne "
           "coûtent pas autant, ou où une classe compte davantage. L'exactitude compte toutes les "
           "erreurs de la même façon\u202f: elle convient quand les deux erreurs coûtent autant, aussi "
           "rare que soit la classe positive. Quand un cas manqué est l'erreur coûteuse, jugez par "
           "le rappel\u202f; quand c'est une fausse alerte, par la précision\u202f; quand seule la "
           "classe positive compte et que les vrais négatifs ne disent rien, par le F1."),
        QuizAnswers(BANK, metric_of(lambda target, metric: "accuracy"
                                    if target in ("binary", "multiclass") else metric))),
    Mistake("precision_recall_swapped", Text(
        en="You swapped precision and recall. Recall is the share of real positives that "
           "are caught: it matters when a missed case is costly. Precision is the share of "
           "alarms that are real: it matters when a false alarm is costly.",
        fr="Vous avez inversé précision (VPP) et rappel. Le rappel est la part des vrais positifs "
           "détectés\u202f: il compte quand un cas manqué coûte cher. La précision est la part "
           "des alertes qui sont réelles\u202f: elle compte quand une fausse alerte coûte cher."),
        QuizAnswers(BANK, metric_of(lambda target, metric: {"recall": "precision",
                                                            "precision": "recall"}.get(metric, metric)))),
    Mistake("accuracy_f1_swapped", Text(
        en="You swapped the uses of accuracy and F1. When both errors cost the same, the cost of a "
           "model is its number of errors, which accuracy counts, however rare the positive class "
           "(the rarity only says what to compare it with: always predicting the commonest class). "
           "F1 is for when only the positive class matters, misses and false alarms alike, and the "
           "true negatives say nothing, as when a list of rare items is extracted.",
        fr="Vous avez inversé les usages de l'exactitude et du F1. Quand les deux erreurs coûtent "
           "autant, le coût d'un modèle est son nombre d'erreurs, que compte l'exactitude, aussi rare "
           "que soit la classe positive (la rareté dit seulement à quoi la comparer\u202f: la "
           "prédiction constante de la classe la plus fréquente). Le F1 sert quand seule la classe "
           "positive compte, oublis et fausses alertes à égalité, et que les vrais négatifs ne disent "
           "rien, comme quand on extrait une liste d'éléments rares."),
        QuizAnswers(BANK, metric_of(lambda target, metric: {"accuracy": "f1", "f1": "accuracy"}.get(metric, metric)
                                    if target == "binary" else metric))),
    Mistake("accuracy_for_numbers", Text(
        en="You chose accuracy for a number to predict. A predicted quantity (days, mg, "
           "units) is almost never exactly right, so accuracy means nothing there: judge a "
           "regression by the size of its errors, with MAE, RMSE or MAPE.",
        fr="Vous avez choisi l'exactitude pour un nombre à prédire. Une quantité prédite "
           "(jours, mg, unités) n'est presque jamais exactement juste, donc l'exactitude n'y "
           "a pas de sens\u202f: jugez une régression par la taille de ses erreurs, avec la MAE, "
           "la RMSE ou la MAPE."),
        QuizAnswers(BANK, metric_of(lambda target, metric: "accuracy" if target == "regression" else metric))),
    Mistake("recall_everywhere", Text(
        en="You chose recall for a two-class problem where it is not the metric that "
           "matters. Recall is right when missing a "
           "case is the costly error; when each alarm triggers a costly or harmful action, "
           "precision matters; when both errors cost the same, accuracy; when only the positive "
           "class matters and the true negatives say nothing, F1.",
        fr="Vous avez choisi le rappel pour un problème à deux classes où ce n'est pas la "
           "mesure qui compte. Le rappel "
           "convient quand manquer un cas est l'erreur coûteuse\u202f; quand chaque alerte "
           "déclenche une action coûteuse ou risquée, c'est la précision qui compte\u202f; quand "
           "les deux erreurs coûtent autant, l'exactitude\u202f; quand seule la classe positive compte "
           "et que les vrais négatifs ne disent rien, le F1."),
        QuizAnswers(BANK, metric_of(lambda target, metric: "recall" if target == "binary" else metric))),
)

HINTS = (
    Text(en="Target type: is the answer one of two classes (`binary`), one of several "
            "classes (`multiclass`), or a number (`regression`)?",
         fr="Type de cible\u202f: la réponse est-elle l'une de deux classes (`binaire`), l'une de "
            "plusieurs classes (`multiclasse`), ou un nombre (`régression`)\u202f?"),
    Text(en="For classes, ask which error is costly: a missed case → `recall`; a false alarm "
            "→ `precision`; both cost the same → `accuracy`, even with a rare class (it "
            "counts the errors); only the positive class matters and the true negatives say "
            "nothing → `f1`; several classes, rare ones that matter → `balanced_accuracy`.",
         fr="Pour des classes, demandez-vous quelle erreur coûte cher\u202f: un cas manqué → "
            "`rappel`\u202f; une fausse alerte → `précision`\u202f; les deux coûtent autant → "
            "`exactitude`, même avec une classe rare (elle compte les erreurs)\u202f; seule la classe "
            "positive compte et les vrais négatifs ne disent rien → `f1`\u202f; plusieurs classes "
            "dont des rares qui comptent → `exactitude équilibrée`."),
    Text(en="For a number: every unit of error costs the same → `mae`; large errors much "
            "worse → `rmse`; errors judged in percent of the true value → `mape`. Answer "
            "with a pair, e.g. `(\"regression\", \"mae\")`.",
         fr="Pour un nombre\u202f: chaque unité d'erreur coûte autant → `mae`\u202f; les grosses "
            "erreurs sont bien pires → `rmse`\u202f; les erreurs se jugent en pourcentage de la "
            "vraie valeur → `mape`. Répondez par un couple, par exemple "
            "`(\"régression\", \"mae\")`."),
)

TEACHER_NOTES = Text(
    en=("Objectives: name the type of target, and choose the metric from what each kind of error "
        "costs. Misconceptions aimed at: accuracy is always a fair summary; a rare class always "
        "calls for F1 (with equal costs, accuracy counts exactly what they cost); precision and "
        "recall are interchangeable; a regression can be judged by accuracy. Debrief: In your field, "
        "which error costs more, a missed case or a false alarm? What does 95 % accuracy mean "
        "when 2 % of cases are positive? When would you report two metrics rather than one?"),
    fr=("Objectifs\u202f: nommer le type de cible, et choisir la mesure d'après ce que coûte chaque "
        "type d'erreur. Idées reçues visées\u202f: l'exactitude serait toujours un bon résumé\u202f; "
        "une classe rare appellerait toujours le F1 (à coûts égaux, l'exactitude compte exactement ce "
        "qu'ils coûtent)\u202f; précision (VPP) et rappel seraient interchangeables\u202f; une régression pourrait se juger à"
        " l'exactitude. Pour le débriefing\u202f: dans votre domaine, quelle erreur coûte le plus, un "
        "cas manqué ou une fausse alerte\u202f? Que vaut une exactitude de 95\u202f% quand 2\u202f% des cas sont"
        " positifs\u202f? Quand rapporter deux mesures plutôt qu'une\u202f?"),
)


FRAME = quiz_exercise(
    BANK, id="literacy.frame", answer_name="frame", n_items=7, pass_score=0.8, stratum=stratum,
    module=MODULE_ID, difficulty=1, dataset="quiz_items", audience=("all",),
    title=TITLE,
    statement=STATEMENT,
    minutes=15,
    tags=("AI literacy", "framing", "metrics", "quiz"),
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)
