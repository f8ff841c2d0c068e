"""work.spot_the_hallucination: which sentences of an "AI summary" does the source not support?

No code: each student reads one invented source document (a hospital memo, a town hall's
notice, a discharge letter, a home-working agreement) and a summary in numbered sentences that
the project WROTE to look like a language model's output (no model produced it), and lists the
numbers of the sentences the source does not support. Two cases: the recall and the precision
of the flags, each at least 0.8. The texts are the CC0 data set ``ai_summaries``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, ChoiceQuestion, Exercise, Fact, Mistake, Option, OptionSet, Text
from caire_exercises.authoring.facts import same_as_mistake
from caire_exercises.exercises._values import Worked
from caire_exercises.exercises.work import probes

ANSWER = "spot_the_hallucination"
DATASET = "ai_summaries"
THRESHOLD = 0.8


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, Any]]:
    import yaml

    from caire_exercises.data import bundled_root

    data = yaml.safe_load((bundled_root() / DATASET / "texts.yaml").read_text(encoding="utf-8"))
    return {item["key"]: item for item in data["items"]}


def unsupported(key: str) -> list[int]:
    return [number for number, sentence in enumerate(texts()[key]["summary"], 1) if not sentence["supported"]]


def _numbered(key: str, language: str) -> str:
    summary = texts()[key]["summary"]
    return "\n".join(f"{number}. {sentence[language]}" for number, sentence in enumerate(summary, 1))


def draw_text(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    # A course may keep to some domains (setting `domains`); texts for everyone always count.
    domains = (settings or {}).get("domains")
    keys = sorted(key for key, text in texts().items()
                  if not domains or text["domain"] == "all" or text["domain"] in domains)
    key = keys[int(rng.integers(len(keys)))]
    text = texts()[key]
    return {"text": key, "n_sentences": len(text["summary"]),
            "title_en": text["title"]["en"], "title_fr": text["title"]["fr"],
            "source_en": text["source"]["en"], "source_fr": text["source"]["fr"],
            "summary_en": _numbered(key, "en"), "summary_fr": _numbered(key, "fr"),
            "show_expected": bool((settings or {}).get("show_expected", True))}


def flag_cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    summary = texts()[params["text"]]["summary"]
    kinds = {str(number): sentence["kind"] for number, sentence in enumerate(summary, 1)}
    private = {"unsupported": unsupported(params["text"]), "kinds": kinds,
               "show_expected": params.get("show_expected", True)}
    common = {"text": params["text"], "n_sentences": params["n_sentences"]}
    return [Case("recall", kwargs={**common, "measure": "recall"}, private=private,
                 label=Text(en="The unsupported sentences you found (recall ≥ 0.8)",
                            fr="Les phrases non étayées que vous avez trouvées (rappel ≥ 0,8)")),
            Case("precision", kwargs={**common, "measure": "precision"}, private=private,
                 label=Text(en="Your flags that are right (precision ≥ 0.8)",
                            fr="Vos signalements justes (précision ≥ 0,8)"))]


# The probe (it observes only) is in .probes: the grader's sandbox imports it without this file.


# ------------------------------------------------------------------------ the facts (the judge's)


def _recall(observed: Mapping[str, Any], case: Case) -> float:
    wanted = set(case.private["unsupported"])
    return len(wanted & set(observed["flagged"])) / len(wanted)


def _precision(observed: Mapping[str, Any], case: Case) -> float:
    flagged = set(observed["flagged"])
    return len(flagged & set(case.private["unsupported"])) / len(flagged) if flagged else 0.0


def _fr(number: float) -> str:
    return f"{number:.2f}".replace(".", ",")


def _sentence_note(case: Case, number: int) -> Text:
    sentence = texts()[case.kwargs["text"]]["summary"][number - 1]
    why = sentence.get("why") or {"en": "The source says the same.", "fr": "La source dit la même chose."}
    return Text(en=f"Sentence {number}: {why['en']}", fr=f"Phrase {number}\u202f: {why['fr']}")


def _readable_feedback(observed: Any, expected: Any, case: Case) -> Text:
    if observed.get("problem") == "outside":
        return Text(en=f"Sentence numbers go from 1 to {case.kwargs['n_sentences']}; you gave "
                       f"{observed['given']}.",
                    fr=f"Les numéros de phrase vont de 1 à {case.kwargs['n_sentences']}\u202f; vous avez "
                       f"donné {observed['given']}.")
    return Text(en=f"Answer with the list of the numbers of the sentences the source does not support, e.g. "
                   f"`{ANSWER} = [2, 5]` (an empty list if you find none); got an object of type "
                   f"{observed.get('given')}.",
                fr=f"Répondez par la liste des numéros des phrases que la source n'étaye pas, par exemple "
                   f"`{ANSWER} = [2, 5]` (une liste vide si vous n'en trouvez aucune)\u202f; reçu un objet "
                   f"de type {observed.get('given')}.")


def _recall_feedback(observed: Any, expected: Any, case: Case) -> Text:
    wanted = case.private["unsupported"]
    missed = [number for number in wanted if number not in observed["flagged"]]
    found, recall = len(wanted) - len(missed), _recall(observed, case)
    text = Text(en=f"You flagged {found} of the {len(wanted)} sentences the source does not support (recall "
                   f"{recall:.2f}, below 0.8). Look for numbers and dates that differ from the source, "
                   f"claims it does not make (even true ones), and a duty or a certainty where it says less.",
                fr=f"Vous avez signalé {found} des {len(wanted)} phrases que la source n'étaye pas (rappel "
                   f"{_fr(recall)}, sous 0,8). Cherchez les nombres et les dates qui diffèrent de la source, "
                   "les affirmations qu'elle ne fait pas (même vraies), et une obligation ou une certitude "
                   "là où elle dit moins.")
    if case.private.get("show_expected", True) and missed:
        notes = [_sentence_note(case, number) for number in missed]
        text = Text(en=" ".join([text.en, "Missed:", *(note.en for note in notes)]),
                    fr=" ".join([text.fr, "Manquées\u202f:", *(note.fr for note in notes)]))
    return text


def _precision_feedback(observed: Any, expected: Any, case: Case) -> Text:
    flagged = observed["flagged"]
    if not flagged:
        return Text(en="You flagged no sentence: a fluent summary is not a faithful one. Check each sentence "
                       "against the source.",
                    fr="Vous n'avez signalé aucune phrase\u202f: un résumé fluide n'est pas un résumé "
                       "fidèle. Confrontez chaque phrase à la source.")
    wrong = [number for number in flagged if number not in case.private["unsupported"]]
    precision = _precision(observed, case)
    text = Text(en=f"{len(wrong)} of your {len(flagged)} flags are sentences the source supports (precision "
                   f"{precision:.2f}, below 0.8). A sentence that says the same thing in other words, or "
                   "works a number out from the source, is supported.",
                fr=f"{len(wrong)} de vos {len(flagged)} signalements visent des phrases que la source étaye "
                   f"(précision {_fr(precision)}, sous 0,8). Une phrase qui dit la même chose en d'autres "
                   "termes, ou qui calcule un nombre à partir de la source, est étayée.")
    if case.private.get("show_expected", True):
        notes = [_sentence_note(case, number) for number in wrong]
        text = Text(en=" ".join([text.en, "Supported:", *(note.en for note in notes)]),
                    fr=" ".join([text.fr, "Étayées\u202f:", *(note.fr for note in notes)]))
    return text


FACTS = (
    Fact("readable", lambda o, e, c: "problem" not in o and isinstance(o["flagged"], list),
         _readable_feedback),
    Fact("recall", lambda o, e, c: c.kwargs["measure"] != "recall" or _recall(o, c) >= THRESHOLD - 1e-12,
         _recall_feedback),
    Fact("precision",
         lambda o, e, c: c.kwargs["measure"] != "precision" or _precision(o, c) >= THRESHOLD - 1e-12,
         _precision_feedback),
)


def _kinds_missed_or_wrong(observed: Any, case: Case) -> tuple[str, ...]:
    """What tells two wrong answers apart: the kinds of sentence missed, or wrongly flagged."""
    flagged, kinds = set(observed["flagged"]), case.private["kinds"]
    if case.kwargs["measure"] == "recall":
        chosen = [n for n in case.private["unsupported"] if n not in flagged]
    else:
        chosen = [n for n in flagged if n not in case.private["unsupported"]]
    # Flagging nothing, or nearly everything, is its own error, whatever the kinds of sentence.
    amount = "none" if not flagged else "most" if len(flagged) >= case.kwargs["n_sentences"] - 2 else "some"
    return (amount, *sorted({str(kinds.get(str(n), n)) for n in chosen}))


# ------------------------------------------------------------------------ mistakes and questions


def _flags(rule: Any) -> Worked:
    def solve(inputs: Mapping[str, Any]) -> list[int]:
        summary = texts()[inputs["text"]]["summary"]
        return [number for number, sentence in enumerate(summary, 1) if rule(sentence)]
    return Worked(solve, "sentence numbers")


MISTAKES = (
    Mistake("fluent_taken_for_faithful", Text(
        en="You flagged nothing. A summary can be fluent, well organised and wrong: a language model "
           "writes what is likely, not what the source says. Check every sentence against the source: a "
           "number, a date, a duty, a name.",
        fr="Vous n'avez rien signalé. Un résumé peut être fluide, bien construit et faux\u202f: un modèle de "
           "langage écrit ce qui est probable, pas ce que dit la source. Confrontez chaque phrase à la "
           "source\u202f: un nombre, une date, une obligation, un nom."),
        _flags(lambda sentence: False)),
    Mistake("everything_flagged", Text(
        en="You flagged (nearly) every sentence. Most of the summary is supported by the source: flagging "
           "everything finds the errors but drowns them, and a reviewer who does so will not be read. "
           "Flag a sentence only when you can point to what the source says instead, or to its silence.",
        fr="Vous avez signalé (presque) toutes les phrases. L'essentiel du résumé est étayé par la "
           "source\u202f: tout signaler trouve les erreurs mais les noie, et un relecteur qui fait ainsi ne "
           "sera pas lu. Ne signalez une phrase que si vous pouvez montrer ce que dit la source à la "
           "place, ou son silence."),
        _flags(lambda sentence: True)),
    Mistake("numbers_only", Text(
        en="You checked the numbers and dates only. A summary also goes wrong with words: it can say the "
           "opposite of the source, turn a recommendation into a duty, or add a claim the source never "
           "makes.",
        fr="Vous n'avez vérifié que les nombres et les dates. Un résumé se trompe aussi avec des mots\u202f: "
           "il peut dire le contraire de la source, faire d'une recommandation une obligation, ou ajouter "
           "une affirmation que la source ne fait jamais."),
        _flags(lambda sentence: sentence["kind"] == "changed_number")),
    Mistake("plausible_taken_for_supported", Text(
        en="You let through sentences that sound right but that the source does not say (a usual "
           "treatment, a common practice). \"Not supported\" means absent from the source, even if it "
           "may be true elsewhere: the reader of a summary believes it comes from the document.",
        fr="Vous avez laissé passer des phrases qui semblent justes mais que la source ne dit pas (un "
           "traitement habituel, une pratique courante). «\u202fNon étayée\u202f» veut dire absente de "
           "la source, même si elle peut être vraie ailleurs\u202f: le lecteur d'un résumé croit "
           "qu'elle vient du document."),
        _flags(lambda sentence: not sentence["supported"] and sentence["kind"] != "added_fact")),
    Mistake("rewording_taken_for_invention", Text(
        en="You flagged sentences that say what the source says in other words, or work a number out from "
           "it (83 kg then 78 kg: 5 kg lost). A summary is meant to reword: it is unsupported only when "
           "its meaning differs from the source or goes beyond it.",
        fr="Vous avez signalé des phrases qui disent ce que dit la source en d'autres termes, ou qui en "
           "tirent un nombre (83 kg puis 78 kg\u202f: 5 kg de perdus). Un résumé est fait pour "
           "reformuler\u202f: il n'est non étayé que si son sens diffère de la source ou va au-delà."),
        _flags(lambda sentence: not sentence["supported"] or sentence["kind"] == "reworded")),
)


def questions(params: Mapping[str, Any]) -> list[ChoiceQuestion]:
    """The summary as one Moodle question with several answers: the unsupported sentences."""
    key = params["text"]
    summary = texts()[key]["summary"]
    options = OptionSet([Option(f"s{number}", Text(en=f"Sentence {number}", fr=f"Phrase {number}"),
                                (str(number),)) for number in range(1, len(summary) + 1)])
    feedback = {f"s{number}": Text(en=sentence.get("why", {}).get("en", "The source says the same."),
                                   fr=sentence.get("why", {}).get("fr", "La source dit la même chose."))
                for number, sentence in enumerate(summary, 1) if sentence["supported"]}
    text = Text(en=f"Source (invented):\n\n{params['source_en']}\n\nSummary written to look like an AI's "
                   f"(no model produced it):\n\n{params['summary_en']}\n\nWhich sentences does the source "
                   f"not support?",
                fr=f"Source (inventée)\u202f:\n\n{params['source_fr']}\n\nRésumé écrit pour "
                   "ressembler à celui d'une IA (aucun modèle ne l'a produit)\u202f:\n\n"
                   f"{params['summary_fr']}\n\nQuelles phrases la source n'étaye-t-elle pas\u202f?")
    explanation = Text(en="; ".join(f"{n}: {summary[n - 1]['why']['en']}" for n in unsupported(key)),
                       fr="\u202f; ".join(f"{n}\u202f: {summary[n - 1]['why']['fr']}"
                                          for n in unsupported(key)))
    return [ChoiceQuestion(key=key, text=text, options=options,
                           answer=tuple(f"s{n}" for n in unsupported(key)), multiple=True,
                           explanation=explanation, feedback=feedback, category="work.spot_the_hallucination",
                           group=key)]


STATEMENT = Text(
    en="""Below is a source document and a summary of it in numbered sentences. **Both are invented
by the authors of this library**: the document describes no real place or person, and the summary
was written by hand to look like the output of a language model (no model produced it).

**Source: {title_en}**

> {source_en}

**The "AI summary"**

{summary_en}

Which sentences does the source **not support**? A sentence is supported when the source says
it, in the same or other words, or when it follows from the source by a simple calculation; it is
unsupported when it changes a number, a date or a time, says the opposite of the source, makes a
recommendation a duty, or adds a claim the source does not make, even a plausible one.

Answer with the list of their numbers (an empty list if you find none):

```python
spot_the_hallucination = [2, 5]
```

You pass when at least 80 % of the unsupported sentences are in your list (recall) and at least
80 % of your list are unsupported sentences (precision).""",
    fr="""Voici un document source et un résumé de ce document en phrases numérotées. **Tous deux sont
inventés par les auteurs de cette bibliothèque**\u202f: le document ne décrit aucun lieu ni aucune
personne réels, et le résumé a été écrit à la main pour ressembler à la production d'un modèle de
langage (aucun modèle ne l'a produit).

**Source\u202f: {title_fr}**

> {source_fr}

**Le «\u202frésumé de l'IA\u202f»**

{summary_fr}

Quelles phrases la source **n'étaye-t-elle pas**\u202f? Une phrase est étayée quand la source la dit,
dans les mêmes termes ou dans d'autres, ou quand elle découle de la source par un calcul simple\u202f;
elle n'est pas étayée quand elle change un nombre, une date ou une heure, dit le contraire de la
source, fait d'une recommandation une obligation, ou ajoute une affirmation que la source ne fait
pas, même vraisemblable.

Répondez par la liste de leurs numéros (une liste vide si vous n'en trouvez aucune)\u202f:

```python
spot_the_hallucination = [2, 5]
```

Vous réussissez quand au moins 80 % des phrases non étayées sont dans votre liste (rappel) et
qu'au moins 80 % de votre liste sont des phrases non étayées (précision).""")

HINTS = (
    Text(en="Take the sentences one by one and, for each, find the passage of the source it comes from. No "
            "passage at all is a strong sign.",
         fr="Prenez les phrases une à une et, pour chacune, trouvez le passage de la source dont elle vient. "
            "Aucun passage du tout est un signe fort."),
    Text(en="Compare the details: numbers, dates, times, who does what, and the strength of the words "
            "(recommended or compulsory, may or must).",
         fr="Comparez les détails\u202f: nombres, dates, heures, qui fait quoi, et la force des mots "
            "(recommandé ou obligatoire, peut ou doit)."),
    Text(en="Other words are not an error: \"half\" for 50 %, \"the afternoon\" for 1 p.m. to 4 p.m., a "
            "difference worked out from two numbers of the source.",
         fr="D'autres mots ne sont pas une erreur\u202f: «\u202fla moitié\u202f» pour 50 %, "
            "«\u202fl'après-midi\u202f» pour 13 h à 16 h, une différence calculée à partir de deux "
            "nombres de la source."),
)

TEACHER_NOTES = Text(
    en="Objectives: check a generated summary against its source, sentence by sentence; tell a "
       "rewording from an unsupported claim; measure a review by its recall and its precision. "
       "Misconceptions aimed at: a fluent text is a faithful one; what is plausible (a usual treatment, "
       "a common rule) must be in the source; only numbers go wrong. Debrief: Which unsupported "
       "sentence would do the most harm if sent, and to whom? How long did the check take compared with "
       "reading the source? What would you change in the way your team uses summaries (quote the "
       "source, mark what was checked)? The summaries were written by the project to imitate model "
       "output; say so to the class.",
    fr="Objectifs\u202f: vérifier un résumé généré phrase par phrase contre sa source\u202f; distinguer une "
       "reformulation d'une affirmation non étayée\u202f; mesurer une relecture par son rappel et sa "
       "précision. Idées reçues visées\u202f: un texte fluide serait fidèle\u202f; ce qui est vraisemblable "
       "(un traitement habituel, une règle courante) serait dans la source\u202f; seuls les nombres seraient "
       "faux. Pour le débriefing\u202f: quelle phrase non étayée ferait le plus de tort si elle était "
       "envoyée, et à qui\u202f? Combien de temps la vérification a-t-elle pris par rapport à la lecture "
       "de la source\u202f? Que changeriez-vous dans l'usage des résumés par votre équipe (citer la "
       "source, marquer ce qui a été vérifié)\u202f? Les résumés ont été écrits par le projet pour imiter "
       "la production d'un modèle\u202f: dites-le à la classe.")

SPOT_THE_HALLUCINATION = Exercise(
    id="work.spot_the_hallucination",
    module="work",
    title=Text(en="Spot the hallucination: what the source does not say",
               fr="Repérer l'hallucination\u202f: ce que la source ne dit pas"),
    statement=STATEMENT,
    answer_name=ANSWER,
    kind="choice",
    reference=_flags(lambda sentence: not sentence["supported"]),
    cases=flag_cases,
    variant=draw_text,
    probe=probes.hallucination_flags,
    facts=FACTS,
    checks=(same_as_mistake(FACTS, _kinds_missed_or_wrong),),
    compare_values=False,
    mistakes=MISTAKES,
    hints=HINTS,
    difficulty=1,
    minutes=15,
    tags=("generative AI", "hallucination", "fact-checking", "precision and recall", "no code"),
    dataset=DATASET,
    audience=("all",),
    teacher_notes=TEACHER_NOTES,
    solution_code='''
import caire_exercises as cx
from caire_exercises.data import load

# The data set marks each sentence of each summary as supported by its source or not.
text = cx.get("work.spot_the_hallucination").params["text"]
summary = load("ai_summaries").set_index("key").loc[text, "summary"]
spot_the_hallucination = [number for number, sentence in enumerate(summary, 1) if not sentence["supported"]]
''',
    questions=questions,
)
