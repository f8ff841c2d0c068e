"""literacy.genai_limits: which failure of generative AI a situation shows."""

from __future__ import annotations

from caire_exercises.authoring import Mistake, Text
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise
from caire_exercises.exercises.literacy._common import MODULE_ID, bank, spelling_note, swap

BANK = bank("genai_limits")

_NOTE = spelling_note(
    '"Hallucination", "knowledge cut-off" and "non déterministe"',
    "«\u202fHallucination\u202f», «\u202fknowledge cut-off\u202f» et «\u202fnon déterministe\u202f»")

TITLE = Text(en="When generative AI fails", fr="Quand l'IA générative se trompe")

STATEMENT = Text(
    en="""Each situation below shows one typical failure of a generative AI tool (a chatbot, an
assistant, a coding or writing tool). Name it, with a dict that maps each item's key (in backticks
in your list below) to one option:

```python
genai_limits = {"item_key": "option", ...}
```

The options:

- `hallucination`: the tool states something false or unsupported as if it were true (an
  invented reference, a figure its source does not contain); it was never true;
- `outdated_knowledge`: the answer was true when the model's training data were collected, but
  the world changed after that date (its *cut-off*);
- `prompt_injection`: text inside what the tool reads (a document, a web page, an e-mail)
  acts as an instruction and changes what it does;
- `confidentiality_leak`: information reaches someone who should not have it (a provider
  outside the organisation, a user without the right to see it);
- `non_determinism`: the same request gives different answers from one run to the next.

Name the failure itself, not its consequence: a leak caused by a hidden instruction is a
prompt injection.

""" + _NOTE.en + """
French names: `hallucination`, `connaissances périmées`, `injection de prompt`,
`fuite de confidentialité`, `non-déterminisme`.

You pass with at least 80 % of the items right ({pass_count} of your {n_items}).

Your items:

{items_en}""",
    fr="""Chaque situation ci-dessous montre une défaillance typique d'un outil d'IA générative (un
agent conversationnel, un assistant, un outil d'aide à la programmation ou à la rédaction).
Nommez-la, par un dictionnaire qui associe à la clé de chaque question (entre apostrophes
inverses dans votre liste ci-dessous) une option\u202f:

```python
genai_limits = {"item_key": "option", ...}
```

Les options\u202f:

- `hallucination` (`hallucination`)\u202f: l'outil affirme comme vraie une chose fausse ou sans
  fondement (une référence inventée, un chiffre absent de sa source)\u202f; elle n'a jamais été
  vraie\u202f;
- `connaissances périmées` (`outdated_knowledge`)\u202f: la réponse était vraie quand les données
  d'entraînement du modèle ont été recueillies, mais le monde a changé après cette date (sa
  *date de coupure*)\u202f;
- `injection de prompt` (`prompt_injection`)\u202f: un texte contenu dans ce que lit l'outil (un
  document, une page web, un courriel) agit comme une instruction et change ce qu'il fait\u202f;
- `fuite de confidentialité` (`confidentiality_leak`)\u202f: une information parvient à quelqu'un
  qui ne devrait pas l'avoir (un fournisseur extérieur à l'organisation, un utilisateur qui n'a
  pas le droit de la voir)\u202f;
- `non-déterminisme` (`non_determinism`)\u202f: la même demande donne des réponses différentes d'une
  exécution à l'autre.

Nommez la défaillance elle-même, pas sa conséquence\u202f: une fuite provoquée par une instruction
cachée est une injection de prompt.

""" + _NOTE.fr + """

Vous réussissez avec au moins 80\u202f% de bonnes réponses ({pass_count} sur vos {n_items}).

Vos questions\u202f:

{items_fr}""",
)


#: Ten items, two of each failure (the toolkit's sample takes the right answers in turn), so
#: that each confusion below touches four items and costs the pass.
MISTAKES = (
    Mistake("hallucination_vs_outdated", Text(
        en="You confused a hallucination with outdated knowledge. Ask whether the answer was ever "
           "true: an invented ruling or function never was (hallucination); a former rate, a "
           "former chief executive or a renamed function was, before the model's training data "
           "ended (outdated knowledge).",
        fr="Vous avez confondu hallucination et connaissances périmées. Demandez-vous si la réponse "
           "a jamais été vraie\u202f: un arrêt ou une fonction inventés ne l'ont jamais été "
           "(hallucination)\u202f; un ancien taux, un ancien directeur ou une fonction renommée l'ont "
           "été, avant la fin des données d'entraînement du modèle (connaissances périmées)."),
        QuizAnswers(BANK, swap("hallucination", "outdated_knowledge"))),
    Mistake("injection_vs_leak", Text(
        en="You confused a prompt injection with a confidentiality leak. A prompt injection is an "
           "instruction hidden in what the tool reads, which makes it act (it may then leak data, "
           "but the cause is the injection); a confidentiality leak is information reaching "
           "someone who should not have it, with no hidden order: pasting secrets into a public "
           "tool, an assistant ignoring access rights.",
        fr="Vous avez confondu injection de prompt et fuite de confidentialité. Une injection de "
           "prompt est une instruction cachée dans ce que lit l'outil, qui le fait agir (il peut "
           "ensuite laisser fuiter des données, mais la cause est l'injection)\u202f; une fuite de "
           "confidentialité est une information qui parvient à quelqu'un qui ne devrait pas l'avoir, "
           "sans ordre caché\u202f: des secrets collés dans un outil public, un assistant qui ignore "
           "les droits d'accès."),
        QuizAnswers(BANK, swap("prompt_injection", "confidentiality_leak"))),
    Mistake("variation_vs_hallucination", Text(
        en="You confused non-determinism with hallucination. When the same request gets different "
           "answers from one run to the next, the failure is the variation itself "
           "(non-determinism), even if neither answer is invented; a hallucination is a false or "
           "unsupported statement, which may come out the same every time.",
        fr="Vous avez confondu non-déterminisme et hallucination. Quand la même demande reçoit des "
           "réponses différentes d'une exécution à l'autre, la défaillance est la variation "
           "elle-même (non-déterminisme), même si aucune réponse n'est inventée\u202f; une "
           "hallucination est une affirmation fausse ou sans fondement, qui peut revenir à "
           "l'identique à chaque fois."),
        QuizAnswers(BANK, swap("non_determinism", "hallucination"))),
    Mistake("everything_hallucination", Text(
        en="You answered \"hallucination\" where the cue points to another failure. Not every wrong "
           "output is invented: check whether it was true once (outdated knowledge), whether an "
           "instruction was hidden in what the tool read (prompt injection), whether information "
           "went where it should not (confidentiality leak), whether the same request gives "
           "different answers (non-determinism).",
        fr="Vous avez répondu «\u202fhallucination\u202f» là où l'indice désigne une autre défaillance. "
           "Toute sortie fausse n'est pas inventée\u202f: voyez si elle a été vraie un jour "
           "(connaissances périmées), si une instruction était cachée dans ce que l'outil a lu "
           "(injection de prompt), si une information est allée là où elle ne devait pas (fuite de "
           "confidentialité), si la même demande donne des réponses différentes (non-déterminisme)."),
        QuizAnswers(BANK, lambda item: {"answer": ("hallucination",)})),
)

HINTS = (
    Text(en="First ask whether the output is false, and if so, whether it was ever true: never "
            "true → `hallucination`; true before the model's training data ended → "
            "`outdated_knowledge`.",
         fr="Demandez-vous d'abord si la sortie est fausse et, si oui, si elle a jamais été vraie\u202f: "
            "jamais vraie → `hallucination`\u202f; vraie avant la fin des données d'entraînement du "
            "modèle → `connaissances périmées`."),
    Text(en="Did something the tool read (a CV, a web page, an e-mail) contain a sentence that "
            "acted as an order? That is `prompt_injection`, whatever it led to.",
         fr="Un contenu lu par l'outil (un CV, une page web, un courriel) contenait-il une phrase qui "
            "a agi comme un ordre\u202f? C'est une `injection de prompt`, quelle qu'en soit la suite."),
    Text(en="Did information reach someone who should not have it, with no hidden order? "
            "`confidentiality_leak`. Does the same request give different answers from run to "
            "run? `non_determinism`.",
         fr="Une information est-elle parvenue à quelqu'un qui ne devait pas l'avoir, sans ordre "
            "caché\u202f? `fuite de confidentialité`. La même demande donne-t-elle des réponses "
            "différentes d'une fois à l'autre\u202f? `non-déterminisme`."),
)

TEACHER_NOTES = Text(
    en=("Objectives: recognise five failures of generative AI tools (hallucination, outdated "
        "knowledge, prompt injection, confidentiality leak, non-determinism) from a situation, and "
        "name the safeguard that fits each. Misconceptions aimed at: every wrong output is a "
        "hallucination; a fluent answer with references is reliable; a leak is only a hacker's "
        "doing; asking again checks an answer. Debrief: Which of these failures could happen with "
        "the tools your organisation uses, and what would catch it? Why does asking the same "
        "question twice not verify an answer? Who checks a generated document before it is sent "
        "or signed?"),
    fr=("Objectifs\u202f: reconnaître dans une situation cinq défaillances des outils d'IA générative "
        "(hallucination, connaissances périmées, injection de prompt, fuite de confidentialité, "
        "non-déterminisme) et nommer la précaution qui convient à chacune. Idées reçues visées\u202f: "
        "toute sortie fausse serait une hallucination\u202f; une réponse fluide et référencée serait "
        "fiable\u202f; une fuite serait forcément l'œuvre d'un pirate\u202f; reposer la question "
        "vérifierait la réponse. Pour le débriefing\u202f: lesquelles de ces défaillances pourraient "
        "survenir avec les outils de votre organisation, et qu'est-ce qui les repérerait\u202f? "
        "Pourquoi poser deux fois la même question ne vérifie-t-il pas une réponse\u202f? Qui relit un "
        "document généré avant qu'il soit envoyé ou signé\u202f?"),
)


GENAI_LIMITS = quiz_exercise(
    BANK, id="literacy.genai_limits", answer_name="genai_limits", n_items=10, pass_score=0.8,
    module=MODULE_ID, difficulty=1, dataset="genai_limits", audience=("all",),
    title=TITLE,
    statement=STATEMENT,
    minutes=10,
    tags=("AI literacy", "generative AI", "quiz"),
    mistakes=MISTAKES,
    hints=HINTS,
    teacher_notes=TEACHER_NOTES,
)
