"""CodeRunner: the structure CodeRunner's export holds, and tests that pass the reference and fail a mistake."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from caire_exercises.engine.registry import registry
from caire_exercises.questions import export

# The fields of a CodeRunner question as its exporter writes them (trampgeek/moodle-qtype_coderunner,
# tests/fixtures/sqrexportwithsampleattachment.xml).
FIELDS = ("coderunnertype", "prototypetype", "allornothing", "penaltyregime", "precheck", "showsource",
          "answerboxlines", "answerboxcolumns", "answerpreload", "useace", "template", "iscombinatortemplate",
          "answer", "validateonsave", "language", "grader", "testcases")


@pytest.fixture(scope="module")
def zscore_xml():
    text, left_out = export([registry().get("numpy.zscore"), registry().get("numpy.softmax")], "coderunner",
                            language="fr")
    assert left_out == []
    return ET.fromstring(text.encode("utf-8"))


def _run(template: str, answer: str, testcode: str) -> str:
    program = template.replace("{{ STUDENT_ANSWER }}", answer).replace("{{ TEST.testcode }}", testcode)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    return (done.stdout + done.stderr).strip()


def test_the_question_has_coderunner_s_fields(zscore_xml):
    questions = [q for q in zscore_xml.findall("question") if q.get("type") == "coderunner"]
    assert len(questions) == 2
    for question in questions:
        for field in FIELDS:
            assert question.find(field) is not None, field
        assert question.findtext("coderunnertype") == "python3"
        cases = question.findall("testcases/testcase")
        displays = [case.findtext("display/text") for case in cases]
        assert "SHOW" in displays and "HIDE" in displays
        assert all(case.findtext("expected/text") == "OK" for case in cases)
        assert sum(case.get("useasexample") == "1" for case in cases) == 1
        assert "def " in question.findtext("answerpreload") and "..." in question.findtext("answerpreload")
        assert "une seule variante" in question.findtext("questiontext/text")


def test_the_reference_passes_every_test_and_a_mistake_fails_one(zscore_xml):
    question = next(q for q in zscore_xml.findall("question") if q.get("type") == "coderunner")
    template, answer = question.findtext("template"), question.findtext("answer")
    cases = [case.findtext("testcode/text") for case in question.findall("testcases/testcase")]
    assert all(_run(template, answer, code) == "OK" for code in cases)
    wrong = answer.replace("std(axis=0)", "std(axis=0, ddof=1)")
    assert wrong != answer
    assert any(_run(template, wrong, code).startswith("Expected") for code in cases)
