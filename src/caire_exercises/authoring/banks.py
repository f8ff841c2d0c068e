"""Item banks written without Python: a YAML or CSV file of quiz items, read and validated.

A course designer writes a bank as a file and ``caire bank check FILE`` (or
:func:`load_bank`) says which line to fix; :func:`caire_exercises.authoring.quiz.quiz_exercise`
turns a bank into a choice exercise. The built-in quizzes are stored the same way,
under ``datasets/<bank>/``.

A YAML bank::

    bank: genai_limits                  # the bank's name (lower case, digits, underscores)
    title: {en: Generative AI failures, fr: Défaillances de l'IA générative}
    licence: CC0-1.0
    written: 2026-12-07
    options:                            # one question per item; or `parts:` for several
      - {key: hallucination, en: hallucination, fr: hallucination, spellings: [invention]}
      - {key: outdated_knowledge, en: outdated knowledge, fr: connaissances périmées}
    items:
      - key: legal_citation
        domain: business                # business, engineering, health or all
        text: {en: "...", fr: "..."}
        answer: hallucination           # a list: any of these is right
        explanation: {en: "...", fr: "..."}
        source: "optional citation"
        wrong:                          # optional: what a learner who picks an option is told
          outdated_knowledge: {en: "...", fr: "..."}

An item asked in several parts lists them under ``parts`` (each with ``name``, ``label``,
``options`` and ``multiple: true`` when several options are to be picked together), and
gives its ``answer`` as a mapping ``{part: option}``; a part an item does not ask is
simply left out of its answer.

A CSV bank has one row an item and the columns ``key, domain, text_en, text_fr,
answer, explanation_en, explanation_fr`` (``source`` optional); its options are
given by a first-row-only column pair ``options`` and ``options_fr`` (``|``-separated,
aligned), or are the answers themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caire_exercises.model.errors import CaireError
from caire_exercises.model.i18n import Text, resolve_language
from caire_exercises.model.questions import Option, OptionSet

DOMAINS = ("business", "engineering", "health", "all")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")


class BankError(CaireError, ValueError):
    """An item bank that cannot be used, with every problem found and the line to fix.

    Attributes
    ----------
    path : str
    problems : tuple of (int, Text)
        The line (1-based, 0 when the whole file is at fault) and what is wrong there.
    """

    def __init__(self, path: str, problems: Sequence[tuple[int, Text]]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(self.render())

    def render(self, language: str | None = None) -> str:
        lang = resolve_language(language)
        where = "ligne" if lang == "fr" else "line"
        lines = [f"{self.path}:" + (f" {where} {line}:" if line else "") + f" {text.render(lang)}"
                 for line, text in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Part:
    """A question asked of every item: its name, its label, its options."""

    name: str
    label: Text
    options: OptionSet
    multiple: bool = False


@dataclass(frozen=True)
class Item:
    """One situation of a bank, and its right answer for each part it asks."""

    key: str
    domain: str
    text: Text
    answer: Mapping[str, tuple[str, ...]]
    explanation: Text
    source: str = ""
    wrong: Mapping[str, Text] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class ItemBank:
    """A bank: its parts and its items, in file order."""

    name: str
    title: Text
    parts: tuple[Part, ...]
    items: tuple[Item, ...]
    licence: str = "CC0-1.0"
    written: str = ""
    path: str = ""

    @property
    def single(self) -> bool:
        """True when every item asks one question (its answer is written as one option)."""
        return len(self.parts) == 1

    def part(self, name: str) -> Part:
        return next(part for part in self.parts if part.name == name)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def keys(self, domains: Sequence[str] | None = None) -> list[str]:
        """The item keys, those of `domains` only when given (items for ``all`` always)."""
        return [item.key for item in self.items
                if not domains or item.domain == "all" or item.domain in domains]

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# ----------------------------------------------------------------------------- reading


class _Problems:
    def __init__(self) -> None:
        self.found: list[tuple[int, Text]] = []

    def add(self, line: int, en: str, fr: str) -> None:
        self.found.append((line, Text(en=en, fr=fr)))


class _Lined(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


def _yaml_data(text: str, problems: _Problems) -> Any:
    import yaml

    def convert(node: Any) -> Any:
        if isinstance(node, yaml.MappingNode):
            mapping = _Lined()
            mapping.line = node.start_mark.line + 1
            for key_node, value_node in node.value:
                mapping[convert(key_node)] = convert(value_node)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [convert(child) for child in node.value]
        return loader.construct_object(node, deep=True)

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else convert(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(mark.line + 1 if mark else 0, f"this is not valid YAML: {error}",
                     f"ce n'est pas du YAML valide\u202f: {error}")
        return None
    finally:
        loader.dispose()


def _text(value: Any, line: int, what: str, what_fr: str, problems: _Problems) -> Text | None:
    if isinstance(value, Mapping) and isinstance(value.get("en"), str) and isinstance(value.get("fr"), str) \
            and value["en"].strip() and value["fr"].strip():
        return Text(en=value["en"].strip(), fr=value["fr"].strip())
    problems.add(getattr(value, "line", line), f"{what} needs both `en` and `fr` texts, not empty",
                 f"{what_fr} demande un texte `en` et un texte `fr`, non vides")
    return None


def _options(raw: Any, line: int, problems: _Problems) -> OptionSet | None:
    if not isinstance(raw, list) or not raw:
        problems.add(line, "`options` must be a list of options, each with `key`, `en` and `fr`",
                     "`options` doit être une liste d'options, chacune avec `key`, `en` et `fr`")
        return None
    options = []
    for entry in raw:
        at = getattr(entry, "line", line)
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str) \
                or not _KEY.match(entry["key"]):
            problems.add(at, "an option needs a `key` (letters, digits, underscores)",
                         "une option demande une clé `key` (lettres, chiffres, tirets bas)")
            continue
        name = _text(entry, at, f"option `{entry['key']}`", f"l'option `{entry['key']}`", problems)
        spellings = entry.get("spellings", [])
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.add(at, "`spellings` must be a list of texts", "`spellings` doit être une liste de textes")
            spellings = []
        if name is not None:
            options.append(Option(entry["key"], name, tuple(spellings)))
    try:
        return OptionSet(options) if options else None
    except ValueError as error:
        problems.add(line, f"two options cannot be told apart: {error}",
                     f"deux options ne se distinguent pas\u202f: {error}")
        return None


def _answer(raw: Any, parts: Sequence[Part], line: int, problems: _Problems
            ) -> dict[str, tuple[str, ...]] | None:
    if len(parts) == 1 and not isinstance(raw, Mapping):
        raw = {parts[0].name: raw}
    if not isinstance(raw, Mapping) or not raw:
        problems.add(line, "`answer` must give an option for each part the item asks: "
                           f"{', '.join(part.name for part in parts)}",
                     "`answer` doit donner une option pour chaque partie que la question pose\u202f: "
                     f"{', '.join(part.name for part in parts)}")
        return None
    answer: dict[str, tuple[str, ...]] = {}
    names = {part.name: part for part in parts}
    for part_name, value in raw.items():
        part = names.get(part_name)
        if part is None:
            problems.add(line, f"`answer` names a part `{part_name}` the bank does not declare",
                         f"`answer` nomme une partie `{part_name}` que la banque ne déclare pas")
            continue
        keys = value if isinstance(value, list) else [value]
        if not keys or not all(isinstance(key, str) and key in part.options.keys for key in keys):
            problems.add(line, f"answer {value!r} is not among the options of `{part_name}`: "
                               f"{', '.join(part.options.keys)}",
                         f"la réponse {value!r} ne fait pas partie des options de `{part_name}`\u202f: "
                         f"{', '.join(part.options.keys)}")
            continue
        answer[part_name] = tuple(keys)
    return answer if len(answer) == len(raw) else None


def _items(raw: Any, parts: Sequence[Part], problems: _Problems) -> list[Item]:
    items: list[Item] = []
    seen: dict[str, int] = {}
    for entry in raw if isinstance(raw, list) else []:
        line = getattr(entry, "line", 0)
        if not isinstance(entry, Mapping):
            problems.add(line, "an item must be a mapping with `key`, `domain`, `text`, `answer`, "
                               "`explanation`",
                         "une question doit être une table avec `key`, `domain`, `text`, `answer`, "
                         "`explanation`")
            continue
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.add(line, "an item needs a `key` (letters, digits, underscores, hyphens)",
                         "une question demande une clé `key` (lettres, chiffres, tirets)")
            continue
        if key in seen:
            problems.add(line, f"the key `{key}` is already used on line {seen[key]}",
                         f"la clé `{key}` est déjà utilisée ligne {seen[key]}")
            continue
        seen[key] = line
        domain = entry.get("domain")
        if domain not in DOMAINS:
            problems.add(line, f"item `{key}`: `domain` must be one of {', '.join(DOMAINS)}, not {domain!r}",
                         f"question `{key}`\u202f: `domain` doit valoir l'un de {', '.join(DOMAINS)}, "
                         f"et non {domain!r}")
        text = _text(entry.get("text"), line, f"item `{key}`: `text`", f"question `{key}`\u202f: `text`", problems)
        explanation = _text(entry.get("explanation"), line, f"item `{key}`: `explanation`",
                            f"question `{key}`\u202f: `explanation`", problems)
        answer = _answer(entry.get("answer"), parts, line, problems)
        wrong: dict[str, Text] = {}
        for option, feedback in (entry.get("wrong") or {}).items():
            said = _text(feedback, line, f"item `{key}`: `wrong.{option}`", f"question `{key}`\u202f: "
                         f"`wrong.{option}`", problems)
            if said is not None:
                wrong[str(option)] = said
        source = entry.get("source", "")
        if text and explanation and answer is not None and domain in DOMAINS:
            items.append(Item(key, domain, text, answer, explanation, str(source or ""), wrong, line))
    if not seen:
        problems.add(0, "the bank has no `items`", "la banque n'a aucune question (`items`)")
    return items


def _bank_from_data(data: Any, path: str, problems: _Problems) -> ItemBank | None:
    if not isinstance(data, Mapping):
        problems.add(0, "a bank is a mapping with `bank`, `title`, `options` (or `parts`) and `items`",
                     "une banque est une table avec `bank`, `title`, `options` (ou `parts`) et `items`")
        return None
    name = data.get("bank")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.add(getattr(data, "line", 1), "`bank` must be a name in lower case (letters, digits, _)",
                     "`bank` doit être un nom en minuscules (lettres, chiffres, _)")
    title = _text(data.get("title"), 1, "`title`", "`title`", problems)
    parts: list[Part] = []
    if "parts" in data:
        for raw in data["parts"] if isinstance(data["parts"], list) else []:
            line = getattr(raw, "line", 0)
            if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str) \
                    or not _NAME.match(raw["name"]):
                problems.add(line, "a part needs a `name` in lower case", "une partie demande un nom `name` en minuscules")
                continue
            label = _text(raw.get("label"), line, f"part `{raw['name']}`: `label`",
                          f"partie `{raw['name']}`\u202f: `label`", problems)
            options = _options(raw.get("options"), line, problems)
            if label and options:
                parts.append(Part(raw["name"], label, options, bool(raw.get("multiple", False))))
    else:
        options = _options(data.get("options"), getattr(data, "line", 1), problems)
        if options:
            parts.append(Part("answer", title or Text(en="answer", fr="réponse"), options, bool(data.get("multiple", False))))
    if not parts:
        return None
    items = _items(data.get("items"), parts, problems)
    written = data.get("written", "")
    if isinstance(written, (dt.date, dt.datetime)):
        written = written.isoformat()[:10]
    if problems.found or title is None:
        return None
    return ItemBank(str(name), title, tuple(parts), tuple(items), str(data.get("licence", "CC0-1.0")),
                    str(written), path)


def _csv_data(text: str, problems: _Problems) -> Any:
    rows = csv.DictReader(text.splitlines())
    required = ("key", "domain", "text_en", "text_fr", "answer", "explanation_en", "explanation_fr")
    missing = [column for column in required if column not in (rows.fieldnames or [])]
    if missing:
        problems.add(1, f"missing column(s): {', '.join(missing)}", f"colonne(s) manquante(s)\u202f: "
                     f"{', '.join(missing)}")
        return None
    items, option_keys, option_fr = [], [], []
    for number, row in enumerate(rows, start=2):
        if not any((value or "").strip() for value in row.values()):
            continue
        if row.get("options"):
            option_keys = [key.strip() for key in row["options"].split("|")]
            option_fr = [name.strip() for name in (row.get("options_fr") or row["options"]).split("|")]
        entry = _Lined(key=(row["key"] or "").strip(), domain=(row["domain"] or "").strip(),
                       text=_Lined(en=row["text_en"] or "", fr=row["text_fr"] or ""),
                       answer=(row["answer"] or "").strip(),
                       explanation=_Lined(en=row["explanation_en"] or "", fr=row["explanation_fr"] or ""),
                       source=(row.get("source") or "").strip())
        entry.line = entry["text"].line = entry["explanation"].line = number
        items.append(entry)
    if not option_keys:
        option_keys = list(dict.fromkeys(entry["answer"] for entry in items))
        option_fr = option_keys
    if len(option_fr) != len(option_keys):
        problems.add(2, "`options` and `options_fr` must list as many options",
                     "`options` et `options_fr` doivent compter autant d'options")
        return None
    options = [_Lined(key=key, en=key.replace("_", " "), fr=fr) for key, fr in zip(option_keys, option_fr)]
    return _Lined(bank=None, title=None, options=options, items=items)


def load_bank(path: str | Path, *, name: str | None = None, title: Text | None = None) -> ItemBank:
    """The bank in the YAML or CSV file `path`, validated; :class:`BankError` lists every problem.

    A CSV file says neither its name nor its title: they come from `name` (default: the
    file's stem) and `title`.
    """
    source = Path(path)
    problems = _Problems()
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BankError(str(path), [(0, Text(en=f"cannot read the file: {error}",
                                             fr=f"impossible de lire le fichier\u202f: {error}"))]) from None
    if source.suffix.lower() == ".csv":
        data = _csv_data(text, problems)
        if data is not None:
            data["bank"] = name or re.sub(r"[^a-z0-9_]", "_", source.stem.lower())
            data["title"] = (title or Text(en=source.stem, fr=source.stem)).to_plain()
    else:
        data = _yaml_data(text, problems)
    bank = None if data is None else _bank_from_data(data, str(path), problems)
    if bank is None or problems.found:
        raise BankError(str(path), problems.found or [(0, Text(en="the bank could not be read",
                                                                fr="la banque n'a pas pu être lue"))])
    return bank
