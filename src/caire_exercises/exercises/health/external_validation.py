"""health.external_validation: a model from hospital A, its AUC and O/E in B, C and D, and a diagnosis.

A function answer given the whole hospitals table. The learner's model may be
any estimator: the judge accepts AUCs and O/E ratios within a band around the
reference's (a logistic model), wide enough for a boosted model fitted on A,
too narrow for a model fitted on every hospital or an O/E turned upside down.
The diagnosis is the hospitals generator's plan: D's laboratory reads
creatinine 25 % high (a measurement problem: the AUC holds, the calibration
breaks), B and C admit other patients (case mix).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.facts import in_order
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import CANONICAL, MODULE_ID

SITES = ("B", "C", "D")
#: How far the learner's AUC may fall below (or rise above) the reference's, and their O/E stray from it.
AUC_BELOW, AUC_ABOVE, OE_BAND = 0.06, 0.05, 0.12


def external_validation(table):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    features = ["age", "bmi", "systolic_bp", "heart_rate", "creatinine", "lactate", "comorbidities"]

    def X(rows):
        return np.column_stack([rows[features].to_numpy(dtype=float), (rows["sex"] == "M").to_numpy()])

    train = table[table["hospital"] == "A"]
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(X(train), train["outcome"])
    result = {}
    for site in ["B", "C", "D"]:
        rows = table[table["hospital"] == site]
        risk = model.predict_proba(X(rows))[:, 1]
        result[site] = {"auc": roc_auc_score(rows["outcome"], risk),
                        "oe": rows["outcome"].sum() / risk.sum()}
    result["measurement"] = "D"
    result["case_mix"] = ["B", "C"]
    return result


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        Case("hospitals", kwargs={"seed": CANONICAL},
             label=Text(en="the hospitals table (load(\"hospitals\"))",
                        fr="la table des hôpitaux (load(\"hospitals\"))")),
        Case("another draw", kwargs={"seed": int(rng.integers(0, 2**31))}, hidden=True),
    ]


def _value(observed: Any) -> Mapping[str, Any]:
    return observed["value"]


def _metric(observed: Any, site: str, name: str) -> float:
    number = float(_value(observed)[site][name])
    if not np.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _sites(observed: Any) -> set[str]:
    """The hospitals named in a diagnosis: "D", "hospital D", ["B", "C"], "B, C", {"B", "C"}."""
    value = observed
    if isinstance(value, str):
        cleaned = value.upper()
        for word in ("HOSPITALS", "HOSPITAL", "HÔPITAUX", "HÔPITAL", "HOPITAUX", "HOPITAL", "ET", "AND"):
            cleaned = cleaned.replace(word, " ")
        return {char for char in cleaned if char in "ABCD"}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return set().union(*(_sites(item) for item in value)) if len(value) else set()
    return set()


def _shape(observed: Any, expected: Any, case: Case) -> bool:
    return all(np.isfinite(_metric(observed, site, name)) for site in SITES for name in ("auc", "oe"))


def _auc_in_band(observed: Any, expected: Any, case: Case) -> bool:
    return all(-AUC_BELOW <= _metric(observed, site, "auc") - _metric(expected, site, "auc") <= AUC_ABOVE
               for site in SITES)


def _not_inverted(observed: Any, expected: Any, case: Case) -> bool:
    return not all(abs(1 / _metric(observed, site, "oe") - _metric(expected, site, "oe")) <= OE_BAND
                   for site in SITES)


def _oe_in_band(observed: Any, expected: Any, case: Case) -> bool:
    return all(abs(_metric(observed, site, "oe") - _metric(expected, site, "oe")) <= OE_BAND for site in SITES)


def _numbers(observed: Any, name: str) -> str:
    return ", ".join(f"{site} {_metric(observed, site, name):.2f}" for site in SITES)


FACTS = in_order(
    Fact("shape", _shape, Text(
        en="Return a dict with a key for each of the hospitals \"B\", \"C\" and \"D\", each a dict "
           "{\"auc\": ..., \"oe\": ...} of finite numbers, and the keys \"measurement\" and \"case_mix\".",
        fr="Renvoyez un dictionnaire avec une clé pour chacun des hôpitaux \"B\", \"C\" et \"D\", chacune "
           "un dictionnaire {\"auc\": ..., \"oe\": ...} de nombres finis, et les clés \"measurement\" et "
           "\"case_mix\".")),
    Fact("auc", _auc_in_band, lambda observed, expected, case: Text(
        en=f"Your AUCs ({_numbers(observed, 'auc')}) are far from what a model fitted on hospital A "
           f"reaches ({_numbers(expected, 'auc')}). Compute the AUC from the predicted RISKS "
           f"(predict_proba(...)[:, 1]), not from 0/1 predictions, and fit the model on A only.",
        fr=f"Vos AUC ({_numbers(observed, 'auc')}) sont loin de ce qu'atteint un modèle ajusté sur "
           f"l'hôpital A ({_numbers(expected, 'auc')}). Calculez l'AUC sur les RISQUES prédits "
           f"(predict_proba(...)[:, 1]), pas sur des prédictions 0/1, et ajustez le modèle sur A "
           f"seulement.")),
    Fact("oe_not_inverted", _not_inverted, Text(
        en="Your O/E ratios are upside down: O/E is the number of OBSERVED events divided by the "
           "EXPECTED number, the sum of the predicted risks.",
        fr="Vos rapports O/E sont à l'envers : O/E est le nombre d'événements OBSERVÉS divisé par le "
           "nombre ATTENDU, la somme des risques prédits.")),
    Fact("oe", _oe_in_band, lambda observed, expected, case: Text(
        en=f"Your O/E ratios ({_numbers(observed, 'oe')}) are not those of a model fitted on hospital "
           f"A only ({_numbers(expected, 'oe')}, give or take {OE_BAND}). Did the training rows "
           f"include the other hospitals? Then the model has learnt their event rates, and the "
           f"external validation validates nothing.",
        fr=f"Vos rapports O/E ({_numbers(observed, 'oe')}) ne sont pas ceux d'un modèle ajusté sur "
           f"l'hôpital A seul ({_numbers(expected, 'oe')}, à {decimal(OE_BAND)} près). Les lignes "
           f"d'entraînement contenaient-elles les autres hôpitaux ? Le modèle a alors appris leurs "
           f"taux d'événements, et la validation externe ne valide plus rien.")),
    Fact("measurement_named", lambda observed, expected, case: len(_sites(_value(observed)["measurement"])) == 1,
         Text(en="Name ONE hospital under \"measurement\": one of them does not measure a feature the "
                 "way hospital A does. Look for a hospital where the AUC holds but the calibration "
                 "breaks, then compare a laboratory value of patients of the same age across hospitals.",
              fr="Nommez UN hôpital sous \"measurement\" : l'un d'eux ne mesure pas une variable comme "
                 "l'hôpital A. Cherchez un hôpital où l'AUC tient mais où la calibration se dégrade, "
                 "puis comparez une valeur de laboratoire chez des patients du même âge d'un hôpital "
                 "à l'autre.")),
    Fact("measurement", lambda observed, expected, case:
         _sites(_value(observed)["measurement"]) == _sites(_value(expected)["measurement"]),
         Text(en="That hospital is not the one with a measurement problem. The lowest AUC comes from "
                 "a narrower case mix (patients who look alike are harder to rank), not from a "
                 "measurement. Compare the creatinine of patients of the same age in each hospital.",
              fr="Cet hôpital n'est pas celui qui a un problème de mesure. L'AUC la plus basse vient "
                 "d'une patientèle plus homogène (des patients qui se ressemblent sont plus difficiles "
                 "à classer), pas d'une mesure. Comparez la créatinine de patients du même âge dans "
                 "chaque hôpital.")),
    Fact("case_mix", lambda observed, expected, case:
         _sites(_value(observed)["case_mix"]) == _sites(_value(expected)["case_mix"]),
         Text(en="Under \"case_mix\", list the hospitals whose patients differ from A's (their age, "
                 "their risk) while every feature is measured the same way: the other two.",
              fr="Sous \"case_mix\", donnez les hôpitaux dont les patients diffèrent de ceux de A (âge, "
                 "risque) alors que chaque variable y est mesurée de la même façon : les deux autres.")),
)


def decimal(number: float) -> str:
    return str(number).replace(".", ",")


_pooled = edited(external_validation, 'train = table[table["hospital"] == "A"]', "train = table")
_inverted = edited(external_validation, '"oe": rows["outcome"].sum() / risk.sum()',
                   '"oe": risk.sum() / rows["outcome"].sum()')
_labels = edited(external_validation, "risk = model.predict_proba(X(rows))[:, 1]", "risk = model.predict(X(rows))")
_lowest_auc = edited(external_validation, ('result["measurement"] = "D"', 'result["measurement"] = "C"'),
                     ('result["case_mix"] = ["B", "C"]', 'result["case_mix"] = ["B", "D"]'))
_all_case_mix = edited(external_validation, ('result["measurement"] = "D"', 'result["measurement"] = None'),
                       ('result["case_mix"] = ["B", "C"]', 'result["case_mix"] = ["B", "C", "D"]'))


EXTERNAL_VALIDATION = Exercise(
    id="health.external_validation",
    module=MODULE_ID,
    title=Text(en="External validation: the AUC holds, the calibration breaks",
               fr="Validation externe : l'AUC tient, la calibration casse"),
    statement=Text(
        en=r"""The table `hospitals` (`caire_exercises.data.load("hospitals")`) holds emergency
admissions in four hospitals, A to D, and the outcome (1 = death or transfer to intensive care
within 30 days). A model is built in hospital A; will it work in B, C and D?

Write `external_validation(table)` that fits a model on the rows of hospital **A only** (any
scikit-learn classifier that gives probabilities; a logistic regression on the numeric columns and
the sex does well), then, for each of the hospitals B, C and D, computes on its rows

- the **AUC** (discrimination: does the model rank the sick above the others?), from the predicted
  risks;
- the ratio **O/E** = observed events / sum of the predicted risks (calibration-in-the-large).

Return a dict `{"B": {"auc": ..., "oe": ...}, "C": {...}, "D": {...}, "measurement": ...,
"case_mix": [...]}`: under `"measurement"`, the hospital that measures a feature differently from
A (its AUC holds, its calibration breaks, and one laboratory value is off for patients of the
same age); under `"case_mix"`, the hospitals whose patients differ but are measured the same way.
Your numbers must be those of a model fitted on A: AUCs within 0.06 of a logistic model's and
O/E within 0.12 of it. The check also runs your function on another draw of the hospitals.""",
        fr=r"""La table `hospitals` (`caire_exercises.data.load("hospitals")`) contient des admissions
aux urgences dans quatre hôpitaux, A à D, et leur issue (1 = décès ou transfert en réanimation à
30 jours). Un modèle est construit à l'hôpital A ; fonctionnera-t-il en B, C et D ?

Écrivez `external_validation(table)` qui ajuste un modèle sur les lignes de l'hôpital **A
seulement** (n'importe quel classifieur scikit-learn qui donne des probabilités ; une régression
logistique sur les colonnes numériques et le sexe convient bien), puis calcule, pour chacun des
hôpitaux B, C et D, sur ses lignes

- l'**AUC** (discrimination : le modèle classe-t-il les malades au-dessus des autres ?), à partir
  des risques prédits ;
- le rapport **O/E** = événements observés / somme des risques prédits (calibration globale).

Renvoyez un dictionnaire `{"B": {"auc": ..., "oe": ...}, "C": {...}, "D": {...}, "measurement": ...,
"case_mix": [...]}` : sous `"measurement"`, l'hôpital qui mesure une variable autrement que A (son
AUC tient, sa calibration casse, et une valeur de laboratoire est décalée chez des patients du même
âge) ; sous `"case_mix"`, les hôpitaux dont les patients diffèrent mais sont mesurés de la même
façon. Vos nombres doivent être ceux d'un modèle ajusté sur A : des AUC à 0,06 près de celles d'un
modèle logistique et des O/E à 0,12 près. La vérification lance aussi votre fonction sur un autre
tirage des hôpitaux.""",
    ),
    answer_name="external_validation",
    kind="function",
    reference=external_validation,
    cases=_cases,
    probe=probes.external_validation,
    facts=FACTS,
    compare_values=False,
    timeout=20.0,
    difficulty=2,
    minutes=20,
    tags=("external validation", "AUC", "calibration", "dataset shift", "case mix"),
    dataset="hospitals",
    mistakes=(
        Mistake("trained_on_every_hospital", Text(
            en="Your model was fitted on every hospital's rows. An external validation fits on "
               "hospital A only and evaluates on patients the model never saw, from hospitals it "
               "never saw.",
            fr="Votre modèle a été ajusté sur les lignes de tous les hôpitaux. Une validation externe "
               "ajuste sur l'hôpital A seulement et évalue sur des patients que le modèle n'a jamais "
               "vus, d'hôpitaux qu'il n'a jamais vus."), _pooled),
        Mistake("expected_over_observed", Text(
            en="Your O/E is upside down: observed events divided by expected events (the sum of the "
               "predicted risks), not the reverse.",
            fr="Votre O/E est à l'envers : événements observés divisés par événements attendus (la "
               "somme des risques prédits), pas l'inverse."), _inverted),
        Mistake("auc_on_decisions", Text(
            en="Your AUCs come from 0/1 predictions (`predict`). The AUC ranks patients by their "
               "predicted RISK: use `predict_proba(X)[:, 1]`.",
            fr="Vos AUC viennent de prédictions 0/1 (`predict`). L'AUC classe les patients selon leur "
               "RISQUE prédit : utilisez `predict_proba(X)[:, 1]`."), _labels),
        Mistake("lowest_auc_is_measurement", Text(
            en="The hospital with the lowest AUC (C) has older patients who look alike: a case-mix "
               "effect, with a calibration that holds. A measurement problem shows the other way: "
               "the AUC holds, the calibration breaks, and a laboratory value is off at the same age.",
            fr="L'hôpital à l'AUC la plus basse (C) a des patients plus âgés qui se ressemblent : "
               "c'est un effet de patientèle, avec une calibration qui tient. Un problème de mesure "
               "se voit à l'inverse : l'AUC tient, la calibration casse, et une valeur de laboratoire "
               "est décalée à âge égal."), _lowest_auc),
        Mistake("every_shift_is_case_mix", Text(
            en="Not every shift is a difference of patients: one hospital measures a feature "
               "differently. Compare the creatinine of patients of the same age across hospitals.",
            fr="Tous les décalages ne viennent pas des patients : un hôpital mesure une variable "
               "autrement. Comparez la créatinine de patients du même âge d'un hôpital à l'autre."),
               _all_case_mix),
    ),
    hints=(
        Text(en="Select rows with `table[table[\"hospital\"] == \"A\"]`; fit on those, then loop over "
                "\"B\", \"C\", \"D\" with `roc_auc_score(y, risk)` and `y.sum() / risk.sum()`.",
             fr="Sélectionnez les lignes avec `table[table[\"hospital\"] == \"A\"]` ; ajustez sur "
                "celles-ci, puis bouclez sur \"B\", \"C\", \"D\" avec `roc_auc_score(y, risk)` et "
                "`y.sum() / risk.sum()`."),
        Text(en="Two hospitals show a similar picture (AUC close to A's, O/E well below 1): the "
                "numbers alone do not tell why. Look at the patients: ages, and laboratory values.",
             fr="Deux hôpitaux montrent un tableau semblable (AUC proche de celle de A, O/E bien en "
                "dessous de 1) : les nombres seuls ne disent pas pourquoi. Regardez les patients : "
                "âges et valeurs de laboratoire."),
        Text(en="`table.groupby(\"hospital\")[[\"age\", \"creatinine\"]].median()`, or the creatinine "
                "of patients aged 55 to 65 in each hospital.",
             fr="`table.groupby(\"hospital\")[[\"age\", \"creatinine\"]].median()`, ou la créatinine "
                "des patients de 55 à 65 ans dans chaque hôpital."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: run an external validation (fit in one hospital, evaluate discrimination and "
           "calibration in others) and tell a measurement problem from a difference of case mix. "
           "Misconceptions aimed at: a validated AUC means a validated model; a drop of AUC means the "
           "model is broken; pooled training is external validation. Debrief: in C the AUC falls but "
           "the O/E is close to 1: is the model worse there, or are the patients harder to rank? In "
           "D the creatinine reads 25 % high: who should find that, the data scientist or the "
           "laboratory? Why do the TRIPOD+AI guidelines ask for calibration as well as "
           "discrimination?",
        fr="Objectifs : mener une validation externe (ajuster dans un hôpital, évaluer la "
           "discrimination et la calibration dans d'autres) et distinguer un problème de mesure "
           "d'une différence de patientèle. Idées fausses visées : une AUC validée fait un modèle "
           "validé ; une AUC qui baisse veut dire un modèle cassé ; entraîner sur toutes les données "
           "vaut validation externe. Pour le débriefing : en C, l'AUC baisse mais l'O/E est proche de "
           "1 : le modèle y est-il moins bon, ou les patients plus difficiles à classer ? En D, la "
           "créatinine est lue 25 % trop haut : qui devait s'en apercevoir, le data scientist ou le "
           "laboratoire ? Pourquoi les recommandations TRIPOD+AI demandent-elles la calibration en "
           "plus de la discrimination ?"),
)
