"""The declaration API for course designers: everything needed to write an exercise.

>>> from caire_exercises.authoring import Case, Exercise, Mistake, Text
"""

from caire_exercises.engine.compare import ATOL, RTOL, compare, describe, format_value
from caire_exercises.model.exercise import AUDIENCES, KINDS, SETTINGS, Case, Exercise, Fact, Mistake, stable_seed
from caire_exercises.model.i18n import N_, Message, Text, message
from caire_exercises.model.module import Module
from caire_exercises.model.questions import ChoiceQuestion, NumericQuestion, Option, OptionSet, normalise_spelling
from caire_exercises.engine.probe_side import probe_factory

__all__ = ["ATOL", "AUDIENCES", "KINDS", "RTOL", "SETTINGS", "Case", "ChoiceQuestion", "Exercise", "Fact",
           "Message", "Mistake", "Module", "N_", "NumericQuestion", "Option", "OptionSet", "Text", "compare",
           "describe", "format_value", "message", "normalise_spelling", "probe_factory", "stable_seed"]
