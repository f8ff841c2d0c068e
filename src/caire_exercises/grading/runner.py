"""The sandboxed side: run a submission's cells, then probe its answers on the grader's cases.

This code runs in a process forked from the zygote (:mod:`caire_exercises.grading.zygote`),
adopted by the worker and confined by
:func:`caire_exercises.grading.sandbox.confine`, the only process in which a
submission's code ever runs. It executes the plan the worker gave it, step by
step, and reports each step over its socket as plain data:

``{"t": "begin", "s": step}``, then ``{"t": "end", "s": step, "p": payload}``
and, at the very end, ``{"t": "done"}``. A step is ``["cell", k]``,
``["answers", j]`` (look exercise j's answers up in the notebook's namespace)
or ``["case", j, i]`` (probe exercise j's answers on case i).

Nothing here decides a score. The worker trusts none of it: a submission may
patch this module, NumPy or the library, print anything, or write to the
socket itself; the worker only accepts well-formed plain data, step by step,
and the judge compares it with what the reference gives in the worker.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from caire_exercises.engine.attempt import read_answers
from caire_exercises.engine import checking
from caire_exercises.engine.checking import WALL_CEILING, describe_exception, probe_answer
from caire_exercises.engine.probe_side import ProbeSide
from caire_exercises.engine.registry import use_sandbox_registry
from caire_exercises.model.exercise import Case
from caire_exercises.engine.plain import dumps
from caire_exercises.grading.protocol import MAX_MESSAGE_BYTES, receive_message, send_message
from caire_exercises.grading.sandbox import Isolation, Limits, confine

Step = tuple[Any, ...]


class CellTimeout(BaseException):
    """Raised in a cell that ran past its time (a BaseException: ``except Exception`` does not catch it)."""


@dataclass
class Attempt:
    """Everything a sandboxed run needs, prepared by the worker before it forks."""

    plan: list[Step]
    cells: Sequence[str]
    #: The exercises as the sandbox may hold them: probes, never references (see engine.probe_side).
    exercises: Sequence[ProbeSide]
    cases: Sequence[Sequence[Case]]
    limits: Limits
    isolation: Isolation
    scratch: str
    output_fd: int
    sock: socket.socket
    environment: dict[str, str]
    readable: Sequence[str]
    cpu_seconds: float
    shell: Any = None
    #: Folders whose names may be listed, not read (the ancestors of the exercises' own files).
    listable: Sequence[str] = ()
    answers: dict[int, dict[str, Any]] = field(default_factory=dict)


def run_attempt(attempt: Attempt) -> NoReturn:
    """Confine this process, run the plan, exit. Never returns (the worker waits for the exit)."""
    status = 0
    try:
        confine(scratch=attempt.scratch, output_fd=attempt.output_fd, keep_fds=[attempt.sock.fileno()],
                limits=attempt.limits, isolation=attempt.isolation, cpu_seconds=attempt.cpu_seconds,
                environment=attempt.environment, readable=attempt.readable,
                listable=attempt.listable)
        # Cases are limited in this process's CPU time, as cells are (before the library's state
        # is kept: a cell that turns it off gets it back before each case).
        checking.CPU_TIME_LIMITS = True
        # cx.get(id) in a cell gives the exercise as the sandbox holds it, never the reference.
        use_sandbox_registry(attempt.exercises)
        _Runner(attempt).run()
    except BaseException:  # noqa: BLE001 - whatever happened, the worker reads the exit status
        status = 70
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001, S110 - a stream the notebook closed
            pass
    finally:
        os._exit(status)


class _Runner:
    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        # Bound before any of the submission's code runs: patching these
        # modules afterwards does not change what this runner calls.
        self.send_message = send_message
        self.dumps = dumps
        self.probe_answer = probe_answer
        self.read_answers_of = read_answers
        self.set_handler = signal.signal
        self.set_timer = signal.setitimer
        self.sock = attempt.sock
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.stopped: set[int] = set()
        # The library as it stood before any cell ran: put back before each answer is read and
        # each case probed, so that a cell that rebinds a probe, a toolkit function or a builtin
        # does not change how its answers are observed (the verdicts are the judge's anyway).
        self.library = _library_state()
        self.exercise_fields = [dict(vars(exercise)) for exercise in attempt.exercises]

    # ------------------------------------------------------------------ steps

    def run(self) -> None:
        actions: dict[str, Callable[[Step], Any]] = {
            "cell": self.run_cell, "answers": self.read_answers, "case": self.probe_case}
        for step in self.attempt.plan:
            self.send({"t": "begin", "s": list(step)})
            payload = actions[step[0]](step)
            self.send_end(step, payload)
        self.send({"t": "done"})

    def send(self, message: Mapping[str, Any]) -> None:
        self.send_message(self.sock, self.dumps(dict(message)))

    def send_end(self, step: Step, payload: Any) -> None:
        try:
            text = self.dumps({"t": "end", "s": list(step), "p": payload})
        except Exception as error:  # noqa: BLE001 - data the probe let through but JSON cannot hold
            payload = {"status": "not_plain", "message": str(error)[:300]}
            text = self.dumps({"t": "end", "s": list(step), "p": payload})
        if len(text) > MAX_MESSAGE_BYTES // 2:
            payload = {"status": "not_plain",
                       "message": f"the answer gave {len(text) // 2**20} MB of data, more than the "
                                  "grader accepts"}
            text = self.dumps({"t": "end", "s": list(step), "p": payload})
        self.send_message(self.sock, text)

    # ------------------------------------------------------------------ cells

    def run_cell(self, step: Step) -> dict[str, Any]:
        index = step[1]
        source = self.attempt.cells[index]
        timed_out = False
        running = True

        def on_alarm(signum: int, frame: Any) -> None:
            nonlocal timed_out
            # Only while the cell runs: never in the runner's own code after it.
            if running:
                timed_out = True
                raise CellTimeout(f"the cell ran for more than {self.attempt.limits.cell_timeout:g} s")

        # The cell's limit in its own CPU time; a wall-clock ceiling for a cell that sleeps or waits.
        limit = self.attempt.limits.cell_timeout
        self.set_handler(signal.SIGALRM, on_alarm)
        self.set_handler(signal.SIGPROF, on_alarm)
        self.set_timer(signal.ITIMER_PROF, limit)
        self.set_timer(signal.ITIMER_REAL, limit * WALL_CEILING)
        error: BaseException | None = None
        try:
            error = self._execute(source, index)
        except BaseException as raised:  # noqa: BLE001 - the notebook's exception, whatever it is
            error = raised
        finally:
            running = False
            self.set_timer(signal.ITIMER_REAL, 0)
            self.set_timer(signal.ITIMER_PROF, 0)
            self.set_handler(signal.SIGALRM, signal.SIG_IGN)
            self.set_handler(signal.SIGPROF, signal.SIG_IGN)
        _flush()
        if timed_out:
            return {"status": "timeout"}
        if error is None:
            return {"status": "ok"}
        described = describe_exception(error)
        line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else described["line"]
        return {"status": "error", "error": {"type": type(error).__name__, "message": str(error)[:300],
                                             "line": line}}

    def _execute(self, source: str, index: int) -> BaseException | None:
        source = _INSTALL.sub(r"\1pass  # not run by the grader: \2", source)
        shell = self.attempt.shell
        if shell is not None:
            result = shell.run_cell(source, store_history=False)
            return result.error_before_exec or result.error_in_exec
        try:
            code = compile(source, f"<cell {index + 1}>", "exec")
            exec(code, self.namespace)  # noqa: S102 - the submission's own code, in the sandbox
        except SystemExit as error:
            return error
        return None

    # ---------------------------------------------------------------- answers

    def restore_library(self) -> None:
        for namespace, kept in self.library:
            namespace.update(kept)
        for exercise, fields in zip(self.attempt.exercises, self.exercise_fields):
            vars(exercise).update(fields)

    def read_answers(self, step: Step) -> dict[str, Any]:
        self.restore_library()
        try:
            return self._read_answers(step)
        except BaseException:  # noqa: BLE001 - an object whose attributes raise: not a usable answer
            return {"state": "invalid"}

    def _read_answers(self, step: Step) -> dict[str, Any]:
        index = step[1]
        exercise = self.attempt.exercises[index]
        namespace = self.attempt.shell.user_ns if self.attempt.shell is not None else self.namespace
        found = {name: namespace[name] for name in exercise.answer_names if name in namespace}
        report, answers = self.read_answers_of(exercise, found)
        if answers is not None:
            self.attempt.answers[index] = answers
        return report

    # ----------------------------------------------------------------- probes

    def probe_case(self, step: Step) -> dict[str, Any]:
        self.restore_library()
        _, exercise_index, case_index = step
        if self.attempt.cases[exercise_index][case_index] is None:
            self.receive_hidden_cases()
        answers = self.attempt.answers.get(exercise_index)
        exercise = self.attempt.exercises[exercise_index]
        case = self.attempt.cases[exercise_index][case_index]
        if answers is None or exercise_index in self.stopped:
            return {"status": "skipped", "seconds": case.timeout or exercise.timeout}
        try:
            outcome = self.probe_answer(exercise, answers, [case])[0]
        except (SystemExit, KeyboardInterrupt, GeneratorExit) as error:
            # What probe_answer leaves to its caller: an answer that exits or interrupts itself.
            outcome = describe_exception(error)
        _flush()
        if outcome.get("status") == "timeout":
            # As in probe_answer: an answer that loops would cost every case's limit.
            self.stopped.add(exercise_index)
        return outcome


    def receive_hidden_cases(self) -> None:
        """Take the hidden cases the worker sends once every visible step has ended.

        From here on, what the submission prints goes nowhere: the worker drops the log
        written after this point from the feedback as well.
        """
        from caire_exercises.engine.plain import loads
        from caire_exercises.grading.jobs import case_from_plain

        received = receive_message(self.sock)
        null = os.open(os.devnull, os.O_WRONLY)
        _flush()
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
        cases = [list(row) for row in self.attempt.cases]
        for exercise_index, case_index, plain in loads(received.decode("utf-8")):
            cases[exercise_index][case_index] = case_from_plain(plain)
        self.attempt.cases = cases


#: ``%pip install ...`` and its kin: nothing can be installed in the sandbox, and trying costs time.
_INSTALL = re.compile(r"^([ \t]*)([!%]{1,2}[ \t]*(?:pip|pip3|conda|mamba|uv)\b.*)$", re.MULTILINE)


def _library_state() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """A copy of the namespaces of the library's modules and of the builtins, as they are now."""
    import builtins

    kept = [(vars(builtins), dict(vars(builtins)))]
    for name, module in list(sys.modules.items()):
        if module is not None and (name == "caire_exercises" or name.startswith("caire_exercises.")):
            kept.append((vars(module), dict(vars(module))))
    return kept


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001, S110 - a stream the notebook replaced or closed
            pass
