"""Assignments: a teacher's choice of exercises, shared by ``caire notebook`` and ``caire grade``.

An assignment file is TOML::

    title = "TP 1: NumPy"
    language = "fr"                      # language of notebooks and feedback
    secret_env = "CAIRE_COURSE_SECRET"   # where the grader reads the course secret
    solutions = false                    # whether learners may call ex.solution()
    hints = true
    intro = "Markdown shown at the top of the notebook"

    max_hints = 2                        # course settings, for every exercise (optional):
    show_expected = true                 # domains, items, show_expected, max_hints

    [[exercises]]
    id = "numpy.zscore"
    points = 2
    before = "Optional teacher's Markdown put before this exercise"
    after = "Optional Markdown put after it"

    [[exercises]]
    id = "literacy.which_ai"
    domains = ["health"]                 # a quiz: only the items of these domains (and "all")
    items = 6                            # how many items each student answers
    show_expected = false                # a wrong item does not show the expected answer

    [[exercises]]
    bank = "my_quiz.yaml"                # a quiz written as an item bank file (caire bank check)

>>> a = Assignment.from_ids(["numpy.zscore"], title="Demo")
>>> a.exercise_ids
['numpy.zscore']
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caire_exercises.model.errors import GradingError
from caire_exercises.teacher.roster import read_roster  # noqa: F401 - its home before
from caire_exercises.model.i18n import N_, _normalise_language, translate


@dataclass(frozen=True)
class AssignmentItem:
    """One exercise of an assignment, with its points and the teacher's text around it."""

    id: str
    points: float = 1.0
    before: str = ""
    after: str = ""
    settings: tuple[tuple[str, Any], ...] = ()
    bank: str = ""


@dataclass(frozen=True)
class Assignment:
    """A titled list of exercises with points, a language, and the course's settings."""

    title: str
    items: tuple[AssignmentItem, ...]
    language: str = "en"
    secret_env: str = "CAIRE_COURSE_SECRET"
    solutions: bool = False
    hints: bool = True
    intro: str = ""
    source: str | None = field(default=None, compare=False)
    settings: tuple[tuple[str, Any], ...] = ()

    @property
    def exercise_ids(self) -> list[str]:
        return [item.id for item in self.items]

    @property
    def max_points(self) -> float:
        return sum(item.points for item in self.items)

    def secret(self, explicit: str | None = None) -> str:
        """The course secret: `explicit`, else the environment variable the assignment names."""
        return explicit if explicit is not None else os.environ.get(self.secret_env, "")

    def exercises(self, student: str | None = None) -> list[Any]:
        """The exercises, bound to `student`'s variant, with the assignment's points."""
        from dataclasses import replace

        from caire_exercises.engine.registry import registry

        found = registry()
        made = []
        for item in self.items:
            base = bank_exercise(item.bank) if item.bank else found.get(item.id)
            configured = base.with_settings(**self.settings_of(item))
            made.append(replace(configured.for_student(student), points=item.points))
        return made

    def settings_of(self, item: AssignmentItem) -> dict[str, Any]:
        """The course settings of `item`: the assignment's, overridden by the entry's own."""
        return {**dict(self.settings), **dict(item.settings)}

    def validate(self) -> None:
        """Raise :class:`~caire_exercises.UnknownExerciseError` for an id the registry lacks."""
        from caire_exercises.engine.registry import registry

        found = registry()
        for item in self.items:
            if not item.bank:
                found.get(item.id)

    def write_notebooks(self, out: str | Path, *, students: Sequence[str] | None = None,
                        language: str | None = None) -> Any:
        """Write the student notebook(s) and the teacher's notebook under `out`.

        The same as ``caire notebook --assignment``: see
        :func:`caire_exercises.teacher.notebooks.write_assignment_notebooks`.
        """
        from caire_exercises.teacher.notebooks import write_assignment_notebooks

        return write_assignment_notebooks(self, out, students=students, language=language)

    @classmethod
    def from_ids(cls, ids: Sequence[str], *, title: str = "Assignment", language: str = "en",
                 points: float = 1.0, **settings: Any) -> Assignment:
        items = tuple(AssignmentItem(id=i.strip(), points=points) for i in ids if i.strip())
        return cls(title=title, items=items, language=language, **settings)

    @classmethod
    def from_file(cls, path: str | Path) -> Assignment:
        """Read an assignment file; a bad file raises :class:`GradingError` saying what is wrong.

        The file is UTF-8 (with or without a byte-order mark). Every mistake is
        reported with the file's name, in the file's language when it names
        one, else in the language in force.
        """
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise GradingError(translate(_MESSAGES["unreadable"], None, where=str(path),
                                         error=error.strerror or str(error))) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GradingError(translate(_MESSAGES["not_utf8"], _language_hint(raw),
                                         where=str(path))) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise GradingError(translate(_MESSAGES["not_toml"], _language_hint(raw), where=str(path),
                                         error=str(error))) from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Assignment:
        """Build an assignment from the parsed TOML; a mistake raises :class:`GradingError`."""
        return _Reader(data, source).assignment()


def bank_exercise(path: str, text: str | None = None) -> Any:
    """The quiz an assignment entry ``bank = "FILE"`` names (`text`: the file's content, if read already)."""
    from caire_exercises.authoring.banks import load_bank
    from caire_exercises.authoring.quiz import bank_quiz

    return bank_quiz(load_bank(path, text=text))


# ----------------------------------------------------------------- reading a file

#: What a course may set for a quiz, for the whole assignment or one exercise.
COURSE_SETTINGS = ("domains", "items", "show_expected", "max_hints")
SETTINGS = ("title", "language", "secret_env", "solutions", "hints", "intro", *COURSE_SETTINGS, "exercises")
ITEM_KEYS = ("id", "bank", "points", "before", "after", *COURSE_SETTINGS)

# The file's problems, in the catalogue (model/locale/fr.po) like every message of the library.
_MESSAGES = {
    "unreadable": N_("Cannot read the assignment file {where}: {error}."),
    "not_utf8": N_("The assignment file {where} is not UTF-8: save it again as UTF-8 text."),
    "not_toml": N_("The assignment file {where} is not valid TOML: {error}"),
    "not_table": N_("{where} must be a TOML document of settings and [[exercises]] entries."),
    "unknown_key": N_("{where}: unknown setting '{key}'{suggestion}. The settings are: {known}."),
    "unknown_item_key": N_("{where}: exercise {number} ({id}) has an unknown key '{key}'{suggestion}. An "
                           "exercise takes: {known}."),
    "did_you_mean": N_(" (did you mean '{close}'?)"),
    "inline_secret": N_("{where}: do not write the course secret in the assignment file (it travels "
                        "with the course material). Set the environment variable CAIRE_COURSE_SECRET "
                        "(or the one named by secret_env) when you grade, or pass --secret to caire "
                        "grade."),
    "secret_env": N_("{where}: secret_env names an environment variable (letters, digits and _), "
                     "such as CAIRE_COURSE_SECRET, not the secret itself; {value} cannot be one."),
    "no_exercises": N_("{where} names no exercise: add at least one entry\n\n[[exercises]]\nid = "
                       '"numpy.zscore"\npoints = 2\n\n(`caire list` shows the exercise ids).'),
    "exercises_list": N_("{where}: exercises must be a list of [[exercises]] entries (two brackets), "
                         "not {kind}."),
    "no_id": N_('{where}: exercise {number} has no id (write id = "numpy.zscore", for example).'),
    "duplicate": N_("{where}: the exercise {id} is listed twice (exercises {first} and {second})."),
    "points": N_("{where}: exercise {id} has points = {value}; points must be a number greater "
                 "than 0, written without quotes and with a dot for decimals (points = 1.5)."),
    "no_title": N_('{where} has no title: add a line such as title = "TP 1: NumPy" at the top. '
                   "The title names the assignment in the gradebook and in the exports."),
    "language": N_('{where}: language must be "fr" or "en", not {value}.'),
    "boolean": N_("{where}: {key} must be true or false (without quotes), not {value}."),
    "text": N_("{where}: {key} must be text between quotes, not {value}."),
    "domains": N_('{where}: domains must be a list out of {known}, such as domains = ["health"]; '
                  "{value} is not one of them."),
    "count": N_("{where}: {key} must be a whole number, {minimum} or more, written without quotes "
                "({key} = 6), not {value}."),
    "bank": N_("{where}: the item bank of exercise {number} cannot be used:\n{problems}"),
    "id_and_bank": N_("{where}: exercise {number} names both an id and a bank file; keep one of them."),
}

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _language_hint(raw: bytes) -> str | None:
    """The language a file declares (``language = "fr"``), read without parsing it, or None."""
    found = re.search(rb"""^\s*language\s*=\s*["']([A-Za-z_-]+)["']""", raw, flags=re.MULTILINE)
    return _normalise_language(found.group(1).decode("ascii")) if found else None


def _toml(value: Any) -> str:
    """`value` as the teacher wrote it in TOML (roughly), for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "{...}"
    return repr(value) if not isinstance(value, (int, float)) else str(value)


class _Reader:
    """Checks a parsed assignment file key by key and builds the :class:`Assignment`."""

    def __init__(self, data: Any, source: str | None) -> None:
        self.data = data
        self.where = source or "the assignment"
        language = data.get("language", "en") if isinstance(data, dict) else None
        self.language = _normalise_language(language) if isinstance(language, str) else None

    def fail(self, message: str, **values: Any) -> GradingError:
        return GradingError(translate(_MESSAGES[message], self.language, where=self.where, **values))

    def _suggestion(self, key: str, known: Sequence[str]) -> str:
        close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
        return translate(_MESSAGES["did_you_mean"], self.language, close=close[0]) if close else ""

    def assignment(self) -> Assignment:
        data = self.data
        if not isinstance(data, dict):
            raise self.fail("not_table")
        if "secret" in data or "course_secret" in data:
            raise self.fail("inline_secret")
        for key in data:
            if key not in SETTINGS:
                raise self.fail("unknown_key", key=key, suggestion=self._suggestion(key, SETTINGS),
                                known=", ".join(SETTINGS))
        items = self.items(data.get("exercises"))
        title = data.get("title")
        if title is None:
            raise self.fail("no_title")
        title = self.text("title", title).strip()
        if not title:
            raise self.fail("no_title")
        language = data.get("language", "en")
        if not isinstance(language, str) or self.language is None:
            raise self.fail("language", value=_toml(language))
        secret_env = self.text("secret_env", data.get("secret_env", "CAIRE_COURSE_SECRET")).strip()
        if not _ENV_NAME.fullmatch(secret_env):
            raise self.fail("secret_env", value=_toml(secret_env))
        return Assignment(title=title, items=items, language=self.language, secret_env=secret_env,
                          solutions=self.boolean("solutions", data.get("solutions", False)),
                          hints=self.boolean("hints", data.get("hints", True)),
                          intro=self.text("intro", data.get("intro", "")),
                          source=None if self.where == "the assignment" else self.where,
                          settings=self.course_settings(data))

    def course_settings(self, raw: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
        """The course settings written in `raw` (the file's top level or one entry), checked."""
        from caire_exercises.authoring.banks import DOMAINS

        found: dict[str, Any] = {}
        if "domains" in raw:
            value = raw["domains"]
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not value:
                raise self.fail("domains", known=", ".join(DOMAINS), value=_toml(raw["domains"]))
            for domain in value:
                if not isinstance(domain, str) or domain.strip().lower() not in DOMAINS:
                    close = self._suggestion(str(domain), DOMAINS)
                    raise self.fail("domains", known=", ".join(DOMAINS), value=_toml(domain) + close)
            found["domains"] = tuple(sorted({domain.strip().lower() for domain in value}))
        for key, minimum in (("items", 1), ("max_hints", 0)):
            if key in raw:
                value = raw[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                    raise self.fail("count", key=key, minimum=minimum, value=_toml(value))
                found[key] = value
        if "show_expected" in raw:
            found["show_expected"] = self.boolean("show_expected", raw["show_expected"])
        return tuple(sorted(found.items()))

    def items(self, raw_items: Any) -> tuple[AssignmentItem, ...]:
        if raw_items is None or (isinstance(raw_items, (list, dict)) and not raw_items):
            raise self.fail("no_exercises")
        if isinstance(raw_items, dict):
            raise self.fail("exercises_list", kind="[exercises]")
        if not isinstance(raw_items, list):
            raise self.fail("exercises_list", kind=_toml(raw_items))
        items: list[AssignmentItem] = []
        seen: dict[str, int] = {}
        for number, raw in enumerate(raw_items, 1):
            if isinstance(raw, str):
                raw = {"id": raw}
            if isinstance(raw, dict) and "bank" in raw:
                if "id" in raw:
                    raise self.fail("id_and_bank", number=number)
                raw = {**raw, "id": self.bank_id(raw["bank"], number)}
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].strip():
                raise self.fail("no_id", number=number)
            exercise_id = raw["id"].strip()
            for key in raw:
                if key not in ITEM_KEYS:
                    raise self.fail("unknown_item_key", number=number, id=exercise_id, key=key,
                                    suggestion=self._suggestion(key, ITEM_KEYS), known=", ".join(ITEM_KEYS))
            if exercise_id in seen:
                raise self.fail("duplicate", id=exercise_id, first=seen[exercise_id], second=number)
            seen[exercise_id] = number
            points = raw.get("points", 1)
            if (isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points)
                    or points <= 0):
                raise self.fail("points", id=exercise_id, value=_toml(points))
            items.append(AssignmentItem(id=exercise_id, points=float(points),
                                        before=self.text("before", raw.get("before", "")),
                                        after=self.text("after", raw.get("after", "")),
                                        settings=self.course_settings(raw),
                                        bank=self.bank_path(raw["bank"]) if "bank" in raw else ""))
        return tuple(items)

    def bank_path(self, value: Any) -> str:
        """A bank file named in the assignment: relative to the assignment file's folder."""
        path = Path(self.text("bank", value).strip())
        if not path.is_absolute() and self.where != "the assignment":
            path = Path(self.where).parent / path
        return str(path)

    def bank_id(self, value: Any, number: int) -> str:
        from caire_exercises.authoring.banks import BankError

        try:
            return str(bank_exercise(self.bank_path(value)).id)
        except BankError as error:
            raise self.fail("bank", number=number, problems=error.render(self.language)) from None

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail("boolean", key=key, value=_toml(value))
        return value

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail("text", key=key, value=_toml(value))
        return value
