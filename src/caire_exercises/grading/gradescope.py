"""Run as a Gradescope autograder.

Gradescope runs ``/autograder/run_autograder`` in a container where the
submission is in ``/autograder/submission`` and its metadata in
``/autograder/submission_metadata.json``, and reads the verdict from
``/autograder/results/results.json``. The autograder's ``run_autograder`` is
two lines (``setup.sh`` installs ``caire-exercises[grading]``; the
assignment file and, if the course uses one, a file holding the secret go in
the autograder's ``source`` folder)::

    #!/usr/bin/env bash
    python3 -m caire_exercises.grading.gradescope --assignment /autograder/source/assignment.toml

Every path is an option, so the same command runs anywhere for a test.
The student is the first user's e-mail in the metadata (else their id).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.batch import GradeOptions, grade_batch
from caire_exercises.grading.exports import gradescope_results
from caire_exercises.grading.sandbox import Limits

ROOT = Path("/autograder")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m caire_exercises.grading.gradescope",
                                     description="Grade one Gradescope submission with caire-exercises.")
    parser.add_argument("--assignment", default=str(ROOT / "source" / "assignment.toml"))
    parser.add_argument("--submission", default=str(ROOT / "submission"),
                        help="folder holding the submitted notebook")
    parser.add_argument("--metadata", default=str(ROOT / "submission_metadata.json"))
    parser.add_argument("--results", default=str(ROOT / "results" / "results.json"))
    parser.add_argument("--secret-file", default=str(ROOT / "source" / "secret.txt"),
                        help="file holding the course secret (else the assignment's environment variable)")
    parser.add_argument("--timeout", type=float, default=Limits().cell_timeout)
    parser.add_argument("--memory", type=int, default=Limits().memory_mb)
    return parser


def student_of(metadata_path: Path) -> str | None:
    """The submitting student, from Gradescope's ``submission_metadata.json``."""
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    users = metadata.get("users") if isinstance(metadata, dict) else None
    if isinstance(users, list) and users and isinstance(users[0], dict):
        user = users[0]
        for key in ("email", "sid", "id", "name"):
            if user.get(key):
                return str(user[key])
    return None


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Grade the submission and write ``results.json``; the document written."""
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    assignment = Assignment.from_file(args.assignment)
    secret_file = Path(args.secret_file)
    secret = secret_file.read_text(encoding="utf-8").strip() if secret_file.is_file() else assignment.secret()
    notebooks = sorted(Path(args.submission).rglob("*.ipynb"), key=lambda path: path.stat().st_mtime)
    notebooks = [path for path in notebooks if ".ipynb_checkpoints" not in path.parts]
    if not notebooks:
        document = {"score": 0.0, "execution_time": 0.0, "visibility": "visible",
                    "stdout_visibility": "hidden", "tests": [],
                    "output": ("No notebook (.ipynb) was found in the submission."
                               if assignment.language == "en" else
                               "Aucun notebook (.ipynb) n'a été trouvé dans le rendu.")}
    else:
        options = GradeOptions(assignment=assignment, secret=secret,
                               limits=Limits(cell_timeout=args.timeout, memory_mb=args.memory),
                               workers=1, language=assignment.language, student=student_of(Path(args.metadata)))
        report = grade_batch([notebooks[-1]], options)
        graded = report.graded[0]
        document = gradescope_results(graded.rows(assignment, assignment.language),
                                      language=assignment.language, seconds=time.monotonic() - started,
                                      ungradable=graded.reason if graded.status != "graded" else None)
    results = Path(args.results)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return document


def main(argv: Sequence[str] | None = None) -> int:
    document = run(argv)
    print(document.get("output", ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CAIRE_LANG", "en")
    sys.exit(main())
