"""What an exercise exports as questions agrees with its checker: the answer a form builds from
each question's right answer passes, for every exercise that has questions, in several variants.

A Moodle quiz and a notebook form are built from the same ``questions`` hook; if the hook
said one thing and the checker another, a learner right in Moodle would be wrong in the
notebook.
"""

from __future__ import annotations

import pytest

import caire_exercises as cx
from caire_exercises.engine.registry import registry
from caire_exercises.session.forms import build_answer
from caire_exercises.testing import check_answers

WITH_QUESTIONS = [exercise.id for exercise in registry().exercises() if exercise.questions is not None]


def _right_value(question):
    if not hasattr(question, "options"):
        return question.answer
    return tuple(question.answer) if question.multiple else question.answer[0]


def test_every_no_code_exercise_of_the_new_modules_has_questions() -> None:
    for module in ("literacy", "responsible", "health", "work"):
        no_code = [e.id for e in registry().exercises() if e.module == module and e.kind in ("choice", "value")]
        assert no_code and set(no_code) <= set(WITH_QUESTIONS), module


@pytest.mark.parametrize("exercise_id", WITH_QUESTIONS)
@pytest.mark.parametrize("student", [None, "ana@example.org", "bruno@example.org"])
def test_the_answers_the_questions_hold_pass_the_checker(exercise_id: str, student: str | None) -> None:
    exercise = cx.get(exercise_id, student=student) if student else cx.get(exercise_id)
    questions = exercise.questions(exercise.params)
    assert questions
    answer = build_answer(questions, {question.key: _right_value(question) for question in questions})
    result = check_answers(exercise, {exercise.answer_names[0]: answer})
    assert result.passed, [case.message_in("en") for case in result.cases if not case.passed]
