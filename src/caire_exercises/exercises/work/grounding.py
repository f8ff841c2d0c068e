"""work.grounding: flag the answers a source does not back (a missing source, a number not in it).

A function answer judged on written sources and answers (the data set
``grounding_answers``, written by the project): the shown case
gathers the traps (numbers written another way, a number that is a piece of
another, a number from the wrong source); the hidden one draws answers from
the same facts, some numbers changed and some sources swapped or missing.
Every source and answer is written by the project; the organisations they
name are fictional.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Mistake, Text
from caire_exercises.authoring.probes import edited
from caire_exercises.exercises.work._common import MODULE_ID
from caire_exercises.exercises.work.probes import parts_probe


def flag_answers(answers, sources):
    import re

    def numbers(text):
        found = re.findall(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?", text)
        return {float(re.sub(r"[ \u00a0\u202f]", "", n).replace(",", ".")) for n in found}

    flags = []
    for answer in answers:
        cited = re.findall(r"S\d+", " ".join(re.findall(r"\[([^\]]*)\]", answer)))
        claimed = numbers(re.sub(r"\[[^\]]*\]", " ", answer))
        if any(source not in sources for source in cited):
            flags.append(True)
            continue
        backed = set().union(*(numbers(sources[source]) for source in cited)) if cited else set()
        flags.append(not claimed <= backed)
    return flags


# ------------------------------------------------------------------------- written data

def _written_rows() -> list[dict[str, Any]]:
    """The rows of ``datasets/grounding_answers/data.jsonl`` (read with json: no pandas at import)."""
    import json

    from caire_exercises.data import bundled_root

    path = bundled_root() / "grounding_answers" / "data.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_ROWS = _written_rows()
#: The sources the answers cite, by id.
SOURCES = {row["id"]: row["text"] for row in _ROWS if row["kind"] == "source"}
#: Answers that a chatbot could give from the sources, written with the traps a checker meets.
WRITTEN_ANSWERS = [row["text"] for row in _ROWS if row["kind"] == "answer"]
#: Claims the hidden answers are drawn from: (source, sentence with {x}, the number as the source gives it).
_FACTS = [(row["source"], row["text"], row["value"]) for row in _ROWS if row["kind"] == "claim"]


_LISTED = ("\n".join(f"* `{key}`: {text}" for key, text in SOURCES.items()) + "\n\n"
           + "\n".join(f"{number}. {answer}" for number, answer in enumerate(WRITTEN_ANSWERS, 1)))


def _written(value: float, rng: np.random.Generator) -> str:
    """`value` as an answer may write it: thousands with or without a space, a decimal comma or point."""
    if value == int(value):
        text = str(int(value))
        if len(text) > 3 and rng.random() < 0.5:
            text = f"{text[:-3]}\u202f{text[-3:]}"
        return text
    return f"{value:.1f}".replace(".", "," if rng.random() < 0.7 else ".")


def _drawn_answers(rng: np.random.Generator, n: int) -> list[str]:
    answers = []
    for _ in range(n):
        source, sentence, value = _FACTS[int(rng.integers(0, len(_FACTS)))]
        if rng.random() < 0.35:
            value = value + float(rng.choice([-3, -1, 1, 2, 10])) * (0.1 if value != int(value) else 1)
        cited = source
        draw = rng.random()
        if draw < 0.15:
            cited = f"S{int(rng.integers(4, 9))}"
        elif draw < 0.3:
            cited = str(rng.choice([s for s in SOURCES if s != source]))
        answers.append(f"{sentence.format(x=_written(round(value, 1), rng))} [{cited}].")
    return answers


def _cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
    return [
        Case("written answers", ("flag_answers", list(WRITTEN_ANSWERS), dict(SOURCES)), label=Text(
            en="flag_answers on the 15 answers of the statement",
            fr="flag_answers sur les 15 réponses de l'énoncé")),
        Case("no answer", ("flag_answers", [], dict(SOURCES)), label=Text(
            en="flag_answers on an empty list", fr="flag_answers sur une liste vide")),
        Case("hidden answers", ("flag_answers", _drawn_answers(rng, 25), dict(SOURCES)), hidden=True),
    ]


# ---------------------------------------------------------------------------------- facts

def _flags(observed: Any, case: Case) -> list[bool]:
    value = observed["value"]
    if not isinstance(value, list) or len(value) != len(case.args[1]) or not all(
            isinstance(v, bool) or v in (0, 1) for v in value):
        raise ValueError("one True or False per answer expected")
    return [bool(v) for v in value]


def _differ(observed: Any, expected: Any, case: Case) -> list[int]:
    return [i + 1 for i, (a, b) in enumerate(zip(_flags(observed, case), _flags(expected, case))) if a != b]


FACTS = (
    Fact("one_flag_per_answer", lambda o, e, c: isinstance(_flags(o, c), list), Text(
        en="flag_answers should return a list with one True or False per answer, in their order.",
        fr="flag_answers doit renvoyer une liste avec un True ou un False par réponse, dans leur ordre.")),
    Fact("flags", lambda o, e, c: not _differ(o, e, c), lambda o, e, c: Text(
        en=("Some answers are not flagged as they should be"
            + ("" if c.hidden else f" (answers {', '.join(map(str, _differ(o, e, c)))})")
            + ". Flag an answer that cites a source not given, or a number that none of the sources "
              "it cites contains (compare numbers as numbers: 3 412, 3412 and 3412,0 are one number)."),
        fr=("Certaines réponses ne sont pas signalées comme elles le devraient"
            + ("" if c.hidden else f" (réponses {', '.join(map(str, _differ(o, e, c)))})")
            + ". Signalez une réponse qui cite une source absente, ou un nombre qu'aucune des "
              "sources qu'elle cite ne contient (comparez les nombres en tant que nombres : 3 412, "
              "3412 et 3412,0 sont un seul nombre)."))),
)


# ------------------------------------------------------------------------------- mistakes

_sources_only = edited(flag_answers, "        flags.append(not claimed <= backed)\n", "        flags.append(False)\n",
                       name="flag_sources_only")
_numbers_only = edited(flag_answers, ("        if any(source not in sources for source in cited):\n"
                                      "            flags.append(True)\n            continue\n", ""),
                       ("numbers(sources[source]) for source in cited)",
                        "numbers(sources[source]) for source in cited if source in sources)"),
                       name="flag_numbers_only")
_any_source = edited(flag_answers, "for source in cited)) if cited else set()",
                     "for source in sources))", name="flag_any_source")


def _substring(answers, sources):
    import re

    flags = []
    for answer in answers:
        cited = re.findall(r"S\d+", " ".join(re.findall(r"\[([^\]]*)\]", answer)))
        if any(source not in sources for source in cited):
            flags.append(True)
            continue
        text = " ".join(sources[source] for source in cited)
        claimed = re.findall(r"\d+(?:[.,]\d+)?", re.sub(r"\[[^\]]*\]", " ", answer))
        flags.append(any(number not in text for number in claimed))
    return flags


GROUNDING = Exercise(
    id="work.grounding",
    module=MODULE_ID,
    title=Text(en="Is the answer backed by its sources?", fr="La réponse s'appuie-t-elle sur ses sources ?"),
    statement=Text(
        en="""A chatbot answers from documents and cites them as `[S1]`, `[S2][S3]` or `[S1, S3]`. Before an
answer is sent, flag those its sources do not back. Write `flag_answers(answers, sources)`:
`answers` is a list of strings, `sources` a dict `{"S1": text, ...}`; return a list of booleans,
`True` for an answer to flag:

* it cites a source that is not in `sources`; or
* it holds a number that none of the sources it cites contains (an answer citing nothing
  has no source for its numbers). Numbers are compared as numbers, as French writes them:
  `3 412` and `3412` are one number, `5,2` and `5.2` too; `15` is not in `150`.

The check tries it on these sources and answers, then on a hidden set of answers:

""" + _LISTED,
        fr="""Un chatbot répond à partir de documents et les cite sous la forme `[S1]`, `[S2][S3]` ou
`[S1, S3]`. Avant d'envoyer une réponse, signalez celles que leurs sources n'étayent pas.
Écrivez `flag_answers(answers, sources)` : `answers` est une liste de chaînes, `sources` un dict
`{"S1": texte, ...}` ; renvoyez une liste de booléens, `True` pour une réponse à signaler :

* elle cite une source absente de `sources` ; ou
* elle contient un nombre qu'aucune des sources qu'elle cite ne contient (une réponse qui ne
  cite rien n'a pas de source pour ses nombres). Les nombres se comparent en tant que nombres,
  tels que le français les écrit : `3 412` et `3412` sont un seul nombre, `5,2` et `5.2` aussi ;
  `15` n'est pas dans `150`.

La vérification l'essaie sur ces sources et ces réponses, puis sur un jeu de réponses caché :

""" + _LISTED,
    ),
    answer_name="flag_answers",
    kind="function",
    reference=flag_answers,
    cases=_cases,
    probe=parts_probe(()),
    facts=FACTS,
    compare_values=True,
    difficulty=2,
    minutes=25,
    tags=("generative AI", "grounding", "hallucination", "regular expressions"),
    dataset="grounding_answers",
    audience=("engineering",),
    mistakes=(
        Mistake("sources_only", Text(
            en="You flag only the answers that cite a missing source. A number the cited source "
               "does not contain is the commonest invented detail: extract the numbers of the "
               "answer and look for each in the cited sources.",
            fr="Vous ne signalez que les réponses qui citent une source absente. Un nombre que la "
               "source citée ne contient pas est le détail inventé le plus courant : extrayez les "
               "nombres de la réponse et cherchez chacun dans les sources citées."), _sources_only),
        Mistake("numbers_only", Text(
            en="You skip the citations to sources that do not exist. A citation to a missing "
               "source is itself invented: flag the answer even when it has no number.",
            fr="Vous ignorez les citations de sources inexistantes. Citer une source absente est "
               "en soi une invention : signalez la réponse même sans nombre."), _numbers_only),
        Mistake("any_source", Text(
            en="You look for the numbers in every source. A number must be in a source the answer "
               "cites: a right number attributed to the wrong document is still unbacked.",
            fr="Vous cherchez les nombres dans toutes les sources. Un nombre doit figurer dans une "
               "source que la réponse cite : un nombre juste attribué au mauvais document reste "
               "sans appui."), _any_source),
        Mistake("substring", Text(
            en="You compare numbers as pieces of text: \"15\" is found inside \"150\" and \"12\" "
               "inside \"3 412\", while \"3412\" is not found in \"3 412\". Extract whole numbers, "
               "turn them into floats (no thousands space, decimal comma to point) and compare "
               "the values.",
            fr="Vous comparez les nombres comme des morceaux de texte : « 15 » est trouvé dans "
               "« 150 » et « 12 » dans « 3 412 », alors que « 3412 » n'est pas trouvé dans "
               "« 3 412 ». Extrayez les nombres entiers, convertissez-les en float (sans espace "
               "des milliers, virgule décimale changée en point) et comparez les valeurs."),
            _substring),
    ),
    hints=(
        Text(en="Two questions per answer: which sources does it cite, and which numbers does it "
                "state? Remove the citations before looking for numbers (S1 holds a 1).",
             fr="Deux questions par réponse : quelles sources cite-t-elle, et quels nombres "
                "avance-t-elle ? Retirez les citations avant de chercher les nombres (S1 contient "
                "un 1)."),
        Text(en="One regular expression can find numbers with a thousands space and a decimal "
                "comma: `\\d{1,3}(?:[ \\u202f]\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?`.",
             fr="Une seule expression régulière trouve les nombres avec espace des milliers et "
                "virgule décimale : `\\d{1,3}(?:[ \\u202f]\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?`."),
        Text(en="Turn each number into a float and compare sets: the answer's numbers must be a "
                "subset of the cited sources' numbers.",
             fr="Convertissez chaque nombre en float et comparez des ensembles : les nombres de la "
                "réponse doivent être un sous-ensemble de ceux des sources citées."),
    ),
    teacher_notes=Text(
        en="Objectives: check generated answers against their sources mechanically before they "
           "reach a user; see that citations can be invented and that numbers must be compared "
           "as values. Misconceptions aimed at: an answer with a citation is grounded; a number "
           "found somewhere in the documents is backed. Debrief: what does this check miss "
           "(a wrong claim without a number, a right number about the wrong thing)? Who reviews "
           "the flagged answers? Would you block, or only warn?",
        fr="Objectifs : confronter mécaniquement les réponses générées à leurs sources avant "
           "qu'elles n'atteignent un utilisateur ; voir que des citations peuvent être inventées et "
           "que les nombres se comparent en tant que valeurs. Idées fausses visées : une réponse "
           "qui cite une source est étayée ; un nombre présent quelque part dans les documents est "
           "justifié. Pour le débriefing : que manque ce contrôle (une affirmation fausse sans "
           "nombre, un nombre juste sur le mauvais objet) ? Qui relit les réponses signalées ? "
           "Faut-il bloquer, ou seulement avertir ?"),
)
