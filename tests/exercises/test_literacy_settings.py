"""M0 quizzes as a course sets them up: domains, number of items, expected answers shown or not,
and the words learners write (synonyms, French option names, unknown words)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from caire_exercises.authoring.quiz import QuizAnswers
from caire_exercises.exercises import literacy as lit
from caire_exercises.testing import check_answers

QUIZZES = (lit.WHICH_AI, lit.FRAME, lit.PITFALLS_QUIZ, lit.GENAI_LIMITS)
STUDENTS = tuple(f"learner{number}@example.org" for number in range(12))


def right(exercise: Any) -> dict[str, Any]:
    return dict(QuizAnswers(lit.bank(exercise.answer_name)))


def check(exercise: Any, answers: Any) -> Any:
    return check_answers(exercise, {exercise.answer_name: answers})


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
@pytest.mark.parametrize("domain", ["business", "engineering", "health"])
def test_a_quiz_restricted_to_one_domain_is_varied_and_meets_every_kind_of_answer(exercise: Any,
                                                                                   domain: str) -> None:
    bank = lit.bank(exercise.answer_name)
    samples = set()
    for student in STUDENTS:
        bound = exercise.for_student(student).with_settings(domains=[domain])
        keys = bound.params["items"]
        assert len(keys) == exercise.params["n_items"], (domain, len(keys))
        assert all(bank.item(key).domain in (domain, "all") for key in keys)
        kinds = {bank.item(key).answer[bank.parts[0].name][0] for key in keys}
        assert kinds == set(bank.parts[0].options.keys) or exercise is lit.FRAME
        samples.add(frozenset(keys))
        assert check(bound, right(exercise)).passed
    assert len(samples) >= len(STUDENTS) // 2, f"only {len(samples)} different samples"


def test_the_frame_quiz_keeps_its_seven_kinds_of_framing_in_each_domain() -> None:
    bank = lit.bank("frame")
    from caire_exercises.exercises.literacy.frame import stratum

    for domain in ("business", "engineering", "health"):
        bound = lit.FRAME.for_student("x@example.org").with_settings(domains=[domain])
        assert len({stratum(bank.item(key)) for key in bound.params["items"]}) == 7, domain


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_the_number_of_items_and_the_pass_count_follow_the_course(exercise: Any) -> None:
    bound = exercise.for_student("x@example.org").with_settings(items=5)
    assert bound.params["n_items"] == 5 and len(bound.params["items"]) == 5
    assert bound.params["pass_count"] == 4
    assert "4 " in bound.statement_in("en")
    assert check(bound, right(exercise)).passed


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_hidden_expected_answers_stay_hidden(exercise: Any) -> None:
    bound = exercise.for_student("x@example.org").with_settings(show_expected=False)
    answers = right(exercise)
    key = bound.params["items"][0]
    item = lit.bank(exercise.answer_name).item(key)
    part = lit.bank(exercise.answer_name).parts[-1]
    wrong = next(option for option in part.options.keys if option not in item.answer[part.name])
    answers[key] = wrong if lit.bank(exercise.answer_name).single else {**answers[key], part.name: wrong}
    result = check(bound, answers)
    case = next(case for case in result.cases if case.name == key)
    for language in ("en", "fr"):
        said = case.message_in(language)
        assert getattr(item.explanation, language) not in said
        assert "expected answer is" not in said and "la réponse attendue est" not in said
        assert ("Reread" in said) if language == "en" else ("Relisez" in said)
    assert case.expected is None


@pytest.mark.parametrize(("exercise", "word", "key"), [
    (lit.WHICH_AI, "clustering", "unsupervised"), (lit.WHICH_AI, "partitionnement", "unsupervised"),
    (lit.WHICH_AI, "Règles métier", "rules"), (lit.WHICH_AI, "LLM", "generative"),
    (lit.WHICH_AI, "classification supervisée", "supervised"),
    (lit.PITFALLS_QUIZ, "biais du survivant", "selection_bias"), (lit.PITFALLS_QUIZ, "data drift",
                                                                  "distribution_shift"),
    (lit.GENAI_LIMITS, "confabulation", "hallucination"), (lit.GENAI_LIMITS, "injection", "prompt_injection"),
    (lit.GENAI_LIMITS, "données confidentielles" if False else "fuite de données", "confidentiality_leak"),
])
def test_the_synonyms_learners_write_are_read(exercise: Any, word: str, key: str) -> None:
    bank = lit.bank(exercise.answer_name)
    for student in STUDENTS[:4]:
        bound = exercise.for_student(student)
        answers = right(exercise)
        asked = [item for item in bound.params["items"] if bank.item(item).answer["answer"][0] == key]
        for item in asked:
            answers[item] = word
        assert asked and check(bound, answers).passed, (student, word)


def test_classification_is_not_read_as_supervised() -> None:
    # A task, not a kind of system; in French, "classification" also names clustering.
    bank = lit.bank("which_ai")
    bound = lit.WHICH_AI.for_student("x@example.org")
    answers = right(lit.WHICH_AI)
    key = next(item for item in bound.params["items"] if bank.item(item).answer["answer"][0] == "supervised")
    answers[key] = "classification"
    case = next(case for case in check(bound, answers).cases if case.name == key)
    assert not case.passed and case.message_in("en").startswith("Not answered yet")
    assert "Pas encore de réponse" in case.message_in("fr")


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_french_option_names_pass_for_a_french_learner_and_feedback_is_french(exercise: Any) -> None:
    bank = lit.bank(exercise.answer_name)
    bound = exercise.for_student("x@example.org")
    answers = {}
    for key in bound.params["items"]:
        item = bank.item(key)
        answers[key] = {part.name: part.options.name(item.answer[part.name][0]).fr
                        for part in bank.parts if part.name in item.answer}
        if bank.single:
            answers[key] = answers[key]["answer"]
    assert check(bound, answers).passed
    first = bound.params["items"][0]
    answers[first] = "n'importe quoi"
    said = next(case for case in check(bound, answers).cases if case.name == first).message_in("fr")
    assert said.startswith("Pas encore de réponse") and "«\u202fn'importe quoi\u202f»" in said


@pytest.mark.parametrize("name", ["which_ai", "frame", "pitfalls", "genai_limits"])
def test_the_french_of_every_bank_is_typeset(name: str) -> None:
    bank = lit.bank(name)
    texts = [text.fr for item in bank for text in (item.text, item.explanation, *item.wrong.values())]
    texts += [part.label.fr for part in bank.parts] + [bank.title.fr]
    for text in texts:
        prose = re.sub(r"`[^`]*`", "", text)
        assert not re.search(r"(?<!\u202f)[;:!?](?=\s|$)", prose), text
        assert not re.search(r"«(?!\u202f)|(?<!\u202f)»", prose), text
        assert not re.search(r"\d \d{3}\b", prose), text  # thousands with a narrow no-break space


STEMS = {"supervised": "supervised", "unsupervised": "unsupervised", "reinforcement": "reinforcement",
         "rules": "rule", "generative": "generat", "leakage": "leak", "selection_bias": "selection",
         "label_bias": "label", "distribution_shift": "distribution shift", "hallucination": "hallucination",
         "outdated_knowledge": "outdated", "prompt_injection": "injection",
         "confidentiality_leak": "confidentiality leak", "non_determinism": "non-determinism"}


def test_every_explanation_names_its_answer() -> None:
    # The explanation is what a learner reads after a wrong answer: it must say the right one.
    for name in ("which_ai", "pitfalls", "genai_limits"):
        for item in lit.bank(name):
            stem = STEMS[item.answer["answer"][0]]
            assert stem in item.explanation.en.lower(), (name, item.key)


def test_domains_are_spread() -> None:
    for name in ("which_ai", "frame", "pitfalls"):
        counts = Counter(item.domain for item in lit.bank(name))
        assert min(counts[domain] for domain in ("business", "engineering", "health")) >= 9, (name, counts)


@pytest.mark.parametrize("exercise", QUIZZES, ids=lambda exercise: exercise.id)
def test_the_quizzes_export_as_choice_questions_of_the_courses_domains(exercise: Any) -> None:
    from caire_exercises.authoring import ChoiceQuestion

    bound = exercise.for_student("x@example.org").with_settings(domains=["health"])
    questions = bound.questions(bound.params)
    bank = lit.bank(exercise.answer_name)
    assert all(isinstance(question, ChoiceQuestion) for question in questions)
    assert {question.group for question in questions} == set(bound.params["items"])
    assert {question.category for question in questions} <= {"health", "all"}
    for question in questions:
        item = bank.item(question.group)
        assert question.explanation == item.explanation and question.text.fr
        assert all(option in question.options.keys for option in question.feedback)
