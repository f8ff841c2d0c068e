"""M7, responsible AI: fairness metrics and audits, proxies, mitigation, explanations, privacy, model cards.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts, mistakes, hints); the data they share is in :mod:`._common`,
the probes in :mod:`.probes`. Every verdict is a fact evaluated by the judge,
from what the probe observed and from what only the judge holds (held-out
labels, the value planted in a generated table).

scikit-learn and pandas are imported inside functions only.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.responsible.credit_audit import CREDIT_AUDIT, audit
from caire_exercises.exercises.responsible.explain import EXPLAIN, explain
from caire_exercises.exercises.responsible.fairness_metrics import FAIRNESS_METRICS, fairness_metrics
from caire_exercises.exercises.responsible.mitigation import MITIGATION, mitigate, thresholds_verdict
from caire_exercises.exercises.responsible.model_card import MODEL_CARD
from caire_exercises.exercises.responsible.proxies import PROXIES_EXERCISE, proxy_auc
from caire_exercises.exercises.responsible.reidentify import REIDENTIFY, generalise, reidentify

__all__ = ["CREDIT_AUDIT", "EXERCISES", "EXPLAIN", "FAIRNESS_METRICS", "MITIGATION", "MODEL_CARD", "MODULE", "PROXIES_EXERCISE", "REIDENTIFY", "audit", "explain", "fairness_metrics",
           "generalise", "mitigate", "proxy_auc",
           "reidentify", "thresholds_verdict"]

#: In teaching order (the no-code quizzes ai_act_tiers and gdpr_check come first once merged).
EXERCISES = (MODEL_CARD, FAIRNESS_METRICS, CREDIT_AUDIT, PROXIES_EXERCISE, MITIGATION, EXPLAIN, REIDENTIFY)

MODULE = Module(
    id="responsible", code="M7", audience=("all",),
    title=Text(en="Responsible AI", fr="IA responsable"),
    intro=Text(
        en="Fairness measured and audited, proxies of a protected attribute, mitigation that the law "
           "allows, explanations that are not causes, re-identification and k-anonymity, and a model "
           "card that the data backs.",
        fr="L'équité mesurée et auditée, les variables qui trahissent un attribut protégé, une "
           "atténuation que le droit permet, des explications qui ne sont pas des causes, la "
           "ré-identification et la k-anonymat, et une fiche de modèle que les données étayent."),
    exercises=EXERCISES,
)
