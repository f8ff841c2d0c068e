"""The commands of the teacher's Moodle page, in both languages, run as written (in a scratch folder
holding the page's own example bank)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from caire_exercises.cli.main import main
from caire_exercises.engine.registry import registry

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = [DOCS / "teacher-questions.md", DOCS / "fr" / "enseignant-questions.md"]


def _blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_page_s_commands_run(page, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    bank_name = "mon_quiz.yaml" if "/fr/" in str(page) else "my_quiz.yaml"
    (tmp_path / bank_name).write_text(_blocks(page, "yaml")[0], encoding="utf-8")
    m0_has_questions = any(e.questions is not None for e in registry().exercises() if e.module == "literacy")
    commands = [line.split("#")[0].strip() for block in _blocks(page, "sh") for line in block.splitlines()
                if line.startswith("caire ")]
    assert len(commands) == 4
    for command in commands:
        if "--module M0" in command and not m0_has_questions:
            continue  # M0's quizzes give questions once they are written on the quiz toolkit
        assert main(shlex.split(command)[1:]) == 0, (command, capsys.readouterr().err)
    assert (tmp_path / "numpy-coderunner.xml").exists()
    assert list(tmp_path.glob("*quiz.xml"))


def test_the_page_s_pictures_exist():
    for page in PAGES:
        for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / picture).is_file(), picture
