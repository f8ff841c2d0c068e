"""literacy.genai_limits: naming the failure of a generative AI tool, with the source behind each answer."""

from __future__ import annotations

from typing import Any

import pytest

from caire_exercises.authoring.quiz import QuizAnswers
from caire_exercises.exercises import literacy as lit
from caire_exercises.testing import check_answers

BANK = lit.bank("genai_limits")


def right() -> dict[str, Any]:
    return dict(QuizAnswers(BANK))


def check(exercise: Any, answers: Any) -> Any:
    return check_answers(exercise, {"genai_limits": answers})


def test_each_student_meets_every_failure_twice() -> None:
    for number in range(10):
        keys = lit.GENAI_LIMITS.for_student(f"s{number}@example.org").params["items"]
        answers = sorted(BANK.item(key).answer["answer"][0] for key in keys)
        assert answers == sorted(2 * list(lit.GENAI_FAILURES.keys))


@pytest.mark.parametrize(("first", "second", "mistake"), [
    ("hallucination", "outdated_knowledge", "hallucination_vs_outdated"),
    ("prompt_injection", "confidentiality_leak", "injection_vs_leak"),
    ("non_determinism", "hallucination", "variation_vs_hallucination"),
])
def test_a_confusion_of_two_failures_is_named(first: str, second: str, mistake: str) -> None:
    exercise = lit.GENAI_LIMITS.for_student("bob@example.org")
    answers = right()
    for key in exercise.params["items"]:
        if answers[key] == first:
            answers[key] = second
        elif answers[key] == second:
            answers[key] = first
    result = check(exercise, answers)
    assert not result.passed and mistake in result.mistakes


def test_a_wrong_option_is_answered_with_the_reason_and_the_source() -> None:
    exercise = lit.GENAI_LIMITS.for_student("carol@example.org").with_settings(items=30)
    answers = right()
    answers["mailbox_agent"] = "fuite de confidentialité"
    answers["former_rate"] = "hallucination"
    result = check(exercise, answers)
    cases = {case.name: case for case in result.cases if not case.passed}
    assert set(cases) == {"mailbox_agent", "former_rate"}
    said = cases["mailbox_agent"].message_in("fr")
    assert "nommez la cause" in said and "LLM01" in said and "injection de prompt" in said
    said = cases["former_rate"].message_in("en")
    assert "was not invented" in said and "cut-off" in said


def test_health_items_cite_the_law_they_rest_on() -> None:
    record = BANK.item("record_in_chatbot")
    assert "Art. 9" in record.source and "L1110-4" in record.source
    assert "art. 9" in record.explanation.fr and "L1110-4" in record.explanation.fr
    for item in BANK:
        assert bool(item.source) is (item.answer["answer"] != ("outdated_knowledge",)), item.key


def test_the_statement_lists_the_options_in_both_languages_and_the_root_cause_rule() -> None:
    english = lit.GENAI_LIMITS.statement_in("en")
    french = lit.GENAI_LIMITS.statement_in("fr")
    for key in lit.GENAI_FAILURES.keys:
        assert f"`{key}`" in english and f"`{key}`" in french
    assert "not its consequence" in english and "pas sa conséquence" in french


def test_words_of_another_quiz_are_not_taken_for_an_answer() -> None:
    exercise = lit.GENAI_LIMITS.for_student("dan@example.org")
    answers = right()
    key = exercise.params["items"][0]
    # "leakage" is the pitfall of training data (literacy.pitfalls), not a leak of secrets.
    for word in ("LLM", "jailbreak", "biais", "leakage", "data leakage"):
        answers[key] = word
        case = next(case for case in check(exercise, answers).cases if case.name == key)
        assert case.message_in("en").startswith("Not answered yet"), word
