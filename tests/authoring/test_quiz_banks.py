"""Item banks written without Python, and the quiz exercise built from one."""

from __future__ import annotations

from pathlib import Path

import pytest

from caire_exercises.authoring import ChoiceQuestion, Mistake, Text
from caire_exercises.authoring.banks import BankError, load_bank
from caire_exercises.authoring.quiz import QuizAnswers, quiz_exercise, replace_option
from caire_exercises.testing import check_answers, verify_exercise

HERE = Path(__file__).parent


def _text(word: str) -> Text:
    return Text(en=word, fr=f"{word} (fr)")


@pytest.fixture(scope="module")
def bank():
    return load_bank(HERE / "tiers.yaml")


@pytest.fixture(scope="module")
def quiz(bank):
    mistakes = tuple(
        Mistake(f"all_{tier}", Text(en=f"everything {tier}", fr=f"tout {tier}"),
                QuizAnswers(bank, replace_option("tier", tier)))
        for tier in ("high_risk", "minimal", "prohibited"))
    return quiz_exercise(bank, id="demo.tiers", answer_name="tiers", n_items=3, title=_text("Tiers"),
                         statement=Text(en="{items_en}", fr="{items_fr}"),
                         hints=(_text("h1"), _text("h2"), _text("h3")), teacher_notes=_text("notes"),
                         mistakes=mistakes)


def test_the_reference_and_the_declared_mistakes_prove_the_quiz(quiz):
    verify_exercise(quiz)


def test_answers_in_french_in_any_shape_pass(quiz):
    answers = {"CV": ("haut risque", "Journalisation"), "spam": "Minimal",
               "emotion": {"tier": "Interdit"}}
    result = check_answers(quiz, {"tiers": answers})
    assert result.passed and result.score == 1.0
    assert check_answers(quiz, {"tiers": {"cv": "high-risk, human oversight", "spam": "minimal",
                                          "emotion": "prohibited"}}).passed


def test_an_option_an_item_does_not_accept_fails_with_its_reason_and_source(quiz):
    result = check_answers(quiz, {"tiers": {"cv": "minimal, logging", "spam": "minimal",
                                            "emotion": "prohibited"}})
    failed = [case for case in result.cases if not case.passed]
    assert [case.name for case in failed] == ["cv"]
    said = failed[0].message.render("en")
    assert '"minimal"' in said and "Annex III" in said and "2024/1689" in said


def test_unknown_blank_and_malformed_answers_are_explained_without_the_expected_one(quiz):
    result = check_answers(quiz, {"tiers": {"cv": 3, "spam": None, "emotion": "illegal"}})
    said = {case.name: case.message.render("fr") for case in result.cases}
    assert 'comme {"tier": ...} ou un tuple' in said["cv"]
    assert "remplacez None" in said["spam"]
    again = check_answers(quiz, {"tiers": {"spam": 3}})
    assert "entre guillemets" in next(c for c in again.cases if c.name == "spam").message.render("fr")
    assert "«\u202fillegal\u202f» ne fait pas partie des options" in said["emotion"]
    assert "interdit" in said["emotion"]  # the options are listed...
    assert "attendue" not in said["emotion"]  # ...but not the expected one
    assert not check_answers(quiz, {"tiers": ["high_risk"]}).passed


def test_course_settings_choose_domains_count_and_hide_expected_answers(quiz):
    business = quiz.with_settings(domains=["business"], items=2, show_expected=False)
    assert sorted(business.params["items"]) == ["cv", "emotion"]
    result = check_answers(business, {"tiers": {"cv": "minimal", "emotion": "prohibited"}})
    wrong = next(case for case in result.cases if not case.passed)
    said = wrong.message.render("en")
    assert "expected answer is" not in said and "Annex" not in said
    assert wrong.expected is None
    assert quiz.with_settings(items=1).params["n_items"] == 1
    assert quiz.with_settings(max_hints=1).allowed_hints == quiz.hints[:1]


def test_questions_carry_answers_and_per_option_feedback(quiz):
    questions = quiz.questions(quiz.params)
    assert all(isinstance(question, ChoiceQuestion) for question in questions)
    by_key = {question.key: question for question in questions}
    assert by_key["cv.obligation"].answer == ("human_oversight", "logging")
    assert by_key["cv.tier"].feedback["minimal"].en == "everything minimal"


def test_a_broken_bank_lists_every_line_to_fix_in_both_languages(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: Bad\ntitle: {en: x}\noptions:\n  - {key: a, en: a, fr: a}\nitems:\n"
                      "  - key: one\n    domain: sales\n    text: {en: t, fr: t}\n    answer: b\n"
                      "    explanation: {en: e, fr: e}\n  - key: one\n    domain: all\n", encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_bank(broken)
    lines = [line for line, _ in raised.value.problems]
    assert lines == [1, 2, 6, 6, 11]
    assert "ligne 6" in raised.value.render("fr") and "sales" in raised.value.render("en")
    (tmp_path / "bad.yaml").write_text("items: [\n", encoding="utf-8")
    with pytest.raises(BankError, match="not valid YAML"):
        load_bank(tmp_path / "bad.yaml")


def test_a_csv_bank_reads_like_a_yaml_one(tmp_path):
    path = tmp_path / "kinds.csv"
    path.write_text(
        "key,domain,text_en,text_fr,answer,explanation_en,explanation_fr,options,options_fr\n"
        "churn,business,Who leaves?,Qui part ?,supervised,Labels,Étiquettes,supervised|rules,supervisé|règles\n"
        "grid,health,A score grid,Une grille,rules,Fixed,Fixée,,\n", encoding="utf-8")
    bank = load_bank(path, title=Text(en="Kinds", fr="Types"))
    assert bank.name == "kinds" and [item.key for item in bank] == ["churn", "grid"]
    assert bank.parts[0].options.resolve("Supervisé") == "supervised"
    path.write_text("key,domain,text_en\nx,all,t\n", encoding="utf-8")
    with pytest.raises(BankError, match="missing column"):
        load_bank(path)
