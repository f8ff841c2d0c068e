"""One attempt at an exercise: the same steps for the notebook and for the grader.

An attempt has three steps, each written once here:

1. :func:`read_answers` reads the answers found under the exercise's names
   and says what state they are in (``ok``, ``not_attempted``, ``invalid``,
   or ``library``: the library's own object handed in as an answer) as a
   plain *report*;
2. each case is probed (:func:`caire_exercises.engine.checking.probe_answer` in a
   notebook, one case a step in the grader's sandbox); after a case that ran
   out of time the later ones are not run (:func:`skip_after_timeouts`);
3. :func:`conclude` turns the report and the plain outcomes into a
   :class:`~caire_exercises.engine.report.Result`, with the judge shielded from
   data that breaks an exercise's checks.

``ex.check()`` runs the three in the learner's kernel (:func:`check_answers`);
the grader runs steps 1 and 2 in a sandbox and step 3 in its worker, from
what crossed the wire. Steps 1 and 2 only observe; every verdict is taken in
step 3. A test over the whole registry holds the two paths to the same
results (:func:`caire_exercises.testing.verify_exercise`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableSequence, Sequence
from typing import Any

from caire_exercises.engine.checking import (PartialAnswers, is_placeholder, judge, kind_problem, probe_answer,
                                             require_extras)
from caire_exercises.model.exercise import Case, Exercise
from caire_exercises.model.i18n import N_, Message, message
from caire_exercises.engine.report import Result

#: The states an answers report may have; ``lost`` is the grader's (the notebook's process ended
#: or ran out of time before the answers could be read).
ANSWER_STATES = frozenset({"ok", "not_attempted", "invalid", "library", "lost"})


def read_answers(exercise: Exercise, found: Mapping[str, Any], *,
                 library_answers: bool = False) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What state the answers in `found` ({answer name: object}) are in, and the usable answers.

    Returns
    -------
    report : dict
        Plain data: ``{"state": "ok"}``, ``{"state": "not_attempted", "missing": [...]}``,
        ``{"state": "invalid", "note": <plain message>}`` or ``{"state": "library"}``.
    answers : dict or None
        The answers to probe when the state is ``ok``.
    library_answers : bool
        Accept the library's own objects (its reference solutions) as answers: for proving
        an exercise, never for a learner.
    """
    missing = [name for name in exercise.answer_names
               if name not in found or is_placeholder(found[name])]
    if len(missing) == len(exercise.answer_names):
        return {"state": "not_attempted", "missing": missing}, None
    # Some parts of a multi-part answer: the cases that need only those are checked (a part
    # worked by hand before the code earns its marks); the others say which part is missing.
    answers: dict[str, Any] = PartialAnswers(
        {name: found[name] for name in exercise.answer_names if name not in missing})
    problem = kind_problem(exercise, answers)
    if problem is not None:
        return {"state": "invalid", "note": problem.to_plain()}, None
    if not library_answers and any(from_the_library(value) for value in answers.values()):
        return {"state": "library"}, None
    return {"state": "ok"}, answers


def from_the_library(value: Any) -> bool:
    """Whether an answer is one of the library's own functions or classes (a reference solution)."""
    if not callable(value):
        return False
    module = getattr(value, "__module__", None) or ""
    return isinstance(module, str) and module.split(".")[0] == "caire_exercises"


def skip_after_timeouts(outcomes: MutableSequence[dict[str, Any] | None],
                        seconds: Sequence[float]) -> None:
    """Mark as skipped the cases not yet run that come after a case that ran out of time.

    An answer that loops for ever would otherwise cost the learner every case's limit.
    """
    stopped = False
    for index, outcome in enumerate(outcomes):
        if outcome is None and stopped:
            outcomes[index] = {"status": "skipped", "seconds": seconds[index]}
        elif outcome is not None and outcome.get("status") in ("timeout", "skipped"):
            stopped = True


_LIBRARY_NOTE = N_("The answer is the library's own reference solution, not code of yours.")
_INVALID_NOTE = N_("The answer is not of the kind this exercise asks for.")
_LOST_NOTES = {
    "timeout": N_("The notebook ran out of time before this answer could be checked."),
    "crashed": N_("The notebook's process ended while its answer was being read."),
    "interfered": N_("The notebook interfered with the grader while its answer was being read."),
}


def conclude(exercise: Exercise, report: Mapping[str, Any], cases: Sequence[Case],
             outcomes: Sequence[Mapping[str, Any] | None]) -> Result:
    """The result of an attempt, from its answers report and its outcomes (plain data only)."""
    state = report.get("state")
    if state == "not_attempted":
        return Result.not_attempted(exercise, list(report.get("missing") or exercise.answer_names))
    if state == "invalid":
        note = report.get("note")
        if isinstance(note, Mapping):
            note = Message.from_plain(note)
        return Result.invalid(exercise, note if isinstance(note, Message) else message(_INVALID_NOTE))
    if state == "library":
        return Result.invalid(exercise, message(_LIBRARY_NOTE))
    if state != "ok":
        reason = str(report.get("reason", "timeout"))
        return Result(exercise_id=exercise.id, title=exercise.title, passed=False, score=0.0,
                      points=0.0, max_points=exercise.points,
                      status="timeout" if reason == "timeout" else "error",
                      note=message(_LOST_NOTES.get(reason, _LOST_NOTES["crashed"])),
                      student=exercise.student)
    completed = [dict(outcome) if outcome is not None else
                 {"status": "skipped", "seconds": float(case.timeout or exercise.timeout)}
                 for case, outcome in zip(cases, outcomes)]
    return safe_judge(exercise, list(cases), completed)


def safe_judge(exercise: Exercise, cases: list[Case], outcomes: list[dict[str, Any]]) -> Result:
    """The judge, shielded from data that makes an exercise's checks fail.

    A learner's output may be plain but unexpected (a list where a check
    wants a dict); the cases whose data breaks a check count as answers that
    cannot be checked, the others are judged as usual.
    """
    try:
        return judge(exercise, cases, outcomes)
    except Exception:  # noqa: BLE001, S110 - isolate the outcomes that break a check, below
        pass
    repaired = list(outcomes)
    for index, (case, outcome) in enumerate(zip(cases, outcomes)):
        try:
            judge(exercise, [case], [outcome])
        except Exception as error:  # noqa: BLE001
            repaired[index] = {"status": "not_plain",
                               "message": f"its output could not be checked ({type(error).__name__})"}
    return judge(exercise, cases, repaired)


def check_answers(exercise: Exercise, answers: Mapping[str, Any], *, secret: str = "",
                  library_answers: bool = False) -> Result:
    """Check `answers` ({name: object}) against `exercise` in this process: read, probe, conclude."""
    require_extras(exercise)
    report, usable = read_answers(exercise, answers, library_answers=library_answers)
    if usable is None:
        return conclude(exercise, report, [], [])
    cases = exercise.make_cases(secret)
    outcomes = probe_answer(exercise, usable, cases)
    return conclude(exercise, report, cases, outcomes)
