"""Who each gradebook id is for an LMS: e-mail, Moodle ID number, name, participant number, Canvas ids.

The gradebook files a submission under the id its place gave
(``alice@example.org``, or Moodle's folder ``Éloïse Dupont_1234_assignsubmission_file_``).
An LMS matches students on something else: Moodle's CSV import on the e-mail
address (or ID number), its XML import on the ID number only, its offline
grading worksheet on the participant number, Canvas on its ids, the login or
the name. :func:`identify` puts together what the id itself says and what a
roster adds; :func:`absent` lists the roster's students nobody handed in for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from caire_exercises.teacher.roster import RosterEntry, name_key
from caire_exercises.grading.submissions import moodle_place


@dataclass(frozen=True)
class Person:
    """A student as the exports see them; empty strings where nothing is known."""

    student: str
    email: str = ""
    id_number: str = ""
    name: str = ""
    participant: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    canvas_id: str = ""
    entry: RosterEntry | None = None

    @property
    def shown(self) -> str:
        """How the teacher recognises this student in a message."""
        return self.name or self.email or self.student


class Roster:
    """A roster's entries, indexed by everything a place may give."""

    def __init__(self, entries: Sequence[RosterEntry]) -> None:
        self.entries = list(entries)
        self.by_email = {entry.email.casefold(): entry for entry in self.entries if entry.email}
        self.by_student = {entry.student.casefold(): entry for entry in self.entries}
        self.by_participant = {entry.participant: entry for entry in self.entries if entry.participant}
        names: dict[str, list[RosterEntry]] = {}
        for entry in self.entries:
            if entry.name:
                names.setdefault(name_key(entry.name), []).append(entry)
        # Two students with the same name are never told apart by name: neither is matched so.
        self.by_name = {key: found[0] for key, found in names.items() if len(found) == 1}

    def find(self, student: str) -> RosterEntry | None:
        place = moodle_place(student)
        if place is not None:
            name, participant = place
            return self.by_participant.get(participant) or self.by_name.get(name_key(name))
        return self.by_email.get(student.casefold()) or self.by_student.get(student.casefold())


def identify(student: str, roster: Roster | None) -> Person:
    """What is known of `student` from the id alone, completed by `roster`."""
    place = moodle_place(student)
    person = Person(student=student, email=student if "@" in student and place is None else "",
                    name=place[0] if place else "", participant=place[1] if place else "")
    entry = roster.find(student) if roster is not None else None
    if entry is None:
        return person
    return replace(person, email=entry.email or person.email, id_number=entry.id_number,
                   name=entry.name or person.name, participant=entry.participant or person.participant,
                   sis_user_id=entry.sis_user_id, sis_login_id=entry.sis_login_id, canvas_id=entry.canvas_id,
                   entry=entry)


def absent(roster: Roster, people: Iterable[Person]) -> list[Person]:
    """The roster's students whom no submission names, in roster order."""
    seen = {id(person.entry) for person in people if person.entry is not None}
    return [Person(student=entry.student, email=entry.email, id_number=entry.id_number, name=entry.name,
                   participant=entry.participant, sis_user_id=entry.sis_user_id,
                   sis_login_id=entry.sis_login_id, canvas_id=entry.canvas_id, entry=entry)
            for entry in roster.entries if id(entry) not in seen]
