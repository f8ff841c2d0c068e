"""A quiz from an item bank: the no-code exercise, declared in a few lines.

>>> from caire_exercises.authoring.quiz import quiz_exercise       # doctest: +SKIP
>>> QUIZ = quiz_exercise(load_bank("my_bank.yaml"), id="course.my_quiz", answer_name="my_quiz",
...                      title=..., statement=..., hints=..., teacher_notes=...)

The learner answers with one assignment, a dict ``{item key: answer}``. An answer is an
option written in English or French (any capitals, accents or not; see
:class:`~caire_exercises.model.questions.OptionSet`); an item asked in several parts takes a
dict ``{part: option}``, a tuple in the parts' order, or a text such as
``"high_risk, logging"``; a part where several options are picked takes a list (or a text
with commas). Each item of the student's sample is one case, so every item is reported;
its right answer is the case's private part, which only the judge reads.

Course settings (:meth:`~caire_exercises.authoring.Exercise.with_settings`): ``domains``
restricts the sample to items of those domains (and those for ``all``), ``items`` sets
how many, ``show_expected=False`` keeps the expected answer (and the explanation that gives
it away) out of a wrong item's feedback.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.authoring.banks import Item, ItemBank, Part
from caire_exercises.engine.compare import describe
from caire_exercises.engine.probe_side import probe_factory
from caire_exercises.model.exercise import Case, Exercise, Fact, Mistake
from caire_exercises.model.i18n import Message, Text, message
from caire_exercises.model.questions import ChoiceQuestion, Option, OptionSet

_MISSING = object()

# ------------------------------------------------------------------------- answers


def written_answer(bank: ItemBank, item: Item, answer: Mapping[str, Sequence[str]] | None = None) -> Any:
    """How a learner writes `answer` (default: the item's right one) in the notebook."""
    given = item.answer if answer is None else answer

    def one(part: Part) -> Any:
        keys = list(given[part.name])
        return keys if part.multiple else keys[0]

    asked = [part for part in bank.parts if part.name in given]
    if bank.single:
        return one(bank.parts[0])
    return {part.name: one(part) for part in asked}


class QuizAnswers(Mapping[str, Any]):
    """The answers to every item of a bank, as a learner writes them: the quiz's reference.

    A declared mistake is the same with `alter` applied to each item's answer dict
    ``{part: (option, ...)}`` (a real confusion, such as calling every chatbot
    high-risk); items outside a student's sample are simply not asked.
    """

    def __init__(self, bank: ItemBank,
                 alter: Callable[[Item], Mapping[str, Sequence[str]]] | None = None) -> None:
        self.bank = bank
        self.alter = alter
        self._answers: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._answers is None:
            self._answers = {item.key: written_answer(self.bank, item, None if self.alter is None
                                                      else self.alter(item))
                             for item in self.bank.items}
        return self._answers

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, QuizAnswers):
            return (self.bank.name, self.alter) == (other.bank.name, other.alter)
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash((self.bank.name, self.alter))

    def __repr__(self) -> str:
        return "{\n" + "\n".join(f"    {key!r}: {value!r}," for key, value in self._data().items()) + "\n}"


def replace_option(part: str, wrong: str, *confused: str) -> Callable[[Item], Mapping[str, Sequence[str]]]:
    """A mistake's answers: `wrong` for `part` wherever the right answer is one of `confused`."""
    def alter(item: Item) -> Mapping[str, Sequence[str]]:
        answer = dict(item.answer)
        if part in answer and (not confused or set(answer[part]) & set(confused)):
            answer[part] = (wrong,)
        return answer

    return alter


# ------------------------------------------------------------------------- the probe


def _lookup(answers: Mapping[Any, Any], key: str) -> Any:
    """The learner's answer to `key`; keys match ignoring case, spaces and hyphens."""
    if key in answers:
        return answers[key]
    wanted = re.sub(r"[\s\-]+", "_", key.strip().lower())
    for given_key, value in answers.items():
        if isinstance(given_key, str) and re.sub(r"[\s\-]+", "_", given_key.strip().lower()) == wanted:
            return value
    return _MISSING


def described(value: Any) -> dict[str, Any]:
    """What a value is ("list of length 3"), as plain data that the judge words in the learner's language."""
    return describe(value).as_message().to_plain()


def reworded(given: Any) -> Any:
    """A value for a message: a description that :func:`described` made, back as a message."""
    return Message.from_plain(given) if isinstance(given, Mapping) and "template" in given else given


def _blank(value: Any) -> bool:
    return value is None or value is Ellipsis or (isinstance(value, str) and not value.strip())


def _read_part(raw: Any, part: Part) -> dict[str, Any]:
    if part.multiple:
        if isinstance(raw, str):
            raw = [piece for piece in re.split(r"\s*[,;|+]\s*", raw.strip()) if piece]
        if not isinstance(raw, (list, tuple, set, frozenset)):
            return {"problem": "not_list", "part": part.name, "value": described(raw)}
        keys = []
        for piece in raw:
            if not isinstance(piece, str):
                return {"problem": "not_text", "part": part.name, "value": described(piece)}
            key = part.options.resolve(piece)
            if key is None:
                return {"problem": "unknown", "part": part.name, "value": piece[:80]}
            keys.append(key)
        return {"value": sorted(set(keys))}
    if not isinstance(raw, str):
        return {"problem": "not_text", "part": part.name, "value": described(raw)}
    key = part.options.resolve(raw)
    return {"value": key} if key is not None else {"problem": "unknown", "part": part.name, "value": raw[:80]}


def _split_parts(raw: Any, asked: Sequence[Part], parts: Sequence[Part]) -> dict[str, Any] | None:
    """The learner's answer to each part: from a dict, a tuple or a text with commas.

    A tuple as long as the parts the item asks is read in their order; any other
    length, in the order of all the bank's parts (a learner who does not know which
    parts an item asks may give them all, or fewer): a part given but not asked is
    ignored, a part asked but not given is reported as missing.
    """
    if isinstance(raw, Mapping):
        found = {}
        for part in asked:
            value = _lookup(raw, part.name)
            if value is _MISSING:
                value = next((v for k, v in raw.items() if isinstance(k, str) and
                              k.strip().lower() in (part.label.en.lower(), part.label.fr.lower())), _MISSING)
            if value is not _MISSING:
                found[part.name] = value
        return found
    if isinstance(raw, str):
        raw = re.split(r"\s*[,;/|+]\s*", raw.strip())
    if isinstance(raw, (tuple, list)) and len(raw) == len(asked):
        return _in_order(raw, asked)
    if isinstance(raw, (tuple, list)) and 1 <= len(raw) <= len(parts):
        return _in_order(raw, parts)
    return None


def _in_order(raw: Sequence[Any], parts: Sequence[Part]) -> dict[str, Any]:
    """The pieces of a tuple matched to the parts: in order, or by the one part each names.

    ``("recall", "binary")`` answers ``(target, metric)`` when each word names an option of
    one part only: the order was the learner's choice, not the answer.
    """
    ordered = {part.name: value for part, value in zip(parts, raw)}
    if all(not isinstance(value, str) or part.multiple or part.options.resolve(value) is not None
           for part, value in zip(parts, raw)):
        return ordered
    owners = []
    for value in raw:
        named = [part.name for part in parts if not part.multiple and isinstance(value, str)
                 and part.options.resolve(value) is not None]
        owners.append(named[0] if len(named) == 1 else None)
    if None in owners or len(set(owners)) != len(owners):
        return ordered
    return dict(zip(owners, raw))


def quiz_probe(answer_name: str, parts: Sequence[Part]) -> Callable[[Mapping[str, Any], Case], dict[str, Any]]:
    """The probe of a quiz: the options the learner's answer to the case's item names.

    It holds the parts (the options and their spellings), never the items' answers;
    the case says which parts its item asks (``kwargs["parts"]``).
    """
    return parts_quiz_probe(answer_name, [_part_to_plain(part) for part in parts])


def _part_to_plain(part: Part) -> dict[str, Any]:
    return {"name": part.name, "label": part.label.to_plain(), "multiple": part.multiple,
            "options": [{"key": option.key, "name": option.name.to_plain(),
                         "spellings": list(option.spellings)} for option in part.options.options]}


def _part_from_plain(data: Mapping[str, Any]) -> Part:
    return Part(name=str(data["name"]), label=Text.from_plain(data["label"]),
                multiple=bool(data.get("multiple")),
                options=OptionSet([Option(str(option["key"]), Text.from_plain(option["name"]),
                                          tuple(str(spelling) for spelling in option.get("spellings") or ()))
                                   for option in data["options"]]))


@probe_factory
def parts_quiz_probe(answer_name: str, plain_parts: Sequence[Mapping[str, Any]]
                     ) -> Callable[[Mapping[str, Any], Case], dict[str, Any]]:
    """:func:`quiz_probe` made from plain data (the parts as :func:`_part_to_plain` writes them)."""
    parts = [_part_from_plain(part) for part in plain_parts]
    by_name = {part.name: part for part in parts}

    def probe(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        given = answers[answer_name]
        if not isinstance(given, Mapping):
            return {"problem": "not_dict", "value": described(given)}
        raw = _lookup(given, case.kwargs["item"])
        if raw is _MISSING:
            return {"problem": "missing", "value": None}
        if _blank(raw):
            return {"problem": "blank", "value": None}
        asked = [by_name[name] for name in case.kwargs["parts"]]
        if len(parts) == 1 or (len(asked) == 1 and not isinstance(raw, (Mapping, str, list, tuple))):
            split: dict[str, Any] | None = {asked[0].name: raw}
        else:
            split = _split_parts(raw, asked, parts)
        if split is None:
            return {"problem": "not_parts", "value": repr(raw)[:80]}
        read: dict[str, Any] = {}
        missing: list[str] = []
        for part in asked:
            if part.name not in split or _blank(split[part.name]):
                missing.append(part.name)
                continue
            one = _read_part(split[part.name], part)
            if "problem" in one:
                return one
            read[part.name] = one["value"]
        if not read:
            return {"problem": "part_missing", "part": asked[0].name, "value": None}
        # A part left out is judged with the others, so that what is reported about it
        # never tells which parts an item asks (that would give a tier away).
        return {"value": read, "missing": missing}

    return probe


# ------------------------------------------------------------------------- the facts


def _allowed(bank: ItemBank, part_name: str | None) -> Text:
    part = bank.part(part_name) if part_name else bank.parts[0]
    return part.options.listing()


def _example(bank: ItemBank) -> str:
    item = bank.items[0]
    return f"{{{item.key!r}: {written_answer(bank, item, {p: (bank.part(p).options.keys[0],) for p in item.answer})!r}, ...}}"


def _problem(bank: ItemBank, answer_name: str, observed: Mapping[str, Any], case: Case) -> Message:
    problem, given, part = observed["problem"], reworded(observed.get("value")), observed.get("part")
    key = case.kwargs["item"]
    part_label = bank.part(part).label if part else Text(en="", fr="")
    if problem == "not_dict":
        return message(Text(
            en="Answer with a dict that maps each item's key to your answer, e.g. `{name} = {example}`; "
               "`{name}` is {given}.",
            fr="Répondez par un dictionnaire qui associe à la clé de chaque question votre réponse, par "
               "exemple `{name} = {example}`\u202f; `{name}` est {given}."),
            name=answer_name, example=_example(bank), given=given)
    if problem == "missing":
        return message(Text(en="No answer for this item: add the key `{key}` to `{name}`.",
                            fr="Pas de réponse à cette question\u202f: ajoutez la clé `{key}` à `{name}`."),
                       key=key, name=answer_name)
    if problem in ("blank", "part_missing"):
        where = Text(en="", fr="") if problem == "blank" else Text(en=" ({label})", fr=" ({label})")
        return message(Text(en="Not answered yet{where}: replace None by your answer. Allowed: {allowed}.",
                            fr="Pas encore de réponse{where}\u202f: remplacez None par votre réponse. "
                               "Possibles\u202f: {allowed}."),
                       where=message(where, label=part_label), allowed=_allowed(bank, part))
    if problem == "not_parts":
        names = ", ".join(f'"{p}"' for p in case.kwargs["parts"])
        return message(Text(en="This item asks for {count} answers ({names}): write a dict such as "
                               "{example} or a tuple in that order. Got {given}.",
                            fr="Cette question demande {count} réponses ({names})\u202f: écrivez un "
                               "dictionnaire comme {example} ou un tuple dans cet ordre. Reçu {given}."),
                       count=len(case.kwargs["parts"]), names=names, given=given,
                       example="{" + f'"{case.kwargs["parts"][0]}": ...' + "}")
    if problem == "not_list":
        return message(Text(en="For \"{label}\", give a list of options, e.g. [\"...\", \"...\"]; got {given}.",
                            fr="Pour «\u202f{label}\u202f», donnez une liste d'options, par exemple "
                               "[\"...\", \"...\"]\u202f; reçu {given}."), label=part_label, given=given)
    if problem == "not_text":
        return message(Text(en="Write each answer as text between quotes, such as \"{first}\", not {given}.",
                            fr="Écrivez chaque réponse comme un texte entre guillemets, par exemple "
                               "\"{first}\", et non {given}."),
                       first=(bank.part(part) if part else bank.parts[0]).options.keys[0], given=given)
    # An unknown word is not yet an answer: it is not marked wrong, and the expected option
    # is not given away (only the list of those allowed).
    return message(Text(en="Not answered yet: \"{given}\" is not one of the options. Write one of: {allowed}.",
                        fr="Pas encore de réponse\u202f: «\u202f{given}\u202f» ne fait pas partie des options. "
                           "Écrivez l'une de celles-ci\u202f: {allowed}."), given=given, allowed=_allowed(bank, part))


def _names(part: Part, keys: Sequence[str], language_joiner: str = ", ") -> Text:
    names = [part.options.name(key) for key in keys] or [Text(en="nothing", fr="rien")]
    return Text(en=language_joiner.join(f'"{name.en}"' for name in names),
                fr=language_joiner.join(f"«\u202f{name.fr}\u202f»" for name in names))


def _right(expected: Mapping[str, Sequence[str]], part: Part, got: Any) -> bool:
    accepted = list(expected[part.name])
    return sorted(got) == sorted(accepted) if part.multiple else got in accepted


def item_facts(bank: ItemBank, answer_name: str) -> tuple[Fact, ...]:
    """The facts of one item: the answer can be read, and every part of it is right."""

    def readable(observed: Any, expected: Any, case: Case) -> bool:
        return "problem" not in observed

    def right(observed: Any, expected: Any, case: Case) -> bool:
        return not observed.get("missing") and all(_right(case.private["answer"], bank.part(name), value)
                                                   for name, value in observed["value"].items())

    def problem(observed: Any, expected: Any, case: Case) -> Message:
        return _problem(bank, answer_name, observed, case)

    def wrong(observed: Any, expected: Any, case: Case) -> Message:
        item = bank.item(case.kwargs["item"])
        show = case.private.get("show_expected", True)
        pieces: list[Message] = []
        for name, value in observed["value"].items():
            part = bank.part(name)
            if _right(case.private["answer"], part, value):
                continue
            given = list(value) if part.multiple else [value]
            said = item.wrong.get(given[0]) if not part.multiple else None
            label = part.label if not bank.single else None
            if show:
                template = Text(en="{label}you answered {given}; the expected answer is {right}.",
                                fr="{label}vous avez répondu {given}\u202f; la réponse attendue est {right}.")
                pieces.append(message(template, label=message(Text(en="{l}: ", fr="{l}\u202f: "), l=label)
                                      if label else "", given=_names(part, given),
                                      right=_names(part, case.private["answer"][name][:1] if not part.multiple
                                                   else case.private["answer"][name])))
            else:
                template = Text(en="{label}{given} is not the expected answer.",
                                fr="{label}{given} n'est pas la réponse attendue.")
                pieces.append(message(template, label=message(Text(en="{l}: ", fr="{l}\u202f: "), l=label)
                                      if label else "", given=_names(part, given)))
            if said is not None:
                pieces.append(message(said))
        if not pieces:
            # Every part given is right: only then is it safe to say which part is missing.
            for name in observed.get("missing", ()):
                part = bank.part(name)
                pieces.append(message(Text(en="This item also asks for \"{label}\": add one of {allowed}.",
                                           fr="Cette question demande aussi «\u202f{label}\u202f»\u202f: "
                                              "ajoutez l'une de ces réponses\u202f: {allowed}."),
                                      label=part.label, allowed=part.options.listing()))
            return message(Text(en=" ".join("{p%d}" % i for i in range(len(pieces))),
                                fr=" ".join("{p%d}" % i for i in range(len(pieces)))),
                           **{f"p{i}": piece for i, piece in enumerate(pieces)})
        if show:
            pieces.append(message(item.explanation))
            if item.source:
                pieces.append(message(Text(en="(Source: {source}.)", fr="(Source\u202f: {source}.)"),
                                      source=item.source))
        else:
            pieces.append(message(Text(en="Reread the situation and the hints, then try again.",
                                       fr="Relisez la situation et les indices, puis réessayez.")))
        template = Text(en=" ".join("{p%d}" % i for i in range(len(pieces))),
                        fr=" ".join("{p%d}" % i for i in range(len(pieces))))
        return message(template, **{f"p{i}": piece for i, piece in enumerate(pieces)})

    return (Fact("readable", readable, problem), Fact("right", right, wrong))


# ------------------------------------------------------------------------- variants


def _listing(bank: ItemBank, keys: Sequence[str], language: str) -> str:
    colon = "\u202f:" if language == "fr" else ":"
    lines = []
    for number, key in enumerate(keys, 1):
        item = bank.item(key)
        lines.append(f"{number}. `{key}`{colon} {getattr(item.text, language)}")
    return "\n".join(lines)


def first_answer(bank: ItemBank) -> Callable[[Item], Any]:
    """The default stratum of an item: its (first) right answer to the bank's first part."""
    first = bank.parts[0].name
    return lambda item: item.answer.get(first, ("",))[0]


def stratified_sample(bank: ItemBank, rng: np.random.Generator, count: int,
                      domains: Sequence[str] | None = None,
                      stratum: Callable[[Item], Any] | None = None) -> list[str]:
    """`count` item keys, spread over the strata, in a random order.

    An item's stratum is ``stratum(item)``, by default its right answer to the first part;
    the strata take turns, so that a sample at least as large as their number meets each.
    """
    pool = bank.keys(domains)
    if not pool:
        return []
    stratum = stratum or first_answer(bank)
    strata: dict[Any, list[str]] = {}
    for key in pool:
        strata.setdefault(stratum(bank.item(key)), []).append(key)
    queues = [[group[int(i)] for i in rng.permutation(len(group))] for group in strata.values()]
    chosen: list[str] = []
    while len(chosen) < min(count, len(pool)):
        for queue in [queues[int(i)] for i in rng.permutation(len(queues))]:
            if queue and len(chosen) < count:
                chosen.append(queue.pop())
    return [chosen[int(i)] for i in rng.permutation(len(chosen))]


def changes(alter: Callable[[Item], Mapping[str, Sequence[str]]]) -> Callable[[Item], bool]:
    """Whether a mistake's `alter` gives `item` another answer than the right one."""
    def changed(item: Item) -> bool:
        altered = alter(item)
        return any(tuple(altered.get(part, ())) != tuple(keys) for part, keys in item.answer.items())

    return changed


def covering_sample(bank: ItemBank, rng: np.random.Generator, count: int,
                    groups: Sequence[Callable[[Item], bool]], per_group: int = 2) -> list[str]:
    """`count` item keys holding at least `per_group` items of each group, in a random order.

    A declared mistake must fail on every student's sample: with the group of the
    items it gets wrong (see :func:`changes`) among `groups`, each student meets
    enough of them. An item counts for every group it belongs to, and items that fill
    several groups at once are drawn more often, so that the groups fit in `count`
    (after a few draws, the items that fill the most groups are taken first); the
    rest of the sample is :func:`stratified_sample`'s. When the groups cannot fit in
    `count` items, the sample holds more.
    """
    members = [{item.key for item in bank.items if belongs(item)} for belongs in groups]

    def draw(greedy: bool) -> list[str]:
        chosen: list[str] = []
        for index, pool in enumerate(members):
            while len(pool & set(chosen)) < per_group and pool - set(chosen):
                free = sorted(pool - set(chosen))
                later = [members[j] for j in range(index + 1, len(members))
                         if len(members[j] & set(chosen)) < per_group]
                overlap = np.array([sum(key in other for other in later) for key in free], dtype=float)
                if greedy:
                    best = [key for key, o in zip(free, overlap) if o == overlap.max()]
                    chosen.append(best[int(rng.integers(len(best)))])
                else:
                    weights = 1.0 + 2.0 * overlap
                    chosen.append(free[int(rng.choice(len(free), p=weights / weights.sum()))])
        return chosen

    chosen = draw(greedy=False)
    for attempt in range(12):
        if len(chosen) <= count:
            break
        chosen = draw(greedy=attempt == 11)
    if len(chosen) < count:
        spread = stratified_sample(bank, rng, count)
        others = [item.key for item in bank.items if item.key not in spread]
        for key in spread + [others[int(i)] for i in rng.permutation(len(others))]:
            if len(chosen) >= count:
                break
            if key not in chosen:
                chosen.append(key)
    return [chosen[int(i)] for i in rng.permutation(len(chosen))]


def quiz_variant(bank: ItemBank, n_items: int, pass_score: float,
                 sample: Callable[[np.random.Generator], list[str]] | None = None,
                 stratum: Callable[[Item], Any] | None = None) -> Callable[..., dict[str, Any]]:
    """A student's items: `sample(rng)` by default, or as the course's settings ask."""
    def variant(rng: np.random.Generator, settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
        settings = settings or {}
        domains, count = settings.get("domains"), settings.get("items")
        if sample is not None and not domains and not count:
            keys = sample(rng)
        else:
            keys = stratified_sample(bank, rng, int(count or n_items), domains, stratum)
        return {"items": keys, "n_items": len(keys),
                "pass_count": math.ceil(pass_score * len(keys) - 1e-9),
                "show_expected": bool(settings.get("show_expected", True)),
                "items_en": _listing(bank, keys, "en"), "items_fr": _listing(bank, keys, "fr")}

    return variant


def quiz_cases(bank: ItemBank) -> Callable[[Mapping[str, Any], np.random.Generator], list[Case]]:
    def cases(params: Mapping[str, Any], rng: np.random.Generator) -> list[Case]:
        made = []
        for key in params["items"]:
            item = bank.item(key)
            parts = [part.name for part in bank.parts if part.name in item.answer]
            made.append(Case(key, kwargs={"item": key, "parts": parts}, label=item.text,
                             private={"answer": {name: list(keys) for name, keys in item.answer.items()},
                                      "show_expected": params.get("show_expected", True)}))
        return made

    return cases


def quiz_questions(bank: ItemBank, mistakes: Sequence[Mistake] = ()
                   ) -> Callable[[Mapping[str, Any]], list[ChoiceQuestion]]:
    """The items of a variant as LMS questions, one per item and part asked.

    A wrong option's feedback is what the item says of it, else the feedback of the
    declared mistake that answers the item with it.
    """
    def questions(params: Mapping[str, Any]) -> list[ChoiceQuestion]:
        made = []
        for key in params["items"]:
            item = bank.item(key)
            for part in bank.parts:
                if part.name not in item.answer:
                    continue
                feedback: dict[str, Text] = {}
                for mistake in mistakes:
                    written = mistake.answer.get(key) if isinstance(mistake.answer, Mapping) else None
                    chosen = written if bank.single else (written or {}).get(part.name) \
                        if isinstance(written, Mapping) else None
                    if isinstance(chosen, str) and chosen not in item.answer[part.name]:
                        feedback.setdefault(chosen, mistake.feedback)
                feedback.update({option: text for option, text in item.wrong.items()
                                 if option in part.options.keys})
                text = item.text if bank.single else Text(en=f"{item.text.en}\n\n{part.label.en}?",
                                                          fr=f"{item.text.fr}\n\n{part.label.fr}\u202f?")
                made.append(ChoiceQuestion(
                    key=key if bank.single else f"{key}.{part.name}", text=text, options=part.options,
                    answer=tuple(item.answer[part.name]), multiple=part.multiple,
                    explanation=item.explanation, feedback=feedback, category=item.domain,
                    group=key, source=item.source, label=part.label))
        return made

    return questions


def quiz_exercise(bank: ItemBank, *, id: str, answer_name: str, n_items: int = 8,
                  pass_score: float = 0.8, mistakes: Sequence[Mistake] = (),
                  sample: Callable[[np.random.Generator], list[str]] | None = None,
                  stratum: Callable[[Item], Any] | None = None,
                  **declaration: Any) -> Exercise:
    """A choice exercise over `bank`: each student answers a sample of its items.

    `sample(rng)` picks a student's item keys (default: :func:`stratified_sample` of
    `n_items`, over the strata `stratum(item)` names, by default the right answers); the
    course's ``domains`` and ``items`` settings override `sample`, never `stratum`. The
    statement may use ``{items_en}``/``{items_fr}`` (the numbered items), ``{n_items}``
    and ``{pass_count}``. Other keywords are the :class:`Exercise`'s own.
    """
    declaration.setdefault("module", id.split(".")[0])
    declaration.setdefault("audience", ("all",))
    declaration.setdefault("dataset", bank.name)
    return Exercise(
        id=id, answer_name=answer_name, kind="choice",
        reference=QuizAnswers(bank),
        cases=quiz_cases(bank),
        variant=quiz_variant(bank, n_items, pass_score, sample, stratum),
        probe=quiz_probe(answer_name, bank.parts),
        facts=item_facts(bank, answer_name),
        compare_values=False,
        pass_score=pass_score,
        mistakes=tuple(mistakes),
        questions=declaration.pop("questions", None) or quiz_questions(bank, mistakes),
        **declaration,
    )


# ------------------------------------------------------------------------- a bank file as a quiz

_BANK_HINTS = (
    Text(en="Read each situation again: who uses the system, and for what decision or purpose?",
         fr="Relisez chaque situation\u202f: qui utilise le système, et pour quelle décision ou quel but\u202f?"),
    Text(en="Rule out the options that clearly do not fit, then compare the ones that are left.",
         fr="Écartez les options qui ne conviennent manifestement pas, puis comparez celles qui restent."),
    Text(en="The feedback on an item you got wrong cites its source: read it before you try again.",
         fr="Le retour sur une question manquée cite sa source\u202f: lisez-la avant de réessayer."),
)


def _options_listing(bank: ItemBank, language: str) -> str:
    colon = "\u202f:" if language == "fr" else ":"
    lines = []
    for part in bank.parts:
        names = ", ".join(f"`{option.key}` ({getattr(option.name, language)})" for option in part.options.options)
        several = {"en": " (several together: a list)", "fr": " (plusieurs ensemble\u202f: une liste)"}[language]
        lines.append(f"- {getattr(part.label, language)}{several if part.multiple else ''}{colon} {names}")
    return "\n".join(lines)


def _one_option_everywhere(bank: ItemBank) -> tuple[Mistake, ...]:
    """The mistake of a bank with no declared ones: one option of the first part for every item."""
    part = bank.parts[0]
    made = []
    for option in part.options.options:
        if all(part.name in item.answer and option.key in item.answer[part.name] for item in bank.items):
            continue  # the right answer everywhere: not a mistake
        feedback = Text(
            en=f'You answered "{option.name.en}" for every item, as if one option fitted every situation. '
               "Read the items one by one and ask, for each, which option describes it.",
            fr=f"Vous avez répondu «\u202f{option.name.fr}\u202f» à toutes les questions, comme si une option "
               "convenait à toutes les situations. Reprenez les questions une à une et demandez-vous, pour "
               "chacune, quelle option la décrit.")
        made.append(Mistake(f"always_{option.key}", feedback, QuizAnswers(bank, replace_option(part.name, option.key))))
    return tuple(made)


def bank_quiz(bank: ItemBank | str | Any, *, id: str | None = None, answer_name: str | None = None,
              n_items: int | None = None, pass_score: float = 0.8, **declaration: Any) -> Exercise:
    """A choice exercise over a bank file (or a loaded :class:`ItemBank`), with generic texts.

    What ``caire bank check FILE`` proves and what an assignment entry ``bank = "FILE"`` uses:
    the id is ``bank.<name>`` and the answer's name the bank's name, unless given; the
    statement lists the student's items and the options in both languages; the three
    hints say how to work, never the answer.
    """
    from caire_exercises.authoring.banks import load_bank

    if not isinstance(bank, ItemBank):
        bank = load_bank(bank)
    name = answer_name or bank.name
    example = _example(bank)
    statement = Text(
        en="Answer each item below with one of the options.\n\n{items_en}\n\n**Options**\n\n"
           + _options_listing(bank, "en")
           + f"\n\nWrite your answers as one assignment, an option in English or in French for each item:\n\n"
             f"```python\n{name} = {example}\n```",
        fr="Répondez à chaque question ci-dessous par l'une des options.\n\n{items_fr}\n\n**Options**\n\n"
           + _options_listing(bank, "fr")
           + f"\n\nÉcrivez vos réponses en une seule affectation, une option en français ou en anglais pour "
             f"chaque question\u202f:\n\n```python\n{name} = {example}\n```")
    declaration.setdefault("title", bank.title)
    declaration.setdefault("statement", statement)
    declaration.setdefault("hints", _BANK_HINTS)
    declaration.setdefault("module", "bank")
    declaration.setdefault("teacher_notes", Text(
        en=f"A quiz written as an item bank ({bank.name}, {len(bank)} items). Debrief: which items split the "
           "class, and what in their wording led to the wrong options?",
        fr=f"Un quiz écrit comme une banque de questions ({bank.name}, {len(bank)} questions). Débriefing\u202f: "
           "quelles questions ont divisé la classe, et qu'est-ce qui, dans leur formulation, menait aux "
           "mauvaises options\u202f?"))
    declaration.setdefault("minutes", 10)
    declaration.setdefault("tags", ("quiz", "bank"))
    declaration.setdefault("mistakes", _one_option_everywhere(bank))
    # An LMS question's wrong option is explained by the item itself, not by "every item" mistakes.
    declaration.setdefault("questions", quiz_questions(bank, ()))
    return quiz_exercise(bank, id=id or f"bank.{bank.name}", answer_name=name,
                         n_items=n_items or min(8, len(bank)), pass_score=pass_score, **declaration)
