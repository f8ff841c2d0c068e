"""The learner's side of the loop: who the student is, finding answers, showing feedback.

This module holds the little state a notebook session has: the student set
once with :func:`set_student` (or ``CAIRE_STUDENT``), and how far each
exercise's hints have been read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import AnswerTypeError
from ._exercise import Exercise
from ._i18n import N_, Message, get_language, message, translate
from ._report import Result

_student: str | None = None
_hints_read: dict[tuple[str, str | None], int] = {}


def set_student(student: str | None) -> None:
    """Set the student once for the notebook, so ``cx.get(id)`` gives their variant.

    Parameters
    ----------
    student : str or None
        An identifier the teacher gave (usually the e-mail address); ``None``
        goes back to ``CAIRE_STUDENT`` or the default variant.
    """
    global _student
    if student is not None and (not isinstance(student, str) or not student.strip()):
        raise AnswerTypeError("The student must be a non-empty string, e.g. an e-mail address.",
                              expected="a non-empty string")
    _student = student.strip() if student else None


def get_student() -> str | None:
    """The student in force: :func:`set_student`, else ``CAIRE_STUDENT``, else none."""
    return _student or (os.environ.get("CAIRE_STUDENT") or "").strip() or None


def solutions_allowed() -> bool:
    """Whether the course lets learners see solutions (``CAIRE_SOLUTIONS=off`` turns them off)."""
    return os.environ.get("CAIRE_SOLUTIONS", "on").strip().lower() not in {"off", "0", "no", "false"}


def in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ipython = shell.get_ipython()  # type: ignore[attr-defined]
    return ipython is not None and type(ipython).__name__ != "TerminalInteractiveShell"


def _show(obj: Any, text: str) -> None:
    if in_notebook():
        from IPython.display import display

        display(obj)
    else:
        print(text)


def notebook_namespace() -> Mapping[str, Any] | None:
    """IPython's user namespace, where a notebook's names live (``None`` outside IPython)."""
    shell = sys.modules.get("IPython")
    ipython = shell.get_ipython() if shell is not None else None  # type: ignore[attr-defined]
    return getattr(ipython, "user_ns", None)


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
        raise AnswerTypeError(
            f"Pass your answer to check, e.g. ex.check({names[0]}) (looking it up by name "
            "only works in a notebook).", exercise_id=exercise.id, expected=names[0])
    return {name: namespace[name] for name in names if name in namespace}


def check_in_session(exercise: Exercise, positional: Sequence[Any], named: Mapping[str, Any],
                     *, quiet: bool = False) -> Result:
    from ._checking import check_answers
    from ._progress import record

    answers = collect_answers(exercise, positional, named)
    result = check_answers(exercise, answers)
    result.language = get_language()
    record(result, module=exercise.module)
    if not quiet:
        _show(result, result.text())
        result._suppress_display = in_notebook()
    return result


def show_hint(exercise: Exercise, number: int | None = None) -> Message:
    key = (exercise.id, exercise.student)
    total = len(exercise.hints)
    if total == 0:
        shown = message(N_("This exercise has no hints."))
    else:
        if number is None:
            number = min(_hints_read.get(key, 0) + 1, total + 1)
        if not isinstance(number, int) or number < 1:
            raise AnswerTypeError(f"Hints are numbered from 1 to {total}.", exercise_id=exercise.id)
        if number > total:
            shown = message(N_("No more hints: there were {total}. You can ask for the solution "
                               "with ex.solution()."), total=total)
        else:
            _hints_read[key] = max(_hints_read.get(key, 0), number)
            shown = message(N_("Hint {number}/{total}: {hint}"), number=number, total=total,
                            hint=exercise.hints[number - 1])
    _show(_Markdown(shown.render()), shown.render())
    return shown


def show_solution(exercise: Exercise) -> str | None:
    if not solutions_allowed():
        text = translate(N_("Your course has turned solutions off for now. Ask your teacher, or "
                            "try the hints: ex.hint()."))
        _show(_Markdown(text), text)
        return None
    source = exercise.solution_source()
    _show(_Markdown(f"```python\n{source}```"), source)
    return source


class _Markdown:
    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def exercise_for(exercise_id: str, student: str | None) -> Exercise:
    from ._registry import registry

    if not isinstance(exercise_id, str):
        raise AnswerTypeError(f"An exercise id is a string such as 'numpy.zscore', not {exercise_id!r}.",
                              expected="a string")
    exercise = registry().get(exercise_id)
    return exercise.for_student(student if student is not None else get_student())


def get(exercise_id: str, *, student: str | None = None) -> Exercise:
    """The exercise `exercise_id`, in `student`'s variant (default: the notebook's student).

    Raises
    ------
    UnknownExerciseError
        With the closest known ids, if `exercise_id` does not exist.
    """
    return exercise_for(exercise_id, student)


def catalog(*, module: str | None = None, language: str | None = None) -> Any:
    """Every exercise: id, module, title, difficulty, minutes, tags (a table in Jupyter)."""
    from ._registry import registry

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

