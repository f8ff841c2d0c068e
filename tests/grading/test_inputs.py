"""Bad input: each file gets rows with a status and a reason, and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from grading_helpers import (
    DDOF1,
    IMPORTS,
    RIGHT,
    by_student,
    cells_status,
    grade,
    notebook,
    rows_by_student,
    write,
)
from nbformat import v3

from caire_exercises.grading.batch import BatchReport
from caire_exercises.grading.submissions import discover, parse_notebook, read_submission, student_from_path


def _old_notebook() -> str:
    cells = [v3.new_code_cell(input="import numpy as np"), v3.new_code_cell(input=RIGHT)]
    return v3.writes_json(v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)]))


@pytest.fixture(scope="module")
def inputs(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> BatchReport:
    folder = write(tmp_path_factory.mktemp("inputs"), {
        "invalid-json@example.org.ipynb": '{"cells": [, "nbformat": 4}',
        "old-format@example.org.ipynb": _old_notebook(),
        "empty@example.org.ipynb": nbformat.v4.new_notebook(),
        "markdown-only@example.org.ipynb": nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("I did not write any code")]),
        "zero-bytes@example.org.ipynb": "",
        "binary@example.org.ipynb": bytes(range(256)) * 4,
        "syntax-error@example.org.ipynb": notebook(IMPORTS, "def broken(:\n    pass", RIGHT),
        "missing@example.org.ipynb": notebook(IMPORTS, "x = 1"),
        "placeholder@example.org.ipynb": notebook(IMPORTS, "def zscore(X):\n    ...  # your code here"),
        "wrong-kind@example.org.ipynb": notebook(IMPORTS, "zscore = 3"),
        "twice@example.org.ipynb": notebook(IMPORTS, DDOF1),
        "twice@example.org/notebook.ipynb": notebook(IMPORTS, RIGHT),
        "readme.txt": "not a notebook",
        "by-folder@example.org/tp1.ipynb": notebook(IMPORTS, RIGHT),
        "magics@example.org.ipynb": notebook("%pip install caire-exercises\n!pip install numpy", IMPORTS,
                                             "%time x = 1", RIGHT),
        "renamed.ipynb": notebook(IMPORTS, RIGHT, student="meta@example.org"),
        ".ipynb_checkpoints/hidden@example.org-checkpoint.ipynb": notebook(IMPORTS, RIGHT),
    })
    return grade(folder, pool)


@pytest.mark.parametrize("student, words", [
    ("invalid-json@example.org", "not valid JSON"),
    ("old-format@example.org", "too old"),
    ("empty@example.org", "empty notebook"),
    ("markdown-only@example.org", "no code"),
    ("zero-bytes@example.org", "empty file"),
    ("binary@example.org", "UTF-8"),
    ("readme", "not a Jupyter notebook"),
])
def test_an_unreadable_file_is_ungradable_with_its_reason(inputs: BatchReport, student: str, words: str) -> None:
    rows = rows_by_student(inputs)[student]
    assert [(row["status"], row["score"], row["max_score"]) for row in rows] == [("ungradable", 0.0, 2.0)]
    assert words in rows[0]["message"]


def test_the_batch_goes_on_past_bad_files(inputs: BatchReport) -> None:
    assert len(inputs.ungradable) == 7
    assert rows_by_student(inputs)["by-folder@example.org"][0]["status"] == "passed"


def test_a_syntax_error_costs_only_its_cell(inputs: BatchReport) -> None:
    graded = by_student(inputs)["syntax-error@example.org"]
    assert rows_by_student(inputs)["syntax-error@example.org"][0]["score"] == 2.0, (
        f"{graded.cells} {graded.worker_notes} {graded.log[-2000:]}")
    assert cells_status(graded) == ["ok", "error", "ok"]
    assert graded.cells[1]["error"]["type"] == "SyntaxError" and graded.cells[1]["error"]["line"] == 1


def test_installs_are_skipped_and_magics_run_as_in_jupyter(inputs: BatchReport) -> None:
    graded = by_student(inputs)["magics@example.org"]
    assert rows_by_student(inputs)["magics@example.org"][0]["score"] == 2.0
    assert cells_status(graded) == ["ok", "ok", "ok", "ok"]
    assert "Wall time" in graded.log


@pytest.mark.parametrize("student", ["missing@example.org", "placeholder@example.org"])
def test_a_missing_answer_is_not_attempted(inputs: BatchReport, student: str) -> None:
    row = rows_by_student(inputs)[student][0]
    assert (row["status"], row["score"]) == ("not_attempted", 0.0)
    assert "`zscore`" in row["message"]


def test_an_answer_of_the_wrong_kind_fails_with_what_was_expected(inputs: BatchReport) -> None:
    row = rows_by_student(inputs)["wrong-kind@example.org"][0]
    assert (row["status"], row["score"]) == ("failed", 0.0)
    assert "should be a function" in row["message"]


def test_two_submissions_of_one_student_each_get_a_row_that_says_so(inputs: BatchReport) -> None:
    rows = rows_by_student(inputs)["twice@example.org"]
    assert sorted((row["submission"], row["status"]) for row in rows) == [
        ("twice@example.org.ipynb", "failed"), ("twice@example.org/notebook.ipynb", "passed")]
    assert all("Duplicate" in row["message"] and "2 submissions" in row["message"] for row in rows)


def test_whose_submission_it_is(inputs: BatchReport) -> None:
    # The place names the student; an unsigned id in the metadata never does (see test_identity.py).
    students = set(rows_by_student(inputs))
    assert {"by-folder@example.org", "renamed"} <= students
    assert "meta@example.org" not in students and "hidden@example.org" not in students


def test_rows_have_exactly_the_contract_keys(inputs: BatchReport) -> None:
    from caire_exercises.grading.batch import ROW_KEYS

    for row in inputs.rows:
        assert set(ROW_KEYS) <= set(row)
        assert row["status"] in {"passed", "failed", "not_attempted", "error", "timeout", "ungradable"}


# ---------------------------------------------------------------- without workers


def test_student_ids_from_file_and_folder_names(tmp_path: Path) -> None:
    root = tmp_path / "submissions"
    assert student_from_path(root / "alice@example.org.ipynb", root) == "alice@example.org"
    assert student_from_path(root / "alice@example.org" / "notebook.ipynb", root) == "alice@example.org"
    assert student_from_path(root / "alice" / "notebook.ipynb", root) == "alice"
    assert student_from_path(root / "bob.ipynb", root) == "bob"


def test_the_place_names_the_student_and_a_mismatch_is_noted(tmp_path: Path) -> None:
    write(tmp_path, {"alice@example.org.ipynb": notebook(RIGHT, student="bob@example.org")})
    submission = read_submission(tmp_path / "alice@example.org.ipynb", tmp_path)
    assert submission.student == "alice@example.org"
    assert "bob@example.org" in submission.notes[0].en and "bob@example.org" in submission.notes[0].fr


def test_discover_refuses_a_missing_path(tmp_path: Path) -> None:
    from caire_exercises import CaireError

    with pytest.raises(CaireError):
        discover([tmp_path / "nowhere"])


def test_parse_notebook_reads_code_cells_only() -> None:
    text = nbformat.writes(notebook("x = 1", "y = 2", student="s@example.org"))
    assert parse_notebook(text.encode()) == (["x = 1", "y = 2"], "s@example.org")
    problem = parse_notebook(json.dumps([1, 2]).encode())
    assert "not a Jupyter notebook" in problem.en and "pas un notebook Jupyter" in problem.fr


def test_a_notebook_without_cell_ids_is_read_without_warnings() -> None:
    import warnings

    hand_made = {"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [],
                            "execution_count": None}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse_notebook(json.dumps(hand_made).encode()) == (["x = 1"], None)
