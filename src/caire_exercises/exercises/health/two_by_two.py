"""health.two_by_two: sensitivity, specificity, PPV and NPV from a table in natural frequencies.

No code: the learner reads a 2×2 table ("out of 1,000 patients...") and assigns one dict of
four numbers. Each student gets another tool, another prevalence and other counts; the
figures are invented for the exercise (said so in the statement). Positive means disease.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Exercise, Mistake, Text
from caire_exercises.exercises._values import Quantity, ValueSheet, Worked, value_facts, value_probe

ANSWER = "two_by_two"
TOTAL = 1000

#: The tools and the people they are tried on, with a plausible range of prevalence for each.
TOOLS = (
    ("an AI tool that flags wrist fractures on X-rays", "patients seen in the emergency department "
     "for a wrist injury", "un outil d'IA qui signale les fractures du poignet sur les radiographies",
     "patients vus aux urgences pour un traumatisme du poignet", 0.20, 0.40),
    ("an AI tool that looks for referable diabetic retinopathy on photographs of the retina",
     "people with diabetes photographed at a screening visit",
     "un outil d'IA qui recherche, sur les photographies du fond d'œil, une rétinopathie diabétique "
     "justifiant un avis spécialisé", "personnes diabétiques photographiées lors d'un dépistage", 0.06, 0.15),
    ("an AI tool that looks for pneumonia on chest X-rays", "adults seen in the emergency department "
     "for cough and fever", "un outil d'IA qui recherche une pneumonie sur les radiographies thoraciques",
     "adultes vus aux urgences pour une toux fébrile", 0.10, 0.30),
    ("an AI tool that flags pulmonary embolism on CT pulmonary angiograms", "patients scanned for a "
     "suspected pulmonary embolism", "un outil d'IA qui signale une embolie pulmonaire sur les "
     "angioscanners thoraciques", "patients passés à l'angioscanner pour une suspicion d'embolie "
     "pulmonaire", 0.08, 0.20),
    ("an AI tool that flags melanoma on dermoscopic images", "patients referred to a dermatologist for "
     "a suspicious mole", "un outil d'IA qui signale un mélanome sur les images de dermoscopie",
     "patients adressés à un dermatologue pour un grain de beauté suspect", 0.05, 0.15),
)

QUANTITIES = (
    Quantity("sensitivity", Text(en="Sensitivity", fr="Sensibilité"),
             Text(en="Sensitivity = positive tests among the patients who have the disease: TP / (TP + FN).",
                  fr="Sensibilité = tests positifs parmi les patients malades\u202f: VP / (VP + FN)."),
             spellings=("se", "sens", "sensibilite", "tpr", "true positive rate", "recall", "rappel"),
             proportion=True),
    Quantity("specificity", Text(en="Specificity", fr="Spécificité"),
             Text(en="Specificity = negative tests among the patients who do not have the disease: "
                     "TN / (TN + FP). Its denominator is a column of the table (the non-sick), not the row "
                     "of negative tests.",
                  fr="Spécificité = tests négatifs parmi les patients non malades\u202f: VN / (VN + FP). "
                     "Son dénominateur est une colonne du tableau (les non-malades), pas la ligne des "
                     "tests négatifs."),
             spellings=("sp", "spec", "specificite", "tnr", "true negative rate"), proportion=True),
    Quantity("ppv", Text(en="Positive predictive value (PPV)", fr="Valeur prédictive positive (VPP)"),
             Text(en="PPV = patients with the disease among the positive tests: TP / (TP + FP). It reads "
                     "the row of positive tests, not the column of the sick.",
                  fr="VPP = patients malades parmi les tests positifs\u202f: VP / (VP + FP). Elle se lit sur "
                     "la ligne des tests positifs, pas sur la colonne des malades."),
             spellings=("vpp", "ppv", "positive predictive value", "valeur predictive positive", "precision"),
             proportion=True),
    Quantity("npv", Text(en="Negative predictive value (NPV)", fr="Valeur prédictive négative (VPN)"),
             Text(en="NPV = patients without the disease among the negative tests: TN / (TN + FN).",
                  fr="VPN = patients non malades parmi les tests négatifs\u202f: VN / (VN + FN)."),
             spellings=("vpn", "npv", "negative predictive value", "valeur predictive negative"),
             proportion=True),
)


def solve(table: Mapping[str, Any]) -> dict[str, float]:
    """The four values from the four cells: the reference."""
    tp, fn, fp, tn = (float(table[cell]) for cell in ("tp", "fn", "fp", "tn"))
    return {"sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp),
            "ppv": tp / (tp + fp), "npv": tn / (tn + fn)}


def draw_table(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A student's tool and table: counts out of 1,000 whose four values are all told apart."""
    setting = TOOLS[int(rng.integers(len(TOOLS)))]
    tool_en, people_en, tool_fr, people_fr, low, high = setting
    while True:
        sick = int(round(TOTAL * rng.uniform(low, high)))
        tp = int(round(sick * rng.uniform(0.70, 0.97)))
        healthy = TOTAL - sick
        tn = int(round(healthy * rng.uniform(0.75, 0.96)))
        fn, fp = sick - tp, healthy - tn
        values = solve({"tp": tp, "fn": fn, "fp": fp, "tn": tn})
        # Every declared mistake must give another number than the right one, by far more than
        # the tolerance: the sensitivity is not the PPV, the specificity not the NPV.
        apart = (abs(values["sensitivity"] - values["ppv"]) > 0.02
                 and abs(values["specificity"] - values["npv"]) > 0.02 and fn > 0 and fp > 0)
        if apart:
            break
    return {"tool_en": tool_en, "people_en": people_en, "tool_fr": tool_fr, "people_fr": people_fr,
            "total": TOTAL, "total_en": f"{TOTAL:,}", "total_fr": f"{TOTAL:,}".replace(",", "\u202f"),
            "sick": sick, "healthy": healthy, "tp": tp, "fn": fn, "fp": fp, "tn": tn,
            "positives": tp + fp, "negatives": fn + tn,
            "show_expected": bool((settings or {}).get("show_expected", True))}


def _table(params: Mapping[str, Any]) -> dict[str, int]:
    return {cell: int(params[cell]) for cell in ("tp", "fn", "fp", "tn")}


SHEET = ValueSheet(QUANTITIES, solve, _table)

_HOW = Text(
    en="""How to write the values: give each one as a **proportion between 0 and 1**, e.g. `0.92`,
or as the calculation itself, e.g. `90 / 100` (safest: nothing is rounded). A percentage is
accepted only as **text with the % sign**: `"92 %"` is read as 0.92. A bare number is always
read as it is: `92` is refused, since a proportion cannot exceed 1. Each value must be right to
within 0.1% (four significant figures). The keys may be written in French: `"sensibilité"`,
`"spécificité"`, `"VPP"`, `"VPN"`.""",
    fr="""Comment écrire les valeurs\u202f: donnez chacune comme une **proportion entre 0 et 1**, par
exemple `0.92` (Python écrit les décimales avec un point), ou comme le calcul lui-même, par
exemple `90 / 100` (le plus sûr\u202f: rien n'est arrondi). Un pourcentage n'est accepté que sous
forme de **texte avec le signe %**\u202f: `"92 %"` est lu 0,92. Un nombre seul est toujours lu tel
quel\u202f: `92` est refusé, puisqu'une proportion ne dépasse pas 1. Chaque valeur doit être juste à
0,1 % près (quatre chiffres significatifs). Les clés peuvent s'écrire en français\u202f:
`"sensibilité"`, `"spécificité"`, `"VPP"`, `"VPN"`.""")

STATEMENT = Text(
    en="""A team evaluated {tool_en}. The reference standard (the best available examination) says who
has the disease; **positive means disease**. The figures are invented for this exercise.

Out of {total_en} {people_en}, {sick} have the disease. Among these {sick} patients, the tool is
positive for {tp} and negative for {fn}. Among the {healthy} patients without the disease, the
tool is positive for {fp} and negative for {tn}.

| | Disease | No disease | Total |
|---|---|---|---|
| Tool positive | {tp} (TP) | {fp} (FP) | {positives} |
| Tool negative | {fn} (FN) | {tn} (TN) | {negatives} |
| Total | {sick} | {healthy} | {total_en} |

Compute the tool's sensitivity, specificity, positive predictive value (PPV) and negative
predictive value (NPV), and assign them in one dict:

```python
two_by_two = {"sensitivity": ..., "specificity": ..., "ppv": ..., "npv": ...}
```

""" + _HOW.en,
    fr="""Une équipe a évalué {tool_fr}. L'examen de référence (le meilleur examen disponible) dit qui est
malade\u202f; **positif signifie malade**. Les chiffres sont inventés pour l'exercice.

Sur {total_fr} {people_fr}, {sick} sont malades. Parmi ces {sick} patients, l'outil est positif
chez {tp} et négatif chez {fn}. Parmi les {healthy} patients non malades, l'outil est positif
chez {fp} et négatif chez {tn}.

| | Malades | Non malades | Total |
|---|---|---|---|
| Outil positif | {tp} (VP) | {fp} (FP) | {positives} |
| Outil négatif | {fn} (FN) | {tn} (VN) | {negatives} |
| Total | {sick} | {healthy} | {total_fr} |

Calculez la sensibilité, la spécificité, la valeur prédictive positive (VPP) et la valeur
prédictive négative (VPN) de l'outil, et rangez-les dans un seul dictionnaire\u202f:

```python
two_by_two = {"sensitivity": ..., "specificity": ..., "ppv": ..., "npv": ...}
```

""" + _HOW.fr)


def _scenario(params: Mapping[str, Any]) -> Text:
    return Text(
        en=f"Out of {params['total_en']} {params['people_en']} tried with {params['tool_en']}, "
           f"{params['sick']} have the disease; the tool is positive for {params['tp']} of them. Among the "
           f"{params['healthy']} without the disease, it is positive for {params['fp']}.",
        fr=f"Sur {params['total_fr']} {params['people_fr']} soumis à {params['tool_fr']}, {params['sick']} "
           f"sont malades\u202f; l'outil est positif chez {params['tp']} d'entre eux. Parmi les "
           f"{params['healthy']} non malades, il est positif chez {params['fp']}.")


def _mistake(change: Any) -> Worked:
    return Worked(lambda table: {**solve(table), **change(table)}, "a mistake")


MISTAKES = (
    Mistake("sensitivity_ppv_swapped", Text(
        en="You swapped the sensitivity and the PPV. The sensitivity starts from the sick (the column "
           "\"Disease\"): of the patients who have the disease, how many test positive, TP / (TP + FN). "
           "The PPV starts from the positive tests (the row \"Tool positive\"): of the patients who test "
           "positive, how many have the disease, TP / (TP + FP).",
        fr="Vous avez interverti la sensibilité et la VPP. La sensibilité part des malades (la colonne "
           "«\u202fMalades\u202f»)\u202f: parmi les patients malades, combien ont un test positif, VP / "
           "(VP + FN). La VPP part des tests positifs (la ligne «\u202fOutil positif\u202f»)\u202f: "
           "parmi les patients dont le test est positif, combien sont malades, VP / (VP + FP)."),
        _mistake(lambda t: {"sensitivity": t["tp"] / (t["tp"] + t["fp"]),
                            "ppv": t["tp"] / (t["tp"] + t["fn"])})),
    Mistake("specificity_over_negative_tests", Text(
        en="Your specificity is TN / (TN + FN): the non-sick among the negative tests. That is the NPV. "
           "The specificity divides by everyone without the disease (the column \"No disease\"): "
           "TN / (TN + FP).",
        fr="Votre spécificité vaut VN / (VN + FN)\u202f: les non-malades parmi les tests négatifs. C'est la "
           "VPN. La spécificité divise par tous les non-malades (la colonne «\u202fNon "
           "malades\u202f»)\u202f: VN / (VN + FP)."),
        _mistake(lambda t: {"specificity": t["tn"] / (t["tn"] + t["fn"])})),
    Mistake("false_positive_rate_as_specificity", Text(
        en="Your specificity is FP / (FP + TN), the share of false alarms among the non-sick: that is "
           "1 − specificity (the false positive rate). The specificity counts the negative tests among "
           "the non-sick: TN / (TN + FP).",
        fr="Votre spécificité vaut FP / (FP + VN), la part de fausses alertes parmi les non-malades\u202f: "
           "c'est 1 − spécificité (le taux de faux positifs). La spécificité compte les tests négatifs "
           "parmi les non-malades\u202f: VN / (VN + FP)."),
        _mistake(lambda t: {"specificity": t["fp"] / (t["fp"] + t["tn"])})),
    Mistake("over_everyone", Text(
        en="You divided by all the patients of the table. Each of the four values is a share of one "
           "group only: the sick (sensitivity), the non-sick (specificity), the positive tests (PPV) or "
           "the negative tests (NPV). Find that group's total in the margins of the table.",
        fr="Vous avez divisé par tous les patients du tableau. Chacune des quatre valeurs est une part "
           "d'un seul groupe\u202f: les malades (sensibilité), les non-malades (spécificité), les tests "
           "positifs (VPP) ou les tests négatifs (VPN). Le total de ce groupe est dans les marges du "
           "tableau."),
        _mistake(lambda t: {key: t[cell] / sum(t.values()) for key, cell in
                            (("sensitivity", "tp"), ("specificity", "tn"), ("ppv", "tp"), ("npv", "tn"))})),
)

HINTS = (
    Text(en="Each value is a share of one group: find the group first. Sensitivity and specificity start "
            "from what the patient has (a column); PPV and NPV from what the test says (a row).",
         fr="Chaque valeur est une part d'un seul groupe\u202f: trouvez d'abord le groupe. Sensibilité et "
            "spécificité partent de ce qu'a le patient (une colonne)\u202f; VPP et VPN de ce que dit le test "
            "(une ligne)."),
    Text(en="Sensitivity: of the sick, how many does the tool catch? PPV: of the alarms the tool raises, "
            "how many are right? Same numerator, different denominators.",
         fr="Sensibilité\u202f: parmi les malades, combien l'outil en repère-t-il\u202f? VPP\u202f: parmi "
            "les alertes de l'outil, combien sont justes\u202f? Même numérateur, dénominateurs différents."),
    Text(en="Write the calculation itself in the dict, e.g. `\"npv\": 850 / 870`: nothing is rounded, and "
            "a reader sees which cells you divided.",
         fr="Écrivez le calcul lui-même dans le dictionnaire, par exemple `\"npv\": 850 / 870`\u202f: rien "
            "n'est arrondi, et un lecteur voit quelles cellules du tableau vous avez divisées."),
)

TEACHER_NOTES = Text(
    en="Objectives: read a 2×2 table in natural frequencies; compute sensitivity, specificity, PPV and NPV "
       "and say which group each one is a share of. Misconceptions aimed at: the sensitivity is \"the "
       "chance that a positive patient is sick\" (it is the PPV); the specificity over the negative tests "
       "(that is the NPV); a share of everyone in the table. Debrief: Two students have different "
       "prevalences and the same tool quality: whose PPV is higher, and why? Which of the four values "
       "would a patient who has just tested positive want to know? Why do natural frequencies make "
       "these questions easier than percentages?",
    fr="Objectifs\u202f: lire un tableau 2×2 en fréquences naturelles\u202f; calculer sensibilité, "
       "spécificité, VPP et VPN, et dire de quel groupe chacune est une part. Idées reçues "
       "visées\u202f: la sensibilité serait «\u202fla probabilité qu'un patient positif soit "
       "malade\u202f» (c'est la VPP)\u202f; la spécificité calculée sur les tests négatifs (c'est la "
       "VPN)\u202f; une part de tous les patients du tableau. Pour le débriefing\u202f: deux étudiants "
       "ont des prévalences différentes pour un outil de même qualité\u202f: lequel a la VPP la plus "
       "haute, et pourquoi\u202f? Laquelle des quatre valeurs un patient dont le test vient d'être "
       "positif voudrait-il connaître\u202f? Pourquoi les fréquences naturelles rendent-elles ces "
       "questions plus simples que les pourcentages\u202f?")

SOLUTION = '''
import caire_exercises as cx

table = cx.get("health.two_by_two").params      # the numbers of your statement
tp, fn, fp, tn = table["tp"], table["fn"], table["fp"], table["tn"]
two_by_two = {
    "sensitivity": tp / (tp + fn),   # positive tests among the sick (a column)
    "specificity": tn / (tn + fp),   # negative tests among the non-sick (a column)
    "ppv": tp / (tp + fp),           # the sick among the positive tests (a row)
    "npv": tn / (tn + fn),           # the non-sick among the negative tests (a row)
}
'''

TWO_BY_TWO = Exercise(
    id="health.two_by_two",
    module="health",
    title=Text(en="Sensitivity, specificity, PPV and NPV from a 2×2 table",
               fr="Sensibilité, spécificité, VPP et VPN d'un tableau 2×2"),
    statement=STATEMENT,
    answer_name=ANSWER,
    kind="value",
    reference=Worked(solve, "sensitivity, specificity, PPV, NPV"),
    cases=SHEET.cases,
    variant=draw_table,
    probe=value_probe(ANSWER, QUANTITIES),
    facts=value_facts(ANSWER, QUANTITIES,
                      '{"sensitivity": 0.9, "specificity": 0.8, "ppv": 0.5, "npv": 0.97}'),
    mistakes=MISTAKES,
    hints=HINTS,
    difficulty=1,
    minutes=10,
    tags=("diagnostic accuracy", "sensitivity", "specificity", "predictive values", "no code"),
    audience=("all",),
    teacher_notes=TEACHER_NOTES,
    solution_code=SOLUTION,
    questions=SHEET.questions(_scenario, "health.two_by_two"),
)
