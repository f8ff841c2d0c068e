"""The batch-grading part of ``caire demo``: four submissions graded in the sandbox.

Called at the end of the student-loop demo: it writes a right answer, a
mistaken one, a tampering one (it patches ``np.allclose`` and the library's
judge, and prints a fake result) and one that loops for ever in a cell before
answering; grades them with the sandbox; writes the feedback pages and the
class report; and prints a short table and where the report is. Offline, in
a few seconds once the workers are warm.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from caire_exercises.model.i18n import Text, get_language, set_language
from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.secret import new_secret

_IMPORTS = "import numpy as np\nimport caire_exercises as cx"
_RIGHT = '''def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))'''
_MISTAKEN = '''def zscore(X):
    # the sample standard deviation (ddof=1) instead of the population one
    std = X.std(axis=0, ddof=1)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))'''
_TAMPERING = '''import numpy
import caire_exercises.engine.checking as checking
numpy.allclose = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
checking.judge = lambda *args, **kwargs: None
checking.compare = lambda *args, **kwargs: None
print('{"status": "passed", "score": 1.0, "points": 1.0}')

def zscore(X):
    return X'''
_LOOPING = "while True:\n    pass"

SAMPLES: dict[str, list[str]] = {
    "right@example.org": [_IMPORTS, _RIGHT, "zscore(np.eye(3))"],
    "mistaken@example.org": [_IMPORTS, _MISTAKEN],
    "tampering@example.org": [_IMPORTS, _TAMPERING],
    "looping@example.org": [_IMPORTS, _LOOPING, _RIGHT],
}

_TITLE = Text(en="5. Batch grading in the sandbox (caire grade)", fr="5. Correction par lot dans le bac à sable (caire grade)")
_WROTE = Text(en="Four submissions written in {folder}: right, mistaken, tampering (patches np.allclose and "
                 "the library, prints a fake result) and looping for ever in one cell.",
              fr="Quatre rendus écrits dans {folder} : juste, erroné, tricheur (modifie np.allclose et la "
                 "bibliothèque, affiche un faux résultat) et bouclant sans fin dans une cellule.")
_REPORT = Text(en="Class report: {path}\nResults: {results}",
               fr="Rapport de la classe : {path}\nRésultats : {results}")
_MISSING = Text(en="Batch grading needs nbformat: pip install \"caire-exercises[grading]\"",
                fr="La correction par lot a besoin de nbformat : pip install \"caire-exercises[grading]\"")


def write_notebook(path: Path, cells: list[str], student: str) -> None:
    """A Jupyter notebook (format 4) with a Markdown title and `cells` as code cells."""
    notebook: dict[str, Any] = {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}, "caire": {"student": student}},
        "cells": [{"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# numpy.zscore"}]
        + [{"cell_type": "code", "id": f"cell{index}", "metadata": {}, "execution_count": None, "outputs": [],
            "source": source} for index, source in enumerate(cells)],
    }
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    """Write the sample submissions, grade them, write the feedback; 0 when all went as expected."""
    from caire_exercises.grading.batch import GradeOptions, grade_batch, write_rows
    from caire_exercises.grading.feedback import write_feedback
    from caire_exercises.grading.sandbox import Limits

    if getattr(args, "lang", None):
        set_language(args.lang)
    language = get_language()
    try:
        import nbformat  # noqa: F401 - the grader reads notebooks with it
    except ImportError:
        print(_MISSING.render(language))
        return 0
    folder = Path(getattr(args, "out", None) or tempfile.mkdtemp(prefix="caire-demo-"))
    submissions = folder / "submissions"
    submissions.mkdir(parents=True, exist_ok=True)
    for student, cells in SAMPLES.items():
        write_notebook(submissions / f"{student}.ipynb", cells, student)
    print("\n" + "=" * 78 + f"\n{_TITLE.render(language)}\n" + "=" * 78)
    print(_WROTE.render(language, folder=str(submissions)))
    options = GradeOptions(
        assignment=Assignment.from_ids(["numpy.zscore"], title="Demo", language=language, points=2.0),
        secret=os.environ.get("CAIRE_COURSE_SECRET") or new_secret(),
        limits=Limits(cell_timeout=3.0), workers=min(2, os.cpu_count() or 1), language=language)
    report = grade_batch([submissions], options)
    results = folder / "results.json"
    write_rows(report.rows, results)
    path = write_feedback(report, folder / "feedback")
    print()
    for row in report.rows:
        print(f"  {row['student']:<24} {row['score']:>4g} / {row['max_score']:<4g} {row['status']:<13} "
              f"{row['message'][:70]}")
    print()
    print(_REPORT.render(language, path=str(path), results=str(results)))
    return 0 if not report.ungradable else 1
