"""The library's references and answer keys are out of a submission's reach (issue 11, point 7).

Submissions are forked by a zygote that never imported an exercise, and Landlock lets them
read the probe side of the package only: no exercise file, no item bank. Each attack below
would score full marks if it reached the reference; an honest notebook, which uses the same
library calls a learner's notebook makes, keeps its marks.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import IMPORTS, RIGHT, grade, notebook, rows_by_student, write

from caire_exercises.grading.landlock import abi_version

pytestmark = pytest.mark.skipif(abi_version() < 1, reason="Landlock is needed to keep the files unread")

WRAPPED = "ref = cx.get('numpy.zscore').reference\ndef zscore(X):\n    return ref(X)"
PARTIAL = "import functools\nzscore = functools.partial(cx.get('numpy.zscore').exercise.reference)"
IMPORTED = ("from caire_exercises.exercises.numpy.zscore import ZSCORE\n"
            "def zscore(X):\n    return ZSCORE.reference(X)")
BY_NAME = ("import importlib\nnumpy_module = importlib.import_module('caire_exercises.exercises.numpy')\n"
           "def zscore(X):\n    return numpy_module.ZSCORE.reference(X)")
READ_FILE = ("import os, caire_exercises\n"
             "folder = os.path.join(os.path.dirname(caire_exercises.__file__), 'exercises', 'numpy')\n"
             "found = {}\nexec(open(os.path.join(folder, 'zscore.py')).read(), found)\nzscore = found['zscore']")
READ_CACHE = ("import os, glob, marshal, caire_exercises\n"
              "folder = os.path.join(os.path.dirname(caire_exercises.__file__), 'exercises', 'numpy', "
              "'__pycache__')\nfound = {}\n"
              "for path in glob.glob(os.path.join(folder, 'zscore*.pyc')):\n"
              "    exec(marshal.loads(open(path, 'rb').read()[16:]), found)\nzscore = found['zscore']")
RELOADED = ("from caire_exercises.engine.registry import registry\n"
            "ref = registry(reload=True).get('numpy.zscore').reference\ndef zscore(X):\n    return ref(X)")
SOLUTION = ("ex = cx.get('numpy.zscore')\nfound = {}\nexec(ex.exercise.solution_source() or '', found)\n"
            "zscore = found['zscore']")
ANSWER_KEY = "import caire_exercises as cx\nitems = cx.data.load('ai_act_items')\nprint('ITEMS', len(items))"
# Defines the right answer only if nothing of the library's exercises can be found in memory:
# it scores 2 when the sandbox holds none, 0 when it does.
SEARCH_MEMORY = '''import gc, sys
found = [name for name, module in list(sys.modules.items()) if name.startswith("caire_exercises.exercises")
         and ("EXERCISES" in vars(module) or "MODULE" in vars(module))]
found += [type(o).__name__ for o in gc.get_objects() if type(o).__name__ in ("Exercise", "ItemBank", "Item")]
for module in list(sys.modules.values()):
    for value in list(vars(module).values()) if hasattr(module, "__dict__") else []:
        if type(value).__name__ == "Exercise":
            found.append(repr(value))
if found:
    raise RuntimeError(f"found {found[:5]}")
''' + RIGHT
# Every process it can see is sent SIGKILL (the worker and the zygote among them, if it could).
KILL_ALL = '''import os, signal
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid():
        try:
            os.kill(int(name), signal.SIGKILL)
        except OSError:
            pass
''' + RIGHT
HONEST = ("ex = cx.get('numpy.zscore')\nex\nprint(repr(ex), ex.params)\nex.hint()\nex.solution()\n"
          + RIGHT + "\nex.check()\nex.form()\nprint('ROWS', cx.data.load('iris').shape)")

ATTACKS = {"wrapped": WRAPPED, "partial": PARTIAL, "imported": IMPORTED, "by-name": BY_NAME,
           "read-file": READ_FILE, "read-cache": READ_CACHE, "reloaded": RELOADED, "solution": SOLUTION}


@pytest.fixture(scope="module")
def batch(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = {f"{name}@example.org.ipynb": notebook(IMPORTS, code) for name, code in ATTACKS.items()}
    files.update({
        "answer-key@example.org.ipynb": notebook(IMPORTS, ANSWER_KEY, RIGHT),
        "memory@example.org.ipynb": notebook(IMPORTS, SEARCH_MEMORY),
        "killer@example.org.ipynb": notebook(IMPORTS, KILL_ALL),
        "honest@example.org.ipynb": notebook(IMPORTS, HONEST),
        "later@example.org.ipynb": notebook(IMPORTS, RIGHT),
    })
    folder = write(tmp_path_factory.mktemp("reference") / "submissions", files)
    return grade(folder, pool)


def _row(batch: Any, name: str) -> dict[str, Any]:
    return rows_by_student(batch)[f"{name}@example.org"][0]


def _log(batch: Any, name: str) -> str:
    return next(graded.log for graded in batch.graded if graded.submission.student == f"{name}@example.org")


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_reference_cannot_be_reached_from_a_submission(batch: Any, name: str) -> None:
    assert _row(batch, name)["score"] == 0.0, _log(batch, name)


def test_no_exercise_is_in_the_memory_of_the_process_that_runs_the_notebook(batch: Any) -> None:
    assert _row(batch, "memory")["score"] == 2.0, _log(batch, "memory")


def test_an_answer_key_data_set_cannot_be_read_but_the_answer_is_graded(batch: Any) -> None:
    assert "ITEMS" not in _log(batch, "answer-key")
    assert _row(batch, "answer-key")["score"] == 2.0


def test_a_notebook_written_as_the_library_shows_keeps_its_marks(batch: Any) -> None:
    log = _log(batch, "honest")
    assert _row(batch, "honest")["score"] == 2.0, log
    assert "numpy.zscore" in log and "ROWS (150, 5)" in log
    assert "solutions off" in log


def test_a_submission_that_kills_what_it_sees_stops_nobody_else(batch: Any) -> None:
    assert _row(batch, "killer")["score"] == 2.0
    assert _row(batch, "later")["score"] == 2.0
    assert _row(batch, "honest")["score"] == 2.0


def test_the_worker_reports_its_zygote(batch: Any) -> None:
    assert any("zygote that never imported an exercise" in line for line in batch.isolation)


def test_carving_keeps_everything_but_the_hidden_files(tmp_path: Path) -> None:
    from caire_exercises.grading.landlock import carve

    (tmp_path / "pkg" / "exercises" / "numpy").mkdir(parents=True)
    (tmp_path / "pkg" / "engine").mkdir()
    for name in ("pkg/__init__.py", "pkg/engine/a.py", "pkg/exercises/numpy/zscore.py",
                 "pkg/exercises/numpy/probes.py", "other.py"):
        (tmp_path / name).write_text("x = 1\n")
    hidden = [str(tmp_path / "pkg/exercises/numpy/zscore.py")]
    readable, listable = carve([str(tmp_path)], hidden)
    assert str(tmp_path / "pkg/exercises/numpy/probes.py") in readable
    assert str(tmp_path / "pkg/engine") in readable and str(tmp_path / "other.py") in readable
    assert not [path for path in readable if path.endswith("zscore.py") or path == str(tmp_path)]
    assert set(listable) == {str(tmp_path), str(tmp_path / "pkg"), str(tmp_path / "pkg/exercises"),
                             str(tmp_path / "pkg/exercises/numpy")}


def _descendants_named(root: int, needle: bytes) -> list[int]:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                raw = Path(f"/proc/{name}/stat").read_text()
                parents[int(name)] = int(raw[raw.rfind(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found = []
    for pid in parents:
        ancestor = parents.get(pid)
        while ancestor not in (None, 0, 1, root):
            ancestor = parents.get(ancestor)
        if ancestor == root:
            try:
                if needle in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                continue
    return found


def test_a_zygote_that_dies_is_started_again_and_the_batch_goes_on(pool: Any, tmp_path: Path) -> None:
    zygotes = _descendants_named(os.getpid(), b"caire_exercises.grading.zygote")
    if not zygotes:
        pytest.skip("the workers' zygotes are not visible from here")
    for pid in zygotes:
        os.kill(pid, signal.SIGKILL)
    folder = write(tmp_path / "submissions", {f"s{n}@example.org.ipynb": notebook(IMPORTS, RIGHT)
                                              for n in range(4)})
    report = grade(folder, pool)
    assert [row["score"] for row in report.rows] == [2.0] * 4
    assert set(_descendants_named(os.getpid(), b"caire_exercises.grading.zygote")).isdisjoint(zygotes)


# A classmate's code, graded first on the same worker, must not be in the next notebook's memory.
CLASSMATE = "classmate_note = 'zq' + 'x' * 0 + 'KLAXON-PELICAN-TURNIP-8842'\n" + RIGHT
SCAN = '''import re
def occurrences(needle):
    found = 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as memory:
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw") or (len(fields) > 5 and not fields[5].startswith("[heap")):
                if len(fields) > 5:
                    continue
            start, end = (int(part, 16) for part in fields[0].split("-"))
            if end - start > 512 * 2**20:
                continue
            try:
                memory.seek(start)
                found += memory.read(end - start).count(needle)
            except (OSError, OverflowError, ValueError):
                continue
    return found
words = ["PELICAN", "TURNIP", "KLAXON"]
leaked = occurrences(("-".join([words[2], words[0], words[1]]) + "-8842").encode())
control = occurrences(("-".join([words[2], words[1], words[0]]) + "-8842").encode())
print("LEAKED" if leaked > control else "CLEAN", leaked, control)
# The scan does see this process's own strings: a text made here is found besides the needle.
mine = "".join(["SELF", "CHECK-", "3141"])
seen = occurrences("".join(["SELF", "CHECK-", "3141"]).encode())
unseen = occurrences("".join(["SELF", "CHECK-", "2718"]).encode())
print("SCAN SEES" if seen > unseen else "BLIND", seen, unseen)
''' + RIGHT


def test_a_classmates_code_is_not_in_the_next_notebooks_memory(plain_pool: Any, tmp_path: Path) -> None:
    first = write(tmp_path / "first", {"first@example.org.ipynb": notebook(IMPORTS, CLASSMATE)})
    second = write(tmp_path / "second", {"second@example.org.ipynb": notebook(IMPORTS, SCAN)})
    assert grade(first, plain_pool).rows[0]["score"] == 2.0
    report = grade(second, plain_pool)
    log = report.graded[0].log
    assert "CLEAN" in log and "SCAN SEES" in log, log
