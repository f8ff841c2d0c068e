"""``caire grade`` and ``caire export``.

Exit status of ``caire grade``: 0 when every submission was graded (whatever
the scores), 1 when some could not be (they have rows with the status
``ungradable`` and the reason), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .._errors import GradingError, UnknownExerciseError
from .._i18n import Text, get_language
from ..assignment import Assignment
from .batch import ROW_KEYS, BatchReport, GradeOptions, grade_batch
from .sandbox import Limits
from .submissions import Submission


def _usage(message: str) -> int:
    print(f"caire grade: {message}", file=sys.stderr)
    return 2


def options_from_args(args: argparse.Namespace) -> GradeOptions | str:
    """The options of ``caire grade``, or what is wrong with the command line."""
    if getattr(args, "assignment", None):
        try:
            assignment = Assignment.from_file(args.assignment)
        except GradingError as error:
            return str(error)
        language = args.lang or assignment.language
    else:
        ids = [part.strip() for part in (args.exercises or "").split(",") if part.strip()]
        if not ids:
            return "--exercises needs at least one exercise id"
        language = args.lang or get_language()
        assignment = Assignment.from_ids(ids, title=",".join(ids), language=language)
    repeated = sorted({i for i in assignment.exercise_ids if assignment.exercise_ids.count(i) > 1})
    if repeated:
        return f"exercise listed more than once: {', '.join(repeated)}"
    try:
        assignment.validate()
    except UnknownExerciseError as error:
        return str(error)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        return "--workers must be at least 1"
    if args.timeout is not None and args.timeout <= 0:
        return "--timeout must be a positive number of seconds"
    if args.memory is not None and args.memory < 64:
        return "--memory must be at least 64 (MB)"
    if args.out and Path(args.out).suffix.lower() not in (".json", ".csv"):
        return "--out must end in .json or .csv"
    for path in args.paths:
        if not Path(path).exists():
            return f"no such file or folder: {path}"
    defaults = Limits()
    limits = Limits(cell_timeout=args.timeout or defaults.cell_timeout,
                    memory_mb=args.memory or defaults.memory_mb)
    secret = args.secret if args.secret is not None else assignment.secret()
    return GradeOptions(assignment=assignment, secret=secret, limits=limits, workers=workers,
                        language=language, db=Path(args.db) if args.db else None, cluster=args.cluster,
                        progress=not args.no_progress)


def grade_command(args: argparse.Namespace) -> int:
    options = options_from_args(args)
    if isinstance(options, str):
        return _usage(options)
    if not options.secret:
        print("caire grade: no course secret (--secret or the assignment's environment variable, "
              "CAIRE_COURSE_SECRET by default): hidden cases are drawn without one.", file=sys.stderr)
    try:
        report = grade_batch(args.paths, options)
    except GradingError as error:
        print(f"caire grade: {error}", file=sys.stderr)
        return 1
    if args.out:
        write_rows(report.rows, args.out)
    print_summary(report)
    if args.feedback:
        from .feedback import write_feedback

        path = write_feedback(report, args.feedback)
        print(f"Feedback and class report: {path}")
    return 1 if report.ungradable else 0


def write_rows(rows: Sequence[dict[str, Any]], out: str | Path) -> None:
    """Write the rows as the contract fixes them: a JSON list of objects, or CSV with the same columns."""
    path = Path(out)
    # Two decimals, as people and LMS imports read scores (the gradebook keeps the exact figure).
    clean = [{key: round(row[key], 2) if key in ("score", "max_score") else row[key] for key in ROW_KEYS}
             for row in rows]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(ROW_KEYS))
            writer.writeheader()
            writer.writerows(clean)
    else:
        path.write_text(json.dumps(clean, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_UNIDENTIFIED = Text(
    en="{count} submission(s) without an identifiable student (no e-mail address in the file or folder "
       "name, none in the notebook): {names}. Their rows carry the file name as the student; rename each "
       "file after its student (alice@example.org.ipynb) or put it in the student's folder, then grade again.",
    fr="{count} rendu(s) sans étudiant identifiable (pas d'adresse électronique dans le nom du fichier ou du "
       "dossier, ni dans le notebook)\u202f: {names}. Leurs lignes portent le nom du fichier comme étudiant\u202f; "
       "renommez chaque fichier d'après son étudiant (alice@example.org.ipynb) ou rangez-le dans le dossier "
       "de l'étudiant, puis relancez la correction.")
_DUPLICATES = Text(
    en="{student} has {count} submissions ({names}): each is graded; the most recent, {newest}, is the one "
       "exports use.",
    fr="{student} a {count} rendus ({names})\u202f: chacun est noté\u202f; le plus récent, {newest}, est celui "
       "que reprennent les exports.")
_COUNTS = Text(en="{submissions} submissions, {ungradable} ungradable",
               fr="{submissions} rendus, {ungradable} non notables")
_REUSED = Text(en=", {count} taken from the gradebook", fr=", {count} repris du carnet de notes")


def unidentified(report: BatchReport) -> list[Submission]:
    """Submissions named only by a file name: no e-mail address in the path, no student in the notebook."""
    found = []
    for graded in report.graded:
        submission = graded.submission
        if "@" in submission.student:
            continue
        # A folder per student (an LMS download) names the student; a bare file at the top does not.
        if Path(submission.name).parent == Path(".") and submission.student == Path(submission.name).stem:
            found.append(submission)
    return found


def duplicates(report: BatchReport) -> dict[str, list[Submission]]:
    """Students with more than one graded submission in this batch, each list oldest first."""
    by_student: dict[str, list[Submission]] = {}
    for graded in report.graded:
        if graded.status == "graded":
            by_student.setdefault(graded.submission.student, []).append(graded.submission)
    return {student: sorted(items, key=lambda item: item.modified)
            for student, items in by_student.items() if len(items) > 1}


def print_summary(report: BatchReport) -> None:
    """A short table (each submission's student, points and statuses), then what needs the teacher's eye."""
    language = report.options.language
    width = max([len(graded.submission.student) for graded in report.graded] + [7])
    for graded in report.graded:
        mine = graded.rows(report.options.assignment, language)
        points = sum(row["score"] for row in mine)
        maximum = sum(row["max_score"] for row in mine)
        statuses = " ".join(row["status"] for row in mine)
        origin = " (gradebook)" if graded.reused else ""
        print(f"{graded.submission.student:<{width}}  {round(points, 2):>6g} / {round(maximum, 2):<6g} {statuses}{origin}")
    reused = sum(1 for graded in report.graded if graded.reused)
    print(_COUNTS.render(language, submissions=len(report.graded), ungradable=len(report.ungradable))
          + (_REUSED.render(language, count=reused) if reused else ""), file=sys.stderr)
    nameless = unidentified(report)
    if nameless:
        print(_UNIDENTIFIED.render(language, count=len(nameless),
                                   names=", ".join(item.name for item in nameless)), file=sys.stderr)
    for student, items in duplicates(report).items():
        print(_DUPLICATES.render(language, student=student, count=len(items),
                                 names=", ".join(item.name for item in items), newest=items[-1].name),
              file=sys.stderr)


def export_command(args: argparse.Namespace) -> int:
    from .exports import export

    try:
        text = export(args.db, args.format, out=args.out, assignment=args.assignment)
    except GradingError as error:
        print(f"caire export: {error}", file=sys.stderr)
        return 2
    if text is not None:
        sys.stdout.write(text)
    return 0
