"""Readers that do what the LMS importers do with a grade file, step by step, from their source code.

No LMS runs on these machines, so each reader follows the importer's own code
(read from the Moodle and Canvas repositories), including its traps:

* :func:`moodle_csv_import`: ``grade/import/csv/classes/load_data.php``
  (``prepare_import_grade_data``). The identity of the current student is kept
  from one row to the next and a row whose identity cell is empty is skipped
  *for the identity only*: its grades go to the student of the row above; on
  the first row, the whole import aborts. Grades go through
  ``unformat_float($value, true)`` with the interface's decimal separator.
  From Moodle 4.1 a grade above the item's maximum aborts the import.
* :func:`moodle_xml_import`: ``grade/import/xml/lib.php``
  (``import_xml_grades``): the grade item by its ID number, the user by their
  ID number, the first miss aborts everything; a score must be numeric.
* :func:`moodle_worksheet_import`:
  ``mod/assign/feedback/offline/importgradeslib.php``: UTF-8 and commas
  (``load_csv_content($csvdata, 'utf-8', 'comma')``), columns found by their
  exact header strings in the interface's language, the participant number
  taken after the ``hiddenuser`` string (``Participant ``), unknown
  participants skipped.
* :func:`canvas_import`: ``app/models/gradebook_importer.rb``: semicolon or
  comma by counting fields, the header checked, ``Title (id)`` or the exact
  title for an assignment (else a *new* assignment), a student by ``ID``, then
  ``SIS User ID``, then ``SIS Login ID`` (exact hash look-ups), then the name;
  the ``Points Possible`` row skipped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree


class ImportAborted(Exception):
    """The importer stopped and imported nothing (Moodle's ``cleanup_import``)."""


@dataclass
class MoodleUser:
    id: int
    email: str
    idnumber: str = ""
    fullname: str = ""
    #: The assignment's participant number (``assign_user_mapping``), shown as "Participant N".
    participant: int = 0


@dataclass
class MoodleSite:
    """The part of a Moodle course the importers look at."""

    users: list[MoodleUser]
    #: Grade item ID number -> maximum grade.
    items: dict[str, float] = field(default_factory=dict)
    language: str = "en"   # the interface's language: its decimal separator and the worksheet's headers

    @property
    def decsep(self) -> str:
        return "," if self.language == "fr" else "."

    def unformat_float(self, value: str, strict: bool = True) -> float | None | bool:
        """lib/moodlelib.php ``unformat_float``: spaces dropped, the local decimal separator made a dot."""
        value = value.strip()
        if value == "":
            return None
        value = value.replace(" ", "").replace(self.decsep, ".")
        if strict and not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", value):
            return False
        return float(value)


def _php_csv(text: str, delimiter: str) -> list[list[str]]:
    # csv_import_reader drops the byte-order mark, then reads with fgetcsv.
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))


def moodle_csv_import(data: bytes, site: MoodleSite, *, encoding: str, delimiter: str, map_from: str,
                      grade_column: str, max_grade: float, feedback_column: str | None = None,
                      ) -> dict[int, tuple[float | None, str | None]]:
    """The grades Moodle's CSV import stores, by user id (see the module docstring)."""
    rows = _php_csv(data.decode(encoding), delimiter)
    header = [cell.strip() for cell in rows[0]]
    identity, grade_index = header.index(map_from), header.index(grade_column)
    feedback_index = header.index(feedback_column) if feedback_column else None
    studentid: int | None = None     # set once, before the loop, as load_data.php does
    stored: dict[int, tuple[float | None, str | None]] = {}
    for line in rows[1:]:
        if len(line) <= 1:
            continue
        value = line[identity].strip()
        if value:   # "Skip invalid row with blank user field": the previous student stays current
            user = next((u for u in site.users if u.email.casefold() == value.casefold()), None)
            if user is None:
                raise ImportAborted(f"user mapping error: email address {value!r}")
            studentid = user.id
        grade_text = line[grade_index].strip()
        grade: float | None
        if grade_text in ("", "-"):
            grade = None
        else:
            parsed = site.unformat_float(grade_text)
            if parsed is False:
                raise ImportAborted(f"bad grade {grade_text!r}")
            grade = parsed  # type: ignore[assignment]
            if grade is not None and grade > max_grade:
                raise ImportAborted(f"grade {grade} above the maximum {max_grade} (Moodle 4.1+)")
        if studentid is None:
            raise ImportAborted("user not found (a row without identity first)")
        feedback = line[feedback_index] if feedback_index is not None else None
        stored[studentid] = (grade, feedback)
    return stored


def moodle_xml_import(data: bytes, site: MoodleSite) -> dict[int, tuple[float | None, str | None]]:
    """The grades Moodle's XML import stores, by user id; the first unknown item or user aborts."""
    root = ElementTree.fromstring(data)     # an invalid file is refused as a whole
    results = root.findall("result") if root.tag == "results" else []
    if not results:
        raise ImportAborted("bad XML format")
    stored: dict[int, tuple[float | None, str | None]] = {}
    for result in results:
        item = result.findtext("assignment") or ""
        if item not in site.items:
            raise ImportAborted(f"incorrect grade item idnumber {item!r}")
        idnumber = result.findtext("student") or ""
        user = next((u for u in site.users if u.idnumber and u.idnumber == idnumber), None)
        if user is None:
            raise ImportAborted(f"incorrect user idnumber {idnumber!r}")
        score = result.findtext("score")
        if score is not None and not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", score):
            raise ImportAborted("bad grade")
        stored[user.id] = (float(score) if score is not None else None, result.findtext("feedback"))
    return stored


WORKSHEET_STRINGS = {
    "en": {"recordid": "Identifier", "grade": "Grade", "lastmodifiedgrade": "Last modified (grade)",
           "hiddenuser": "Participant ", "comments": "Feedback comments"},
    "fr": {"recordid": "Identifiant", "grade": "Note", "lastmodifiedgrade": "Dernière modification (note)",
           "hiddenuser": "Participant ", "comments": "Commentaires de feedback"},
}


def moodle_worksheet_import(data: bytes, site: MoodleSite) -> dict[int, tuple[float | None, str | None]]:
    """The grades Moodle's offline grading worksheet import stores, by user id."""
    strings = WORKSHEET_STRINGS[site.language]
    rows = _php_csv(data.decode("utf-8"), ",")
    columns = rows[0]
    indexes: dict[str, int] = {}
    for index, column in enumerate(columns):
        for key in ("recordid", "grade", "lastmodifiedgrade", "comments"):
            if column == strings[key]:
                indexes[key] = index
    if not {"recordid", "grade", "lastmodifiedgrade"} <= set(indexes):
        raise ImportAborted("the worksheet's columns were not found")
    stored: dict[int, tuple[float | None, str | None]] = {}
    by_participant = {user.participant: user for user in site.users}
    for record in rows[1:]:
        idstr = record[indexes["recordid"]]
        number = idstr[len(strings["hiddenuser"]):]
        user = by_participant.get(int(number)) if number.isdigit() else None
        if user is None:
            continue
        grade = site.unformat_float(record[indexes["grade"]], strict=False)
        feedback = record[indexes["comments"]] if "comments" in indexes else None
        stored[user.id] = (grade if isinstance(grade, float) else None, feedback)  # type: ignore[arg-type]
    return stored


@dataclass
class CanvasUser:
    id: int
    name: str
    sortable_name: str
    login_id: str          # the pseudonym's unique_id: often the e-mail address
    sis_user_id: str = ""


@dataclass
class CanvasCourse:
    users: list[CanvasUser]
    #: Assignment id -> title.
    assignments: dict[int, str]


def canvas_import(data: bytes, course: CanvasCourse) -> dict[str, Any]:
    """What Canvas's gradebook importer makes of a file: students found, new ones, grades by assignment."""
    text = data.decode("utf-8").lstrip("\ufeff")
    first = text.splitlines()[:3]
    counts = {}
    for separator in (";", ","):
        sizes = {len(next(csv.reader([line], delimiter=separator))) for line in first}
        counts[separator] = next(iter(sizes)) if len(sizes) == 1 else 0
    delimiter = ";" if counts[";"] > counts[","] else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = rows[0]
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        raise ImportAborted("Invalid header row")
    student_columns = 3
    sis_user_column = sis_login_column = None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        sis_login_column, student_columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        sis_user_column, sis_login_column, student_columns = 2, 3, 5
    if "Section" not in header[student_columns - 1]:
        raise ImportAborted("Invalid header row")
    assignments: list[tuple[int | None, str, int]] = []
    for index, title_and_id in enumerate(header[student_columns:], student_columns):
        if re.search("Current Score|Current Points|Final Score|Final Points|Final Grade", title_and_id):
            continue
        found = re.fullmatch(r"(.*) \((\d+)\)", title_and_id)
        assignment_id = int(found.group(2)) if found and int(found.group(2)) in course.assignments else None
        if assignment_id is None:
            assignment_id = next((key for key, title in course.assignments.items() if title == title_and_id),
                                 None)
        assignments.append((assignment_id, title_and_id, index))
    by_sis = {user.sis_user_id: user for user in course.users if user.sis_user_id}
    by_login = {user.login_id: user for user in course.users}
    grades: dict[int, dict[int | None, str]] = {}
    new_students: list[str] = []
    for row in rows[1:]:
        if row and "Points Possible" in row[0]:
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", cell, re.IGNORECASE) for cell in row):
            continue
        user = next((u for u in course.users if row[1].strip() and str(u.id) == row[1].strip()), None)
        if user is None and sis_user_column is not None and row[sis_user_column]:
            user = by_sis.get(row[sis_user_column])
        if user is None and sis_login_column is not None and row[sis_login_column]:
            user = by_login.get(row[sis_login_column])
        if user is None:
            user = next((u for u in course.users if row[0] in (u.name, u.sortable_name)), None)
        if user is None:
            new_students.append(row[0])
            continue
        grades[user.id] = {assignment_id: row[index].strip() for assignment_id, _, index in assignments}
    return {"grades": grades, "new_students": new_students,
            "new_assignments": [title for assignment_id, title, _ in assignments if assignment_id is None]}
