"""caire-exercises: graded, bilingual AI exercises for Jupyter notebooks.

>>> import caire_exercises as cx
>>> ex = cx.get("numpy.zscore", student="alice@example.org")   # doctest: +SKIP
>>> ex.check(zscore)                                             # doctest: +SKIP

Importing the package is light: everything below is loaded on first use, and
neither scikit-learn, pandas, torch nor datasets is imported until an exercise
or a data set needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AnswerTypeError",
    "Assignment",
    "CaireError",
    "Case",
    "Exercise",
    "Message",
    "Mistake",
    "Module",
    "Result",
    "Text",
    "UnknownExerciseError",
    "__version__",
    "catalog",
    "get",
    "get_language",
    "get_student",
    "modules",
    "progress",
    "set_language",
    "set_student",
]

# name -> the private module that defines it
_LAZY = {
    "Assignment": ".teacher.assignment",
    "AnswerTypeError": ".model.errors",
    "CaireError": ".model.errors",
    "UnknownExerciseError": ".model.errors",
    "Case": ".model.exercise",
    "Exercise": ".model.exercise",
    "Mistake": ".model.exercise",
    "Message": ".model.i18n",
    "Text": ".model.i18n",
    "get_language": ".model.i18n",
    "set_language": ".model.i18n",
    "Result": ".engine.report",
    "catalog": ".session.student",
    "get": ".session.student",
    "modules": ".session.student",
    "Module": ".model.module",
    "get_student": ".session.learner",
    "set_student": ".session.learner",
    "progress": ".session.progress",
}

_SUBMODULES = {"data", "testing", "grading", "exercises", "authoring", "teacher"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'caire_exercises' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | _SUBMODULES)


if TYPE_CHECKING:
    from caire_exercises.teacher.assignment import Assignment
    from caire_exercises.model.errors import AnswerTypeError, CaireError, UnknownExerciseError
    from caire_exercises.model.exercise import Case, Exercise, Mistake
    from caire_exercises.model.i18n import Message, Text, get_language, set_language
    from caire_exercises.session.progress import progress
    from caire_exercises.engine.report import Result
    from caire_exercises.model.module import Module
    from caire_exercises.session.learner import get_student, set_student
    from caire_exercises.session.student import catalog, get, modules
