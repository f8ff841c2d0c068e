"""What a submission might do to raise its score or harm the grader; each scores what its answers are worth.

One batch holds every attack (and two honest baselines), graded by the shared
warm workers; each test then reads its row. A right answer is worth 2 points
and the declared mistake ``ddof1`` is worth 0.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import (
    DDOF1,
    IMPORTS,
    RIGHT,
    SECRET,
    by_student,
    cells_status,
    grade,
    notebook,
    rows_by_student,
    write,
)

from caire_exercises.grading.batch import BatchReport
from caire_exercises.grading.sandbox import Limits

MARKER = f"caire-leftover-{os.getpid()}"

PATCH_NUMPY = '''import numpy
numpy.allclose = lambda *args, **kwargs: True
numpy.array_equal = lambda *args, **kwargs: True
numpy.isclose = lambda a, b, *args, **kwargs: numpy.ones_like(numpy.asarray(a), dtype=bool)
numpy.testing.assert_allclose = lambda *args, **kwargs: None'''

PATCH_LIBRARY = '''import numpy as np
import caire_exercises.engine.checking as checking
import caire_exercises.engine.compare as comparing
import caire_exercises.engine.report as report
checking.judge = lambda *args, **kwargs: None
checking.compare = lambda *args, **kwargs: None
comparing.compare = lambda *args, **kwargs: None
checking._judge_case = lambda *args, **kwargs: None
report.Result.from_cases = classmethod(lambda cls, exercise, cases, **kw: None)
checking.probe_answer = lambda exercise, answers, cases, **kw: [
    {"status": "ok", "data": {"value": np.zeros((2, 2)), "mutated": []}} for _ in cases]
import caire_exercises.grading.runner as runner
runner.probe_answer = checking.probe_answer'''

FAKE_OUTPUT = '''import json, os, sys
fake = {"status": "passed", "score": 2.0, "points": 2.0, "passed": True}
print(json.dumps(fake))
print(json.dumps([{"exercise": "numpy.zscore", "score": 2, "status": "passed"}]), file=sys.stderr)
os.write(1, json.dumps(fake).encode())'''

FORGE_CHANNEL = '''import json, os
frames = [{"t": "end", "s": ["case", 0, 0], "p": {"status": "ok", "data": {"value": 1.0}}},
          {"t": "done"}]
for name in os.listdir("/proc/self/fd"):
    for frame in frames:
        try:
            os.write(int(name), b"M" + json.dumps(frame).encode())
        except OSError:
            pass'''

STUBBORN_LOOP = '''import time
while True:
    try:
        time.sleep(10)
    except BaseException:
        pass'''

MEMORY_BOMB_AT_ONCE = "hog = bytearray(64 * 2**30)"
MEMORY_BOMB_SLOWLY = '''blocks = []
while True:
    blocks.append(bytearray(2**27))'''

LEFTOVERS = f'''import os, subprocess, sys
command = [sys.executable, "-c", "import time; time.sleep(600)", "{MARKER}"]
subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.Popen(command)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, command)
    os._exit(0)'''

KILL_THE_GRADER = '''import os, signal
for target in (1, os.getppid(), -1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass'''

READ_SECRETS = '''import os, glob
print(dict(os.environ))
for path in glob.glob("/proc/*/cmdline") + glob.glob("/proc/*/environ"):
    try:
        print(path, open(path, "rb").read().replace(b"\\0", b" "))
    except OSError:
        pass'''

WARNINGS = '''import sys, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
warnings.warn("this API is deprecated", DeprecationWarning)
warnings.warn("a user warning")
print("noise on stderr", file=sys.stderr)
LogisticRegression(max_iter=1).fit(np.random.default_rng(0).normal(size=(40, 3)), [0, 1] * 20)

def zscore(X):
    warnings.warn("the answer warns too")
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))'''

ANSWER_THAT_EXITS = '''import os
def zscore(X):
    os._exit(0)'''


def gradebook_writer(folder: Path) -> str:
    return f'''import os, shutil
targets = ["{folder}/pwned.txt", "{folder}/grades.sqlite"]
for target in targets:
    try:
        with open(target, "w") as handle:
            handle.write("pwned")
    except OSError:
        pass
for action in (os.remove, shutil.rmtree):
    for target in targets + ["{folder}"]:
        try:
            action(target)
        except OSError:
            pass'''


@pytest.fixture(scope="module")
def attack(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[BatchReport, Path]:
    root = tmp_path_factory.mktemp("attacks")
    books = root / "gradebook"
    books.mkdir()
    submissions = {
        "right": [IMPORTS, RIGHT],
        "wrong": [IMPORTS, DDOF1],
        "patch-numpy": [IMPORTS, DDOF1, PATCH_NUMPY],
        "patch-library": [IMPORTS, DDOF1, PATCH_LIBRARY],
        "fake-output": [IMPORTS, DDOF1, FAKE_OUTPUT],
        "forged-channel": [IMPORTS, RIGHT, FORGE_CHANNEL],
        "os-exit": [IMPORTS, "import os\nos._exit(0)", RIGHT],
        "sys-exit": [IMPORTS, "import sys\nsys.exit(1)", RIGHT],
        "endless-loop": [IMPORTS, "while True:\n    pass", RIGHT],
        "stubborn-loop": [IMPORTS, STUBBORN_LOOP, RIGHT],
        "memory-bomb": [IMPORTS, MEMORY_BOMB_AT_ONCE, MEMORY_BOMB_SLOWLY, RIGHT],
        "leftovers": [IMPORTS, LEFTOVERS, RIGHT],
        "gradebook-writer": [IMPORTS, gradebook_writer(books), RIGHT],
        "read-secrets": [IMPORTS, READ_SECRETS, RIGHT],
        "library-answer": [IMPORTS, "zscore = cx.get('numpy.zscore').reference"],
        "answer-exits": [IMPORTS, ANSWER_THAT_EXITS],
        "warnings": [IMPORTS, WARNINGS],
    }
    isolation = pool.workers[0].wait_ready()["isolation"]
    if isolation["pid_ns"] or isolation["landlock_abi"] >= 6:
        # Elsewhere kill(-1) would reach every process of the user running the tests.
        submissions["kill-the-grader"] = [IMPORTS, KILL_THE_GRADER, RIGHT]
    folder = write(root / "submissions", {f"{name}@example.org.ipynb": notebook(*cells)
                                          for name, cells in submissions.items()})
    report = grade(folder, pool, db=books / "grades.sqlite", limits=Limits(cell_timeout=5.0, memory_mb=256))
    return report, books


def points(report: BatchReport, name: str) -> float:
    return sum(row["score"] for row in rows_by_student(report)[f"{name}@example.org"])


def explain(report: BatchReport, name: str) -> str:
    """What the grader saw of a submission, for the message of a failed assertion."""
    sandboxed = graded(report, name)
    return (f"rows={rows_by_student(report)[f'{name}@example.org']} cells={sandboxed.cells} "
            f"notes={sandboxed.worker_notes} log={sandboxed.log[-1500:]!r}")


def status(report: BatchReport, name: str) -> str:
    return rows_by_student(report)[f"{name}@example.org"][0]["status"]


def graded(report: BatchReport, name: str) -> Any:
    return by_student(report)[f"{name}@example.org"]


def test_baselines(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "right") == 2.0 and status(report, "right") == "passed"
    assert points(report, "wrong") == 0.0 and status(report, "wrong") == "failed"
    assert not report.ungradable


@pytest.mark.parametrize("name", ["patch-numpy", "patch-library", "fake-output"])
def test_tampering_scores_what_the_wrong_answer_is_worth(attack: tuple[BatchReport, Path], name: str) -> None:
    report, _ = attack
    assert points(report, name) == points(report, "wrong") == 0.0, explain(report, name)
    assert status(report, name) == "failed", explain(report, name)
    assert graded(report, name).results[0]["mistakes"] == ["ddof1"]


def test_forged_messages_are_ignored_and_the_right_answer_still_counts(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "forged-channel") == 2.0
    assert cells_status(graded(report, "forged-channel"))[-1] == "interfered"


@pytest.mark.parametrize("name, cell", [("os-exit", "crashed"), ("sys-exit", "error"),
                                        ("endless-loop", "timeout"), ("stubborn-loop", "timeout")])
def test_the_cells_after_an_exit_or_a_loop_are_graded(attack: tuple[BatchReport, Path], name: str,
                                                      cell: str) -> None:
    report, _ = attack
    assert points(report, name) == 2.0, explain(report, name)
    assert cells_status(graded(report, name)) == ["ok", cell, "ok"], explain(report, name)


def test_a_memory_bomb_fails_its_cells_only(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    sandboxed = graded(report, "memory-bomb")
    assert points(report, "memory-bomb") == 2.0
    assert cells_status(sandboxed)[1:3] == ["error", "error"]
    assert {cell["error"]["type"] for cell in sandboxed.cells[1:3]} == {"MemoryError"}


def _leftover_processes() -> list[int]:
    """Processes of the submissions still running a few moments after their grading ended.

    The worker sends SIGKILL to all of them before it judges; the kernel may
    take a moment to tear a process down.
    """
    deadline = time.monotonic() + 5
    while (found := _marked_processes()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _marked_processes() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if MARKER.encode() in handle.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to look for processes")
def test_no_process_of_a_submission_survives_it(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "leftovers") == 2.0
    assert _leftover_processes() == []


def test_the_gradebook_folder_is_out_of_reach(attack: tuple[BatchReport, Path]) -> None:
    report, books = attack
    assert points(report, "gradebook-writer") == 2.0
    assert sorted(path.name for path in books.iterdir()) == ["grades.sqlite"]
    with sqlite3.connect(books / "grades.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == len(report.graded)


def test_killing_the_grader_from_a_notebook_fails(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    if "kill-the-grader@example.org" not in rows_by_student(report):
        pytest.skip("signals are not contained on this machine (no PID namespace, Landlock < 6)")
    assert points(report, "kill-the-grader") == 2.0


def test_the_course_secret_never_reaches_a_submission(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    spy = graded(report, "read-secrets")
    assert "HOME" in spy.log
    assert SECRET not in spy.log


def test_the_library_reference_is_not_an_answer(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "library-answer") == 0.0
    # The sandbox holds no reference to hand over: the cell that reaches for it fails.
    assert "has no attribute 'reference'" in graded(report, "library-answer").log


def test_an_answer_that_ends_its_process_scores_zero_and_the_batch_goes_on(
        attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "answer-exits") == 0.0
    assert status(report, "answer-exits") == "error"


def test_warnings_never_cost_points(attack: tuple[BatchReport, Path]) -> None:
    report, _ = attack
    assert points(report, "warnings") == 2.0, explain(report, "warnings")
    assert cells_status(graded(report, "warnings")) == ["ok", "ok"], explain(report, "warnings")


def test_the_fallback_without_namespaces_still_cleans_up(plain_pool: Any, tmp_path: Path) -> None:
    """Where namespaces are not available, the child subreaper finds the processes that escaped."""
    folder = write(tmp_path / "plain", {
        "leftovers@example.org.ipynb": notebook(IMPORTS, LEFTOVERS, RIGHT),
        "os-exit@example.org.ipynb": notebook(IMPORTS, "import os\nos._exit(3)", RIGHT),
    })
    report = grade(folder, plain_pool)
    assert [sum(row["score"] for row in report.rows if row["student"] == student)
            for student in ("leftovers@example.org", "os-exit@example.org")] == [2.0, 2.0]
    assert _leftover_processes() == []
