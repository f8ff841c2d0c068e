"""The worker's book-keeping of one submission: steps done, steps blamed, and the verdicts.

:class:`JobState` holds what the sandboxed runs established so far: a report
per cell, the state of each exercise's answers and one outcome per case. The
first report of a step wins; a step during which the process died, hung or
misbehaved is *blamed* and never run again, so each new attempt makes
progress and a submission ends after at most as many attempts as it has steps.
:class:`Follower` checks one attempt's messages against its plan, step by step.
:func:`judge_all` turns the state into results, in the worker, from plain data.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .._checking import judge, probe_of
from .._exercise import Case, Exercise
from .._i18n import Message, Text
from .._plain import dumps
from .._report import Result
from .jobs import case_to_plain
from .protocol import clean_cell, clean_note, clean_outcome
from .sandbox import Limits

Step = tuple[Any, ...]
ANSWER_STATES = frozenset({"ok", "not_attempted", "invalid", "library"})
_MAX_CRASHES_PER_EXERCISE = 2


@dataclass
class JobState:
    cells: Sequence[str]
    exercises: Sequence[Exercise]
    cases: Sequence[Sequence[Case]]
    limits: Limits
    cell_records: list[dict[str, Any] | None] = field(init=False)
    skipped_cells: set[int] = field(default_factory=set)
    answers: list[dict[str, Any] | None] = field(init=False)
    outcomes: list[list[dict[str, Any] | None]] = field(init=False)
    crashes: list[int] = field(init=False)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cell_records = [None] * len(self.cells)
        self.answers = [None] * len(self.exercises)
        self.outcomes = [[None] * len(cases) for cases in self.cases]
        self.crashes = [0] * len(self.exercises)

    # ----------------------------------------------------------------- budget

    def case_seconds(self, exercise_index: int, case_index: int) -> float:
        case = self.cases[exercise_index][case_index]
        return float(case.timeout or self.exercises[exercise_index].timeout)

    def nominal_seconds(self) -> float:
        """The time a submission may take when every step uses its whole limit."""
        cells = len(self.cells) * (self.limits.cell_timeout + 2)
        cases = sum(self.case_seconds(j, i) + 3 for j, cases in enumerate(self.cases)
                    for i in range(len(cases)))
        return cells + cases + 10 * len(self.exercises)

    def max_attempts(self) -> int:
        return 2 + len(self.cells) + sum(len(cases) for cases in self.cases) + len(self.exercises)

    # ------------------------------------------------------------------- plan

    def settled(self, exercise_index: int) -> bool:
        answers = self.answers[exercise_index]
        if answers is None:
            return False
        return answers["state"] != "ok" or all(o is not None for o in self.outcomes[exercise_index])

    def finished(self) -> bool:
        return all(self.settled(j) for j in range(len(self.exercises)))

    def plan(self) -> list[Step]:
        """The steps of the next attempt: every cell not blamed, then what is left to probe."""
        self._skip_after_timeouts()
        if self.finished():
            return []
        steps: list[Step] = [("cell", k) for k in range(len(self.cells)) if k not in self.skipped_cells]
        for j in range(len(self.exercises)):
            if self.settled(j):
                continue
            steps.append(("answers", j))
            steps.extend(("case", j, i) for i, outcome in enumerate(self.outcomes[j]) if outcome is None)
        return steps

    def _skip_after_timeouts(self) -> None:
        # As in probe_answer: after a case that ran out of time, the others are not run.
        for j, outcomes in enumerate(self.outcomes):
            stopped = False
            for i, outcome in enumerate(outcomes):
                if outcome is None and stopped:
                    outcomes[i] = {"status": "skipped", "seconds": self.case_seconds(j, i)}
                elif outcome is not None and outcome["status"] in ("timeout", "skipped"):
                    stopped = True

    # ---------------------------------------------------------------- records

    def record(self, step: Step, payload: Any) -> None:
        """What the runner reported for `step`; ValueError when it is malformed."""
        kind = step[0]
        if kind == "cell":
            report = clean_cell(payload)
            if self.cell_records[step[1]] is None:
                self.cell_records[step[1]] = report
        elif kind == "answers":
            answers = self._clean_answers(step[1], payload)
            if self.answers[step[1]] is None:
                self.answers[step[1]] = answers
        else:
            _, j, i = step
            outcome = clean_outcome(payload, self.case_seconds(j, i))
            if self.outcomes[j][i] is None:
                self.outcomes[j][i] = outcome

    def _clean_answers(self, exercise_index: int, payload: Any) -> dict[str, Any]:
        exercise = self.exercises[exercise_index]
        if not isinstance(payload, Mapping) or payload.get("state") not in ANSWER_STATES:
            raise ValueError("malformed answers report")
        state = payload["state"]
        if state == "not_attempted":
            missing = payload.get("missing")
            if (not isinstance(missing, list) or not missing
                    or not set(missing) <= set(exercise.answer_names)):
                raise ValueError("malformed list of missing answers")
            return {"state": state, "missing": [str(name) for name in missing]}
        if state == "invalid":
            return {"state": state, "note": clean_note(payload.get("note"))}
        return {"state": state}

    def fail_step(self, step: Step, kind: str, detail: str) -> None:
        """Blame `step` for the end of an attempt (`kind`: timeout, crashed or interfered)."""
        if step[0] == "cell":
            self.skipped_cells.add(step[1])
            if self.cell_records[step[1]] is None:
                self.cell_records[step[1]] = {"status": kind, "error": {"type": kind, "message": detail,
                                                                        "line": None}}
        elif step[0] == "answers":
            self.answers[step[1]] = {"state": "lost", "reason": kind, "detail": detail}
        else:
            _, j, i = step
            if kind == "timeout":
                self.outcomes[j][i] = {"status": "timeout", "seconds": self.case_seconds(j, i)}
                return
            kind_name = "GraderInterference" if kind == "interfered" else "ProcessEnded"
            self.outcomes[j][i] = {"status": "error", "type": kind_name, "message": detail, "line": None,
                                   "code": "", "function": ""}
            self.crashes[j] += 1
            if self.crashes[j] >= _MAX_CRASHES_PER_EXERCISE:
                for index, outcome in enumerate(self.outcomes[j]):
                    if outcome is None:
                        self.outcomes[j][index] = {
                            "status": "error", "type": kind_name, "line": None, "code": "", "function": "",
                            "message": "not run: the answer ended the process on earlier cases"}

    def expire_remaining(self) -> None:
        """Close what the time budget left open: exercises not reached, cases not run."""
        for j in range(len(self.exercises)):
            if self.answers[j] is None:
                self.answers[j] = {"state": "lost", "reason": "timeout",
                                   "detail": "the notebook used up its grading time before this answer "
                                             "could be read"}
            for i, outcome in enumerate(self.outcomes[j]):
                if outcome is None:
                    self.outcomes[j][i] = {"status": "skipped", "seconds": self.case_seconds(j, i)}

    def cell_reports(self) -> list[dict[str, Any]]:
        return [{"index": k, **(record if record is not None else {"status": "skipped"})}
                for k, record in enumerate(self.cell_records)]


class Follower:
    """Checks one attempt's messages against its plan; blames the step in progress when it goes wrong."""

    def __init__(self, state: JobState, plan: Sequence[Step]) -> None:
        self.state = state
        self.expected = list(plan)
        self.position = 0
        self.open: Step | None = None
        #: Whether the first step began: before it, no code of the submission has run.
        self.started = False

    def accept(self, message: Any) -> str:
        """``"ok"``, ``"done"`` or ``"anomaly"`` (the attempt must stop)."""
        if not isinstance(message, Mapping):
            return self.anomaly("a message that is not an object", message)
        kind = message.get("t")
        if kind == "begin":
            step = _step(message.get("s"))
            if (self.open is not None or self.position >= len(self.expected)
                    or step != self.expected[self.position]):
                return self.anomaly("a step out of order", message)
            self.open = step
            self.started = True
            return "ok"
        if kind == "end":
            step = _step(message.get("s"))
            if step is None or step != self.open:
                return self.anomaly("the end of a step that had not begun", message)
            try:
                self.state.record(step, message.get("p"))
            except (ValueError, TypeError, KeyError) as error:
                return self.anomaly(str(error), message)
            self.open = None
            self.position += 1
            return "ok"
        if kind == "done" and self.open is None and self.position == len(self.expected):
            return "done"
        return self.anomaly("an unexpected message", message)

    def anomaly(self, reason: str, message: Any = None) -> str:
        self.blame("interfered", f"the notebook interfered with the grader ({reason})")
        self.state.notes.append(f"interference during {self.open or 'a pause between steps'}: {reason}; "
                                f"message: {str(message)[:300]}")
        return "anomaly"

    def blame(self, kind: str, detail: str) -> None:
        step = self.open or (self.expected[self.position] if self.position < len(self.expected) else None)
        if step is None:
            self.state.notes.append(f"the process ended after its last step: {detail}")
            return
        self.state.fail_step(step, kind, detail)

    def deadline(self, now: float, gap: float, grace: float, answers_limit: float) -> float:
        if self.open is None:
            return now + gap
        if self.open[0] == "cell":
            return now + self.state.limits.cell_timeout + grace
        if self.open[0] == "answers":
            return now + answers_limit
        return now + self.state.case_seconds(self.open[1], self.open[2]) + grace + 1


def _step(raw: Any) -> Step | None:
    if not isinstance(raw, list) or not raw or not all(isinstance(part, (str, int)) for part in raw):
        return None
    return tuple(raw)


# ----------------------------------------------------------------------- judge


def _note_result(exercise: Exercise, status: str, note: Message) -> Result:
    return Result(exercise_id=exercise.id, title=exercise.title, passed=False, score=0.0, points=0.0,
                  max_points=exercise.points, status=status, note=note, student=exercise.student)


_LIBRARY_NOTE = Message(Text(
    en="The answer is the library's own reference solution, not code of yours.",
    fr="La réponse est la solution de référence de la bibliothèque, pas votre propre code."))
_LOST_NOTES = {
    "timeout": Text(en="The notebook ran out of time before this answer could be checked.",
                    fr="Le notebook a dépassé son temps avant que cette réponse puisse être vérifiée."),
    "crashed": Text(en="The notebook's process ended while its answer was being read.",
                    fr="Le processus du notebook s'est arrêté pendant la lecture de la réponse."),
    "interfered": Text(en="The notebook interfered with the grader while its answer was being read.",
                       fr="Le notebook a perturbé le correcteur pendant la lecture de la réponse."),
}
_INVALID_NOTE = Message(Text(en="The answer is not of the kind this exercise asks for.",
                             fr="La réponse n'est pas du type que demande l'exercice."))


def judge_all(state: JobState, cache: ProbeCache | None = None) -> list[dict[str, Any]]:
    """One result (plain data) per exercise, judged from the recorded outcomes."""
    results = []
    for j, exercise in enumerate(state.exercises):
        answers = state.answers[j] or {"state": "lost", "reason": "timeout"}
        if answers["state"] == "not_attempted":
            result = Result.not_attempted(exercise, answers["missing"])
        elif answers["state"] == "invalid":
            result = Result.invalid(exercise, answers.get("note") or _INVALID_NOTE)
        elif answers["state"] == "library":
            result = Result.invalid(exercise, _LIBRARY_NOTE)
        elif answers["state"] == "lost":
            reason = answers.get("reason", "timeout")
            result = _note_result(exercise, "timeout" if reason == "timeout" else "error",
                                  Message(_LOST_NOTES.get(reason, _LOST_NOTES["crashed"])))
        else:
            outcomes = [outcome or {"status": "skipped", "seconds": state.case_seconds(j, i)}
                        for i, outcome in enumerate(state.outcomes[j])]
            judged = cache.exercise(exercise) if cache is not None else exercise
            result = safe_judge(judged, list(state.cases[j]), outcomes)
        results.append(result.to_plain())
    return results


class ProbeCache:
    """What the reference and the declared mistakes give on a case, kept between submissions.

    The judge runs the library's own answers (never a learner's) through the
    exercise's probe; for an estimator that means fitting models. Many cases
    are the same for every student (those that do not depend on a variant),
    so the worker keeps their outcomes, keyed by the answer object and the
    case's content.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.hits = 0

    def exercise(self, exercise: Exercise) -> Exercise:
        """`exercise` whose probe answers from the cache when it can."""
        return replace(exercise, probe=self._wrap(exercise.id, probe_of(exercise)))

    def _wrap(self, exercise_id: str, probe: Callable[[Mapping[str, Any], Case], Any]
              ) -> Callable[[Mapping[str, Any], Case], Any]:
        digests: dict[int, str] = {}

        def cached(answers: Mapping[str, Any], case: Case) -> Any:
            if id(case) not in digests:
                digests[id(case)] = hashlib.sha256(dumps(case_to_plain(case)).encode()).hexdigest()
            key = (exercise_id, tuple(sorted((name, id(value)) for name, value in answers.items())),
                   digests[id(case)])
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                kept = self.entries[key]
                if isinstance(kept, Exception):
                    # A fresh traceback each time: the judge reads only the exception's type and message.
                    raise kept.with_traceback(None)
                return kept
            try:
                value = probe(answers, case)
            except Exception as error:  # a declared mistake may raise: that is its behaviour
                self._keep(key, error)
                raise
            self._keep(key, value)
            return value

        return cached

    def _keep(self, key: tuple[Any, ...], value: Any) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


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
