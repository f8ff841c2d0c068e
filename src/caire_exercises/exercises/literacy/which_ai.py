"""literacy.which_ai: which kind of system a situation describes."""

from __future__ import annotations

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise, replace_option
from caire_exercises.exercises.literacy._common import MODULE_ID, bank, counts_sample, spelling_note

BANK = bank("which_ai")

_NOTE = spelling_note(
    '"Supervised learning", "rule-based" and "IA générative"',
    "«\u202fapprentissage supervisé\u202f», «\u202fà base de règles\u202f» et «\u202fGenerative AI\u202f»")

TITLE = Text(en="Which kind of AI system?", fr="Quel type de système d'IA\u202f?")

STATEMENT = Text(
    en="""For each situation below, say which kind of system it describes. Answer with a dict
that maps each item's key (in backticks in your list below) to one option:

```python
which_ai = {"item_key": "option", ...}
```

The options:

- `supervised`: learns from past examples whose right answer (the *label*) is known, to
  predict it for new cases;
- `unsupervised`: finds structure in data that has no label (groups, unusual cases, a
  summary of many variables);
- `reinforcement`: learns to act by trial and error, from rewards;
- `rules`: applies rules, thresholds or a score grid fixed by people, as they are; the
  system learns nothing from the data it meets (even when the grid's points were once derived
  from a study's data, as for many clinical scores);
- `generative`: produces new content (text, images, code, artificial records).

""" + _NOTE.en + """
French names: `supervisé`, `non supervisé`, `renforcement`,
`règles`, `génératif`. Usual synonyms are read too (`clustering`, `règles métier`, `LLM`);
a task such as `classification` or `regression` is not a kind of system, and is not read.

You pass with at least 80 % of the items right ({pass_count} of your {n_items}).

Your items:

{items_en}""",
    fr="""Pour chaque situation ci-dessous, dites quel type de système elle décrit. Répondez par un
dictionnaire qui associe à la clé de chaque question (entre apostrophes inverses dans votre
liste ci-dessous) une option\u202f:

```python
which_ai = {"item_key": "option", ...}
```

Les options\u202f:

- `supervisé` (`supervised`)\u202f: apprend sur des exemples passés dont la bonne réponse
  (l'*étiquette*) est connue, pour la prédire sur de nouveaux cas\u202f;
- `non supervisé` (`unsupervised`)\u202f: trouve une structure dans des données sans étiquette
  (des groupes, des cas inhabituels, un résumé de nombreuses variables)\u202f;
- `renforcement` (`reinforcement`)\u202f: apprend à agir par essais et erreurs, grâce à des
  récompenses\u202f;
- `règles` (`rules`)\u202f: applique telles quelles des règles, des seuils ou une grille de score
  fixés par des personnes\u202f; le système n'apprend rien des données qu'il rencontre (même
  quand les points de la grille ont été tirés un jour des données d'une étude, comme pour
  bien des scores cliniques)\u202f;
- `génératif` (`generative`)\u202f: produit un contenu nouveau (texte, images, code, dossiers
  artificiels).

""" + _NOTE.fr + """ Les synonymes usuels sont lus aussi (`clustering`, `partitionnement`,
`règles métier`, `LLM`) ; une tâche comme `classification` ou `régression` n'est pas un type de
système, et n'est pas lue.

Vous réussissez avec au moins 80 % de bonnes réponses ({pass_count} sur vos {n_items}).

Vos questions\u202f:

{items_fr}""",
)

#: Each student meets every kind of answer, as many times as the declared mistakes need;
#: a course that sets the domains or the number of items gets the toolkit's stratified sample.
SAMPLE = counts_sample(BANK, {"supervised": 2, "unsupervised": 2, "reinforcement": 1, "rules": 2,
                              "generative": 1})

MISTAKES = (
    Mistake("everything_generative", Text(
        en="You called systems that predict a label, find groups or learn to act "
           "\"generative\". Generative AI produces new content (text, images, code). A system "
           "that learns from labelled examples is supervised; one that finds structure "
           "without labels is unsupervised; one that learns from rewards is reinforcement "
           "learning.",
        fr="Vous avez qualifié de «\u202fgénératifs\u202f» des systèmes qui prédisent une étiquette, "
           "trouvent des groupes ou apprennent à agir. L'IA générative produit un contenu "
           "nouveau (texte, images, code). Un système qui apprend sur des exemples "
           "étiquetés est supervisé\u202f; celui qui trouve une structure sans étiquette est non "
           "supervisé\u202f; celui qui apprend grâce à des récompenses relève du renforcement."),
        QuizAnswers(BANK, replace_option("answer", "generative", "supervised", "unsupervised",
                                         "reinforcement"))),
    Mistake("unsupervised_with_labels", Text(
        en="You answered \"unsupervised\" where the past examples come with their right "
           "answer (a label: left or stayed, fracture or not, the final price). When labels "
           "are known and the system learns to predict them, it is supervised learning.",
        fr="Vous avez répondu «\u202fnon supervisé\u202f» là où les exemples passés sont accompagnés "
           "de leur bonne réponse (une étiquette\u202f: parti ou resté, fracture ou non, le prix "
           "final). Quand les étiquettes sont connues et que le système apprend à les "
           "prédire, c'est de l'apprentissage supervisé."),
        QuizAnswers(BANK, replace_option("answer", "unsupervised", "supervised"))),
    Mistake("learning_means_supervised", Text(
        en="You answered \"supervised\" for a system that learns without labels or from "
           "rewards, as if learning from data always meant supervised learning. Supervised "
           "learning needs a known right answer for each example. Finding groups or unusual cases "
           "without labels is unsupervised; learning to act from rewards is reinforcement "
           "learning.",
        fr="Vous avez répondu «\u202fsupervisé\u202f» pour un système qui apprend sans étiquette ou "
           "grâce à des récompenses, comme si apprendre à partir de données voulait toujours "
           "dire «\u202fapprentissage supervisé\u202f». L'apprentissage supervisé demande une bonne réponse connue pour chaque "
           "exemple. Trouver des groupes ou des cas inhabituels sans étiquette relève de "
           "l'apprentissage non supervisé\u202f; apprendre à agir grâce à des récompenses, de "
           "l'apprentissage par renforcement."),
        QuizAnswers(BANK, replace_option("answer", "supervised", "unsupervised", "reinforcement"))),
    Mistake("rules_as_learning", Text(
        en="You took hand-written rules for a learnt model. When people fixed the thresholds "
           "or the table (a policy, a manual, a score grid) and the system applies them as they "
           "are, it learns nothing from the data it meets, even if the grid's points were once "
           "derived from a study's data: it is a rule-based system, however \"smart\" it looks.",
        fr="Vous avez pris des règles écrites à la main pour un modèle appris. Quand des "
           "personnes ont fixé les seuils ou la table (une politique, un manuel, une grille "
           "de score) et que le système les applique telles quelles, il n'apprend rien des "
           "données qu'il rencontre, même si les points de la grille ont été tirés un jour des "
           "données d'une étude\u202f: c'est un système à base de règles, aussi "
           "«\u202fintelligent\u202f» qu'il paraisse."),
        QuizAnswers(BANK, replace_option("answer", "supervised", "rules"))),
)

HINTS = (
    Text(en="Ask first: does the system learn from data at all? If people fixed its rules, "
            "thresholds or score grid and it applies them as they are, the answer is `rules`.",
         fr="Demandez-vous d'abord\u202f: le système apprend-il à partir de données\u202f? Si des "
            "personnes ont fixé ses règles, ses seuils ou sa grille de score et qu'il les applique "
            "tels quels, la réponse est `règles`."),
    Text(en="If it learns from data: are the right answers (labels) known for past examples? "
            "Yes: `supervised`. No label, it looks for structure: `unsupervised`. It acts and "
            "receives rewards: `reinforcement`.",
         fr="S'il apprend à partir de données\u202f: les bonnes réponses (étiquettes) sont-elles "
            "connues pour les exemples passés\u202f? Oui\u202f: `supervisé`. Pas d'étiquette, il cherche "
            "une structure\u202f: `non supervisé`. Il agit et reçoit des récompenses\u202f: "
            "`renforcement`."),
    Text(en="Does it produce new content (text, images, code, artificial records)? Then it is "
            "`generative`, even though it was trained on examples.",
         fr="Produit-il un contenu nouveau (texte, images, code, dossiers artificiels)\u202f? C'est "
            "alors `génératif`, même s'il a été entraîné sur des exemples."),
)

TEACHER_NOTES = Text(
    en=("Objectives: tell supervised, unsupervised, reinforcement, rule-based and generative "
        "systems apart from a description of what they do. Misconceptions aimed at: anything "
        "\"smart\" learns; learning from data always means supervised learning; a score grid once "
        "derived from data keeps learning in use. Debrief: Which clue in the situation decided "
        "your answer? Can one product combine two kinds (rules on top of a learnt model)? Who "
        "answers for an error of a rule-based system, and of a learnt one?"),
    fr=("Objectifs\u202f: distinguer, d'après la description de ce qu'ils font, les systèmes "
        "supervisés, non supervisés, par renforcement, à base de règles et génératifs. Idées "
        "reçues visées\u202f: tout ce qui paraît «\u202fintelligent\u202f» apprendrait\u202f; apprendre à partir de "
        "données voudrait toujours dire apprentissage supervisé\u202f; une grille de score tirée un "
        "jour de données continuerait d'apprendre en fonctionnement. Pour le débriefing\u202f: quel "
        "indice de la situation a décidé de votre réponse\u202f? Un même produit peut-il combiner deux"
        " types (des règles au-dessus d'un modèle appris)\u202f? Qui répond d'une erreur d'un système "
        "à base de règles, et de celle d'un modèle appris\u202f?"),
)


WHICH_AI = quiz_exercise(
    BANK, id="literacy.which_ai", answer_name="which_ai", n_items=8, pass_score=0.8, sample=SAMPLE,
    module=MODULE_ID, difficulty=1, dataset="quiz_items", audience=("all",),
    title=TITLE,
    statement=STATEMENT,
    minutes=10,
    tags=("AI literacy", "kinds of AI", "quiz"),
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)
