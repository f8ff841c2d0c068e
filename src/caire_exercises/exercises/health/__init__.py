"""M8, AI in health: diagnostic metrics, operating points, calibration and external validation.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts, mistakes, hints); the data they share is in :mod:`._common`,
the probes in :mod:`.probes`. Positive means disease (or the event) in every
exercise. Values an answer computes are compared with the reference's on the
same inputs; models and intervals are judged by what they do on rows or
populations that only the judge knows.

scikit-learn and pandas are imported inside functions only.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.health.calibration import CALIBRATION, calibration_report
from caire_exercises.exercises.health.decision_curve import DECISION_CURVE, net_benefit
from caire_exercises.exercises.health.diagnostic_metrics import DIAGNOSTIC_METRICS, diagnostic_metrics
from caire_exercises.exercises.health.external_validation import EXTERNAL_VALIDATION, external_validation
from caire_exercises.exercises.health.imbalance import IMBALANCE, imbalance_metrics, make_model
from caire_exercises.exercises.health.operating_point import OPERATING_POINT, operating_point
from caire_exercises.exercises.health.small_samples import SMALL_SAMPLES, bootstrap_auc, wilson_interval

__all__ = ["CALIBRATION", "DECISION_CURVE", "DIAGNOSTIC_METRICS", "EXERCISES", "EXTERNAL_VALIDATION",
           "IMBALANCE", "MODULE", "OPERATING_POINT", "SMALL_SAMPLES", "bootstrap_auc", "calibration_report",
           "diagnostic_metrics", "external_validation", "imbalance_metrics", "make_model", "net_benefit",
           "operating_point", "wilson_interval"]

#: In teaching order; the no-code exercises of the module come first once merged.
EXERCISES = (DIAGNOSTIC_METRICS, OPERATING_POINT, IMBALANCE, CALIBRATION, SMALL_SAMPLES, EXTERNAL_VALIDATION,
             DECISION_CURVE)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="health", code="M8", audience=("all",),
    title=Text(en="AI in health", fr="L'IA en santé"),
    intro=Text(
        en="What a diagnostic model is worth at the bedside: sensitivity and specificity, predictive "
           "values at the ward's prevalence, the operating point, rare events, calibration, small "
           "samples, external validation in other hospitals and decision curves. Positive means "
           "disease everywhere.",
        fr="Ce que vaut un modèle diagnostique au lit du patient : sensibilité et spécificité, "
           "valeurs prédictives à la prévalence du service, point de fonctionnement, événements rares, "
           "calibration, petits échantillons, validation externe dans d'autres hôpitaux et courbes de "
           "décision. Positif signifie malade partout."),
    exercises=EXERCISES,
)
