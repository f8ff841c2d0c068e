"""M9, using AI at work: the no-code exercises first, then code for engineers.

One file per exercise, read top to bottom (statement, variant, reference, cases, facts,
mistakes, hints). What a request may contain (an item bank, ``datasets/usage_policy_items``),
a summary checked against its source, and the minutes a drafting tool really saves need no
code; comparing prompts, a judge's agreement with people, grounding, redaction, answer
scoring and structured outputs follow. The "model outputs" are the recorded ones the
library ships, written by the project: nothing calls or downloads a model.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.work.answer_scoring import ANSWER_SCORING, exact_match, normalise, token_f1
from caire_exercises.exercises.work.grounding import GROUNDING, flag_answers
from caire_exercises.exercises.work.judge_agreement import JUDGE_AGREEMENT, cohen_kappa
from caire_exercises.exercises.work.pii_redaction import PII_REDACTION, redact
from caire_exercises.exercises.work.prompt_comparison import PROMPT_COMPARISON, compare_prompts
from caire_exercises.exercises.work.spot_the_hallucination import SPOT_THE_HALLUCINATION
from caire_exercises.exercises.work.structured_output import STRUCTURED_OUTPUT, is_valid, repair
from caire_exercises.exercises.work.time_saved import TIME_SAVED
from caire_exercises.exercises.work.usage_policy import USAGE_POLICY

TRY_EN = '# Try it: recorded chatbot outputs (written by the project, no model is called) and the\n# accuracy of each prompt template.\nfrom caire_exercises.data import load\n\noutputs = load("chatbot_outputs")\nprint(outputs.groupby("prompt_template")["correct"].mean())\noutputs[["prompt_template", "question", "model_output", "correct"]].head()'
TRY_FR = '# Essayez\u202f: des réponses de chatbot enregistrées (écrites par le projet, aucun modèle n\'est\n# appelé) et l\'exactitude de chaque modèle de prompt.\nfrom caire_exercises.data import load\n\noutputs = load("chatbot_outputs")\nprint(outputs.groupby("prompt_template")["correct"].mean())\noutputs[["prompt_template", "question", "model_output", "correct"]].head()'

#: In teaching order: the no-code exercises first.
EXERCISES = (USAGE_POLICY, SPOT_THE_HALLUCINATION, TIME_SAVED, PROMPT_COMPARISON, JUDGE_AGREEMENT, GROUNDING, PII_REDACTION, ANSWER_SCORING, STRUCTURED_OUTPUT,)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="work", code="M9", audience=("all",),
    title=Text(en="Using AI at work", fr="Utiliser l'IA au travail"),
    intro=Text(
        en="Using generative AI at work, offline and without a model download. First without code: "
           "what may go into a prompt and with which safeguards, spotting what a summary says that its "
           "source does not, and whether a drafting tool saves time once review and errors are paid "
           "for. Then, for engineers: comparing prompts, a model judge's agreement with people, "
           "grounding, removing personal data before prompting, scoring answers and checking "
           "structured outputs.",
        fr="Utiliser l'IA générative au travail, hors ligne et sans télécharger de modèle. D'abord sans "
           "code : ce qui peut entrer dans un prompt et avec quelles précautions, repérer ce qu'un "
           "résumé affirme sans que sa source le dise, et savoir si un outil de rédaction fait gagner du "
           "temps une fois la relecture et les erreurs comptées. Puis, pour les ingénieurs : comparer "
           "des prompts, l'accord d'un juge automatique avec des personnes, l'ancrage dans les sources, "
           "retirer les données personnelles avant de solliciter un modèle, noter des réponses et "
           "vérifier des sorties structurées."),
    exercises=EXERCISES,
    try_it=Text(
        en=TRY_EN,
        fr=TRY_FR),
)

__all__ = ["ANSWER_SCORING", "EXERCISES", "GROUNDING", "JUDGE_AGREEMENT", "MODULE", "PII_REDACTION", "PROMPT_COMPARISON", "SPOT_THE_HALLUCINATION", "STRUCTURED_OUTPUT", "TIME_SAVED", "USAGE_POLICY", "cohen_kappa", "compare_prompts", "exact_match", "flag_answers", "is_valid", "normalise", "redact", "repair", "token_f1"]
