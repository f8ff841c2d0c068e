"""The `caire` command, run as a process the way a teacher runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def caire(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "caire_exercises", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_list_shows_the_catalogue_in_both_languages():
    english = caire("list", "--lang", "en")
    french = caire("list", "--lang", "fr")
    assert english.returncode == 0 and french.returncode == 0
    assert "numpy.zscore" in english.stdout and "Standardise the columns" in english.stdout
    assert "Centrer et réduire les colonnes" in french.stdout


def test_list_of_an_unknown_module_is_an_error():
    result = caire("list", "--module", "nope")
    assert result.returncode == 1 and "nope" in result.stderr


def test_show_gives_the_students_variant():
    alice = caire("show", "numpy.zscore", "--student", "alice@example.org", "--lang", "fr")
    bob = caire("show", "numpy.zscore", "--student", "bob@example.org", "--lang", "fr")
    assert alice.returncode == 0 and "Votre variante" in alice.stdout
    assert alice.stdout != bob.stdout


def test_show_an_unknown_id_suggests_and_exits_2():
    result = caire("show", "numpy.zscor")
    assert result.returncode == 2
    assert "numpy.zscore" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2():
    assert caire("show").returncode == 2
    assert caire().returncode == 2


def test_doctor_reports_packages_and_isolation():
    result = caire("doctor")
    assert result.returncode == 0, result.stderr
    assert "numpy" in result.stdout and "exercises loaded" in result.stdout


@pytest.mark.slow
def test_demo_walks_the_student_loop(tmp_path):
    result = caire("demo", "--lang", "en", "--out", str(tmp_path / "demo"), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "This looks like a known mistake" in out
    assert "Hint 1/3" in out
    assert "Correct: 5 of 5 cases passed." in out
