"""Exceptions raised by caire-exercises.

Every exception the library raises on purpose derives from :class:`CaireError`
and carries structured fields besides its message::

    CaireError
    ├── UnknownExerciseError   (also a KeyError)   an id that is not in the registry
    ├── UnknownDatasetError    (also a KeyError)   a data set name that does not exist
    ├── AnswerTypeError        (also a TypeError)  an answer of the wrong kind
    ├── MissingExtraError      (also ImportError)  an optional dependency is not installed
    ├── ExerciseDefinitionError                     a course designer's declaration is invalid
    ├── PlainDataError         (also a TypeError)  a probe produced something that is not plain data
    └── GradingError                                the batch grader could not do its job

A learner's own exception is never wrapped in these: it is caught by the
checking engine and reported as the learner's, in the result of the check.
"""

from __future__ import annotations

from collections.abc import Sequence


class CaireError(Exception):
    """Base class of every error that caire-exercises raises on purpose."""


class UnknownExerciseError(CaireError, KeyError):
    """An exercise id that the registry does not know.

    Attributes
    ----------
    exercise_id : str
        The id that was asked for.
    suggestions : tuple of str
        Known ids close to it, best first (possibly empty).
    """

    def __init__(self, exercise_id: str, suggestions: Sequence[str] = ()) -> None:
        self.exercise_id = exercise_id
        self.suggestions = tuple(suggestions)
        message = f"No exercise has the id {exercise_id!r}."
        if self.suggestions:
            message += " Did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += " `caire list` (or cx.catalog()) shows every exercise."
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would repr() the message otherwise
        return str(self.args[0])


class UnknownDatasetError(CaireError, KeyError):
    """A data set name that does not exist.

    Attributes
    ----------
    name : str
        The name that was asked for.
    suggestions : tuple of str
        Known names close to it.
    """

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = f"No data set is called {name!r}."
        if self.suggestions:
            message += " Did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += " `caire data list` shows every data set."
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class AnswerTypeError(CaireError, TypeError):
    """An answer passed to a check is not of the kind the exercise expects.

    Attributes
    ----------
    exercise_id : str
    expected : str
        What was expected, in words.
    """

    def __init__(self, message: str, *, exercise_id: str = "", expected: str = "") -> None:
        self.exercise_id = exercise_id
        self.expected = expected
        super().__init__(message)


class MissingExtraError(CaireError, ImportError):
    """An optional dependency is missing.

    Attributes
    ----------
    extra : str
        The extra of caire-exercises that brings it, e.g. ``"torch"``.
    package : str
        The module that could not be imported.
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        install = f'pip install "caire-exercises[{extra}]"'
        if extra == "torch":
            install = (
                "pip install torch --index-url https://download.pytorch.org/whl/cpu "
                f'&& {install}'
            )
        super().__init__(
            f"{purpose} needs the optional package {package!r}, which is not installed. "
            f"Install it with: {install}"
        )


class ExerciseDefinitionError(CaireError):
    """An exercise declaration is invalid (raised when it is declared or registered).

    Attributes
    ----------
    exercise_id : str
    """

    def __init__(self, message: str, *, exercise_id: str = "") -> None:
        self.exercise_id = exercise_id
        super().__init__(f"{exercise_id}: {message}" if exercise_id else message)


class PlainDataError(CaireError, TypeError):
    """A value is not plain data (numbers, strings, arrays, lists and dicts of them).

    Attributes
    ----------
    path : str
        Where in the value the offending object sits, e.g. ``"value[2]"``.
    type_name : str
        The type of the offending object.
    """

    def __init__(self, path: str, type_name: str) -> None:
        self.path = path
        self.type_name = type_name
        super().__init__(f"{path} is a {type_name}, which is not plain data")


class GradingError(CaireError):
    """The batch grader could not do its job (bad assignment file, unusable database...)."""


class SolutionsOffError(CaireError, PermissionError):
    """A reference solution was asked for while the course turned solutions off (``CAIRE_SOLUTIONS=off``)."""

    def __init__(self, exercise_id: str) -> None:
        from caire_exercises.model.i18n import N_, translate

        self.exercise_id = exercise_id
        super().__init__(translate(N_("Your course has turned solutions off for now. Ask your teacher, or "
                                      "try the hints: ex.hint()."), None))
