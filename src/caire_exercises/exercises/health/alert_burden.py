"""health.alert_burden: what an alert's sensitivity and specificity mean at the ward's prevalence.

No code: from an alert's sensitivity and specificity (measured in a case-control study where
half the patients had the condition), the ward's prevalence and its census, the learner gives
the PPV on the ward (Bayes), the alerts a day and the number needed to evaluate (1 / PPV).
Each student gets another alert, other figures and another ward; all are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Exercise, Mistake, Text
from caire_exercises.exercises._values import Quantity, ValueSheet, Worked, value_facts, value_probe

ANSWER = "alert_burden"

#: The alert and the ward, in both languages, with a plausible range of daily prevalence (%).
ALERTS = (
    ("a sepsis alert", "an internal medicine ward", "une alerte de sepsis", "un service de médecine "
     "interne", 1.0, 4.0),
    ("an alert for clinical deterioration within 24 hours", "a surgical ward", "une alerte de "
     "dégradation clinique dans les 24 heures", "un service de chirurgie", 2.0, 6.0),
    ("an acute kidney injury alert", "a cardiology ward", "une alerte d'insuffisance rénale aiguë",
     "un service de cardiologie", 2.0, 8.0),
    ("an alert for a fall in the next 48 hours", "a geriatric ward", "une alerte de chute dans les "
     "48 heures", "un service de gériatrie", 3.0, 8.0),
)

QUANTITIES = (
    Quantity("ppv", Text(en="PPV on the ward", fr="VPP dans le service"),
             Text(en="On the ward, PPV = Se × p / (Se × p + (1 − Sp) × (1 − p)), with p the ward's "
                     "prevalence, not the study's 50%.",
                  fr="Dans le service, VPP = Se × p / (Se × p + (1 − Sp) × (1 − p)), où p est la "
                     "prévalence du service, et non les 50 % de l'étude."),
             spellings=("vpp", "positive predictive value", "valeur predictive positive", "ppv ward",
                        "vpp service"), proportion=True),
    Quantity("alerts_per_day", Text(en="Alerts a day", fr="Alertes par jour"),
             Text(en="Alerts a day = census × (Se × p + (1 − Sp) × (1 − p)): the true alerts of the sick "
                     "plus the false alerts of the many patients who are not.",
                  fr="Alertes par jour = effectif × (Se × p + (1 − Sp) × (1 − p))\u202f: les vraies alertes "
                     "des malades plus les fausses alertes des nombreux patients qui ne le sont pas."),
             spellings=("alerts", "alertes", "alerts a day", "alertes par jour", "alerts per day",
                        "alertes jour", "daily alerts"), unit="alerts/day"),
    Quantity("nne", Text(en="Number needed to evaluate (NNE)", fr="Nombre de patients à évaluer (NNE)"),
             Text(en="NNE = 1 / PPV: how many alerts a clinician assesses to find one patient who really "
                     "has the condition (that one included).",
                  fr="NNE = 1 / VPP\u202f: le nombre d'alertes qu'un soignant examine pour trouver un "
                     "patient vraiment atteint (celui-ci compris)."),
             spellings=("number needed to evaluate", "nombre a evaluer", "nombre de patients a evaluer",
                        "nombre necessaire a evaluer")),
)


def solve(inputs: Mapping[str, Any], prevalence: float | None = None) -> dict[str, float]:
    """Bayes at the ward's prevalence (or at `prevalence`, for a declared mistake)."""
    se, sp, census = float(inputs["se"]), float(inputs["sp"]), float(inputs["census"])
    p = float(inputs["prevalence"]) if prevalence is None else prevalence
    positive = se * p + (1 - sp) * (1 - p)
    ppv = se * p / positive
    return {"ppv": ppv, "alerts_per_day": census * positive, "nne": 1 / ppv}


def draw_ward(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    alert_en, ward_en, alert_fr, ward_fr, low, high = ALERTS[int(rng.integers(len(ALERTS)))]
    se = round(float(rng.uniform(0.80, 0.95)), 2)
    sp = round(float(rng.uniform(0.82, 0.95)), 2)
    prevalence_pct = round(float(rng.uniform(low, high)), 1)
    census = int(rng.integers(20, 61))
    study_ppv = se * 0.5 / (se * 0.5 + (1 - sp) * 0.5)
    return {"alert_en": alert_en, "ward_en": ward_en, "alert_fr": alert_fr, "ward_fr": ward_fr,
            "se_pct": int(round(se * 100)), "sp_pct": int(round(sp * 100)), "prevalence_pct": prevalence_pct,
            "census": census, "study_ppv_pct": round(study_ppv * 100, 1),
            "show_expected": bool((settings or {}).get("show_expected", True))}


def _inputs(params: Mapping[str, Any]) -> dict[str, float]:
    return {"se": params["se_pct"] / 100, "sp": params["sp_pct"] / 100,
            "prevalence": params["prevalence_pct"] / 100, "census": params["census"]}


SHEET = ValueSheet(QUANTITIES, solve, _inputs)

STATEMENT = Text(
    en="""A vendor offers {alert_en} for {ward_en}. Its study gathered as many patients with the condition
as without (a case-control design, so half the patients had it) and reports a **sensitivity of
{se_pct}%**, a **specificity of {sp_pct}%** and, in that study, a PPV of {study_ppv_pct}%.

On your ward, the alert would score each of the **{census} patients** once a day, and on a given
day **{prevalence_pct}%** of them have the condition. The figures are invented for this exercise;
positive means the patient has the condition.

Give, for your ward:

- `"ppv"`: the positive predictive value of an alert (a proportion between 0 and 1);
- `"alerts_per_day"`: the number of alerts a day (true and false), as an expected number, not
  rounded to a whole alert;
- `"nne"`: the number needed to evaluate, 1 / PPV, not rounded: how many alerts are assessed
  to find one patient who has the condition.

```python
alert_burden = {"ppv": ..., "alerts_per_day": ..., "nne": ...}
```

Each value must be right to within 0.1% (four significant figures; writing the calculation,
e.g. `0.9 * 0.03 / (...)`, is safest). A proportion is a number between 0 and 1; a percentage
is accepted only as text with the % sign (`"12 %"` is read as 0.12). The keys may be written in
French: `"VPP"`, `"alertes_par_jour"`, `"NNE"`.""",
    fr="""Un fournisseur propose {alert_fr} pour {ward_fr}. Son étude a réuni autant de patients atteints
que de patients non atteints (une étude cas-témoins\u202f: la moitié des patients étaient atteints) et
rapporte une **sensibilité de {se_pct} %**, une **spécificité de {sp_pct} %** et, dans cette étude,
une VPP de {study_ppv_pct} %.

Dans votre service, l'alerte évaluerait chacun des **{census} patients** une fois par jour, et un
jour donné **{prevalence_pct} %** d'entre eux sont atteints. Les chiffres sont inventés pour
l'exercice\u202f; positif signifie que le patient est atteint.

Donnez, pour votre service\u202f:

- `"ppv"`\u202f: la valeur prédictive positive d'une alerte (une proportion entre 0 et 1)\u202f;
- `"alerts_per_day"`\u202f: le nombre d'alertes par jour (vraies et fausses), en nombre moyen, sans
  l'arrondir à une alerte entière\u202f;
- `"nne"`\u202f: le nombre de patients à évaluer, 1 / VPP, sans l'arrondir\u202f: combien d'alertes
  sont examinées pour trouver un patient atteint.

```python
alert_burden = {"ppv": ..., "alerts_per_day": ..., "nne": ...}
```

Chaque valeur doit être juste à 0,1 % près (quatre chiffres significatifs\u202f; le plus sûr est
d'écrire le calcul, par exemple `0.9 * 0.03 / (...)`). Une proportion est un nombre entre 0 et 1\u202f;
un pourcentage n'est accepté que sous forme de texte avec le signe % (`"12 %"` est lu 0,12). Les
clés peuvent s'écrire en français\u202f: `"VPP"`, `"alertes_par_jour"`, `"NNE"`.""")


def _scenario(params: Mapping[str, Any]) -> Text:
    return Text(
        en=f"{params['alert_en'].capitalize()} has a sensitivity of {params['se_pct']}% and a specificity "
           f"of {params['sp_pct']}% (case-control study, 50% with the condition). On {params['ward_en']} "
           f"of {params['census']} patients, each scored once a day, {params['prevalence_pct']}% have the "
           "condition.",
        fr=f"{params['alert_fr'].capitalize()} a une sensibilité de {params['se_pct']} % et une spécificité "
           f"de {params['sp_pct']} % (étude cas-témoins, 50 % d'atteints). Dans {params['ward_fr']} de "
           f"{params['census']} patients, évalués chacun une fois par jour, "
           f"{str(params['prevalence_pct']).replace('.', ',')} % sont atteints.")


def _mistake(change: Any) -> Worked:
    return Worked(lambda inputs: {**solve(inputs), **change(inputs)}, "a mistake")


MISTAKES = (
    Mistake("ppv_is_sensitivity", Text(
        en="You took the sensitivity for the PPV. The sensitivity says how many of the sick the alert "
           "catches; the PPV says how many of the alerts are sick patients. On a ward where few patients "
           "have the condition, most alerts come from the many who do not: use Bayes' formula with the "
           "ward's prevalence.",
        fr="Vous avez pris la sensibilité pour la VPP. La sensibilité dit combien de malades l'alerte "
           "repère\u202f; la VPP dit combien d'alertes concernent des malades. Dans un service où peu de "
           "patients sont atteints, la plupart des alertes viennent des nombreux patients qui ne le sont "
           "pas\u202f: appliquez la formule de Bayes avec la prévalence du service."),
        _mistake(lambda i: {"ppv": float(i["se"]), "nne": 1 / float(i["se"])})),
    Mistake("study_prevalence", Text(
        en="You used the 50% prevalence of the case-control study, as the study's own PPV does. That "
           "PPV holds only where half the patients have the condition. On the ward the prevalence is much "
           "lower: put the ward's prevalence into Bayes' formula, and count the alerts of all its patients.",
        fr="Vous avez utilisé la prévalence de 50 % de l'étude cas-témoins, comme le fait la VPP de "
           "l'étude. Cette VPP ne vaut que là où la moitié des patients sont atteints. Dans le service, "
           "la prévalence est bien plus basse\u202f: mettez la prévalence du service dans la formule de "
           "Bayes, et comptez les alertes de tous ses patients."),
        _mistake(lambda i: solve(i, prevalence=0.5))),
    Mistake("true_alerts_only", Text(
        en="You counted only the alerts of the patients who have the condition (census × prevalence × "
           "sensitivity). The alert also fires for patients who do not have it, at the rate "
           "1 − specificity, and they are the many: add census × (1 − prevalence) × (1 − specificity).",
        fr="Vous n'avez compté que les alertes des patients atteints (effectif × prévalence × "
           "sensibilité). L'alerte se déclenche aussi chez les patients non atteints, au taux "
           "1 − spécificité, et ce sont les plus nombreux\u202f: ajoutez effectif × (1 − prévalence) × "
           "(1 − spécificité)."),
        _mistake(lambda i: {"alerts_per_day": float(i["census"]) * float(i["prevalence"]) * float(i["se"])})),
    Mistake("false_alarms_per_true_alert", Text(
        en="Your NNE is the number of false alarms for each true one, (1 − PPV) / PPV. The number needed "
           "to evaluate counts every alert assessed to find one patient with the condition, that one "
           "included: 1 / PPV.",
        fr="Votre NNE est le nombre de fausses alertes pour une vraie, (1 − VPP) / VPP. Le nombre de "
           "patients à évaluer compte toutes les alertes examinées pour trouver un patient atteint, "
           "celui-ci compris\u202f: 1 / VPP."),
        _mistake(lambda i: {"nne": 1 / solve(i)["ppv"] - 1})),
)

HINTS = (
    Text(en="Picture 10,000 patient-days on your ward: how many have the condition? How many of them "
            "does the alert catch? How many false alerts come from the others?",
         fr="Imaginez 10\u202f000 journées-patients dans votre service\u202f: combien de patients sont "
            "atteints\u202f? Combien d'entre eux l'alerte repère-t-elle\u202f? Combien de fausses alertes "
            "viennent des autres\u202f?"),
    Text(en="The PPV is the true alerts divided by all the alerts. The study's PPV was computed where "
            "half the patients had the condition: it does not carry over to your ward.",
         fr="La VPP, ce sont les vraies alertes divisées par toutes les alertes. La VPP de l'étude a été "
            "calculée là où la moitié des patients étaient atteints\u202f: elle ne se transpose pas à votre "
            "service."),
    Text(en="Alerts a day: the share of patients who trigger an alert (true or false) times the census. "
            "The NNE is 1 / PPV, the one true alert included.",
         fr="Alertes par jour\u202f: la part des patients qui déclenchent une alerte (vraie ou fausse) "
            "multipliée par l'effectif. Le NNE vaut 1 / VPP, la vraie alerte comprise."),
)

TEACHER_NOTES = Text(
    en="Objectives: apply Bayes' formula to move a PPV from a study to a ward; turn specificity into a "
       "daily workload; read the NNE as the cost of one useful alert. Misconceptions aimed at: a "
       "sensitive alert is a reliable alert (PPV = sensitivity); the study's PPV holds everywhere (a "
       "case-control design fixes the prevalence at 50%); false alarms are rare because the specificity "
       "is high. Debrief: How many false alerts a day would your team accept, and what specificity does "
       "that require? Who pays for alert fatigue? What should a vendor report besides sensitivity and "
       "specificity?",
    fr="Objectifs\u202f: appliquer la formule de Bayes pour transposer une VPP d'une étude à un "
       "service\u202f; traduire la spécificité en charge de travail quotidienne\u202f; lire le NNE "
       "comme le coût d'une alerte utile. Idées reçues visées\u202f: une alerte sensible serait une "
       "alerte fiable (VPP = sensibilité)\u202f; la VPP de l'étude vaudrait partout (une étude "
       "cas-témoins fixe la prévalence à 50 %)\u202f; les fausses alertes seraient rares puisque la "
       "spécificité est élevée. Pour le débriefing\u202f: combien de fausses alertes par jour votre "
       "équipe accepterait-elle, et quelle spécificité cela demande-t-il\u202f? Qui paie la lassitude "
       "face aux alertes\u202f? Que devrait rapporter un fournisseur en plus de la sensibilité et de la "
       "spécificité\u202f?")

SOLUTION = '''
import caire_exercises as cx

ward = cx.get("health.alert_burden").params      # the numbers of your statement
se, sp = ward["se_pct"] / 100, ward["sp_pct"] / 100
p, census = ward["prevalence_pct"] / 100, ward["census"]
alerting = se * p + (1 - sp) * (1 - p)           # share of patients with an alert, true or false
ppv = se * p / alerting                          # Bayes, at the ward's prevalence
alert_burden = {"ppv": ppv, "alerts_per_day": census * alerting, "nne": 1 / ppv}
'''

ALERT_BURDEN = Exercise(
    id="health.alert_burden",
    module="health",
    title=Text(en="Alert burden: the PPV at the ward's prevalence",
               fr="Charge d'alertes\u202f: la VPP à la prévalence du service"),
    statement=STATEMENT,
    answer_name=ANSWER,
    kind="value",
    reference=Worked(solve, "PPV, alerts a day, NNE"),
    cases=SHEET.cases,
    variant=draw_ward,
    probe=value_probe(ANSWER, QUANTITIES),
    facts=value_facts(ANSWER, QUANTITIES, '{"ppv": 0.12, "alerts_per_day": 6.5, "nne": 8.3}'),
    mistakes=MISTAKES,
    hints=HINTS,
    difficulty=1,
    minutes=10,
    tags=("predictive values", "Bayes", "prevalence", "alert fatigue", "no code"),
    audience=("all",),
    teacher_notes=TEACHER_NOTES,
    solution_code=SOLUTION,
    questions=SHEET.questions(_scenario, "health.alert_burden"),
)
