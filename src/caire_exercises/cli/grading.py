"""``caire grade`` and ``caire export``.

Exit status of ``caire grade``: 0 when every submission was graded (whatever
the scores), 1 when some could not be (they have rows with the status
``ungradable`` and the reason), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from caire_exercises.model.errors import GradingError, UnknownExerciseError
from caire_exercises.model.i18n import Text, get_language
from caire_exercises.engine.report import status_list
from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.batch import ROW_KEYS, BatchReport, GradeOptions, grade_batch, write_rows
from caire_exercises.grading.escaping import csv_text, terminal
from caire_exercises.grading.sandbox import Limits
from caire_exercises.grading.submissions import Submission


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
    from caire_exercises.grading.secret import WeakSecretError, check_secret

    try:
        secret = check_secret(args.secret if args.secret is not None else assignment.secret())
    except WeakSecretError as error:
        return str(error)
    return GradeOptions(assignment=assignment, secret=secret, limits=limits, workers=workers,
                        language=language, db=Path(args.db) if args.db else None, cluster=args.cluster,
                        progress=not args.no_progress,
                        allow_no_wall=bool(getattr(args, "unsafe_no_wall", False)))


def secret_command(args: argparse.Namespace) -> int:
    """``caire secret``: print a new random course secret."""
    from caire_exercises.grading.secret import new_secret

    print(new_secret())
    return 0


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
        print(f"caire grade: {terminal(error)}", file=sys.stderr)
        return 1
    if args.out:
        write_rows(report.rows, args.out)
    print_summary(report)
    if args.feedback:
        from caire_exercises.grading.feedback import write_feedback

        path = write_feedback(report, args.feedback)
        print(f"Feedback and class report: {path}")
    return 1 if report.ungradable else 0


_UNIDENTIFIED = Text(
    en="{count} submission(s) without an identifiable student (no e-mail address in the file or folder "
       "name): {names}. Their rows carry the file name as the student; rename each "
       "file after its student (alice@example.org.ipynb) or put it in the student's folder, then grade again.",
    fr="{count} rendu(s) sans étudiant identifiable (pas d'adresse électronique dans le nom du fichier ou du "
       "dossier)\u202f: {names}. Leurs lignes portent le nom du fichier comme étudiant\u202f; "
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


_SUMMARY = {
    "similar": Text(en="Code that looks copied ({count}; flags for you to read in the class report, "
                       "grades unchanged):",
                    fr="Code qui semble copié ({count} ; à lire dans le rapport de classe, notes "
                       "inchangées) :"),
    "identity": Text(en="Who is who ({count}):", fr="Qui est qui ({count})\u202f:"),
    "maximum": Text(
        en="Out of {maximum} points: set the LMS item's maximum grade to {maximum}, or export with "
           "--out-of N to put the scores on the maximum you use (e.g. --out-of 20).",
        fr="Sur {maximum} points\u202f: réglez la note maximale de l'élément dans la plateforme sur "
           "{maximum}, ou exportez avec --out-of N pour mettre les notes sur le maximum que vous utilisez "
           "(par exemple --out-of 20)."),
}


def print_summary(report: BatchReport) -> None:
    """A short table: each submission's student, points and statuses; then who-is-who problems, copies
    no student can be tied to, students with several copies, and the maximum grade to set in the LMS.
    Everything from a submission is escaped for the terminal."""
    language = report.options.language
    width = min(max([len(terminal(graded.submission.student)) for graded in report.graded] + [7]), 60)
    for graded in report.graded:
        mine = graded.rows(report.options.assignment, language)
        points = sum(row["score"] for row in mine)
        maximum = sum(row["max_score"] for row in mine)
        statuses = status_list([row["status"] for row in mine], report.options.language)
        origin = " (gradebook)" if graded.reused else ""
        print(f"{terminal(graded.submission.student):<{width}}  {round(points, 2):>6g} / "
              f"{round(maximum, 2):<6g} {statuses}{origin}")
    identity = [(graded, note) for graded in report.graded for note in graded.submission.identity]
    if identity:
        print(_SUMMARY["identity"].render(language, count=len(identity)), file=sys.stderr)
        for graded, note in identity:
            print(f"  {terminal(graded.submission.name)}: {terminal(note.render(language))}", file=sys.stderr)
    similar = getattr(report.similar, "pairs", [])
    if similar:
        print(_SUMMARY["similar"].render(language, count=len(similar)), file=sys.stderr)
        for pair in similar:
            print(f"  {terminal(pair.student)} ~ {terminal(pair.other)} ({pair.kind}, "
                  f"{round(100 * pair.similarity)} %)", file=sys.stderr)
    reused = sum(1 for graded in report.graded if graded.reused)
    print(_COUNTS.render(language, submissions=len(report.graded), ungradable=len(report.ungradable))
          + (_REUSED.render(language, count=reused) if reused else ""), file=sys.stderr)
    nameless = unidentified(report)
    if nameless:
        print(_UNIDENTIFIED.render(language, count=len(nameless),
                                   names=", ".join(terminal(item.name) for item in nameless)), file=sys.stderr)
    for student, items in duplicates(report).items():
        print(_DUPLICATES.render(language, student=terminal(student), count=len(items),
                                 names=", ".join(terminal(item.name) for item in items),
                                 newest=terminal(items[-1].name)), file=sys.stderr)
    total = report.options.assignment.max_points
    print(_SUMMARY["maximum"].render(language, maximum=f"{round(total, 2):g}"), file=sys.stderr)


def export_command(args: argparse.Namespace) -> int:
    from caire_exercises.grading.exports import ExportOptions, export_with_notices

    options = ExportOptions(
        assignment=args.assignment, out_of=getattr(args, "out_of", None),
        roster=getattr(args, "roster", None),
        worksheet=getattr(args, "worksheet", None), grade_item=getattr(args, "grade_item", None),
        canvas_id=getattr(args, "canvas_id", None), missing=getattr(args, "missing", None) or "leave",
        skip_unmatched=bool(getattr(args, "skip_unmatched", False)),
        decimal_comma=bool(getattr(args, "decimal_comma", False)))
    try:
        result = export_with_notices(args.db, args.format, out=args.out, options=options)
    except GradingError as error:
        print(f"caire export: {terminal(error)}", file=sys.stderr)
        return 2
    for notice in result.notices:
        print(f"caire export: {terminal(notice)}", file=sys.stderr)
    if result.text is not None:
        sys.stdout.write(result.text)
    return 0
