"""M9, using AI at work: the no-code exercises first, then code for engineers.

One file per exercise, read top to bottom (statement, variant, reference, mistakes, hints).
``work.spot_the_hallucination`` checks a summary against its source (texts written by the
project, the summaries written to imitate a model's output); ``work.time_saved`` counts the
minutes a drafting tool saves once review and errors are paid for. What the value exercises
share is in :mod:`caire_exercises.exercises._values`. Nothing calls or downloads a model.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.work.spot_the_hallucination import SPOT_THE_HALLUCINATION
from caire_exercises.exercises.work.time_saved import TIME_SAVED

#: In teaching order: the no-code exercises first.
EXERCISES = (SPOT_THE_HALLUCINATION, TIME_SAVED)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="work", code="M9", audience=("all",),
    title=Text(en="Using AI at work", fr="Utiliser l'IA au travail"),
    intro=Text(
        en="Using generative AI at work without a model download: checking what comes out of it, and "
           "measuring whether a tool really saves time. The first exercises need no code.",
        fr="Utiliser l'IA générative au travail sans télécharger de modèle\u202f: vérifier ce qui en sort, "
           "et mesurer si un outil fait vraiment gagner du temps. Les premiers exercices se font sans "
           "code."),
    exercises=EXERCISES,
)

__all__ = ["EXERCISES", "MODULE", "SPOT_THE_HALLUCINATION", "TIME_SAVED"]
