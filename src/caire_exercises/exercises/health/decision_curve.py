"""health.decision_curve: net benefit of a model against treating everyone and treating no one.

A function answer compared with the reference on the same inputs (Vickers &
Elkin, *Medical Decision Making* 26(6), 2006: net benefit = TP/n − FP/n ·
pt/(1 − pt)). The ward of the first case has 3 to 5 % of events, so treating
everyone is worse than treating no one at every threshold from 5 %; the
second case is an intensive-care unit where events are common and treating
everyone beats the model at low thresholds, which is what the comparison with
"treat none" alone misses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Mistake, Text
from caire_exercises.authoring.figures import line_chart
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.health import probes
from caire_exercises.exercises.health._common import MODULE_ID, ward_risks

THRESHOLDS = np.round(np.arange(0.05, 0.3001, 0.01), 2)
#: The draw of the rare-events generator that the shown case uses (fixed: the exercise has no variants).
WARD_SEED = 2026


def net_benefit(y_true, risk, thresholds):
    y = np.asarray(y_true) == 1
    risk = np.asarray(risk, dtype=float)
    n = len(y)
    prevalence = y.mean()
    model, treat_all = [], []
    for pt in thresholds:
        treated = risk >= pt
        tp = np.sum(treated & y)
        fp = np.sum(treated & ~y)
        odds = pt / (1 - pt)
        model.append(tp / n - fp / n * odds)
        treat_all.append(prevalence - (1 - prevalence) * odds)
    model, treat_all = np.array(model), np.array(treat_all)
    treat_none = np.zeros(len(model))
    return {"model": model, "treat_all": treat_all, "treat_none": treat_none,
            "useful": model > np.maximum(treat_all, treat_none)}


def _icu(pick: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """An intensive-care unit where about one patient in four has the event.

    The model there was built elsewhere: its risks are too low and too timid (a logit shrunk
    and shifted down), so treating everyone beats it at the lowest thresholds.
    """
    true_risk = pick.beta(2.0, 6.0, n)
    y = (pick.random(n) < true_risk).astype(np.int64)
    logit = np.log(true_risk / (1 - true_risk))
    risk = np.round(np.clip(1 / (1 + np.exp(-(0.9 * logit - 0.8))), 0.001, 0.999), 6)
    return y, risk


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    y, risk = ward_risks(WARD_SEED)
    icu_y, icu_risk = _icu(np.random.default_rng(WARD_SEED), 600)
    hidden_y, hidden_risk = ward_risks(int(rng.integers(0, 2**31)))
    return [
        Case("ward", (y, risk, THRESHOLDS.copy()),
             label=Text(en=f"{len(y)} ward patients, {int(y.sum())} events in 48 hours",
                        fr=f"{len(y)} patients d'un service, {int(y.sum())} événements en 48 heures")),
        Case("intensive care", (icu_y, icu_risk, THRESHOLDS.copy()),
             label=Text(en="600 intensive-care patients, about one in four with the event",
                        fr="600 patients de réanimation, dont environ un sur quatre avec l'événement")),
        Case("another ward", (hidden_y, hidden_risk, THRESHOLDS.copy()), hidden=True),
    ]


def _figure(case: Case, observed: Any, expected: Any) -> str | None:
    curves = {Text(en="model (expected)", fr="modèle (attendu)").render(): list(expected["value"]["model"]),
              Text(en="treat all", fr="traiter tous").render(): list(expected["value"]["treat_all"]),
              Text(en="treat none", fr="traiter aucun").render(): list(expected["value"]["treat_none"])}
    mine = observed.get("value", {}) if isinstance(observed, Mapping) else {}
    if isinstance(mine, Mapping) and np.shape(mine.get("model")) == (len(case.args[2]),):
        curves[Text(en="your model", fr="votre modèle").render()] = [float(v) for v in mine["model"]]
    low = min(min(values) for values in curves.values())
    curves = {name: [max(v, max(low, -0.05)) for v in values] for name, values in curves.items()}
    return line_chart(curves, x_values=[float(t) for t in case.args[2]],
                      title=Text(en="decision curve", fr="courbe de décision").render(),
                      x_label=Text(en="threshold probability", fr="probabilité seuil").render(),
                      y_label=Text(en="net benefit", fr="bénéfice net").render())


_odds_inverted = edited(net_benefit, "odds = pt / (1 - pt)", "odds = (1 - pt) / pt")
_no_odds = edited(net_benefit, "odds = pt / (1 - pt)", "odds = pt")
_treat_none_only = edited(net_benefit, '"useful": model > np.maximum(treat_all, treat_none)',
                          '"useful": model > treat_none')
_treat_all_no_harm = edited(net_benefit, "treat_all.append(prevalence - (1 - prevalence) * odds)",
                            "treat_all.append(prevalence)")


DECISION_CURVE = Exercise(
    id="health.decision_curve",
    module=MODULE_ID,
    title=Text(en="Decision curve: is the model worth using?", fr="Courbe de décision : le modèle vaut-il la peine ?"),
    statement=Text(
        en=r"""A model gives ward patients a risk of a serious event in the next 48 hours (data set
`rare_events`). A doctor would act (call the rapid response team) above some risk $p_t$, the
**threshold probability**: acting at $p_t = 10\,\%$ means one would accept up to 9 unneeded
calls to catch one event. The decision curve (Vickers & Elkin, 2006) compares three strategies at
each threshold, with $n$ patients:

$$\text{NB}_\text{model}(p_t) = \frac{TP}{n} - \frac{FP}{n}\cdot\frac{p_t}{1-p_t}
\qquad \text{NB}_\text{treat all}(p_t) = \pi - (1-\pi)\frac{p_t}{1-p_t}
\qquad \text{NB}_\text{treat none} = 0$$

where a patient is treated by the model when `risk >= p_t`, TP and FP count the treated patients
with and without the event, and $\pi$ is the share of patients with the event.

Write `net_benefit(y_true, risk, thresholds)` returning a dict of four 1-D NumPy arrays, one value
per threshold: `"model"`, `"treat_all"`, `"treat_none"` (floats) and `"useful"` (booleans: True
where the model's net benefit is **strictly above both** other strategies). The thresholds run
from 5 % to 30 %.""",
        fr=r"""Un modèle donne aux patients d'un service un risque d'événement grave dans les 48
heures (jeu de données `rare_events`). Un médecin agirait (appel de l'équipe de réponse rapide)
au-dessus d'un certain risque $p_t$, la **probabilité seuil** : agir à $p_t = 10\,\%$ veut dire
accepter jusqu'à 9 appels inutiles pour rattraper un événement. La courbe de décision (Vickers et
Elkin, 2006) compare trois stratégies à chaque seuil, pour $n$ patients :

$$\text{BN}_\text{modèle}(p_t) = \frac{VP}{n} - \frac{FP}{n}\cdot\frac{p_t}{1-p_t}
\qquad \text{BN}_\text{traiter tous}(p_t) = \pi - (1-\pi)\frac{p_t}{1-p_t}
\qquad \text{BN}_\text{traiter aucun} = 0$$

où un patient est traité par le modèle quand `risk >= p_t`, VP et FP comptent les patients traités
avec et sans l'événement, et $\pi$ est la proportion de patients qui ont l'événement.

Écrivez `net_benefit(y_true, risk, thresholds)` qui renvoie un dictionnaire de quatre tableaux
NumPy 1-D, une valeur par seuil : `"model"`, `"treat_all"`, `"treat_none"` (flottants) et
`"useful"` (booléens : True là où le bénéfice net du modèle est **strictement au-dessus des deux**
autres stratégies). Les seuils vont de 5 % à 30 %.""",
    ),
    answer_name="net_benefit",
    kind="function",
    reference=net_benefit,
    cases=_cases,
    probe=probes.decision_curve,
    figure=_figure,
    difficulty=2,
    minutes=20,
    tags=("decision curve", "net benefit", "threshold probability", "clinical utility"),
    dataset="rare_events",
    mistakes=(
        Mistake("odds_inverted", Text(
            en="Your weight of the false positives is upside down. Each false positive costs "
               "pt / (1 − pt), the odds at the threshold: at pt = 10 % one false alarm weighs 1/9 of "
               "a true positive, not 9 times as much.",
            fr="Votre poids des faux positifs est à l'envers. Chaque faux positif coûte pt / (1 − pt), "
               "la cote au seuil : à pt = 10 %, une fausse alerte pèse 1/9 d'un vrai positif, pas 9 "
               "fois plus."), _odds_inverted),
        Mistake("weight_pt", Text(
            en="You weigh the false positives by pt itself. The weight is the ODDS at the threshold, "
               "pt / (1 − pt): that is the exchange rate between false and true positives that the "
               "threshold expresses.",
            fr="Vous pondérez les faux positifs par pt lui-même. Le poids est la COTE au seuil, "
               "pt / (1 − pt) : c'est le taux de change entre faux et vrais positifs qu'exprime le "
               "seuil."), _no_odds),
        Mistake("treat_none_only", Text(
            en="Your model is called useful wherever its net benefit is above 0, i.e. better than "
               "treating no one. It must also beat treating everyone: where events are common, "
               "\"treat all\" wins at low thresholds.",
            fr="Votre modèle est déclaré utile partout où son bénéfice net dépasse 0, c'est-à-dire "
               "mieux que ne traiter personne. Il doit aussi battre « traiter tous » : quand les "
               "événements sont fréquents, traiter tout le monde l'emporte aux seuils bas."),
               _treat_none_only),
        Mistake("treat_all_without_harm", Text(
            en="Your \"treat all\" curve forgets the harm: treating everyone also treats the (1 − π) "
               "patients without the event, each weighing pt / (1 − pt).",
            fr="Votre courbe « traiter tous » oublie le coût : traiter tout le monde traite aussi les "
               "(1 − π) patients sans l'événement, chacun pesant pt / (1 − pt)."), _treat_all_no_harm),
    ),
    hints=(
        Text(en="Loop over the thresholds: `treated = risk >= pt`, then count TP and FP among the "
                "treated.",
             fr="Bouclez sur les seuils : `treated = risk >= pt`, puis comptez VP et FP parmi les "
                "patients traités."),
        Text(en="\"Treat all\" is the model that treats everyone: TP/n is then the prevalence, FP/n "
                "its complement.",
             fr="« Traiter tous » est le modèle qui traite tout le monde : VP/n vaut alors la "
                "prévalence, FP/n son complément."),
        Text(en="`np.maximum(a, b)` compares two curves point by point.",
             fr="`np.maximum(a, b)` compare deux courbes point par point."),
    ),
    audience=("engineering",),
    teacher_notes=Text(
        en="Objectives: compute a decision curve (net benefit of a model, treat all, treat none) and "
           "read where a model is clinically useful. Misconceptions aimed at: a good AUC means a "
           "useful model; beating \"treat none\" is enough; the threshold is a technical setting "
           "rather than a clinical preference. Debrief: why does \"treat all\" fall below zero at "
           "every threshold in the ward but not in intensive care? Who should choose the range of "
           "threshold probabilities, the data scientist or the clinicians? What would a net benefit "
           "of 0.01 mean per 1,000 patients?",
        fr="Objectifs : calculer une courbe de décision (bénéfice net d'un modèle, traiter tous, "
           "traiter aucun) et lire où un modèle est cliniquement utile. Idées fausses visées : une "
           "bonne AUC fait un modèle utile ; battre « traiter aucun » suffit ; le seuil est un "
           "réglage technique plutôt qu'une préférence clinique. Pour le débriefing : pourquoi "
           "« traiter tous » passe-t-il sous zéro à chaque seuil dans le service mais pas en "
           "réanimation ? Qui doit choisir la plage de probabilités seuils, le data scientist ou les "
           "cliniciens ? Que signifierait un bénéfice net de 0,01 pour 1 000 patients ?"),
)
