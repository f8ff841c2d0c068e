"""What the M0 quizzes share: the item bank, the variants drawn from it, the facts that judge
an item, and the quiz declaration itself.

Each student gets a sample of items from a bank written by the project (the CC0 data set
``quiz_items``, read from ``datasets/quiz_items/items.jsonl``), stratified by answer, so
that every student meets every kind of answer and every declared mistake costs the pass.
Each item is one case, so every item is reported, with the explanation of the right answer
when the learner's is wrong. The right answer of an item is the case's private part: only
the judge reads it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Exercise, Fact, Message, Text, message
from caire_exercises.exercises.literacy.options import METRICS, TARGETS, OptionSet

MODULE_ID = "literacy"
DATASET = "quiz_items"



@lru_cache(maxsize=1)
def _all_items() -> tuple[dict[str, Any], ...]:
    from caire_exercises.data import bundled_root

    path = bundled_root() / DATASET / "items.jsonl"
    with path.open(encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines if line.strip())


def bank_items(bank: str) -> dict[str, dict[str, Any]]:
    """The items of `bank` (``which_ai``, ``frame`` or ``pitfalls``) by key, in file order."""
    return {item["key"]: item for item in _all_items() if item["bank"] == bank}


def right_answer(item: Mapping[str, Any]) -> Any:
    """An item's answer: an option key, or the pair (target, metric) for ``frame``."""
    if item["bank"] == "frame":
        return (item["target"], item["metric"])
    return item["answer"]


class BankAnswers(Mapping[str, Any]):
    """The answers to every item of a bank, read from the data set when first needed.

    The reference of a quiz is the bank's right answers; a declared mistake is the same
    with `alter` applied to each answer (a real confusion, such as calling every
    learning system "supervised"). Items outside a student's variant are simply not asked.
    """

    def __init__(self, bank: str, alter: Callable[[Any], Any] | None = None) -> None:
        self.bank = bank
        self.alter = alter
        self._answers: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._answers is None:
            change = self.alter or (lambda answer: answer)
            self._answers = {key: change(right_answer(item))
                             for key, item in bank_items(self.bank).items()}
        return self._answers

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BankAnswers):
            return (self.bank, self.alter) == (other.bank, other.alter)
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash((self.bank, self.alter))

    def __repr__(self) -> str:
        lines = [f"    {key!r}: {value!r}," for key, value in self._data().items()]
        return "{\n" + "\n".join(lines) + "\n}"


def swap(first: str, second: str) -> Callable[[str], str]:
    return lambda answer: second if answer == first else first if answer == second else answer


def replace_answers(wrong: str, *confused: str) -> Callable[[str], str]:
    return lambda answer: wrong if answer in confused else answer


# ------------------------------------------------------------------------- variants

#: How a variant is drawn: for each stratum, a test on an item and how many items to take.
Strata = Sequence[tuple[Callable[[Mapping[str, Any]], bool], int]]


def answer_is(*answers: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda item: item["answer"] in answers


def framed_as(target: str, *metrics: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda item: item["target"] == target and (not metrics or item["metric"] in metrics)


def _item_list(keys: Sequence[str], items: Mapping[str, Mapping[str, Any]], language: str) -> str:
    colon = "\u202f:" if language == "fr" else ":"
    return "\n".join(f"{number}. `{key}`{colon} {items[key]['text_' + language]}"
                     for number, key in enumerate(keys, 1))


def _sampler(bank: str, strata: Strata, pass_score: float
             ) -> Callable[[np.random.Generator], dict[str, Any]]:
    def variant(rng: np.random.Generator) -> dict[str, Any]:
        items = bank_items(bank)
        chosen: list[str] = []
        for belongs, count in strata:
            pool = [key for key, item in items.items() if belongs(item)]
            chosen.extend(pool[int(i)] for i in sorted(rng.choice(len(pool), size=count, replace=False)))
        keys = [chosen[int(i)] for i in rng.permutation(len(chosen))]
        return {"items": keys, "n_items": len(keys),
                "pass_count": math.ceil(pass_score * len(keys) - 1e-9),
                "items_en": _item_list(keys, items, "en"), "items_fr": _item_list(keys, items, "fr")}

    return variant


def _item_cases(bank: str) -> Callable[[Mapping[str, Any], np.random.Generator], list[Case]]:
    def cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
        items = bank_items(bank)
        return [Case(key, kwargs={"item": key},
                     label=Text(en=items[key]["text_en"], fr=items[key]["text_fr"]),
                     private={"answer": right_answer(items[key])})
                for key in params["items"]]

    return cases


_EXAMPLE = {"which_ai": '{"item_key": "supervised", ...}',
            "frame": '{"item_key": ("binary", "recall"), ...}',
            "pitfalls": '{"item_key": "leakage", ...}'}
_EXAMPLE_OPTION = {"which_ai": "supervised", "frame": "binary", "pitfalls": "leakage"}


def _problem_message(bank: str, answer_name: str, obtained: Mapping[str, Any], case: Case,
                     allowed: Text) -> Message:
    problem, given = obtained["problem"], obtained.get("value")
    key = case.kwargs["item"]
    if problem == "not_dict":
        return message(Text(
            en="Answer with a dict that maps each item's key to your answer, e.g. "
               "`{name} = {example}`; `{name}` is of type {given}.",
            fr="Répondez par un dictionnaire qui associe à la clé de chaque question votre "
               "réponse, par exemple `{name} = {example}`\u202f; `{name}` est de type {given}."),
            name=answer_name, example=_EXAMPLE[bank], given=given)
    if problem == "missing":
        return message(Text(en="No answer for this item: add the key `{key}` to `{name}`.",
                            fr="Pas de réponse à cette question\u202f: ajoutez la clé `{key}` à "
                               "`{name}`."), key=key, name=answer_name)
    if problem == "blank":
        return message(Text(en="Not answered yet: replace None by your answer. Allowed: {allowed}.",
                            fr="Pas encore de réponse\u202f: remplacez None par votre réponse. "
                               "Possibles\u202f: {allowed}."), allowed=allowed)
    if problem == "not_pair":
        return message(Text(
            en="Give a pair (target type, metric), e.g. (\"binary\", \"recall\"): one target "
               "type and one metric. Got {given}. Allowed: {allowed}.",
            fr="Donnez un couple (type de cible, mesure), par exemple (\"binary\", \"recall\")\u202f: "
               "un type de cible et une mesure. Reçu {given}. Possibles\u202f: {allowed}."),
            given=given, allowed=allowed)
    if problem == "not_text":
        return message(Text(en="Write your answer as text, such as \"{first}\", not {given}.",
                            fr="Écrivez votre réponse sous forme de texte, comme \"{first}\", et "
                               "non {given}."),
                       first=_EXAMPLE_OPTION[bank], given=given)
    return message(Text(en="\"{given}\" is not one of the options. Write one of: {allowed}.",
                        fr="«\u202f{given}\u202f» ne fait pas partie des options. Écrivez l'une de "
                           "celles-ci\u202f: {allowed}."), given=given, allowed=allowed)


def _wrong_answer(item: Mapping[str, Any], got: Any, options: OptionSet) -> Message:
    why = Text(en=item["explanation_en"], fr=item["explanation_fr"])
    return message(Text(en="You answered \"{given}\"; the expected answer is \"{right}\". {why}",
                        fr="Vous avez répondu «\u202f{given}\u202f»\u202f; la réponse attendue est «\u202f{right}\u202f». "
                           "{why}"),
                   given=options.name(got), right=options.name(item["answer"]), why=why)


def _wrong_frame(item: Mapping[str, Any], got: Sequence[str]) -> Message:
    why = Text(en=item["explanation_en"], fr=item["explanation_fr"])
    (target, metric), (right_target, right_metric) = got, right_answer(item)
    values = {"given_target": TARGETS.name(target), "right_target": TARGETS.name(right_target),
              "given_metric": METRICS.name(metric), "right_metric": METRICS.name(right_metric),
              "why": why}
    if target == right_target:
        template = Text(
            en="The target type is right (\"{right_target}\"), but not the metric: you chose "
               "\"{given_metric}\", the one that matters here is \"{right_metric}\". {why}",
            fr="Le type de cible est juste («\u202f{right_target}\u202f»), mais pas la mesure\u202f: vous avez "
               "choisi «\u202f{given_metric}\u202f», celle qui compte ici est «\u202f{right_metric}\u202f». {why}")
    elif metric == right_metric:
        template = Text(
            en="The metric is right (\"{right_metric}\"), but not the target type: you said "
               "\"{given_target}\", it is \"{right_target}\". {why}",
            fr="La mesure est juste («\u202f{right_metric}\u202f»), mais pas le type de cible\u202f: vous avez "
               "dit «\u202f{given_target}\u202f», c'est «\u202f{right_target}\u202f». {why}")
    else:
        template = Text(
            en="Target type: you said \"{given_target}\", it is \"{right_target}\". Metric: "
               "you chose \"{given_metric}\", the one that matters here is \"{right_metric}\". "
               "{why}",
            fr="Type de cible\u202f: vous avez dit «\u202f{given_target}\u202f», c'est «\u202f{right_target}\u202f». "
               "Mesure\u202f: vous avez choisi «\u202f{given_metric}\u202f», celle qui compte ici est "
               "«\u202f{right_metric}\u202f». {why}")
    return message(template, **values)


def item_facts(bank: str, answer_name: str, options: OptionSet | None) -> tuple[Fact, ...]:
    """The facts of one item: the answer names an option (or a pair), and it is the right one.

    `options` is None for ``frame`` (target types and metrics). The right answer is the
    case's private part, which only the judge reads.
    """
    allowed = options.listing() if options is not None else Text(
        en=f"target types {TARGETS.listing().en}; metrics {METRICS.listing().en}",
        fr=f"types de cible {TARGETS.listing().fr}\u202f; mesures {METRICS.listing().fr}")

    def readable(observed: Any, expected: Any, case: Case) -> bool:
        return "problem" not in observed and isinstance(observed["value"], (str, list))

    def right(observed: Any, expected: Any, case: Case) -> bool:
        return bool(list(observed["value"]) == list(case.private["answer"])
                    if options is None else observed["value"] == case.private["answer"])

    def problem(observed: Any, expected: Any, case: Case) -> Message:
        return _problem_message(bank, answer_name, observed, case, allowed)

    def wrong(observed: Any, expected: Any, case: Case) -> Message:
        item = bank_items(bank)[case.kwargs["item"]]
        if options is None:
            return _wrong_frame(item, observed["value"])
        return _wrong_answer(item, observed["value"], options)

    return (Fact("readable", readable, problem), Fact("right", right, wrong))


def quiz(bank: str, options: OptionSet | None, probe: Callable[..., Any],
         strata: Strata, pass_score: float, **declaration: Any) -> Exercise:
    """A quiz of `bank`: one case per item of the student's sample, judged by :func:`item_facts`."""
    return Exercise(
        id=f"literacy.{bank}",
        module=MODULE_ID,
        answer_name=bank,
        kind="choice",
        reference=BankAnswers(bank),
        cases=_item_cases(bank),
        variant=_sampler(bank, strata, pass_score),
        probe=probe,
        facts=item_facts(bank, bank, options),
        pass_score=pass_score,
        difficulty=1,
        dataset=DATASET,
        audience=("all",),
        **declaration,
    )


def spelling_note(examples_en: str, examples_fr: str,
                   fillers_en: str = '"learning", "AI" or "based"',
                   fillers_fr: str = "«\u202fapprentissage\u202f», «\u202fIA\u202f» ou «\u202fà base de\u202f»") -> Text:
    """How options may be written (see the module docstring), with examples for one quiz."""
    return Text(
        en="You may write an option in English or in French, in capitals or not, with or "
           f"without accents; words such as {fillers_en} may be added or "
           f"left out ({examples_en} are accepted). An unknown word is reported with the list "
           "of allowed options.",
        fr="Vous pouvez écrire une option en anglais ou en français, en majuscules ou non, avec "
           f"ou sans accents\u202f; des mots comme {fillers_fr} peuvent "
           f"être ajoutés ou omis ({examples_fr} sont acceptés). Un mot inconnu est signalé "
           "avec la liste des options possibles.")
