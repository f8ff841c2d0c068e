"""M7, responsible AI: the law first (the AI Act's tiers, the GDPR), then fairness, proxies,
mitigation, explanations, privacy and model cards.

One file per exercise, read top to bottom (statement, reference, cases, variant, facts,
mistakes, hints). The no-code exercises open the module: two quizzes whose items are the
written banks ``ai_act_items`` and ``gdpr_items`` (``datasets/``), built with
:func:`caire_exercises.authoring.quiz.quiz_exercise`, and a model card answered with a dict.
The code exercises share their data in :mod:`._common` and their probes in :mod:`.probes`;
every verdict is a fact evaluated by the judge, from what the probe observed and from what
only the judge holds (held-out labels, the value planted in a generated table).
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.responsible.ai_act_tiers import AI_ACT_TIERS
from caire_exercises.exercises.responsible.credit_audit import CREDIT_AUDIT, audit
from caire_exercises.exercises.responsible.explain import EXPLAIN, explain
from caire_exercises.exercises.responsible.fairness_metrics import FAIRNESS_METRICS, fairness_metrics
from caire_exercises.exercises.responsible.gdpr_check import GDPR_CHECK
from caire_exercises.exercises.responsible.mitigation import MITIGATION, mitigate, thresholds_verdict
from caire_exercises.exercises.responsible.model_card import MODEL_CARD
from caire_exercises.exercises.responsible.proxies import PROXIES_EXERCISE, proxy_auc
from caire_exercises.exercises.responsible.reidentify import REIDENTIFY, generalise, reidentify

__all__ = ["AI_ACT_TIERS", "CREDIT_AUDIT", "EXERCISES", "EXPLAIN", "FAIRNESS_METRICS", "GDPR_CHECK", "MITIGATION",
           "MODEL_CARD", "MODULE", "PROXIES_EXERCISE", "REIDENTIFY", "audit", "explain", "fairness_metrics",
           "generalise", "mitigate", "proxy_auc", "reidentify", "thresholds_verdict"]

#: In teaching order: the no-code exercises open the module.
EXERCISES = (AI_ACT_TIERS, GDPR_CHECK, MODEL_CARD, FAIRNESS_METRICS, CREDIT_AUDIT, PROXIES_EXERCISE, MITIGATION,
             EXPLAIN, REIDENTIFY)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="responsible", code="M7", audience=("all",),
    title=Text(en="Responsible AI", fr="IA responsable"),
    intro=Text(
        en="What the law asks of an AI system (the AI Act's risk tiers, the GDPR) and a model card that the "
           "data backs, without code; then, for engineers, fairness measured and audited, proxies of a "
           "protected attribute, mitigation that the law allows, explanations that are not causes, and "
           "re-identification.",
        fr="Ce que le droit exige d'un système d'IA (les niveaux de risque du règlement sur l'IA, le RGPD) et "
           "une fiche de modèle que les données étayent, sans code\u202f; puis, pour les ingénieurs, l'équité "
           "mesurée et auditée, les variables qui trahissent un attribut protégé, une atténuation que le "
           "droit permet, des explications qui ne sont pas des causes, et la ré-identification."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: past credit decisions (generated data). Approval rates differ between groups;\n'
           '# whether that gap is a bias is what this module teaches you to find out.\n'
           'from caire_exercises.data import load\n\n'
           'credit = load("credit")\n'
           'credit.groupby("group")[["approved", "income"]].mean().round(2)',
        fr='# Essayez\u202f: des décisions de crédit passées (données générées). Les taux d\'acceptation\n'
           '# diffèrent entre groupes\u202f; ce module apprend à établir si cet écart est un biais.\n'
           'from caire_exercises.data import load\n\n'
           'credit = load("credit")\n'
           'credit.groupby("group")[["approved", "income"]].mean().round(2)'),
)
