"""Rosters: who is in the class, as a spreadsheet or an LMS exports it.

One reader serves ``caire notebook --students`` (which needs each student's id,
see :func:`caire_exercises.teacher.assignment.read_roster`) and ``caire export
--roster`` (which needs what each LMS matches students on: the e-mail address,
Moodle's ID number, the name, the participant number of Moodle's offline
grading worksheet, Canvas's SIS ids). Every column is optional except one that
names the student (an e-mail address, else an id).

>>> entry = RosterEntry(student="alice@example.org", email="alice@example.org", name="Alice Martin")
>>> entry.matches_name("MARTIN Alice")
True
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from caire_exercises.model.errors import GradingError
from caire_exercises.model.i18n import Text

#: Header names of the column holding the student's id, best first, compared without case,
#: accents, spaces or punctuation: the English and French headers of spreadsheets and of
#: Moodle's participant and grade exports.
ROSTER_EMAIL_COLUMNS = ("email", "mail", "courriel", "emailaddress", "adressedecourriel", "adresseemail",
                        "adressemail", "adresseelectronique", "adressedemessagerie")
ROSTER_ID_COLUMNS = ("student", "etudiant", "id", "identifiant", "idnumber", "numerodidentification",
                     "username", "nomdutilisateur", "login")
#: Moodle's user ID number (the only thing its XML grade import matches students on).
ID_NUMBER_COLUMNS = ("idnumber", "numerodidentification", "numeroetudiant", "studentnumber")
FULL_NAME_COLUMNS = ("fullname", "nomcomplet", "name", "nometprenom", "prenometnom", "student", "etudiant")
FIRST_NAME_COLUMNS = ("firstname", "prenom", "givenname")
LAST_NAME_COLUMNS = ("lastname", "nom", "surname", "familyname", "nomdefamille")
#: The worksheet of Moodle's offline grading: "Participant 1234" in the column Identifier.
PARTICIPANT_COLUMNS = ("identifier", "identifiant")
SIS_USER_COLUMNS = ("sisuserid",)
SIS_LOGIN_COLUMNS = ("sisloginid",)
CANVAS_ID_COLUMNS = ("id",)

_PARTICIPANT = re.compile(r"^\D*?(\d+)\s*$")

_ROSTER_MESSAGES = {
    "unreadable": Text(en="Cannot read the roster {where}: {error}.",
                       fr="Impossible de lire la liste d'étudiants {where}\u202f: {error}."),
    "no_column": Text(
        en="The roster {where} needs a column of e-mail addresses (email, Email address, Adresse de "
           "courriel...) or of student ids (student, id, ID number...); its columns are: {columns}.",
        fr="La liste d'étudiants {where} doit avoir une colonne d'adresses électroniques (email, "
           "Adresse de courriel, Email address...) ou d'identifiants (id, Numéro d'identification, "
           "student...)\u202f; ses colonnes sont\u202f: {columns}."),
    "empty": Text(en="The roster {where} names no student.",
                  fr="La liste d'étudiants {where} ne nomme aucun étudiant."),
    "case": Text(en="The roster {where} names {first} (line {first_line}) and {second} (line {second_line}), "
                    "which differ only by capitals: keep one spelling, the one your LMS has.",
                 fr="La liste d'étudiants {where} nomme {first} (ligne {first_line}) et {second} "
                    "(ligne {second_line}), qui ne diffèrent que par les majuscules\u202f: gardez une seule "
                    "graphie, celle de votre plateforme."),
}


def header_key(name: str) -> str:
    """``"Numéro d'identification"`` -> ``"numerodidentification"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_name.lower())


def name_key(name: str) -> str:
    """A person's name compared without case, accents, punctuation or word order.

    >>> name_key("Éloïse  DUPONT") == name_key("dupont, eloise")
    True
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(sorted(re.findall(r"[a-z0-9]+", ascii_name)))


def roster_text(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows' Western code page (Excel in France)."""
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True)
class RosterEntry:
    """One student of a roster: the id used for notebooks, and what each LMS matches on."""

    student: str
    email: str = ""
    id_number: str = ""
    name: str = ""
    participant: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    canvas_id: str = ""
    line: int = 0

    def matches_name(self, name: str) -> bool:
        return bool(self.name) and name_key(self.name) == name_key(name)


def read_roster_entries(path: str | Path) -> list[RosterEntry]:
    """The students of a roster, in file order: what a spreadsheet or an LMS exports, as it is.

    The file has a header row; the student is read from a column of e-mail
    addresses (``email``, ``Email address``, ``Adresse de courriel``...), else
    of ids (``student``, ``id``, ``ID number``, ``Numéro d'identification``...).
    It may be separated by commas, semicolons or tabs, encoded in UTF-8 (with a
    byte-order mark or not), UTF-16 or Windows-1252 (Excel's "CSV" in France),
    with Windows line ends and a first line ``sep=;``. Blank lines and cells are
    skipped, spaces around (and inside) an e-mail address are removed, and a
    student listed twice is kept once. Capitals are kept: Canvas matches
    login ids case-sensitively.

    The other columns are kept when present: ``ID number`` (Moodle's),
    the name (``Full name``, or ``First name`` and ``Last name``, in English or
    French), ``Identifier`` (``Participant 1234`` in Moodle's grading
    worksheet), and Canvas's ``ID``, ``SIS User ID`` and ``SIS Login ID``.

    Raises
    ------
    GradingError
        If the file cannot be read, has no such column, names no student, or
        names a student twice with different capitals.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise GradingError(_ROSTER_MESSAGES["unreadable"].render(
            None, where=str(path), error=error.strerror or str(error))) from None
    lines = roster_text(raw).splitlines()
    numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    if numbered and re.fullmatch(r"\s*sep=.?\s*", numbered[0][1], flags=re.IGNORECASE):
        numbered = numbered[1:]
    if not numbered:
        raise GradingError(_ROSTER_MESSAGES["empty"].render(None, where=str(path)))
    header_line = numbered[0][1]
    delimiter = max(",;\t", key=header_line.count)
    rows = list(csv.reader([line for _, line in numbered], delimiter=delimiter))
    header = [header_key(name) for name in rows[0]]
    column = next((header.index(name) for name in ROSTER_EMAIL_COLUMNS + ROSTER_ID_COLUMNS if name in header),
                  None)
    if column is None:
        columns = ", ".join(name.strip() for name in rows[0] if name.strip())
        raise GradingError(_ROSTER_MESSAGES["no_column"].render(None, where=str(path),
                                                                columns=columns or "-"))
    is_email = header[column] in ROSTER_EMAIL_COLUMNS

    def find(names: tuple[str, ...]) -> int | None:
        return next((header.index(name) for name in names if name in header), None)

    email_column = find(ROSTER_EMAIL_COLUMNS)
    canvas = "sisloginid" in header or "sisuserid" in header    # "ID" is Canvas's user id only there
    columns = {"id_number": find(ID_NUMBER_COLUMNS), "participant": find(PARTICIPANT_COLUMNS),
               "sis_user_id": find(SIS_USER_COLUMNS), "sis_login_id": find(SIS_LOGIN_COLUMNS),
               "canvas_id": find(CANVAS_ID_COLUMNS) if canvas else None}
    full, first_name, last_name = find(FULL_NAME_COLUMNS), find(FIRST_NAME_COLUMNS), find(LAST_NAME_COLUMNS)
    entries: list[RosterEntry] = []
    seen: dict[str, tuple[str, int]] = {}
    for (line_number, _), row in zip(numbered[1:], rows[1:]):

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        raw_cell = row[column] if column < len(row) else ""
        student = re.sub(r"\s+", "", raw_cell) if is_email or "@" in raw_cell else raw_cell.strip()
        if not re.search(r"\w", student):      # empty, or the separators of an empty row
            continue
        first = seen.get(student.casefold())
        if first is not None:
            if first[0] != student:
                raise GradingError(_ROSTER_MESSAGES["case"].render(
                    None, where=str(path), first=first[0], first_line=first[1], second=student,
                    second_line=line_number))
            continue
        seen[student.casefold()] = (student, line_number)
        name = cell(full) if full is not None and full != column else ""
        if not name:
            name = " ".join(part for part in (cell(first_name), cell(last_name)) if part)
        participant = cell(columns["participant"])
        found = _PARTICIPANT.match(participant)
        entries.append(RosterEntry(
            student=student, email=re.sub(r"\s+", "", cell(email_column)),
            id_number=cell(columns["id_number"]), name=name, participant=found.group(1) if found else "",
            sis_user_id=cell(columns["sis_user_id"]), sis_login_id=cell(columns["sis_login_id"]),
            canvas_id=cell(columns["canvas_id"]), line=line_number))
    if not entries:
        raise GradingError(_ROSTER_MESSAGES["empty"].render(None, where=str(path)))
    return entries


def read_roster(path: str | Path) -> list[str]:
    """The students of a roster, in file order: each one's id (the e-mail address when there is one).

    The reader, the columns it accepts and its errors are those of
    :func:`caire_exercises.teacher.roster.read_roster_entries`; ``caire export --roster``
    reads the same files.

    Raises
    ------
    GradingError
        If the file cannot be read, has no such column, names no student, or
        names a student twice with different capitals.
    """
    return [entry.student for entry in read_roster_entries(path)]


def student_tag(secret: str, student: str) -> str:
    """The tag that binds a notebook to `student`: HMAC-SHA256 of the id under the course secret.

    ``caire notebook --students`` writes it next to the student in the
    metadata; only the teacher's secret makes it, so a student cannot write a
    classmate's.
    """
    return hmac.new(secret.encode("utf-8"), ("caire-student\x1f" + student).encode("utf-8"),
                    hashlib.sha256).hexdigest()
