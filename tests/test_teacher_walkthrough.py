"""The teacher's start page, followed as written: from nothing to a Moodle file.

The test reads the page itself, writes its TOML block to the file the page
names, and runs its shell commands in order, in a fresh folder. Between
"make the notebooks" and "grade", it plays the students: one hands in the
teacher's notebook (every answer right), one hands in the notebook untouched.
The install line is skipped: the package under test is already installed.
"""

from __future__ import annotations

import csv
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "caire", command
    result = subprocess.run([sys.executable, "-m", "caire_exercises", *words[1:]], cwd=cwd,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "CAIRE_COURSE_SECRET": "wK3p_Zr8TqV2mX9bLc7NdY4sHf6Ga1Ej"})
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.mark.slow
@pytest.mark.parametrize("page, submissions", [("teacher.md", "submissions"), ("fr/enseignant.md", "copies")])
def test_teacher_page_commands_work_as_written(tmp_path: Path, page: str, submissions: str):
    if not DOCS.is_dir():
        pytest.skip("not in a source tree")
    path = DOCS / page
    (toml,) = blocks(path, "toml")
    assignment_name = re.search(r"`(\w+\.toml)`", path.read_text(encoding="utf-8")).group(1)
    (tmp_path / assignment_name).write_text(toml, encoding="utf-8")
    commands = [line.strip() for block in blocks(path, "bash") for line in block.splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert any(c.startswith("caire grade") for c in commands)
    assert any(c.startswith("caire export") for c in commands)
    for command in commands:
        if "pip install" in command:
            continue
        if command.startswith("caire grade"):
            hand_in(tmp_path, submissions)
        run(command, tmp_path)

    export = re.search(r"caire export .*--out (\S+)", "\n".join(commands)).group(1)
    rows = list(csv.DictReader((tmp_path / export).open(encoding="utf-8")))
    by_student = {row.get("email") or row.get("Email address") or next(iter(row.values())): row
                  for row in rows}
    assert set(by_student) == {"alice@example.org", "bob@example.org"}, rows
    alice, bob = (by_student["alice@example.org"], by_student["bob@example.org"])
    grade_column = next(key for key in alice if key not in ("email", "Email address") and
                        re.fullmatch(r"[\d.]+", alice[key] or ""))
    assert float(alice[grade_column]) == pytest.approx(4.0)
    assert float(bob[grade_column]) == pytest.approx(0.0)


def hand_in(folder: Path, submissions: str) -> None:
    """Two students hand in: Alice the teacher's notebook (all right), Bob the untouched one."""
    notebooks = sorted(p for p in folder.rglob("*.ipynb") if submissions not in p.parts)
    teacher = next(p for p in notebooks if "teacher" in p.parts)
    student = next(p for p in notebooks if "teacher" not in p.parts)
    target = folder / submissions
    target.mkdir(exist_ok=True)
    shutil.copy(teacher, target / "alice@example.org.ipynb")
    shutil.copy(student, target / "bob@example.org.ipynb")
