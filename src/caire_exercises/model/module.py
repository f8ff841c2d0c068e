"""A teaching module: a titled, introduced sequence of exercises.

A module is declared beside its exercises and handed to the registry by an
entry point of the group ``caire_exercises.exercises``; the registry, the
notebooks, the documentation site and ``cx.modules()`` all read it, so adding
a module is one package and one entry-point line. Built-in modules and
plug-ins declare theirs the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from caire_exercises.model.errors import ExerciseDefinitionError
from caire_exercises.model.exercise import AUDIENCES, Exercise
from caire_exercises.model.i18n import Text

_MODULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Module:
    """A module of the catalogue.

    Parameters
    ----------
    id : str
        The prefix of its exercises' ids (``"numpy"`` for ``numpy.zscore``).
    code : str
        Its short code in the catalogue (``"M1"``); a plug-in may use its own.
    title, intro : Text
        Its title, and the paragraph that opens its notebook and its page.
    audience : tuple of str
        Who it is written for, out of ``"all"``, ``"business"``, ``"health"``
        and ``"engineering"``.
    exercises : tuple of Exercise
        Its exercises, in teaching order.
    try_it : Text, optional
        A few lines of Python (comments in each language) that open its notebook after the
        introduction: something that works end to end, run before the first exercise, with
        nothing graded.
    """

    id: str
    code: str
    title: Text
    intro: Text
    audience: tuple[str, ...] = ("engineering",)
    exercises: tuple[Exercise, ...] = field(default_factory=tuple)
    try_it: Text | None = None

    def __post_init__(self) -> None:
        def bad(problem: str) -> ExerciseDefinitionError:
            return ExerciseDefinitionError(f"module {self.id!r}: {problem}", exercise_id=str(self.id))

        if not isinstance(self.id, str) or not _MODULE_ID.match(self.id):
            raise bad("the id must be lower case letters, digits and underscores")
        if not isinstance(self.title, Text) or not isinstance(self.intro, Text):
            raise bad("title and intro must be Text(en=..., fr=...)")
        if self.try_it is not None and not isinstance(self.try_it, Text):
            raise bad("try_it must be Text(en=..., fr=...) holding Python code")
        if isinstance(self.audience, str) or not self.audience or not set(self.audience) <= set(AUDIENCES):
            raise bad(f"audience must be a tuple out of {AUDIENCES}")
        object.__setattr__(self, "exercises", tuple(self.exercises))
        for exercise in self.exercises:
            if not isinstance(exercise, Exercise):
                raise bad(f"{exercise!r} is not an Exercise")
            if exercise.module != self.id:
                raise bad(f"{exercise.id} declares module {exercise.module!r}")

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(exercise.id for exercise in self.exercises)

    def title_in(self, language: str | None = None) -> str:
        return self.title.render(language)

    def __repr__(self) -> str:
        return f"<Module {self.code} {self.id}: {len(self.exercises)} exercises>"


def anonymous_module(module_id: str, exercises: Sequence[Exercise]) -> Module:
    """The module of a plug-in that declares only exercises (an ``EXERCISES`` tuple)."""
    title = Text(en=module_id.replace("_", " ").capitalize(), fr=module_id.replace("_", " ").capitalize())
    return Module(id=module_id, code=module_id, title=title, intro=Text(en="", fr=""),
                  audience=tuple(sorted({a for e in exercises for a in e.audience})) or ("engineering",),
                  exercises=tuple(exercises))
