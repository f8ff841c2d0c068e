"""Loading works with the network refused and writes nothing: not to the home folder, not to the cwd.

Each test runs a fresh interpreter whose first act is to install an audit hook
(PEP 578) that refuses every network look-up and connection and every write
under the home folder, and records what it refused, so that a library that
swallows the error is caught as well. The home folder is a new, read-only
temporary folder and ``HF_HOME``/``XDG_CACHE_HOME`` are unset, so a cache
would have to go there. (Under root a read-only folder is still writable,
which is why the hook, and the final listing, are the real guards.)
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GUARD = textwrap.dedent("""
    import os, sys
    HOME = os.path.realpath(os.environ["HOME"])
    refused = []
    WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
               "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect"}
    FILE_CHANGES = {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.symlink", "os.link",
                    "os.truncate", "shutil.copyfile", "shutil.move"}

    def under_home(path):
        try:
            return os.path.realpath(os.fsdecode(path)).startswith(HOME)
        except (TypeError, ValueError):
            return False

    def guard(event, args):
        if event in NETWORK:
            refused.append(event)
            raise OSError(f"network refused by the test: {event}")
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) and under_home(args[0]):
            mode, flags = args[1], args[2]
            if (isinstance(flags, int) and flags & WRITES) or (isinstance(mode, str) and set(mode) & set("wax+")):
                refused.append(f"write {args[0]}")
                raise PermissionError(f"home is read-only in this test: {args[0]}")
        if event in FILE_CHANGES and any(under_home(a) for a in args if isinstance(a, (str, bytes, os.PathLike))):
            refused.append(f"{event} {args[0]}")
            raise PermissionError(f"home is read-only in this test: {args[0]}")

    sys.addaudithook(guard)
""")

LOAD_EVERYTHING = textwrap.dedent("""
    import importlib.util, json, os
    from caire_exercises.data import info, list_datasets, load
    forms = ["pandas", "numpy"]
    if importlib.util.find_spec("datasets"):
        forms.append("hf")
    if importlib.util.find_spec("torch"):
        forms.append("torch")
    loaded = []
    for name in list_datasets():
        for form in forms:
            if form in info(name).forms:
                load(name, as_=form)
                load(name, as_=form, student="someone@example.org")
                loaded.append(f"{name}:{form}")
    print(json.dumps({"loaded": loaded, "refused": refused,
                      "hf_env": {k: os.environ.get(k) for k in
                                 ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_UPDATE_DOWNLOAD_COUNTS")}}))
""")


def _run(code: str, tmp_path: Path, extra_env: dict[str, str] | None = None) -> tuple[dict, Path, Path]:
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in {"HF_HOME", "HF_DATASETS_CACHE", "XDG_CACHE_HOME", "TORCH_HOME", "HF_HUB_OFFLINE",
                          "HF_DATASETS_OFFLINE", "HF_UPDATE_DOWNLOAD_COUNTS"}}
    env.update({"HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}, **(extra_env or {}))
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        completed = subprocess.run([sys.executable, "-c", GUARD + code], cwd=work, env=env,
                                   check=False, capture_output=True, text=True, timeout=300)
    finally:
        home.chmod(stat.S_IRWXU)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1]), home, work


def test_every_set_loads_offline_and_writes_nothing(tmp_path: Path) -> None:
    report, home, work = _run(LOAD_EVERYTHING, tmp_path)
    assert report["refused"] == []
    assert list(home.rglob("*")) == [], "something was written in the home folder"
    assert list(work.rglob("*")) == [], "something was written in the working folder"
    assert any(entry.startswith("patients:") for entry in report["loaded"])
    assert "penguins:numpy" in report["loaded"]


def test_hf_variables_are_set_with_setdefault(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    code = textwrap.dedent("""
        import json, os
        from caire_exercises.data import load
        dataset = load("iris", as_="hf")
        print(json.dumps({"refused": refused, "cache_files": dataset.cache_files,
                          "env": {k: os.environ.get(k) for k in
                                  ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_UPDATE_DOWNLOAD_COUNTS")}}))
    """)
    report, home, _ = _run(code, tmp_path, {"HF_UPDATE_DOWNLOAD_COUNTS": "0", "HF_HUB_OFFLINE": "1"})
    assert report["env"] == {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_UPDATE_DOWNLOAD_COUNTS": "0"}
    assert report["cache_files"] == [] and report["refused"] == []
    assert list(home.rglob("*")) == []


def test_the_guard_itself_catches_writes_and_connections(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import json, os, socket
        for attempt in (lambda: open(os.path.join(HOME, "x.txt"), "w"),
                        lambda: os.makedirs(os.path.join(HOME, ".cache", "huggingface")),
                        lambda: socket.create_connection(("127.0.0.1", 9), timeout=1)):
            try:
                attempt()
            except OSError:
                pass
        print(json.dumps({"refused": refused}))
    """)
    report, home, _ = _run(code, tmp_path)
    assert len(report["refused"]) == 3, report
    assert list(home.rglob("*")) == []
