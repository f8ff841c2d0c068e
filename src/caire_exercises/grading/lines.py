"""What every LMS file is made of: the export's options, one line per student, how scores are written.

Shared by the exports written from scratch (:mod:`caire_exercises.grading.exports`) and those
that fill a file downloaded from the LMS (:mod:`caire_exercises.grading.downloaded`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from caire_exercises.grading.gradebook import StoredSubmission
from caire_exercises.grading.identities import Person

Missing = Literal["leave", "empty", "zero"]


@dataclass(frozen=True)
class ExportOptions:
    """What ``caire export`` reads from its command line besides the format and the files."""

    assignment: str | None = None
    #: Put every score on this many points (the maximum grade set in the LMS).
    out_of: float | None = None
    #: A roster (the reader of ``caire notebook --students``): e-mails, ID numbers, names, absent students.
    roster: str | Path | None = None
    #: The file downloaded from the LMS, to fill in: Moodle's grading worksheet, or a Canvas gradebook.
    worksheet: str | Path | None = None
    #: Moodle XML: the grade item's ID number.
    grade_item: str | None = None
    #: Canvas: the assignment's numeric id (the column is then ``Title (id)``).
    canvas_id: str | None = None
    #: Ungradable and absent students: left out (listed only), or written with an empty or a zero grade.
    missing: Missing = "leave"
    #: Moodle CSV: write the students who have an e-mail address and list the others, instead of refusing.
    skip_unmatched: bool = False
    #: Moodle CSV: semicolons and decimal commas (for a French Moodle interface).
    decimal_comma: bool = False


@dataclass
class Line:
    """One student's row in an LMS file: the person, the score on the file's scale, the feedback."""

    person: Person
    kind: Literal["graded", "ungradable", "absent"]
    score: float | None
    maximum: float
    feedback: str
    assignment: str
    stored: StoredSubmission | None = None


def format_score(value: float, *, decimal_comma: bool = False) -> str:
    """A score as LMS importers parse it: at most 2 decimals, never an exponent, a dot unless asked.

    >>> [format_score(x) for x in (2.0, 1.5, 0.1 + 0.2, 1234567.0, 1e-7, 2 / 3)]
    ['2', '1.5', '0.3', '1234567', '0', '0.67']
    >>> format_score(12.5, decimal_comma=True)
    '12,5'
    """
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace(".", ",") if decimal_comma else text


def _who(people: Sequence[Person]) -> str:
    return ", ".join(person.shown if person.shown == person.student else f"{person.shown} ({person.student})"
                     for person in people)
