"""Messy real-world submissions: links, nested folders, wrong files, other encodings, shared locks.

One batch (graded by a worker of its own, warmed up for ``text.normalise``
so that its progress-bar lock exists before the submissions fork) holds
every case; each test reads its rows.
"""

from __future__ import annotations

import inspect
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from grading_helpers import IMPORTS, RIGHT, by_student, grade, notebook, rows_by_student, write

from caire_exercises.teacher.assignment import Assignment
from caire_exercises.exercises import text as text_exercises
from caire_exercises.grading.batch import BatchReport, worker_config
from caire_exercises.grading.pool import LocalPool
from caire_exercises.grading.submissions import discover, student_from_path

pytest.importorskip("datasets")

NORMALISE = "import re\n" + inspect.getsource(text_exercises.normalise)

# Takes the progress-bar lock that the worker's judge needs, then ends without releasing it.
HOLD_THE_TQDM_LOCK = '''from tqdm import tqdm
tqdm.get_lock().acquire()
import os
os._exit(0)'''

TWO = Assignment.from_ids(["numpy.zscore", "text.normalise"], title="messy", language="en")


@pytest.fixture(scope="module")
def normalise_pool() -> Iterator[LocalPool]:
    with LocalPool(1, worker_config(TWO)) as workers:
        workers.wait_ready()
        yield workers


@pytest.fixture(scope="module")
def messy(normalise_pool: LocalPool, tmp_path_factory: pytest.TempPathFactory) -> BatchReport:
    base = tmp_path_factory.mktemp("messy")
    outside = write(base / "teacher", {"solution.ipynb": notebook(IMPORTS, RIGHT, NORMALISE)})
    latin1 = nbformat.writes(notebook(IMPORTS, RIGHT, NORMALISE, "city = 'Orléans'")).encode("utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("tp.ipynb", nbformat.writes(notebook(IMPORTS, RIGHT)))
    folder = write(base / "submissions", {
        "right@example.org.ipynb": notebook(IMPORTS, RIGHT, NORMALISE),
        "nested@example.org/tp1/notebook.ipynb": notebook(IMPORTS, RIGHT),
        "Alice Martin_1234_assignsubmission_file_/tp1/tp1.ipynb": notebook(IMPORTS, RIGHT),
        "latin1@example.org.ipynb": latin1.replace("Orléans".encode(), "Orléans".encode("cp1252")),
        "zipped@example.org.ipynb": archive.getvalue(),
        "script@example.org.ipynb": IMPORTS + "\n" + RIGHT + "\n",
        "tqdm-lock@example.org.ipynb": notebook(IMPORTS, HOLD_THE_TQDM_LOCK, RIGHT, NORMALISE),
    })
    (folder / "linked-file@example.org.ipynb").symlink_to(outside / "solution.ipynb")
    (folder / "linked-folder@example.org").symlink_to(outside)
    (folder / "inside-link@example.org.ipynb").symlink_to(folder / "right@example.org.ipynb")
    return grade(folder, normalise_pool, assignment=TWO)


def _points(report: BatchReport, student: str) -> float:
    return sum(row["score"] for row in rows_by_student(report)[student])


def _statuses(report: BatchReport, student: str) -> list[str]:
    return [row["status"] for row in rows_by_student(report)[student]]


def test_the_baseline_scores_full_marks(messy: BatchReport) -> None:
    assert _points(messy, "right@example.org") == 2.0


@pytest.mark.parametrize("student", ["linked-file@example.org", "linked-folder@example.org"])
def test_a_link_out_of_the_folder_is_not_followed_but_reported(messy: BatchReport, student: str) -> None:
    rows = rows_by_student(messy)[student]
    assert [row["status"] for row in rows] == ["ungradable", "ungradable"]
    assert all("symbolic link" in row["message"] for row in rows)
    assert _points(messy, student) == 0.0


def test_a_link_inside_the_folder_is_not_graded_twice(messy: BatchReport) -> None:
    assert "inside-link@example.org" not in rows_by_student(messy)
    assert len(rows_by_student(messy)["right@example.org"]) == 2


def test_a_notebook_in_a_subfolder_of_the_students_folder_is_theirs(messy: BatchReport) -> None:
    students = set(rows_by_student(messy))
    assert {"nested@example.org", "Alice Martin_1234_assignsubmission_file_"} <= students
    assert "tp1" not in students
    assert _statuses(messy, "nested@example.org") == ["passed", "not_attempted"]


@pytest.mark.parametrize("student, words", [("zipped@example.org", "ZIP archive"),
                                            ("script@example.org", "plain text")])
def test_a_file_that_is_not_a_notebook_says_what_it_is(messy: BatchReport, student: str, words: str) -> None:
    rows = rows_by_student(messy)[student]
    assert {row["status"] for row in rows} == {"ungradable"}
    assert all(words in row["message"] for row in rows)


def test_a_notebook_in_a_legacy_encoding_is_graded_with_a_note(messy: BatchReport) -> None:
    graded = by_student(messy)["latin1@example.org"]
    assert graded.status == "graded"
    assert _points(messy, "latin1@example.org") == 2.0
    assert any("Windows-1252" in note.en and "Windows-1252" in note.fr for note in graded.submission.notes)


def test_a_submission_holding_the_progress_bar_lock_does_not_block_the_judge(messy: BatchReport) -> None:
    graded = by_student(messy)["tqdm-lock@example.org"]
    assert graded.status == "graded", graded.reason
    assert _statuses(messy, "tqdm-lock@example.org") == ["passed", "passed"]
    assert [cell["status"] for cell in graded.cells][1] == "crashed"


def test_the_worker_progress_lock_is_not_shared_with_its_children() -> None:
    tqdm = pytest.importorskip("tqdm").tqdm
    from caire_exercises.grading.worker import _private_progress_lock

    for _ in tqdm(range(2), file=io.StringIO()):  # tqdm makes its default lock, as a judge would
        pass
    _private_progress_lock()
    child = os.fork()
    if child == 0:
        tqdm.get_lock().acquire()
        os._exit(0)
    os.waitpid(child, 0)
    lock: Any = tqdm.get_lock()
    assert lock.acquire(timeout=5)
    lock.release()


def test_students_from_nested_folders(tmp_path: Path) -> None:
    root = tmp_path / "submissions"
    assert student_from_path(root / "bob@example.org" / "tp" / "v2" / "nb.ipynb", root) == "bob@example.org"
    assert student_from_path(root / "Bob Durand_42_" / "tp" / "nb.ipynb", root) == "Bob Durand_42_"
    assert student_from_path(root / "group" / "carol@example.org" / "tp" / "nb.ipynb", root) == "carol@example.org"


def test_discover_lists_links_out_of_the_folder_only(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", {"x.ipynb": notebook("x = 1")})
    folder = write(tmp_path / "in", {"a.ipynb": notebook("x = 1")})
    (folder / "out.ipynb").symlink_to(outside / "x.ipynb")
    (folder / "broken.ipynb").symlink_to(tmp_path / "nowhere.ipynb")
    (folder / "again.ipynb").symlink_to(folder / "a.ipynb")
    (folder / "out-folder").symlink_to(outside)
    assert sorted(path.name for path, _ in discover([folder])) == ["a.ipynb", "broken.ipynb", "out-folder",
                                                                   "out.ipynb"]
