"""Every module's notebook opens with a "try it" cell that runs, in both languages, before the
first exercise, and checks nothing."""

from __future__ import annotations

import contextlib
import io

import pytest

import caire_exercises as cx
from caire_exercises.teacher.notebooks import module_notebook

MODULES = [module.id for module in cx.modules()]


@pytest.mark.parametrize("module", MODULES)
def test_every_module_declares_a_try_it_cell_in_both_languages(module: str) -> None:
    declared = next(m for m in cx.modules() if m.id == module)
    assert declared.try_it is not None, f"{module} has no try-it cell"
    assert declared.try_it.en.strip() and declared.try_it.fr.strip()
    assert ".check(" not in declared.try_it.en + declared.try_it.fr


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("module", MODULES)
def test_the_try_it_cell_opens_the_notebook_and_runs(module: str, language: str) -> None:
    notebook = module_notebook(module, language=language)
    ids = [cell["id"] for cell in notebook["cells"]]
    first_exercise = next(i for i, cell in enumerate(notebook["cells"])
                          if cell["cell_type"] == "code" and "cx.get(" in "".join(cell["source"])
                          and "try_it" not in cell["id"])
    position = ids.index("try_it")
    assert position < first_exercise
    source = "".join(notebook["cells"][position]["source"])
    namespace: dict = {}
    exec("import numpy as np\nimport caire_exercises as cx", namespace)  # noqa: S102 - our own cell
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exec(compile(source, f"<try it {module}>", "exec"), namespace)  # noqa: S102
    assert printed.getvalue().strip() or "\n" in source
