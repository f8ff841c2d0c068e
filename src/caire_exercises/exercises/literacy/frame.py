"""literacy.frame: frame a prediction problem by its target type and the metric that matters."""

from __future__ import annotations

from caire_exercises.authoring import Mistake, Text
from caire_exercises.exercises.literacy._common import BankAnswers, framed_as, quiz, spelling_note, swap
from caire_exercises.exercises.literacy.probes import frame_probe

_NOTE = spelling_note(
    '"Binary classification", "F1-score" and "sensibilité"',
    "«\u202fclassification binaire\u202f», «\u202fF1-score\u202f» et «\u202fsensitivity\u202f»",
    '"classification" or "score"', "«\u202fclassification\u202f» ou «\u202fscore\u202f»")

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

- `accuracy`: the share of correct predictions (classes about equally frequent, all errors
  alike);
- `balanced_accuracy`: the mean of the recall of each class (rare classes matter as much as
  common ones);
- `recall` (sensitivity): the share of real positives that are caught (a missed case is the
  costly error);
- `precision` (positive predictive value, PPV): the share of predicted positives that are
  real (a false alarm is the costly error);
- `f1`: the harmonic mean of precision and recall (a rare positive class, both errors alike);
- `mae`: the mean absolute error (every unit of error costs the same);
- `rmse`: the root mean squared error (large errors weigh much more);
- `mape`: the mean absolute percentage error (errors judged relative to the true value).

""" + _NOTE.en + """
French names: `binaire`, `multiclasse`, `régression`;
`exactitude`, `exactitude équilibrée`, `rappel` or `sensibilité`, `précision` or `VPP`. The pair may
be in either order, or a string such as `"binary, recall"`.

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

- `exactitude` (`accuracy`)\u202f: la part de prédictions justes (classes à peu près aussi
  fréquentes, toutes les erreurs se valent)\u202f;
- `exactitude équilibrée` (`balanced_accuracy`)\u202f: la moyenne des rappels de chaque classe
  (les classes rares comptent autant que les fréquentes)\u202f;
- `rappel` ou `sensibilité` (`recall`)\u202f: la part des vrais positifs détectés (un cas manqué
  est l'erreur coûteuse)\u202f;
- `précision` ou `VPP` (`precision`, la valeur prédictive positive)\u202f: la part des positifs
  prédits qui sont réels (une fausse alerte est l'erreur coûteuse)\u202f;
- `f1`\u202f: la moyenne harmonique de la précision et du rappel (une classe positive rare, deux
  erreurs qui se valent)\u202f;
- `mae`\u202f: l'erreur absolue moyenne (chaque unité d'erreur coûte autant)\u202f;
- `rmse`\u202f: la racine de l'erreur quadratique moyenne (les grosses erreurs pèsent beaucoup
  plus)\u202f;
- `mape`\u202f: l'erreur absolue moyenne en pourcentage (les erreurs jugées par rapport à la
  vraie valeur).

""" + _NOTE.fr + """ Le couple peut être dans un ordre ou dans l'autre, ou être
une chaîne comme `"binaire, rappel"`.

Une question est juste quand le type de cible et la mesure le sont tous deux. Vous réussissez
avec au moins {pass_count} situations justes sur vos {n_items}.

Vos questions\u202f:

{items_fr}""",
)

#: The reference is the bank's right answers (:class:`BankAnswers`); the cases are the
#: student's items, drawn so that every kind of answer is asked.
STRATA = ((framed_as("binary", "recall"), 1), (framed_as("binary", "precision"), 1),
            (framed_as("binary", "f1", "accuracy"), 1), (framed_as("multiclass"), 1),
            (framed_as("regression", "mae", "mape"), 1), (framed_as("regression", "rmse"), 1))

MISTAKES = (
    Mistake("accuracy_everywhere", Text(
        en="You chose accuracy for a classification problem where it is not the metric that "
           "matters. Accuracy treats all errors "
           "alike and is misleading when one class is rare: when a missed case is the costly "
           "error, judge by recall; when a false alarm is, by precision; with a rare "
           "positive class and equal costs, by F1.",
        fr="Vous avez choisi l'exactitude pour un problème de classification où ce n'est pas "
           "la mesure qui compte. "
           "L'exactitude traite toutes les erreurs de la même façon et trompe quand une "
           "classe est rare\u202f: quand un cas manqué est l'erreur coûteuse, jugez par le "
           "rappel\u202f; quand c'est une fausse alerte, par la précision\u202f; avec une classe "
           "positive rare et des coûts égaux, par le F1."),
        BankAnswers("frame", lambda answer: (answer[0], "accuracy")
                    if answer[0] in ("binary", "multiclass") else answer)),
    Mistake("precision_recall_swapped", Text(
        en="You swapped precision and recall. Recall is the share of real positives that "
           "are caught: it matters when a missed case is costly. Precision is the share of "
           "alarms that are real: it matters when a false alarm is costly.",
        fr="Vous avez inversé précision (VPP) et rappel. Le rappel est la part des vrais positifs "
           "détectés\u202f: il compte quand un cas manqué coûte cher. La précision est la part "
           "des alertes qui sont réelles\u202f: elle compte quand une fausse alerte coûte cher."),
        BankAnswers("frame", lambda answer: (answer[0], swap("recall", "precision")(answer[1])))),
    Mistake("accuracy_for_numbers", Text(
        en="You chose accuracy for a number to predict. A predicted quantity (days, mg, "
           "units) is almost never exactly right, so accuracy means nothing there: judge a "
           "regression by the size of its errors, with MAE, RMSE or MAPE.",
        fr="Vous avez choisi l'exactitude pour un nombre à prédire. Une quantité prédite "
           "(jours, mg, unités) n'est presque jamais exactement juste, donc l'exactitude n'y "
           "a pas de sens\u202f: jugez une régression par la taille de ses erreurs, avec la MAE, "
           "la RMSE ou la MAPE."),
        BankAnswers("frame", lambda answer: (answer[0], "accuracy")
                    if answer[0] == "regression" else answer)),
    Mistake("recall_everywhere", Text(
        en="You chose recall for a two-class problem where it is not the metric that "
           "matters. Recall is right when missing a "
           "case is the costly error; when each alarm triggers a costly or harmful action, "
           "precision matters; when both errors cost the same, F1 or accuracy.",
        fr="Vous avez choisi le rappel pour un problème à deux classes où ce n'est pas la "
           "mesure qui compte. Le rappel "
           "convient quand manquer un cas est l'erreur coûteuse\u202f; quand chaque alerte "
           "déclenche une action coûteuse ou risquée, c'est la précision qui compte\u202f; quand "
           "les deux erreurs se valent, le F1 ou l'exactitude."),
        BankAnswers("frame", lambda answer: (answer[0], "recall")
                    if answer[0] == "binary" else answer)),
)

HINTS = (
    Text(en="Target type: is the answer one of two classes (`binary`), one of several "
            "classes (`multiclass`), or a number (`regression`)?",
         fr="Type de cible\u202f: la réponse est-elle l'une de deux classes (`binaire`), l'une de "
            "plusieurs classes (`multiclasse`), ou un nombre (`régression`)\u202f?"),
    Text(en="For classes, ask which error is costly: a missed case → `recall`; a false alarm "
            "→ `precision`; both alike with a rare positive class → `f1`; both alike and "
            "balanced classes → `accuracy`; several classes, rare ones that matter → "
            "`balanced_accuracy`.",
         fr="Pour des classes, demandez-vous quelle erreur coûte cher\u202f: un cas manqué → "
            "`rappel`\u202f; une fausse alerte → `précision`\u202f; les deux se valent avec une classe "
            "positive rare → `f1`\u202f; les deux se valent et les classes sont équilibrées → "
            "`exactitude`\u202f; plusieurs classes dont des rares qui comptent → `exactitude "
            "équilibrée`."),
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
        "costs. Misconceptions aimed at: accuracy is always a fair summary; precision and recall "
        "are interchangeable; a regression can be judged by accuracy. Debrief: In your field, "
        "which error costs more, a missed case or a false alarm? What does 95 % accuracy mean "
        "when 2 % of cases are positive? When would you report two metrics rather than one?"),
    fr=("Objectifs\u202f: nommer le type de cible, et choisir la mesure d'après ce que coûte chaque "
        "type d'erreur. Idées reçues visées\u202f: l'exactitude serait toujours un bon résumé\u202f; "
        "précision (VPP) et rappel seraient interchangeables\u202f; une régression pourrait se juger à"
        " l'exactitude. Pour le débriefing\u202f: dans votre domaine, quelle erreur coûte le plus, un "
        "cas manqué ou une fausse alerte\u202f? Que vaut une exactitude de 95\u202f% quand 2\u202f% des cas sont"
        " positifs\u202f? Quand rapporter deux mesures plutôt qu'une\u202f?"),
)


FRAME = quiz(
    'frame', None, frame_probe('frame'),
    strata=STRATA,
    pass_score=0.8,
    title=TITLE,
    statement=STATEMENT,
    minutes=15,
    tags=("AI literacy", "framing", "metrics", "quiz"),
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)
