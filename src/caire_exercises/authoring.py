"""The declaration API for course designers: everything needed to write an exercise.

>>> from caire_exercises.authoring import Case, Exercise, Mistake, Text
"""

from ._compare import ATOL, RTOL, compare, describe, format_value
from ._exercise import KINDS, Case, Exercise, Mistake, stable_seed
from ._i18n import N_, Message, Text, message

__all__ = ["ATOL", "KINDS", "RTOL", "Case", "Exercise", "Message", "Mistake", "N_", "Text",
           "compare", "describe", "format_value", "message", "stable_seed"]
