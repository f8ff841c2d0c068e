"""The wheel: built from the repository, installed in a fresh virtual environment, used offline.

The virtual environment sees the packages of the interpreter running the tests
(the outer virtual environment's, or the system's) for the dependencies, but
runs the library from the wheel, not from the editable source tree. Every command runs with proxies that lead nowhere and an
empty scikit-learn data folder, so anything that tried to download would fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from venv_helpers import nested_venv

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    completed = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                                "--outdir", str(out), str(REPO)], check=False,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    wheels = list(out.glob("caire_exercises-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _offline_env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CAIRE_", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    nowhere = "http://127.0.0.1:9"
    env.update(
        HTTP_PROXY=nowhere, HTTPS_PROXY=nowhere, http_proxy=nowhere, https_proxy=nowhere,
        ALL_PROXY=nowhere, NO_PROXY="", no_proxy="",
        HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", SCIKIT_LEARN_DATA=str(home / "sklearn-data"),
        CAIRE_DATA_DIR=str(home / "caire-data"), HOME=str(home), LANG="C.UTF-8",
        PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
    )
    return env


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the wheel installed, and the environment to run it in."""
    home = tmp_path_factory.mktemp("home")
    environment = home / "venv"
    python = nested_venv(environment)
    # --ignore-installed: where the project is already installed in the system's
    # site-packages (as CI does, following README), pip would otherwise call the
    # wheel "already satisfied" and install nothing into the new environment.
    env = _offline_env(home)
    _run([str(python), "-m", "pip", "install", "--quiet", "--no-deps",
          "--no-index", "--ignore-installed", str(wheel)], env, home)
    return environment, env


def _run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, check=False, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    assert completed.returncode == 0, (f"{' '.join(command)} failed ({completed.returncode}):\n"
                                       f"{completed.stdout}\n{completed.stderr}")
    return completed


def test_wheel_holds_data_notebooks_catalogue_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = "caire_exercises/"
    for required in ("__init__.py", "py.typed", "model/locale/fr.po", "teacher/notebooks.py",
                     "cli/main.py", "exercises/numpy/__init__.py", "exercises/numpy/zscore.py",
                     "_docs/mkdocs.yml", "_docs/docs/index.md"):
        assert package + required in names, required
    datasets = [path for path in (REPO / "datasets").rglob("*") if path.is_file()]
    notebooks = [path for path in (REPO / "notebooks").rglob("*") if path.is_file()]
    assert any(path.suffix == ".ipynb" for path in notebooks)
    for path in datasets:
        assert f"{package}data/_bundled/{path.relative_to(REPO / 'datasets').as_posix()}" in names, path
    for path in notebooks:
        assert f"{package}_notebooks/{path.relative_to(REPO / 'notebooks').as_posix()}" in names, path
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    declared = zipfile.ZipFile(wheel).read(entry_points).decode()
    # Built-in modules are found in the package itself; only the command is an entry point.
    assert "caire = caire_exercises.cli:main" in declared


def test_library_runs_from_the_wheel_not_the_source_tree(installed: tuple[Path, dict[str, str]]) -> None:
    environment, env = installed
    shown = _run([str(environment / "bin" / "python"), "-c",
                  "import caire_exercises; print(caire_exercises.__file__)"], env, environment.parent)
    location = Path(shown.stdout.strip()).resolve()
    assert location.is_relative_to(environment.resolve()), location
    assert not location.is_relative_to(REPO.resolve())


def test_command_line_from_the_wheel(installed: tuple[Path, dict[str, str]]) -> None:
    environment, env = installed
    caire = str(environment / "bin" / "caire")
    listed = _run([caire, "list"], env, environment.parent)
    assert "numpy.zscore" in listed.stdout
    shown = _run([caire, "show", "numpy.zscore", "--lang", "fr"], env, environment.parent)
    assert "Centrer et réduire les colonnes" in shown.stdout and "écart type" in shown.stdout
    out = environment.parent / "my-notebooks"
    _run([caire, "notebook", "--module", "numpy", "--lang", "fr", "-o", str(out)], env, environment.parent)
    # The notebook a student makes from the wheel is the one the repository ships.
    assert (out / "fr" / "numpy.ipynb").read_bytes() == (REPO / "notebooks" / "fr" / "numpy.ipynb").read_bytes()


STUDENT_LOOP = r'''
import json
from pathlib import Path

import numpy as np

import caire_exercises as cx
from caire_exercises import data

cx.set_language("fr")
cx.set_student("alice@example.org")
ex = cx.get("numpy.zscore")
report = {"statement": ex.statement_in("fr")}


def zscore(X):
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))


def zscore_rows(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


right = ex.check(zscore, quiet=True)
wrong = ex.check(zscore_rows, quiet=True)
report["right"] = [right.status, right.passed, right.score]
report["wrong"] = [wrong.status, wrong.passed, wrong.mistakes, wrong.text("fr")]
report["hint"] = str(ex.hint())
report["solution"] = ex.solution()
report["progress"] = cx.progress().text("fr")
report["progress_rows"] = len(cx.progress().rows)

wine = data.load("wine")
report["wine"] = list(wine.shape)
root = data.bundled_root()
report["bundled_root"] = str(root)
report["bundled"] = {}
for meta in sorted(root.glob("*/meta.json")):
    frame = data.load(meta.parent.name)
    report["bundled"][meta.parent.name] = len(frame)
print(json.dumps(report))
'''


def test_student_loop_from_the_wheel_offline(installed: tuple[Path, dict[str, str]]) -> None:
    environment, env = installed
    script = environment.parent / "loop.py"
    script.write_text(STUDENT_LOOP, encoding="utf-8")
    completed = _run([str(environment / "bin" / "python"), str(script)], env, environment.parent)
    report = json.loads(completed.stdout.strip().splitlines()[-1])

    assert "Votre variante" in report["statement"]
    assert report["right"] == ["passed", True, 1.0]
    status, passed, mistakes, text = report["wrong"]
    assert status == "failed" and not passed and mistakes == ["rows"]
    assert "axis=0" in text and "Vous avez standardisé chaque ligne" in text
    assert "1/3" in report["hint"] and "une moyenne par colonne" in report["hint"]
    assert "def zscore" in report["solution"]
    assert report["progress_rows"] >= 1 and "M1 — Les bases de NumPy" in report["progress"]
    assert report["wine"] == [178, 14]
    assert Path(report["bundled_root"]).resolve().is_relative_to(environment.resolve())
    expected = sorted(path.parent.name for path in (REPO / "datasets").glob("*/meta.json"))
    assert sorted(report["bundled"]) == expected
    assert all(rows > 0 for rows in report["bundled"].values())
    assert (Path(env["CAIRE_DATA_DIR"]) / "progress.sqlite").exists()


def test_demo_from_the_wheel(installed: tuple[Path, dict[str, str]]) -> None:
    environment, env = installed
    completed = _run([str(environment / "bin" / "caire"), "demo", "--lang", "en",
                      "--out", str(environment.parent / "demo")], env, environment.parent)
    assert "numpy.zscore" in completed.stdout


def test_docs_from_the_wheel(installed: tuple[Path, dict[str, str]]) -> None:
    """``caire docs`` builds the site from the sources the wheel ships, away from any checkout."""
    pytest.importorskip("mkdocs", reason="the docs extra is not installed")
    environment, env = installed
    completed = _run([str(environment / "bin" / "caire"), "docs", "--build", "--no-serve"], env, environment.parent)
    index = Path(completed.stdout.strip().splitlines()[-1])
    assert index.name == "index.html" and index.is_file()
    assert not index.resolve().is_relative_to(REPO.resolve())
    assert (index.parent / "teacher" / "index.html").is_file()
    assert (index.parent / "catalogue" / "numpy" / "index.html").is_file()
