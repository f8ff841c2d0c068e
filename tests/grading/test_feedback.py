"""Feedback pages and the class report, in the assignment's language, hidden cases kept hidden."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, SECRET, ZSCORE, grade, notebook, write

from caire_exercises.engine.registry import registry
from caire_exercises.grading.feedback import CLASS_REPORT, write_feedback


@pytest.fixture(scope="module")
def feedback(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("feedback")
    folder = write(root / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
                                   "bob@example.org.ipynb": notebook(IMPORTS, DDOF1, "while True:\n    pass"),
                                   "carol@example.org.ipynb": "not json",
                                   "dan smith.ipynb": "not json", "dan_smith.ipynb": "not json"})
    report = grade(folder, pool, language="fr")
    write_feedback(report, root / "out")
    return root / "out"


def test_one_page_per_student_and_a_class_report(feedback: Path) -> None:
    names = sorted(path.name for path in feedback.iterdir())
    assert names[:3] == ["alice@example.org.html", "bob@example.org.html", "carol@example.org.html"]
    assert CLASS_REPORT in names and len(names) == 6


def test_students_whose_ids_clean_up_alike_get_a_page_each(feedback: Path) -> None:
    pages = [path for path in feedback.iterdir() if path.name.startswith("dan_smith")]
    assert len(pages) == 2
    owners = {page.name: page.read_text(encoding="utf-8") for page in pages}
    assert "dan smith" in owners["dan_smith.html"]
    assert any("dan_smith" in text for name, text in owners.items() if name != "dan_smith.html")


def test_a_student_page_is_in_the_assignment_language(feedback: Path) -> None:
    page = (feedback / "bob@example.org.html").read_text(encoding="utf-8")
    assert "<html lang='fr'>" in page
    assert "Retour" in page and "écart type corrigé" in page  # the ddof1 mistake's French feedback
    assert "Cellule 3" in page and "temps" in page  # the loop, stopped


def test_hidden_cases_show_neither_inputs_nor_values(feedback: Path) -> None:
    page = (feedback / "bob@example.org.html").read_text(encoding="utf-8")
    exercise = registry().get("numpy.zscore").for_student("bob@example.org")
    hidden = [case for case in exercise.make_cases(SECRET, assignment=ZSCORE.title) if case.hidden]
    assert hidden and "cas caché" in page
    for case in hidden:
        values = np.asarray(case.args[0]).ravel()[:5]
        expected = exercise.reference(case.args[0]).ravel()[:5]
        for value in [*values, *expected]:
            assert f"{value:.6f}"[:-1] not in page


def test_an_ungradable_file_says_why(feedback: Path) -> None:
    page = html.unescape((feedback / "carol@example.org.html").read_text(encoding="utf-8"))
    assert "Ce fichier n'a pas pu être noté\u202f: JSON invalide" in page


def test_the_class_report_has_its_plots_and_lists_the_ungradable(feedback: Path) -> None:
    page = (feedback / CLASS_REPORT).read_text(encoding="utf-8")
    assert page.count("<svg") == 2
    assert "Distribution des scores" in page and "Taux de réussite" in page
    # A recognised mistake as its feedback says it, under the exercise's title, not as internal ids.
    text = html.unescape(page)
    assert "Vous avez divisé par l'écart type corrigé (ddof=1)" in text
    assert "Centrer et réduire les colonnes" in text
    assert "numpy.zscore · ddof1" not in text and "ddof1<" not in text
    assert "carol@example.org.ipynb" in page and "JSON invalide" in page
    assert "href='alice@example.org.html'" in page


def test_points_have_at_most_two_decimals() -> None:
    from caire_exercises.grading.feedback import format_points

    assert [format_points(value, "en") for value in (5 / 3, 2.0, 0.1 + 0.2, 0.004)] == ["1.67", "2", "0.3", "0"]
    assert format_points(5 / 3, "fr") == "1,67"


def test_no_score_in_the_pages_has_more_than_two_decimals(feedback: Path) -> None:
    import re

    for page in feedback.glob("*.html"):
        text = re.sub(r"<(style|svg)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"\b\d+[.,]\d{3,}\s*/", text), page.name
