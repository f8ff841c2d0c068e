"""The exported questions rendered in headless Chromium (Moodle-like preview): PNGs for the teacher's page.

The pictures go to ``artifacts/``; with ``CAIRE_DOCS_SCREENSHOTS=1`` they are written under
``docs/img/`` as well (how the docs' pictures are made).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from caire_exercises.questions import export
from moodle_preview import preview

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _shoot(page: str, path: Path, height: int) -> None:
    browser = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                    if (found := shutil.which(name))), None)
    if browser is None:
        pytest.skip("Chromium is not installed")
    source = path.with_suffix(".html")
    source.write_text(page, encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=3000",
                    f"--user-data-dir={path.parent / 'chromium-profile'}",
                    f"--window-size=900,{height}", f"--screenshot={path}", source.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_exported_questions_render(value_exercise, tmp_path, language):
    from caire_exercises.authoring.quiz import bank_quiz

    example = bank_quiz(Path(__file__).parent / "example_bank.yaml")
    text, _ = export([example, value_exercise], "moodle-xml", language=language)
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)
    shots = {f"questions-multichoice-{language}.png": (preview(text, keys=["cv_screening", "emotion_at_work"]), 900),
             f"questions-numerical-{language}.png": (preview(text, keys=["sensitivity"]), 330)}
    for name, (page, height) in shots.items():
        _shoot(page, out / name, height)
        if os.environ.get("CAIRE_DOCS_SCREENSHOTS") == "1":
            shutil.copyfile(out / name, ROOT / "docs" / "img" / name)
