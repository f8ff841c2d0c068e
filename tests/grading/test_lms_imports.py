"""Every export read back the way the LMS importer reads it: each grade lands on its student, on the scale.

The class: e-mail-named notebooks, one in Moodle's own download folder, a
blank one (not attempted), an ungradable one, and a student on the roster
(Windows-1252, semicolons, French headers, as Excel in France saves it) who
handed nothing in. The readers in ``lms_importers.py`` follow the importers'
own code, traps included.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, grade, notebook, write
from lms_importers import (
    CanvasCourse,
    CanvasUser,
    ImportAborted,
    MoodleSite,
    MoodleUser,
    canvas_import,
    moodle_csv_import,
    moodle_worksheet_import,
    moodle_xml_import,
)

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.exports import export, export_with_notices

TITLE = "TP 1 : NumPy"
PLACEHOLDER = "def zscore(X):\n    ...  # your code here"

ROSTER = ("Prénom;Nom;Numéro d'identification;Adresse de courriel\r\n"
          "Alice;Martin;E1001;alice.martin@univ.fr\r\n"
          "Éloïse;Dupont;E1002;eloise.dupont@univ.fr\r\n"
          "Bob;Leroy;E1003;bob.leroy@univ.fr\r\n"
          "Zoé;Blanc;E1004;zoe.blanc@univ.fr\r\n"
          "Carl;Noël;E1005;carl.noel@univ.fr\r\n"
          "Dora;Absente;E1006;dora.absente@univ.fr\r\n")

#: Moodle's users: id, e-mail, ID number, name, participant number in the assignment.
USERS = [MoodleUser(11, "alice.martin@univ.fr", "E1001", "Alice Martin", 1230),
         MoodleUser(12, "eloise.dupont@univ.fr", "E1002", "Éloïse Dupont", 1234),
         MoodleUser(13, "Bob.Leroy@univ.fr", "E1003", "Bob Leroy", 1235),
         MoodleUser(14, "zoe.blanc@univ.fr", "E1004", "Zoé Blanc", 1236),
         MoodleUser(15, "carl.noel@univ.fr", "E1005", "Carl Noël", 1237),
         MoodleUser(16, "dora.absente@univ.fr", "E1006", "Dora Absente", 1238)]
#: What each student deserves, out of 20: Éloïse (Moodle folder) and Bob got it wrong, Zoé left it blank.
EXPECTED_ON_20 = {11: 20.0, 12: 0.0, 13: 20.0, 14: 0.0}


@pytest.fixture(scope="module")
def book(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("class")
    folder = write(root / "download", {
        "alice.martin@univ.fr.ipynb": notebook(IMPORTS, RIGHT),
        "Éloïse Dupont_1234_assignsubmission_file_/tp1.ipynb": notebook(IMPORTS, DDOF1),
        "bob.leroy@univ.fr.ipynb": notebook(IMPORTS, RIGHT),
        "zoe.blanc@univ.fr.ipynb": notebook(IMPORTS, PLACEHOLDER),
        "carl.noel@univ.fr.ipynb": "{broken",
    })
    db = root / "grades.sqlite"
    assignment = Assignment.from_ids(["numpy.zscore"], title=TITLE, language="fr", points=4.0)
    report = grade(folder, pool, db=db, assignment=assignment, language="fr")
    assert [g.submission.student for g in report.ungradable] == ["carl.noel@univ.fr"]
    roster = root / "roster.csv"
    roster.write_bytes(ROSTER.encode("cp1252"))
    return {"db": db, "roster": roster, "root": root}


def _worksheet(language: str) -> str:
    if language == "fr":
        header = ["Identifiant", "Nom complet", "Adresse de courriel", "Statut", "Note", "Note maximale",
                  "La note peut être modifiée", "Dernière modification (travail remis)",
                  "Dernière modification (note)", "Commentaires de feedback"]
        maximum, status = "20,00", "Remis pour évaluation"
    else:
        header = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                  "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                  "Feedback comments"]
        maximum, status = "20.00", "Submitted for grading"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for user in USERS:
        writer.writerow([f"Participant {user.participant}", user.fullname, user.email, status, "", maximum,
                         "Yes", "Monday, 1 December 2025, 10:00 AM", "-", ""])
    return buffer.getvalue()


# ------------------------------------------------------------------ Moodle


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_moodle_worksheet_lands_every_grade_on_its_participant(book: dict[str, Path], tmp_path: Path,
                                                                   language: str) -> None:
    sheet = tmp_path / "worksheet.csv"
    sheet.write_text(_worksheet(language), encoding="utf-8")
    out = tmp_path / "filled.csv"
    result = export_with_notices(book["db"], "moodle-worksheet", out=out,
                                 options=_options(worksheet=sheet, roster=book["roster"]))
    stored = moodle_worksheet_import(out.read_bytes(), MoodleSite(USERS, language=language))
    # No --out-of: the worksheet's own "Maximum Grade" (20) is the scale.
    assert {user: grade for user, (grade, _) in stored.items() if grade is not None} == EXPECTED_ON_20
    assert "4/4" in (stored[11][1] or "") and stored[15] == (None, "") and stored[16] == (None, "")
    notices = " ".join(result.notices)
    assert "Carl" in notices and "Dora" in notices
    # The file keeps the worksheet's header, language and every participant's row.
    assert out.read_text(encoding="utf-8").splitlines()[0] == _worksheet(language).splitlines()[0]
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(USERS) + 1


def test_the_worksheet_writes_zeros_only_when_asked(book: dict[str, Path], tmp_path: Path) -> None:
    sheet = tmp_path / "worksheet.csv"
    sheet.write_text(_worksheet("fr"), encoding="utf-8")
    text = export(book["db"], "moodle-worksheet", worksheet=sheet, roster=book["roster"],
                  missing="zero") or ""
    stored = moodle_worksheet_import(text.encode(), MoodleSite(USERS, language="fr"))
    assert stored[15][0] == 0.0 and stored[16][0] == 0.0
    assert "non notable" in (stored[15][1] or "").lower() or "JSON" in (stored[15][1] or "")
    with pytest.raises(Exception, match="--out-of"):
        export(book["db"], "moodle-worksheet", worksheet=sheet, out_of=10)


def test_a_file_that_is_not_the_worksheet_is_refused(book: dict[str, Path], tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Nom,Courriel\nAlice,alice@x.fr\n", encoding="utf-8")
    with pytest.raises(Exception, match="Identifiant|Identifier"):
        export(book["db"], "moodle-worksheet", worksheet=other)
    with pytest.raises(Exception, match="--worksheet"):
        export(book["db"], "moodle-worksheet")


def test_moodle_csv_refuses_a_student_without_an_e_mail(book: dict[str, Path]) -> None:
    # Without a roster, Éloïse is known only by her Moodle folder: a row without an e-mail would go
    # to the student above. Refused, saying what to do.
    with pytest.raises(Exception) as refused:
        export(book["db"], "moodle")
    assert "Éloïse Dupont" in str(refused.value) and "moodle-worksheet" in str(refused.value)
    text = export(book["db"], "moodle", skip_unmatched=True, out_of=20) or ""
    stored = moodle_csv_import(text.encode("utf-8"), MoodleSite(USERS), encoding="utf-8", delimiter=",",
                               map_from="Email address", grade_column=f"{TITLE} (sur 20)", max_grade=20)
    assert {user: grade for user, (grade, _) in stored.items()} == {11: 20.0, 13: 20.0, 14: 0.0}


def test_moodle_csv_with_a_roster_lands_every_grade(book: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "moodle.csv"
    result = export_with_notices(book["db"], "moodle", out=out,
                                 options=_options(roster=book["roster"], out_of=20))
    data = out.read_bytes()
    stored = moodle_csv_import(data, MoodleSite(USERS), encoding="utf-8", delimiter=",",
                               map_from="Email address", grade_column=f"{TITLE} (sur 20)", max_grade=20,
                               feedback_column=f"{TITLE} feedback")
    assert {user: grade for user, (grade, _) in stored.items()} == EXPECTED_ON_20
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[0] == "ID number"     # the roster gives real ID numbers
    stored_by_id = moodle_csv_import(data, MoodleSite(USERS), encoding="utf-8", delimiter=",",
                                     map_from="Email address", grade_column=f"{TITLE} (sur 20)", max_grade=20)
    assert stored_by_id == {user: (grade, None) for user, (grade, _) in stored.items()}
    notices = " ".join(result.notices)
    assert "Carl" in notices and "Dora" in notices and "20" in notices
    # Moodle 4.1 aborts on a grade above the item's maximum: the raw 4 points fit a 4-point item only.
    raw = export(book["db"], "moodle", roster=book["roster"]) or ""
    with pytest.raises(ImportAborted, match="maximum"):
        moodle_csv_import(raw.replace("(sur 4)", "(sur 20)").encode(), MoodleSite(USERS), encoding="utf-8",
                          delimiter=",", map_from="Email address", grade_column=f"{TITLE} (sur 20)",
                          max_grade=3)


def test_moodle_xml_by_id_numbers_from_the_roster(book: dict[str, Path], tmp_path: Path) -> None:
    site = MoodleSite(USERS, items={"TP1-NUMPY": 20.0})
    text = export(book["db"], "moodle-xml", roster=book["roster"], grade_item="TP1-NUMPY", out_of=20) or ""
    stored = moodle_xml_import(text.encode("utf-8"), site)
    assert {user: grade for user, (grade, _) in stored.items()} == EXPECTED_ON_20
    assert "sur 20" in text
    # A student without an ID number is left out and listed; the import goes through for the others.
    partial = tmp_path / "partial.csv"
    partial.write_bytes(ROSTER.replace("E1003", "").encode("cp1252"))
    result = export_with_notices(book["db"], "moodle-xml",
                                 options=_options(roster=partial, grade_item="TP1-NUMPY"))
    assert "Bob Leroy" in " ".join(result.notices)
    assert set(moodle_xml_import((result.text or "").encode(), site)) == {11, 12, 14}
    with pytest.raises(Exception, match="ID number|roster"):
        export(book["db"], "moodle-xml", grade_item="TP1-NUMPY")


def test_the_blank_identity_trap_is_real_in_the_reader() -> None:
    # The reader reproduces Moodle's behaviour: this is what an export with a blank e-mail would do.
    text = "Email address,Grade\nalice.martin@univ.fr,7\n,0.4\n"
    stored = moodle_csv_import(text.encode(), MoodleSite(USERS), encoding="utf-8", delimiter=",",
                               map_from="Email address", grade_column="Grade", max_grade=20)
    assert stored == {11: (0.4, None)}      # Alice's 7 silently became 0.4
    with pytest.raises(ImportAborted):
        moodle_csv_import(",0.4\n".join(["Email address,Grade\n", ""]).encode(), MoodleSite(USERS),
                          encoding="utf-8", delimiter=",", map_from="Email address", grade_column="Grade",
                          max_grade=20)


def test_moodle_csv_with_decimal_commas_for_a_french_interface(tmp_path: Path) -> None:
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as gradebook:
        gradebook.save_assignment(AssignmentRecord("TP", "TP", "fr", 3.0, [{"id": "numpy.zscore"}]))
        for user, score in ((11, 1.0), (13, 2.5)):
            email = next(u.email for u in USERS if u.id == user)
            gradebook.record(assignment="TP", student=email, submission=f"{user}.ipynb", path=f"/{user}",
                             content_hash=str(user), grading_key="k", modified=1.0, graded_at="2025",
                             status="graded", reason=None, seconds=1.0, details={},
                             rows=[{"exercise": "numpy.zscore", "score": score, "max_score": 3.0,
                                    "status": "failed", "message": "m"}])
    text = export(db, "moodle", decimal_comma=True, out_of=20) or ""
    assert text.splitlines()[1].split(";")[1] == "6,67"
    stored = moodle_csv_import(text.encode(), MoodleSite(USERS, language="fr"), encoding="utf-8",
                               delimiter=";", map_from="Email address", grade_column="TP (sur 20)",
                               max_grade=20)
    assert stored == {11: (6.67, None), 13: (16.67, None)}
    with pytest.raises(ImportAborted, match="bad grade"):     # an English interface refuses "6,67"
        moodle_csv_import(text.encode(), MoodleSite(USERS, language="en"), encoding="utf-8", delimiter=";",
                          map_from="Email address", grade_column="TP (sur 20)", max_grade=20)


# ------------------------------------------------------------------ Canvas

COURSE = CanvasCourse(
    users=[CanvasUser(101, "Alice Martin", "Martin, Alice", "alice.martin@univ.fr", "E1001"),
           CanvasUser(102, "Éloïse Dupont", "Dupont, Éloïse", "eloise.dupont@univ.fr", "E1002"),
           CanvasUser(103, "Bob Leroy", "Leroy, Bob", "bob.leroy@univ.fr", "E1003"),
           CanvasUser(104, "Zoé Blanc", "Blanc, Zoé", "zoe.blanc@univ.fr", "E1004"),
           CanvasUser(105, "Carl Noël", "Noël, Carl", "carl.noel@univ.fr", "E1005"),
           CanvasUser(106, "Dora Absente", "Absente, Dora", "dora.absente@univ.fr", "E1006")],
    assignments={4821: TITLE})
CANVAS_EXPECTED = {101: "20", 102: "0", 103: "20", 104: "0"}


@pytest.mark.parametrize("canvas_id", [None, "4821"])
def test_canvas_finds_the_assignment_and_every_student(book: dict[str, Path], canvas_id: str | None) -> None:
    text = export(book["db"], "canvas", roster=book["roster"], out_of=20, canvas_id=canvas_id) or ""
    imported = canvas_import(text.encode("utf-8"), COURSE)
    assert imported["new_assignments"] == [] and imported["new_students"] == []
    assert {user: grades[4821] for user, grades in imported["grades"].items()} == CANVAS_EXPECTED
    assert text.splitlines()[1].endswith(",20")    # Points Possible says the scale


def test_canvas_without_a_roster_uses_logins_and_the_folder_s_name(book: dict[str, Path]) -> None:
    imported = canvas_import((export(book["db"], "canvas", out_of=20) or "").encode(), COURSE)
    assert imported["new_students"] == []
    assert {user: grades[4821] for user, grades in imported["grades"].items()} == CANVAS_EXPECTED


def test_a_canvas_gradebook_downloaded_is_filled(book: dict[str, Path], tmp_path: Path) -> None:
    downloaded = tmp_path / "canvas.csv"
    lines = ["Student,ID,SIS User ID,SIS Login ID,Section,Quiz 0 (4800),TP 1 : NumPy (4821),Current Score",
             "Points Possible,,,,,10,20,"]
    lines += [f'"{u.sortable_name}",{u.id},{u.sis_user_id},{u.login_id},Groupe A,5,,' for u in COURSE.users]
    downloaded.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = export(book["db"], "canvas", worksheet=downloaded) or ""
    imported = canvas_import(text.encode("utf-8"), CanvasCourse(COURSE.users, {4800: "Quiz 0", 4821: TITLE}))
    filled = {user: grades[4821] for user, grades in imported["grades"].items() if grades[4821]}
    assert filled == CANVAS_EXPECTED
    assert all(grades[4800] == "5" for grades in imported["grades"].values())   # other columns untouched
    assert imported["grades"][105][4821] == "" and imported["grades"][106][4821] == ""


# ------------------------------------------------------------------ nbgrader


def test_nbgrader_lists_and_writes_missing_students_only_when_asked(book: dict[str, Path]) -> None:
    result = export_with_notices(book["db"], "nbgrader", options=_options(roster=book["roster"]))
    rows = list(csv.reader(io.StringIO(result.text or "")))
    assert {row[3] for row in rows[1:]} == {"alice.martin@univ.fr", "bob.leroy@univ.fr", "zoe.blanc@univ.fr",
                                            "Éloïse Dupont_1234_assignsubmission_file_"}
    assert "Dora" in " ".join(result.notices)
    rows = list(csv.reader(io.StringIO(export(book["db"], "nbgrader", roster=book["roster"], missing="zero")
                                       or "")))
    scores = {row[3]: row[9] for row in rows[1:]}
    assert scores["dora.absente@univ.fr"] == "0" and scores["carl.noel@univ.fr"] == "0"


def _options(**values: Any) -> Any:
    from caire_exercises.grading.exports import ExportOptions

    return ExportOptions(**values)


def test_one_student_at_two_places_is_written_once(tmp_path: Path) -> None:
    from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook

    db = tmp_path / "book.sqlite"
    with Gradebook(db) as gradebook:
        gradebook.save_assignment(AssignmentRecord("TP", "TP", "en", 4.0, [{"id": "numpy.zscore"}]))
        for place, score, modified in (("Éloïse Dupont_1234_assignsubmission_file_", 1.0, 1.0),
                                       ("eloise.dupont@univ.fr", 3.0, 2.0)):
            gradebook.record(assignment="TP", student=place, submission="x", path="/x", content_hash=place,
                             grading_key="k", modified=modified, graded_at="2025", status="graded",
                             reason=None, seconds=1.0, details={},
                             rows=[{"exercise": "numpy.zscore", "score": score, "max_score": 4.0,
                                    "status": "failed", "message": "m"}])
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER.encode("cp1252"))
    result = export_with_notices(db, "moodle", options=_options(roster=roster))
    rows = list(csv.reader(io.StringIO(result.text or "")))
    assert [row[1:3] for row in rows[1:]] == [["eloise.dupont@univ.fr", "3"]]
    assert any("plusieurs" in notice or "several places" in notice for notice in result.notices)


def test_a_canvas_gradebook_with_other_points_refuses_another_scale(book: dict[str, Path],
                                                                    tmp_path: Path) -> None:
    downloaded = tmp_path / "canvas.csv"
    downloaded.write_text("Student,ID,SIS User ID,SIS Login ID,Section,TP 1 : NumPy (4821)\n"
                          "Points Possible,,,,,20\n\"Martin, Alice\",101,E1001,alice.martin@univ.fr,A,\n",
                          encoding="utf-8")
    with pytest.raises(Exception, match="--out-of"):
        export(book["db"], "canvas", worksheet=downloaded, out_of=10)
    with pytest.raises(Exception, match="--worksheet"):
        export(book["db"], "moodle", worksheet=downloaded)
