"""Copied code is flagged for the teacher, never punished: from a classmate, the reference, or the library."""

from __future__ import annotations

from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, grade, notebook, rows_by_student, write

from caire_exercises.grading.similarity import find_similar

pytest.importorskip("copydetect")

RENAMED = '''def zscore(data):
    mean = data.mean(axis=0)
    std = data.std(axis=0)
    return np.where(std == 0, 0.0, (data - mean) / np.where(std == 0, 1.0, std))'''

OWN = '''def zscore(X):
    out = np.zeros_like(X, dtype=float)
    for j in range(X.shape[1]):
        column = X[:, j]
        spread = column.std()
        if spread > 0:
            out[:, j] = (column - column.mean()) / spread
    return out'''

LIBRARY = '''ex = cx.get("numpy.zscore")
exec(ex.exercise.solution_source())'''


def test_a_renamed_copy_is_found_and_an_own_answer_is_not() -> None:
    found = find_similar({"alice": IMPORTS + "\n" + RIGHT, "bob": IMPORTS + "\n" + RENAMED,
                          "carol": IMPORTS + "\n" + OWN}, {})
    pairs = {(pair.student, pair.other) for pair in found.pairs if pair.kind == "classmate"}
    assert pairs == {("alice", "bob")}


def test_the_reference_copied_or_reached_for_is_flagged() -> None:
    from caire_exercises.engine.registry import registry

    reference = registry().get("numpy.zscore").solution_source()
    found = find_similar({"dan": IMPORTS + "\n" + reference, "eve": IMPORTS + "\n" + LIBRARY,
                          "carol": IMPORTS + "\n" + OWN}, {"numpy.zscore": reference})
    kinds = {(pair.student, pair.kind) for pair in found.pairs}
    assert ("dan", "reference") in kinds and ("eve", "library") in kinds
    assert not [pair for pair in found.pairs if pair.student == "carol" or pair.other == "carol"]


@pytest.fixture(scope="module")
def batch(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = write(tmp_path_factory.mktemp("copies") / "submissions", {
        "alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
        "bob@example.org.ipynb": notebook(IMPORTS, RENAMED),
        "carol@example.org.ipynb": notebook(IMPORTS, OWN),
        "dave@example.org.ipynb": notebook(IMPORTS, DDOF1),
    })
    return grade(folder, pool)


def test_grading_flags_copies_in_the_report_and_changes_no_grade(batch: Any, tmp_path: Any) -> None:
    from caire_exercises.grading.feedback import write_feedback

    rows = rows_by_student(batch)
    assert rows["alice@example.org"][0]["score"] == rows["bob@example.org"][0]["score"] == 2.0
    flagged = {(pair.student, pair.other) for pair in batch.similar.pairs if pair.kind == "classmate"}
    assert flagged == {("alice@example.org", "bob@example.org")}
    page = (write_feedback(batch, tmp_path / "feedback")).read_text(encoding="utf-8")
    assert "looks copied" in page and "def zscore(data):" in page
