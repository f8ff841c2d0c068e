"""A grading job as plain data: what the grader sends to a worker, and how cases travel.

The grader draws each student's cases (hidden ones from the course secret)
and sends them as plain data, so the secret never leaves the grader's process.
:class:`~caire_exercises.Case` objects are frozen dataclasses: they travel as
their fields and are rebuilt on the other side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from caire_exercises.model.exercise import Case, Exercise
from caire_exercises.model.i18n import Text
from caire_exercises.grading.sandbox import Limits

#: The most time one submission may take, whatever its limits add up to.
MAX_BUDGET = 1800.0


def case_to_plain(case: Case) -> dict[str, Any]:
    return {"name": case.name, "args": tuple(case.args), "kwargs": dict(case.kwargs),
            "hidden": case.hidden,
            "label": case.label.to_plain() if case.label is not None else None,
            "rtol": case.rtol, "atol": case.atol, "weight": case.weight, "timeout": case.timeout,
            # For the worker's judge; the submission's process forgets it (worker.forget_private).
            "private": dict(case.private)}


def case_from_plain(data: Mapping[str, Any]) -> Case:
    label = data.get("label")
    return Case(name=str(data["name"]), args=tuple(data.get("args") or ()),
                kwargs=dict(data.get("kwargs") or {}), hidden=bool(data.get("hidden", False)),
                label=Text.from_plain(label) if label else None,
                rtol=data.get("rtol"), atol=data.get("atol"), weight=float(data.get("weight", 1.0)),
                timeout=data.get("timeout"), private=dict(data.get("private") or {}))


def make_job(*, job_id: str, student: str | None, cells: Sequence[str],
             exercises: Sequence[Exercise], secret: str, limits: Limits,
             language: str, assignment: str = "", banks: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The job of one submission: its code cells, and each exercise with this student's cases.

    Each exercise travels with the course's settings (``domains``, ``items``,
    ``show_expected``, ``max_hints``) so that the worker judges the exercise the notebook
    showed; a quiz made from a bank file (`banks`: exercise id -> file) carries the file's text.
    """
    from pathlib import Path

    items = []
    probing = 0.0
    for exercise in exercises:
        cases = exercise.make_cases(secret, assignment=assignment)
        probing += sum(float(case.timeout or exercise.timeout) + 3 for case in cases) + 10
        item: dict[str, Any] = {"id": exercise.id, "points": exercise.points,
                                "settings": {key: list(value) if isinstance(value, tuple) else value
                                             for key, value in exercise.settings},
                                "cases": [case_to_plain(case) for case in cases]}
        if banks and exercise.id in banks:
            item["bank"] = {"path": banks[exercise.id],
                            "text": Path(banks[exercise.id]).read_text(encoding="utf-8-sig")}
        items.append(item)
    nominal = len(cells) * (limits.cell_timeout + 2) + probing
    return {"type": "job", "id": job_id, "student": student, "cells": list(cells), "language": language,
            "limits": limits.to_plain(), "exercises": items,
            # Room for a few fresh starts after cells that kill their process.
            "budget": min(MAX_BUDGET, 2 * nominal + 30)}


def job_exercises(job: Mapping[str, Any]) -> tuple[list[Exercise], list[list[Case]]]:
    """The exercises of a job, in its student's variant with the assignment's points, and their cases."""
    from caire_exercises.engine.registry import registry

    found = registry()
    exercises = []
    for item in job["exercises"]:
        bank = item.get("bank")
        if bank:
            from caire_exercises.teacher.assignment import bank_exercise

            base = bank_exercise(str(bank["path"]), text=str(bank["text"]))
        else:
            base = found.get(item["id"])
        configured = base.with_settings(**dict(item.get("settings") or {}))
        exercises.append(replace(configured.for_student(job.get("student")), points=float(item["points"])))
    cases = [[case_from_plain(case) for case in item["cases"]] for item in job["exercises"]]
    return exercises, cases


def needs_torch(exercises: Sequence[Exercise]) -> bool:
    return any(exercise.kind == "torch" or "torch" in exercise.requires for exercise in exercises)


def extra_modules(exercises: Sequence[Exercise]) -> list[str]:
    """Modules the exercises declare they need, to import once in the warm worker."""
    names = {"scikit-learn": "sklearn", "pytorch": "torch", "hf-datasets": "datasets"}
    return sorted({names.get(name, name) for exercise in exercises for name in exercise.requires}
                  | ({"torch"} if needs_torch(exercises) else set()))
