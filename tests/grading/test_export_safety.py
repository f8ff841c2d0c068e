"""Ids and texts from submissions cannot become formulas, extra rows, invalid XML or terminal commands."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from grading_helpers import IMPORTS, RIGHT, grade, notebook, rows_by_student, write

from caire_exercises.cli.grading import print_summary, write_rows
from caire_exercises.grading.escaping import FORMULA_STARTS, MAX_ID_LENGTH, check_student_id, csv_cell
from caire_exercises.grading.exports import export

FORMULA = "=HYPERLINK(\"evil.example\",\"x\")@example.org"
LONG = "a" * (MAX_ID_LENGTH - 6) + "@x.org1"


@pytest.fixture(scope="module")
def hostile(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile")
    folder = write(root / "subs", {
        f"{FORMULA}.ipynb": notebook(IMPORTS, RIGHT),
        "+cmd@example.org.ipynb": notebook(IMPORTS, RIGHT),
        "bob\r@example.org.ipynb": notebook(IMPORTS, RIGHT),
        "ctl\x01@example.org.ipynb": notebook(IMPORTS, RIGHT),
        "\x1b[2J\x1b[31mevil@example.org.ipynb": notebook(IMPORTS, RIGHT),
        f"{LONG}.ipynb": notebook(IMPORTS, RIGHT),
        "honest@example.org.ipynb": notebook(IMPORTS, RIGHT),
    })
    # A name that is not UTF-8 at all (Python reads it with lone surrogates).
    with open(os.fsencode(folder) + b"/bad\xff@example.org.ipynb", "w", encoding="utf-8") as handle:
        handle.write(open(folder / "honest@example.org.ipynb", encoding="utf-8").read())
    db = root / "grades.sqlite"
    report = grade(folder, pool, db=db)
    return {"report": report, "db": db, "root": root}


def test_bad_ids_give_an_ungradable_row_with_its_reason_and_the_batch_goes_on(
        hostile: dict[str, Any]) -> None:
    report = hostile["report"]
    rows = rows_by_student(report)
    assert len(report.graded) == 8
    assert rows["honest@example.org"][0]["status"] == "passed"
    assert rows[FORMULA][0]["status"] == "passed"        # printable: graded, and neutralised on export
    for escaped in ("bob\\r@example.org", "ctl\\x01@example.org", "\\x1b[2J\\x1b[31mevil@example.org",
                    "bad\\udcff@example.org"):
        assert rows[escaped][0]["status"] == "ungradable", escaped
        assert "control or invisible" in rows[escaped][0]["message"]
    too_long = [student for student in rows if student.startswith("aaaa")]
    assert len(too_long) == 1 and rows[too_long[0]][0]["status"] == "ungradable"
    assert len(too_long[0]) <= MAX_ID_LENGTH and "201 characters" in rows[too_long[0]][0]["message"]
    assert all(len(row["student"]) <= MAX_ID_LENGTH and row["student"].isprintable() for row in report.rows)


def _assert_safe_csv(text: str, *, delimiter: str = ",", rows: int | None = None) -> list[list[str]]:
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    for row in table:
        for cell in row:
            assert csv_cell(cell) == cell or cell.startswith("'"), cell
            plain_number = cell.lstrip("-").replace(".", "").isdigit()
            assert not cell.startswith(FORMULA_STARTS) or cell == "-" or plain_number, cell
    if rows is not None:
        assert len(table) == rows
    return table


def test_results_csv_neutralises_formulas_and_keeps_one_row_per_result(hostile: dict[str, Any],
                                                                       tmp_path: Path) -> None:
    report = hostile["report"]
    out = tmp_path / "results.csv"
    write_rows(report.rows, out)
    table = _assert_safe_csv(out.read_text(encoding="utf-8"), rows=len(report.rows) + 1)
    assert "'" + FORMULA in [row[1] for row in table]
    assert "'+cmd@example.org" in [row[1] for row in table]


@pytest.mark.parametrize("fmt", ["csv", "moodle", "canvas", "nbgrader"])
def test_every_csv_export_is_safe(hostile: dict[str, Any], fmt: str) -> None:
    text = export(hostile["db"], fmt, missing="zero", skip_unmatched=True) or ""
    table = _assert_safe_csv(text)
    cells = [cell for row in table for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert not any("\r" in cell or "\x1b" in cell for cell in cells)


def test_the_worksheet_is_safe(hostile: dict[str, Any], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Identifier,Email address,Grade,Maximum Grade,Last modified (grade),Feedback comments\n"
                     f"Participant 1,\"{FORMULA.replace(chr(34), chr(34) * 2)}\",,2.00,-,\n"
                     "Participant 2,honest@example.org,,2.00,-,\n", encoding="utf-8")
    table = _assert_safe_csv(export(hostile["db"], "moodle-worksheet", worksheet=sheet) or "", rows=3)
    assert table[1][2] == "2" and table[2][2] == "2"


def test_xml_never_holds_an_invalid_character(tmp_path: Path) -> None:
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as book:
        book.save_assignment(AssignmentRecord("TP", "TP", "en", 2.0, [{"id": "numpy.zscore"}]))
        for index, student in enumerate(("ann@example.org", "ben@example.org")):
            book.record(assignment="TP", student=student, submission="x", path="/x", content_hash=str(index),
                        grading_key="k", modified=1.0, graded_at="2025", status="graded", reason=None,
                        seconds=1.0, details={},
                        rows=[{"exercise": "numpy.zscore\x01", "score": 1.0, "max_score": 2.0,
                               "status": "bogus\x0b", "message": "bell\x07"}])
    roster = tmp_path / "roster.csv"
    roster.write_text("email,ID number\nann@example.org,A\x02\nben@example.org,B2\n", encoding="utf-8")
    text = export(db, "moodle-xml", roster=roster, grade_item="TP\x1b[0m")
    root = ElementTree.fromstring((text or "").encode("utf-8"))
    assert len(root.findall("result")) == 2


def test_the_summary_escapes_terminal_sequences(hostile: dict[str, Any],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    print_summary(hostile["report"])
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\r" not in stream and "\x01" not in stream
    assert "\\x1b[2J" in captured.out
    assert "Out of 2 points: set the LMS item's maximum grade to 2" in captured.err


def test_check_student_id_in_words() -> None:
    assert check_student_id("alice@example.org") == ("alice@example.org", None)
    shown, reason = check_student_id("a\u202eb")     # a right-to-left override hides what follows
    assert shown == "a\\u202eb" and reason is not None and "invisible" in reason.en
    assert check_student_id("Éloïse Dupont_1234_assignsubmission_file_")[1] is None


def test_export_notices_escape_terminal_sequences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from caire_exercises.cli.grading import export_command
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as book:
        book.save_assignment(AssignmentRecord("TP", "TP", "en", 2.0, [{"id": "numpy.zscore"}]))
        # An id written by an older version, before ids were checked: still escaped when printed.
        book.record(assignment="TP", student="\x1b]0;owned\x07x", submission="x", path="/x", content_hash="1",
                    grading_key="k", modified=1.0, graded_at="2025", status="ungradable", reason="broken",
                    seconds=1.0, details={},
                    rows=[{"exercise": "numpy.zscore", "score": 0.0, "max_score": 2.0, "status": "ungradable",
                           "message": "broken"}])
    args = argparse.Namespace(db=str(db), format="nbgrader", out=None, assignment=None)
    assert export_command(args) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;owned\\x07x" in err
