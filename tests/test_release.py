"""A release is one command: ``python3 tools/release.py`` builds the sdist and the wheel and checks them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_install_pages_name_the_wheel_of_this_version() -> None:
    """README and the start pages name the wheel a teacher builds: the current version's."""
    import re

    from caire_exercises import __version__

    pages = [REPO / "README.md", *(REPO / "docs").glob("*.md"), *(REPO / "docs" / "fr").glob("*.md")]
    named = {page.relative_to(REPO).as_posix(): set(re.findall(r"caire_exercises-([\w.]+)-py3-none-any\.whl", page.read_text("utf-8")))
             for page in pages}
    for page in ("README.md", "docs/student.md", "docs/teacher.md", "docs/fr/etudiant.md", "docs/fr/enseignant.md"):
        assert named[page] == {__version__}, (page, named[page])
    assert all(versions <= {__version__} for versions in named.values()), named
    for page in ("docs/student.md", "docs/fr/etudiant.md"):
        # The index line stays, for after a release.
        assert "python3 -m pip install caire-exercises`" in (REPO / page).read_text("utf-8")


@pytest.mark.slow
def test_release_builds_and_checks_the_sdist_and_the_wheel(tmp_path: Path) -> None:
    for name in ("build", "hatchling", "twine"):
        if importlib.util.find_spec(name) is None:
            pytest.fail(f"{name} is missing: the dev extra (README's test command installs it) is not installed")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "caire_exercises-0.0.1-py3-none-any.whl").write_text("an old build", encoding="utf-8")
    completed = subprocess.run([sys.executable, str(REPO / "tools" / "release.py"), "--outdir", str(out)],
                               capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert completed.stdout.count("PASSED") == 2, completed.stdout[-2000:]
    wheels, sdists = list(out.glob("*.whl")), list(out.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1  # the old build was cleared away
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    # What `caire docs` needs from an installed package.
    for required in ("mkdocs.yml", "docs/teacher.md", "docs/fr/enseignant.md", "docs/gen_pages.py"):
        assert f"caire_exercises/_docs/{required}" in names, required
    with tarfile.open(sdists[0]) as archive:
        members = {member.split("/", 1)[1] for member in archive.getnames() if "/" in member}
    assert {"README.md", "mkdocs.yml", "pyproject.toml", "tools/release.py", "docs/teacher.md"} <= members
    assert f"pip install {wheels[0].name}" in completed.stdout


@pytest.mark.slow
def test_release_without_its_tools_says_what_to_install(tmp_path: Path) -> None:
    # An interpreter that cannot import build, hatchling or twine: -I leaves site-packages out of the path.
    completed = subprocess.run([sys.executable, "-I", "-S", str(REPO / "tools" / "release.py"), "--outdir",
                                str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 2
    assert 'python3 -m pip install ".[dev]"' in completed.stderr and "Traceback" not in completed.stderr
