"""The documentation site: it builds strictly, and its pages render in a real headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _need(tool: str | None, what: str) -> str:
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing in CI: .ci/run must install it")
        pytest.skip(f"{what} is not installed")
    return tool


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    browser = _need(_chromium(), "Chromium")
    return subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "mkdocs.yml").is_file():
        pytest.skip("not in a source tree")
    _need(shutil.which("mkdocs"), "MkDocs")
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                           cwd=ROOT, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "CAIRE_PROGRESS": "off"})
    assert build.returncode == 0, build.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def server(site: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))

    class Quiet(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # the browser may drop connections
            pass

    with Quiet(("127.0.0.1", 0), handler) as httpd:
        handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()


def test_every_registered_exercise_has_a_generated_page(site: Path):
    from caire_exercises.engine.registry import registry

    for exercise in registry().exercises():
        for prefix in ("", "fr/"):
            page = site / f"{prefix}catalogue/{exercise.module}/{exercise.id}/index.html"
            assert page.is_file(), f"no page for {exercise.id} ({prefix or 'en'})"


@pytest.mark.slow
@pytest.mark.parametrize("path, expected", [
    ("/student/", ["Students: start here", "ex.hint()"]),
    ("/teacher/", ["Teachers: start here", "Export to your LMS", "Moodle"]),
    ("/designer/", ["verify_exercise", "caire_exercises.exercises"]),
    ("/fr/etudiant/", ["Étudiants", "indice"]),
    ("/fr/enseignant/", ["Enseignants", "Moodle"]),
    ("/catalogue/numpy/numpy.zscore/", ["Standardise the columns", "Declared mistakes", "ddof",
                                        'class="katex']),
    ("/fr/catalogue/numpy/numpy.zscore/", ["Centrer et réduire les colonnes", "Indices"]),
    ("/reference/cli/", ["caire grade", "--assignment"]),
])
def test_pages_render_in_chromium(server: str, tmp_path: Path, path: str, expected: list[str]):
    result = chromium("--virtual-time-budget=5000", "--dump-dom", server + path, profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    for text in expected:
        assert text in result.stdout, f"{text!r} not rendered on {path}"


@pytest.mark.slow
def test_feedback_of_a_failed_check_renders_readably(tmp_path: Path):
    import numpy as np

    import caire_exercises as cx

    exercise = cx.get("numpy.zscore", student="alice@example.org")
    result = exercise.check(lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1), quiet=True)
    page = tmp_path / "feedback.html"
    page.write_text("<!doctype html><meta charset='utf-8'><body>" + result._repr_html_() + "</body>",
                    encoding="utf-8")
    dom = chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    assert "FAIL" in dom.stdout and "ddof" in dom.stdout
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "feedback-failed-check.png"
    taken = chromium(f"--screenshot={shot}", "--window-size=1000,900", page.as_uri(),
                     profile=tmp_path / "profile2")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 5000
    assert np.frombuffer(shot.read_bytes()[:8], dtype=np.uint8).tolist() == [137, 80, 78, 71, 13, 10, 26, 10]
