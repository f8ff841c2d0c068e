"""literacy.read_results: accuracy, sensitivity and false alarms per 1,000, read from a confusion matrix.

A value exercise: the learner reads a 2×2 table of counts and answers with three numbers.
Each student gets a table of their own (a setting, a number of cases and counts drawn at
random); the right values are the case's private part, computed from the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Fact, Message, Mistake, NumericQuestion, Text, format_value, message
from caire_exercises.authoring.quiz import reworded
from caire_exercises.exercises.literacy._common import MODULE_ID, PerVariantValues
from caire_exercises.exercises.literacy.probes import SHARES, observe_value
from caire_exercises.model.i18n import format_number

ANSWER = "read_results"
VALUES = ("accuracy", "sensitivity", "false_alarms_per_1000")
#: How far a value may be from the exact one: a share rounded to three decimals (or a percentage
#: to one), a count per 1,000 rounded to the nearest whole number.
TOLERANCE = {"accuracy": 0.0006, "sensitivity": 0.0006, "false_alarms_per_1000": 0.5}

#: The settings a table may describe: what is examined, what a positive is, what the model does.
SETTINGS = (
    {"domain": "health",
     "en": ("A blood test is tried on {n} patients, and each patient's true status was then "
            "established by the reference examination.", "Disease present", "Disease absent",
            "Test positive", "Test negative"),
     "fr": ("Un test sanguin est essayé sur {n} patients, dont le statut réel a ensuite été établi "
            "par l'examen de référence.", "Malades", "Non malades", "Test positif", "Test négatif")},
    {"domain": "business",
     "en": ("A model flags card payments as fraudulent; {n} payments were afterwards checked by "
            "an analyst.", "Real fraud", "Genuine payment", "Flagged", "Not flagged"),
     "fr": ("Un modèle signale des paiements par carte comme frauduleux\u202f; {n} paiements ont "
            "ensuite été vérifiés par un analyste.", "Fraude réelle", "Paiement légitime",
            "Signalé", "Non signalé")},
    {"domain": "engineering",
     "en": ("A camera system inspects parts for defects; {n} parts were also checked by an "
            "inspector.", "Defective part", "Good part", "Rejected by the system",
            "Accepted by the system"),
     "fr": ("Un système de caméras inspecte des pièces pour y détecter des défauts\u202f; {n} pièces "
            "ont aussi été contrôlées par un inspecteur.", "Pièce défectueuse", "Pièce bonne",
            "Rejetée par le système", "Acceptée par le système")},
)
SIZES = (600, 800, 1200, 1500, 2000, 2500, 4000)


#: What the declared mistakes compute, as formulas of the table's counts.
FORMULAS = {
    "right": {"accuracy": lambda tp, fn, fp, tn: (tp + tn) / (tp + fn + fp + tn),
              "sensitivity": lambda tp, fn, fp, tn: tp / (tp + fn),
              "false_alarms_per_1000": lambda tp, fn, fp, tn: 1000 * fp / (tp + fn + fp + tn)},
    "sensitivity_as_ppv": {"sensitivity": lambda tp, fn, fp, tn: tp / (tp + fp)},
    "specificity_for_sensitivity": {"sensitivity": lambda tp, fn, fp, tn: tn / (tn + fp)},
    "false_alarms_per_negative": {"false_alarms_per_1000": lambda tp, fn, fp, tn: 1000 * fp / (fp + tn)},
    "false_alarms_counted": {"false_alarms_per_1000": lambda tp, fn, fp, tn: float(fp)},
}


def values_of(tp: int, fn: int, fp: int, tn: int) -> dict[str, float]:
    """The three values of a table."""
    return {name: formula(tp, fn, fp, tn) for name, formula in FORMULAS["right"].items()}


def _mistaken(tp: int, fn: int, fp: int, tn: int) -> dict[str, dict[str, float]]:
    """What the declared mistakes compute on a table, value by value."""
    return {mistake: {name: formula(tp, fn, fp, tn) for name, formula in changes.items()}
            for mistake, changes in FORMULAS.items() if mistake != "right"}


def mistaken_answer(mistake: str) -> dict[str, Any]:
    """A declared mistake's answer: the right formulas, with the mistaken ones in their place."""
    return {**FORMULAS["right"], **FORMULAS[mistake]}


def _table(params: Mapping[str, Any], language: str) -> str:
    setting = SETTINGS[params["setting"]][language]
    _, positive, negative, said_yes, said_no = setting
    def number(value: int) -> str:
        return format_number(value, language)

    return (f"| | {positive} | {negative} |\n|---|---:|---:|\n"
            f"| {said_yes} | {number(params['tp'])} | {number(params['fp'])} |\n"
            f"| {said_no} | {number(params['fn'])} | {number(params['tn'])} |\n"
            f"| Total | {number(params['tp'] + params['fn'])} | {number(params['fp'] + params['tn'])} |")


def variant(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A table whose values the declared mistakes all miss by more than the tolerance.

    The right numbers are not shown after a wrong answer (the learner would copy them), unless
    the course sets ``show_expected``.
    """
    while True:
        setting = int(rng.integers(len(SETTINGS)))
        n = int(rng.choice(SIZES))
        positives = max(12, int(round(n * rng.uniform(0.04, 0.2))))
        tp = int(round(positives * rng.uniform(0.65, 0.95)))
        negatives = n - positives
        fp = int(round(negatives * rng.uniform(0.02, 0.12)))
        fn, tn = positives - tp, negatives - fp
        right = values_of(tp, fn, fp, tn)
        if all(abs(wrong - right[name]) > 4 * TOLERANCE[name]
               for changes in _mistaken(tp, fn, fp, tn).values() for name, wrong in changes.items()):
            break
    params = {"setting": setting, "n": n, "tp": tp, "fn": fn, "fp": fp, "tn": tn,
              "show_expected": bool((settings or {}).get("show_expected", False))}
    for language in ("en", "fr"):
        params[f"context_{language}"] = SETTINGS[setting][language][0].format(n=format_number(n, language))
        params[f"table_{language}"] = _table(params, language)
    return params


def _counts(params: Mapping[str, Any]) -> tuple[int, int, int, int]:
    return params["tp"], params["fn"], params["fp"], params["tn"]


def solve(params: Mapping[str, Any]) -> dict[str, float]:
    """The right answer of a variant, as a learner would write it (four decimals)."""
    return {name: round(value, 4) for name, value in values_of(*_counts(params)).items()}


LABELS = {
    "accuracy": Text(en="accuracy", fr="exactitude"),
    "sensitivity": Text(en="sensitivity", fr="sensibilité"),
    "false_alarms_per_1000": Text(en="false alarms per 1,000 cases", fr="fausses alertes pour 1\u202f000 cas"),
}
#: The value with its article, as a sentence names it ("Votre valeur pour l'exactitude").
THE = {
    "accuracy": Text(en="the accuracy", fr="l'exactitude"),
    "sensitivity": Text(en="the sensitivity", fr="la sensibilité"),
    "false_alarms_per_1000": Text(en="the false alarms per 1,000 cases",
                                  fr="le nombre de fausses alertes pour 1\u202f000 cas"),
}
HOW = {
    "accuracy": Text(en="the share of all cases where the decision matches reality: (true positives + "
                        "true negatives) / all cases",
                     fr="la part de tous les cas où la décision correspond à la réalité\u202f: (vrais positifs "
                        "+ vrais négatifs) / tous les cas"),
    "sensitivity": Text(en="the share of real positives that were flagged: true positives / (true positives "
                           "+ false negatives), read down the positive column",
                        fr="la part des positifs réels qui ont été signalés\u202f: vrais positifs / (vrais "
                           "positifs + faux négatifs), lue dans la colonne des positifs"),
    "false_alarms_per_1000": Text(en="the false positives (flagged, but negative in reality) for every "
                                     "1,000 cases of the table: 1,000 × false positives / all cases",
                                  fr="les faux positifs (signalés, mais négatifs en réalité) pour 1\u202f000 cas "
                                     "du tableau\u202f: 1\u202f000 × faux positifs / tous les cas"),
}


def cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    right = values_of(*_counts(params))
    counts = {"tp": params["tp"], "fn": params["fn"], "fp": params["fp"], "tn": params["tn"]}
    # The values are also compared with the reference's (and, to name a mistake, with each
    # mistake's) within the tolerance: the reference is rounded to four decimals, hence the margin.
    return [Case(name, kwargs={"answer_name": ANSWER, "value": name, "counts": counts}, label=LABELS[name],
                 private={"expected": right[name], "tolerance": TOLERANCE[name],
                          "show_expected": params.get("show_expected", False)},
                 rtol=0.0, atol=1.2 * TOLERANCE[name])
            for name in VALUES]


def _problem(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    problem, given = observed.get("problem"), reworded(observed.get("value"))
    name = case.kwargs["value"]
    if problem == "not_dict":
        return message(Text(
            en="Answer with a dict of three numbers, e.g. `read_results = {{\"accuracy\": 0.9, "
               "\"sensitivity\": 0.8, \"false_alarms_per_1000\": 40}}`; `read_results` is {given}.",
            fr="Répondez par un dictionnaire de trois nombres, par exemple `read_results = {{\"accuracy\": "
               "0.9, \"sensitivity\": 0.8, \"false_alarms_per_1000\": 40}}`\u202f; `read_results` est {given}."),
            given=given)
    if problem == "missing":
        return message(Text(en="No value for {the}: add the key `{key}` to `read_results`.",
                            fr="Pas de valeur pour {the}\u202f: ajoutez la clé `{key}` à `read_results`."),
                       the=THE[name], key=name)
    if problem == "blank":
        return message(Text(en="Not answered yet ({label}): replace None by a number.",
                            fr="Pas encore de réponse ({label})\u202f: remplacez None par un nombre."),
                       label=LABELS[name])
    if problem == "formula_error":
        return message(Text(en="Your formula for {the} fails on this table: `{given}`.",
                            fr="Votre formule pour {the} échoue sur ce tableau\u202f: `{given}`."),
                       the=THE[name], given=given)
    return message(Text(en="The value for {the} should be a number, such as 0.85 or \"85 %\", not {given}.",
                        fr="La valeur pour {the} doit être un nombre, comme 0.85 ou \"85 %\", et non {given}."),
                   the=THE[name], given=given)


def _wrong(observed: Mapping[str, Any], expected: Any, case: Case) -> Message:
    name = case.kwargs["value"]
    return message(Text(en="Your value for {the} is {given}, which is not what the table gives. It is {how}.",
                        fr="Votre valeur pour {the} est {given}, ce que le tableau ne donne pas. C'est {how}."),
                   the=THE[name], given=format_value(observed["value"]), how=HOW[name])


FACTS = (
    Fact("readable", lambda observed, expected, case: "problem" not in observed
         and isinstance(observed["value"], float), _problem),
    Fact("right", lambda observed, expected, case: abs(observed["value"] - case.private["expected"])
         <= case.private["tolerance"], _wrong),
)

TITLE = Text(en="Read a model's results", fr="Lire les résultats d'un modèle")

STATEMENT = Text(
    en="""{context_en} The table counts each case by what the system decided (rows) and by what
was true (columns):

{table_en}

A *false alarm* is a case flagged as positive that is negative in reality (a false positive).
From the table, give three numbers:

- `accuracy`: the share of all cases where the decision was right;
- `sensitivity`: the share of the real positives that were flagged;
- `false_alarms_per_1000`: how many false alarms for every 1,000 cases of the table.

```python
read_results = {"accuracy": ..., "sensitivity": ..., "false_alarms_per_1000": ...}
```

Give the shares as proportions to three decimals (such as 0.934) or as percentages to one decimal
(93.4, or the text "93.4 %"), and the false alarms to the nearest whole number or better. French keys
are accepted (`exactitude`, `sensibilité`, `fausses_alertes_pour_1000`).""",
    fr="""{context_fr} Le tableau compte chaque cas selon la décision du système (lignes) et selon la
réalité (colonnes)\u202f:

{table_fr}

Une *fausse alerte* est un cas signalé comme positif alors qu'il est négatif en réalité (un faux
positif). À partir du tableau, donnez trois nombres\u202f:

- `exactitude` (`accuracy`)\u202f: la part de tous les cas où la décision était juste\u202f;
- `sensibilité` (`sensitivity`)\u202f: la part des positifs réels qui ont été signalés\u202f;
- `fausses_alertes_pour_1000` (`false_alarms_per_1000`)\u202f: le nombre de fausses alertes pour
  1\u202f000 cas du tableau.

```python
read_results = {"exactitude": ..., "sensibilité": ..., "fausses_alertes_pour_1000": ...}
```

Donnez les parts en proportions à trois décimales (comme 0,934, écrit `0.934` en Python) ou en
pourcentages à une décimale (93,4, ou le texte `"93,4 %"`), et les fausses alertes à l'unité près
au moins. Les clés anglaises sont acceptées (`accuracy`, `sensitivity`, `false_alarms_per_1000`).""",
)

MISTAKES = (
    Mistake("sensitivity_as_ppv", Text(
        en="Your sensitivity is the share of flagged cases that are real positives: that is the "
           "positive predictive value (precision), read along the \"flagged\" row. Sensitivity "
           "reads down the column of real positives: true positives / (true positives + false "
           "negatives).",
        fr="Votre sensibilité est la part des cas signalés qui sont de vrais positifs\u202f: c'est la "
           "valeur prédictive positive (VPP), lue sur la ligne des cas signalés. La sensibilité se "
           "lit dans la colonne des positifs réels\u202f: vrais positifs / (vrais positifs + faux "
           "négatifs)."),
        mistaken_answer("sensitivity_as_ppv")),
    Mistake("specificity_for_sensitivity", Text(
        en="Your sensitivity is the share of real negatives that were not flagged: that is the "
           "specificity. Sensitivity is about the real positives: the share of them that were "
           "flagged.",
        fr="Votre sensibilité est la part des négatifs réels qui n'ont pas été signalés\u202f: c'est la "
           "spécificité. La sensibilité porte sur les positifs réels\u202f: la part d'entre eux qui a "
           "été signalée."),
        mistaken_answer("specificity_for_sensitivity")),
    Mistake("false_alarms_per_negative", Text(
        en="You counted the false alarms per 1,000 real negatives (the false-positive rate × 1,000). "
           "The question is per 1,000 cases of the table, positives included: 1,000 × false "
           "positives / all cases.",
        fr="Vous avez compté les fausses alertes pour 1\u202f000 négatifs réels (le taux de faux positifs "
           "× 1\u202f000). La question porte sur 1\u202f000 cas du tableau, positifs compris\u202f: 1\u202f000 × "
           "faux positifs / tous les cas."),
        mistaken_answer("false_alarms_per_negative")),
    Mistake("false_alarms_counted", Text(
        en="You gave the number of false alarms in the table, not per 1,000 cases: the table does "
           "not hold 1,000 cases. Scale it: 1,000 × false positives / all cases.",
        fr="Vous avez donné le nombre de fausses alertes du tableau, et non pour 1\u202f000 cas\u202f: le "
           "tableau ne compte pas 1\u202f000 cas. Ramenez-le à 1\u202f000\u202f: 1\u202f000 × faux positifs / "
           "tous les cas."),
        mistaken_answer("false_alarms_counted")),
)

HINTS = (
    Text(en="Name the four cells first: flagged and positive in reality (true positives), flagged but "
            "negative (false positives, the false alarms), not flagged but positive (false negatives), "
            "not flagged and negative (true negatives).",
         fr="Nommez d'abord les quatre cellules\u202f: signalé et positif en réalité (vrais positifs), "
            "signalé mais négatif (faux positifs, les fausses alertes), non signalé mais positif (faux "
            "négatifs), non signalé et négatif (vrais négatifs)."),
    Text(en="Accuracy uses the whole table (the right decisions over all cases); sensitivity uses one "
            "column only, the real positives.",
         fr="L'exactitude utilise tout le tableau (les bonnes décisions sur tous les cas)\u202f; la "
            "sensibilité une seule colonne, celle des positifs réels."),
    Text(en="\"Per 1,000 cases\" means: divide by the number of cases in the table, then multiply by "
            "1,000; the table does not hold exactly 1,000 cases.",
         fr="«\u202fPour 1\u202f000 cas\u202f» veut dire\u202f: divisez par le nombre de cas du tableau, puis "
            "multipliez par 1\u202f000\u202f; le tableau ne compte pas exactement 1\u202f000 cas."),
)

TEACHER_NOTES = Text(
    en=("Objectives: read a confusion matrix laid out as a clinical 2×2 table; compute accuracy, "
        "sensitivity and a rate of false alarms in natural frequencies. Misconceptions aimed at: "
        "sensitivity read along the row (that is the positive predictive value); specificity taken "
        "for sensitivity; a rate per 1,000 negatives given for a rate per 1,000 cases, or a raw "
        "count. Debrief: With a high accuracy, can a system still miss many positives? Who bears "
        "the false alarms, and what do they cost per 1,000 cases in your setting? Which of the "
        "three numbers would you show a decision-maker, and why?"),
    fr=("Objectifs\u202f: lire une matrice de confusion présentée comme un tableau 2×2 clinique\u202f; "
        "calculer l'exactitude, la sensibilité et un taux de fausses alertes en fréquences "
        "naturelles. Idées reçues visées\u202f: la sensibilité lue sur la ligne (c'est la valeur "
        "prédictive positive)\u202f; la spécificité prise pour la sensibilité\u202f; un taux pour "
        "1\u202f000 négatifs donné pour un taux pour 1\u202f000 cas, ou un simple décompte. Pour le "
        "débriefing\u202f: avec une bonne exactitude, un système peut-il manquer beaucoup de "
        "positifs\u202f? Qui supporte les fausses alertes, et que coûtent-elles pour 1\u202f000 cas dans "
        "votre contexte\u202f? Lequel des trois nombres montreriez-vous à un décideur, et pourquoi\u202f?"),
)


def questions(params: Mapping[str, Any]) -> list[NumericQuestion]:
    """The three values of the variant, as numerical questions for an LMS."""
    right = values_of(*_counts(params))
    shown = {language: f"{params['context_' + language]}\n\n{params['table_' + language]}\n\n"
             for language in ("en", "fr")}
    made = []
    for name in VALUES:
        share = name in SHARES
        made.append(NumericQuestion(
            key=name,
            text=Text(en=shown["en"] + f"What is {THE[name].en}?" + (" (a proportion between 0 and 1)" if share else ""),
                      fr=shown["fr"] + f"Que vaut {THE[name].fr}\u202f?" + (" (une proportion entre 0 et 1)" if share else "")),
            answer=right[name], tolerance=TOLERANCE[name], unit="" if share else "‰",
            explanation=Text(en=f"It is {HOW[name].en}.", fr=f"C'est {HOW[name].fr}."),
            category=SETTINGS[params["setting"]]["domain"], group="read_results"))
    return made


_DECLARED = PerVariantValues(
    id="literacy.read_results", module=MODULE_ID, answer_name=ANSWER, kind="value",
    title=TITLE, statement=STATEMENT, reference=None, cases=cases, variant=variant,
    probe=observe_value, facts=FACTS, compare_values=True, pass_score=1.0,
    mistakes=MISTAKES, hints=HINTS, teacher_notes=TEACHER_NOTES, questions=questions,
    difficulty=1, minutes=10, tags=("AI literacy", "metrics", "confusion matrix", "no code"),
    dataset=None, audience=("all",),
    solve=solve,
)

READ_RESULTS = _DECLARED.bound_answers()
