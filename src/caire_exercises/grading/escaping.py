"""Text from submissions, made safe for the places it goes: ids, CSV cells, XML, the terminal.

A student's file name, folder or notebook may hold anything: a formula for the
spreadsheet that opens the export (``=HYPERLINK(...)``), a bare carriage
return that splits a CSV row and slips a row in under another student's id, a
control character that makes a whole XML file invalid, or an ANSI escape
sequence that rewrites what the teacher reads in the terminal. Each is
handled once, here:

* :func:`check_student_id`: an id is printable and at most
  :data:`MAX_ID_LENGTH` characters, or the submission is ungradable with the
  reason (and the id shown escaped);
* :func:`csv_cell`: a cell that a spreadsheet would take for a formula starts
  with a quote, as OWASP recommends; line ends inside a cell are quoted by
  :func:`csv_text`;
* :func:`xml_text`: characters XML 1.0 forbids are replaced;
* :func:`terminal`: control characters are shown escaped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from caire_exercises.model.i18n import Text

MAX_ID_LENGTH = 200

#: First characters that make a spreadsheet read a cell as a formula (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


#: Unicode categories that do something rather than show: controls (escape sequences, line ends),
#: format characters (bidirectional overrides), surrogates, private use, line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def is_printable(text: str) -> bool:
    """Whether every character of `text` shows as itself (spaces of every width included).

    >>> is_printable("Éloïse Dupont\u202f!"), is_printable("bob\x1b[2J"), is_printable("a\u202eb")
    (True, False, False)
    """
    return not any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in text)


def escape_unprintable(text: str) -> str:
    r"""Every character that is not printable written as an escape, so that it shows and does nothing.

    >>> escape_unprintable("bob\x1b[2J\r\n")
    'bob\\x1b[2J\\r\\n'
    """
    out = []
    for char in text:
        if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
            out.append(char)
        else:
            code = ord(char)
            named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
            out.append(named or (f"\\x{code:02x}" if code < 0x100 else
                                 f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
    return "".join(out)


def terminal(text: Any) -> str:
    """`text` as it may be printed to a terminal: control characters (escape sequences) escaped.

    Line ends are kept when they are the text's own lines, never inside one value: callers
    pass one value at a time.
    """
    return escape_unprintable(str(text))


def check_student_id(student: str) -> tuple[str, Text | None]:
    """The id to file a submission under, and why it cannot be graded (None when it can).

    A valid id is returned as it is. Another comes back escaped (printable, and
    short, with a digest of the original so that two long ids stay apart), with
    the reason in words.
    """
    printable = is_printable(student)
    if printable and 0 < len(student) <= MAX_ID_LENGTH and student.strip():
        return student, None
    shown = escape_unprintable(student) or "(empty)"
    if len(shown) > MAX_ID_LENGTH:
        digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        shown = f"{shown[:MAX_ID_LENGTH - 14]}…{digest}"
    if not student.strip():
        reason = Text(en="the file or folder name gives no student id: name it after the student",
                      fr="le nom du fichier ou du dossier ne donne aucun identifiant d'étudiant\u202f: "
                         "nommez-le d'après l'étudiant")
    elif not printable:
        reason = Text(en=f"the student id taken from the file or folder name ({shown}) holds control or "
                         "invisible characters; rename the file after the student",
                      fr=f"l'identifiant d'étudiant tiré du nom du fichier ou du dossier ({shown}) "
                         "contient des caractères de contrôle ou invisibles\u202f; renommez le fichier "
                         "d'après l'étudiant")
    else:
        reason = Text(en=f"the student id taken from the file or folder name is {len(student)} characters "
                         f"long (at most {MAX_ID_LENGTH}); rename the file after the student",
                      fr=f"l'identifiant d'étudiant tiré du nom du fichier ou du dossier compte "
                         f"{len(student)} caractères (au plus {MAX_ID_LENGTH})\u202f; renommez le fichier "
                         "d'après l'étudiant")
    return shown, reason


def csv_cell(value: Any) -> Any:
    """A cell that no spreadsheet runs: text starting with ``= + - @``, a tab or a carriage return gets
    a leading apostrophe (OWASP); plain numbers, such as ``-1.5``, are left alone.

    >>> [csv_cell(v) for v in ("=1+1", "-1.5", "@SUM(A1)", "alice@example.org", 3, "-", "-2+cmd")]
    ["'=1+1", '-1.5', "'@SUM(A1)", 'alice@example.org', 3, '-', "'-2+cmd"]
    """
    # A lone "-" is the LMSs' "no grade" (Moodle's worksheet writes it), not a formula.
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-"
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_text(rows: Sequence[Sequence[Any]], *, delimiter: str = ",") -> str:
    """Rows as CSV: every text cell through :func:`csv_cell`, and any cell holding a line end (even a
    bare carriage return) or a separator quoted, so that one cell never becomes two rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([[csv_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def xml_text(text: str) -> str:
    """`text` with the characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF)
    replaced by U+FFFD, so that one student's name never makes the whole file invalid."""
    return _XML_INVALID.sub("\ufffd", text)
