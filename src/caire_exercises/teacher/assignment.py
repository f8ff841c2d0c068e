"""Assignments: a teacher's choice of exercises, shared by ``caire notebook`` and ``caire grade``.

An assignment file is TOML::

    title = "TP 1: NumPy"
    language = "fr"                      # language of notebooks and feedback
    secret_env = "CAIRE_COURSE_SECRET"   # where the grader reads the course secret
    solutions = false                    # whether learners may call ex.solution()
    hints = true
    intro = "Markdown shown at the top of the notebook"

    [[exercises]]
    id = "numpy.zscore"
    points = 2
    before = "Optional teacher's Markdown put before this exercise"
    after = "Optional Markdown put after it"

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
from caire_exercises.model.i18n import Text, _normalise_language


@dataclass(frozen=True)
class AssignmentItem:
    """One exercise of an assignment, with its points and the teacher's text around it."""

    id: str
    points: float = 1.0
    before: str = ""
    after: str = ""


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
        return [replace(found.get(item.id).for_student(student), points=item.points)
                for item in self.items]

    def validate(self) -> None:
        """Raise :class:`~caire_exercises.UnknownExerciseError` for an id the registry lacks."""
        from caire_exercises.engine.registry import registry

        found = registry()
        for item in self.items:
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
            raise GradingError(_MESSAGES["unreadable"].render(
                None, where=str(path), error=error.strerror or str(error))) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GradingError(_MESSAGES["not_utf8"].render(_language_hint(raw), where=str(path))) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise GradingError(_MESSAGES["not_toml"].render(_language_hint(raw), where=str(path),
                                                            error=str(error))) from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Assignment:
        """Build an assignment from the parsed TOML; a mistake raises :class:`GradingError`."""
        return _Reader(data, source).assignment()


# ----------------------------------------------------------------- reading a file

SETTINGS = ("title", "language", "secret_env", "solutions", "hints", "intro", "exercises")
ITEM_KEYS = ("id", "points", "before", "after")

_MESSAGES = {
    "unreadable": Text(en="Cannot read the assignment file {where}: {error}.",
                       fr="Impossible de lire le fichier du devoir {where} : {error}."),
    "not_utf8": Text(en="The assignment file {where} is not UTF-8: save it again as UTF-8 text.",
                     fr="Le fichier du devoir {where} n'est pas en UTF-8 : enregistrez-le de nouveau "
                        "en texte UTF-8."),
    "not_toml": Text(en="The assignment file {where} is not valid TOML: {error}",
                     fr="Le fichier du devoir {where} n'est pas du TOML valide : {error}"),
    "not_table": Text(en="{where} must be a TOML document of settings and [[exercises]] entries.",
                      fr="{where} doit être un document TOML fait de réglages et "
                         "d'entrées [[exercises]]."),
    "unknown_key": Text(en="{where}: unknown setting '{key}'{suggestion}. The settings are: {known}.",
                        fr="{where} : réglage inconnu '{key}'{suggestion}. "
                           "Les réglages possibles sont : {known}."),
    "unknown_item_key": Text(
        en="{where}: exercise {number} ({id}) has an unknown key '{key}'{suggestion}. "
           "An exercise takes: {known}.",
        fr="{where} : l'exercice {number} ({id}) a une clé inconnue '{key}'{suggestion}. "
           "Un exercice accepte : {known}."),
    "did_you_mean": Text(en=" (did you mean '{close}'?)", fr=" (vouliez-vous dire '{close}' ?)"),
    "inline_secret": Text(
        en="{where}: do not write the course secret in the assignment file (it travels with the "
           "course material). Set the environment variable CAIRE_COURSE_SECRET (or the one named by "
           "secret_env) when you grade, or pass --secret to caire grade.",
        fr="{where} : n'écrivez pas le secret du cours dans le fichier du devoir (il circule avec les "
           "supports du cours). Définissez la variable d'environnement CAIRE_COURSE_SECRET (ou celle "
           "que nomme secret_env) au moment de corriger, ou passez --secret à caire grade."),
    "secret_env": Text(
        en="{where}: secret_env names an environment variable (letters, digits and _), such as "
           "CAIRE_COURSE_SECRET, not the secret itself; {value} cannot be one.",
        fr="{where} : secret_env nomme une variable d'environnement (lettres, chiffres et _), par "
           "exemple CAIRE_COURSE_SECRET, et non le secret lui-même ; {value} ne peut pas en être une."),
    "no_exercises": Text(
        en="{where} names no exercise: add at least one entry\n\n[[exercises]]\nid = \"numpy.zscore\"\n"
           "points = 2\n\n(`caire list` shows the exercise ids).",
        fr="{where} ne nomme aucun exercice : ajoutez au moins une entrée\n\n[[exercises]]\n"
           "id = \"numpy.zscore\"\npoints = 2\n\n(`caire list` affiche les identifiants des exercices)."),
    "exercises_list": Text(
        en="{where}: exercises must be a list of [[exercises]] entries (two brackets), not {kind}.",
        fr="{where} : exercises doit être une liste d'entrées [[exercises]] (deux crochets), et non {kind}."),
    "no_id": Text(en="{where}: exercise {number} has no id (write id = \"numpy.zscore\", for example).",
                  fr="{where} : l'exercice {number} n'a pas d'identifiant (écrivez par exemple "
                     "id = \"numpy.zscore\")."),
    "duplicate": Text(en="{where}: the exercise {id} is listed twice (exercises {first} and {second}).",
                      fr="{where} : l'exercice {id} figure deux fois (exercices {first} et {second})."),
    "points": Text(en="{where}: exercise {id} has points = {value}; points must be a number greater "
                      "than 0, written without quotes and with a dot for decimals (points = 1.5).",
                   fr="{where} : l'exercice {id} a points = {value} ; les points doivent être un nombre "
                      "strictement positif, écrit sans guillemets et avec un point comme séparateur "
                      "décimal (points = 1.5)."),
    "no_title": Text(en="{where} has no title: add a line such as title = \"TP 1: NumPy\" at the top. "
                        "The title names the assignment in the gradebook and in the exports.",
                     fr="{where} n'a pas de titre : ajoutez en tête une ligne comme title = \"TP 1 : NumPy\". "
                        "Le titre désigne le devoir dans le carnet de notes et dans les exports."),
    "language": Text(en="{where}: language must be \"fr\" or \"en\", not {value}.",
                     fr="{where} : language doit valoir \"fr\" ou \"en\", et non {value}."),
    "boolean": Text(en="{where}: {key} must be true or false (without quotes), not {value}.",
                    fr="{where} : {key} doit valoir true ou false (sans guillemets), et non {value}."),
    "text": Text(en="{where}: {key} must be text between quotes, not {value}.",
                 fr="{where} : {key} doit être un texte entre guillemets, et non {value}."),
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
        return GradingError(_MESSAGES[message].render(self.language, where=self.where, **values))

    def _suggestion(self, key: str, known: Sequence[str]) -> str:
        close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
        return _MESSAGES["did_you_mean"].render(self.language, close=close[0]) if close else ""

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
                          source=None if self.where == "the assignment" else self.where)

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
                                        after=self.text("after", raw.get("after", ""))))
        return tuple(items)

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail("boolean", key=key, value=_toml(value))
        return value

    def text(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail("text", key=key, value=_toml(value))
        return value
