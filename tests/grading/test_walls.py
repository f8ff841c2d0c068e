"""The walls around a submission (issue: "no root, nothing to read, nothing to forge").

Each notebook tries one thing a determined student would; it answers right only when
the attempt FAILED, and wrong (the ``ddof1`` mistake) when it worked. A full score
therefore means the wall held; each test reads the notebook's own report too.
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, by_student, grade, notebook, rows_by_student, write

from caire_exercises.grading.batch import BatchReport
from caire_exercises.grading.sandbox import Limits
from caire_exercises.grading.wall import find_bwrap

pytestmark = pytest.mark.skipif(find_bwrap() is None and os.environ.get("CI") != "true",
                                reason="bubblewrap is not installed")

TAG = f"caire-wall-{os.getpid()}"


def _attempt(body: str) -> str:
    """A cell that runs `body` (which sets `worked`), prints what it saw, then defines the answer."""
    indented = "\n".join("    " + line for line in body.splitlines())
    return (f"worked = False\ntry:\n{indented}\nexcept Exception as error:\n    print('refused:', error)\n"
            f"print('worked' if worked else 'held')\n"
            + "exec(WRONG if worked else RIGHT_ANSWER)")


ATTACKS = {
    "root": "import os\nstatus = open('/proc/self/status').read()\n"
            "caps = [l for l in status.splitlines() if l.startswith(('CapEff', 'CapPrm', 'CapBnd'))]\n"
            "worked = os.getuid() == 0 or os.geteuid() == 0 or any(l.split()[1].strip('0') for l in caps)",
    "shadow": "worked = bool(open('/etc/shadow').read())",
    "host-tmp": f"import os\nworked = any('{TAG}' in name for name in os.listdir('/tmp'))\n"
                f"worked = worked or bool(open('{tempfile.gettempdir()}/{TAG}-classmate.ipynb').read())",
    "root-socket": f"import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('{tempfile.gettempdir()}/{TAG}.sock')\n"
                   "worked = True",
    "hostname": "import socket\nsocket.sethostname('pwned')\nworked = True",
    "bpf": "import ctypes, errno\nlib = ctypes.CDLL(None, use_errno=True)\n"
           "worked = lib.syscall(321, 0, 0, 0) >= 0 or ctypes.get_errno() != errno.EPERM",
    "realtime": "import os\nos.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))\nworked = True",
    "sysv-shm": "import ctypes\nlib = ctypes.CDLL(None, use_errno=True)\nworked = lib.shmget(0, 1 << 20, 0o1600) >= 0",
    "mount": "import ctypes\nlib = ctypes.CDLL(None, use_errno=True)\n"
             "worked = lib.mount(b'none', b'/tmp', b'tmpfs', 0, None) == 0",
    "new-user-namespace": "import os\nos.unshare(os.CLONE_NEWUSER)\nworked = True",
    "scratch-bomb": "import os\nchunk = b'x' * (1 << 20)\nwritten = 0\n"
                    "for n in range(2048):\n"
                    "    with open(f'fill{n}', 'wb') as handle:\n"
                    "        for _ in range(16):\n"
                    "            handle.write(chunk); written += 1\n"
                    "worked = written >= 2048",
}


@pytest.fixture(scope="module")
def walls(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> BatchReport:
    isolation = pool.workers[0].wait_ready()["isolation"]
    if not isolation.get("wall"):
        pytest.fail(f"the workers did not start inside the bubblewrap wall: {isolation}")
    host_tmp = Path(tempfile.gettempdir())
    (host_tmp / f"{TAG}-classmate.ipynb").write_text('{"secret": "classmate"}')
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(host_tmp / f"{TAG}.sock"))
    os.chmod(host_tmp / f"{TAG}.sock", 0o600)
    listener.listen(1)
    root = tmp_path_factory.mktemp("walls")
    setup = f"{IMPORTS}\nRIGHT_ANSWER = {RIGHT!r}\nWRONG = {DDOF1!r}"
    submissions = {name: [setup, _attempt(body)] for name, body in ATTACKS.items()}
    submissions["honest"] = [IMPORTS, RIGHT]
    folder = write(root / "submissions", {f"{name}@example.org.ipynb": notebook(*cells)
                                          for name, cells in submissions.items()})
    try:
        return grade(folder, pool, limits=Limits(cell_timeout=20.0, memory_mb=512))
    finally:
        listener.close()
        for leftover in (f"{TAG}.sock", f"{TAG}-classmate.ipynb"):
            (host_tmp / leftover).unlink(missing_ok=True)


def _score(report: BatchReport, name: str) -> float:
    return sum(row["score"] for row in rows_by_student(report)[f"{name}@example.org"])


def test_an_honest_notebook_keeps_its_marks(walls: BatchReport) -> None:
    assert _score(walls, "honest") == 2.0


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_wall_holds(walls: BatchReport, name: str) -> None:
    graded = by_student(walls)[f"{name}@example.org"]
    assert _score(walls, name) == 2.0, f"{name}: the attempt worked; log={graded.log[-800:]!r}"
    assert "held" in graded.log and "worked" not in graded.log.replace("held", "")


def test_no_scratch_file_outlives_its_submission(walls: BatchReport, pool: Any) -> None:
    """The scratch bomb's files are gone: the next submission starts with an empty scratch folder."""
    assert _score(walls, "honest") == 2.0
    assert not list(Path(tempfile.gettempdir()).glob("fill*"))


def test_grading_is_refused_without_the_wall_unless_the_teacher_says_so(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    import caire_exercises.grading.wall as wall
    from caire_exercises.model.errors import GradingError
    from caire_exercises.grading.batch import require_wall
    from grading_helpers import options

    monkeypatch.setattr(wall, "find_bwrap", lambda: None)
    with pytest.raises(GradingError, match="apt-get install bubblewrap.*--unsafe-no-wall"):
        require_wall(options())
    require_wall(options(allow_no_wall=True))
    monkeypatch.setattr("sys.platform", "darwin")
    with pytest.raises(GradingError, match="Linux container.*WSL"):
        require_wall(options())
