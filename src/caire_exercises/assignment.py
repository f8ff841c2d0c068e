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

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import GradingError


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

        from ._registry import registry

        found = registry()
        return [replace(found.get(item.id).for_student(student), points=item.points)
                for item in self.items]

    def validate(self) -> None:
        """Raise :class:`~caire_exercises.UnknownExerciseError` for an id the registry lacks."""
        from ._registry import registry

        found = registry()
        for item in self.items:
            found.get(item.id)

    def write_notebooks(self, out: str | Path, *, students: Sequence[str] | None = None,
                        language: str | None = None) -> Any:
        """Write the student notebook(s) and the teacher's notebook under `out`.

        The same as ``caire notebook --assignment``: see
        :func:`caire_exercises.notebooks.write_assignment_notebooks`.
        """
        from .notebooks import write_assignment_notebooks

        return write_assignment_notebooks(self, out, students=students, language=language)

    @classmethod
    def from_ids(cls, ids: Sequence[str], *, title: str = "Assignment", language: str = "en",
                 points: float = 1.0, **settings: Any) -> Assignment:
        items = tuple(AssignmentItem(id=i.strip(), points=points) for i in ids if i.strip())
        return cls(title=title, items=items, language=language, **settings)

    @classmethod
    def from_file(cls, path: str | Path) -> Assignment:
        """Read an assignment file; a bad file raises :class:`GradingError` saying what is wrong."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise GradingError(f"Cannot read the assignment file {path}: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise GradingError(f"The assignment file {path} is not valid TOML: {error}") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Assignment:
        where = source or "the assignment"
        raw_items = data.get("exercises")
        if not isinstance(raw_items, list) or not raw_items:
            raise GradingError(f"{where} needs at least one [[exercises]] entry with an id.")
        items = []
        for index, raw in enumerate(raw_items, 1):
            if isinstance(raw, str):
                raw = {"id": raw}
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                raise GradingError(f"{where}: exercise {index} has no id.")
            points = raw.get("points", 1)
            if not isinstance(points, (int, float)) or points < 0:
                raise GradingError(f"{where}: exercise {raw['id']} has invalid points {points!r}.")
            items.append(AssignmentItem(id=raw["id"], points=float(points),
                                        before=str(raw.get("before", "")), after=str(raw.get("after", ""))))
        language = str(data.get("language", "en"))
        if language not in ("en", "fr"):
            raise GradingError(f"{where}: language must be 'fr' or 'en', not {language!r}.")
        return cls(title=str(data.get("title", "Assignment")), items=tuple(items), language=language,
                   secret_env=str(data.get("secret_env", "CAIRE_COURSE_SECRET")),
                   solutions=bool(data.get("solutions", False)), hints=bool(data.get("hints", True)),
                   intro=str(data.get("intro", "")), source=source)
