"""Exercises as LMS questions: ``caire questions``.

>>> from caire_exercises.questions import export          # doctest: +SKIP
>>> text, notes = export(["literacy.which_ai"], "moodle-xml", language="both")  # doctest: +SKIP

The choice and value exercises describe themselves through their ``questions`` hook
(:class:`~caire_exercises.model.questions.ChoiceQuestion`,
:class:`~caire_exercises.model.questions.NumericQuestion`); function exercises become
CodeRunner questions. The course's settings of each exercise (``domains``, ``items``,
``show_expected``, ``max_hints``, from an assignment file or
:meth:`~caire_exercises.authoring.Exercise.with_settings`) are honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from caire_exercises.questions.render import LANGS, Exported, questions_of

FORMATS = ("moodle-xml", "gift", "coderunner")


def collect(exercises: Sequence[Any], domains: Sequence[str] | None = None,
            coderunner: bool = False) -> tuple[list[Exported], list[str]]:
    """Each exercise with its questions; the exercises that give none, with why."""
    made: list[Exported] = []
    left_out: list[str] = []
    for exercise in exercises:
        exercise = getattr(exercise, "exercise", exercise)
        if coderunner:
            made.append(Exported(exercise))
            continue
        if exercise.questions is None:
            left_out.append(f"{exercise.id}: no questions hook ({exercise.kind} exercise)"
                            + ("; try --format coderunner" if exercise.kind == "function" else ""))
            continue
        domains_here = domains or exercise.setting.get("domains")
        questions = questions_of(exercise, domains_here)
        if not questions:
            left_out.append(f"{exercise.id}: no question in the domains asked")
            continue
        made.append(Exported(exercise, questions))
    return made, left_out


def export(exercises: Sequence[Any], fmt: str, *, language: str = "both",
           domains: Sequence[str] | None = None) -> tuple[str, list[str]]:
    """The file of `exercises` in format `fmt`, and the notes on what was left out."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if language not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {language!r}")
    exports, left_out = collect(exercises, domains, coderunner=fmt == "coderunner")
    if fmt == "moodle-xml":
        from caire_exercises.questions.moodle_xml import write

        return write(exports, language), left_out
    if fmt == "gift":
        from caire_exercises.questions.gift import write as write_gift

        return write_gift(exports, language), left_out
    from caire_exercises.questions.coderunner import write as write_coderunner

    text, more = write_coderunner(exports, language)
    return text, left_out + more
