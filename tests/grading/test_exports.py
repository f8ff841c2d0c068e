"""Exports of a gradebook, each checked against its format's published field names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, grade, notebook, write

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.exports import FORMATS, export

TOML = """title = "TP 1"
language = "fr"

[[exercises]]
id = "numpy.zscore"
points = 3
"""


@pytest.fixture(scope="module")
def gradebook(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("exports")
    (root / "tp1.toml").write_text(TOML, encoding="utf-8")
    folder = write(root / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
                                   "bob@example.org.ipynb": notebook(IMPORTS, DDOF1),
                                   "carol.ipynb": "{broken"})
    db = root / "grades.sqlite"
    assignment = Assignment.from_file(root / "tp1.toml")
    report = grade(folder, pool, db=db, assignment=assignment, language="fr")
    assert len(report.ungradable) == 1
    return db


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_generic_csv(gradebook: Path) -> None:
    rows = _csv(export(gradebook, "csv") or "")
    assert rows[0] == ["assignment", "student", "submission", "exercise", "score", "max_score", "status",
                       "message", "graded_at"]
    table = {row[1]: row for row in rows[1:]}
    assert table["alice@example.org"][4:7] == ["3", "3", "passed"]
    assert table["bob@example.org"][4:7] == ["0", "3", "failed"]
    assert table["carol"][6] == "ungradable"
    assert "Pas encore" in table["bob@example.org"][7]


def test_moodle_csv_maps_users_by_email_with_a_feedback_column(gradebook: Path) -> None:
    # Asked to write a zero for "carol" (ungradable, no e-mail), whom Moodle would credit to the student
    # above: refused, or left out on request.
    with pytest.raises(Exception, match="carol"):
        export(gradebook, "moodle", missing="zero")
    assert "carol" not in (export(gradebook, "moodle", missing="zero", skip_unmatched=True) or "")
    rows = _csv(export(gradebook, "moodle") or "")
    assert rows[0] == ["Email address", "TP 1 (sur 3)", "TP 1 feedback"]
    assert rows[1][:2] == ["alice@example.org", "3"]
    assert rows[2][:2] == ["bob@example.org", "0"]
    assert "numpy.zscore: 0/3 (échoué)" in rows[2][2]
    assert len(rows) == 3  # an ungradable file is not exported: importing it could wipe a grade


def test_moodle_xml_grade_import(gradebook: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Email address,ID number\nalice@example.org,E001\nbob@example.org,E002\n",
                      encoding="utf-8")
    with pytest.raises(Exception, match="--grade-item"):
        export(gradebook, "moodle-xml", roster=roster)
    root = ElementTree.fromstring(export(gradebook, "moodle-xml", roster=roster, grade_item="TP1") or "")
    assert root.tag == "results"
    results = root.findall("result")
    assert [[child.tag for child in result] for result in results] == [
        ["assignment", "student", "score", "feedback"]] * 2
    assert [(r.findtext("assignment"), r.findtext("student"), r.findtext("score")) for r in results] == [
        ("TP1", "E001", "3"), ("TP1", "E002", "0")]


def test_canvas_gradebook_csv(gradebook: Path) -> None:
    rows = _csv(export(gradebook, "canvas") or "")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "TP 1"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    assert rows[2] == ["alice@example.org", "", "", "alice@example.org", "", "3"]
    assert _csv(export(gradebook, "canvas", canvas_id="4821") or "")[0][5] == "TP 1 (4821)"


def test_nbgrader_csv(gradebook: Path) -> None:
    rows = _csv(export(gradebook, "nbgrader") or "")
    assert rows[0] == ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                       "raw_score", "late_submission_penalty", "score", "max_score"]
    alice = rows[1]
    assert (alice[0], alice[3], alice[6], alice[7], alice[9], alice[10]) == (
        "TP 1", "alice@example.org", "alice@example.org", "3", "3", "3")


def _check_gradescope(document: dict[str, Any]) -> None:
    assert set(document) == {"score", "execution_time", "output", "visibility", "stdout_visibility", "tests"}
    assert document["visibility"] in {"hidden", "after_due_date", "after_published", "visible"}
    for test in document["tests"]:
        assert {"score", "max_score", "status", "name", "number", "output", "visibility"} <= set(test)
        assert test["status"] in {"passed", "failed"}


def test_gradescope_results_one_per_student(gradebook: Path, tmp_path: Path) -> None:
    export(gradebook, "gradescope", out=tmp_path / "gradescope")
    documents = {path.parent.name: json.loads(path.read_text())
                 for path in (tmp_path / "gradescope").glob("*/results.json")}
    assert sorted(documents) == ["alice@example.org", "bob@example.org"]
    for document in documents.values():
        _check_gradescope(document)
    bob = documents["bob@example.org"]
    assert (bob["score"], bob["tests"][0]["max_score"], bob["tests"][0]["status"]) == (0.0, 3.0, "failed")
    assert "cas caché" in bob["tests"][0]["output"]
    with pytest.raises(Exception, match="several submissions"):
        export(gradebook, "gradescope")


def test_every_format_writes_a_file(gradebook: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("email,idnumber\nalice@example.org,E001\n", encoding="utf-8")
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text("Identifier,Email address,Grade,Maximum Grade,Last modified (grade)\n"
                         "Participant 7,alice@example.org,,3.00,-\n", encoding="utf-8")
    for fmt in FORMATS:
        if fmt != "gradescope":
            export(gradebook, fmt, out=tmp_path / f"grades.{fmt}", roster=roster, grade_item="TP1",
                   worksheet=worksheet if fmt == "moodle-worksheet" else None, skip_unmatched=True)
            assert (tmp_path / f"grades.{fmt}").read_text(encoding="utf-8").strip()


def test_an_unknown_assignment_is_refused(gradebook: Path) -> None:
    with pytest.raises(Exception, match="no assignment"):
        export(gradebook, "csv", assignment="TP 9")
    assert "TP 1" in (export(gradebook, "csv", assignment="TP 1") or "")


@pytest.mark.slow
def test_running_as_a_gradescope_autograder(tmp_path: Path) -> None:
    from caire_exercises.grading.gradescope import run

    source = tmp_path / "source"
    source.mkdir()
    (source / "assignment.toml").write_text(TOML.replace('"fr"', '"en"'), encoding="utf-8")
    (source / "secret.txt").write_text("course secret\n", encoding="utf-8")
    write(tmp_path / "submission", {"anything.ipynb": notebook(IMPORTS, RIGHT)})
    (tmp_path / "submission_metadata.json").write_text(json.dumps(
        {"users": [{"email": "dora@example.org", "id": 42, "name": "Dora"}],
         "assignment": {"total_points": 3.0}}), encoding="utf-8")
    results = tmp_path / "results" / "results.json"
    run(["--assignment", str(source / "assignment.toml"), "--submission", str(tmp_path / "submission"),
         "--metadata", str(tmp_path / "submission_metadata.json"), "--results", str(results),
         "--secret-file", str(source / "secret.txt")])
    document = json.loads(results.read_text())
    _check_gradescope(document)
    assert document["score"] == 3.0 and document["tests"][0]["status"] == "passed"


# ------------------------------------------- a gradebook written directly: the awkward cases


def _record(book: Any, assignment: str, student: str, score: float, *, modified: float, digest: str,
            message: str = "ok", status: str = "graded", max_score: float = 2.0) -> None:
    book.record(assignment=assignment, student=student, submission=f"{digest}.ipynb", path=f"/{digest}.ipynb",
                content_hash=digest, grading_key="k", modified=modified,
                graded_at=f"2025-01-01T00:00:{int(modified):02d}+00:00", status=status,
                reason=None if status == "graded" else "broken notebook", seconds=1.0, details={},
                rows=[{"exercise": "numpy.zscore", "score": score, "max_score": max_score,
                       "status": "passed" if score == max_score else "failed", "message": message}])


@pytest.fixture
def two_assignments(tmp_path: Path) -> Path:
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as book:
        for name in ("TP 1", "TP 2 : réseaux"):
            book.save_assignment(AssignmentRecord(name, name, "fr", 2.0, [{"id": "numpy.zscore"}]))
        _record(book, "TP 1", "zoé@univ.fr", 2 / 3, modified=1, digest="z1",
                message='Pas encore : "a, b"\nligne 2; fin')
        _record(book, "TP 1", "bob@example.org", 0.1 + 0.2, modified=1, digest="b1")
        _record(book, "TP 2 : réseaux", "zoé@univ.fr", 2.0, modified=2, digest="z2")
        # A regraded student: the newer file counts, whatever order it was graded in.
        _record(book, "TP 1", "ann@example.org", 2.0, modified=5, digest="a-new")
        _record(book, "TP 1", "ann@example.org", 0.0, modified=3, digest="a-old")
    return db


def test_a_moodle_csv_holds_one_assignment(two_assignments: Path) -> None:
    # An empty cell clears a grade in Moodle's import: Bob, absent from TP 2, would lose his TP 2 grade.
    with pytest.raises(Exception, match="--assignment"):
        export(two_assignments, "moodle")
    rows = _csv(export(two_assignments, "moodle", assignment="TP 2 : réseaux") or "")
    assert rows == [["Email address", "TP 2 : réseaux (sur 2)", "TP 2 : réseaux feedback"],
                    ["zoé@univ.fr", "2", "numpy.zscore: 2/2 (réussi)"]]


def test_scores_are_plain_decimals_with_a_dot(two_assignments: Path) -> None:
    rows = _csv(export(two_assignments, "moodle", assignment="TP 1") or "")
    scores = {row[0]: row[1] for row in rows[1:]}
    assert scores == {"ann@example.org": "2", "bob@example.org": "0.3", "zoé@univ.fr": "0.67"}
    nbgrader = {row[3]: row[7] for row in _csv(export(two_assignments, "nbgrader") or "")[1:]}
    assert nbgrader["bob@example.org"] == "0.3"


def test_the_newest_submission_counts(two_assignments: Path) -> None:
    rows = _csv(export(two_assignments, "nbgrader") or "")[1:]
    scores = {(row[0], row[3]): row[7] for row in rows}
    assert scores[("TP 1", "ann@example.org")] == "2"
    assert len(scores) == 4


def test_feedback_with_commas_quotes_and_newlines_survives_csv(two_assignments: Path) -> None:
    rows = _csv(export(two_assignments, "csv") or "")
    zoe = next(row for row in rows if row[1] == "zoé@univ.fr" and row[0] == "TP 1")
    assert zoe[7] == 'Pas encore : "a, b"\nligne 2; fin'


@pytest.mark.parametrize("fmt", ["csv", "moodle", "canvas"])
def test_spreadsheet_files_carry_a_byte_order_mark_for_excel(two_assignments: Path, tmp_path: Path,
                                                             fmt: str) -> None:
    out = tmp_path / f"grades.{fmt}.csv"
    export(two_assignments, fmt, out=out, assignment="TP 1")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "zoé@univ.fr" in data.decode("utf-8-sig")
    assert not (export(two_assignments, fmt, assignment="TP 1") or "").startswith("\ufeff")


def _roster(folder: Path) -> Path:
    path = folder / "roster.csv"
    path.write_text("email,ID number\nann@example.org,A1\nbob@example.org,B2\nzoé@univ.fr,Z3\n",
                    encoding="utf-8")
    return path


def test_nbgrader_and_xml_files_have_no_byte_order_mark(two_assignments: Path, tmp_path: Path) -> None:
    for fmt in ("nbgrader", "moodle-xml"):
        export(two_assignments, fmt, out=tmp_path / fmt, assignment="TP 1", grade_item="TP1",
               roster=_roster(tmp_path))
        assert not (tmp_path / fmt).read_bytes().startswith(b"\xef\xbb\xbf")


def test_canvas_with_several_assignments(two_assignments: Path) -> None:
    rows = _csv(export(two_assignments, "canvas") or "")
    assert rows[0][5:] == ["TP 1", "TP 2 : réseaux"]
    assert rows[1] == ["Points Possible", "", "", "", "", "2", "2"]


def test_gradescope_folders_never_overwrite_each_other(tmp_path: Path) -> None:
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as book:
        book.save_assignment(AssignmentRecord("TP", "TP", "en", 2.0, [{"id": "numpy.zscore"}]))
        _record(book, "TP", "a/b", 2.0, modified=1, digest="x")
        _record(book, "TP", "a_b", 0.0, modified=1, digest="y")
        _record(book, "TP", "../../evil", 1.0, modified=1, digest="z")
    export(db, "gradescope", out=tmp_path / "gs")
    found = sorted(path.relative_to(tmp_path / "gs").parent.as_posix()
                   for path in (tmp_path / "gs").rglob("results.json"))
    assert len(found) == 3 and all("/" not in name and not name.startswith(".") for name in found)
    assert sorted(json.loads((tmp_path / "gs" / name / "results.json").read_text())["score"]
                  for name in found) == [0.0, 1.0, 2.0]
