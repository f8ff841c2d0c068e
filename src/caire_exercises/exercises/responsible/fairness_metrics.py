"""responsible.fairness_metrics: selection rates, demographic parity, equal opportunity, equalised odds.

A function answer over plain arrays. Its values are compared with the
reference's by facts, one per quantity, and by facts that recognise the usual
wrong formulas (a ratio, the opposite sign) so that each gets its own advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises.responsible._common import MODULE_ID, close, same_rates

KEYS = ("selection_rate", "demographic_parity_difference", "equal_opportunity_difference",
        "equalised_odds_difference")


def fairness_metrics(y_true, y_pred, group):
    y_true, y_pred, group = np.asarray(y_true), np.asarray(y_pred), np.asarray(group)
    reference, other = sorted(np.unique(group))
    selection, tpr, fpr = {}, {}, {}
    for label in (reference, other):
        rows = group == label
        selection[label] = float(np.mean(y_pred[rows] == 1))
        tpr[label] = float(np.mean(y_pred[rows & (y_true == 1)] == 1))
        fpr[label] = float(np.mean(y_pred[rows & (y_true == 0)] == 1))
    return {
        "selection_rate": {str(label): rate for label, rate in selection.items()},
        "demographic_parity_difference": selection[other] - selection[reference],
        "equal_opportunity_difference": tpr[other] - tpr[reference],
        "equalised_odds_difference": max(abs(tpr[other] - tpr[reference]), abs(fpr[other] - fpr[reference])),
    }


_LABELS = (("A", "B"), ("F", "M"), ("north", "south"), ("over_50", "under_50"), ("rural", "urban"),
           ("native", "foreign_born"))


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    first, second = _LABELS[int(rng.integers(len(_LABELS)))]
    reference, other = sorted((first, second))
    return {"reference": reference, "other": other, "n": int(rng.integers(160, 321)),
            "data_seed": int(rng.integers(0, 2**31))}


def _decisions(pick: np.random.Generator, n: int, labels: tuple[str, str]) -> tuple[np.ndarray, ...]:
    """Outcomes and decisions for two groups whose base rates, TPR and FPR all differ."""
    reference, other = labels
    group = np.where(pick.random(n) < pick.uniform(0.3, 0.45), other, reference).astype(object)
    group[:4] = [reference, other, reference, other]
    is_other = group == other
    y_true = (pick.random(n) < np.where(is_other, pick.uniform(0.25, 0.4), pick.uniform(0.45, 0.6))).astype(int)
    tpr = np.where(is_other, pick.uniform(0.5, 0.65), pick.uniform(0.75, 0.9))
    fpr = np.where(is_other, pick.uniform(0.02, 0.08), pick.uniform(0.2, 0.35))
    y_pred = (pick.random(n) < np.where(y_true == 1, tpr, fpr)).astype(int)
    y_true[:8], y_pred[:8] = [1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 1, 0, 0, 0, 0, 1]
    return y_true, y_pred, group


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    labels = (params["reference"], params["other"])
    y_true, y_pred, group = _decisions(np.random.default_rng(params["data_seed"]), params["n"], labels)
    y2, p2, g2 = _decisions(np.random.default_rng(params["data_seed"] + 1), 90, labels)
    import pandas as pd

    hidden = _decisions(rng, int(rng.integers(120, 400)), labels)
    return [
        Case("loans", (y_true, y_pred, group),
             label=Text(en=f"{params['n']} applicants as NumPy arrays; reference group {labels[0]!r}",
                        fr=f"{params['n']} demandeurs en tableaux NumPy ; groupe de référence {labels[0]!r}")),
        Case("pandas", (pd.Series(y2), pd.Series(p2), pd.Series(g2, dtype=object)),
             label=Text(en="90 applicants as pandas Series", fr="90 demandeurs en Series pandas")),
        Case("hidden", hidden, hidden=True),
    ]


def _value(observed: Mapping[str, Any]) -> Mapping[str, Any]:
    value = observed["value"]
    if not isinstance(value, dict):
        raise ValueError("not a dict")
    return value


def _key(name: str):
    return lambda observed, expected, case: close(_value(observed)[name], _value(expected)[name])


def _not_ratio(observed: Any, expected: Any, case: Case) -> bool:
    rates = _value(expected)["selection_rate"]
    reference, other = sorted(rates)
    ratio = rates[other] / rates[reference]
    return not close(_value(observed).get("demographic_parity_difference"), ratio)


def _not_inverted(observed: Any, expected: Any, case: Case) -> bool:
    got, want = _value(observed), _value(expected)
    return not all(close(got.get(key), -want[key]) for key in KEYS[1:3])


FACTS = (
    Fact("keys", lambda observed, expected, case: set(KEYS) <= set(_value(observed)), Text(
        en="Return a dict with the four keys " + ", ".join(f"'{key}'" for key in KEYS) + ".",
        fr="Renvoyez un dict avec les quatre clés " + ", ".join(f"'{key}'" for key in KEYS) + ".")),
    Fact("not_ratio", _not_ratio, Text(
        en="Your demographic-parity value is the ratio of the selection rates (the 'disparate impact' "
           "ratio, as in the four-fifths rule). The statement asks for a difference: rate of the other "
           "group minus rate of the reference group.",
        fr="Votre valeur de parité démographique est le rapport des taux de sélection (le ratio d'« impact "
           "disproportionné » de la règle des quatre cinquièmes). L'énoncé demande une différence : taux "
           "de l'autre groupe moins taux du groupe de référence.")),
    Fact("not_inverted", _not_inverted, Text(
        en="Your differences have the opposite sign: subtract the reference group's rate from the other "
           "group's (other − reference), as the statement fixes.",
        fr="Vos différences ont le signe opposé : soustrayez le taux du groupe de référence de celui de "
           "l'autre groupe (autre − référence), comme le fixe l'énoncé.")),
    Fact("selection_rate", lambda observed, expected, case: same_rates(
        _value(observed)["selection_rate"], _value(expected)["selection_rate"]), Text(
        en="The selection rates per group are not right. A group's selection rate is the share of ITS "
           "members who receive a positive decision (y_pred == 1): divide by the size of the group, not "
           "of the whole population. Key them by the group labels as they appear in `group`.",
        fr="Les taux de sélection par groupe ne sont pas justes. Le taux de sélection d'un groupe est la "
           "part de SES membres qui reçoivent une décision positive (y_pred == 1) : divisez par l'effectif "
           "du groupe, pas par celui de toute la population. Indexez-les par les étiquettes de `group`.")),
    Fact("demographic_parity", _key("demographic_parity_difference"), Text(
        en="The demographic-parity difference is not right: selection rate of the other group minus "
           "selection rate of the reference group.",
        fr="La différence de parité démographique n'est pas juste : taux de sélection de l'autre groupe "
           "moins taux de sélection du groupe de référence.")),
    Fact("equal_opportunity", _key("equal_opportunity_difference"), Text(
        en="The equal-opportunity difference is not right. It compares the true-positive rates: among "
           "the people of a group whose y_true is 1, the share with y_pred == 1 (divide by the actual "
           "positives of the group, not by its predicted positives).",
        fr="La différence d'égalité des chances n'est pas juste. Elle compare les taux de vrais positifs : "
           "parmi les membres d'un groupe dont y_true vaut 1, la part avec y_pred == 1 (divisez par les "
           "positifs réels du groupe, pas par ses positifs prédits).")),
    Fact("equalised_odds", _key("equalised_odds_difference"), Text(
        en="The equalised-odds difference is not right: the larger of |ΔTPR| and |ΔFPR| between the two "
           "groups, where the false-positive rate is computed among the group's actual negatives.",
        fr="La différence d'égalité des cotes n'est pas juste : la plus grande de |ΔTVP| et |ΔTFP| entre "
           "les deux groupes, le taux de faux positifs étant calculé parmi les négatifs réels du groupe.")),
)

_fm_ratio = edited(fairness_metrics, "selection[other] - selection[reference],",
                   "selection[other] / selection[reference],", name="fm_ratio")
_fm_precision = edited(fairness_metrics, "tpr[label] = float(np.mean(y_pred[rows & (y_true == 1)] == 1))",
                       "tpr[label] = float(np.mean(y_true[rows & (y_pred == 1)] == 1))", name="fm_precision")
_fm_population = edited(
    fairness_metrics,
    ("selection[label] = float(np.mean(y_pred[rows] == 1))",
     "selection[label] = float(np.sum(y_pred[rows] == 1) / len(y_pred))"),
    ("tpr[label] = float(np.mean(y_pred[rows & (y_true == 1)] == 1))",
     "tpr[label] = float(np.sum(y_pred[rows & (y_true == 1)] == 1) / np.sum(y_true == 1))"),
    name="fm_population")
_fm_inverted = edited(fairness_metrics, "reference, other = sorted(np.unique(group))",
                      "other, reference = sorted(np.unique(group))", name="fm_inverted")
_fm_tpr_only = edited(fairness_metrics, "max(abs(tpr[other] - tpr[reference]), abs(fpr[other] - fpr[reference]))",
                      "abs(tpr[other] - tpr[reference])", name="fm_tpr_only")

FAIRNESS_METRICS = Exercise(
    id="responsible.fairness_metrics",
    module=MODULE_ID,
    title=Text(en="Group fairness metrics", fr="Métriques d'équité entre groupes"),
    statement=Text(
        en="""A model decided who gets a loan (`y_pred`, 1 = approved); `y_true` says who would have
repaid (1) and `group` holds each applicant's group, one of two labels. Write
`fairness_metrics(y_true, y_pred, group)` that returns a dict with:

* `"selection_rate"`: a dict {group label: share of that group's members with `y_pred == 1`};
* `"demographic_parity_difference"`: selection rate of the other group − that of the reference group;
* `"equal_opportunity_difference"`: true-positive rate (among the group's `y_true == 1`, the
  share with `y_pred == 1`) of the other group − that of the reference group;
* `"equalised_odds_difference"`: the larger of |ΔTPR| and |ΔFPR| (the false-positive rate is
  computed among the group's `y_true == 0`); never negative.

The **reference group** is the label that comes first in sorted order, and every difference is
*other − reference*. In your variant the labels are `{reference}` (reference) and `{other}`.
The inputs may be NumPy arrays or pandas Series; do not change them.""",
        fr="""Un modèle a décidé qui obtient un prêt (`y_pred`, 1 = accordé) ; `y_true` indique qui
aurait remboursé (1) et `group` contient le groupe de chaque demandeur, parmi deux étiquettes.
Écrivez `fairness_metrics(y_true, y_pred, group)` qui renvoie un dict avec :

* `"selection_rate"` : un dict {étiquette du groupe : part des membres de ce groupe avec `y_pred == 1`} ;
* `"demographic_parity_difference"` : taux de sélection de l'autre groupe − celui du groupe de référence ;
* `"equal_opportunity_difference"` : taux de vrais positifs (parmi les `y_true == 1` du groupe, la
  part avec `y_pred == 1`) de l'autre groupe − celui du groupe de référence ;
* `"equalised_odds_difference"` : la plus grande de |ΔTVP| et |ΔTFP| (le taux de faux positifs se
  calcule parmi les `y_true == 0` du groupe) ; jamais négative.

Le **groupe de référence** est l'étiquette qui vient en premier dans l'ordre trié, et chaque
différence se calcule *autre − référence*. Dans votre variante, les étiquettes sont
`{reference}` (référence) et `{other}`. Les entrées peuvent être des tableaux NumPy ou des Series
pandas ; ne les modifiez pas.""",
    ),
    answer_name="fairness_metrics",
    kind="function",
    reference=fairness_metrics,
    cases=_cases,
    variant=_variant,
    probe=probes.returns_dict("fairness_metrics"),
    facts=FACTS,
    compare_values=False,
    difficulty=2,
    minutes=20,
    tags=("fairness", "demographic parity", "equal opportunity", "equalised odds"),
    dataset="synthetic",
    mistakes=(
        Mistake("ratio", Text(
            en="You computed a ratio of rates where the statement asks for a difference. The ratio (the "
               "'four-fifths rule') is another fairness measure; here subtract: other − reference.",
            fr="Vous avez calculé un rapport de taux là où l'énoncé demande une différence. Le rapport (la "
               "« règle des quatre cinquièmes ») est une autre mesure d'équité ; ici, soustrayez : autre − "
               "référence."), _fm_ratio),
        Mistake("tpr_over_predicted", Text(
            en="Your 'true-positive rate' divides by the predicted positives: that is the precision "
               "(positive predictive value). Equal opportunity compares recall: among the people who "
               "would repay (y_true == 1), the share the model approves.",
            fr="Votre « taux de vrais positifs » divise par les positifs prédits : c'est la précision "
               "(valeur prédictive positive). L'égalité des chances compare le rappel : parmi ceux qui "
               "auraient remboursé (y_true == 1), la part que le modèle accepte."), _fm_precision),
        Mistake("whole_population", Text(
            en="Your rates divide by the whole population instead of by the group: a small group then "
               "looks less selected just because it is small. Compute each rate within its group.",
            fr="Vos taux divisent par toute la population au lieu du groupe : un petit groupe paraît alors "
               "moins sélectionné simplement parce qu'il est petit. Calculez chaque taux dans son groupe."),
            _fm_population),
        Mistake("inverted", Text(
            en="Your differences are reference − other. The statement fixes other − reference, where the "
               "reference group is the label first in sorted order.",
            fr="Vos différences valent référence − autre. L'énoncé fixe autre − référence, le groupe de "
               "référence étant l'étiquette qui vient en premier dans l'ordre trié."), _fm_inverted),
        Mistake("tpr_only", Text(
            en="Your equalised-odds difference looks at the true-positive rates only. Equalised odds asks "
               "for equal TPR AND equal FPR: take the larger of the two absolute gaps.",
            fr="Votre différence d'égalité des cotes ne regarde que les taux de vrais positifs. L'égalité "
               "des cotes exige des TVP ET des TFP égaux : prenez le plus grand des deux écarts absolus."),
            _fm_tpr_only),
    ),
    hints=(
        Text(en="Work group by group: `rows = group == label`, then means of boolean arrays restricted to "
                "those rows.",
             fr="Travaillez groupe par groupe : `rows = group == label`, puis des moyennes de tableaux "
                "booléens restreints à ces lignes."),
        Text(en="The TPR of a group is computed on its rows with y_true == 1; the FPR on its rows with "
                "y_true == 0. Convert Series with np.asarray first to avoid index surprises.",
             fr="Le TVP d'un groupe se calcule sur ses lignes où y_true == 1 ; le TFP sur celles où "
                "y_true == 0. Convertissez d'abord les Series avec np.asarray pour éviter les surprises "
                "d'index."),
        Text(en="`sorted(np.unique(group))` gives the reference first; keep the sign other − reference for "
                "the first two differences, and an absolute value for equalised odds.",
             fr="`sorted(np.unique(group))` donne la référence en premier ; gardez le signe autre − "
                "référence pour les deux premières différences, et une valeur absolue pour l'égalité des "
                "cotes."),
    ),
    audience=("engineering", "business"),
    teacher_notes=Text(
        en="Objectives: compute selection rates within groups, and the demographic-parity, "
           "equal-opportunity and equalised-odds differences with a fixed reference and sign. "
           "Misconceptions aimed at: a rate over the whole population; TPR confused with precision; "
           "one fairness number that settles everything. Debrief: can a model satisfy demographic "
           "parity and equal opportunity at once when base rates differ? Which measure would a lender "
           "and a regulator each choose, and why? What does a difference of −0.2 mean for 1,000 "
           "applicants of the other group?",
        fr="Objectifs : calculer des taux de sélection à l'intérieur des groupes, et les différences de "
           "parité démographique, d'égalité des chances et d'égalité des cotes avec une référence et un "
           "signe fixés. Idées fausses visées : un taux calculé sur toute la population ; le TVP confondu "
           "avec la précision ; un seul chiffre d'équité qui réglerait tout. Pour le débriefing : un "
           "modèle peut-il satisfaire à la fois la parité démographique et l'égalité des chances quand "
           "les taux de base diffèrent ? Quelle mesure choisiraient un prêteur et un régulateur, et "
           "pourquoi ? Que signifie une différence de −0,2 pour 1\u202f000 demandeurs de l'autre groupe ?"),
)
