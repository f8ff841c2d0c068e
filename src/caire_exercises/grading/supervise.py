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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from caire_exercises.engine.attempt import ANSWER_STATES, conclude, skip_after_timeouts
from caire_exercises.model.exercise import Case, Exercise
from caire_exercises.grading.protocol import clean_cell, clean_note, clean_outcome
from caire_exercises.grading.sandbox import Limits

Step = tuple[Any, ...]
#: The states a sandboxed run may report; ``lost`` is only ever the worker's own verdict.
REPORTED_STATES = ANSWER_STATES - {"lost"}
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
    #: Where each attempt's hidden phase began and ended in the output log (end None: still open);
    #: what was written then never reaches the student's feedback.
    hidden_log: list[list[int | None]] = field(default_factory=list)
    #: Time-outs of steps that waited long for a CPU (see the worker): the machine's, not the answer's.
    overloaded_timeouts: int = 0

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
        # Hidden cases come last, after every cell and every visible case: their inputs reach the
        # submission's process only then (see the worker), and nothing it writes from then on
        # reaches the feedback.
        hidden: list[Step] = []
        for j in range(len(self.exercises)):
            if self.settled(j):
                continue
            steps.append(("answers", j))
            for i, outcome in enumerate(self.outcomes[j]):
                if outcome is None:
                    (hidden if self.cases[j][i].hidden else steps).append(("case", j, i))
        return steps + hidden

    def timed_out(self, step: Step) -> bool:
        """Whether the runner reported `step` (a cell or a case) as out of time."""
        if step[0] == "cell":
            record = self.cell_records[step[1]]
        elif step[0] == "case":
            record = self.outcomes[step[1]][step[2]]
        else:
            return False
        return isinstance(record, dict) and record.get("status") == "timeout"

    def is_hidden(self, step: Step) -> bool:
        return step[0] == "case" and bool(self.cases[step[1]][step[2]].hidden)

    def _skip_after_timeouts(self) -> None:
        for j, outcomes in enumerate(self.outcomes):
            skip_after_timeouts(outcomes, [self.case_seconds(j, i) for i in range(len(outcomes))])

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
        if not isinstance(payload, Mapping) or payload.get("state") not in REPORTED_STATES:
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

    @property
    def next_step(self) -> Step | None:
        return self.expected[self.position] if self.position < len(self.expected) else None

    def anomaly(self, reason: str, message: Any = None) -> str:
        self.blame("interfered", f"the notebook interfered with the grader ({reason})")
        # Once hidden cases are under way, what a message says may hold their inputs.
        hidden = any(self.state.is_hidden(step) for step in self.expected[:self.position + 1])
        said = "(not kept: hidden cases were running)" if hidden else str(message)[:300]
        self.state.notes.append(f"interference during {self.open or 'a pause between steps'}: {reason}; "
                                f"message: {said}")
        return "anomaly"

    def blame(self, kind: str, detail: str) -> None:
        step = self.open or (self.expected[self.position] if self.position < len(self.expected) else None)
        if step is None:
            self.state.notes.append(f"the process ended after its last step: {detail}")
            return
        self.state.fail_step(step, kind, detail)

    def step_seconds(self) -> float | None:
        """The time limit of the step in progress, in the submission's CPU seconds (None: no
        case or cell is running)."""
        if self.open is None or self.open[0] == "answers":
            return None
        if self.open[0] == "cell":
            return float(self.state.limits.cell_timeout)
        return self.state.case_seconds(self.open[1], self.open[2])

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


def judge_all(state: JobState) -> list[dict[str, Any]]:
    """One result (plain data) per exercise, concluded from the recorded reports and outcomes."""
    results = []
    for j, exercise in enumerate(state.exercises):
        report = state.answers[j] or {"state": "lost", "reason": "timeout"}
        results.append(conclude(exercise, report, list(state.cases[j]), state.outcomes[j]).to_plain())
    return results
