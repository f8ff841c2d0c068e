"""Exports of a gradebook for learning-management systems.

Each format writes the submission that counts for each student (the most
recent file; see :meth:`Gradebook.latest`), with the field names its
documentation publishes:

* ``csv``: one row per (student, exercise): assignment, student, submission,
  exercise, score, max_score, status, message, graded_at.
* ``moodle``: Moodle's grade import from a CSV file: the student's ID number
  and e-mail address (Moodle maps users on either), then one grade column and
  one feedback column per assignment.
* ``moodle-xml``: Moodle's XML grade import, ``<results><result>`` with
  ``assignment`` (the grade item's ID number), ``student`` (the user's ID
  number), ``score`` and ``feedback``.
* ``canvas``: Canvas's gradebook CSV: ``Student, ID, SIS User ID, SIS Login ID,
  Section``, then ``Name (assignment_id)`` columns, with a ``Points Possible``
  row under the header.
* ``gradescope``: Gradescope's ``results.json`` (one per student).
* ``nbgrader``: nbgrader's grade export columns: assignment, duedate,
  timestamp, student_id, last_name, first_name, email, raw_score,
  late_submission_penalty, score, max_score.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .._errors import GradingError
from .._i18n import Text
from .._report import Result, status_name
from .gradebook import AssignmentRecord, Gradebook, StoredSubmission

FORMATS = ("csv", "moodle", "moodle-xml", "canvas", "gradescope", "nbgrader")

CSV_COLUMNS = ["assignment", "student", "submission", "exercise", "score", "max_score", "status", "message",
               "graded_at"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
MOODLE_ID_COLUMNS = ["ID number", "Email address"]


def export(db: str | Path, fmt: str, *, out: str | Path | None = None,
           assignment: str | None = None) -> str | None:
    """Write `fmt` to `out` (a file, or a folder for Gradescope with several students); return the text
    when `out` is None."""
    if fmt not in FORMATS:
        raise GradingError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not Path(db).exists():
        raise GradingError(f"No gradebook at {db}")
    with Gradebook(db) as gradebook:
        records = {record.name: record for record in gradebook.assignments()}
        chosen = _choose_assignment(records, assignment)
        latest = [stored for stored in gradebook.latest(chosen) if stored.status == "graded" or fmt == "csv"]
    if fmt == "moodle" and len(_assignments(latest)) > 1:
        # An empty grade cell clears that grade in Moodle's CSV import: a student who did one
        # assignment but not the other would lose a grade typed in by hand.
        names = _assignments(latest)
        raise GradingError(_SEVERAL_FOR_MOODLE.render(
            _common_language(records, names), names=", ".join(repr(name) for name in names),
            first=names[0]))
    if fmt == "gradescope":
        return _write_gradescope(latest, records, out)
    writer = {"csv": to_csv, "moodle": to_moodle_csv, "moodle-xml": to_moodle_xml, "canvas": to_canvas,
              "nbgrader": to_nbgrader}[fmt]
    text = writer(latest, records)
    if out is None:
        return text
    # Excel reads a CSV file without a byte-order mark in the local code page (cp1252 in France)
    # and garbles every accent; Moodle's and Canvas's importers skip the mark.
    encoding = "utf-8-sig" if fmt in SPREADSHEET_FORMATS else "utf-8"
    Path(out).write_text(text, encoding=encoding, newline="")
    return None


SPREADSHEET_FORMATS = ("csv", "moodle", "canvas")

_SEVERAL_FOR_MOODLE = Text(
    en="the gradebook holds several assignments ({names}); a Moodle CSV file holds one, because an "
       "empty grade cell clears that grade when Moodle imports it. Choose one with --assignment, "
       "e.g. --assignment \"{first}\", and write one file per assignment.",
    fr="le carnet de notes contient plusieurs devoirs ({names}) ; un fichier CSV pour Moodle n'en "
       "contient qu'un, car une case de note vide efface cette note quand Moodle l'importe. "
       "Choisissez-en un avec --assignment, par exemple --assignment \"{first}\", et écrivez un "
       "fichier par devoir.")


def _common_language(records: dict[str, AssignmentRecord], names: Sequence[str]) -> str | None:
    """The language of these assignments if they share one, else None (the language in force)."""
    languages = {_language(records, name) for name in names}
    return languages.pop() if len(languages) == 1 else None


def _choose_assignment(records: dict[str, AssignmentRecord], assignment: str | None) -> str | None:
    if assignment is None:
        return None
    if assignment in records:
        return assignment
    path = Path(assignment)
    if path.suffix == ".toml" and path.exists():
        from ..assignment import Assignment

        title = Assignment.from_file(path).title
        if title in records:
            return title
    raise GradingError(f"the gradebook has no assignment {assignment!r}; it has: "
                       + (", ".join(sorted(records)) or "none"))


def _csv_text(rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def format_score(value: float) -> str:
    """A score as LMS importers parse it: a dot for decimals, at most 4 of them, never an exponent.

    >>> [format_score(x) for x in (2.0, 1.5, 0.1 + 0.2, 1234567.0, 1e-7)]
    ['2', '1.5', '0.3', '1234567', '0']
    """
    text = f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _language(records: dict[str, AssignmentRecord], name: str) -> str:
    record = records.get(name)
    return record.language if record is not None else "en"


def feedback_text(stored: StoredSubmission, language: str) -> str:
    """A short plain-text feedback: each exercise's points and status (hidden cases never detailed)."""
    parts = []
    for row in stored.rows:
        status = status_name(row["status"], language)
        parts.append(f"{row['exercise']}: {format_score(row['score'])}/{format_score(row['max_score'])} ({status})")
    if stored.status != "graded" and stored.reason:
        parts.append(stored.reason)
    return "; ".join(parts)


# --------------------------------------------------------------------- formats


def to_csv(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord]) -> str:
    rows: list[list[Any]] = [CSV_COLUMNS]
    for stored in latest:
        for row in stored.rows:
            rows.append([stored.assignment, stored.student, stored.submission, row["exercise"],
                         format_score(row['score']), format_score(row['max_score']), row["status"], row["message"],
                         stored.graded_at])
    return _csv_text(rows)


def _by_student(latest: Sequence[StoredSubmission]) -> dict[str, dict[str, StoredSubmission]]:
    table: dict[str, dict[str, StoredSubmission]] = {}
    for stored in latest:
        table.setdefault(stored.student, {})[stored.assignment] = stored
    return dict(sorted(table.items()))


def _assignments(latest: Sequence[StoredSubmission]) -> list[str]:
    return sorted({stored.assignment for stored in latest})


def to_moodle_csv(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord]) -> str:
    names = _assignments(latest)
    header = MOODLE_ID_COLUMNS + [column for name in names for column in (name, f"{name} feedback")]
    rows: list[list[Any]] = [header]
    for student, by_assignment in _by_student(latest).items():
        row: list[Any] = [student, student if "@" in student else ""]
        for name in names:
            stored = by_assignment.get(name)
            row += ([format_score(stored.score), feedback_text(stored, _language(records, name))]
                    if stored is not None else ["", ""])
        rows.append(row)
    return _csv_text(rows)


def to_moodle_xml(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord]) -> str:
    root = ElementTree.Element("results")
    for stored in latest:
        result = ElementTree.SubElement(root, "result")
        ElementTree.SubElement(result, "assignment").text = stored.assignment
        ElementTree.SubElement(result, "student").text = stored.student
        ElementTree.SubElement(result, "score").text = format_score(stored.score)
        ElementTree.SubElement(result, "feedback").text = feedback_text(stored,
                                                                        _language(records, stored.assignment))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def canvas_column(record: AssignmentRecord | None, name: str) -> str:
    """``Title (id)``: Canvas reads the id in parentheses; ours is the assignment's short name."""
    title = record.title if record is not None else name
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "assignment"
    return f"{title} ({slug})"


def to_canvas(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord]) -> str:
    names = _assignments(latest)
    rows: list[list[Any]] = [CANVAS_COLUMNS + [canvas_column(records.get(name), name) for name in names]]
    rows.append(["Points Possible", "", "", "", ""]
                + [format_score(records[name].max_score) if name in records else "" for name in names])
    for student, by_assignment in _by_student(latest).items():
        rows.append([student, "", student, student, ""]
                    + [format_score(by_assignment[name].score) if name in by_assignment else "" for name in names])
    return _csv_text(rows)


def to_nbgrader(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord]) -> str:
    rows: list[list[Any]] = [NBGRADER_COLUMNS]
    for stored in latest:
        timestamp = datetime.fromtimestamp(stored.modified, UTC).isoformat() if stored.modified else ""
        rows.append([stored.assignment, "", timestamp, stored.student, "", "",
                     stored.student if "@" in stored.student else "", format_score(stored.score), "0.0",
                     format_score(stored.score), format_score(stored.max_score)])
    return _csv_text(rows)


# ------------------------------------------------------------------ Gradescope


def gradescope_results(rows: Sequence[dict[str, Any]], *, language: str, seconds: float | None,
                       ungradable: str | None = None) -> dict[str, Any]:
    """Gradescope's ``results.json`` for one submission's rows (with their plain results)."""
    tests = []
    for number, row in enumerate(rows, 1):
        result = Result.from_plain(row["result"]) if row.get("result") else None
        tests.append({
            "score": row["score"], "max_score": row["max_score"],
            "status": "passed" if row["status"] == "passed" else "failed",
            "name": (f"{result.title.render(language)} ({row['exercise']})" if result is not None
                     else row["exercise"]),
            "number": str(number),
            "output": result.text(language) if result is not None else row["message"],
            "tags": [row["exercise"]],
            "visibility": "visible",
        })
    total = sum(row["score"] for row in rows)
    maximum = sum(row["max_score"] for row in rows)
    output = f"{format_score(total)} / {format_score(maximum)}"
    if ungradable:
        output += f" — {ungradable}"
    return {"score": total, "execution_time": round(seconds or 0.0, 3), "output": output,
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def _write_gradescope(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord],
                      out: str | Path | None) -> str | None:
    documents = {(stored.assignment, stored.student): gradescope_results(
        stored.rows, language=_language(records, stored.assignment), seconds=stored.seconds,
        ungradable=stored.reason if stored.status != "graded" else None) for stored in latest}
    if len(documents) == 1 and (out is None or str(out).endswith(".json")):
        text = json.dumps(next(iter(documents.values())), indent=2, ensure_ascii=False) + "\n"
        if out is None:
            return text
        Path(out).write_text(text, encoding="utf-8")
        return None
    if out is None or str(out).endswith(".json"):
        raise GradingError("the gradebook holds several submissions: give a folder with --out, "
                           "where each student's results.json is written")
    folder = Path(out)
    several = len({a for a, _ in documents}) > 1
    taken: set[str] = set()
    for (assignment, student), document in documents.items():
        # Two ids can make the same folder name ("a/b" and "a_b"): the second gets a suffix
        # drawn from its id rather than overwriting the first one's results.
        name = _safe(student)
        key = f"{assignment}\0{name.lower()}"
        if key in taken:
            name = f"{name}-{hashlib.sha256(student.encode('utf-8')).hexdigest()[:8]}"
            key = f"{assignment}\0{name.lower()}"
        taken.add(key)
        target = folder / _safe(assignment) / name if several else folder / name
        target.mkdir(parents=True, exist_ok=True)
        (target / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    return None


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9@._+-]+", "_", name).strip("._") or "unnamed"
