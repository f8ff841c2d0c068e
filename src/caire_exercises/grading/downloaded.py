"""Filling the files an LMS hands out for grading: Moodle's offline grading worksheet, a Canvas gradebook.

Going back through the LMS's own file is the surest way to land each grade on
the right student: the file already names every participant the way the LMS
knows them, in its own language, on its own scale.

* **Moodle's offline grading worksheet** (assignment > View all submissions >
  Grading action > Download grading worksheet; imported back by Grading action >
  Upload grading worksheet). Moodle's importer
  (``mod/assign/feedback/offline/importgradeslib.php``) reads it as UTF-8 with
  commas, finds its columns by their exact headers in the teacher's language
  (``Identifier``/``Identifiant``, ``Grade``/``Note``, ``Last modified
  (grade)``/``Dernière modification (note)``, the feedback plugin's own name),
  takes the participant from ``Participant N`` and parses the grade in the
  interface's decimal format. We keep every header, row and column as they
  were, write the grade and feedback of the students we graded, and put the
  scores on the worksheet's ``Maximum Grade``.
* **A Canvas gradebook** (Grades > Export > CSV): the assignment's column is
  found by Canvas's own rule (``Title (id)`` or the exact title), students by
  ``SIS Login ID``, ``SIS User ID``, then their name, and the ``Points
  Possible`` row gives the scale.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from caire_exercises.model.errors import GradingError
from caire_exercises.model.i18n import Text
from caire_exercises.teacher.roster import name_key, roster_text
from caire_exercises.grading.escaping import csv_text

if TYPE_CHECKING:
    from caire_exercises.grading.lines import ExportOptions, Line
    from caire_exercises.grading.gradebook import AssignmentRecord

#: The worksheet's headers, in the languages Moodle writes them (``get_string`` of the assignment).
WORKSHEET_HEADERS = {
    "id": ("Identifier", "Identifiant"),
    "name": ("Full name", "Nom complet"),
    "email": ("Email address", "Adresse de courriel", "Adresse courriel"),
    "grade": ("Grade", "Note"),
    "maximum": ("Maximum Grade", "Maximum grade", "Note maximale"),
    "modified": ("Last modified (grade)", "Dernière modification (note)"),
    "feedback": ("Feedback comments", "Commentaires de feedback", "Commentaires en feedback", "Feedback"),
}

_T = {
    "unreadable": Text(en="Cannot read the worksheet {where}: {error}.",
                       fr="Impossible de lire la feuille de notes {where}\u202f: {error}."),
    "not_worksheet": Text(
        en="{where} is not Moodle's grading worksheet: it has no {missing} column (its columns: {columns}). "
           "Download it from the assignment: View all submissions > Grading action > Download grading "
           "worksheet (the assignment needs the feedback type \"Offline grading worksheet\").",
        fr="{where} n'est pas la feuille de notes de Moodle\u202f: elle n'a pas de colonne {missing} (ses "
           "colonnes\u202f: {columns}). Téléchargez-la depuis le devoir\u202f: Consulter tous les travaux "
           "remis > Action d'évaluation > Télécharger le formulaire d'évaluation (le devoir doit avoir le "
           "type de feedback «\u202fFormulaire d'évaluation hors ligne\u202f»)."),
    "maximum_differs": Text(
        en="the worksheet's maximum grade is {sheet} but --out-of says {asked}: change the maximum grade of "
           "the Moodle assignment and download the worksheet again, or leave out --out-of.",
        fr="la note maximale de la feuille est {sheet} mais --out-of indique {asked}\u202f: changez la note "
           "maximale du devoir Moodle et téléchargez à nouveau la feuille, ou retirez --out-of."),
    "points_differ": Text(
        en="the Canvas gradebook gives {sheet} points possible but --out-of says {asked}: leave out "
           "--out-of (the scores are put on {sheet}), or change the assignment's points in Canvas and "
           "export the gradebook again.",
        fr="le carnet Canvas indique {sheet} points possibles mais --out-of indique {asked}\u202f: retirez "
           "--out-of (les notes sont mises sur {sheet}), ou changez les points du devoir dans Canvas et "
           "exportez à nouveau le carnet."),
    "not_in_sheet": Text(
        en="Not written, not found in the worksheet by participant number or e-mail ({count}): {who}.",
        fr="Non écrits, introuvables dans la feuille par numéro de participant ou adresse ({count})\u202f: "
           "{who}."),
    "no_feedback": Text(
        en="The worksheet has no \"Feedback comments\" column: only grades are written (enable the "
           "feedback type \"Feedback comments\" in the assignment to import feedback too).",
        fr="La feuille n'a pas de colonne «\u202fCommentaires de feedback\u202f»\u202f: seules les notes "
           "sont écrites (activez le type de feedback «\u202fCommentaires de feedback\u202f» dans le devoir "
           "pour importer aussi les commentaires)."),
    "not_canvas": Text(
        en="{where} is not a gradebook exported from Canvas (its first columns should be Student, ID, "
           "SIS User ID, SIS Login ID, Section): Grades > Export > Export Entire Gradebook.",
        fr="{where} n'est pas un carnet de notes exporté de Canvas (ses premières colonnes devraient être "
           "Student, ID, SIS User ID, SIS Login ID, Section)\u202f: Notes > Exporter > Exporter tout le "
           "carnet de notes."),
    "no_column": Text(
        en="the Canvas gradebook has no column for {title} (its assignments: {columns}); pass --canvas-id "
           "with the number in the assignment's address.",
        fr="le carnet de notes Canvas n'a pas de colonne pour {title} (ses devoirs\u202f: {columns})\u202f; "
           "donnez --canvas-id avec le numéro de l'adresse du devoir."),
    "not_in_canvas": Text(
        en="Not written, not found in the Canvas gradebook by login, SIS id or name ({count}): {who}.",
        fr="Non écrits, introuvables dans le carnet Canvas par identifiant de connexion, SIS ou nom "
           "({count})\u202f: {who}."),
}


def _read_table(path: str | Path) -> tuple[list[list[str]], str]:
    """The rows of a CSV file as a spreadsheet or the LMS wrote it, and its separator."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise GradingError(_T["unreadable"].render(None, where=str(path),
                                                   error=error.strerror or error)) from None
    text = roster_text(raw)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], delimiter


def _column(header: Sequence[str], names: Sequence[str]) -> int | None:
    stripped = [cell.strip() for cell in header]
    return next((stripped.index(name) for name in names if name in stripped), None)


def _number(text: str) -> float | None:
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _format(value: float, comma: bool) -> str:
    from caire_exercises.grading.lines import format_score

    return format_score(value, decimal_comma=comma)


def fill_moodle_worksheet(path: str | Path, lines: Sequence[Line], options: ExportOptions, notices: list[str],
                          language: str) -> str:
    """The worksheet at `path` with the grade and feedback of every student in `lines` (see the module)."""
    from caire_exercises.grading.lines import _who

    rows, _ = _read_table(path)
    if not rows:
        raise GradingError(_T["not_worksheet"].render(language, where=str(path), missing="Identifier",
                                                      columns="-"))
    header = rows[0]
    columns = {key: _column(header, names) for key, names in WORKSHEET_HEADERS.items()}
    for key in ("id", "grade"):
        if columns[key] is None:
            raise GradingError(_T["not_worksheet"].render(
                language, where=str(path), missing=" / ".join(WORKSHEET_HEADERS[key]),
                columns=", ".join(cell.strip() for cell in header if cell.strip()) or "-"))
    if columns["feedback"] is None:
        notices.append(_T["no_feedback"].render(language))
    by_participant: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for index, row in enumerate(rows[1:], 1):
        id_column: int = columns["id"]  # type: ignore[assignment]
        found = re.search(r"(\d+)\s*$", row[id_column] if id_column < len(row) else "")
        if found:
            by_participant[found.group(1)] = index
        email_column = columns["email"]
        if email_column is not None and email_column < len(row) and row[email_column].strip():
            by_email[row[email_column].strip().casefold()] = index
    unmatched = []
    for line in lines:
        person = line.person
        index = by_participant.get(person.participant) if person.participant else None
        if index is None and person.email:
            index = by_email.get(person.email.casefold())
        if index is None:
            unmatched.append(person)
            continue
        row = rows[index]
        row.extend([""] * (len(header) - len(row)))
        maximum_text = row[columns["maximum"]] if columns["maximum"] is not None else ""
        sheet_maximum = _number(maximum_text)
        comma = "," in maximum_text
        score = line.score
        if score is not None and sheet_maximum is not None:
            if options.out_of is not None and abs(options.out_of - sheet_maximum) > 1e-9:
                raise GradingError(_T["maximum_differs"].render(
                    language, sheet=_format(sheet_maximum, comma), asked=_format(options.out_of, comma)))
            # The worksheet states the scale: put the score on it (line.maximum is the scale used so far).
            score = score * sheet_maximum / line.maximum if line.maximum else score
        row[columns["grade"]] = "" if score is None else _format(score, comma)  # type: ignore[index]
        if columns["feedback"] is not None:
            row[columns["feedback"]] = line.feedback
    if unmatched:
        notices.append(_T["not_in_sheet"].render(language, count=len(unmatched), who=_who(unmatched)))
    # Moodle's importer reads the worksheet as UTF-8 with commas, whatever a spreadsheet made of it.
    return csv_text(rows)


def fill_canvas_gradebook(path: str | Path, lines: Sequence[Line], records: dict[str, AssignmentRecord],
                          options: ExportOptions, notices: list[str], language: str) -> str:
    """The Canvas gradebook at `path` with the score of every student in `lines` in the assignment's
    column."""
    from caire_exercises.grading.lines import _who

    rows, _ = _read_table(path)
    if not rows or not rows[0] or "Student" not in rows[0][0] or len(rows[0]) < 2 or "ID" not in rows[0][1]:
        raise GradingError(_T["not_canvas"].render(language, where=str(path)))
    header = [cell.strip() for cell in rows[0]]
    names = sorted({line.assignment for line in lines})
    columns: dict[str, int] = {}
    reserved = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Integration ID", "Root Account"}
    assignments = [cell for cell in header if cell not in reserved]
    for name in names:
        record = records.get(name)
        title = record.title if record is not None else name
        for index, cell in enumerate(header):
            found = re.fullmatch(r"(.*) \((\d+)\)", cell)
            if (options.canvas_id and found and found.group(2) == options.canvas_id) or cell == title or (
                    found and found.group(1) == title and not options.canvas_id):
                columns[name] = index
                break
        else:
            raise GradingError(_T["no_column"].render(language, title=title,
                                                      columns=", ".join(assignments) or "-"))
    sis_user = _column(header, ["SIS User ID"])
    sis_login = _column(header, ["SIS Login ID"])
    points = next((row for row in rows[1:] if row and "Points Possible" in row[0]), None)
    unmatched = []
    for line in lines:
        person = line.person
        match = None
        for index, row in enumerate(rows[1:], 1):
            if not row or "Points Possible" in row[0]:
                continue

            def cell(column: int | None, row: list[str] = row) -> str:
                return row[column].strip() if column is not None and column < len(row) else ""

            login = person.sis_login_id or person.email
            if ((person.canvas_id and cell(1) == person.canvas_id)
                    or (login and cell(sis_login).casefold() == login.casefold())
                    or (person.sis_user_id and cell(sis_user) == person.sis_user_id)
                    or (person.email and cell(sis_user).casefold() == person.email.casefold())
                    or (person.name and name_key(cell(0)) == name_key(person.name))):
                match = index
                break
        if match is None:
            unmatched.append(person)
            continue
        column = columns[line.assignment]
        row = rows[match]
        row.extend([""] * (len(header) - len(row)))
        score = line.score
        possible = _number(points[column]) if points is not None and column < len(points) else None
        if possible and options.out_of is not None and abs(options.out_of - possible) > 1e-9:
            raise GradingError(_T["points_differ"].render(language, sheet=_format(possible, False),
                                                          asked=_format(options.out_of, False)))
        if score is not None and possible:
            # The gradebook's Points Possible is the scale (line.maximum is the one used so far).
            score = score * possible / line.maximum if line.maximum else score
        row[column] = "" if score is None else _format(score, False)
    if unmatched:
        notices.append(_T["not_in_canvas"].render(language, count=len(unmatched), who=_who(unmatched)))
    return csv_text(rows)

