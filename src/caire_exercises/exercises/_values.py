"""What the no-code value exercises share (M8 ``health.two_by_two``, ``health.alert_burden``,
M9 ``work.time_saved``): the learner assigns one dict of numbers, each value asked is one case.

A value exercise's right numbers depend on the student's variant (the table, the ward, the
tool's figures), so its reference and its declared mistakes are :class:`Worked` answers: a
rule that works the values out from the numbers of the case, which the probe applies to the
case's public inputs. A learner assigns plain numbers; the probe reads each one under any of
its accepted names (English or French, any capitals or accents), as a number or as a text
(``"0,92"``, ``"92 %"``). The expected value of a case is in its private part, which only the
judge reads; the facts decide, in the order: the value can be read, a proportion lies between
0 and 1, the value is right within the case's tolerance.

The percent rule, stated in every statement: a bare number is read as it is (``0.92``); a text
ending with ``%`` is a percentage (``"92 %"`` is 0.92); a bare number above 1 where a
proportion is asked is refused with a message, never guessed.

Nothing here knows an answer: the grader's sandbox imports the probe from this file.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from caire_exercises.authoring import Case, Fact, Message, NumericQuestion, Text, message
from caire_exercises.authoring.facts import in_order
from caire_exercises.engine.probe_side import probe_factory

#: The tolerance of every value of these exercises: 0.1 %, four significant figures.
RTOL = 1e-3
ATOL = 1e-9


@dataclass(frozen=True)
class Quantity:
    """One value a statement asks for: its key, its accepted names, what it is, how it is checked."""

    key: str
    name: Text
    definition: Text
    spellings: tuple[str, ...] = ()
    proportion: bool = False
    unit: str = ""

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_plain_key(spelling) for spelling in
                                   (self.key, self.name.en, self.name.fr, *self.spellings)))


class Worked:
    """The library's own answer to a value exercise: values worked out from a case's numbers.

    `solve(inputs) -> {quantity key: value}` receives the public inputs of the case (the
    numbers the statement shows). A learner never needs one: they assign numbers.
    """

    def __init__(self, solve: Callable[[Mapping[str, Any]], Mapping[str, float]], label: str) -> None:
        self.solve = solve
        self.label = label

    def __repr__(self) -> str:
        return f"<values worked out from your statement's numbers: {self.label}>"


# ------------------------------------------------------------------------ the probe


def _plain_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


_PERCENT = re.compile(r"^(.*?)[\s\u00a0\u202f]*%$")


def read_number(raw: Any) -> dict[str, Any]:
    """A learner's value as an observation: ``{"value": float, "percent": bool}`` or a problem."""
    if isinstance(raw, (bool, np.bool_)):
        return {"problem": "not_number", "given": f"`{raw}`"}
    if isinstance(raw, (int, float, np.integer, np.floating)):
        value = float(raw)
        return {"value": value, "percent": False} if math.isfinite(value) else \
            {"problem": "not_number", "given": f"`{raw}`"}
    if isinstance(raw, np.ndarray) and raw.size == 1:
        return read_number(raw.reshape(-1)[0].item())
    if not isinstance(raw, str):
        return {"problem": "not_number", "given": f"`{type(raw).__name__}`"}
    text = raw.strip()
    found = _PERCENT.match(text)
    body = (found.group(1) if found else text).replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    body = body.replace(",", ".")
    try:
        if "/" in body:
            top, bottom = body.split("/", 1)
            value = float(top) / float(bottom)
        else:
            value = float(body)
    except (ValueError, ZeroDivisionError):
        return {"problem": "not_number", "given": f"`{raw[:60]}`"}
    if not math.isfinite(value):
        return {"problem": "not_number", "given": f"`{raw[:60]}`"}
    return {"value": value / 100 if found else value, "percent": bool(found)}


def value_probe(answer_name: str, quantities: Sequence[Quantity]
                ) -> Callable[[Mapping[str, Any], Case], dict]:
    """The probe of a value exercise: the number the learner gave for the case's quantity."""
    return names_probe(answer_name, {quantity.key: list(quantity.names()) for quantity in quantities})


@probe_factory
def names_probe(answer_name: str, names: Mapping[str, Sequence[str]]
                ) -> Callable[[Mapping[str, Any], Case], dict]:
    """:func:`value_probe` made from plain data: each quantity's key and its accepted names."""
    names = {key: tuple(spellings) for key, spellings in names.items()}

    def probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        given = answers[answer_name]
        if isinstance(given, Worked):
            given = given.solve(dict(case.kwargs["inputs"]))
        if not isinstance(given, Mapping) and callable(getattr(given, "to_dict", None)) and \
                hasattr(given, "index"):
            given = given.to_dict()  # a pandas Series of named values is a dict written another way
        if not isinstance(given, Mapping):
            return {"problem": "not_dict", "given": f"`{type(given).__name__}`"}
        wanted = names[case.kwargs["quantity"]]
        for key, raw in given.items():
            if _plain_key(key) in wanted:
                if raw is None or raw is Ellipsis:
                    return {"problem": "blank", "given": None}
                return read_number(raw)
        return {"problem": "missing", "given": None}

    return probe


# ------------------------------------------------------------------------ the facts


def _quantity(quantities: Sequence[Quantity], case: Case) -> Quantity:
    return next(q for q in quantities if q.key == case.kwargs["quantity"])


def _problem(answer_name: str, quantities: Sequence[Quantity], example: str,
             observed: Mapping[str, Any], case: Case) -> Message:
    quantity = _quantity(quantities, case)
    problem, given = observed.get("problem"), observed.get("given")
    if problem == "not_dict":
        return message(Text(en="Answer with one dict of numbers, e.g. `{name} = {example}`; `{name}` is of "
                               "type {given}.",
                            fr="Répondez par un seul dictionnaire de nombres, par exemple "
                               "`{name} = {example}`\u202f; `{name}` est de type {given}."),
                       name=answer_name, example=example, given=given)
    if problem == "missing":
        return message(Text(en="No value for {what}: add the key `\"{key}\"` to `{name}`.",
                            fr="Aucune valeur pour {what}\u202f: ajoutez la clé `\"{key}\"` à `{name}`."),
                       what=quantity.name, key=quantity.key, name=answer_name)
    if problem == "blank":
        return message(Text(en="{what}: not answered yet; replace None by your number.",
                            fr="{what}\u202f: pas encore de réponse\u202f; remplacez None par votre nombre."),
                       what=quantity.name)
    return message(Text(en="{what}: {given} is not a number. Write a number such as 0.25, or a "
                           "percentage as text such as \"25 %\".",
                        fr="{what}\u202f: {given} n'est pas un nombre. Écrivez un nombre comme 0,25 "
                           "(`0.25` en Python), ou un pourcentage sous forme de texte comme `\"25 %\"`."),
                   what=quantity.name, given=given)


def value_facts(answer_name: str, quantities: Sequence[Quantity], example: str) -> tuple[Fact, ...]:
    """Readable, a proportion where one is asked, right within the case's tolerance: in that order."""

    def readable(observed: Any, expected: Any, case: Case) -> bool:
        return "problem" not in observed and isinstance(observed["value"], float)

    def in_range(observed: Any, expected: Any, case: Case) -> bool:
        return not case.kwargs["proportion"] or 0.0 <= observed["value"] <= 1.0

    def right(observed: Any, expected: Any, case: Case) -> bool:
        want = float(case.private["value"])
        return math.isclose(float(observed["value"]), want, rel_tol=case.rtol or RTOL,
                            abs_tol=case.atol or ATOL)

    def out_of_range(observed: Any, expected: Any, case: Case) -> Message:
        return message(Text(
            en="{what}: {given} is not a proportion (those lie between 0 and 1). Write 0.92 for 92%, "
               "or the percentage as text: \"92 %\". A bare number is never read as a percentage.",
            fr="{what}\u202f: {given} n'est pas une proportion (elles vont de 0 à 1). Écrivez `0.92` pour "
               "92 %, ou le pourcentage sous forme de texte\u202f: `\"92 %\"`. Un nombre seul n'est jamais "
               "lu comme un pourcentage."), what=_quantity(quantities, case).name, given=observed["value"])

    def wrong(observed: Any, expected: Any, case: Case) -> Message:
        quantity = _quantity(quantities, case)
        return message(Text(en="{what}: {given} is not the expected value (to within 0.1%). {definition}",
                            fr="{what}\u202f: {given} n'est pas la valeur attendue (à 0,1 % près). "
                               "{definition}"),
                       what=quantity.name, given=observed["value"], definition=quantity.definition)

    return in_order(
        Fact("readable", readable, lambda o, e, c: _problem(answer_name, quantities, example, o, c)),
        Fact("proportion", in_range, out_of_range),
        Fact("right", right, wrong))


# ------------------------------------------------------------------------ cases and questions


@dataclass(frozen=True)
class ValueSheet:
    """How one exercise's values are asked: its quantities, its rule, the public inputs of a variant."""

    quantities: tuple[Quantity, ...]
    solve: Callable[[Mapping[str, Any]], Mapping[str, float]]
    inputs: Callable[[Mapping[str, Any]], Mapping[str, Any]]
    asked: Callable[[Mapping[str, Any]], Sequence[str]] = field(default=lambda params: ())

    def keys(self, params: Mapping[str, Any]) -> list[str]:
        return list(self.asked(params)) or [quantity.key for quantity in self.quantities]

    def cases(self, params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
        inputs = dict(self.inputs(params))
        values = self.solve(inputs)
        show = params.get("show_expected", True)
        made = []
        for key in self.keys(params):
            quantity = next(q for q in self.quantities if q.key == key)
            asked = {"quantity": key, "inputs": inputs, "proportion": quantity.proportion}
            made.append(Case(key, kwargs=asked,
                             label=quantity.name, rtol=RTOL, atol=ATOL,
                             private={"value": float(values[key]), "show_expected": show}))
        return made

    def questions(self, scenario: Callable[[Mapping[str, Any]], Text], category: str
                  ) -> Callable[[Mapping[str, Any]], list[NumericQuestion]]:
        """One Moodle numerical question per value asked, right within 0.1 % of the value."""
        def questions(params: Mapping[str, Any]) -> list[NumericQuestion]:
            values = self.solve(dict(self.inputs(params)))
            context = scenario(params)
            made = []
            for key in self.keys(params):
                quantity = next(q for q in self.quantities if q.key == key)
                answer = float(values[key])
                hint_en = " (a proportion between 0 and 1)" if quantity.proportion else ""
                hint_fr = " (une proportion entre 0 et 1)" if quantity.proportion else ""
                asked = Text(en=f"{context.en}\n\n{quantity.name.en}{hint_en}?",
                             fr=f"{context.fr}\n\n{quantity.name.fr}{hint_fr}\u202f?")
                made.append(NumericQuestion(key=key, text=asked, answer=answer,
                                            tolerance=max(abs(answer) * RTOL, ATOL), unit=quantity.unit,
                                            explanation=quantity.definition, category=category,
                                            group=category))
            return made

        return questions
