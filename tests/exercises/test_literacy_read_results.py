"""literacy.read_results: three numbers read from a confusion matrix, and the ways learners write them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from caire_exercises.authoring import NumericQuestion
from caire_exercises.exercises.literacy import READ_RESULTS
from caire_exercises.exercises.literacy.read_results import values_of
from caire_exercises.testing import check_answers, verify_exercise

STUDENTS = tuple(f"reader{number}@example.org" for number in range(15))


def bound(student: str = "alice@example.org") -> Any:
    return READ_RESULTS.for_student(student)


def counts(exercise: Any) -> tuple[int, int, int, int]:
    params = exercise.params
    return params["tp"], params["fn"], params["fp"], params["tn"]


def exact(exercise: Any) -> dict[str, float]:
    return values_of(*counts(exercise))


def check(exercise: Any, answer: Any) -> Any:
    return check_answers(exercise, {"read_results": answer})


def said(result: Any, language: str = "en") -> str:
    return "\n".join(case.message_in(language) for case in result.cases if not case.passed)


def test_the_reference_and_alternative_right_answers_pass_on_every_variant() -> None:
    verify_exercise(READ_RESULTS, students=STUDENTS[:5])
    for student in STUDENTS:
        exercise = bound(student)
        right = exact(exercise)
        french = {"exactitude": right["accuracy"], "Sensibilité": right["sensitivity"],
                  "fausses alertes pour 1000": right["false_alarms_per_1000"]}
        percent = {"accuracy": round(100 * right["accuracy"], 1), "recall": f"{100 * right['sensitivity']:.1f} %",
                   "false_alarms": round(right["false_alarms_per_1000"])}
        texts = {key: f"{value:.3f}".replace(".", ",") for key, value in right.items()}
        numpy_values = {key: np.float64(value) for key, value in right.items()}
        formulas = {"accuracy": lambda tp, fn, fp, tn: (tp + tn) / (tp + fn + fp + tn),
                    "sensitivity": lambda tp, fn, fp, tn: tp / (tp + fn),
                    "false_alarms_per_1000": lambda tp, fn, fp, tn: fp / (tp + fn + fp + tn) * 1000}
        for answer in (right, french, percent, texts, numpy_values, formulas):
            result = check(exercise, answer)
            assert result.passed, (student, answer, said(result))


def test_variants_differ_and_never_hold_exactly_1000_cases() -> None:
    tables = {counts(bound(student)) for student in STUDENTS}
    assert len(tables) >= len(STUDENTS) - 1
    for student in STUDENTS:
        assert sum(counts(bound(student))) != 1000
        assert bound(student).params["setting"] in (0, 1, 2)


def test_the_table_is_shown_in_both_languages_with_its_counts() -> None:
    exercise = bound()
    tp, fn, fp, tn = counts(exercise)
    english, french = exercise.statement_in("en"), exercise.statement_in("fr")
    for count in (tp, fn, fp, tn):
        assert f"| {count:,}".replace(",", "") in english.replace(",", "")
    assert "|---|---:|---:|" in french and "fausses_alertes_pour_1000" in french
    assert "{" + "table" not in english + french


@pytest.mark.parametrize(("mistake", "change"), [
    ("sensitivity_as_ppv", lambda tp, fn, fp, tn: {"sensitivity": tp / (tp + fp)}),
    ("specificity_for_sensitivity", lambda tp, fn, fp, tn: {"sensitivity": tn / (tn + fp)}),
    ("false_alarms_per_negative", lambda tp, fn, fp, tn: {"false_alarms_per_1000": 1000 * fp / (fp + tn)}),
    ("false_alarms_counted", lambda tp, fn, fp, tn: {"false_alarms_per_1000": fp}),
])
def test_each_declared_mistake_written_as_numbers_is_named(mistake: str, change: Any) -> None:
    for student in STUDENTS[:6]:
        exercise = bound(student)
        answer = {**exact(exercise), **change(*counts(exercise))}
        result = check(exercise, answer)
        assert not result.passed and result.mistakes == [mistake], (student, result.mistakes)


def test_undeclared_wrong_answers_fail_with_what_the_value_is() -> None:
    exercise = bound()
    right = exact(exercise)
    tp, fn, fp, tn = counts(exercise)
    wrong = {**right, "accuracy": tp / (tp + fn + fp + tn)}  # only the true positives counted
    result = check(exercise, wrong)
    assert not result.passed and "true positives + true negatives" in said(result)
    assert "vrais positifs + vrais négatifs" in said(result, "fr")
    swapped = {**right, "false_alarms_per_1000": 1000 * fn / (tp + fn + fp + tn)}  # misses, not alarms
    assert "false positives" in said(check(exercise, swapped))
    assert "number" in said(check(exercise, {**right, "accuracy": "high"}))
    assert "fails on this table" in said(check(exercise, {**right, "accuracy": lambda tp: tp}))


def test_placeholders_missing_keys_and_wrong_shapes() -> None:
    exercise = bound()
    right = exact(exercise)
    assert check(exercise, None).status == "not_attempted"
    result = check(exercise, {"accuracy": right["accuracy"], "sensitivity": None, "false_alarms_per_1000": None})
    assert result.score == pytest.approx(1 / 3) and "replace None" in said(result)
    missing = {key: value for key, value in right.items() if key != "sensitivity"}
    assert "add the key `sensitivity`" in said(check(exercise, missing))
    assert "dict of three numbers" in said(check(exercise, [0.9, 0.8, 40]))


def test_inputs_are_not_changed_and_the_answer_is_judged_outside_the_probe() -> None:
    exercise = bound()
    answer = exact(exercise)
    before = dict(answer)
    check(exercise, answer)
    assert answer == before
    for case in exercise.make_cases():
        assert case.public().private == {} and "expected" in case.private


def test_questions_give_the_three_values_as_numerical_questions() -> None:
    exercise = bound()
    questions = exercise.questions(exercise.params)
    assert [question.key for question in questions] == [
        "accuracy", "sensitivity", "false_alarms_per_1000"]
    right = exact(exercise)
    for question in questions:
        assert isinstance(question, NumericQuestion)
        assert question.answer == pytest.approx(right[question.key])
        assert str(exercise.params["tp"]) in question.text.en.replace(",", "")
        assert question.text.fr.strip() and question.tolerance > 0


def test_the_solution_is_the_students_own_numbers() -> None:
    exercise = bound("someone@example.org")
    namespace: dict[str, Any] = {}
    exec(exercise.solution_source(), namespace)  # noqa: S102 - the library's own solution text
    assert namespace["read_results"] == pytest.approx(exact(exercise), abs=1e-4)
    assert check(exercise, namespace["read_results"]).passed
    other = bound("other@example.org")
    assert other.reference != exercise.reference
    assert other.with_settings(max_hints=1).reference == other.reference


def test_the_right_numbers_are_shown_only_when_the_course_says_so() -> None:
    exercise = bound()
    wrong = {**exact(exercise), "accuracy": 0.5}
    hidden = next(case for case in check(exercise, wrong).cases if not case.passed)
    assert hidden.expected is None and f"{exact(exercise)['accuracy']:.4f}"[:5] not in hidden.message_in("en")
    shown_course = exercise.with_settings(show_expected=True)
    assert shown_course.params["tp"] == exercise.params["tp"]
    shown = next(case for case in check(shown_course, wrong).cases if not case.passed)
    assert shown.expected is not None
    assert "high" in said(check(exercise, {**exact(exercise), "accuracy": "high"}))
