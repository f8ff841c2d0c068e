"""What a student reads in a generic notebook: the Markdown statement and ``ex`` never disagree unannounced.

A module notebook is the same file for every student, so its Markdown shows the
shared variant (no identifier). For an exercise with per-student variants, the
cell says so before any number; ``ex`` in the next cell shows the same
statement for a student without an identifier, and that student's own
statement, marked as theirs, once ``cx.set_student`` has run. The first code
cell tells how to install the library from what a school has.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import caire_exercises as cx
from caire_exercises.engine.registry import registry
from caire_exercises.engine.report import exercise_markdown
from caire_exercises.teacher import notebooks

REPO = Path(__file__).resolve().parents[1]
NOTE = {"en": "*Shared variant: the numbers below are those of a student without an identifier.",
        "fr": "*Variante commune\u202f: les valeurs ci-dessous sont celles d'un étudiant sans identifiant."}


def _cells(module: str, language: str) -> dict[str, str]:
    node = notebooks.module_notebook(module, language=language)
    return {cell["id"]: "".join(cell["source"]) for cell in node["cells"]}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("module", notebooks.registered_modules())
def test_statement_cells_announce_the_shared_variant_and_match_ex(module: str, language: str) -> None:
    cx.set_language(language)
    cells = _cells(module, language)
    for exercise in (e for e in registry().exercises() if e.module == module):
        statement = next(text for key, text in cells.items()
                         if key.endswith(f"-{exercise.id.replace('.', '-')}-statement"))
        shared = cx.get(exercise.id)  # what `ex` shows before cx.set_student
        body = exercise_markdown(shared, language).split("\n", 1)[1].strip()
        assert body in statement, exercise.id
        if exercise.has_variants:
            assert statement.index(NOTE[language]) < statement.index(body), exercise.id
        else:
            assert NOTE[language] not in statement, exercise.id


def test_ex_shows_the_students_own_numbers_marked_as_theirs() -> None:
    cx.set_language("en")
    shared = cx.get("numpy.zscore")._repr_markdown_()
    cx.set_student("alice@example.org")
    own = cx.get("numpy.zscore")._repr_markdown_()
    assert own != shared and "variant of alice@example.org" in own
    assert "variant of" not in shared


def test_the_first_cell_installs_from_the_teachers_wheel_or_the_repository() -> None:
    from caire_exercises import __version__

    for language in ("en", "fr"):
        setup = _cells("numpy", language)["setup"]
        assert f"%pip install caire_exercises-{__version__}-py3-none-any.whl" in setup
        assert "caire-exercises" in setup and "PyPI" in setup


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").rglob("*.ipynb")), ids=lambda p: p.name)
def test_shipped_notebooks_carry_the_install_lines(path: Path) -> None:
    from caire_exercises import __version__

    first_code = next(cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
                      if cell["cell_type"] == "code")
    assert f"caire_exercises-{__version__}-py3-none-any.whl" in "".join(first_code["source"])
