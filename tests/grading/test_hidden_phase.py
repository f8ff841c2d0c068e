"""Hidden cases run last, in a phase of their own: their inputs are not in the submission's
process while its cells run, and nothing written once they began reaches the feedback.

The attacks: a cell that searches the process for hidden inputs, an answer that prints
what it is given, and a thread started by a cell that keeps writing what it finds to a
copy of the output it kept.
"""

from __future__ import annotations

from pathlib import Path

from grading_helpers import IMPORTS, RIGHT, SECRET, ZSCORE, by_student, grade, notebook, write

import caire_exercises as cx
from caire_exercises.grading.pool import LocalPool

SEARCH = '''import gc
found = [case.args for case in gc.get_objects()
         if type(case).__name__ == "Case" and getattr(case, "hidden", False) and case.args]
job_inputs = [obj for obj in gc.get_objects()
              if isinstance(obj, dict) and obj.get("hidden") is True and obj.get("args")]
print("SEARCHED", len(found), len(job_inputs))'''

PRINTER = '''def zscore(X):
    print("INPUT", X.shape, X.tobytes().hex()[:48])
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))'''

WATCHER = '''import gc, os, threading, time
kept = os.dup(1)
def watch():
    while True:
        for case in gc.get_objects():
            if type(case).__name__ == "Case" and getattr(case, "hidden", False) and case.args:
                os.write(kept, ("LEAK " + case.args[0].tobytes().hex()[:48] + "\\n").encode())
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()'''


def _hidden_prefixes() -> list[str]:
    cases = cx.get("numpy.zscore").for_student("eve").make_cases(SECRET, assignment=ZSCORE.title)
    return [case.args[0].tobytes().hex()[:48] for case in cases if case.hidden]


def test_hidden_inputs_are_out_of_reach_of_cells_and_out_of_the_feedback(tmp_path: Path, pool: LocalPool) -> None:
    folder = write(tmp_path / "subs", {
        "eve.ipynb": notebook(IMPORTS, SEARCH, WATCHER, PRINTER),
        "bob.ipynb": notebook(IMPORTS, RIGHT),
    })
    report = grade(folder, pool)
    graded = by_student(report)
    eve = graded["eve"]
    assert "SEARCHED 0 0" in eve.log, eve.log
    # The visible cases' inputs were printed; the hidden one's never reach the feedback.
    assert "INPUT" in eve.log
    hidden = _hidden_prefixes()
    assert hidden and not any(prefix in eve.log for prefix in hidden), eve.log
    assert "LEAK" not in eve.log
    # The answer is right: every case passes, the hidden one too.
    assert eve.results[0]["passed"], eve.results[0]["cases"]
    assert graded["bob"].results[0]["passed"]
    for row in report.rows:
        assert not any(prefix in str(row) for prefix in hidden)
