"""``import caire_exercises`` stays light: heavy libraries wait until something needs them.

Each test runs a fresh interpreter, since this process has long imported
everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("torch", "datasets", "sklearn", "pandas", "pyarrow")


def _imported_after(code: str) -> list[str]:
    script = (f"import json, sys\n{code}\n"
              f"print(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAIRE_")}
    completed = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True,
                               env=env, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_checker_is_honest() -> None:
    # The probe must see an import when there is one, or the tests below prove nothing.
    assert "pandas" in _imported_after("import pandas")


def test_import_loads_no_heavy_library() -> None:
    assert _imported_after("import caire_exercises") == []


def test_public_names_load_no_heavy_library() -> None:
    assert _imported_after("import caire_exercises as cx\n"
                           "cx.Text, cx.Exercise, cx.set_language, cx.set_student, cx.Result") == []


@pytest.mark.parametrize("code", [
    'import caire_exercises as cx\nex = cx.get("numpy.zscore")\nex.statement_in("fr")',
    'import caire_exercises as cx\ncx.catalog()',
])
def test_getting_an_exercise_loads_neither_torch_nor_datasets(code: str) -> None:
    imported = _imported_after(code)
    assert "torch" not in imported and "datasets" not in imported
