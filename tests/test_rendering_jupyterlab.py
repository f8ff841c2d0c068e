"""A failed check's report, as a student sees it in a real JupyterLab and a real Notebook 7, in
headless Chromium.

JupyterLab's stylesheet (which Notebook 7 shares) right-aligns every table cell and
gives tables a fixed layout; an untrusted notebook also loses every ``<style>`` element.
The report must look right anyway: this test executes a notebook with a failed check
(nbclient), serves it with ``jupyter lab`` and ``jupyter notebook`` on localhost, opens it in Chromium
through the DevTools protocol, reads the computed styles of the report, and
keeps a screenshot under ``artifacts/``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1280,1400"]

pytestmark = pytest.mark.slow


def _need(found: Any, what: str) -> Any:
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is missing in CI: .ci/run must install it")
        pytest.skip(f"{what} is not installed")
    return found


def _chromium() -> str:
    return _need(next((path for name in ("chromium", "chromium-browser", "google-chrome")
                       if (path := shutil.which(name))), None), "Chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


FAILED_CHECK = """\
import caire_exercises as cx
cx.set_language({language!r})
ex = cx.get("numpy.zscore", student="alice@example.org")
ex.check(lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1))
"""


def _executed_notebook(path: Path, language: str, env: dict[str, str]) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FAILED_CHECK.format(language=language))]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    html = [output for output in notebook.cells[0].outputs if "text/html" in output.get("data", {})]
    assert html and "caire-report" in html[0]["data"]["text/html"], notebook.cells[0].outputs
    nbformat.write(notebook, path)


@pytest.fixture(scope="module", params=["jupyterlab", "notebook7"])
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A JupyterLab, or a Notebook 7, on localhost (no token) serving two executed notebooks, one
    of them trusted."""
    front_end = request.param
    browser = _chromium()
    _need(shutil.which("jupyter") or (Path(sys.executable).parent / "jupyter").is_file(), "Jupyter")
    pytest.importorskip("jupyterlab" if front_end == "jupyterlab" else "notebook")
    websocket = pytest.importorskip("websocket")
    root = tmp_path_factory.mktemp("lab")
    home = root / "home"
    env = {
        "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython"),
        "CAIRE_DATA_DIR": str(home / "caire"), "CAIRE_PROGRESS": "off",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    }
    for folder in ("config", "data", "runtime", "ipython", "caire"):
        (home / folder).mkdir(parents=True)
    full_env = {**os.environ, **env}
    notebooks = root / "notebooks"
    notebooks.mkdir()
    _executed_notebook(notebooks / "untrusted.ipynb", "en", env)
    _executed_notebook(notebooks / "trusted-fr.ipynb", "fr", env)
    trust = subprocess.run([sys.executable, "-m", "jupyter", "trust", str(notebooks / "trusted-fr.ipynb")],
                           env=full_env, capture_output=True, text=True, timeout=120)
    assert trust.returncode == 0, trust.stderr[-2000:]

    port = _free_port()
    common = ["--no-browser", f"--port={port}", "--ip=127.0.0.1", "--ServerApp.token=",
              "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
              f"--ServerApp.root_dir={notebooks}", "--allow-root"]
    if front_end == "jupyterlab":
        command = ["lab", *common, "--LabApp.news_url=",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   "--LabApp.extension_manager=readonly"]
    else:
        command = ["notebook", *common]
    server = subprocess.Popen([sys.executable, "-m", "jupyter", *command],
                              env=full_env, stdout=subprocess.DEVNULL, stderr=(root / "lab.log").open("w"))
    profile = root / "chromium"
    chrome = subprocess.Popen([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                               "--remote-debugging-port=0", "about:blank"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/status", 90)
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not active.is_file() or not active.read_text().strip():
            assert time.monotonic() < deadline and chrome.poll() is None, "Chromium did not start"
            time.sleep(0.2)
        debug_port = int(active.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json/list", timeout=10) as response:
            target = next(t for t in json.load(response) if t.get("type") == "page")
        connection = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60,
                                                 suppress_origin=True)
        yield {"url": f"http://127.0.0.1:{port}", "devtools": DevTools(connection), "log": root / "lab.log",
               "front_end": front_end}
        connection.close()
    finally:
        chrome.terminate()
        server.terminate()
        for process in (chrome, server):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


class DevTools:
    """The few Chrome DevTools Protocol commands the test needs, over one page's websocket."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.next_id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.connection.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.connection.recv())
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply
                return reply.get("result", {})

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {expression}")


# Reads, in the page, what a student sees: the computed styles of the report's first failed
# case, and those of a bare table cell placed in the same output (the styles JupyterLab imposes).
MEASURE = """((selector) => {
  const report = document.querySelector(selector);
  const row = report.querySelector('tr');
  const [status, detail] = row.querySelectorAll('td');
  const table = report.querySelector('table');
  const pres = [...report.querySelectorAll('pre')];
  const probe = document.createElement('table');
  probe.innerHTML = '<tbody><tr><td>x</td><td>y</td></tr></tbody>';
  report.parentElement.appendChild(probe);
  const bare = getComputedStyle(probe.querySelector('td')).textAlign;
  probe.remove();
  const style = (element) => getComputedStyle(element);
  const lineCount = (pre) => pre.textContent.replace(/\\n$/, '').split('\\n').length;
  const lineHeight = (pre) => parseFloat(style(pre).lineHeight);
  report.scrollIntoView();
  return {
    statusText: status.innerText.trim(),
    statusColour: style(status).color,
    statusWidth: status.getBoundingClientRect().width,
    tableWidth: table.getBoundingClientRect().width,
    alignments: [...report.querySelectorAll('td')].map((td) => style(td).textAlign),
    bareAlignment: bare,
    styleElements: report.parentElement.querySelectorAll('style').length,
    preWhiteSpace: pres.map((pre) => style(pre).whiteSpace),
    preLines: pres.map(lineCount),
    preRenderedLines: pres.map((pre) => Math.round(
      (pre.clientHeight - parseFloat(style(pre).paddingTop) - parseFloat(style(pre).paddingBottom))
      / lineHeight(pre))),
    preOverflow: pres.map((pre) => style(pre).overflowX),
    text: report.innerText,
  };
})"""


@pytest.mark.parametrize(("notebook", "language", "words"), [
    ("untrusted.ipynb", "en", ["FAIL", "ddof", "expected:"]),
    ("trusted-fr.ipynb", "fr", ["ÉCHEC", "ddof", "attendu\u202f:"]),
])
def test_failed_check_reads_well_in_jupyterlab(lab: dict[str, Any], notebook: str, language: str,
                                               words: list[str]) -> None:
    devtools: DevTools = lab["devtools"]
    devtools.send("Page.enable")
    devtools.send("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1,
                  mobile=False)
    # A workspace of its own, so that the other notebook is not open behind this one.
    workspace = Path(notebook).stem
    if lab["front_end"] == "jupyterlab":
        devtools.send("Page.navigate", url=f"{lab['url']}/lab/workspaces/{workspace}/tree/{notebook}?reset")
    else:
        devtools.send("Page.navigate", url=f"{lab['url']}/notebooks/{notebook}")
    selector = f".jp-OutputArea-output .caire-report[lang='{language}']"
    devtools.wait_for(f"!!document.querySelector({json.dumps(selector + ' tr')})", 120)
    seen = devtools.evaluate(f"{MEASURE}({json.dumps(selector)})")

    # JupyterLab's own table style is in force here (the test would mean nothing otherwise),
    # and the report brings no <style> element, which an untrusted notebook would drop.
    assert seen["bareAlignment"] == "right", seen["bareAlignment"]
    assert seen["styleElements"] == 0
    # The status column hugs its word, which is shown, in colour.
    assert seen["statusText"] in ("✘ FAIL", "✘ ÉCHEC"), seen["statusText"]
    assert seen["statusColour"] == "rgb(180, 35, 24)"
    assert seen["statusWidth"] < 0.2 * seen["tableWidth"], (seen["statusWidth"], seen["tableWidth"])
    # Every cell reads from the left.
    assert set(seen["alignments"]) == {"left"}, seen["alignments"]
    # Arrays keep their lines: no wrap inside a number; a long line scrolls instead.
    assert seen["preWhiteSpace"] and set(seen["preWhiteSpace"]) == {"pre"}
    assert set(seen["preOverflow"]) == {"auto"}
    assert seen["preRenderedLines"] == seen["preLines"], (seen["preRenderedLines"], seen["preLines"])
    for word in words:
        assert word in seen["text"], word

    ARTIFACTS.mkdir(exist_ok=True)
    time.sleep(0.5)  # let the scroll settle before the picture
    shot = devtools.send("Page.captureScreenshot", format="png")
    path = ARTIFACTS / f"{lab['front_end']}-{Path(notebook).stem}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
