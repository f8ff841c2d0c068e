"""The course secret: hidden cases keyed by it through HMAC, weak secrets refused, new ones printed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from caire_exercises.engine.registry import registry
from caire_exercises.grading.secret import WeakSecretError, check_secret, new_secret

STRONG = "pL9_Wq2Xz7Tk4Mb8Nc3Yd6Hf1Gs5Jr0V"


def _hidden(secret: str, *, assignment: str = "TP 1", student: str = "alice@example.org") -> list[str]:
    exercise = registry().get("numpy.zscore").for_student(student)
    return [case.fingerprint() for case in exercise.make_cases(secret, assignment=assignment) if case.hidden]


def test_hidden_cases_depend_on_secret_assignment_and_student() -> None:
    base = _hidden(STRONG)
    assert base and base == _hidden(STRONG)
    assert base != _hidden(STRONG + "x")
    assert base != _hidden(STRONG, assignment="TP 2")
    assert base != _hidden(STRONG, student="bob@example.org")
    assert base != _hidden("")  # a notebook, without the secret, draws other hidden cases


@pytest.mark.parametrize("weak", ["s", "test-course-secret-4242", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                  "walkthrough-secret", "cours2026cours2026cours2026"])
def test_a_guessable_secret_is_refused_with_how_to_make_one(weak: str) -> None:
    with pytest.raises(WeakSecretError, match="caire secret"):
        check_secret(weak)


def test_new_secrets_are_strong_and_different() -> None:
    made = {new_secret() for _ in range(20)}
    assert len(made) == 20
    for secret in made:
        assert check_secret(secret) == secret and len(secret) >= 43


def test_the_command_line_prints_a_secret_and_grade_refuses_a_weak_one(tmp_path) -> None:
    printed = subprocess.run([sys.executable, "-m", "caire_exercises", "secret"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert check_secret(printed) == printed
    notebook = tmp_path / "alice@example.org.ipynb"
    notebook.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    refused = subprocess.run([sys.executable, "-m", "caire_exercises", "grade", str(notebook),
                              "--exercises", "numpy.zscore", "--secret", "abc", "--no-progress"],
                             capture_output=True, text=True)
    assert refused.returncode == 2
    assert "too weak" in refused.stderr and "caire secret" in refused.stderr
