"""Every exercise's probe side travels as plain data and is rebuilt without any exercise's file."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from caire_exercises.engine.checking import answers_of
from caire_exercises.engine.plain import dumps
from caire_exercises.engine.probe_side import ProbeNotSendable, ProbeSide, probe_factory, rebuild_probe, recipe_of
from caire_exercises.engine.registry import registry

EXERCISES = list(registry().exercises())


def _sides() -> list[dict]:
    sides = []
    for exercise in EXERCISES:
        for student in (None, "alice@example.org"):
            sides.append(ProbeSide.of(exercise.for_student(student)).to_plain())
    return sides


def test_every_probe_side_is_plain_data() -> None:
    assert json.loads(dumps(_sides()))


REBUILD = r'''
import gc, sys
from caire_exercises.engine.plain import loads
from caire_exercises.engine.probe_side import ProbeSide
sides = [ProbeSide.from_plain(plain) for plain in loads(sys.stdin.read())]
from caire_exercises.model.exercise import Exercise
loaded = sorted(name for name, module in sys.modules.items()
                if name.startswith("caire_exercises.exercises.") and not getattr(module, "__caire_bare__", False)
                and name.rsplit(".", 1)[-1] not in ("probes", "_common", "_values"))
print(repr({"loaded": loaded,
            "exercises": sum(isinstance(item, Exercise) for item in gc.get_objects()),
            "probes": [getattr(side.probe, "__qualname__", None) for side in sides]}))
'''


def test_probes_are_rebuilt_in_a_fresh_interpreter_that_imports_no_exercise() -> None:
    import ast

    sides = _sides()
    done = subprocess.run([sys.executable, "-c", REBUILD], input=dumps(sides), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert found["loaded"] == []
    assert found["exercises"] == 0
    expected = [getattr(exercise.probe, "__qualname__", None)
                for exercise in EXERCISES for _ in (None, "alice@example.org")]
    assert found["probes"] == expected


@pytest.mark.parametrize("exercise", [exercise for exercise in EXERCISES
                                      if (recipe_of(exercise.probe) or {}).get("args") is not None],
                         ids=lambda exercise: exercise.id)
def test_a_probe_made_by_a_factory_observes_as_the_original(exercise) -> None:
    rebuilt = rebuild_probe(json.loads(json.dumps(recipe_of(exercise.probe))))
    answers = answers_of(exercise, exercise.reference)
    for case in exercise.for_student("alice@example.org").make_cases("a secret of the course")[:6]:
        seen = case.public()
        assert dumps(rebuilt(answers, seen)) == dumps(exercise.probe(answers, seen))


def test_a_probe_that_cannot_travel_is_refused_with_the_way_out() -> None:
    with pytest.raises(ProbeNotSendable, match="probe_factory"):
        recipe_of(lambda answers, case: None)

    @probe_factory
    def calls(name):
        def probe(answers, case):
            return answers[name](*case.args)
        return probe

    assert recipe_of(calls("f"))["args"] == ["f"]
    with pytest.raises(Exception):
        calls(object())  # arguments must be plain data


def test_the_sandbox_cannot_read_an_exercise_file_nor_an_answer_key() -> None:
    from pathlib import Path

    from caire_exercises.data import bundled_root
    from caire_exercises.grading.landlock import answer_content

    hidden = answer_content()
    package = Path(sys.modules["caire_exercises.exercises"].__file__).resolve().parent
    for path in package.rglob("*.py"):
        probe_side = path.stem in ("probes", "_common", "_values") or path == package / "__init__.py"
        assert (str(path) in hidden) != probe_side, path
    banks = {str(Path(bundled_root(), name).resolve()) for name in
             ("ai_act_items", "gdpr_items", "quiz_items", "health_software_items", "usage_policy_items",
              "study_abstracts", "genai_limits", "ai_summaries")}
    assert banks <= hidden
    assert str(Path(bundled_root(), "iris").resolve()) not in hidden
