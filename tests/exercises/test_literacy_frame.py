"""literacy.frame: the corrected metric rule, and how a framing answer may be written."""

from __future__ import annotations

from typing import Any

import pytest

from caire_exercises.authoring.quiz import QuizAnswers
from caire_exercises.exercises import literacy as lit
from caire_exercises.exercises.literacy.frame import HINTS, MISTAKES, STATEMENT
from caire_exercises.testing import check_answers

BANK = lit.bank("frame")


def right() -> dict[str, Any]:
    return {key: (value["target"], value["metric"]) for key, value in QuizAnswers(BANK).items()}


def test_equal_costs_with_a_rare_class_are_judged_by_accuracy() -> None:
    for key in ("bug_tickets", "invoice_errors", "tube_labels", "sensor_recalibration"):
        item = BANK.item(key)
        assert item.answer == {"target": ("binary",), "metric": ("accuracy",)}, key
        assert "accuracy" in item.explanation.en and "exactitude" in item.explanation.fr


def test_f1_items_are_those_where_only_the_positive_class_matters() -> None:
    f1 = [item for item in BANK if item.answer["metric"] == ("f1",)]
    assert len(f1) >= 4 and {item.domain for item in f1} == {"business", "engineering", "health"}
    for item in f1:
        assert "true negatives" in item.explanation.en, item.key
        assert "vrais négatifs" in item.explanation.fr, item.key


def test_no_text_of_the_quiz_still_teaches_f1_for_a_rare_class_with_equal_costs() -> None:
    texts = [STATEMENT, *HINTS, *(mistake.feedback for mistake in MISTAKES), lit.FRAME.teacher_notes]
    for text in texts:
        for language in ("en", "fr"):
            said = getattr(text, language).lower()
            assert "rare positive class and equal costs" not in said
            assert "classe positive rare et des coûts égaux" not in said
            assert "both alike with a rare positive class" not in said
    assert "whether the\n  classes are balanced or not" in STATEMENT.en


def test_the_old_rule_is_now_a_named_mistake() -> None:
    exercise = lit.FRAME.for_student("eve@example.org")
    answers = right()
    keys = exercise.params["items"]
    for key in keys:
        target, metric = answers[key]
        if target == "binary" and metric in ("accuracy", "f1"):
            answers[key] = (target, "f1" if metric == "accuracy" else "accuracy")
    result = check_answers(exercise, {"frame": answers})
    assert not result.passed and "accuracy_f1_swapped" in result.mistakes
    assert "however rare the positive class" in result.text("en")


@pytest.mark.parametrize("written", [
    lambda target, metric: (metric, target),
    lambda target, metric: {"metric": metric, "target": target},
    lambda target, metric: {"type de cible": target, "mesure": metric},
    lambda target, metric: f"{metric} / {target}",
])
def test_a_framing_may_be_written_in_several_ways(written: Any) -> None:
    exercise = lit.FRAME.for_student("frank@example.org")
    answers = {key: written(*pair) for key, pair in right().items()}
    assert check_answers(exercise, {"frame": answers}).passed
