"""Exports of a gradebook for learning-management systems, each held against the importer that reads it.

Each format writes the submission that counts for each student (the most
recent file; see :meth:`Gradebook.latest`). What each importer does with the
file was read in its own source code, and the tests read our files the same way
(``tests/grading/lms_importers.py``):

* ``csv``: one row per (student, exercise), raw points: assignment, student,
  submission, exercise, score, max_score, status, message, graded_at.
* ``moodle-worksheet``: Moodle's *offline grading worksheet*, downloaded from
  the assignment and filled in (``--worksheet FILE``): the way back into a Moodle
  assignment. It keeps the file's headers and language; students are found by
  their ``Participant N`` (the number of Moodle's download folders
  ``Name_N_assignsubmission_file_``) or their e-mail address; scores are put on
  the worksheet's ``Maximum Grade``.
* ``moodle``: Moodle's gradebook import from a CSV file, matched on the
  ``Email address`` column (Moodle credits a row with an empty identity to the
  student of the row above: no row is ever written without one), with an
  ``ID number`` column when a roster gives real ID numbers.
* ``moodle-xml``: Moodle's XML grade import, for sites whose ID numbers the
  teacher controls: ``<result>`` with the grade item's ID number (required,
  ``--grade-item``) and the user's ID number from a roster.
* ``canvas``: Canvas's gradebook CSV, with a column title Canvas matches (the
  exact title, or ``Title (id)`` with Canvas's numeric id) and the e-mail in
  ``SIS Login ID``; or a gradebook downloaded from Canvas, filled in.
* ``gradescope``: Gradescope's ``results.json`` (one per student).
* ``nbgrader``: nbgrader's grade export columns.

``--out-of N`` puts every LMS file on N points (and says so); ungradable
submissions and, with ``--roster``, students who handed nothing in are listed
at export time, and written as empty or zero rows only when asked.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

from caire_exercises.model.errors import GradingError
from caire_exercises.model.i18n import Text
from caire_exercises.engine.report import Result
from caire_exercises.grading.escaping import csv_text, xml_text
from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook, StoredSubmission
from caire_exercises.grading.identities import Person, Roster, absent, identify
from caire_exercises.grading.lines import ExportOptions, Line, Missing, _who, format_score

FORMATS = ("csv", "moodle", "moodle-worksheet", "moodle-xml", "canvas", "gradescope", "nbgrader")
#: Formats that an LMS imports (rescaled by --out-of; absent and ungradable students listed).
LMS_FORMATS = ("moodle", "moodle-worksheet", "moodle-xml", "canvas", "nbgrader")
#: Formats that hold one assignment (one grade item, one worksheet).
ONE_ASSIGNMENT = ("moodle", "moodle-worksheet", "moodle-xml")

CSV_COLUMNS = ["assignment", "student", "submission", "exercise", "score", "max_score", "status", "message",
               "graded_at"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]




@dataclass
class ExportResult:
    """The file's text (when not written to a file) and what the teacher must be told."""

    text: str | None
    notices: list[str] = field(default_factory=list)


def export(db: str | Path, fmt: str, *, out: str | Path | None = None, assignment: str | None = None,
           **options: Any) -> str | None:
    """Write `fmt` to `out` (a file, or a folder for Gradescope with several students); return the text
    when `out` is None. `options` are the fields of :class:`ExportOptions`."""
    return export_with_notices(db, fmt, out=out, options=ExportOptions(assignment=assignment, **options)).text


def export_with_notices(db: str | Path, fmt: str, *, out: str | Path | None = None,
                        options: ExportOptions | None = None) -> ExportResult:
    """:func:`export`, with the notices for the teacher (students left out and why, the scale)."""
    options = options or ExportOptions()
    if fmt not in FORMATS:
        raise GradingError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not Path(db).exists():
        raise GradingError(f"No gradebook at {db}")
    if options.out_of is not None and not options.out_of > 0:
        raise GradingError("--out-of must be a positive number of points")
    if options.worksheet is not None and fmt not in ("moodle-worksheet", "canvas"):
        raise GradingError("--worksheet is the file downloaded from the LMS to fill in: Moodle's grading "
                           "worksheet (--format moodle-worksheet) or a Canvas gradebook (--format canvas)")
    with Gradebook(db) as gradebook:
        records = {record.name: record for record in gradebook.assignments()}
        chosen = _choose_assignment(records, options.assignment)
        latest = gradebook.latest(chosen)
    if fmt == "csv":
        return _write(csv_text(_csv_rows(latest)), out, "utf-8-sig")
    if fmt == "gradescope":
        graded = [stored for stored in latest if stored.status == "graded"]
        return ExportResult(_write_gradescope(graded, records, out))
    names = _assignments(latest)
    if fmt in ONE_ASSIGNMENT and len(names) > 1:
        raise GradingError(_T["several"].render(
            _common_language(records, names), names=", ".join(repr(name) for name in names),
            first=names[0], format=fmt))
    language = _common_language(records, names) or "en"
    roster = Roster(_read_roster(options.roster)) if options.roster else None
    notices: list[str] = []
    lines = _lines(latest, records, names, roster, options, notices, language)
    if fmt == "moodle":
        text = to_moodle_csv(lines, records, options, notices, language)
        return _write(text, out, "utf-8-sig", notices)
    if fmt == "moodle-xml":
        return _write(to_moodle_xml(lines, options, notices, language), out, "utf-8", notices)
    if fmt == "nbgrader":
        return _write(to_nbgrader(lines), out, "utf-8", notices)
    if fmt == "moodle-worksheet":
        from caire_exercises.grading.downloaded import fill_moodle_worksheet

        if options.worksheet is None:
            raise GradingError(_T["worksheet_needed"].render(language))
        return _write(fill_moodle_worksheet(options.worksheet, lines, options, notices, language), out,
                      "utf-8", notices)
    if options.worksheet is not None:
        from caire_exercises.grading.downloaded import fill_canvas_gradebook

        return _write(fill_canvas_gradebook(options.worksheet, lines, records, options, notices, language),
                      out, "utf-8-sig", notices)
    return _write(to_canvas(lines, records, names, options, notices, language), out, "utf-8-sig", notices)


def _write(text: str, out: str | Path | None, encoding: str,
           notices: list[str] | None = None) -> ExportResult:
    if out is not None:
        # Excel reads a CSV file without a byte-order mark in the local code page (cp1252 in France)
        # and garbles every accent; Moodle's and Canvas's importers skip the mark.
        Path(out).write_text(text, encoding=encoding, newline="")
        return ExportResult(None, list(notices or []))
    return ExportResult(text, list(notices or []))


def _read_roster(path: str | Path) -> list[Any]:
    from caire_exercises.teacher.roster import read_roster_entries

    return read_roster_entries(path)


_T = {
    "several": Text(
        en="the gradebook holds several assignments ({names}); a {format} file holds one (an empty grade "
           "cell clears that grade when Moodle imports it). Choose one with --assignment, e.g. "
           "--assignment \"{first}\", and write one file per assignment.",
        fr="le carnet de notes contient plusieurs devoirs ({names})\u202f; un fichier {format} n'en contient "
           "qu'un (une case de note vide efface cette note quand Moodle l'importe). Choisissez-en un avec "
           "--assignment, par exemple --assignment \"{first}\", et écrivez un fichier par devoir."),
    "worksheet_needed": Text(
        en="--format moodle-worksheet fills the worksheet downloaded from the Moodle assignment: in the "
           "assignment, View all submissions > Grading action > Download grading worksheet, then pass "
           "the file with --worksheet FILE.",
        fr="--format moodle-worksheet remplit la feuille de notes téléchargée depuis le devoir Moodle\u202f: "
           "dans le devoir, Consulter tous les travaux remis > Action d'évaluation > Télécharger le "
           "formulaire d'évaluation, puis donnez le fichier avec --worksheet FICHIER."),
    "ungradable": Text(
        en="Not written, ungradable ({count}): {who}. Their grade in the LMS stays as it is; "
           "--missing zero writes 0 with the reason, --missing empty an empty grade.",
        fr="Non écrits, non notables ({count})\u202f: {who}. Leur note dans la plateforme reste telle "
           "quelle\u202f; --missing zero écrit 0 avec la raison, --missing empty une note vide."),
    "absent": Text(
        en="Not written, handed nothing in ({count}): {who}. --missing zero writes 0, --missing empty "
           "an empty grade.",
        fr="Non écrits, n'ont rien rendu ({count})\u202f: {who}. --missing zero écrit 0, --missing empty "
           "une note vide."),
    "written_missing": Text(
        en="Written with {what} grade, ungradable or handed nothing in ({count}): {who}.",
        fr="Écrits avec une note {what}, non notables ou sans rendu ({count})\u202f: {who}."),
    "absent_feedback": Text(en="No submission.", fr="Aucun rendu."),
    "two_places": Text(
        en="{who} handed in at several places ({places}): the most recent, {newest}, is written.",
        fr="{who} a rendu à plusieurs emplacements ({places})\u202f: le plus récent, {newest}, est écrit."),
    "scale": Text(en="Scores are out of {maximum}: set the maximum grade of the LMS item to {maximum}.",
                  fr="Les notes sont sur {maximum}\u202f: réglez la note maximale de l'élément dans la "
                     "plateforme sur {maximum}."),
    "no_email": Text(
        en="Moodle's CSV import matches students on their e-mail address, and credits a row without one to "
           "the student of the row above; these students have none ({count}): {who}. Use --format "
           "moodle-worksheet with the worksheet downloaded from the assignment (it knows Moodle's "
           "participant numbers), or give a roster with their e-mail addresses (--roster), or pass "
           "--skip-unmatched to write the others and grade these by hand.",
        fr="L'import CSV de Moodle reconnaît les étudiants à leur adresse électronique, et attribue une "
           "ligne qui n'en a pas à l'étudiant de la ligne du dessus\u202f; ces étudiants n'en ont pas "
           "({count})\u202f: {who}. Utilisez --format moodle-worksheet avec la feuille de notes téléchargée "
           "depuis le devoir (elle connaît les numéros de participant de Moodle), ou donnez une liste "
           "d'étudiants avec leurs adresses (--roster), ou passez --skip-unmatched pour écrire les autres "
           "et noter ceux-ci à la main."),
    "skipped_no_email": Text(
        en="Not written, no e-mail address for Moodle to match ({count}): {who}; grade them by hand.",
        fr="Non écrits, sans adresse électronique que Moodle puisse reconnaître ({count})\u202f: "
           "{who}\u202f; notez-les à la main."),
    "grade_item": Text(
        en="Moodle's XML import finds the grade item by its ID number and stops at the first it does not "
           "know: give it with --grade-item (set it in Moodle: Gradebook setup > the item's Edit settings "
           "> ID number).",
        fr="L'import XML de Moodle trouve l'élément d'évaluation par son numéro d'identification et "
           "s'arrête au premier inconnu\u202f: donnez-le avec --grade-item (réglez-le dans Moodle\u202f: "
           "Configuration du carnet de notes > Modifier les paramètres de l'élément > Numéro "
           "d'identification)."),
    "no_id_number": Text(
        en="Not written, no Moodle ID number in the roster ({count}): {who}. Moodle's XML import matches "
           "the user's ID number only and stops at the first it does not know.",
        fr="Non écrits, sans numéro d'identification Moodle dans la liste ({count})\u202f: {who}. L'import "
           "XML de Moodle ne reconnaît que le numéro d'identification et s'arrête au premier inconnu."),
    "xml_nobody": Text(
        en="no student has a Moodle ID number: Moodle's XML import matches students on it alone. Give a "
           "roster with an ID number column (--roster), or use --format moodle-worksheet or moodle.",
        fr="aucun étudiant n'a de numéro d'identification Moodle\u202f: l'import XML de Moodle ne reconnaît "
           "les étudiants que par lui. Donnez une liste d'étudiants avec une colonne Numéro "
           "d'identification (--roster), ou utilisez --format moodle-worksheet ou moodle."),
    "canvas_unmatched": Text(
        en="Canvas will ask you to match these students by hand (no login id, SIS id or name known; "
           "give a roster with --roster) ({count}): {who}.",
        fr="Canvas vous demandera d'associer ces étudiants à la main (ni identifiant de connexion, ni "
           "identifiant SIS, ni nom connu\u202f; donnez une liste avec --roster) ({count})\u202f: {who}."),
    "out_of": Text(en="out of {maximum}", fr="sur {maximum}"),
    "feedback": Text(en="feedback", fr="feedback"),
}


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
        from caire_exercises.teacher.assignment import Assignment

        title = Assignment.from_file(path).title
        if title in records:
            return title
    raise GradingError(f"the gradebook has no assignment {assignment!r}; it has: "
                       + (", ".join(sorted(records)) or "none"))


def _language(records: dict[str, AssignmentRecord], name: str) -> str:
    record = records.get(name)
    return record.language if record is not None else "en"


_STATUS_WORDS = {
    "passed": Text(en="passed", fr="réussi"), "failed": Text(en="failed", fr="échoué"),
    "not_attempted": Text(en="not attempted", fr="non tenté"), "error": Text(en="error", fr="erreur"),
    "timeout": Text(en="time limit", fr="temps dépassé"), "ungradable": Text(en="ungradable", fr="non notable"),
}


def feedback_text(stored: StoredSubmission, language: str) -> str:
    """A short plain-text feedback: each exercise's points and status (hidden cases never detailed)."""
    parts = []
    for row in stored.rows:
        word = _STATUS_WORDS.get(row["status"])
        status = word.render(language) if word is not None else row["status"]
        parts.append(f"{row['exercise']}: {format_score(row['score'])}/{format_score(row['max_score'])} ({status})")
    if stored.status != "graded" and stored.reason:
        parts.append(stored.reason)
    return "; ".join(parts)


def _lines(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord], names: Sequence[str],
           roster: Roster | None, options: ExportOptions, notices: list[str], language: str) -> list[Line]:
    """Every student's line for the LMS: graded ones, then (when asked) ungradable and absent ones."""
    lines: list[Line] = []
    left_ungradable: list[Person] = []
    written_missing: list[Person] = []
    people: dict[str, list[Person]] = {name: [] for name in names}
    for stored in _one_per_person(latest, names, roster, notices, language):
        person = identify(stored.student, roster)
        people[stored.assignment].append(person)
        maximum, factor = _scale(records, stored.assignment, options, stored.max_score)
        feedback = feedback_text(stored, _language(records, stored.assignment))
        if stored.status == "graded":
            lines.append(Line(person, "graded", stored.score * factor, maximum, feedback, stored.assignment,
                              stored))
        elif options.missing == "leave":
            left_ungradable.append(person)
        else:
            written_missing.append(person)
            lines.append(Line(person, "ungradable", 0.0 if options.missing == "zero" else None, maximum,
                              feedback, stored.assignment, stored))
    if left_ungradable:
        notices.append(_T["ungradable"].render(language, count=len(left_ungradable),
                                               who=_who(left_ungradable)))
    for name in names if roster is not None else ():
        missing = absent(roster, people[name])  # type: ignore[arg-type]
        if not missing:
            continue
        if options.missing == "leave":
            notices.append(_T["absent"].render(language, count=len(missing), who=_who(missing)))
            continue
        written_missing.extend(missing)
        maximum, _ = _scale(records, name, options, 0.0)
        feedback = _T["absent_feedback"].render(_language(records, name))
        lines.extend(Line(person, "absent", 0.0 if options.missing == "zero" else None, maximum, feedback,
                          name) for person in missing)
    if written_missing:
        what = Text(en="a zero", fr="zéro") if options.missing == "zero" else Text(en="an empty", fr="vide")
        notices.append(_T["written_missing"].render(language, what=what.render(language),
                                                    count=len(written_missing), who=_who(written_missing)))
    maxima = sorted({line.maximum for line in lines})
    if maxima:
        notices.append(_T["scale"].render(language, maximum=" / ".join(format_score(m) for m in maxima)))
    return lines


def _scale(records: dict[str, AssignmentRecord], name: str, options: ExportOptions,
           fallback: float) -> tuple[float, float]:
    """The maximum written for assignment `name`, and the factor from its raw points to it."""
    record = records.get(name)
    raw = record.max_score if record is not None else fallback
    maximum = options.out_of if options.out_of is not None else raw
    return maximum, (maximum / raw if raw else 1.0)


def _one_per_person(latest: Sequence[StoredSubmission], names: Sequence[str], roster: Roster | None,
                    notices: list[str], language: str) -> list[StoredSubmission]:
    """The submission that counts for each person: when two places name one student (a Moodle
    folder and an e-mail file that the roster ties together), the most recent file, and a notice."""
    chosen: dict[tuple[str, str], list[StoredSubmission]] = {}
    for stored in latest:
        if stored.assignment not in names:
            continue
        person = identify(stored.student, roster)
        key = (f"roster:{person.entry.line}" if person.entry is not None
               else person.email.casefold() or stored.student)
        chosen.setdefault((stored.assignment, key), []).append(stored)
    kept = []
    for items in chosen.values():
        newest = max(items, key=lambda stored: (stored.modified, stored.graded_at, stored.id))
        kept.append(newest)
        if len(items) > 1:
            notices.append(_T["two_places"].render(
                language, who=identify(newest.student, roster).shown,
                places=", ".join(stored.student for stored in items), newest=newest.student))
    return kept


def _score_cell(line: Line, *, decimal_comma: bool = False) -> str:
    return "" if line.score is None else format_score(line.score, decimal_comma=decimal_comma)


# --------------------------------------------------------------------- formats


def _csv_rows(latest: Sequence[StoredSubmission]) -> list[list[Any]]:
    rows: list[list[Any]] = [CSV_COLUMNS]
    for stored in latest:
        for row in stored.rows:
            rows.append([stored.assignment, stored.student, stored.submission, row["exercise"],
                         format_score(row["score"]), format_score(row["max_score"]), row["status"],
                         row["message"], stored.graded_at])
    return rows


def to_csv(latest: Sequence[StoredSubmission], records: dict[str, AssignmentRecord] | None = None) -> str:
    """The generic CSV file: one row per (student, exercise), raw points."""
    return csv_text(_csv_rows(latest))


def _assignments(latest: Sequence[StoredSubmission]) -> list[str]:
    return sorted({stored.assignment for stored in latest})


def grade_column(title: str, maximum: float, language: str) -> str:
    """``TP 1 (out of 20)``: the grade column's header says the scale."""
    return f"{title} ({_T['out_of'].render(language, maximum=format_score(maximum))})"


def to_moodle_csv(lines: Sequence[Line], records: dict[str, AssignmentRecord], options: ExportOptions,
                  notices: list[str], language: str) -> str:
    """Moodle's CSV grade import: ``Email address`` (and ``ID number`` from a roster), a grade and a
    feedback column. Refuses (or, with ``skip_unmatched``, leaves out and lists) every student
    without an e-mail address: Moodle would credit their row to the student above."""
    without = [line.person for line in lines if not line.person.email]
    if without and not options.skip_unmatched:
        raise GradingError(_T["no_email"].render(language, count=len(without), who=_who(without)))
    if without:
        notices.append(_T["skipped_no_email"].render(language, count=len(without), who=_who(without)))
    kept = sorted((line for line in lines if line.person.email),
                  key=lambda line: line.person.email.casefold())
    id_numbers = any(line.person.id_number for line in kept)
    name = kept[0].assignment if kept else ""
    record = records.get(name)
    title = record.title if record is not None else name
    maximum = kept[0].maximum if kept else (options.out_of or 0.0)
    header = (["ID number"] if id_numbers else []) + ["Email address", grade_column(title, maximum, language),
                                                      f"{title} {_T['feedback'].render(language)}"]
    rows: list[list[Any]] = [header]
    for line in kept:
        rows.append(([line.person.id_number] if id_numbers else [])
                    + [line.person.email, _score_cell(line, decimal_comma=options.decimal_comma),
                       line.feedback])
    return csv_text(rows, delimiter=";" if options.decimal_comma else ",")


def to_moodle_xml(lines: Sequence[Line], options: ExportOptions, notices: list[str], language: str) -> str:
    """Moodle's XML grade import: the grade item's ID number and each user's ID number from a roster."""
    if not options.grade_item:
        raise GradingError(_T["grade_item"].render(language))
    without = [line.person for line in lines if not line.person.id_number]
    kept = [line for line in lines if line.person.id_number]
    if not kept and lines:
        raise GradingError(_T["xml_nobody"].render(language))
    if without:
        notices.append(_T["no_id_number"].render(language, count=len(without), who=_who(without)))
    root = ElementTree.Element("results")
    maxima = sorted({line.maximum for line in kept})
    scale = _T["out_of"].render(language, maximum=" / ".join(format_score(m) for m in maxima))
    root.append(ElementTree.Comment(xml_text(f" caire-exercises: {scale} ").replace("--", "- -")))
    for line in kept:
        result = ElementTree.SubElement(root, "result")
        ElementTree.SubElement(result, "assignment").text = xml_text(options.grade_item)
        ElementTree.SubElement(result, "student").text = xml_text(line.person.id_number)
        if line.score is not None:
            ElementTree.SubElement(result, "score").text = format_score(line.score)
        ElementTree.SubElement(result, "feedback").text = xml_text(line.feedback)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def canvas_column(record: AssignmentRecord | None, name: str, canvas_id: str | None = None) -> str:
    """The column title Canvas matches: ``Title (id)`` with Canvas's numeric id, else the exact title."""
    title = record.title if record is not None else name
    return f"{title} ({canvas_id})" if canvas_id else title


def to_canvas(lines: Sequence[Line], records: dict[str, AssignmentRecord], names: Sequence[str],
              options: ExportOptions, notices: list[str], language: str) -> str:
    """Canvas's gradebook CSV. Canvas finds a student by ``ID``, then ``SIS User ID``, then ``SIS Login
    ID`` (case-exactly), then the name in ``Student``: the e-mail goes in ``SIS Login ID``."""
    if options.canvas_id is not None and not re.fullmatch(r"\d+", options.canvas_id):
        raise GradingError("--canvas-id is the number in the assignment's Canvas address "
                           "(…/assignments/1234): digits only")
    if options.canvas_id is not None and len(names) > 1:
        raise GradingError("--canvas-id names one Canvas assignment: choose one with --assignment")
    rows: list[list[Any]] = [CANVAS_COLUMNS + [canvas_column(records.get(name), name, options.canvas_id)
                                               for name in names]]
    maxima = {}
    for name in names:
        record = records.get(name)
        maxima[name] = options.out_of if options.out_of is not None else (record.max_score if record else 0.0)
    rows.append(["Points Possible", "", "", "", ""] + [format_score(maxima[name]) for name in names])
    table: dict[str, dict[str, Line]] = {}
    people: dict[str, Person] = {}
    for line in lines:
        table.setdefault(line.person.student, {})[line.assignment] = line
        people[line.person.student] = line.person
    unmatched = []
    for student in sorted(table):
        person = people[student]
        login = person.sis_login_id or person.email
        if not (person.canvas_id or person.sis_user_id or login or person.name):
            unmatched.append(person)
        rows.append([person.name or student, person.canvas_id, person.sis_user_id, login, ""]
                    + [_score_cell(table[student][name]) if name in table[student] else "" for name in names])
    if unmatched:
        notices.append(_T["canvas_unmatched"].render(language, count=len(unmatched), who=_who(unmatched)))
    return csv_text(rows)


def to_nbgrader(lines: Sequence[Line]) -> str:
    """nbgrader's grade export columns (on the LMS scale when --out-of is given)."""
    rows: list[list[Any]] = [NBGRADER_COLUMNS]
    for line in sorted(lines, key=lambda line: (line.assignment, line.person.student)):
        stored = line.stored
        timestamp = (datetime.fromtimestamp(stored.modified, UTC).isoformat()
                     if stored is not None and stored.modified else "")
        score = _score_cell(line)
        rows.append([line.assignment, "", timestamp, line.person.student, "", "", line.person.email, score,
                     "0.0", score, format_score(line.maximum)])
    return csv_text(rows)


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
