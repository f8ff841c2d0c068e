"""The course designer's page: its complete example passes its own proof, as the page says."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

import caire_exercises as cx
from caire_exercises.testing import verify_exercise

PAGE = Path(__file__).resolve().parents[1] / "docs" / "designer.md"


@pytest.fixture(scope="module")
def example() -> types.ModuleType:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## A complete example", 1)[1]
    source = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    module = types.ModuleType("mycourse_example")
    sys.modules[module.__name__] = module
    try:
        exec(compile(source, str(PAGE), "exec"), module.__dict__)  # noqa: S102 - our own page
        yield module
    finally:
        del sys.modules[module.__name__]


def test_the_example_passes_its_own_proof(example: types.ModuleType) -> None:
    verification = verify_exercise(example.EXERCISE)
    assert verification.checks >= 5 * 4
    assert example.MODULE.exercises == (example.EXERCISE,)


def test_the_example_judges_outside_the_probe(example: types.ModuleType) -> None:
    """The probe observes predictions only; a probe that claims success without them earns nothing."""
    from caire_exercises.engine.attempt import conclude

    exercise = example.EXERCISE
    cases = exercise.make_cases()
    assert all("malignant" not in case.public().kwargs and not case.public().private for case in cases)
    forged = [{"status": "ok", "data": {"stage": "done", "sensitive": True, "accuracy": 1.0}} for _ in cases]
    assert conclude(exercise, {"state": "ok"}, cases, forged).score == 0
    result = cx.get(exercise).check(lambda: example._always_benign(), quiet=True)
    assert not result.passed and result.mistakes == ["always_benign"]
    assert "0 %" in str(result) or "0%" in str(result)
