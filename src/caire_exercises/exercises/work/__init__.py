"""M9, using AI at work: the no-code exercises first, then code for engineers.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts, mistakes, hints); what they share is in ``_common``, and what
the checker observes of an answer in ``probes`` (which imports no reference
and no mistake). The "model outputs" are the recorded ones the library ships,
written by the project: nothing calls or downloads a model.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.work.answer_scoring import ANSWER_SCORING, exact_match, normalise, token_f1
from caire_exercises.exercises.work.grounding import GROUNDING, flag_answers
from caire_exercises.exercises.work.judge_agreement import JUDGE_AGREEMENT, cohen_kappa
from caire_exercises.exercises.work.pii_redaction import PII_REDACTION, redact
from caire_exercises.exercises.work.prompt_comparison import PROMPT_COMPARISON, compare_prompts
from caire_exercises.exercises.work.structured_output import STRUCTURED_OUTPUT, is_valid, repair

EXERCISES = (PROMPT_COMPARISON, JUDGE_AGREEMENT, GROUNDING, PII_REDACTION, ANSWER_SCORING,
             STRUCTURED_OUTPUT)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="work", code="M9", audience=("all",),
    title=Text(en="Using AI at work", fr="Utiliser l'IA au travail"),
    intro=Text(
        en="Using generative AI at work without a model download: what may go into a prompt, "
           "checking what comes out, and measuring whether a prompt or a tool really helps. The "
           "first exercises need no code; the later ones are for engineers.",
        fr="Utiliser l'IA générative au travail sans télécharger de modèle : ce qui peut entrer "
           "dans un prompt, vérifier ce qui en sort, et mesurer si un prompt ou un outil aide "
           "vraiment. Les premiers exercices se font sans code ; les suivants s'adressent aux "
           "ingénieurs."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: recorded chatbot outputs (written by the project, no model is called) and the '
           'accuracy of each prompt template.\nfrom caire_exercises.data import load\n\n'
           'outputs = load("chatbot_outputs")\nprint(outputs.groupby("prompt_template")["correct"].mean())\n'
           'outputs[["prompt_template", "question", "model_output", "correct"]].head()',
        fr='# Essayez\u202f: des réponses de chatbot enregistrées (écrites par le projet, aucun modèle '
           'n\'est appelé) et l\'exactitude de chaque modèle de prompt.\nfrom caire_exercises.data import load\n\n'
           'outputs = load("chatbot_outputs")\nprint(outputs.groupby("prompt_template")["correct"].mean())\n'
           'outputs[["prompt_template", "question", "model_output", "correct"]].head()'),
)

__all__ = ["ANSWER_SCORING", "EXERCISES", "GROUNDING", "JUDGE_AGREEMENT", "MODULE", "PII_REDACTION", "PROMPT_COMPARISON", "STRUCTURED_OUTPUT", "cohen_kappa",
           "compare_prompts", "exact_match", "flag_answers", "is_valid", "normalise", "redact", "repair",
           "token_f1"]
