"""The gradebook: an SQLite file where every graded submission is kept.

Each graded submission is written in one transaction (the submission and one
row per exercise), so a batch killed at any moment, even with ``kill -9``,
leaves only whole submissions behind, and the next run grades only what is
missing. A submission is identified by its assignment, its student, the
SHA-256 of its content and the *grading key* (exercises, points, course
secret, limits, library version): an unchanged file is not graded twice, a
changed one is graded again and both versions are kept. Exports read the most
recent submission of each student.

Only the grader's process opens this file; submissions run where they can
neither read nor write it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS assignments (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    max_score REAL NOT NULL,
    exercises TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    assignment TEXT NOT NULL REFERENCES assignments(name),
    student TEXT NOT NULL,
    submission TEXT NOT NULL,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    grading_key TEXT NOT NULL,
    modified REAL NOT NULL,
    graded_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('graded', 'ungradable')),
    reason TEXT,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    seconds REAL,
    details TEXT NOT NULL,
    UNIQUE (assignment, student, content_hash, grading_key)
);
CREATE TABLE IF NOT EXISTS results (
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    result TEXT,
    PRIMARY KEY (submission_id, exercise)
);
CREATE INDEX IF NOT EXISTS submissions_by_student ON submissions (assignment, student);
"""


@dataclass
class StoredSubmission:
    """A graded submission as the gradebook keeps it."""

    id: int
    assignment: str
    student: str
    submission: str
    path: str
    content_hash: str
    modified: float
    graded_at: str
    status: str
    reason: str | None
    score: float
    max_score: float
    seconds: float | None
    details: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class AssignmentRecord:
    name: str
    title: str
    language: str
    max_score: float
    exercises: list[dict[str, Any]]


class Gradebook:
    """An open gradebook file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.connection = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA synchronous = FULL")
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"{path} was written by a newer caire-exercises")
        with self.transaction():
            # executescript would commit on its own; the statements run inside this transaction.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.connection.execute(statement)
            self.connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    class _Transaction:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def __enter__(self) -> sqlite3.Connection:
            self.connection.execute("BEGIN IMMEDIATE")
            return self.connection

        def __exit__(self, kind: object, value: object, trace: object) -> None:
            self.connection.execute("COMMIT" if kind is None else "ROLLBACK")

    def transaction(self) -> Gradebook._Transaction:
        return Gradebook._Transaction(self.connection)

    # ------------------------------------------------------------------ write

    def save_assignment(self, record: AssignmentRecord) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO assignments (name, title, language, max_score, exercises) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET title = excluded.title, "
                       "language = excluded.language, max_score = excluded.max_score, "
                       "exercises = excluded.exercises",
                       (record.name, record.title, record.language, record.max_score,
                        json.dumps(record.exercises, ensure_ascii=False)))

    def record(self, *, assignment: str, student: str, submission: str, path: str, content_hash: str,
               grading_key: str, modified: float, graded_at: str, status: str, reason: str | None,
               seconds: float | None, details: dict[str, Any], rows: Sequence[dict[str, Any]]) -> int:
        """Store one graded submission and its rows, in a single transaction."""
        score = sum(row["score"] for row in rows)
        max_score = sum(row["max_score"] for row in rows)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO submissions (assignment, student, submission, path, content_hash, grading_key, "
                "modified, graded_at, status, reason, score, max_score, seconds, details) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (assignment, student, content_hash, grading_key) DO NOTHING",
                (assignment, student, submission, path, content_hash, grading_key, modified, graded_at,
                 status, reason, score, max_score, seconds, json.dumps(details, ensure_ascii=False)))
            if cursor.rowcount == 0:
                row = db.execute("SELECT id FROM submissions WHERE assignment = ? AND student = ? AND "
                                 "content_hash = ? AND grading_key = ?",
                                 (assignment, student, content_hash, grading_key)).fetchone()
                return int(row[0])
            submission_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO results (submission_id, position, exercise, score, max_score, status, message, "
                "result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(submission_id, position, row["exercise"], row["score"], row["max_score"], row["status"],
                  row["message"], json.dumps(row.get("result"), ensure_ascii=False)
                  if row.get("result") is not None else None)
                 for position, row in enumerate(rows)])
        return submission_id

    # ------------------------------------------------------------------- read

    def find(self, *, assignment: str, student: str, content_hash: str,
             grading_key: str) -> StoredSubmission | None:
        row = self.connection.execute(
            "SELECT * FROM submissions WHERE assignment = ? AND student = ? AND content_hash = ? "
            "AND grading_key = ?", (assignment, student, content_hash, grading_key)).fetchone()
        return self._load(row) if row is not None else None

    def assignments(self) -> list[AssignmentRecord]:
        return [AssignmentRecord(name, title, language, max_score, json.loads(exercises))
                for name, title, language, max_score, exercises in self.connection.execute(
                    "SELECT name, title, language, max_score, exercises FROM assignments ORDER BY name")]

    def submissions(self, assignment: str | None = None) -> Iterator[StoredSubmission]:
        """Every stored submission (of `assignment`), oldest first."""
        query = "SELECT * FROM submissions"
        arguments: tuple[Any, ...] = ()
        if assignment is not None:
            query += " WHERE assignment = ?"
            arguments = (assignment,)
        for row in self.connection.execute(query + " ORDER BY id", arguments).fetchall():
            yield self._load(row)

    def latest(self, assignment: str | None = None) -> list[StoredSubmission]:
        """The submission that counts for each (assignment, student): the most recently modified file,
        then the most recently graded."""
        best: dict[tuple[str, str], StoredSubmission] = {}
        for stored in self.submissions(assignment):
            key = (stored.assignment, stored.student)
            current = best.get(key)
            if current is None or (stored.modified, stored.graded_at, stored.id) >= (
                    current.modified, current.graded_at, current.id):
                best[key] = stored
        return sorted(best.values(), key=lambda stored: (stored.assignment, stored.student))

    def count(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])

    def _load(self, row: Sequence[Any]) -> StoredSubmission:
        columns = [description[0] for description in self.connection.execute(
            "SELECT * FROM submissions LIMIT 0").description]
        data = dict(zip(columns, row))
        stored = StoredSubmission(
            id=data["id"], assignment=data["assignment"], student=data["student"],
            submission=data["submission"], path=data["path"], content_hash=data["content_hash"],
            modified=data["modified"], graded_at=data["graded_at"], status=data["status"],
            reason=data["reason"], score=data["score"], max_score=data["max_score"],
            seconds=data["seconds"], details=json.loads(data["details"]))
        for exercise, score, max_score, status, message, result in self.connection.execute(
                "SELECT exercise, score, max_score, status, message, result FROM results "
                "WHERE submission_id = ? ORDER BY position", (stored.id,)):
            stored.rows.append({"exercise": exercise, "score": score, "max_score": max_score,
                                "status": status, "message": message,
                                "result": json.loads(result) if result else None})
        return stored

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
