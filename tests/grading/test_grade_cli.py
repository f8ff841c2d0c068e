"""``caire grade`` and ``caire export`` as a teacher runs them: exit status, JSON and CSV rows."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from grading_helpers import IMPORTS, RIGHT, notebook, write

CONTRACT_KEYS = ["submission", "student", "exercise", "score", "max_score", "status", "message"]


def caire(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "caire_exercises", *arguments], capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.parametrize("arguments", [
    ["--exercises", "numpy.zscoer"],
    ["--exercises", ","],
    ["--exercises", "numpy.zscore,numpy.zscore"],
    ["--exercises", "numpy.zscore", "--out", "results.txt"],
    ["--exercises", "numpy.zscore", "--workers", "0"],
    ["--exercises", "numpy.zscore", "--timeout", "-1"],
    [],
])
def test_usage_errors_exit_with_2(tmp_path: Path, arguments: list[str]) -> None:
    write(tmp_path, {"alice@example.org.ipynb": notebook(RIGHT)})
    completed = caire("grade", str(tmp_path), *arguments)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.strip()


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert caire("grade", str(tmp_path / "nowhere"), "--exercises", "numpy.zscore").returncode == 2


def test_an_assignment_file_that_is_not_toml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "tp.toml").write_text("title = [", encoding="utf-8")
    assert caire("grade", str(tmp_path), "--assignment", str(tmp_path / "tp.toml")).returncode == 2


def test_export_of_a_missing_gradebook_is_a_usage_error(tmp_path: Path) -> None:
    completed = caire("export", "--db", str(tmp_path / "none.sqlite"), "--format", "csv")
    assert completed.returncode == 2 and "No gradebook" in completed.stderr


@pytest.mark.slow
def test_grade_then_export(tmp_path: Path) -> None:
    folder = write(tmp_path / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
                                       "bob@example.org/notebook.ipynb": notebook(IMPORTS, "x = 1")})
    db = tmp_path / "grades.sqlite"
    graded = caire("grade", str(folder), "--exercises", "numpy.zscore", "--out", str(tmp_path / "out.json"),
                   "--db", str(db), "--workers", "1", "--no-progress", "--secret", "Gm4_Xr9Tq2LvZ7pK8wN3bY6cHd1Jf5Es",
                   "--feedback", str(tmp_path / "feedback"))
    assert graded.returncode == 0, graded.stderr
    rows = json.loads((tmp_path / "out.json").read_text())
    assert [list(row) for row in rows] == [CONTRACT_KEYS] * 2
    assert [(row["student"], row["status"], row["score"]) for row in rows] == [
        ("alice@example.org", "passed", 1.0), ("bob@example.org", "not_attempted", 0.0)]
    assert (tmp_path / "feedback" / "class-report.html").exists()
    assert "class-report.html" in graded.stdout

    (folder / "notes.txt").write_text("not a notebook")
    again = caire("grade", str(folder), "--exercises", "numpy.zscore", "--out", str(tmp_path / "out.csv"),
                  "--db", str(db), "--no-progress", "--secret", "Gm4_Xr9Tq2LvZ7pK8wN3bY6cHd1Jf5Es")
    assert again.returncode == 1, again.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == CONTRACT_KEYS
    assert [row["status"] for row in table] == ["passed", "ungradable", "not_attempted"]
    assert "2 taken from the gradebook" in again.stderr

    exported = caire("export", "--db", str(db), "--format", "moodle")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines()[0] == "Email address,numpy.zscore (out of 1),numpy.zscore feedback"
