"""The gradebook: one transaction per submission, resumable after kill -9, versions kept."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, grade, notebook, write

from caire_exercises.grading.gradebook import AssignmentRecord, Gradebook


def _stored(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT id, student, content_hash, graded_at FROM submissions "
                                  "ORDER BY id").fetchall()


def test_unchanged_is_not_graded_again_and_a_change_keeps_both(pool: Any, tmp_path: Path) -> None:
    db = tmp_path / "grades.sqlite"
    folder = write(tmp_path / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
                                       "bob@example.org.ipynb": notebook(IMPORTS, DDOF1)})
    first = grade(folder, pool, db=db)
    assert [graded.reused for graded in first.graded] == [False, False]
    again = grade(folder, pool, db=db)
    assert [graded.reused for graded in again.graded] == [True, True]
    assert again.rows == first.rows
    assert len(_stored(db)) == 2

    write(folder, {"alice@example.org.ipynb": notebook(IMPORTS, DDOF1, "# changed my mind")})
    changed = grade(folder, pool, db=db)
    assert [graded.reused for graded in changed.graded] == [False, True]
    with Gradebook(db) as gradebook:
        versions = [stored for stored in gradebook.submissions() if stored.student == "alice@example.org"]
        assert [stored.score for stored in versions] == [2.0, 0.0]
        latest = {stored.student: stored.score for stored in gradebook.latest()}
    assert latest == {"alice@example.org": 0.0, "bob@example.org": 0.0}


def test_another_secret_means_another_grading(pool: Any, tmp_path: Path) -> None:
    db = tmp_path / "grades.sqlite"
    folder = write(tmp_path / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT)})
    grade(folder, pool, db=db)
    report = grade(folder, pool, db=db, secret="another secret")
    assert not report.graded[0].reused
    assert len(_stored(db)) == 2


def test_each_submission_is_stored_whole(tmp_path: Path) -> None:
    row = {"exercise": "numpy.zscore", "score": 1.0, "max_score": 1.0, "status": "passed", "message": ""}
    with Gradebook(tmp_path / "grades.sqlite") as gradebook:
        gradebook.save_assignment(AssignmentRecord("a", "A", "en", 1.0, [{"id": "numpy.zscore", "points": 1.0}]))
        arguments: dict[str, Any] = {
            "assignment": "a", "student": "s", "submission": "s.ipynb", "path": "/s.ipynb", "content_hash": "h",
            "grading_key": "k", "modified": 0.0, "graded_at": "now", "status": "graded", "reason": None,
            "seconds": 0.1, "details": {}}
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            # The second row breaks the results' primary key: nothing of the submission may stay.
            gradebook.record(**arguments, rows=[row, row])
        assert gradebook.count() == 0
        assert gradebook.connection.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 0
        gradebook.record(**arguments, rows=[row])
        assert gradebook.count() == 1


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found.update(int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_a_batch_killed_with_sigkill_resumes_with_nothing_lost_and_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "grades.sqlite"
    slow = "import time\ntime.sleep(0.7)"
    folder = write(tmp_path / "subs", {f"student{index:02d}@example.org.ipynb": notebook(IMPORTS, slow, RIGHT)
                                       for index in range(8)})
    command = [sys.executable, "-m", "caire_exercises", "grade", str(folder), "--exercises", "numpy.zscore",
               "--db", str(db), "--workers", "1", "--no-progress", "--secret", "Gm4_Xr9Tq2LvZ7pK8wN3bY6cHd1Jf5Es", "--out",
               str(tmp_path / "out.json")]
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and batch.poll() is None:
        if db.exists() and len(_stored(db)) >= 2:
            break
        time.sleep(0.05)
    assert batch.poll() is None, batch.communicate()
    workers = _children(batch.pid)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    before = _stored(db)
    assert 2 <= len(before) < 8
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone()[0] == len(before)
    # The workers end with the grader that started them.
    end = time.monotonic() + 15
    while time.monotonic() < end and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(before)} taken from the gradebook" in resumed.stderr
    after = _stored(db)
    assert after[:len(before)] == before
    assert len(after) == 8 and len({row[1] for row in after}) == 8
    rows = json.loads((tmp_path / "out.json").read_text())
    assert [row["status"] for row in rows] == ["passed"] * 8
