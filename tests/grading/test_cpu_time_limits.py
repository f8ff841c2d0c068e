"""Time limits counted in the submission's own CPU time, and time-outs graded again alone.

A loaded machine must not fail an honest answer: a cell or a case gets the CPU
seconds of its limit, whatever the wall clock says, up to a looser wall-clock
ceiling for code that sleeps or waits; a submission that still timed out while
other submissions were being graded is graded again alone before its time-out
is kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caire_exercises.grading import worker
from caire_exercises.grading.batch import timed_out
from caire_exercises.grading.sandbox import Limits

from grading_helpers import IMPORTS, RIGHT, by_student, cells_status, grade, notebook, write

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@linux
def test_cpu_time_counts_a_process_and_its_children_not_their_sleep() -> None:
    spin = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass\n"
    busy = subprocess.Popen([sys.executable, "-c",
                             f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {spin!r}])"
                             "\ntime.sleep(5)"])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        time.sleep(2.0)
        busy_cpu, idle_cpu = worker.tree_cpu_seconds(busy.pid), worker.tree_cpu_seconds(idle.pid)
    finally:
        busy.kill()
        idle.kill()
        busy.wait()
        idle.wait()
    assert busy_cpu is not None and idle_cpu is not None
    assert busy_cpu >= 0.5 > idle_cpu
    assert worker.tree_cpu_seconds(2**22 + 12345) is None


def test_a_step_that_has_not_used_its_cpu_time_gets_more_up_to_a_ceiling(monkeypatch) -> None:
    monkeypatch.setattr(worker, "tree_cpu_seconds", lambda pid: 11.0)
    # Began at 100 s with 10 CPU seconds used: one second used in five, four to go.
    later = worker._cpu_extension(2.0, now=105.0, step_wall=100.0, step_cpu=10.0, child=1)
    assert later == pytest.approx(105.0 + 1.0 + worker.STEP_GRACE)
    assert worker._cpu_extension(2.0, now=109.5, step_wall=100.0, step_cpu=10.0, child=1) is None
    assert worker._cpu_extension(1.0, now=105.0, step_wall=100.0, step_cpu=10.0, child=1) is None
    assert worker._cpu_extension(None, now=105.0, step_wall=100.0, step_cpu=10.0, child=1) is None
    monkeypatch.setattr(worker, "tree_cpu_seconds", lambda pid: None)
    assert worker._cpu_extension(2.0, now=105.0, step_wall=100.0, step_cpu=10.0, child=1) is None


def test_a_time_out_is_found_anywhere_in_a_result() -> None:
    assert timed_out({"status": "graded", "cells": [{"status": "ok"}, {"status": "timeout"}]})
    assert timed_out({"results": [{"cases": [{"status": "passed"}, {"status": "timeout"}]}]})
    assert not timed_out({"status": "graded", "results": [{"status": "failed", "message": "timeout"}]})


@linux
def test_a_sleeping_cell_gets_its_wall_clock_ceiling_and_a_spinning_one_its_cpu_time(pool, tmp_path: Path) -> None:
    folder = write(tmp_path / "subs", {
        "sleeper.ipynb": notebook(IMPORTS, "import time\ntime.sleep(4)", RIGHT),
        "spinner.ipynb": notebook(IMPORTS, "while True:\n    pass", RIGHT),
        "napper.ipynb": notebook(IMPORTS, "import time\ntime.sleep(60)", RIGHT),
    })
    report = grade(folder, pool, limits=Limits(cell_timeout=1.5, memory_mb=512))
    graded = by_student(report)
    # 4 s of sleep uses no CPU: under the ceiling of three times 1.5 s, the cell ends by itself.
    assert cells_status(graded["sleeper"]) == ["ok", "ok", "ok"]
    assert cells_status(graded["spinner"])[1] == "timeout"
    assert cells_status(graded["napper"])[1] == "timeout"
    for student in ("sleeper", "spinner", "napper"):
        assert cells_status(graded[student])[2] == "ok"
        assert graded[student].results[0]["status"] == "passed"
    # The spinner used its CPU time on a quiet machine: its time-out is its own, kept at once.
    assert not any("graded again alone" in note for note in graded["spinner"].worker_notes)


class _LoadedOnce:
    """An executor of two workers whose first grading of each job says the machine was loaded."""

    workers = (1, 2)

    def __init__(self) -> None:
        self.runs: list[list[str]] = []

    def run(self, jobs):
        jobs = list(jobs)
        self.runs.append([job["id"] for job in jobs])
        for job in jobs:
            first = len(self.runs) == 1
            yield job, {"status": "graded", "results": [], "notes": [],
                        "cells": [{"index": 0, "status": "timeout" if first else "ok"}],
                        "overloaded_timeouts": 1 if first and job["id"] == "0" else 0}


def test_a_time_out_after_long_waits_for_a_cpu_is_graded_again_alone(tmp_path: Path) -> None:
    from caire_exercises.grading.batch import grade_batch

    from grading_helpers import options

    folder = write(tmp_path / "subs", {"ann.ipynb": notebook(IMPORTS, RIGHT), "bob.ipynb": notebook(IMPORTS, RIGHT)})
    executor = _LoadedOnce()
    report = grade_batch([folder], options(), executor=executor)
    graded = by_student(report)
    # One submission timed out after waiting for a CPU: graded again, on its own; the other,
    # whose time-out used its CPU time, is kept as it was.
    assert len(executor.runs) == 2 and len(executor.runs[1]) == 1
    again = executor.runs[1][0]
    loaded = next(student for student, one in graded.items() if cells_status(one) == ["ok"])
    assert any("graded again alone" in note for note in graded[loaded].worker_notes)
    kept = next(student for student in graded if student != loaded)
    assert cells_status(graded[kept]) == ["timeout"] and again == "0"


@linux
def test_the_kernel_tells_how_long_a_process_waited_for_a_cpu() -> None:
    waited = worker.tree_wait_seconds(os.getpid())
    assert waited is None or waited >= 0.0
