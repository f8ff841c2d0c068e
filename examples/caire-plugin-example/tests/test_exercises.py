"""Prove the plug-in's exercises the way caire-exercises proves its own."""

import numpy as np
import pytest
from caire_plugin_example.exercises import EXERCISES

from caire_exercises.testing import verify_exercise


def _bmi_with_a_loop(weight_kg, height_cm):
    return np.array([w / (h / 100) ** 2 for w, h in zip(weight_kg, height_cm)], dtype=float)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_exercise_is_proven(exercise):
    verify_exercise(exercise, alternatives=[_bmi_with_a_loop])
