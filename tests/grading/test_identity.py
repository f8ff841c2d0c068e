"""Who is who: the submission's place names the student; nothing inside a notebook changes anyone's grade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, SECRET, grade, notebook, rows_by_student, write

from caire_exercises.cli.grading import print_summary
from caire_exercises.grading.exports import export
from caire_exercises.grading.submissions import read_submission, student_tag


def _signed(student: str, *cells: str) -> Any:
    nb = notebook(*cells)
    nb.metadata["caire"] = {"student": student, "student_tag": student_tag(SECRET, student)}
    return nb


def _scores(db: Path) -> dict[str, str]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(export(db, "nbgrader") or "")))
    return {row[3]: row[7] for row in rows[1:]}


def test_a_notebook_naming_a_classmate_changes_only_its_own_grade(pool: Any, tmp_path: Path) -> None:
    db = tmp_path / "grades.sqlite"
    # Bob's honest work is graded first.
    grade(write(tmp_path / "one", {"bob@example.org.ipynb": notebook(IMPORTS, RIGHT)}), pool, db=db)
    assert _scores(db) == {"bob@example.org": "2"}
    # Then Mallory hands in a wrong answer whose metadata names Bob (the attack of issue 11).
    later = write(tmp_path / "two", {"mallory@example.org.ipynb": notebook(IMPORTS, DDOF1,
                                                                           student="bob@example.org")})
    report = grade(later, pool, db=db)
    assert set(rows_by_student(report)) == {"mallory@example.org"}
    assert _scores(db) == {"bob@example.org": "2", "mallory@example.org": "0"}
    note = report.graded[0].submission.identity[0]
    assert "bob@example.org" in note.en and "bob@example.org" in note.fr


def test_a_notebook_cannot_create_a_grade_for_a_student_who_handed_nothing_in(pool: Any,
                                                                              tmp_path: Path) -> None:
    db = tmp_path / "grades.sqlite"
    folder = write(tmp_path / "subs", {
        "carol@example.org.ipynb": notebook(IMPORTS, RIGHT, student="dora@example.org"),
        # A forged tag: made without the course secret.
        "eve@example.org.ipynb": _forged("dora@example.org"),
    })
    report = grade(folder, pool, db=db)
    assert set(rows_by_student(report)) == {"carol@example.org", "eve@example.org"}
    assert "dora@example.org" not in _scores(db)
    assert all(graded.submission.identity and not graded.submission.signed for graded in report.graded)


def _forged(student: str) -> Any:
    nb = notebook(IMPORTS, RIGHT)
    nb.metadata["caire"] = {"student": student, "student_tag": student_tag("a guess", student)}
    return nb


def test_a_signed_notebook_at_its_own_place_is_confirmed_silently(tmp_path: Path) -> None:
    write(tmp_path, {"alice@example.org.ipynb": _signed("alice@example.org", RIGHT)})
    submission = read_submission(tmp_path / "alice@example.org.ipynb", tmp_path, secret=SECRET)
    assert submission.signed and submission.student == "alice@example.org" and not submission.identity
    wrong_secret = read_submission(tmp_path / "alice@example.org.ipynb", tmp_path, secret="another secret")
    assert not wrong_secret.signed


def test_a_signed_notebook_handed_in_by_someone_else_is_flagged(tmp_path: Path) -> None:
    write(tmp_path, {"mallory@example.org.ipynb": _signed("alice@example.org", RIGHT)})
    submission = read_submission(tmp_path / "mallory@example.org.ipynb", tmp_path, secret=SECRET)
    assert submission.student == "mallory@example.org" and submission.signed
    assert "alice@example.org" in submission.identity[0].en


def test_a_place_holding_several_students_is_reported(pool: Any, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path / "subs", {
        "group@example.org/a.ipynb": _signed("ann@example.org", IMPORTS, RIGHT),
        "group@example.org/b.ipynb": _signed("ben@example.org", IMPORTS, DDOF1),
    })
    report = grade(folder, pool)
    assert set(rows_by_student(report)) == {"group@example.org"}
    assert all(any("several students" in note.en for note in graded.submission.identity)
               for graded in report.graded)
    print_summary(report)
    err = capsys.readouterr().err
    assert "Who is who" in err and "ann@example.org" in err and "ben@example.org" in err


def test_moodle_download_folders_keep_the_participant_number(tmp_path: Path) -> None:
    write(tmp_path, {"Éloïse Dupont_1234_assignsubmission_file_/tp1/tp1.ipynb": notebook(RIGHT),
                     "Jean Roy_77_assignsubmission_file_tp1.ipynb": notebook(RIGHT)})
    folder = read_submission(tmp_path / "Éloïse Dupont_1234_assignsubmission_file_" / "tp1" / "tp1.ipynb",
                             tmp_path)
    flat = read_submission(tmp_path / "Jean Roy_77_assignsubmission_file_tp1.ipynb", tmp_path)
    assert (folder.student, folder.participant) == ("Éloïse Dupont_1234_assignsubmission_file_", "1234")
    assert (flat.student, flat.participant) == ("Jean Roy_77_assignsubmission_file_", "77")


def test_caire_notebook_signs_the_student_with_the_course_secret(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from caire_exercises.teacher.assignment import Assignment
    from caire_exercises.teacher.notebooks import assignment_notebook

    assignment = Assignment.from_ids(["numpy.zscore"], title="TP", language="en")
    monkeypatch.setenv(assignment.secret_env, SECRET)
    metadata = assignment_notebook(assignment, student="alice@example.org")["metadata"]["caire"]
    assert metadata["student_tag"] == student_tag(SECRET, "alice@example.org")
    monkeypatch.delenv(assignment.secret_env)
    unsigned = assignment_notebook(assignment, student="alice@example.org")["metadata"]["caire"]
    assert "student_tag" not in unsigned


def test_the_class_report_shows_who_is_who(pool: Any, tmp_path: Path) -> None:
    from caire_exercises.grading.feedback import write_feedback

    folder = write(tmp_path / "subs", {"mallory@example.org.ipynb": notebook(IMPORTS, DDOF1,
                                                                            student="bob@example.org")})
    report = grade(folder, pool)
    page = Path(write_feedback(report, tmp_path / "feedback")).read_text(encoding="utf-8")
    assert "Who is who" in page and "bob@example.org" in page
