"""M8, AI in health: the rules that apply to health software first, then diagnostic metrics,
operating points, calibration and external validation.

One file per exercise, read top to bottom. The no-code quiz ``health.regulation`` reads its
items from the written bank ``health_software_items`` (``datasets/``) and is built with
:func:`caire_exercises.authoring.quiz.quiz_exercise`.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.health.regulation import REGULATION

__all__ = ["EXERCISES", "MODULE", "REGULATION"]

#: In teaching order.
EXERCISES = (REGULATION,)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="health", code="M8", audience=("all",),
    title=Text(en="AI in health", fr="L'IA en santé"),
    intro=Text(
        en="What a diagnostic model is worth at the bedside, and the rules it must meet: medical device "
           "class, the AI Act, certified hosting of health data and impact assessments; then sensitivity "
           "and specificity, predictive values, operating points, calibration and external validation.",
        fr="Ce que vaut un modèle diagnostique au lit du patient, et les règles qu'il doit respecter\u202f: "
           "classe de dispositif médical, règlement sur l'IA, hébergement certifié des données de santé et "
           "analyses d'impact\u202f; puis sensibilité et spécificité, valeurs prédictives, points de "
           "fonctionnement, calibration et validation externe."),
    exercises=EXERCISES,
)
