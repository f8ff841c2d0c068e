"""``cx.progress()`` as a learner reads it: what was really tried, modules in the catalogue's order."""

from __future__ import annotations

import numpy as np
import pytest

import caire_exercises as cx
from caire_exercises.session import student as _student
from caire_exercises.engine.module_titles import module_heading, module_order


def _zscore(X):
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std))


def _zscore_rows(X):
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)


def test_checks_with_no_answer_are_not_tries(monkeypatch: pytest.MonkeyPatch) -> None:
    # A notebook whose answer cells still hold nothing.
    monkeypatch.setattr(_student, "notebook_namespace", lambda: {})
    cx.set_student("alice@example.org")
    assert cx.get("numpy.zscore").check(_zscore, quiet=True).passed
    assert not cx.get("numpy.softmax").check(_zscore_rows, quiet=True).passed
    # Running every check cell of the notebook before writing the answers.
    for exercise_id in ("numpy.one_hot", "numpy.class_means", "numpy.least_squares", "prep.missing_report"):
        assert cx.get(exercise_id).check(quiet=True).status == "not_attempted"
    shown = cx.progress()
    assert sorted(row["exercise"] for row in shown.rows) == ["numpy.softmax", "numpy.zscore"]
    numpy = shown.by_module()["numpy"]
    assert numpy["passed"] == 1 and numpy["tried"] == 2 and numpy["total"] >= 7
    assert shown.by_module()["prep"]["tried"] == 0


def test_modules_in_catalogue_order_with_their_titles() -> None:
    cx.set_student("bob@example.org")
    cx.get("numpy.zscore").check(_zscore, quiet=True)
    shown = cx.progress()
    modules = list(shown.by_module())
    assert modules[:3] == ["literacy", "numpy", "prep"] and modules == module_order()
    lines = shown.text("en").splitlines()
    assert lines[1].startswith("M0 — AI literacy and framing")
    assert lines[2].startswith("M1 — NumPy foundations") and lines[2].split()[-3:] == ["1", "1", "7"]
    french = shown.text("fr")
    assert "M1 — Les bases de NumPy" in french and "\nnumpy " not in french
    cx.set_language("fr")
    assert "M3 — Apprentissage supervisé avec scikit-learn" in shown._repr_html_()


def test_a_module_without_a_declared_title_shows_its_id() -> None:
    assert module_heading("clinic", "en") == "clinic"
    assert module_heading("torch", "fr").startswith("M5 — ")
