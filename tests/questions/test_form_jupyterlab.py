"""The form of a no-code exercise in a real JupyterLab, in headless Chromium: widgets shown,
options picked, the check button pressed, the checker's feedback shown; a screenshot kept
under ``artifacts/``. Uses the helpers of ``tests/test_rendering_jupyterlab.py``."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
_spec = importlib.util.spec_from_file_location("_lab_helpers", HERE.parent / "test_rendering_jupyterlab.py")
lab_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lab_helpers)

pytestmark = pytest.mark.slow

FORM_CELL = """\
import caire_exercises as cx
from caire_exercises.authoring.quiz import bank_quiz
cx.set_language("fr")
ex = cx.get(bank_quiz("tiers.yaml"), student="alice@example.org")
demo_tiers = {"cv": ("haut risque", None), "spam": None, "emotion": None}
ex.form()
"""

PICK = """(() => {
  const boxes = [...document.querySelectorAll('.widget-radio-box')];
  // The items come in the variant's order: pick by the label written above each box.
  const labels = [...document.querySelectorAll('.widget-html-content')].map((e) => e.innerText);
  const right = {'cv.tier': 'haut risque', 'cv.obligation': 'journalisation', 'spam.tier': 'minimal',
                 'emotion.tier': 'interdit'};
  let picked = 0;
  boxes.forEach((box, i) => {
    const key = labels[i].split(' ')[0];
    for (const label of box.querySelectorAll('label')) {
      if (label.innerText.trim() === right[key]) { label.querySelector('input').click(); picked++; }
    }
  });
  return picked;
})()"""


def test_the_form_checks_in_jupyterlab(tmp_path):
    browser = lab_helpers._chromium()
    pytest.importorskip("ipywidgets")
    websocket = pytest.importorskip("websocket")
    nbformat = pytest.importorskip("nbformat")
    home = tmp_path / "home"
    env = {"JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "IPYTHONDIR": str(home / "ipython"), "CAIRE_DATA_DIR": str(home / "caire"), "CAIRE_PROGRESS": "off",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    for folder in ("config", "runtime", "ipython", "caire"):
        (home / folder).mkdir(parents=True)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "tiers.yaml").write_text((ROOT / "tests" / "authoring" / "tiers.yaml").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(FORM_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, str(notebooks / "form.ipynb"))
    port = lab_helpers._free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={notebooks}", "--LabApp.news_url=", "--LabApp.expose_app_in_browser=True",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--allow-root"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=(tmp_path / "lab.log").open("w"))
    profile = tmp_path / "chromium"
    chrome = subprocess.Popen([browser, *lab_helpers.CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                               "--remote-debugging-port=0", "about:blank"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        lab_helpers._wait_for(f"http://127.0.0.1:{port}/api/status", 90)
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not active.is_file() or not active.read_text().strip():
            assert time.monotonic() < deadline and chrome.poll() is None, "Chromium did not start"
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{int(active.read_text().split()[0])}/json/list",
                                    timeout=10) as response:
            target = next(t for t in json.load(response) if t.get("type") == "page")
        connection = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=120,
                                                 suppress_origin=True)
        devtools = lab_helpers.DevTools(connection)
        devtools.send("Page.enable")
        devtools.send("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1,
                      mobile=False)
        devtools.send("Page.navigate", url=f"http://127.0.0.1:{port}/lab/tree/form.ipynb?reset")
        devtools.wait_for("!!(window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell'))", 120)
        devtools.wait_for("(() => { const k = document.querySelector('.jp-Notebook-ExecutionIndicator, "
                          ".jp-KernelStatus'); return true; })()", 10)
        time.sleep(3)  # the kernel starts
        devtools.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells').then(() => true)")
        devtools.wait_for("document.querySelectorAll('.widget-radio-box').length >= 3", 120)
        assert devtools.evaluate(PICK) == 4
        devtools.evaluate("[...document.querySelectorAll('button.jupyter-button')]"
                          ".find((b) => b.innerText.trim() === 'Vérifier').click() || true")
        devtools.wait_for("!!document.querySelector('.widget-html-content .caire-report')", 120)
        text = devtools.evaluate("document.querySelector('.widget-html-content .caire-report').innerText")
        assert "✔" in text and "✘" not in text, text
        assert "demo_tiers = {" in devtools.evaluate("document.querySelector('.jp-OutputArea').innerText")
        lab_helpers.ARTIFACTS.mkdir(exist_ok=True)
        time.sleep(0.5)
        shot = devtools.send("Page.captureScreenshot", format="png")
        path = lab_helpers.ARTIFACTS / "jupyterlab-form-fr.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        assert path.stat().st_size > 20_000
        connection.close()
    finally:
        chrome.terminate()
        server.terminate()
        for process in (chrome, server):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
