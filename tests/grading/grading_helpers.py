"""Helpers of the grading tests: notebooks written with nbformat, options, rows by student."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.batch import BatchReport, GradeOptions, grade_batch
from caire_exercises.grading.pool import LocalPool
from caire_exercises.grading.sandbox import Limits

RIGHT = '''def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))'''

# A declared mistake of numpy.zscore: the sample standard deviation.
DDOF1 = '''def zscore(X):
    std = X.std(axis=0, ddof=1)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))'''

IMPORTS = "import numpy as np\nimport caire_exercises as cx"
SECRET = "Xq7-tR2vLm9_Pz4KwB8nYc3JdF6hGs1a"
ZSCORE = Assignment.from_ids(["numpy.zscore"], title="zscore", language="en", points=2.0)


def notebook(*cells: str, student: str | None = None) -> Any:
    """A format-4 notebook: a Markdown title, then `cells` as code cells."""
    nb = new_notebook(cells=[new_markdown_cell("# Exercise")] + [new_code_cell(source) for source in cells])
    if student is not None:
        nb.metadata["caire"] = {"student": student}
    return nb


def write(folder: Path, files: Mapping[str, Any]) -> Path:
    """Write notebooks (nbformat objects) or raw text files under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, str(path))
    return folder


def options(**settings: Any) -> GradeOptions:
    settings.setdefault("assignment", ZSCORE)
    settings.setdefault("secret", SECRET)
    settings.setdefault("limits", Limits(cell_timeout=3.0, memory_mb=512))
    settings.setdefault("language", "en")
    return GradeOptions(**settings)


def grade(folder: Path, executor: LocalPool, **settings: Any) -> BatchReport:
    return grade_batch([folder], options(**settings), executor=executor)


def rows_by_student(report: BatchReport) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in report.rows:
        found.setdefault(row["student"], []).append(row)
    return found


def by_student(report: BatchReport) -> dict[str, Any]:
    return {graded.submission.student: graded for graded in report.graded}


def cells_status(graded: Any) -> Sequence[str]:
    return [cell["status"] for cell in graded.cells]
