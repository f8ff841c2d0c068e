"""responsible.model_card: a model card whose claims the data must back (no code needed).

A value answer: a dict. The statement shows the numbers (the training
population, the held-out confusion counts by sex); the judge recomputes the
metrics per group from them, and flags each claim the data contradict. One
case per section of the card, so that each is scored and explained on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import (Case, ChoiceQuestion, Exercise, Fact, Mistake, NumericQuestion, Option,
                                       OptionSet, Text)
from caire_exercises.exercises.responsible import probes
from caire_exercises.exercises._values import Worked
from caire_exercises.exercises.responsible._common import MODULE_ID, card_numbers, number

SECTIONS = ("training_population", "metrics", "intended_use", "out_of_scope", "limitations")
INTENDED = "referred_adults_in_training_ages"
OUT_OF_SCOPE = ("younger_than_training_ages", "older_than_training_ages", "screening_without_symptoms")
#: Metrics read by hand off a table: an absolute tolerance of half a point.
ATOL_METRIC = 0.005


def _metrics(numbers: Mapping[str, int]) -> dict[str, dict[str, float]]:
    return {sex: {"sensitivity": numbers[f"tp_{sex}"] / (numbers[f"tp_{sex}"] + numbers[f"fn_{sex}"]),
                  "specificity": numbers[f"tn_{sex}"] / (numbers[f"tn_{sex}"] + numbers[f"fp_{sex}"])}
            for sex in ("F", "M")}


def _required_limitations(numbers: Mapping[str, int]) -> set[str]:
    metrics = _metrics(numbers)
    required = {"no_external_validation"}
    if abs(metrics["F"]["sensitivity"] - metrics["M"]["sensitivity"]) >= 0.05:
        required.add("sensitivity_gap_between_sexes")
    if numbers["train_women"] < numbers["n_train"] / 2:
        required.add("fewer_women_than_men")
    return required


def solve(numbers: Mapping[str, int]) -> dict[str, Any]:
    return {
        "intended_use": INTENDED,
        "out_of_scope": list(OUT_OF_SCOPE),
        "training_population": {"age_min": numbers["train_age_min"], "age_max": numbers["train_age_max"],
                                "women_share": numbers["train_women"] / numbers["n_train"]},
        "metrics": _metrics(numbers),
        "limitations": sorted(_required_limitations(numbers)),
    }


def _variant(rng: np.random.Generator) -> dict[str, Any]:
    seed = int(rng.integers(0, 2**31))
    numbers = card_numbers(seed, int(rng.choice([38, 40, 42, 45])), int(rng.choice([72, 75, 78])))
    return {"data_seed": seed, **numbers}


def _numbers(params: Mapping[str, Any]) -> dict[str, int]:
    return {key: value for key, value in params.items() if key != "data_seed"}


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    labels = {
        "training_population": Text(en="training population: ages and share of women",
                                    fr="population d'entraînement : âges et part de femmes"),
        "metrics": Text(en="sensitivity and specificity for women and for men",
                        fr="sensibilité et spécificité chez les femmes et chez les hommes"),
        "intended_use": Text(en="intended use", fr="usage prévu"),
        "out_of_scope": Text(en="out-of-scope uses", fr="usages hors périmètre"),
        "limitations": Text(en="limitations", fr="limites"),
    }
    return [Case(section, kwargs={"section": section, "numbers": _numbers(params)}, label=labels[section])
            for section in SECTIONS]


def _options(*keys: tuple[str, str, str]) -> OptionSet:
    return OptionSet([Option(key, Text(en=en, fr=fr), (key,)) for key, en, fr in keys])


_INTENDED_OPTIONS = _options(
    ("referred_adults_in_training_ages", "patients referred for suspected coronary disease, of the training ages",
     "patients adressés pour suspicion de maladie coronaire, aux âges de l'entraînement"),
    ("all_adults", "all adults", "tous les adultes"),
    ("general_population_screening", "screening of the general population", "dépistage dans la population générale"))
_OUT_OF_SCOPE_OPTIONS = _options(
    ("younger_than_training_ages", "patients younger than the training ages",
     "patients plus jeunes que ceux de l'entraînement"),
    ("older_than_training_ages", "patients older than the training ages", "patients plus âgés que ceux de l'entraînement"),
    ("screening_without_symptoms", "screening people without symptoms", "dépistage de personnes sans symptômes"),
    ("referred_patients", "patients referred for suspected coronary disease",
     "patients adressés pour suspicion de maladie coronaire"))
_LIMITATION_OPTIONS = _options(
    ("sensitivity_gap_between_sexes", "a sensitivity gap of 5 points or more between women and men",
     "un écart de sensibilité d'au moins 5 points entre femmes et hommes"),
    ("fewer_women_than_men", "fewer women than men in training", "moins de femmes que d'hommes à l'entraînement"),
    ("no_external_validation", "no external validation", "pas de validation externe"),
    ("no_known_limitations", "no known limitations", "aucune limite connue"))


def _questions(params: Mapping[str, Any]) -> list[Any]:
    """The card's sections as LMS questions, for this variant's table."""
    numbers = _numbers(params)
    card = solve(numbers)
    table = Text(
        en=f"Training: {numbers['n_train']} patients aged {numbers['train_age_min']} to {numbers['train_age_max']}, "
           f"{numbers['train_women']} women. Held-out patients, women: TP {numbers['tp_F']}, FN {numbers['fn_F']}, "
           f"TN {numbers['tn_F']}, FP {numbers['fp_F']}; men: TP {numbers['tp_M']}, FN {numbers['fn_M']}, "
           f"TN {numbers['tn_M']}, FP {numbers['fp_M']}.",
        fr=f"Entraînement : {numbers['n_train']} patients âgés de {numbers['train_age_min']} à "
           f"{numbers['train_age_max']} ans, dont {numbers['train_women']} femmes. Patients de test, femmes : "
           f"VP {numbers['tp_F']}, FN {numbers['fn_F']}, VN {numbers['tn_F']}, FP {numbers['fp_F']} ; hommes : "
           f"VP {numbers['tp_M']}, FN {numbers['fn_M']}, VN {numbers['tn_M']}, FP {numbers['fp_M']}.")

    def asked(en: str, fr: str) -> Text:
        return Text(en=f"{table.en}\n\n{en}", fr=f"{table.fr}\n\n{fr}")

    made: list[Any] = [
        ChoiceQuestion("intended_use", asked("What use do the data back?", "Quel usage les données étayent-elles ?"),
                       _INTENDED_OPTIONS, (card["intended_use"],), category="health", group="intended_use"),
        ChoiceQuestion("out_of_scope", asked("Which uses are out of scope? (all that apply)",
                                             "Quels usages sont hors périmètre ? (toutes les bonnes réponses)"),
                       _OUT_OF_SCOPE_OPTIONS, tuple(card["out_of_scope"]), multiple=True, category="health",
                       group="out_of_scope"),
        ChoiceQuestion("limitations", asked("Which limitations do the numbers show? (all that apply)",
                                            "Quelles limites les chiffres montrent-ils ? (toutes les bonnes "
                                            "réponses)"),
                       _LIMITATION_OPTIONS, tuple(card["limitations"]), multiple=True, category="health",
                       group="limitations"),
        NumericQuestion("training_population.age_min", asked("Youngest age in training (years)?",
                                                             "Âge du plus jeune patient d'entraînement (ans) ?"),
                        card["training_population"]["age_min"], 0.0, category="health", group="training_population"),
        NumericQuestion("training_population.age_max", asked("Oldest age in training (years)?",
                                                             "Âge du plus âgé des patients d'entraînement (ans) ?"),
                        card["training_population"]["age_max"], 0.0, category="health", group="training_population"),
        NumericQuestion("training_population.women_share",
                        asked("Share of women in training (between 0 and 1)?",
                              "Part de femmes à l'entraînement (entre 0 et 1) ?"),
                        card["training_population"]["women_share"], 0.01, category="health",
                        group="training_population"),
    ]
    for sex, en_group, fr_group in (("F", "women", "femmes"), ("M", "men", "hommes")):
        for metric, fr_metric in (("sensitivity", "sensibilité"), ("specificity", "spécificité")):
            made.append(NumericQuestion(
                f"metrics.{sex}.{metric}", asked(f"The {metric} for {en_group} (between 0 and 1)?",
                                         f"La {fr_metric} chez les {fr_group} (entre 0 et 1) ?"),
                card["metrics"][sex][metric], ATOL_METRIC, category="health", group="metrics"))
    return made


def _card(observed: Mapping[str, Any]) -> Mapping[str, Any]:
    card = observed["card"]
    if not isinstance(card, dict):
        raise ValueError("not a dict")
    return card


def _section(name: str, test):
    """A fact that tests one section of the card, on that section's case only."""
    def holds(observed: Any, expected: Any, case: Case) -> bool:
        return case.kwargs["section"] != name or bool(test(_card(observed), case.kwargs["numbers"]))

    return holds


def _population(card: Mapping[str, Any], numbers: Mapping[str, int]) -> bool:
    population = card["training_population"]
    return (number(population["age_min"]) == numbers["train_age_min"]
            and number(population["age_max"]) == numbers["train_age_max"]
            and abs(_share(population["women_share"]) - numbers["train_women"] / numbers["n_train"]) <= 0.01)


def _share(value: Any) -> float:
    share = number(value)
    return share / 100 if share > 1 else share


def _metric_ok(card: Mapping[str, Any], numbers: Mapping[str, int], sexes=("F", "M")) -> bool:
    want = _metrics(numbers)
    return all(abs(_share(card["metrics"][sex][metric]) - want[sex][metric]) <= ATOL_METRIC
               for sex in sexes for metric in ("sensitivity", "specificity"))


def _groups_differ(card: Mapping[str, Any], numbers: Mapping[str, int]) -> bool:
    metrics = card["metrics"]
    return any(abs(_share(metrics["F"][metric]) - _share(metrics["M"][metric])) > 1e-9
               for metric in ("sensitivity", "specificity"))


def _listed(card: Mapping[str, Any], key: str) -> set[str]:
    value = card[key]
    return {value} if isinstance(value, str) else set(value)


FACTS = (
    Fact("card", lambda observed, expected, case: isinstance(observed["card"], dict) and all(
        section in observed["card"] for section in SECTIONS), Text(
        en="`model_card` should be a dict with the keys 'intended_use', 'out_of_scope', 'training_population', "
           "'metrics' and 'limitations' (see the template in the statement).",
        fr="`model_card` doit être un dict avec les clés 'intended_use', 'out_of_scope', "
           "'training_population', 'metrics' et 'limitations' (voir le modèle dans l'énoncé).")),
    Fact("population", _section("training_population", _population), Text(
        en="The training population does not match the statement: give the youngest and the oldest ages of "
           "the training patients, and the share of women among them (women / patients).",
        fr="La population d'entraînement ne correspond pas à l'énoncé : donnez l'âge du plus jeune et du plus "
           "âgé des patients d'entraînement, et la part de femmes parmi eux (femmes / patients).")),
    Fact("per_group", _section("metrics", _groups_differ), Text(
        en="Your metrics are the same for women and for men: compute them within each group, from that "
           "group's own row of the table. One overall figure hides how the model does for each.",
        fr="Vos métriques sont les mêmes pour les femmes et pour les hommes : calculez-les dans chaque "
           "groupe, à partir de la ligne du tableau propre à ce groupe. Un chiffre global cache ce que le "
           "modèle fait pour chacun.")),
    Fact("metrics", _section("metrics", _metric_ok), Text(
        en="The metrics per group do not match the table: sensitivity = TP / (TP + FN), among the sick; "
           "specificity = TN / (TN + FP), among those without the disease; a fraction (0.75) or a "
           "percentage (75) is accepted, to half a point.",
        fr="Les métriques par groupe ne correspondent pas au tableau : sensibilité = VP / (VP + FN), parmi "
           "les malades ; spécificité = VN / (VN + FP), parmi les non-malades ; une fraction (0,75) ou un "
           "pourcentage (75) est accepté, à un demi-point près.")),
    Fact("intended_use", _section("intended_use", lambda card, numbers: card["intended_use"] == INTENDED),
         lambda observed, expected, case: Text(
             en=f"The intended use claims more than the data support: the model was trained and tested on "
                f"patients referred for suspected coronary disease aged {case.kwargs['numbers']['train_age_min']} "
                f"to {case.kwargs['numbers']['train_age_max']}, not on all adults nor on the general population.",
             fr=f"L'usage prévu affirme plus que ce que les données permettent : le modèle a été entraîné et "
                f"testé sur des patients adressés pour suspicion de maladie coronaire, âgés de "
                f"{case.kwargs['numbers']['train_age_min']} à {case.kwargs['numbers']['train_age_max']} ans, "
                f"ni sur tous les adultes ni sur la population générale.")),
    Fact("out_of_scope", _section("out_of_scope", lambda card, numbers: set(OUT_OF_SCOPE) <= _listed(
        card, "out_of_scope")), Text(
        en="The out-of-scope uses should name every population the data say nothing about: patients younger "
           "or older than the training ages, and screening people without symptoms.",
        fr="Les usages hors périmètre doivent nommer chaque population dont les données ne disent rien : "
           "les patients plus jeunes ou plus âgés que ceux de l'entraînement, et le dépistage de personnes "
           "sans symptômes.")),
    Fact("no_false_reassurance", _section("limitations", lambda card, numbers: "no_known_limitations" not in
                                          _listed(card, "limitations")), Text(
        en="'no_known_limitations' is contradicted by the data: the table itself shows differences between "
           "groups.",
        fr="'no_known_limitations' est contredit par les données : le tableau lui-même montre des écarts "
           "entre groupes.")),
    Fact("limitations", _section("limitations", lambda card, numbers: _required_limitations(numbers) <= _listed(
        card, "limitations") and not ({"sensitivity_gap_between_sexes", "fewer_women_than_men"}
                                      - _required_limitations(numbers)) & _listed(card, "limitations")), Text(
        en="The limitations should list what the numbers show, and only that: a sensitivity gap between women "
           "and men of 5 points or more, fewer women than men in training, and the absence of external "
           "validation (one generated cohort).",
        fr="Les limites doivent lister ce que montrent les chiffres, et cela seulement : un écart de "
           "sensibilité d'au moins 5 points entre femmes et hommes, moins de femmes que d'hommes à "
           "l'entraînement, et l'absence de validation externe (une seule cohorte générée).")),
)


def _altered(label: str, **changes: Any) -> Worked:
    def worked(numbers: Mapping[str, int]) -> dict[str, Any]:
        card = solve(numbers)
        for key, change in changes.items():
            card[key] = change(numbers) if callable(change) else change
        return card

    return Worked(worked, label)


def _overall(numbers: Mapping[str, int]) -> dict[str, dict[str, float]]:
    tp, fn = numbers["tp_F"] + numbers["tp_M"], numbers["fn_F"] + numbers["fn_M"]
    tn, fp = numbers["tn_F"] + numbers["tn_M"], numbers["fp_F"] + numbers["fp_M"]
    both = {"sensitivity": tp / (tp + fn), "specificity": tn / (tn + fp)}
    return {"F": dict(both), "M": dict(both)}


def _swapped(numbers: Mapping[str, int]) -> dict[str, dict[str, float]]:
    return {sex: {"sensitivity": numbers[f"tp_{sex}"] / (numbers[f"tp_{sex}"] + numbers[f"fp_{sex}"]),
                  "specificity": numbers[f"tn_{sex}"] / (numbers[f"tn_{sex}"] + numbers[f"fn_{sex}"])}
            for sex in ("F", "M")}


SOLUTION = '''
import caire_exercises as cx

n = cx.get("responsible.model_card").params      # the numbers of your statement
rates = {sex: {"sensitivity": n[f"tp_{sex}"] / (n[f"tp_{sex}"] + n[f"fn_{sex}"]),   # among the sick
               "specificity": n[f"tn_{sex}"] / (n[f"tn_{sex}"] + n[f"fp_{sex}"])}   # among the others
         for sex in ("F", "M")}
limitations = ["no_external_validation"]                   # one generated cohort, one source
if abs(rates["F"]["sensitivity"] - rates["M"]["sensitivity"]) >= 0.05:
    limitations.append("sensitivity_gap_between_sexes")
if n["train_women"] < n["n_train"] / 2:
    limitations.append("fewer_women_than_men")
model_card = {
    "intended_use": "referred_adults_in_training_ages",
    "out_of_scope": ["younger_than_training_ages", "older_than_training_ages", "screening_without_symptoms"],
    "training_population": {"age_min": n["train_age_min"], "age_max": n["train_age_max"],
                            "women_share": n["train_women"] / n["n_train"]},
    "metrics": rates,
    "limitations": limitations,
}
'''

MODEL_CARD = Exercise(
    id="responsible.model_card",
    module=MODULE_ID,
    title=Text(en="A model card the data back", fr="Une fiche de modèle étayée par les données"),
    questions=_questions,
    statement=Text(
        en="""A team trained a model that flags coronary disease in patients **referred for suspected coronary
disease** (a generated cohort, one source). Training: {n_train} patients aged {train_age_min} to
{train_age_max}, of whom {train_women} women. On held-out patients, its predictions against the
reference diagnosis:

| | true positives | false negatives | false positives | true negatives |
|---|---|---|---|---|
| women | {tp_F} | {fn_F} | {fp_F} | {tn_F} |
| men | {tp_M} | {fn_M} | {fp_M} | {tn_M} |

Write its card as a dict `model_card`:

```python
model_card = {
    "intended_use": ...,   # one of "referred_adults_in_training_ages", "all_adults", "general_population_screening"
    "out_of_scope": [...], # out of "younger_than_training_ages", "older_than_training_ages",
                           # "screening_without_symptoms"
    "training_population": {"age_min": ..., "age_max": ..., "women_share": ...},
    "metrics": {"F": {"sensitivity": ..., "specificity": ...}, "M": {"sensitivity": ..., "specificity": ...}},
    "limitations": [...],  # out of "sensitivity_gap_between_sexes" (5 points or more), "fewer_women_than_men",
                           # "no_external_validation", "no_known_limitations"
}
```

Every claim must agree with the numbers above: the checker recomputes them.""",
        fr="""Une équipe a entraîné un modèle qui signale une maladie coronaire chez des patients **adressés pour
suspicion de maladie coronaire** (une cohorte générée, une seule source). Entraînement : {n_train}
patients âgés de {train_age_min} à {train_age_max} ans, dont {train_women} femmes. Sur des patients
mis de côté, ses prédictions face au diagnostic de référence :

| | vrais positifs | faux négatifs | faux positifs | vrais négatifs |
|---|---|---|---|---|
| femmes | {tp_F} | {fn_F} | {fp_F} | {tn_F} |
| hommes | {tp_M} | {fn_M} | {fp_M} | {tn_M} |

Rédigez sa fiche sous forme d'un dict `model_card` :

```python
model_card = {
    "intended_use": ...,   # l'un de "referred_adults_in_training_ages", "all_adults", "general_population_screening"
    "out_of_scope": [...], # parmi "younger_than_training_ages", "older_than_training_ages",
                           # "screening_without_symptoms"
    "training_population": {"age_min": ..., "age_max": ..., "women_share": ...},
    "metrics": {"F": {"sensitivity": ..., "specificity": ...}, "M": {"sensitivity": ..., "specificity": ...}},
    "limitations": [...],  # parmi "sensitivity_gap_between_sexes" (5 points ou plus), "fewer_women_than_men",
                           # "no_external_validation", "no_known_limitations"
}
```

Chaque affirmation doit s'accorder avec les chiffres ci-dessus : le correcteur les recalcule.""",
    ),
    answer_name="model_card",
    kind="value",
    reference=Worked(solve, "the card"),
    solution_code=SOLUTION,
    cases=_cases,
    variant=_variant,
    probe=probes.model_card,
    facts=FACTS,
    compare_values=False,
    difficulty=1,
    minutes=20,
    tags=("model card", "documentation", "fairness", "scope", "no code"),
    dataset="cardiology",
    mistakes=(
        Mistake("all_adults", Text(
            en="'Valid for all adults' is contradicted by the data: the training ages run only over the range "
               "the statement gives, in referred patients. A card claims what was tested, no more.",
            fr="« Valable pour tous les adultes » est contredit par les données : les âges d'entraînement ne "
               "couvrent que la tranche donnée par l'énoncé, chez des patients adressés. Une fiche affirme ce "
               "qui a été testé, pas davantage."), _altered("all adults", intended_use="all_adults")),
        Mistake("overall_metrics", Text(
            en="You gave the overall metrics for both groups. A model card reports metrics per group: here the "
               "sensitivity of women and men differ, which one overall figure hides.",
            fr="Vous avez donné les métriques globales pour les deux groupes. Une fiche de modèle rapporte des "
               "métriques par groupe : ici la sensibilité diffère entre femmes et hommes, ce qu'un chiffre "
               "global cache."), _altered("overall metrics", metrics=_overall)),
        Mistake("swapped_denominators", Text(
            en="Your sensitivity divides by the predicted positives (that is the PPV) and your specificity by "
               "the predicted negatives (the NPV). Sensitivity = TP / (TP + FN); specificity = TN / (TN + FP).",
            fr="Votre sensibilité divise par les positifs prédits (c'est la VPP) et votre spécificité par les "
               "négatifs prédits (la VPN). Sensibilité = VP / (VP + FN) ; spécificité = VN / (VN + FP)."),
            _altered("PPV and NPV", metrics=_swapped)),
        Mistake("no_limitations", Text(
            en="'No known limitations' is contradicted by the data: the table shows a sensitivity gap between "
               "women and men, and the model was never validated outside its one cohort.",
            fr="« Aucune limite connue » est contredit par les données : le tableau montre un écart de "
               "sensibilité entre femmes et hommes, et le modèle n'a jamais été validé hors de sa cohorte."),
            _altered("no limitations", limitations=["no_known_limitations"])),
    ),
    hints=(
        Text(en="Start with the training population: it fixes what the card may claim (ages, referred "
                "patients).",
             fr="Commencez par la population d'entraînement : elle fixe ce que la fiche peut affirmer (âges, "
                "patients adressés)."),
        Text(en="For each row of the table: sensitivity = TP / (TP + FN), specificity = TN / (TN + FP).",
             fr="Pour chaque ligne du tableau : sensibilité = VP / (VP + FN), spécificité = VN / (VN + FP)."),
        Text(en="Compare the two rows: a gap of 5 points or more is a limitation to state, as is who is "
                "under-represented.",
             fr="Comparez les deux lignes : un écart d'au moins 5 points est une limite à écrire, comme la "
                "sous-représentation d'un groupe."),
    ),
    audience=("all",),
    teacher_notes=Text(
        en="Objectives: document a model honestly (intended use, out-of-scope uses, training population, "
           "metrics per group, limitations) and check each claim against the data. Misconceptions aimed "
           "at: 'valid for all adults' from a cohort of referred 40-to-75-year-olds; one overall metric; "
           "'no known limitations'. Debrief: who reads a model card, and what would each reader do with "
           "the sensitivity gap? What evidence would widen the intended use? How does a card relate to "
           "the technical documentation the AI Act asks of high-risk systems?",
        fr="Objectifs : documenter honnêtement un modèle (usage prévu, usages hors périmètre, population "
           "d'entraînement, métriques par groupe, limites) et confronter chaque affirmation aux données. "
           "Idées fausses visées : « valable pour tous les adultes » à partir d'une cohorte de patients "
           "adressés de 40 à 75 ans ; une seule métrique globale ; « aucune limite connue ». Pour le "
           "débriefing : qui lit une fiche de modèle, et que ferait chaque lecteur de l'écart de "
           "sensibilité ? Quelles preuves élargiraient l'usage prévu ? Quel lien avec la documentation "
           "technique que l'AI Act demande pour les systèmes à haut risque ?"),
)
