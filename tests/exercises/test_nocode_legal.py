"""The no-code legal quizzes of M7, M8 and M9: right answers written other ways pass, wrong ones
fail with the article behind them, and every student meets items that each declared mistake gets wrong."""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from typing import Any

import pytest

from caire_exercises import Result
from caire_exercises.authoring import ChoiceQuestion
from caire_exercises.data import load
from caire_exercises.exercises.health.regulation import REGULATION
from caire_exercises.exercises.responsible.ai_act_tiers import AI_ACT_TIERS
from caire_exercises.exercises.responsible.gdpr_check import GDPR_CHECK
from caire_exercises.exercises.work.usage_policy import USAGE_POLICY
from caire_exercises.testing import check_answers, verify_exercise

QUIZZES = {"responsible.ai_act_tiers": AI_ACT_TIERS, "responsible.gdpr_check": GDPR_CHECK,
           "health.regulation": REGULATION, "work.usage_policy": USAGE_POLICY}
STUDENTS = tuple(f"student{number}@example.org" for number in range(12))


def bank_of(exercise: Any) -> Any:
    return exercise.reference.bank


def right_answers(exercise: Any, student: str = "alice@example.org") -> dict[str, Any]:
    bound = exercise.for_student(student)
    return {key: bound.reference[key] for key in bound.params["items"]}


def check(exercise: Any, answers: Mapping[str, Any], student: str = "alice@example.org") -> Result:
    bound = exercise.for_student(student)
    return check_answers(bound, {bound.answer_name: answers})


def failed(result: Result, language: str = "en") -> dict[str, str]:
    return {case.name: case.message_in(language) for case in result.cases if not case.passed}


def french(exercise: Any, student: str = "alice@example.org", *, upper: bool = False) -> dict[str, Any]:
    """The right answers with the options' French names, as a French learner writes them."""
    bank = bank_of(exercise)
    written = {}
    for key in exercise.for_student(student).params["items"]:
        item = bank.item(key)
        names = {part: bank.part(part).options.name(options[0]).fr for part, options in item.answer.items()}
        names = {part: name.upper() if upper else name for part, name in names.items()}
        written[key] = names["answer"] if bank.single else names
    return written


# ----------------------------------------------------------------- proofs


@pytest.mark.parametrize("exercise_id", sorted(QUIZZES))
def test_each_quiz_is_proven_on_many_students(exercise_id: str) -> None:
    verify_exercise(QUIZZES[exercise_id], students=STUDENTS[:6])


@pytest.mark.parametrize("exercise_id", sorted(QUIZZES))
def test_every_student_meets_two_items_of_each_declared_mistake(exercise_id: str) -> None:
    exercise = QUIZZES[exercise_id]
    samples = set()
    for student in STUDENTS:
        params = exercise.for_student(student).params
        samples.add(tuple(sorted(params["items"])))
        assert params["n_items"] == 8 and params["pass_count"] == 7
        for mistake in exercise.mistakes:
            result = check(exercise, dict(mistake.answer), student)
            assert not result.passed, (mistake.id, student)
            assert mistake.id in result.mistakes, (mistake.id, student, result.mistakes)
            assert len(failed(result)) >= 2
    assert len(samples) >= 8, "students should get varied samples"


@pytest.mark.parametrize("exercise_id", sorted(QUIZZES))
def test_items_span_three_domains_and_course_settings_apply(exercise_id: str) -> None:
    exercise = QUIZZES[exercise_id]
    domains = {item.domain for item in bank_of(exercise)}
    assert {"business", "engineering", "health"} <= domains
    assert 16 <= len(bank_of(exercise)) <= 30
    health_only = exercise.with_settings(domains=["health"], items=5, show_expected=False)
    keys = health_only.params["items"]
    assert len(keys) == 5 and all(bank_of(exercise).item(key).domain in ("health", "all") for key in keys)
    wrong = {key: ("nonsense" if bank_of(exercise).single else {"x": 1}) for key in keys}
    said = failed(check_answers(health_only, {exercise.answer_name: wrong}))
    assert said and all("expected answer is" not in text for text in said.values())


# ----------------------------------------------------------------- right answers written otherwise


@pytest.mark.parametrize("exercise_id", sorted(QUIZZES))
def test_french_option_names_in_capitals_pass(exercise_id: str) -> None:
    exercise = QUIZZES[exercise_id]
    for student in STUDENTS[:4]:
        assert check(exercise, french(exercise, student, upper=True), student).passed


def test_pairs_as_tuples_texts_or_dicts_with_french_labels_pass() -> None:
    answers = right_answers(AI_ACT_TIERS)
    rewritten = {}
    for number, (key, answer) in enumerate(answers.items()):
        if isinstance(answer, Mapping) and "obligation" in answer:
            shapes = [(answer["tier"], answer["obligation"]), f"{answer['tier']}, {answer['obligation']}",
                      {"Niveau": answer["tier"], "Obligation": answer["obligation"]}]
            rewritten[key] = shapes[number % 3]
        else:
            rewritten[key.upper()] = answer["tier"] if number % 2 else {"tier": answer["tier"]}
    assert check(AI_ACT_TIERS, rewritten).passed


def test_obligations_by_article_number_and_synonyms_pass() -> None:
    by_article = {"human_oversight": "article 14", "data_governance": "Art. 10", "logging": "record-keeping",
                  "information_to_users": "notice d'utilisation"}
    for student in STUDENTS[:4]:
        answers = {}
        for key, answer in right_answers(AI_ACT_TIERS, student).items():
            tier = {"prohibited": "interdit", "high_risk": "haut risque", "transparency": "risque limité",
                    "minimal": "minimal"}[answer["tier"]]
            answers[key] = (tier, by_article[answer["obligation"]]) if "obligation" in answer else tier
        assert check(AI_ACT_TIERS, answers, student).passed


def test_every_part_given_even_where_an_item_does_not_ask_it_passes() -> None:
    for exercise, extra in ((AI_ACT_TIERS, {"obligation": "logging"}),
                            (USAGE_POLICY, {"risk": "bias"}),
                            (REGULATION, {"mdr": "class_i", "hds": "no"})):
        answers = {}
        for key, answer in right_answers(exercise).items():
            answers[key] = {**extra, **answer}
        assert check(exercise, answers).passed, exercise.id
    # a tuple of all four parts for an item that asks only some of them, in the bank's order
    answers = {}
    for key, answer in right_answers(REGULATION).items():
        full = {"mdr": "not_device", "ai_act": "no", "hds": "no", "dpia": "no", **answer}
        answers[key] = (full["mdr"], full["ai_act"], full["hds"], full["dpia"])
    assert check(REGULATION, answers).passed


def test_the_answers_are_not_changed_by_the_check() -> None:
    for exercise in QUIZZES.values():
        answers = french(exercise)
        kept = copy.deepcopy(answers)
        check(exercise, answers)
        assert answers == kept


# ----------------------------------------------------------------- wrong answers and what is said


def test_a_chatbot_called_high_risk_is_told_about_article_50() -> None:
    student = next(s for s in STUDENTS if "bank_chatbot" in AI_ACT_TIERS.for_student(s).params["items"]
                   or "dev_support_bot" in AI_ACT_TIERS.for_student(s).params["items"])
    answers = right_answers(AI_ACT_TIERS, student)
    key = next(k for k in answers if k in ("bank_chatbot", "dev_support_bot"))
    answers[key] = ("high_risk", "human_oversight")
    said = failed(check(AI_ACT_TIERS, answers, student))
    assert list(said) == [key] and "Art. 50(1)" in said[key]
    said_fr = failed(check(AI_ACT_TIERS, answers, student), "fr")
    assert "article 50, paragraphe 1" in said_fr[key]


def test_a_wrong_tier_alone_never_gives_away_that_an_obligation_is_asked() -> None:
    answers = right_answers(AI_ACT_TIERS)
    high = [key for key, answer in answers.items() if "obligation" in answer]
    assert high
    answers[high[0]] = "minimal"
    said = failed(check(AI_ACT_TIERS, answers))[high[0]]
    assert "also asks" not in said and "Obligation" not in said and "Annex" in said
    answers[high[0]] = "high risk"
    said = failed(check(AI_ACT_TIERS, answers))[high[0]]
    assert 'also asks for "Obligation"' in said


def test_undeclared_wrong_answers_fail_with_the_article() -> None:
    # every GDPR item answered "dpia_required": not a declared mistake, still explained item by item
    keys = GDPR_CHECK.for_student("alice@example.org").params["items"]
    result = check(GDPR_CHECK, {key: "AIPD requise" for key in keys})
    said = failed(result)
    assert not result.passed and said
    assert all("Art." in text or "Recital" in text for text in said.values())
    # health: every part "yes"
    keys = REGULATION.for_student("alice@example.org").params["items"]
    result = check(REGULATION, {key: ("class_iii", "oui", "oui", "oui") for key in keys})
    assert not result.passed and all("Source" in text for text in failed(result).values())


def test_pseudonymised_taken_for_anonymous_is_named() -> None:
    student = next(s for s in STUDENTS if "coded_records_startup" in GDPR_CHECK.for_student(s).params["items"])
    answers = right_answers(GDPR_CHECK, student)
    for key in ("coded_records_startup", "hashed_location_sale", "scans_free_annotation_tool",
                "sleep_app_depression"):
        if key in answers:
            answers[key] = "conforme"
    result = check(GDPR_CHECK, answers, student)
    assert not result.passed and "pseudonymised_as_anonymous" in result.mistakes
    assert "Recital 26" in failed(result)["coded_records_startup"]


def test_malformed_answers_are_reported_not_crashed() -> None:
    keys = USAGE_POLICY.for_student("alice@example.org").params["items"]
    result = check(USAGE_POLICY, {keys[0]: None, keys[1]: 3, keys[2]: "maybe", keys[3]: ("ok", "bias", "x")})
    said = failed(result)
    assert not result.passed and len(said) == 8
    assert "replace None" in said[keys[0]] and "not one of the options" in said[keys[2]]
    assert not check(USAGE_POLICY, []).passed


# ----------------------------------------------------------------- exports, data, speed


def test_questions_export_every_part_with_feedback_in_both_languages() -> None:
    bound = REGULATION.for_student("alice@example.org")
    questions = REGULATION.questions(bound.params)
    assert all(isinstance(question, ChoiceQuestion) for question in questions)
    asked = sum(len(bank_of(REGULATION).item(key).answer) for key in bound.params["items"])
    assert len(questions) == asked
    assert all(question.explanation.fr and question.source for question in questions)
    tiers = AI_ACT_TIERS.questions(AI_ACT_TIERS.params)
    chatbot = [q for q in tiers if q.key.endswith(".tier") and q.answer == ("transparency",)]
    assert chatbot and all("high_risk" in q.feedback for q in chatbot if q.group in
                           ("bank_chatbot", "hospital_booking_bot", "hr_policy_bot", "dev_support_bot"))


@pytest.mark.parametrize("name", ["ai_act_items", "gdpr_items", "health_software_items", "usage_policy_items"])
def test_each_bank_loads_as_a_table(name: str) -> None:
    table = load(name)
    assert len(table) >= 16 and {"key", "domain", "text_en", "text_fr", "source"} <= set(table.columns)
    assert table["key"].is_unique


@pytest.mark.parametrize("exercise_id", sorted(QUIZZES))
def test_a_check_takes_less_than_50_ms(exercise_id: str) -> None:
    exercise = QUIZZES[exercise_id]
    bound = exercise.for_student("timing@example.org")
    answers = {bound.answer_name: french(exercise, "timing@example.org")}
    check_answers(bound, answers)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        check_answers(bound, answers)
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.05, times
