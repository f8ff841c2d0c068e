"""``caire data list`` and ``caire data show`` as a user runs them, and the data inside a built wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from caire_exercises.data import list_datasets

ROOT = Path(__file__).resolve().parents[2]


def caire(*arguments: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CAIRE_LANG"}
    env["LANG"] = "C.UTF-8"
    if lang:
        env["CAIRE_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "caire_exercises", "data", *arguments], check=False, capture_output=True,
                          text=True, env=env, timeout=120)


def test_data_list_names_every_set_with_its_kind_and_licence() -> None:
    completed = caire("list")
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0].split()[0] == "NAME"  # a header row, then one data set a line, then what FORMS means
    assert [line.split()[0] for line in lines[1:lines.index("")]] == list_datasets()
    penguins = next(line for line in lines if line.startswith("penguins "))
    assert "real" in penguins and "CC0-1.0" in penguins and "pandas,hf,numpy,torch" in penguins
    kidney = next(line for line in lines if line.startswith("kidney "))
    assert "synthetic" in kidney and "numpy" not in kidney


def test_data_list_follows_the_language() -> None:
    completed = caire("list", lang="fr")
    assert completed.returncode == 0
    assert "Manchots de l'archipel Palmer" in completed.stdout and "synthétique" in completed.stdout


def test_data_show_prints_the_datasheet_in_the_chosen_language() -> None:
    english = caire("show", "penguins", "--lang", "en")
    french = caire("show", "penguins", "--lang", "fr")
    assert english.returncode == 0 and french.returncode == 0
    assert english.stdout.startswith("# Palmer Archipelago penguins")
    assert french.stdout.startswith("# Manchots de l'archipel Palmer")
    assert "doi:10.5281/zenodo.3960218" in english.stdout
    assert "load('penguins', as_=...)  ->  pandas, hf, numpy, torch" in english.stdout


def test_data_show_of_an_unknown_name_is_a_usage_error_with_suggestions() -> None:
    completed = caire("show", "pengiuns")
    assert completed.returncode == 2
    assert "Did you mean 'penguins'" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.slow
def test_sets_load_from_an_installed_wheel(tmp_path: Path) -> None:
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                            str(tmp_path / "dist"), str(ROOT)], check=False, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("caire_exercises-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
        bundled = [name for name in archive.namelist() if "/data/_bundled/" in name]
    assert any(name.endswith("chatbot_outputs/data.csv") for name in bundled)
    # the diabetes table has no licence of its own: the wheel must never carry a copy
    assert not any("/_bundled/diabetes/" in name and name.endswith((".csv", ".jsonl")) for name in bundled)
    code = textwrap.dedent("""
        import json
        import caire_exercises
        from caire_exercises.data import bundled_root, datasheet, info, list_datasets, load
        sizes = {}
        for name in list_datasets():
            datasheet(name, "en"); datasheet(name, "fr")
            sizes[name] = len(load(name))
        print(json.dumps({"package": caire_exercises.__file__, "root": str(bundled_root()), "sizes": sizes}))
    """)
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1")
    completed = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env,
                               cwd=tmp_path, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["package"].startswith(str(site))
    assert report["root"] == str(site / "caire_exercises" / "data" / "_bundled")
    assert set(report["sizes"]) == set(list_datasets())
    assert all(size > 0 for size in report["sizes"].values())
