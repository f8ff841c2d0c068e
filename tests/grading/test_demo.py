"""The batch-grading part of ``caire demo``: offline, quick, and the tampering sample gets nothing."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from caire_exercises.grading import demo


@pytest.mark.slow
def test_the_demo_grades_its_samples_and_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.run(argparse.Namespace(out=str(tmp_path), lang="fr")) == 0
    rows = {row["student"]: row for row in json.loads((tmp_path / "results.json").read_text())}
    assert {student: (row["status"], row["score"]) for student, row in rows.items()} == {
        "right@example.org": ("passed", 2.0), "mistaken@example.org": ("failed", 0.0),
        "tampering@example.org": ("failed", 0.0), "looping@example.org": ("passed", 2.0)}
    report = tmp_path / "feedback" / "class-report.html"
    assert report.exists()
    printed = capsys.readouterr().out
    assert str(report) in printed and "Rapport de la classe" in printed
    # Why each sample got its points, from what the grader saw, and what to do next.
    assert "looping@example.org obtient ses points\u202f: sa cellule 2 boucle sans fin" in printed
    assert "la réponse écrite dans les cellules suivantes a été notée" in printed
    assert "tampering@example.org a été pris" in printed and "0 cas sur 5 réussis" in printed
    assert "Vous avez divisé par l'écart type corrigé (ddof=1)" in printed and "ddof1" not in printed
    assert "Ensuite\u202f: ouvrez le rapport" in printed and "caire export --db tp1.sqlite" in printed
    assert "La démonstration ne s'est pas déroulée comme prévu" not in printed
