"""M9, using AI at work: when a generative tool may be used and with what safeguards, then
checking its outputs, measuring the time it saves and comparing prompts.

One file per exercise, read top to bottom. The no-code quiz ``work.usage_policy`` reads its
items from the written bank ``usage_policy_items`` (``datasets/``) and is built with
:func:`caire_exercises.authoring.quiz.quiz_exercise`.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.work.usage_policy import USAGE_POLICY

__all__ = ["EXERCISES", "MODULE", "USAGE_POLICY"]

#: In teaching order.
EXERCISES = (USAGE_POLICY,)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="work", code="M9", audience=("all",),
    title=Text(en="Using AI at work", fr="Utiliser l'IA au travail"),
    intro=Text(
        en="When a generative AI tool may be used at work, and with which safeguards; then spotting "
           "unsupported statements, measuring the time really saved, comparing prompts and judges, and "
           "removing personal data before prompting. Everything runs offline, on recorded outputs.",
        fr="Quand un outil d'IA générative peut servir au travail, et avec quelles précautions\u202f; puis "
           "repérer les affirmations sans fondement, mesurer le temps réellement gagné, comparer des "
           "consignes et des juges, et retirer les données personnelles avant de solliciter un modèle. Tout "
           "fonctionne hors ligne, sur des sorties enregistrées."),
    exercises=EXERCISES,
)
