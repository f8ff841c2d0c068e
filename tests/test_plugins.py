"""Plug-ins: exercises that other packages bring through the entry-point group.

In process, the registry is fed hand-made entry points: a broken plug-in or a
clashing id gives a warning and everything else still loads. As a process, the
example plug-in of ``examples/`` is installed into a fresh virtual environment,
where ``caire list`` finds its exercise and ``verify_exercise`` proves it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from venv_helpers import nested_venv

from caire_exercises.engine import registry as _registry
from caire_exercises.engine.registry import GROUP, Registry, registry

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "caire-plugin-example"


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path holding small plug-in modules, good and bad."""
    files = {
        "broken_plugin.py": "raise RuntimeError('the plug-in is broken')\n",
        "empty_plugin.py": "VERSION = 1  # no EXERCISES\n",
        "wrong_type_plugin.py": "EXERCISES = ('not an exercise',)\n",
        "clash_plugin.py": """
            from dataclasses import replace

            from caire_exercises.authoring import Text
            from caire_exercises.exercises.numpy import ZSCORE

            EXERCISES = (replace(ZSCORE, title=Text(en="Impostor", fr="Imposteur")),)
        """,
        "factory_plugin.py": """
            def exercises():
                from caire_plugin_example.exercises import BMI

                return [BMI]
        """,
    }
    for name, source in files.items():
        (tmp_path / name).write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    for module in [*(name[:-3] for name in files), "caire_plugin_example",
                   "caire_plugin_example.exercises"]:
        monkeypatch.delitem(sys.modules, module, raising=False)
    # The registry is cached: give these tests their own and put the real one back after.
    monkeypatch.setattr(_registry, "_registry", None)
    return tmp_path


def _entry_point(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_broken_plugin_warns_and_the_others_load(plugins: Path) -> None:
    found = Registry()
    with pytest.warns(RuntimeWarning, match=r"could not load plug-in 'broken'.*RuntimeError: the plug-in "
                                            r"is broken"):
        found.load(_entry_point("broken", "broken_plugin"))
    found.load(_entry_point("clinic", "caire_plugin_example.exercises"))
    assert [exercise.id for exercise in found.exercises()] == ["clinic.bmi"]


@pytest.mark.parametrize(("value", "words"), [
    ("empty_plugin", "AttributeError"),
    ("no_such_module_anywhere", "ModuleNotFoundError"),
    ("wrong_type_plugin", "gave str, not an Exercise"),
])
def test_plugin_that_gives_no_exercises_warns(plugins: Path, value: str, words: str) -> None:
    found = Registry()
    with pytest.warns(RuntimeWarning, match=words):
        found.load(_entry_point("odd", value))
    assert len(found) == 0


def test_clashing_id_warns_and_keeps_the_first(plugins: Path) -> None:
    found = Registry()
    for entry_point in _registry.builtin_entry_points():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a built-in still being written must not matter here
            found.load(entry_point)
    original = found.get("numpy.zscore")
    with pytest.warns(RuntimeWarning, match=r"declares 'numpy.zscore', already declared by plug-in "
                                            r"'numpy'.*the first one is kept"):
        found.load(_entry_point("impostor", "clash_plugin"))
    assert found.get("numpy.zscore") is original
    assert found.get("numpy.zscore").title.en != "Impostor"
    assert "numpy" in found.origin("numpy.zscore")


def test_two_plugins_with_one_id_keep_the_first(plugins: Path) -> None:
    found = Registry()
    found.load(_entry_point("clinic", "caire_plugin_example.exercises"))
    with pytest.warns(RuntimeWarning, match="already declared by plug-in 'clinic'"):
        found.load(_entry_point("copy", "factory_plugin:exercises"))
    assert len(found) == 1 and "clinic" in found.origin("clinic.bmi")


def test_registry_survives_bad_plugins_among_installed_ones(plugins: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [_entry_point("broken", "broken_plugin"), _entry_point("impostor", "clash_plugin"),
                 _entry_point("clinic", "factory_plugin:exercises")]
    monkeypatch.setattr(_registry, "entry_points", lambda group: installed if group == GROUP else [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = registry(reload=True)
    messages = [str(warning.message) for warning in caught]
    assert any("could not load plug-in 'broken'" in text for text in messages)
    assert any("declares 'numpy.zscore'" in text for text in messages)
    assert "clinic.bmi" in found and "numpy.zscore" in found
    assert found.get("numpy.zscore").title.en != "Impostor"
    # The built-ins come first, in catalogue order, then the plug-ins.
    assert [exercise.id for exercise in found.exercises()][-1] == "clinic.bmi"


# ---------------------------------------------------------- installed for real


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("CAIRE_", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    env.update(CAIRE_DATA_DIR=str(tmp_path / "caire-data"), PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_NO_INPUT="1", LANG="C.UTF-8")
    return env


def _run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, check=False, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    assert completed.returncode == 0, (f"{' '.join(command)} failed ({completed.returncode}):\n"
                                       f"{completed.stdout}\n{completed.stderr}")
    return completed


@pytest.mark.slow
def test_example_plugin_installs_and_is_found(tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    python = str(nested_venv(environment))
    env = _clean_env(tmp_path)
    # --no-index: nothing is downloaded; the build backend and caire-exercises come from this machine.
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
          str(EXAMPLE)], env, tmp_path)

    listed = _run([python, "-m", "caire_exercises", "list", "--module", "clinic", "--lang", "fr"],
                  env, tmp_path)
    assert "clinic.bmi" in listed.stdout and "Indice de masse corporelle" in listed.stdout
    assert "caire_plugin_example" not in listed.stderr  # it loaded without a warning

    proof = _run([python, "-c", textwrap.dedent("""
        import caire_plugin_example
        from caire_exercises.engine.registry import registry
        from caire_exercises.testing import verify_exercise

        print(caire_plugin_example.__file__)
        print(registry().origin("clinic.bmi"))
        print(verify_exercise("clinic.bmi").checks)
    """)], env, tmp_path)
    where, origin, checks = proof.stdout.split("\n")[:3]
    assert Path(where).resolve().is_relative_to(environment.resolve())
    assert "caire_plugin_example.exercises" in origin
    assert int(checks) >= 5 * 4  # five variants, each: the reference and three mistakes

    _run([python, "-m", "caire_exercises", "notebook", "--module", "clinic", "--lang", "fr",
          "-o", str(tmp_path / "notebooks")], env, tmp_path)
    assert "clinic.bmi" in (tmp_path / "notebooks" / "fr" / "clinic.ipynb").read_text(encoding="utf-8")

    # The plug-in lives in the virtual environment only.
    assert "clinic.bmi" not in registry()
