"""The proof of every registered exercise, built-in or plug-in: one test, the same for all.

`verify_exercise` holds each exercise to the rules `docs/designer.md` states: the reference passes
every variant, each declared mistake fails and is named, both languages exist, variants differ,
and the notebook's result equals the batch grader's for the same observations.
"""

from __future__ import annotations

import pytest

import caire_exercises as cx
from caire_exercises.engine.registry import registry
from caire_exercises.testing import parametrize_with_exercises, verify_exercise

EXERCISES = list(registry().exercises())


@parametrize_with_exercises(EXERCISES)
def test_every_exercise_is_proven(exercise: cx.Exercise) -> None:
    verify_exercise(exercise)


def test_every_module_is_declared_with_titles_in_both_languages() -> None:
    modules = cx.modules()
    assert [module.id for module in modules][:7] == ["literacy", "numpy", "prep", "supervised",
                                                     "unsupervised", "torch", "text"]
    listed = [exercise.id for module in modules for exercise in module.exercises]
    assert sorted(listed) == sorted(exercise.id for exercise in EXERCISES)
    for module in modules:
        assert module.title.en.strip() and module.title.fr.strip(), module.id
        assert module.title.en != module.title.fr or len(module.title.en) < 12, module.id


@pytest.mark.parametrize("data", [{"value": float("nan")}, {"predictions": "x" * 10}, [[1, 2], [3]]])
def test_forged_observations_earn_nothing(data: object) -> None:
    from caire_exercises.engine.attempt import conclude

    for exercise in EXERCISES:
        cases = exercise.make_cases()
        result = conclude(exercise, {"state": "ok"}, cases, [{"status": "ok", "data": data} for _ in cases])
        assert not result.passed, exercise.id
