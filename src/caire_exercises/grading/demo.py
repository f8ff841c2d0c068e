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
_STATUS = {"passed": Text(en="passed", fr="réussi"), "failed": Text(en="failed", fr="échoué"),
           "not_attempted": Text(en="not attempted", fr="non tenté"), "error": Text(en="error", fr="erreur"),
           "timeout": Text(en="time limit", fr="temps dépassé"), "ungradable": Text(en="ungradable", fr="non notable")}
_CASES = Text(en="{passed} of {total} cases", fr="{passed} cas sur {total}")
_WHY = Text(en="What happened", fr="Ce qui s'est passé")
_LOOPING_WHY = Text(
    en="looping@example.org earns its marks: its cell {cell} loops for ever, so the grader cut that cell "
       "after {seconds} s and went on; the answer written in the cells after it was graded as usual. "
       "A stuck cell costs only what it holds, and its feedback page says which cell was stopped.",
    fr="looping@example.org obtient ses points\u202f: sa cellule {cell} boucle sans fin, le correcteur l'a "
       "donc interrompue au bout de {seconds}\u00a0s et a continué\u202f; la réponse écrite dans les cellules "
       "suivantes a été notée normalement. Une cellule bloquée ne coûte que ce qu'elle contient, et sa page "
       "de retour indique quelle cellule a été arrêtée.")
_TAMPERING_WHY = Text(
    en="tampering@example.org was caught: it replaced np.allclose and the library's judge and printed a "
       "fake \"passed\" result, but its code ran in the sandbox and the verdict was computed outside it, "
       "on what its zscore really returns: {cases} passed, {points} points.",
    fr="tampering@example.org a été pris\u202f: il a remplacé np.allclose et le juge de la bibliothèque et "
       "affiché un faux résultat «\u202fréussi\u202f», mais son code a tourné dans le bac à sable et le verdict "
       "a été calculé hors de celui-ci, sur ce que renvoie vraiment son zscore\u202f: {cases} réussis, "
       "{points}\u00a0point(s).")
_MISTAKEN_WHY = Text(
    en="mistaken@example.org made a known mistake, named on its page: {sentence}",
    fr="mistaken@example.org a fait une erreur connue, nommée sur sa page\u202f: {sentence}")
_NEXT = Text(
    en="Next: open the class report in a browser, and a student's page next to it ({page}).\n"
       "With your own class: caire notebook --module M1 --lang en -o notebooks (the students' notebooks), "
       "then caire grade SUBMISSIONS --exercises numpy.zscore --db tp1.sqlite --out results.csv "
       "--feedback feedback, and caire export --db tp1.sqlite --format moodle --out moodle.csv "
       "(caire docs opens the documentation: its teachers' page says more).",
    fr="Ensuite\u202f: ouvrez le rapport de la classe dans un navigateur, et la page d'un étudiant à côté ({page}).\n"
       "Avec votre classe\u202f: caire notebook --module M1 --lang fr -o notebooks (les notebooks des "
       "étudiants), puis caire grade RENDUS --exercises numpy.zscore --db tp1.sqlite --out resultats.csv "
       "--feedback retours, et caire export --db tp1.sqlite --format moodle --out moodle.csv "
       "(caire docs ouvre la documentation\u202f: sa page des enseignants en dit plus).")
_UNEXPECTED = Text(en="The demo did not go as expected: {what}", fr="La démonstration ne s'est pas déroulée comme prévu\u202f: {what}")
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
    from caire_exercises.grading.feedback import format_points, write_feedback
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
    by_student = {graded.submission.student: graded for graded in report.graded}
    for row in report.rows:
        result = row.get("result") or {}
        cases = result.get("cases") or []
        passed = sum(1 for case in cases if case.get("passed"))
        print(f"  {row['student']:<24} {format_points(row['score'], language):>4} / "
              f"{format_points(row['max_score'], language):<4} "
              f"{_STATUS.get(row['status'], Text(row['status'], row['status'])).render(language):<14} "
              f"{_CASES.render(language, passed=passed, total=len(cases)) if cases else ''}")
    print()
    print(_REPORT.render(language, path=str(path), results=str(results)))
    problems = _explain(by_student, report, language, path)
    for problem in problems:
        print(_UNEXPECTED.render(language, what=problem))
    return 0 if not report.ungradable and not problems else 1


def _explain(by_student: dict[str, Any], report: Any, language: str, class_report: Path) -> list[str]:
    """Say why each sample got what it got, from what the grader observed; what did not go as planned."""
    from caire_exercises.grading.feedback import feedback_file_name, format_points, mistake_sentence

    problems: list[str] = []
    print("\n" + _WHY.render(language))
    looping = by_student.get("looping@example.org")
    stopped = [cell for cell in (looping.cells if looping else []) if cell.get("status") == "timeout"]
    if looping and stopped and looping.results and looping.results[0].get("passed"):
        print("  - " + _LOOPING_WHY.render(language, cell=stopped[0]["index"] + 1,
                                            seconds=format_points(report.options.limits.cell_timeout, language)))
    else:
        problems.append("looping@example.org")
    tampering = by_student.get("tampering@example.org")
    if tampering and tampering.results and not tampering.results[0].get("passed"):
        plain = tampering.results[0]
        cases = plain.get("cases") or []
        print("  - " + _TAMPERING_WHY.render(
            language, cases=_CASES.render(language, passed=sum(1 for case in cases if case.get("passed")),
                                          total=len(cases)),
            points=format_points(plain.get("points", 0.0), language)))
    else:
        problems.append("tampering@example.org")
    mistaken = by_student.get("mistaken@example.org")
    if mistaken and mistaken.results and mistaken.results[0].get("mistakes"):
        plain = mistaken.results[0]
        print("  - " + _MISTAKEN_WHY.render(language, sentence=mistake_sentence(plain, plain["mistakes"][0],
                                                                                 language)))
    else:
        problems.append("mistaken@example.org")
    print()
    print(_NEXT.render(language, page=class_report.parent / feedback_file_name("looping@example.org")))
    return problems
