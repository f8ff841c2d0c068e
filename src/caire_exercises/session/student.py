"""The learner's side of the loop: who the student is, finding answers, showing feedback.

This module holds the little state a notebook session has: the student set
once with :func:`set_student` (or ``CAIRE_STUDENT``), and how far each
exercise's hints have been read.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import operator
import os
import random
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from caire_exercises.model.errors import AnswerTypeError, UnknownExerciseError
from caire_exercises.model.exercise import Exercise
from caire_exercises.session.learner import get_student, set_student
from caire_exercises.model.i18n import N_, Message, get_language, message, translate
from caire_exercises.engine.report import Result

_hints_read: dict[tuple[str, str | None], int] = {}


def solutions_allowed() -> bool:
    """Whether the course lets learners see solutions (``CAIRE_SOLUTIONS=off`` turns them off)."""
    from caire_exercises.model.exercise import solutions_allowed as allowed

    return allowed()


def in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ipython = shell.get_ipython()  # type: ignore[attr-defined]
    return ipython is not None and type(ipython).__name__ != "TerminalInteractiveShell"


def _ipython() -> Any:
    shell = sys.modules.get("IPython")
    return shell.get_ipython() if shell is not None else None  # type: ignore[attr-defined]


def _bundle(obj: Any, text: str) -> dict[str, str]:
    """The MIME bundle of `obj`, with `text` as its plain-text form (for text-only front ends)."""
    bundle = {"text/plain": text}
    if hasattr(obj, "_repr_html_"):
        bundle["text/html"] = obj._repr_html_()
    elif hasattr(obj, "_repr_markdown_"):
        bundle["text/markdown"] = obj._repr_markdown_()
    return bundle


def _show(obj: Any, text: str) -> None:
    if in_notebook():
        from IPython.display import display

        display(_bundle(obj, text), raw=True)
    else:
        print(text)


# Objects shown by the call that returned them, during the cell being run. When such a call
# is also the cell's last expression, IPython displays its value again: that second display
# is skipped, and only in that cell (a result kept in a variable shows in a later cell).
_shown_this_cell: list[Any] = []
_hooked_shells: set[int] = set()


def _forget_shown(*_: Any) -> None:
    for obj in _shown_this_cell:
        if isinstance(obj, Result):
            obj._suppress_display = False
    _shown_this_cell.clear()


def _mark_shown(obj: Any) -> None:
    """Remember that `obj` was just shown, until the end of the cell (only under IPython)."""
    ipython = _ipython()
    if ipython is None or not hasattr(ipython, "events"):
        return
    if id(ipython) not in _hooked_shells:
        ipython.events.register("post_run_cell", _forget_shown)
        _hooked_shells.add(id(ipython))
    if isinstance(obj, Result):
        obj._suppress_display = True
    _shown_this_cell.append(obj)


def _was_shown(obj: Any) -> bool:
    return any(item is obj for item in _shown_this_cell)


def notebook_namespace() -> Mapping[str, Any] | None:
    """IPython's user namespace, where a notebook's names live (``None`` outside IPython)."""
    return getattr(_ipython(), "user_ns", None)


def collect_answers(exercise: Exercise, positional: Sequence[Any],
                    named: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of a call to ``check``, keyed by answer name."""
    names = exercise.answer_names
    if positional and named:
        raise AnswerTypeError("Pass the answer either by position or by name, not both.",
                              exercise_id=exercise.id)
    if len(positional) > 1 or (positional and len(names) > 1):
        joined = ", ".join(f"{name}={name}" for name in names)
        raise AnswerTypeError(
            f"This exercise has {len(names)} parts; pass them by name: ex.check({joined}).",
            exercise_id=exercise.id, expected=joined)
    if positional:
        return {names[0]: positional[0]}
    if named:
        unknown = [key for key in named if key not in names]
        if unknown:
            raise AnswerTypeError(
                f"{exercise.id} has no part called {unknown[0]!r}; its parts are: {', '.join(names)}.",
                exercise_id=exercise.id, expected=", ".join(names))
        return dict(named)
    namespace = notebook_namespace()
    if namespace is None:
        joined = ", ".join(f"{name}={name}" for name in names) if len(names) > 1 else names[0]
        raise AnswerTypeError(
            translate(_NOT_IN_NOTEBOOK, None, call=f"ex.check({joined})"),
            exercise_id=exercise.id, expected=names[0])
    return {name: namespace[name] for name in names if name in namespace}


_NOT_IN_NOTEBOOK = N_("Pass your answer to check, e.g. {call}: looking it up by name only works in a "
                      "notebook (IPython or Jupyter).")

#: How much of what an answer prints is shown (it runs once per case, so prints add up).
PRINTED_LINES = 20
PRINTED_CHARS = 4000

_MORE_PRINTED = N_("[... {lines} more lines printed by your answer during the check, not shown]")


class _BoundedOutput(io.TextIOBase):
    """A text stream that keeps the start of what is written and counts the rest."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.kept_chars = 0
        self.lines = 0
        self.ends_with_newline = True
        self.dropped = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        self.lines += text.count("\n")
        if text:
            self.ends_with_newline = text.endswith("\n")
        room = PRINTED_CHARS - self.kept_chars
        if room > 0:
            self.kept.append(text[:room])
            self.kept_chars += min(len(text), room)
        if len(text) > room:
            self.dropped = True
        return len(text)

    def shown(self) -> str:
        """The first lines written, then how many more there were."""
        text = "".join(self.kept)
        lines = text.splitlines(keepends=True)
        total = self.lines + (0 if self.ends_with_newline else 1)
        head = "".join(lines[:PRINTED_LINES])
        if not self.dropped and len(lines) <= PRINTED_LINES:
            return text
        hidden = max(total - min(len(lines), PRINTED_LINES), 1)
        return head.rstrip("\n") + "\n" + translate(_MORE_PRINTED, None, lines=hidden) + "\n"


@contextlib.contextmanager
def _answer_output() -> Iterator[None]:
    """Let what the answer prints through, but only its first lines: a print in the
    learner's function runs once per case and must not bury the report."""
    out, err = _BoundedOutput(), _BoundedOutput()
    real_out, real_err = sys.stdout, sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield
    finally:
        for captured, stream in ((out, real_out), (err, real_err)):
            if captured.kept_chars and stream is not None:
                stream.write(captured.shown())
                with contextlib.suppress(Exception):
                    stream.flush()


@contextlib.contextmanager
def _learner_state_kept() -> Iterator[None]:
    """Put back the global state a check may change: a check runs the learner's answer and the
    reference several times, and neither may reseed the learner's random generators, change
    the folder they work in, or their floating-point error settings."""
    import numpy as np

    cwd = _getcwd()
    numpy_random = np.random.get_state()
    numpy_errors = np.geterr()
    python_random = random.getstate()
    torch_state = _torch_state()
    backend = _matplotlib_backend()
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            if cwd is not None and _getcwd() != cwd:
                os.chdir(cwd)
        np.random.set_state(numpy_random)
        np.seterr(**numpy_errors)
        random.setstate(python_random)
        _restore_torch(torch_state)
        _restore_matplotlib(backend)


def _getcwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # the folder was removed under us
        return None


def _torch_state() -> dict[str, Any] | None:
    torch = sys.modules.get("torch")
    if torch is None or not hasattr(torch, "get_rng_state"):
        return None
    try:
        return {"rng": torch.get_rng_state(), "grad": torch.is_grad_enabled(),
                "dtype": torch.get_default_dtype(),
                "deterministic": torch.are_deterministic_algorithms_enabled()}
    except Exception:  # noqa: BLE001 - a half-imported torch: nothing to keep
        return None


def _restore_torch(state: dict[str, Any] | None) -> None:
    torch = sys.modules.get("torch")
    if state is None or torch is None:
        return
    with contextlib.suppress(Exception):
        torch.set_rng_state(state["rng"])
        torch.set_grad_enabled(state["grad"])
        torch.set_default_dtype(state["dtype"])
        if torch.are_deterministic_algorithms_enabled() != state["deterministic"]:
            torch.use_deterministic_algorithms(state["deterministic"])


def _matplotlib_backend() -> str | None:
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is None:
        return None
    try:
        # The raw setting: reading rcParams["backend"] would resolve (and import) a backend.
        return str(dict.__getitem__(matplotlib.rcParams, "backend"))
    except Exception:  # noqa: BLE001
        return None


def _restore_matplotlib(backend: str | None) -> None:
    matplotlib = sys.modules.get("matplotlib")
    if backend is None or matplotlib is None or _matplotlib_backend() == backend:
        return
    with contextlib.suppress(Exception):
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None and hasattr(pyplot, "switch_backend"):
            pyplot.switch_backend(backend)
        else:
            dict.__setitem__(matplotlib.rcParams, "backend", backend)


_GRADER_NOTE = N_("Checked by the grader.")


def check_in_session(exercise: Exercise, positional: Sequence[Any], named: Mapping[str, Any],
                     *, quiet: bool = False) -> Result:
    from caire_exercises.engine.attempt import check_answers
    from caire_exercises.session.progress import record

    if os.environ.get("CAIRE_GRADING") == "1":
        # A graded notebook: the grader checks every answer itself, outside this process, and
        # nothing this call returns counts; checking here would only spend the notebook's time.
        return Result(exercise_id=exercise.id, title=exercise.title, passed=False, score=0.0,
                      points=0.0, max_points=exercise.points, status="not_attempted",
                      note=message(_GRADER_NOTE))
    answers = collect_answers(exercise, positional, named)
    with _learner_state_kept(), _answer_output():
        result = check_answers(exercise, answers)
    result.language = get_language()
    record(result, module=exercise.module)
    if not quiet:
        _show(result, result.text())
        _mark_shown(result)
    return result


_HINT_NUMBERS = N_("Hints are numbered from 1 to {total}, e.g. ex.hint(1); not {given}.")


def _hint_number(number: Any, total: int, exercise: Exercise) -> int:
    """`number` as a hint number: an integer (a NumPy one too) or its digits ("2")."""
    try:
        if isinstance(number, bool):
            raise TypeError
        if isinstance(number, str):
            value = int(number.strip())
        else:
            value = operator.index(number)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise AnswerTypeError(translate(_HINT_NUMBERS, None, total=max(total, 1), given=repr(number)),
                              exercise_id=exercise.id, expected=f"1 to {total}")
    return value


class ShownMessage(Message):
    """A message that was displayed when it was returned (a hint): not displayed again by
    IPython when the call is the cell's last expression."""

    def _ipython_display_(self) -> None:
        if _was_shown(self):
            return
        from IPython.display import display

        text = self.render()
        display({"text/markdown": text, "text/plain": text}, raw=True)

    def __repr__(self) -> str:
        return self.render()


class ShownSource(str):
    """Source code that was displayed when it was returned (a solution); otherwise a str."""

    def _ipython_display_(self) -> None:
        if _was_shown(self):
            return
        from IPython.display import display

        display({"text/markdown": f"```python\n{self}```", "text/plain": str(self)}, raw=True)


def show_hint(exercise: Exercise, number: int | str | None = None) -> Message:
    key = (exercise.id, exercise.student)
    # A course may let learners see only the first hints (max_hints).
    total = len(exercise.allowed_hints)
    if total == 0:
        shown = message(N_("This exercise has no hints."))
    else:
        if number is None:
            number = min(_hints_read.get(key, 0) + 1, total + 1)
        number = _hint_number(number, total, exercise)
        if number > total:
            shown = message(N_("No more hints: there were {total}. You can ask for the solution "
                               "with ex.solution()."), total=total)
        else:
            _hints_read[key] = max(_hints_read.get(key, 0), number)
            shown = message(N_("Hint {number}/{total}: {hint}"), number=number, total=total,
                            hint=exercise.allowed_hints[number - 1])
    hint = ShownMessage(shown.template, shown.values)
    _show(_Markdown(hint.render()), hint.render())
    _mark_shown(hint)
    return hint


def show_solution(exercise: Exercise) -> str | None:
    if not solutions_allowed():
        text = translate(N_("Your course has turned solutions off for now. Ask your teacher, or "
                            "try the hints: ex.hint()."))
        _show(_Markdown(text), text)
        return None
    source = ShownSource(exercise.solution_source())
    _show(_Markdown(f"```python\n{source}```"), source)
    _mark_shown(source)
    return source


class _Markdown:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def exercise_for(exercise_id: str, student: str | None) -> Exercise:
    from caire_exercises.engine.registry import registry

    if not isinstance(exercise_id, str):
        raise AnswerTypeError(translate(_ID_NOT_A_STRING, None, given=repr(exercise_id)[:80]),
                              expected="a string")
    known = registry()
    wanted = exercise_id.strip()
    if wanted not in known:
        raise UnknownExerciseError(exercise_id, _suggestions(wanted, known)) from None
    exercise = known.get(wanted)
    return exercise.for_student(student if student is not None else get_student())


class LearnerExercise:
    """An exercise bound to the learner's notebook: it shows its statement, checks, hints.

    The :class:`~caire_exercises.authoring.Exercise` itself is pure data;
    ``cx.get(...)`` hands the learner this object, which reads every field of
    the exercise (``ex.id``, ``ex.params``, ...) and adds what a session does:
    :meth:`check`, :meth:`hint`, :meth:`solution` and its display.
    """

    __slots__ = ("exercise",)

    def __init__(self, exercise: Exercise) -> None:
        object.__setattr__(self, "exercise", exercise)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.exercise, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an exercise is read-only; {name!r} cannot be set")

    def __eq__(self, other: object) -> bool:
        other = other.exercise if isinstance(other, LearnerExercise) else other
        return self.exercise == other

    def __hash__(self) -> int:
        return hash(self.exercise)

    def for_student(self, student: str | None) -> LearnerExercise:
        return LearnerExercise(self.exercise.for_student(student))

    def check(self, *answer: Any, quiet: bool = False, **answers: Any) -> Result:
        """Check an answer, show the feedback, record the progress and return the result.

        ``ex.check(zscore)`` passes the answer; ``ex.check(assign=a, update=u)``
        passes the parts of a multi-part answer by name; ``ex.check()`` looks
        the answer up under its name in the notebook.
        """
        return check_in_session(self.exercise, answer, answers, quiet=quiet)

    def hint(self, number: int | None = None) -> Message:
        """Show the next hint (or hint `number`, from 1) and return it."""
        return show_hint(self.exercise, number)

    def with_settings(self, **settings: Any) -> LearnerExercise:
        """This exercise as the course sets it up (``domains``, ``items``, ``show_expected``, ``max_hints``)."""
        return LearnerExercise(self.exercise.with_settings(**settings))

    def form(self, **options: Any) -> Any:
        """A no-code exercise's form: its items as widgets and a button that checks them.

        The answer is written into the notebook's variable, as if typed; without widgets,
        how to write it. See :mod:`caire_exercises.session.forms`.
        """
        from caire_exercises.session.forms import form

        if getattr(self.exercise, "sandboxed", False):
            return None  # the grader re-runs the code; a form's widgets have nothing to do there
        return form(self.exercise, sys.modules[__name__], **options)

    def solution(self) -> str | None:
        """Show the reference solution, unless the course turned solutions off."""
        return show_solution(self.exercise)

    def solution_source(self, *, teacher: bool = False) -> str | None:
        """The reference solution as source code, or None when the course turned solutions off
        (a teacher's tool asks past it with `teacher`)."""
        return self.exercise.solution_source(teacher=True) if teacher or solutions_allowed() else None

    def _repr_markdown_(self) -> str:
        from caire_exercises.engine.report import exercise_markdown

        if getattr(self.exercise, "sandboxed", False):
            return f"**{self.exercise.title_in()}** (`{self.exercise.id}`)"
        return exercise_markdown(self.exercise)

    def __repr__(self) -> str:
        from caire_exercises.engine.report import exercise_text

        if getattr(self.exercise, "sandboxed", False):
            # In the grader's sandbox: what a notebook holds there (see engine.probe_side).
            return f"{self.exercise.title_in()} ({self.exercise.id})"
        return exercise_text(self.exercise)

    def __str__(self) -> str:
        return self.__repr__()

    def __dir__(self) -> list[str]:
        return sorted(set(dir(type(self))) | set(dir(self.exercise)))


def learner_exercise(exercise: Exercise | LearnerExercise) -> LearnerExercise:
    """`exercise` bound to the learner's session."""
    return exercise if isinstance(exercise, LearnerExercise) else LearnerExercise(exercise)


_ID_NOT_A_STRING = N_("An exercise id is a string such as 'numpy.zscore', not {given}. "
                      "cx.catalog() lists them.")


def _suggestions(wanted: str, known: Any) -> list[str]:
    """Known ids close to `wanted`, whatever its capitals (``NUMPY.ZSCORE``, ``Zscore``)."""
    found = list(known.suggest(wanted))
    by_folded: dict[str, str] = {}
    for exercise in known.exercises():
        by_folded.setdefault(exercise.id.casefold(), exercise.id)
        by_folded.setdefault(exercise.id.split(".", 1)[-1].casefold(), exercise.id)
    for close in difflib.get_close_matches(wanted.casefold(), list(by_folded), n=3, cutoff=0.6):
        if by_folded[close] not in found:
            found.append(by_folded[close])
    exact = by_folded.get(wanted.casefold())
    if exact is not None:  # the same id in other capitals: that one first
        found = [exact] + [item for item in found if item != exact]
    return found[:3]


def get(exercise: str | Exercise, *, student: str | None = None) -> LearnerExercise:
    """The exercise `exercise` (an id, or a declared Exercise), in `student`'s variant.

    The default student is the notebook's (:func:`set_student`, ``CAIRE_STUDENT``).

    Raises
    ------
    UnknownExerciseError
        With the closest known ids, if `exercise` is an id that does not exist.
    """
    if isinstance(exercise, LearnerExercise):
        exercise = exercise.exercise
    if isinstance(exercise, Exercise):
        return LearnerExercise(exercise.for_student(student if student is not None else get_student()))
    return LearnerExercise(exercise_for(exercise, student))


def modules() -> list[Any]:
    """The declared modules in catalogue order (built-in ones, then plug-ins')."""
    from caire_exercises.engine.registry import registry

    return registry().modules()


def catalog(*, module: str | None = None, language: str | None = None) -> Any:
    """Every exercise: id, module, title, difficulty, minutes, tags (a table in Jupyter)."""
    from caire_exercises.engine.registry import registry

    rows = []
    for exercise in registry().exercises():
        if module and exercise.module != module:
            continue
        rows.append({"id": exercise.id, "module": exercise.module,
                     "title": exercise.title_in(language), "difficulty": exercise.difficulty,
                     "minutes": exercise.minutes, "kind": exercise.kind,
                     "variants": exercise.has_variants, "tags": ", ".join(exercise.tags)})
    return Catalog(rows)


class Catalog(list):  # type: ignore[type-arg]
    """A list of catalogue rows (dicts) that shows as a table."""

    def _repr_html_(self) -> str:
        import html

        if not self:
            return "<p>(empty)</p>"
        head = "".join(f"<th>{html.escape(key)}</th>" for key in self[0])
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values())
                       + "</tr>" for row in self)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def __repr__(self) -> str:
        lines = [f"{row['id']:<32} {row['difficulty']}  {row['minutes']:>3} min  {row['title']}"
                 for row in self]
        return "\n".join(lines)

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(list(self))

