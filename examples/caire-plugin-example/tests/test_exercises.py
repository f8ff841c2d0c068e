"""Prove the plug-in's exercises the way caire-exercises proves its own."""

import numpy as np
from caire_plugin_example.exercises import MODULE

from caire_exercises.testing import parametrize_with_exercises, verify_exercise


def _bmi_with_a_loop(weight_kg, height_cm):
    return np.array([w / (h / 100) ** 2 for w, h in zip(weight_kg, height_cm)], dtype=float)


@parametrize_with_exercises(MODULE.exercises)
def test_exercise_is_proven(exercise):
    verify_exercise(exercise, alternatives=[_bmi_with_a_loop])
