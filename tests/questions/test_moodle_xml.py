"""Moodle XML: parsed as Moodle's importer (question/format/xml/format.php) reads it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from caire_exercises.questions import export
from caire_exercises.questions.render import MOODLE_FRACTIONS

# What format.php's import_headers / import_multichoice / import_numerical read (and
# what the multichoice fixture of Moodle's repository, tests/fixtures/multichoice.xml, holds).
HEADERS = ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "hidden",
           "idnumber")
MULTICHOICE = ("single", "shuffleanswers", "answernumbering", "showstandardinstruction", "correctfeedback/text",
               "partiallycorrectfeedback/text", "incorrectfeedback/text")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Balance(HTMLParser):
    """Counts open tags: an HTML text whose tags all close."""

    VOID = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def balanced(html: str) -> bool:
    parser = _Balance()
    parser.feed(html)
    parser.close()
    return parser.ok and not parser.stack


def _questions(text: str) -> list[ET.Element]:
    assert not CONTROL.search(text)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    return list(root.findall("question"))


def _html_fields(question: ET.Element) -> list[str]:
    return [element.text or "" for element in question.iter("text")]


@pytest.mark.parametrize("language", ["fr", "en", "both"])
def test_every_question_has_what_the_importer_reads(quiz, value_exercise, language):
    text, left_out = export([quiz, value_exercise], "moodle-xml", language=language)
    assert left_out == []
    questions = _questions(text)
    categories = [q.find("category/text").text for q in questions if q.get("type") == "category"]
    assert categories and all(path.startswith("$course$/top/CAIRE/") for path in categories)
    assert {path.rsplit("/", 1)[1] for path in categories} == {"business", "all", "health"}
    kinds = [q.get("type") for q in questions if q.get("type") != "category"]
    assert kinds.count("multichoice") == 4 and kinds.count("numerical") == 1  # every item of the bank
    for question in questions:
        if question.get("type") == "category":
            continue
        for path in HEADERS:
            assert question.find(path) is not None, path
        assert question.find("questiontext").get("format") == "html"
        for html in _html_fields(question):
            assert balanced(html), html
            assert html.count('<span lang="fr" class="multilang">') == html.count('<span lang="en" class="multilang">')
            if language != "both":
                assert "multilang" not in html
        assert len(question.findall("hint")) == 3
        answers = question.findall("answer")
        assert answers and all(a.find("feedback/text") is not None for a in answers)
        if question.get("type") == "multichoice":
            for path in MULTICHOICE:
                assert question.find(path) is not None, path
            fractions = [float(a.get("fraction")) for a in answers]
            assert all(min(abs(abs(f) - allowed) for allowed in MOODLE_FRACTIONS) < 1e-6 for f in fractions)
            if question.find("single").text == "true":
                assert max(fractions) == 100
            else:  # Moodle rounds the sum of the positive grades to 2 decimals: 100 %
                assert round(sum(f for f in fractions if f > 0), 2) == 100
                assert sum(fractions) <= 0
            assert all((a.find("feedback/text").text or "").strip() for a in answers)
        else:
            assert answers[0].get("fraction") == "100"
            assert float(answers[0].find("text").text) == pytest.approx(0.9)
            assert float(answers[0].find("tolerance").text) == 0.005
            assert "\\(" in (question.find("generalfeedback/text").text or "")  # maths for MathJax


def test_a_multiple_part_gets_fractions_that_add_up(bank):
    from caire_exercises.authoring.banks import load_bank
    from caire_exercises.authoring.quiz import bank_quiz
    from pathlib import Path

    TIERS = Path(__file__).parents[1] / "authoring" / "tiers.yaml"
    text = TIERS.read_text(encoding="utf-8").replace("label: {en: Obligation, fr: Obligation}",
                                                       "label: {en: Obligation, fr: Obligation}\n    multiple: true")
    several = bank_quiz(load_bank("several.yaml", text=text))
    xml, _ = export([several], "moodle-xml", language="en")
    multiple = [q for q in _questions(xml) if q.findtext("single") == "false"]
    assert len(multiple) == 1
    fractions = sorted(float(a.get("fraction")) for a in multiple[0].findall("answer"))
    assert fractions == [50.0, 50.0]


def test_idnumbers_are_stable_and_unique(quiz):
    first, _ = export([quiz], "moodle-xml", language="both")
    again, _ = export([quiz.for_student("alice@example.org")], "moodle-xml", language="fr")
    ids = [q.findtext("idnumber") for q in _questions(first) if q.get("type") != "category"]
    assert len(set(ids)) == len(ids)
    assert sorted(ids) == sorted(q.findtext("idnumber") for q in _questions(again) if q.get("type") != "category")
    assert "caire/demo.tiers/cv.tier" in ids


def test_round_trip_back_into_the_library_s_items(quiz, bank):
    text, _ = export([quiz], "moodle-xml", language="en")
    read = {}
    for question in _questions(text):
        if question.get("type") != "multichoice":
            continue
        key = question.findtext("idnumber").split("/")[-1]
        right = {re.sub("<[^>]+>", "", a.findtext("text")) for a in question.findall("answer")
                 if float(a.get("fraction")) > 0}
        read[key] = right
    for item in bank.items:
        for part, keys in item.answer.items():
            names = {bank.part(part).options.name(key).en for key in keys}
            assert read[f"{item.key}.{part}"] == names


def test_settings_hide_the_expected_answer_and_cut_hints(quiz):
    hidden = quiz.with_settings(show_expected=False, max_hints=1, domains=["business"])
    text, _ = export([hidden], "moodle-xml", language="en")
    questions = [q for q in _questions(text) if q.get("type") == "multichoice"]
    assert {q.findtext("idnumber").split("/")[-1].split(".")[0] for q in questions} == {"cv", "emotion", "spam"}
    for question in questions:
        assert not (question.findtext("generalfeedback/text") or "").strip()
        assert len(question.findall("hint")) == 1
        assert all("Annex" not in (a.findtext("feedback/text") or "") for a in question.findall("answer"))
    only_health, notes = export([quiz], "moodle-xml", language="en", domains=["health"])
    assert [q.findtext("idnumber") for q in _questions(only_health) if q.get("type") != "category"] == [
        "caire/demo.tiers/spam.tier"]


def test_cdata_and_maths_survive():
    from caire_exercises.questions.moodle_xml import cdata
    from caire_exercises.questions.render import markdown_html

    assert ET.fromstring(f"<t>{cdata('a ]]> b <p>')}</t>").text == "a ]]> b <p>"
    assert markdown_html("Cost: $5 and $6, $x_i^2$") == "<p>Cost: $5 and $6, \\(x_i^2\\)</p>"


def test_elements_come_in_the_order_moodle_s_exporter_writes_them(quiz):
    """format.php's writequestion: the common header, then the multichoice fields, answers, hints."""
    text, _ = export([quiz], "moodle-xml", language="en")
    question = next(q for q in _questions(text) if q.get("type") == "multichoice")
    tags = [child.tag for child in question]
    order = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber",
             "single", "shuffleanswers", "answernumbering", "showstandardinstruction", "correctfeedback",
             "partiallycorrectfeedback", "incorrectfeedback", "shownumcorrect", "answer", "hint"]
    assert [tag for i, tag in enumerate(tags) if i == 0 or tags[i - 1] != tag] == order
