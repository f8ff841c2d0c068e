"""Who the learner is: set once in a notebook, or by the course through ``CAIRE_STUDENT``.

The lowest part of the learner's session: the progress store and the
notebook session both read it, and it reads neither.
"""

from __future__ import annotations

import os

from caire_exercises.model.errors import AnswerTypeError

_student: str | None = None


def set_student(student: str | None) -> None:
    """Set the student once for the notebook, so ``cx.get(id)`` gives their variant.

    Parameters
    ----------
    student : str or None
        An identifier the teacher gave (usually the e-mail address); ``None``
        goes back to ``CAIRE_STUDENT`` or the default variant. Spaces around it
        are ignored; capitals are not: the batch grader draws each student's
        variant from the identifier exactly as the teacher's roster spells it,
        so the notebook must use the same spelling to get the same variant.
    """
    global _student
    if student is not None and (not isinstance(student, str) or not student.strip()):
        raise AnswerTypeError("The student must be a non-empty string, e.g. an e-mail address.",
                              expected="a non-empty string")
    _student = student.strip() if student else None


def get_student() -> str | None:
    """The student in force: :func:`set_student`, else ``CAIRE_STUDENT``, else none."""
    return _student or (os.environ.get("CAIRE_STUDENT") or "").strip() or None


