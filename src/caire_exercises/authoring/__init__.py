"""The declaration API for course designers: everything needed to write an exercise.

>>> from caire_exercises.authoring import Case, Exercise, Mistake, Text
"""

from .._compare import ATOL, RTOL, compare, describe, format_value
from .._exercise import AUDIENCES, KINDS, Case, Exercise, Fact, Mistake, stable_seed
from .._i18n import N_, Message, Text, message
from .._module import Module

__all__ = ["ATOL", "AUDIENCES", "KINDS", "RTOL", "Case", "Exercise", "Fact", "Message", "Mistake",
           "Module", "N_", "Text", "compare", "describe", "format_value", "message", "stable_seed"]
