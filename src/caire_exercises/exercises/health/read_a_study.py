"""health.read_a_study: pick the flaws of an invented abstract of an AI study, with partial credit.

The abstracts are an item bank written by the project (``datasets/study_abstracts/items.yaml``,
CC0, every one invented); each student reads two of them. The learner answers with one dict
``{abstract key: [flaws]}``. Each (abstract, flaw of the list) is one yes/no decision and one
case, so the score is the share of right decisions: a missed flaw is explained with the
TRIPOD+AI or STARD 2015 item that asks authors to report it, a flaw that the abstract does not
have with what the abstract says instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Mistake, Text, message
from caire_exercises.authoring.banks import Item, ItemBank, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, item_facts, quiz_probe, quiz_questions

ANSWER = "read_a_study"
BANK = "study_abstracts"
PART = "flaws"
PER_STUDENT = 2
#: Partial credit is the score (the share of right decisions); passing asks for a full review.
PASS_SCORE = 1.0


@lru_cache(maxsize=1)
def bank() -> ItemBank:
    from caire_exercises.data import bundled_root

    return load_bank(bundled_root() / BANK / "items.yaml")


#: Why each flaw matters, and the reporting item that asks for it (item numbers checked against
#: the STARD 2015 list, Bossuyt et al., BMJ 2015;351:h5527, and the TRIPOD+AI checklist, Collins
#: et al., BMJ 2024;385:e078378, table 2).
FLAW_NOTES = {
    "case_control": Text(
        en="Case-control design: patients chosen because their diagnosis was already known (clear cases "
           "on one side, healthy people on the other) miss the doubtful patients the tool will meet, and "
           "make it look better than it is (spectrum bias). STARD 2015 asks on what basis participants "
           "were identified (item 7) and whether they formed a consecutive, random or convenience series "
           "(item 9); TRIPOD+AI asks for the representativeness of the data (item 5a).",
        fr="Plan cas-témoins\u202f: des patients choisis parce que leur diagnostic était déjà connu (des cas "
           "nets d'un côté, des personnes en bonne santé de l'autre) laissent de côté les patients "
           "douteux que l'outil rencontrera, et le font paraître meilleur qu'il n'est (biais de spectre). "
           "STARD 2015 demande sur quelle base les participants ont été repérés (item 7) et s'ils "
           "forment une série consécutive, aléatoire ou de convenance (item 9)\u202f; TRIPOD+AI demande la "
           "représentativité des données (item 5a)."),
    "no_external_validation": Text(
        en="No external validation: performance measured only on data from the place where the model was "
           "built says little about another hospital, another population or another device. TRIPOD+AI "
           "asks for the sources of data separately for development and evaluation (item 5a), and for "
           "the differences between development and evaluation data (item 16).",
        fr="Pas de validation externe\u202f: une performance mesurée seulement sur les données du lieu où le "
           "modèle a été construit dit peu de chose d'un autre hôpital, d'une autre population ou d'un "
           "autre appareil. TRIPOD+AI demande les sources de données, séparément pour le développement "
           "et l'évaluation (item 5a), et les différences entre données de développement et "
           "d'évaluation (item 16)."),
    "patient_overlap": Text(
        en="Patients on both sides of the split: when images, slices or stays are split at random, one "
           "patient's data are in training and in test, and the model is tested on patients it has "
           "already seen. TRIPOD+AI asks how the data were used and whether they were partitioned "
           "(item 12a).",
        fr="Mêmes patients des deux côtés du découpage\u202f: quand on répartit au hasard des images, des "
           "coupes ou des séjours, les données d'un même patient se trouvent en apprentissage et en "
           "test, et le modèle est testé sur des patients qu'il a déjà vus. TRIPOD+AI demande comment "
           "les données ont été utilisées et si elles ont été partitionnées (item 12a)."),
    "unblinded_reference": Text(
        en="Reference standard read with the AI's output: when the people who decide the truth see the "
           "tool's answer, they tend to agree with it, and the tool is judged against itself. STARD 2015 "
           "asks whether the index test results were available to the assessors of the reference "
           "standard (item 13b); TRIPOD+AI asks for actions to blind the assessment of the outcome "
           "(item 8c).",
        fr="Référence établie en voyant le résultat de l'IA\u202f: quand ceux qui décident de la vérité "
           "voient la réponse de l'outil, ils tendent à s'y ranger, et l'outil est jugé contre lui-même. "
           "STARD 2015 demande si les résultats du test évalué étaient connus de ceux qui établissaient "
           "la référence (item 13b)\u202f; TRIPOD+AI demande les mesures prises pour évaluer le critère "
           "de jugement en aveugle (item 8c)."),
    "accuracy_only": Text(
        en="Accuracy alone: the share of right answers depends on the prevalence and hides the errors that "
           "matter (missed patients against false alarms). STARD 2015 asks for estimates of diagnostic "
           "accuracy and their precision, such as 95 % confidence intervals (item 24); TRIPOD+AI asks for "
           "all the measures used to evaluate performance (item 12e).",
        fr="Exactitude seule\u202f: la part de bonnes réponses dépend de la prévalence et cache les erreurs "
           "qui comptent (patients manqués contre fausses alertes). STARD 2015 demande les estimations "
           "de la performance diagnostique et leur précision, comme des intervalles de confiance à 95 % "
           "(item 24)\u202f; TRIPOD+AI demande toutes les mesures utilisées pour évaluer la performance "
           "(item 12e)."),
    "no_calibration": Text(
        en="No calibration: a model whose risks are shown to clinicians must give risks that match the "
           "observed frequencies; a good AUC says nothing about it. TRIPOD+AI names calibration among the "
           "measures of performance to report (item 12e), with confidence intervals (item 23a).",
        fr="Pas de calibration\u202f: un modèle dont les risques sont montrés aux soignants doit donner des "
           "risques conformes aux fréquences observées\u202f; une bonne AUC n'en dit rien. TRIPOD+AI cite la "
           "calibration parmi les mesures de performance à rapporter (item 12e), avec leurs intervalles "
           "de confiance (item 23a)."),
}

#: A student's abstracts must together plant every flaw that a declared mistake overlooks.
_COVER = ({"case_control"}, {"no_external_validation"}, {"patient_overlap"}, {"unblinded_reference"},
          {"accuracy_only", "no_calibration"})


def _flaws(item: Item) -> set[str]:
    return set(item.answer[PART])


def draw_abstracts(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    items = bank().items
    # A course may ask for another number of abstracts (setting `items`); with two or more, every
    # flaw a declared mistake overlooks is planted in at least one of them.
    count = max(1, min(int((settings or {}).get("items") or PER_STUDENT), len(items)))
    while True:
        picked = [items[int(i)] for i in rng.choice(len(items), size=count, replace=False)]
        planted = set().union(*(_flaws(item) for item in picked))
        if count < 2 or all(planted & needed for needed in _COVER):
            break
    keys = [item.key for item in picked]
    return {"items": keys, "n_items": len(keys),
            "n_decisions": len(keys) * len(bank().parts[0].options.keys),
            "show_expected": bool((settings or {}).get("show_expected", True)),
            "items_en": _listing(keys, "en"), "items_fr": _listing(keys, "fr")}


def _listing(keys: list[str], language: str) -> str:
    heading = "Abstract" if language == "en" else "Résumé"
    return "\n\n".join(f"**{heading} {number}**, key `{key}`" + ("\u202f:" if language == "fr" else ":")
                       + f"\n\n> {getattr(bank().item(key).text, language)}"
                       for number, key in enumerate(keys, 1))


def decision_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    made = []
    for key in params["items"]:
        item = bank().item(key)
        for flaw in bank().parts[0].options.keys:
            name = bank().parts[0].options.name(flaw)
            made.append(Case(
                f"{key}: {flaw}", kwargs={"item": key, "parts": [PART], "flaw": flaw},
                label=Text(en=f"{key}: {name.en}?", fr=f"{key}\u202f: {name.fr}\u202f?"),
                private={"planted": flaw in _flaws(item),
                         "show_expected": params.get("show_expected", True)}))
    return made


def _decided(observed: Any, expected: Any, case: Case) -> bool:
    return (case.kwargs["flaw"] in observed["value"][PART]) == bool(case.private["planted"])


def _wrong(observed: Any, expected: Any, case: Case) -> Message:
    item, flaw = bank().item(case.kwargs["item"]), case.kwargs["flaw"]
    name = bank().parts[0].options.name(flaw)
    if not case.private.get("show_expected", True):
        return message(Text(en="Abstract `{key}`, \"{flaw}\": reread the abstract; this decision is not "
                               "right.",
                            fr="Résumé `{key}`, «\u202f{flaw}\u202f»\u202f: relisez le résumé\u202f; cette "
                               "décision n'est pas la bonne."), key=item.key, flaw=name)
    if case.private["planted"]:
        return message(Text(en="Abstract `{key}`: you missed a flaw. {why}",
                            fr="Résumé `{key}`\u202f: vous avez manqué un défaut. {why}"),
                       key=item.key, why=FLAW_NOTES[flaw])
    why = item.wrong.get(flaw, Text(en="The abstract does not show it.", fr="Le résumé ne le montre pas."))
    return message(Text(en="Abstract `{key}`: \"{flaw}\" is not a flaw of this study. {why}",
                        fr="Résumé `{key}`\u202f: «\u202f{flaw}\u202f» n'est pas un défaut de cette étude. "
                           "{why}"),
                   key=item.key, flaw=name, why=why)


def _facts() -> tuple[Fact, ...]:
    readable = item_facts(bank(), ANSWER)[0]
    return (readable, Fact("decided", _decided, _wrong))


def _overlooking(*flaws: str) -> QuizAnswers:
    return QuizAnswers(bank(), lambda item: {PART: tuple(f for f in item.answer[PART] if f not in flaws)})


STATEMENT = Text(
    en="""Each abstract below is **invented** by the authors of this library: no real study, team or
hospital is described. Read each one as a reviewer would, and list its flaws among these six:

- `case_control`: a **case-control design**, patients chosen because their diagnosis was already
  known (clear cases on one side, people without the disease on the other) instead of a
  consecutive or random series of the patients the tool is meant for;
- `no_external_validation`: **no external validation**, performance measured only on data from
  where the model was built, while the conclusion goes further;
- `patient_overlap`: **patients on both sides of the split**, images, slices or stays split at
  random so that one patient is in training and in test;
- `unblinded_reference`: the **reference standard read with the AI's output**, the people who
  decided the truth could see the tool's answer;
- `accuracy_only`: **accuracy alone**, the share of right answers with no sensitivity,
  specificity or confidence interval;
- `no_calibration`: **no calibration**, a model whose predicted risks are meant to be used,
  reported with discrimination (AUC) only.

Answer with one dict, a list of flaws for each abstract (an empty list if you find none):

```python
read_a_study = {"abstract_key": ["case_control", "accuracy_only"], ...}
```

You may write the flaws in English or in French (`plan cas-témoins`, `pas de validation externe`,
`mêmes patients des deux côtés du découpage`, `référence établie en voyant le résultat de l'IA`,
`exactitude seule`, `pas de calibration`), in capitals or not. Each abstract and each of the six
flaws is one decision ({n_decisions} in all): your score is the share you get right, and you
pass when all of them are right. Each wrong decision is explained with the item of the
reporting guideline (STARD 2015 or TRIPOD+AI) that asks for it.

{items_en}""",
    fr="""Chaque résumé ci-dessous est **inventé** par les auteurs de cette bibliothèque\u202f: aucune étude,
équipe ou hôpital réel n'est décrit. Lisez chacun comme le ferait un relecteur, et relevez ses
défauts parmi ces six\u202f:

- `case_control`\u202f: un **plan cas-témoins**, des patients choisis parce que leur diagnostic était
  déjà connu (des cas nets d'un côté, des personnes non malades de l'autre) au lieu d'une série
  consécutive ou aléatoire des patients auxquels l'outil est destiné\u202f;
- `no_external_validation`\u202f: **pas de validation externe**, une performance mesurée seulement sur
  les données du lieu où le modèle a été construit, alors que la conclusion va plus loin\u202f;
- `patient_overlap`\u202f: les **mêmes patients des deux côtés du découpage**, des images, des coupes ou
  des séjours répartis au hasard, si bien qu'un même patient est en apprentissage et en test\u202f;
- `unblinded_reference`\u202f: une **référence établie en voyant le résultat de l'IA**, ceux qui ont
  décidé de la vérité pouvaient voir la réponse de l'outil\u202f;
- `accuracy_only`\u202f: l'**exactitude seule**, la part de bonnes réponses sans sensibilité, ni
  spécificité, ni intervalle de confiance\u202f;
- `no_calibration`\u202f: **pas de calibration**, un modèle dont les risques prédits sont faits pour
  être utilisés, rapporté avec sa seule discrimination (AUC).

Répondez par un seul dictionnaire, une liste de défauts pour chaque résumé (une liste vide si vous
n'en trouvez aucun)\u202f:

```python
read_a_study = {"abstract_key": ["case_control", "accuracy_only"], ...}
```

Vous pouvez écrire les défauts en français (`plan cas-témoins`, `pas de validation externe`,
`mêmes patients des deux côtés du découpage`, `référence établie en voyant le résultat de l'IA`,
`exactitude seule`, `pas de calibration`) ou en anglais, en majuscules ou non. Chaque résumé et
chacun des six défauts forment une décision ({n_decisions} en tout)\u202f: votre score est la
part de décisions justes, et vous réussissez quand toutes sont justes. Chaque décision fausse est expliquée
par l'item de la
recommandation de publication (STARD 2015 ou TRIPOD+AI) qui la demande.

{items_fr}""")

MISTAKES = (
    Mistake("accuracy_is_enough", Text(
        en="You accepted the performance figures as they were reported. Accuracy alone hides the errors "
           "that matter and depends on the prevalence (STARD 2015, item 24); a model that shows risks "
           "needs its calibration reported, not only its AUC (TRIPOD+AI, item 12e). Ask of each figure: "
           "what does it leave out?",
        fr="Vous avez accepté les chiffres de performance tels qu'ils étaient présentés. L'exactitude "
           "seule cache les erreurs qui comptent et dépend de la prévalence (STARD 2015, item 24)\u202f; un "
           "modèle qui affiche des risques doit rapporter sa calibration, pas seulement son AUC "
           "(TRIPOD+AI, item 12e). Demandez-vous pour chaque chiffre\u202f: que laisse-t-il de côté\u202f?"),
        _overlooking("accuracy_only", "no_calibration")),
    Mistake("sampling_overlooked", Text(
        en="You did not flag the case-control sampling. Cases and controls chosen separately, by a "
           "diagnosis already known, leave out the doubtful patients the tool will meet in practice "
           "(STARD 2015, items 7 and 9). Look at where the patients with and without the disease came "
           "from.",
        fr="Vous n'avez pas relevé l'échantillonnage cas-témoins. Des cas et des témoins choisis à part, "
           "selon un diagnostic déjà connu, laissent de côté les patients douteux que l'outil "
           "rencontrera (STARD 2015, items 7 et 9). Regardez d'où viennent les patients malades et "
           "non malades."),
        _overlooking("case_control")),
    Mistake("split_overlooked", Text(
        en="You did not flag the patients on both sides of the split. When images, slices or stays are "
           "split at random, one patient can be in training and in test (TRIPOD+AI, item 12a). Look at "
           "what was split: patients, or pieces of patients?",
        fr="Vous n'avez pas relevé les mêmes patients des deux côtés du découpage. Quand on répartit au "
           "hasard des images, des coupes ou des séjours, un même patient peut se trouver en "
           "apprentissage et en test (TRIPOD+AI, item 12a). Regardez ce qui a été réparti\u202f: des "
           "patients, ou des morceaux de patients\u202f?"),
        _overlooking("patient_overlap")),
    Mistake("internal_taken_for_external", Text(
        en="You took a test set from the same hospital for an external validation. A random split of one "
           "centre's data is internal validation; external validation uses data from elsewhere "
           "(TRIPOD+AI, items 5a and 16). Compare where the test data come from with what the "
           "conclusion claims.",
        fr="Vous avez pris un jeu de test du même hôpital pour une validation externe. Un découpage au "
           "hasard des données d'un centre est une validation interne\u202f; une validation externe utilise "
           "des données d'ailleurs (TRIPOD+AI, items 5a et 16). Comparez l'origine des données de test "
           "à ce qu'affirme la conclusion."),
        _overlooking("no_external_validation")),
    Mistake("reference_trusted", Text(
        en="You trusted a reference standard decided by people who saw the AI's output. The truth the "
           "tool is judged against must not depend on the tool (STARD 2015, item 13b; TRIPOD+AI, "
           "item 8c). Look at who set the reference, and what they could see.",
        fr="Vous avez fait confiance à une référence établie par des personnes qui voyaient la sortie "
           "de l'IA. La vérité contre laquelle on juge l'outil ne doit pas dépendre de l'outil "
           "(STARD 2015, item 13b\u202f; TRIPOD+AI, item 8c). Regardez qui a établi la référence, et ce "
           "qu'il pouvait voir."),
        _overlooking("unblinded_reference")),
    Mistake("every_flaw_everywhere", Text(
        en="You flagged every flaw in every abstract. Each abstract has some of them only: the others are "
           "answered in its text (a split by patient, a test in other hospitals, sensitivity with its "
           "confidence interval...). Flag a flaw only where the abstract shows it.",
        fr="Vous avez relevé tous les défauts dans chaque résumé. Chaque résumé n'en a que certains\u202f: "
           "les autres trouvent leur réponse dans son texte (une répartition par patient, un test dans "
           "d'autres hôpitaux, une sensibilité avec son intervalle de confiance...). Ne relevez un "
           "défaut que là où le résumé le montre."),
        QuizAnswers(bank(), lambda item: {PART: bank().parts[0].options.keys})),
)

HINTS = (
    Text(en="Follow the patients: where did those with and without the disease come from, and were they "
            "chosen by a diagnosis already known?",
         fr="Suivez les patients\u202f: d'où viennent les malades et les non-malades, et ont-ils été choisis "
            "d'après un diagnostic déjà connu\u202f?"),
    Text(en="Follow the data: what exactly was split (patients, images, stays), and where does the test "
            "set come from compared with the conclusion?",
         fr="Suivez les données\u202f: qu'est-ce qui a été réparti exactement (patients, images, séjours), "
            "et d'où vient le jeu de test au regard de la conclusion\u202f?"),
    Text(en="Follow the truth and the figures: who set the reference standard and what could they see? "
            "Does the tool give a yes/no answer or a risk, and which figures would a clinician need?",
         fr="Suivez la vérité et les chiffres\u202f: qui a établi la référence et que pouvait-il voir\u202f? "
            "L'outil répond-il par oui ou non, ou par un risque, et de quels chiffres un soignant "
            "aurait-il besoin\u202f?"),
)

TEACHER_NOTES = Text(
    en="Objectives: read an abstract of an AI study critically; name six common flaws (case-control "
       "sampling, no external validation, patients on both sides of the split, a reference standard read "
       "with the AI's output, accuracy alone, no calibration) and link each to the STARD 2015 or "
       "TRIPOD+AI item that asks authors to report it. Misconceptions aimed at: a big data set and a high "
       "accuracy make a good study; a held-out test set is an external validation; a good AUC means the "
       "risks can be trusted. Debrief: Which flaw inflates the reported performance most, and which only "
       "limits where the result holds? What would you ask the authors before using the tool in your "
       "department? Reporting guidelines say what to report, not how to design: why do the two go "
       "together? (The abstracts are invented; the partial-credit score counts right yes/no decisions.)",
    fr="Objectifs\u202f: lire de façon critique le résumé d'une étude d'IA\u202f; nommer six défauts "
       "fréquents (échantillonnage cas-témoins, pas de validation externe, mêmes patients des deux côtés du "
       "découpage, référence établie en voyant le résultat de l'IA, exactitude seule, pas de "
       "calibration) et relier chacun à l'item de STARD 2015 ou de TRIPOD+AI qui demande aux auteurs de "
       "le rapporter. Idées reçues visées\u202f: un gros jeu de données et une exactitude élevée feraient "
       "une bonne étude\u202f; un jeu de test mis de côté serait une validation externe\u202f; une bonne AUC "
       "voudrait dire que les risques sont fiables. Pour le débriefing\u202f: quel défaut gonfle le plus la "
       "performance rapportée, et lequel limite seulement la portée du résultat\u202f? Que demanderiez-vous "
       "aux auteurs avant d'utiliser l'outil dans votre service\u202f? Les recommandations disent quoi "
       "rapporter, pas comment concevoir l'étude\u202f: pourquoi les deux vont-ils ensemble\u202f? (Les "
       "résumés sont inventés\u202f; le score partiel compte les décisions oui/non justes.)")

READ_A_STUDY = Exercise(
    id="health.read_a_study",
    module="health",
    title=Text(en="Read a study: the flaws of an AI study's abstract",
               fr="Lire une étude\u202f: les défauts du résumé d'une étude d'IA"),
    statement=STATEMENT,
    answer_name=ANSWER,
    kind="choice",
    reference=QuizAnswers(bank()),
    cases=decision_cases,
    variant=draw_abstracts,
    probe=quiz_probe(ANSWER, bank().parts),
    facts=_facts(),
    compare_values=False,
    pass_score=PASS_SCORE,
    mistakes=MISTAKES,
    hints=HINTS,
    difficulty=1,
    minutes=15,
    tags=("critical appraisal", "TRIPOD+AI", "STARD", "study design", "no code"),
    dataset=BANK,
    audience=("all",),
    teacher_notes=TEACHER_NOTES,
    questions=quiz_questions(bank(), MISTAKES),
)
