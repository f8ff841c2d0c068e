"""M8, AI in health: what a diagnostic model is worth at the bedside.

One file per exercise, read top to bottom (statement, variant, reference, mistakes, hints).
The no-code exercises come first: a 2×2 table (``health.two_by_two``), the alert burden at a
ward's prevalence (``health.alert_burden``) and the flaws of a study's abstract
(``health.read_a_study``); what the value exercises share is in :mod:`caire_exercises.exercises._values`.
Positive means disease everywhere.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.health.alert_burden import ALERT_BURDEN
from caire_exercises.exercises.health.read_a_study import READ_A_STUDY
from caire_exercises.exercises.health.two_by_two import TWO_BY_TWO

#: In teaching order: the no-code exercises first.
EXERCISES = (TWO_BY_TWO, ALERT_BURDEN, READ_A_STUDY)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="health", code="M8", audience=("all",),
    title=Text(en="AI in health", fr="L'IA en santé"),
    intro=Text(
        en="What a diagnostic model is worth at the bedside: sensitivity and specificity, predictive "
           "values at the ward's prevalence, the alerts a team must handle, and how to read a study of "
           "an AI tool. Positive means disease everywhere. The first exercises need no code.",
        fr="Ce que vaut un modèle diagnostique au lit du patient\u202f: sensibilité et spécificité, valeurs "
           "prédictives à la prévalence du service, alertes qu'une équipe doit traiter, et lecture "
           "critique d'une étude d'un outil d'IA. Positif signifie malade partout. Les premiers "
           "exercices se font sans code."),
    exercises=EXERCISES,
)

__all__ = ["ALERT_BURDEN", "EXERCISES", "MODULE", "READ_A_STUDY", "TWO_BY_TWO"]
