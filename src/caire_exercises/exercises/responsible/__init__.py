"""M7, responsible AI: the law first (the AI Act's tiers, the GDPR), then fairness, proxies,
mitigation, explanations, privacy and model cards.

One file per exercise, read top to bottom. The two no-code quizzes read their items from the
written banks ``ai_act_items`` and ``gdpr_items`` (``datasets/``) and are built with
:func:`caire_exercises.authoring.quiz.quiz_exercise`.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.responsible.ai_act_tiers import AI_ACT_TIERS
from caire_exercises.exercises.responsible.gdpr_check import GDPR_CHECK

__all__ = ["AI_ACT_TIERS", "EXERCISES", "GDPR_CHECK", "MODULE"]

#: In teaching order: the no-code quizzes open the module.
EXERCISES = (AI_ACT_TIERS, GDPR_CHECK)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="responsible", code="M7", audience=("all",),
    title=Text(en="Responsible AI", fr="IA responsable"),
    intro=Text(
        en="What the law asks of an AI system (the AI Act's risk tiers, the GDPR), then fairness measured "
           "and audited, proxies of a protected attribute, mitigation that the law allows, explanations that "
           "are not causes, re-identification, and a model card that the data backs.",
        fr="Ce que le droit exige d'un système d'IA (les niveaux de risque du règlement sur l'IA, le RGPD), "
           "puis l'équité mesurée et auditée, les variables qui trahissent un attribut protégé, une "
           "atténuation que le droit permet, des explications qui ne sont pas des causes, la "
           "ré-identification, et une fiche de modèle que les données étayent."),
    exercises=EXERCISES,
)
