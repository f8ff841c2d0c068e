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
    "Assignment": ".assignment",
    "AnswerTypeError": "._errors",
    "CaireError": "._errors",
    "UnknownExerciseError": "._errors",
    "Case": "._exercise",
    "Exercise": "._exercise",
    "Mistake": "._exercise",
    "Message": "._i18n",
    "Text": "._i18n",
    "get_language": "._i18n",
    "set_language": "._i18n",
    "Result": "._report",
    "catalog": "._student",
    "get": "._student",
    "modules": "._student",
    "Module": "._module",
    "get_student": "._learner",
    "set_student": "._learner",
    "progress": "._progress",
}

_SUBMODULES = {"assignment", "data", "testing", "grading", "exercises", "authoring", "notebooks"}


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
    from .assignment import Assignment
    from ._errors import AnswerTypeError, CaireError, UnknownExerciseError
    from ._exercise import Case, Exercise, Mistake
    from ._i18n import Message, Text, get_language, set_language
    from ._progress import progress
    from ._report import Result
    from ._module import Module
    from ._learner import get_student, set_student
    from ._student import catalog, get, modules
