"""M8, AI in health: what a diagnostic model is worth at the bedside, and the rules it must meet.

One file per exercise, read top to bottom (statement, variant, reference, cases, facts,
mistakes, hints). The no-code exercises come first: a 2×2 table in natural frequencies,
the alert burden at a ward's prevalence, the flaws of a study's abstract and the rules that
apply to health software (an item bank, ``datasets/health_software_items``); then code for
engineers: diagnostic metrics, operating points, rare events, calibration, small samples,
external validation and decision curves. What the value exercises share is in
:mod:`caire_exercises.exercises._values`, the code exercises' data in :mod:`._common` and
their probes in :mod:`.probes`. Positive means disease everywhere.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.health.alert_burden import ALERT_BURDEN
from caire_exercises.exercises.health.calibration import CALIBRATION, calibration_report
from caire_exercises.exercises.health.decision_curve import DECISION_CURVE, net_benefit
from caire_exercises.exercises.health.diagnostic_metrics import DIAGNOSTIC_METRICS, diagnostic_metrics
from caire_exercises.exercises.health.external_validation import EXTERNAL_VALIDATION, external_validation
from caire_exercises.exercises.health.imbalance import IMBALANCE, imbalance_metrics, make_model
from caire_exercises.exercises.health.operating_point import OPERATING_POINT, operating_point
from caire_exercises.exercises.health.read_a_study import READ_A_STUDY
from caire_exercises.exercises.health.regulation import REGULATION
from caire_exercises.exercises.health.small_samples import SMALL_SAMPLES, bootstrap_auc, wilson_interval
from caire_exercises.exercises.health.two_by_two import TWO_BY_TWO

TRY_EN = '# Try it: 1,000 patients, a test with a sensitivity of 90 % and a specificity of 95 %.\npatients, prevalence = 1000, 0.02\nsick = patients * prevalence\ntrue_positives = 0.90 * sick\nfalse_positives = (1 - 0.95) * (patients - sick)\nprint("positive tests:", true_positives + false_positives)\nprint("share of positive tests that are true (PPV):", round(true_positives / (true_positives + false_positives), 3))'
TRY_FR = '# Essayez\u202f: 1\u202f000 patients, un test de sensibilité 90\u202f% et de spécificité 95\u202f%.\npatients, prevalence = 1000, 0.02\nmalades = patients * prevalence\nvrais_positifs = 0.90 * malades\nfaux_positifs = (1 - 0.95) * (patients - malades)\nprint("tests positifs\u202f:", vrais_positifs + faux_positifs)\nprint("part des tests positifs qui sont vrais (VPP)\u202f:", round(vrais_positifs / (vrais_positifs + faux_positifs), 3))'

#: In teaching order: the no-code exercises first.
EXERCISES = (TWO_BY_TWO, ALERT_BURDEN, READ_A_STUDY, REGULATION, DIAGNOSTIC_METRICS, OPERATING_POINT, IMBALANCE, CALIBRATION, SMALL_SAMPLES, EXTERNAL_VALIDATION, DECISION_CURVE,)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="health", code="M8", audience=("all",),
    title=Text(en="AI in health", fr="L'IA en santé"),
    intro=Text(
        en="What a diagnostic model is worth at the bedside, and the rules it must meet. First without "
           "code: sensitivity and specificity from a table of 1,000 patients, predictive values and alerts "
           "at the ward's prevalence, how to read a study of an AI tool, and which rules apply to health "
           "software (medical device class, the AI Act, certified hosting, impact assessment). Then, for "
           "engineers: operating points, rare events, calibration, small samples, external validation in "
           "other hospitals and decision curves. Positive means disease everywhere.",
        fr="Ce que vaut un modèle diagnostique au lit du patient, et les règles qu'il doit respecter. "
           "D'abord sans code : sensibilité et spécificité à partir d'un tableau de 1 000 patients, "
           "valeurs prédictives et alertes à la prévalence du service, lecture critique d'une étude d'un "
           "outil d'IA, et règles applicables aux logiciels de santé (classe de dispositif médical, "
           "règlement sur l'IA, hébergement certifié, analyse d'impact). Puis, pour les ingénieurs : "
           "point de fonctionnement, événements rares, calibration, petits échantillons, validation "
           "externe dans d'autres hôpitaux et courbes de décision. Positif signifie malade partout."),
    exercises=EXERCISES,
    try_it=Text(
        en=TRY_EN,
        fr=TRY_FR),
)

__all__ = ["ALERT_BURDEN", "CALIBRATION", "DECISION_CURVE", "DIAGNOSTIC_METRICS", "EXERCISES", "EXTERNAL_VALIDATION", "IMBALANCE", "MODULE", "OPERATING_POINT", "READ_A_STUDY", "REGULATION", "SMALL_SAMPLES", "TWO_BY_TWO", "bootstrap_auc", "calibration_report", "diagnostic_metrics", "external_validation", "imbalance_metrics", "make_model", "net_benefit", "operating_point", "wilson_interval"]
