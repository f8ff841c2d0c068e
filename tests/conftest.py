"""Shared fixtures: every test keeps its progress store and language to itself."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_session(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress goes to a temporary folder; language and student start from a clean slate."""
    import caire_exercises.model.i18n as i18n
    import caire_exercises.session.learner as learner
    import caire_exercises.session.student as student

    monkeypatch.setenv("CAIRE_DATA_DIR", str(tmp_path_factory.mktemp("caire-data")))
    for variable in ("CAIRE_LANG", "CAIRE_STUDENT", "CAIRE_SOLUTIONS", "CAIRE_COURSE_SECRET"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(i18n, "_chosen_language", None)
    monkeypatch.setattr(learner, "_student", None)
    monkeypatch.setattr(student, "_hints_read", {})
