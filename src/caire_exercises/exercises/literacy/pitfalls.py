"""literacy.pitfalls: which pitfall a project fell into."""

from __future__ import annotations

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise, replace_option
from caire_exercises.exercises.literacy._common import MODULE_ID, bank, spelling_note, swap

BANK = bank("pitfalls")


_NOTE = spelling_note(
    '"Data leakage", "biais de sélection" and "Distribution-shift"',
    "«\u202fFuite de données\u202f», «\u202fbiais de selection\u202f» et «\u202fdata leakage\u202f»")

TITLE = Text(en="Name the pitfall", fr="Nommer le piège")

STATEMENT = Text(
    en="""Each situation below went wrong in one typical way. Name the pitfall, with a dict that
maps each item's key (in backticks in your list below) to one option:

```python
pitfalls = {"item_key": "option", ...}
```

The options:

- `leakage`: during training or testing, the model sees information it will not have when
  it is used (a field filled in later, test rows used in preprocessing, the same patient on
  both sides of the split);
- `selection_bias`: the way the data were collected left part of the population out, so
  the sample does not represent the people or things the model is meant for;
- `label_bias`: the examples are the right ones, but their labels are systematically wrong,
  or are a biased stand-in for what should be predicted;
- `distribution_shift`: the data were fine when the model was trained, but the world, the
  equipment or the practices changed between training and use.

""" + _NOTE.en + """
French names: `fuite de données`, `biais de sélection`,
`biais d'étiquetage`, `changement de distribution` (or `dérive`).

You pass with at least 75 % of the items right ({pass_count} of your {n_items}).

Your items:

{items_en}""",
    fr="""Chaque situation ci-dessous a mal tourné d'une façon typique. Nommez le piège, par un
dictionnaire qui associe à la clé de chaque question (entre apostrophes inverses dans votre
liste ci-dessous) une option\u202f:

```python
pitfalls = {"item_key": "option", ...}
```

Les options\u202f:

- `fuite de données` (`leakage`)\u202f: pendant l'apprentissage ou le test, le modèle voit une
  information qu'il n'aura pas en utilisation (un champ rempli plus tard, des lignes de test
  utilisées dans le prétraitement, le même patient des deux côtés du découpage)\u202f;
- `biais de sélection` (`selection_bias`)\u202f: la façon dont les données ont été recueillies a
  laissé de côté une partie de la population, si bien que l'échantillon ne représente pas
  les personnes ou les objets auxquels le modèle est destiné\u202f;
- `biais d'étiquetage` (`label_bias`)\u202f: les exemples sont les bons, mais leurs étiquettes
  sont systématiquement fausses, ou sont un substitut biaisé de ce qu'il faudrait prédire\u202f;
- `changement de distribution` (`distribution_shift`)\u202f: les données convenaient quand le
  modèle a été entraîné, mais le monde, l'équipement ou les pratiques ont changé entre
  l'apprentissage et l'utilisation.

""" + _NOTE.fr + """ Les mots `dérive` et `fuite` sont aussi acceptés.

Vous réussissez avec au moins 75\u202f% de bonnes réponses ({pass_count} sur vos {n_items}).

Vos questions\u202f:

{items_fr}""",
)

#: Each student meets every pitfall twice: the toolkit's sample takes the right answers in turn.

MISTAKES = (
    Mistake("leakage_vs_shift", Text(
        en="You confused leakage with distribution shift. Leakage is a flaw of the training "
           "or the evaluation: the model saw information it will not have in use, so its "
           "test score is too good from the start. A distribution shift happens later: the "
           "model was fine, then the data changed.",
        fr="Vous avez confondu fuite de données et changement de distribution. La fuite est "
           "un défaut de l'apprentissage ou de l'évaluation\u202f: le modèle a vu une information "
           "qu'il n'aura pas en utilisation, si bien que son score de test est trop beau dès "
           "le départ. Le changement de distribution survient plus tard\u202f: le modèle allait "
           "bien, puis les données ont changé."),
        QuizAnswers(BANK, swap("leakage", "distribution_shift"))),
    Mistake("selection_vs_label", Text(
        en="You confused selection bias with label bias. Selection bias is about *which* "
           "examples are in the data (some people or cases never enter it); label bias is "
           "about *what the labels say* for the examples that are there (the recorded answer "
           "is systematically wrong or a biased stand-in).",
        fr="Vous avez confondu biais de sélection et biais d'étiquetage. Le biais de "
           "sélection porte sur *quels* exemples figurent dans les données (certaines "
           "personnes ou certains cas n'y entrent jamais)\u202f; le biais d'étiquetage porte sur "
           "*ce que disent les étiquettes* des exemples présents (la réponse enregistrée est "
           "systématiquement fausse ou un substitut biaisé)."),
        QuizAnswers(BANK, swap("selection_bias", "label_bias"))),
    Mistake("selection_vs_shift", Text(
        en="You confused selection bias with distribution shift. Selection bias is built in "
           "when the data are collected (part of the population is left out); a "
           "distribution shift is a change over time or between settings after the model was "
           "trained on data that were fine then.",
        fr="Vous avez confondu biais de sélection et changement de distribution. Le biais de "
           "sélection naît au recueil des données (une partie de la population est laissée "
           "de côté)\u202f; le changement de distribution est un changement dans le temps ou de "
           "contexte, après un apprentissage sur des données qui convenaient alors."),
        QuizAnswers(BANK, swap("selection_bias", "distribution_shift"))),
    Mistake("everything_selection_bias", Text(
        en="You answered \"selection bias\" where the cue points to another pitfall. Look "
           "for the cue of each "
           "pitfall: information the model will not have in use (leakage), labels that are "
           "systematically wrong (label bias), a change after training (distribution shift).",
        fr="Vous avez répondu «\u202fbiais de sélection\u202f» là où l'indice désigne un autre piège. "
           "Cherchez l'indice de "
           "chaque piège\u202f: une information que le modèle n'aura pas en utilisation (fuite de "
           "données), des étiquettes systématiquement fausses (biais d'étiquetage), un "
           "changement après l'apprentissage (changement de distribution)."),
        QuizAnswers(BANK, replace_option("answer", "selection_bias"))),
)

HINTS = (
    Text(en="Leakage: would the model have this information at the moment it is used? A "
            "field filled in after the outcome, test rows used to fit the preprocessing, or "
            "the same patient in training and test all leak.",
         fr="Fuite de données\u202f: le modèle aurait-il cette information au moment où il sert\u202f? "
            "Un champ rempli après l'issue, des lignes de test utilisées pour ajuster le "
            "prétraitement, ou le même patient en apprentissage et en test sont des fuites."),
    Text(en="Selection bias: who is missing from the data, and why (only granted loans, only "
            "volunteers, only survivors)? Label bias: the examples are there, but is the "
            "recorded answer trustworthy for all of them?",
         fr="Biais de sélection\u202f: qui manque dans les données, et pourquoi (seulement les "
            "prêts accordés, seulement des volontaires, seulement les survivants)\u202f? Biais "
            "d'étiquetage\u202f: les exemples sont là, mais la réponse enregistrée est-elle fiable "
            "pour tous\u202f?"),
    Text(en="Distribution shift: did the model work at first, then degrade after something "
            "changed (new equipment, new habits, a new site, adapting fraudsters)?",
         fr="Changement de distribution\u202f: le modèle marchait-il au début, puis s'est-il "
            "dégradé après un changement (nouvel équipement, nouvelles habitudes, nouveau "
            "site, fraudeurs qui s'adaptent)\u202f?"),
)

TEACHER_NOTES = Text(
    en=("Objectives: recognise leakage, selection bias, label bias and distribution shift from "
        "the story of a project. Misconceptions aimed at: every problem with data is \"bias\"; a "
        "great test score proves that a model works. Debrief: How could each pitfall have been "
        "caught before deployment? Which ones can monitoring after deployment catch? Find an "
        "example in your own organisation."),
    fr=("Objectifs\u202f: reconnaître la fuite de données, le biais de sélection, le biais "
        "d'étiquetage et le changement de distribution dans l'histoire d'un projet. Idées reçues "
        "visées\u202f: tout problème de données serait un «\u202fbiais\u202f»\u202f; un excellent score de test "
        "prouverait qu'un modèle marche. Pour le débriefing\u202f: comment chaque piège aurait-il pu "
        "être repéré avant la mise en service\u202f? Lesquels une surveillance après la mise en "
        "service peut-elle repérer\u202f? Trouvez un exemple dans votre propre organisation."),
)


PITFALLS_QUIZ = quiz_exercise(
    BANK, id="literacy.pitfalls", answer_name="pitfalls", n_items=8, pass_score=0.75,
    module=MODULE_ID, difficulty=1, dataset="quiz_items", audience=("all",),
    title=TITLE,
    statement=STATEMENT,
    minutes=10,
    tags=("AI literacy", "pitfalls", "bias", "leakage", "quiz"),
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)
