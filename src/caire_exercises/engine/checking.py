"""The checking engine: probes run answers, checks judge plain data.

``probe_answer`` runs an answer on every case and returns one *outcome* per
case, plain data only::

    {"status": "ok", "data": ...}                      what the probe returned
    {"status": "error", "type": "ZeroDivisionError", "message": ..., "line": 3, "code": "..."}
    {"status": "timeout", "seconds": 5.0}
    {"status": "not_plain", "message": ...}            the answer returned an object we cannot judge

``judge`` turns outcomes into a :class:`~caire_exercises.engine.report.Result`. It
runs the reference through the same probe to get the expected data (never
stored anywhere a learner could patch it) and, for a failed case, the
declared mistakes too, to recognise and name the one the learner made.

In a notebook both halves run in the learner's kernel. The batch grader runs
:func:`probe_answer` in a sandboxed process and :func:`judge` in its own, from
the outcomes as JSON: no judge touches a live object of the learner's.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import os
import signal
import sys
import textwrap
import threading
import traceback
import warnings
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from caire_exercises.engine.compare import ATOL, RTOL, compare, describe, format_value
from caire_exercises.model.errors import MissingExtraError
from caire_exercises.model.exercise import Case, Exercise, Mistake
from caire_exercises.model.i18n import N_, Message, Text, message
from caire_exercises.engine.plain import to_plain
from caire_exercises.engine.report import CaseResult, Result
from caire_exercises.engine.copies import call_on_copies

_PACKAGE_DIR = str(Path(__file__).resolve().parent)


class CheckTimeout(BaseException):
    """Raised inside an answer that ran past its time (a BaseException, so `except Exception` in
    the learner's code does not swallow it)."""


# ------------------------------------------------------------------ placeholders


def is_placeholder(value: Any) -> bool:
    """Whether `value` is what a notebook ships before the learner writes anything.

    ``None``, ``...``, a function whose body is only a docstring, ``...``,
    ``pass`` or ``raise NotImplementedError``, and a dict of choices whose values are all
    ``None`` or ``...`` (a quiz answer not started).
    """
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, dict) and value and all(item is None or item is Ellipsis
                                                 for item in value.values()):
        return True
    if inspect.isfunction(value):
        return _is_stub_function(value)
    return False


def _is_stub_function(function: Callable[..., Any]) -> bool:
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return _is_stub_bytecode(function)
    definitions = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not definitions:
        return False
    body = list(definitions[0].body)
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # a docstring or a bare `...`
        if isinstance(statement, ast.Raise) and "NotImplementedError" in ast.unparse(statement):
            continue
        return False
    return True


def _stub(*args: Any, **kwargs: Any) -> None:
    ...


def _is_stub_bytecode(function: Callable[..., Any]) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code == _stub.__code__.co_code


# ---------------------------------------------------------------------- probes


def default_probe(kind: str, answer_names: Sequence[str]) -> Callable[[Mapping[str, Any], Case], Any]:
    """The probe used when an exercise declares none.

    For a function: call it on copies of the case's inputs and report the
    value and which inputs it changed in place. For a value or a choice: the
    value itself.
    """
    name = answer_names[0]

    def call_function(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        value, mutated = call_on_copies(answers[name], case.args, case.kwargs)
        return {"value": value, "mutated": mutated}

    def give_value(answers: Mapping[str, Any], case: Case) -> dict[str, Any]:
        return {"value": answers[name] if len(answer_names) == 1 else dict(answers)}

    return call_function if kind == "function" else give_value


#: The extra of caire-exercises that installs each optional module an exercise may require.
EXTRAS = {"torch": "torch", "datasets": "nlp"}


def require_extras(exercise: Exercise) -> None:
    """Raise :class:`MissingExtraError` if a module in ``exercise.requires`` is not installed.

    Checked before anything runs, so that a missing extra reads as one sentence
    with the ``pip install`` line, never as an error in the learner's code.
    """
    for module in exercise.requires:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # an import hook that refuses it, a broken entry
            found = False
        if not found:
            raise MissingExtraError(module, EXTRAS.get(module, module), f"The exercise {exercise.id}")


def offline_hugging_face() -> None:
    """Keep Hugging Face libraries offline; must run before `datasets` is first imported."""
    for variable, value in (("HF_HUB_OFFLINE", "1"), ("HF_DATASETS_OFFLINE", "1"),
                            ("HF_UPDATE_DOWNLOAD_COUNTS", "0")):
        os.environ.setdefault(variable, value)


def probe_of(exercise: Exercise) -> Callable[[Mapping[str, Any], Case], Any]:
    return exercise.probe or default_probe(exercise.kind, exercise.answer_names)


def probe_answer(
    exercise: Exercise,
    answers: Mapping[str, Any],
    cases: Sequence[Case],
    *,
    guarded: bool = True,
) -> list[dict[str, Any]]:
    """Run `answers` through the exercise's probe on every case; one plain outcome per case.

    With ``guarded`` (a learner's answer) each case has a time limit, and an
    exception is caught and described as the learner's. Warnings are silenced:
    they never cost points.
    """
    require_extras(exercise)
    for module in exercise.requires:
        # Imported here, outside the cases' time limits: a first `import torch` takes
        # seconds, and an import cut short by the limit leaves torch broken for the session.
        # Its import-time warnings (tqdm's "IProgress not found" in a notebook without
        # ipywidgets) say nothing a learner can act on.
        if module == "datasets":
            offline_hugging_face()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            importlib.import_module(module)
    probe = probe_of(exercise)
    outcomes: list[dict[str, Any]] = []
    for case in cases:
        seconds = case.timeout or exercise.timeout
        if outcomes and outcomes[-1]["status"] in ("timeout", "skipped"):
            # An answer that loops for ever would cost the learner every case's limit.
            outcomes.append({"status": "skipped", "seconds": seconds})
            continue
        # The probe never sees what only the judge may know about a case.
        seen = case.public()
        if not guarded:
            data = probe(answers, seen)
            outcomes.append({"status": "ok", "data": to_plain(data)})
            continue
        outcomes.append(_guarded_probe(probe, answers, seen, seconds))
    return outcomes


def _guarded_probe(probe: Callable[..., Any], answers: Mapping[str, Any], case: Case,
                   seconds: float) -> dict[str, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = run_with_time_limit(lambda: probe(answers, case), seconds)
    except CheckTimeout:
        return {"status": "timeout", "seconds": seconds}
    except RecursionError as error:
        return describe_exception(error)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the learner's, reported as theirs
        # sys.exit() inside an answer is the answer's error, not a reason to end the kernel,
        # the script or the sandbox that checks it. KeyboardInterrupt still stops the check.
        return describe_exception(error)
    try:
        return {"status": "ok", "data": to_plain(data)}
    except Exception as error:  # noqa: BLE001
        return {"status": "not_plain", "message": str(error)}


#: In the grader's sandbox, a case's limit is counted in the process's own CPU time (so that a
#: loaded machine does not fail an honest answer), with a wall-clock ceiling of this many times
#: the limit for an answer that sleeps or waits. The runner turns it on before any cell runs.
WALL_CEILING = 3.0
CPU_TIME_LIMITS = False


def run_with_time_limit(function: Callable[[], Any], seconds: float) -> Any:
    """Call `function`, raising :class:`CheckTimeout` after `seconds` of wall time.

    A SIGALRM timer interrupts a loop that never ends where the platform has
    one and we are in the main thread (Jupyter kernels, the grader's sandbox).
    Elsewhere the call runs in a thread that is abandoned after the limit.
    With :data:`CPU_TIME_LIMITS` on (the grader), the limit is `seconds` of CPU
    time (SIGPROF), and :data:`WALL_CEILING` times it of wall time.
    """
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def on_alarm(signum: int, frame: Any) -> None:
            raise CheckTimeout()

        cpu = CPU_TIME_LIMITS and hasattr(signal, "ITIMER_PROF")
        previous = signal.signal(signal.SIGALRM, on_alarm)
        previous_prof = signal.signal(signal.SIGPROF, on_alarm) if cpu else None
        if cpu:
            signal.setitimer(signal.ITIMER_PROF, seconds)
        signal.setitimer(signal.ITIMER_REAL, seconds * WALL_CEILING if cpu else seconds)
        try:
            return function()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if cpu:
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, previous_prof)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the caller
            box["error"] = error

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise CheckTimeout()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def describe_exception(error: BaseException) -> dict[str, Any]:
    """A learner's exception as plain data, with the line of *their* code that raised it."""
    line: int | None = None
    code = ""
    where = ""
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        if _is_learner_file(filename):
            line, where = lineno, frame.f_code.co_name
            import linecache

            code = linecache.getline(filename, lineno).strip()
    return {"status": "error", "type": type(error).__name__, "message": shorten_error(str(error)),
            "line": line, "code": code, "function": where}


#: How much of an error message is kept: its start, and its end, where libraries often put the cause.
ERROR_HEAD, ERROR_TAIL = 400, 800


def shorten_error(message: str) -> str:
    """`message` kept whole when short; else its start and its end, never cut before its cause.

    >>> shorten_error("x" * 2000).count("[…]")
    1
    """
    if len(message) <= ERROR_HEAD + ERROR_TAIL + 5:
        return message
    return f"{message[:ERROR_HEAD]} […] {message[-ERROR_TAIL:]}"


def _is_learner_file(filename: str) -> bool:
    if filename.startswith(_PACKAGE_DIR):
        return False
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}:
        if filename.startswith(os.path.join(prefix, "lib")):
            return False
    if "site-packages" in filename or "dist-packages" in filename:
        return False
    return not (filename.startswith("<frozen") or filename == "<string>")


# ----------------------------------------------------------------------- judge


def judge(
    exercise: Exercise,
    cases: Sequence[Case],
    outcomes: Sequence[Mapping[str, Any]],
    *,
    expected: Sequence[Mapping[str, Any]] | None = None,
) -> Result:
    """The result of an answer from its probe outcomes (plain data only)."""
    if expected is None:
        expected = own_outcomes(exercise, exercise.reference, cases, guarded=False)

    def outcomes_of(mistake: Mistake) -> list[dict[str, Any]]:
        return own_outcomes(exercise, mistake.answer, cases, guarded=True)

    verdicts = [_judge_case(exercise, case, outcome, want["data"])
                for case, outcome, want in zip(cases, outcomes, expected)]
    failed = [index for index, verdict in enumerate(verdicts) if verdict is not None]
    explained: dict[str, set[int]] = {}
    # Which facts hold for a piece of data, computed once per judgement: the learner's data is
    # held against every declared mistake's.
    held: dict[tuple[int, int], tuple[bool, ...]] = {}
    if failed:
        for mistake in exercise.mistakes:
            theirs = outcomes_of(mistake)
            explained[mistake.id] = {index for index in failed
                                     if _same_outcome(exercise, cases[index], outcomes[index],
                                                      theirs[index], expected[index], held)}
    recognised = _recognised_mistakes(explained, failed, parts=len(exercise.answer_names))

    results: list[CaseResult] = []
    for index, (case, outcome, want) in enumerate(zip(cases, outcomes, expected)):
        verdict = verdicts[index]
        status = "passed" if verdict is None else (
            "timeout" if outcome["status"] == "skipped" else
            outcome["status"] if outcome["status"] in ("error", "timeout")
            and outcome.get("type") != PART_NOT_ANSWERED else "failed")
        shown = not case.hidden
        # A course may keep a quiz's expected answers out of its feedback (``show_expected``).
        reveal = shown and case.private.get("show_expected", True) is not False
        results.append(CaseResult(
            name=case.name,
            passed=verdict is None,
            status=status,
            message=verdict,
            hidden=case.hidden,
            label=case.label,
            weight=case.weight,
            expected=_value_text(want["data"]) if reveal else None,
            obtained=_obtained_text(outcome) if shown else None,
            mistake=next((key for key in recognised if index in explained[key]), None),
            figure=_figure(exercise, case, outcome, want["data"]) if shown else None,
        ))
    feedback = {m.id: m.feedback for m in exercise.mistakes if m.id in recognised}
    return Result.from_cases(exercise, results, mistakes=recognised, mistake_feedback=feedback)


def _recognised_mistakes(explained: Mapping[str, set[int]], failed: Sequence[int], *,
                         parts: int) -> list[str]:
    """The declared mistakes that explain the failed cases, the most telling first.

    The mistake that explains the most failed cases (the first declared on a tie) is named
    only when it explains at least half of them: a mistake that matches one failed case by
    chance among many would give advice about an error the learner did not make. When other
    mistakes explain exactly the same failures, nothing observed tells them apart: all of them
    are named, so the learner reads each one that fits, and no other is sought. An answer in
    several parts may hold one mistake in each, so up to one mistake a part is named, each
    explaining at least half of the failures the ones before it left unexplained.
    """
    recognised: list[str] = []
    remaining = set(failed)
    while remaining and len(recognised) < max(parts, 1):
        candidates = [key for key in explained if key not in recognised]
        best = max(candidates, key=lambda key: len(explained[key] & remaining), default=None)
        if best is None:
            break
        covered = explained[best] & remaining
        if not covered or 2 * len(covered) < len(remaining):
            break
        alike = [key for key in candidates if key != best and explained[key] & remaining == covered]
        recognised.append(best)
        if alike:
            recognised.extend(alike)
            break
        remaining -= covered
    return recognised


#: The largest figure kept in a result (SVG text).
MAX_FIGURE_CHARS = 200_000

_OWN_OUTCOMES: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_OWN_ANSWERS: dict[int, Any] = {}
OWN_OUTCOMES_KEPT = 4096


def own_outcomes(exercise: Exercise, answer: Any, cases: Sequence[Case], *,
                 guarded: bool) -> list[dict[str, Any]]:
    """The outcomes of one of the exercise's own answers (the reference, a mistake) on `cases`.

    The one memo of the library's own answers, for the notebook and the
    grader alike. An outcome depends only on the case's public inputs, so it
    is computed once per process and case and remembered: the judge needs the
    reference's outcomes for every check, and the mistakes' for every failed
    one, and most cases are the same for every student. The answer objects
    are kept alive, so their ``id`` cannot be reused while the memo lives.
    """
    _OWN_ANSWERS.setdefault(id(answer), answer)
    keys = [(exercise.id, id(answer), guarded, case.public().fingerprint()) for case in cases]
    missing = [index for index, key in enumerate(keys) if key not in _OWN_OUTCOMES]
    if missing:
        found = probe_answer(exercise, answers_of(exercise, answer), [cases[i] for i in missing],
                             guarded=guarded)
        for index, outcome in zip(missing, found):
            _OWN_OUTCOMES[keys[index]] = outcome
    result = []
    for key in keys:
        _OWN_OUTCOMES.move_to_end(key)
        result.append(_OWN_OUTCOMES[key])
    while len(_OWN_OUTCOMES) > OWN_OUTCOMES_KEPT:
        _OWN_OUTCOMES.popitem(last=False)
    return result


def _figure(exercise: Exercise, case: Case, outcome: Mapping[str, Any], expected: Any) -> str | None:
    if exercise.figure is None or outcome["status"] != "ok":
        return None
    try:
        figure = exercise.figure(case, outcome["data"], expected)
    except Exception:  # noqa: BLE001 - a picture that cannot be drawn must not fail the check
        return None
    # A learner's output of an unexpected size must not make a feedback page of megabytes.
    return figure if isinstance(figure, str) and len(figure) <= MAX_FIGURE_CHARS else None


def _value_text(data: Any) -> str:
    return format_value(data.get("value", data) if isinstance(data, dict) else data)


def _obtained_text(outcome: Mapping[str, Any]) -> str | None:
    return _value_text(outcome["data"]) if outcome["status"] == "ok" else None


def _same_outcome(exercise: Exercise, case: Case, outcome: Mapping[str, Any],
                  other: Mapping[str, Any], expected: Mapping[str, Any],
                  held: dict[tuple[int, int], tuple[bool, ...]] | None = None) -> bool:
    """Whether the learner's outcome on `case` is the declared mistake's (`other`).

    Errors match by type and message; data matches when the same inputs were
    changed in place, the same facts hold and fail against the reference's
    data (`expected`), and, where the exercise compares values or has checks,
    the learner's data passes when the mistake's is taken as the expected one.
    """
    if outcome["status"] != other["status"]:
        return False
    if outcome["status"] == "error":
        # Same type and same message: a ValueError of the learner's own is not, by its type
        # alone, the ValueError a declared mistake raises.
        return bool(outcome["type"] == other["type"] and outcome["message"] == other["message"])
    if outcome["status"] != "ok":
        return True
    mine, theirs = outcome["data"], other["data"]
    if isinstance(mine, dict) and isinstance(theirs, dict):
        if list(mine.get("mutated") or []) != list(theirs.get("mutated") or []):
            return False
    if exercise.facts:
        want = expected.get("data") if expected.get("status") == "ok" else None
        memo: dict[tuple[int, int], tuple[bool, ...]] = {} if held is None else held

        def facts_of(data: Any) -> tuple[bool, ...]:
            key = (id(data), id(case))
            if key not in memo:
                memo[key] = fact_results(exercise, case, data, want)
            return memo[key]

        if facts_of(mine) != facts_of(theirs):
            return False
        if not exercise.checks and not exercise.compare_values:
            return True
    if isinstance(mine, dict) and "mutated" in mine:
        mine = {key: value for key, value in mine.items() if key != "mutated"}
    return _judge_case(exercise, case, {"status": "ok", "data": mine}, theirs, facts=False) is None


def fact_results(exercise: Exercise, case: Case, observed: Any, expected: Any) -> tuple[bool, ...]:
    """Which of the exercise's facts hold for `observed` on `case`, in declaration order."""
    return tuple(fact.evaluate(observed, expected, case) for fact in exercise.facts)


def _judge_case(exercise: Exercise, case: Case, outcome: Mapping[str, Any],
                expected: Any, *, facts: bool = True) -> Message | None:
    """``None`` when the case passes, else what to tell the learner.

    In order: the outcome's status, inputs changed in place, the exercise's
    checks, its facts (the first that does not hold), then the values.
    """
    status = outcome["status"]
    if status == "timeout":
        return message(N_("Stopped after {seconds} s: the answer took too long (an endless loop, or "
                          "work far heavier than the exercise needs?)."),
                       seconds=f"{outcome['seconds']:g}")
    if status == "skipped":
        return message(N_("Not run: an earlier case ran out of time."))
    if status == "error":
        if outcome.get("type") == PART_NOT_ANSWERED:
            return message(N_("Not answered yet: this case needs `{name}`, which your notebook does not "
                              "define yet (or still holds its placeholder). Write it, then check again."),
                           name=outcome.get("message", ""))
        if outcome.get("line"):
            return message(N_("Your code raised {type}: {error} (line {line}: {code})"),
                           type=outcome["type"], error=outcome["message"], line=outcome["line"],
                           code=outcome.get("code", ""))
        # No line of the learner's files in the traceback: the error arose in a library their
        # answer called, or while the checker read what their answer returned.
        return message(N_("Running your answer raised {type}: {error}. No line of your notebook "
                          "is in the traceback: look at what your answer returns (its type and "
                          "shape) and at what it passes to the libraries it calls."),
                       type=outcome["type"], error=outcome["message"])
    if status == "not_plain":
        return message(N_("The answer gave an object that cannot be checked: {detail}."),
                       detail=outcome["message"])
    obtained = outcome["data"]
    if isinstance(obtained, dict) and obtained.get("mutated"):
        arguments = ", ".join(str(i + 1) for i in obtained["mutated"])
        return message(N_("Your function changed its input in place (argument {which}). "
                          "Work on a copy (X = X.copy() for an array, df = df.copy() for a table) or build "
                          "a new result instead."), which=arguments)
    for check in exercise.checks:
        feedback = check(obtained, expected, case)
        if feedback is not None:
            return feedback if isinstance(feedback, Message) else message(
                feedback if isinstance(feedback, Text) else Text(en=feedback, fr=feedback))
    if facts:
        for fact in exercise.facts:
            if not fact.evaluate(obtained, expected, case):
                return fact.message(obtained, expected, case)
    if not exercise.compare_values:
        return None
    got = obtained.get("value") if isinstance(obtained, dict) else obtained
    want = expected.get("value") if isinstance(expected, dict) else expected
    if got is None and want is not None:
        return message(N_("The answer returned None: did you forget `return`?"))
    return compare(got, want, rtol=RTOL if case.rtol is None else case.rtol,
                   atol=ATOL if case.atol is None else case.atol)


# ------------------------------------------------------------- answers helpers


def reference_answers(exercise: Exercise) -> dict[str, Any]:
    return answers_of(exercise, exercise.reference)


def answers_of(exercise: Exercise, answer: Any) -> dict[str, Any]:
    """A declared answer (the reference or a mistake) as a dict {answer name: object}."""
    if len(exercise.answer_names) > 1:
        return dict(answer)
    return {exercise.answer_names[0]: answer}


class PartNotAnswered(KeyError):
    """A case needed a part of a multi-part answer that the learner has not written yet."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class PartialAnswers(dict):  # type: ignore[type-arg]
    """The parts a learner wrote of a multi-part answer; a part not written raises
    :class:`PartNotAnswered` when a probe reads it, so that only the cases that need it fail."""

    def __missing__(self, name: str) -> Any:
        raise PartNotAnswered(name)


#: The error type a case reports when it needed a part that is not written yet.
PART_NOT_ANSWERED = PartNotAnswered.__name__


def kind_problem(exercise: Exercise, answers: Mapping[str, Any]) -> Message | None:
    """A sentence saying what was expected when an answer is not of the exercise's kind."""
    # The grader's sandbox holds a ProbeSide, which knows which parts are functions but not
    # the reference itself.
    functions = getattr(exercise, "function_parts", None)
    if functions is None:
        references = answers_of(exercise, exercise.reference)
        functions = frozenset(name for name in exercise.answer_names if callable(references.get(name)))
    for name in exercise.answer_names:
        if name not in answers:
            continue
        value = answers[name]
        if exercise.kind == "function" and name not in functions:
            # A part answered with a value in a function exercise (a case worked by hand
            # before the code): it is a value, as the reference's part is.
            if callable(value) and not isinstance(value, type):
                return message(N_("`{name}` should be a value, not a function: call your function and "
                                  "pass its result."), name=name)
            continue
        if exercise.kind == "function" and not callable(value):
            return message(N_("`{name}` should be a function, but it is {got}. "
                              "Define it with `def {name}(...):`."), name=name, got=describe(value))
        if exercise.kind == "estimator" and not (hasattr(value, "fit") or callable(value)):
            return message(N_("`{name}` should be an unfitted scikit-learn estimator (or a function "
                              "that returns one), but it is {got}."), name=name, got=describe(value))
        if exercise.kind in ("value", "choice") and callable(value) and not isinstance(value, type):
            return message(N_("`{name}` should be a value, not a function: call your function and "
                              "pass its result."), name=name)
    return None
