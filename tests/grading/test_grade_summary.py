"""What ``caire grade`` says after the table: copies it cannot name, and students who sent several."""

from __future__ import annotations

from pathlib import Path

import pytest

from caire_exercises.cli.grading import print_summary
from caire_exercises.grading.batch import BatchReport, GradeOptions, Graded, write_rows
from caire_exercises.teacher.assignment import Assignment
from caire_exercises.grading.submissions import Submission


def _graded(name: str, student: str, modified: float = 0.0, status: str = "graded") -> Graded:
    return Graded(Submission(Path(name), name, "hash", modified, student), status=status)


def _report(language: str, *graded: Graded) -> BatchReport:
    options = GradeOptions(assignment=Assignment.from_ids(["numpy.zscore"], title="TP1", language=language),
                           language=language)
    return BatchReport(options, list(graded))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_summary_names_unidentified_and_duplicate_copies(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(language,
                     _graded("Untitled.ipynb", "Untitled"),
                     _graded("alice@example.org.ipynb", "alice@example.org", modified=1.0),
                     _graded("alice@example.org/tp1.ipynb", "alice@example.org", modified=2.0),
                     _graded("Bob Martin_123_assignsubmission_file_/tp1.ipynb", "Bob Martin_123_assignsubmission_file_"),
                     _graded("carol@example.org.ipynb", "carol@example.org"))
    print_summary(report)
    err = capsys.readouterr().err
    lines = err.splitlines()
    unnamed = next(line for line in lines if "Untitled.ipynb" in line)
    assert unnamed.startswith("1 ")
    assert ("without an identifiable student" if language == "en" else "sans étudiant identifiable") in unnamed
    assert "Bob Martin" not in unnamed  # a folder per student names its student
    twice = next(line for line in lines if line.startswith("alice@example.org"))
    assert "alice@example.org.ipynb, alice@example.org/tp1.ipynb" in twice
    assert twice.rstrip(".").endswith(("exports use", "reprennent les exports"))
    assert ("the most recent, alice@example.org/tp1.ipynb" if language == "en"
            else "le plus récent, alice@example.org/tp1.ipynb") in twice
    assert "carol" not in err


def test_a_clean_batch_says_only_its_counts(capsys: pytest.CaptureFixture[str]) -> None:
    print_summary(_report("en", _graded("alice@example.org.ipynb", "alice@example.org")))
    assert capsys.readouterr().err.splitlines()[0] == "1 submissions, 0 ungradable"


def test_results_files_have_two_decimals(tmp_path: Path) -> None:
    row = {"submission": "a.ipynb", "student": "a@example.org", "exercise": "numpy.zscore",
           "score": 5 / 3, "max_score": 2.0, "status": "failed", "message": ""}
    write_rows([row], tmp_path / "out.csv")
    assert "1.67,2.0" in (tmp_path / "out.csv").read_text(encoding="utf-8")
    write_rows([row], tmp_path / "out.json")
    assert '"score": 1.67' in (tmp_path / "out.json").read_text(encoding="utf-8")
