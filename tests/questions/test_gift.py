"""GIFT: read back with a parser of the grammar Moodle's GIFT importer reads."""

from __future__ import annotations

import re

import pytest

from caire_exercises.questions import export
from caire_exercises.questions.gift import escape


def _split_unescaped(text: str, marks: str) -> list[tuple[str, str]]:
    """`text` cut before each unescaped mark: (mark, piece) pairs."""
    pieces, current, mark, i = [], [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if char in marks:
            pieces.append((mark, "".join(current)))
            current, mark = [], char
        else:
            current.append(char)
        i += 1
    pieces.append((mark, "".join(current)))
    return pieces


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def parse_gift(text: str) -> list[dict]:
    """Categories, ids, names, texts, answers (with grades and feedback), general feedback."""
    found, category = [], None
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        if lines[0].startswith("$CATEGORY:"):
            category = lines[0].split(":", 1)[1].strip()
            continue
        ident = re.match(r"// \[id:(.*)\]$", lines[0]).group(1)
        body = "\n".join(lines[1:])
        head = re.match(r"::((?:\\.|[^:\\])*)::\[html\]((?:\\.|[^{\\])*)\{(.*)\}\s*$", body, re.S)
        assert head, body
        name, qtext, answers = head.groups()
        general = ""
        if "####" in answers:
            answers, general = answers.split("####", 1)
        question = {"category": category, "id": ident, "name": unescape(name), "text": unescape(qtext),
                    "general": unescape(general.strip()), "answers": []}
        answers = answers.strip()
        if answers.startswith("#"):
            value, tolerance = answers[1:].split(":")
            question["numeric"] = (float(value), float(tolerance))
        else:
            for mark, piece in _split_unescaped(answers, "=~"):
                if not mark:
                    assert not piece.strip()
                    continue
                grade = 100.0 if mark == "=" else 0.0
                weighted = re.match(r"%(-?[\d.]+)%(.*)", piece.strip(), re.S)
                if weighted:
                    grade, piece = float(weighted.group(1)), weighted.group(2)
                parts = _split_unescaped(piece.strip(), "#")
                answer_text = parts[0][1]
                feedback = "".join(p for _, p in parts[1:])
                question["answers"].append({"grade": grade, "text": unescape(answer_text).strip(),
                                            "feedback": unescape(feedback).strip()})
        found.append(question)
    return found


def test_escaping_covers_every_special_character():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    assert unescape(escape("a~b=c#d{e}f:g\\h\ni")) == "a~b=c#d{e}f:g\\h\ni"


@pytest.mark.parametrize("language", ["fr", "en", "both"])
def test_gift_reads_back_into_the_bank_s_items(quiz, bank, value_exercise, language):
    text, left_out = export([quiz, value_exercise], "gift", language=language)
    assert left_out == []
    questions = parse_gift(text)
    assert len(questions) == 5
    assert all(q["category"].startswith("$course$/top/CAIRE/") for q in questions)
    by_key = {q["id"].split("/")[-1]: q for q in questions}
    assert by_key["sensitivity"]["numeric"] == (0.9, 0.005)
    for item in bank.items:
        for part, keys in item.answer.items():
            question = by_key[f"{item.key}.{part}"]
            right = [re.sub("<[^>]+>", "", a["text"]) for a in question["answers"] if a["grade"] > 0]
            options = bank.part(part).options
            wanted = [options.name(key) for key in keys]
            if language == "both":
                assert right == [name.fr + name.en for name in wanted]
            else:
                assert right == [getattr(name, language) for name in wanted]
            assert all(a["feedback"] for a in question["answers"])
    assert "Regulation (EU) 2024/1689" in by_key["cv.tier"]["general"]
