"""Any byte sequence in a submission gives a graded or an ungradable row with its reason; the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from grading_helpers import RIGHT, grade, rows_by_student

BASE = {"cells": [{"cell_type": "code", "metadata": {}, "source": "import numpy as np\n" + RIGHT,
                   "outputs": [], "execution_count": None}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _with_metadata(raw: str) -> str:
    return json.dumps(BASE).replace('"metadata": {}, "nbformat"', f'"metadata": {raw}, "nbformat"')


CRAFTED: dict[str, bytes] = {
    "lone-surrogate-in-metadata": json.dumps({**BASE, "metadata": {"caire": {"student": "x"}}})
    .replace('"student": "x"', '"student": "\\ud800"').encode(),
    "deep-nesting": _with_metadata('{"deep": ' + "[" * 100_000 + "]" * 100_000 + "}").encode(),
    "huge-integer": _with_metadata('{"big": ' + "9" * 5000 + "}").encode(),
    "surrogate-in-an-error": json.dumps({**BASE, "cells": BASE["cells"] + [{
        "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
        "source": "raise ValueError('bad ' + chr(0xD800) + ' \\x1b[2J')"}]}).encode(),
    "huge-cell": json.dumps({**BASE, "cells": BASE["cells"] + [{
        "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
        "source": "x = 1\n" * 200_000}]}).encode(),
    "not-utf8": b'{"cells": [\xff\xfe], "nbformat": 4}',
    "control-characters": json.dumps(BASE).replace('"metadata": {}', '"metadata": {"t": "\\u0000\\u001b"}')
    .encode(),
}


@pytest.fixture(scope="module")
def report(pool: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("crafted")
    for name, content in CRAFTED.items():
        (folder / f"{name}@example.org.ipynb").write_bytes(content)
    (folder / "honest@example.org.ipynb").write_text(json.dumps(BASE))
    return grade(folder, pool)


def test_every_file_has_its_row_and_the_batch_goes_on(report: Any) -> None:
    rows = rows_by_student(report)
    assert set(rows) == {f"{name}@example.org" for name in [*CRAFTED, "honest"]}
    assert rows["honest@example.org"][0]["score"] == 2.0


@pytest.mark.parametrize("name", ["deep-nesting", "huge-integer", "not-utf8"])
def test_a_file_no_jupyter_could_save_is_ungradable_with_its_reason(report: Any, name: str) -> None:
    row = rows_by_student(report)[f"{name}@example.org"][0]
    assert row["status"] == "ungradable" and row["score"] == 0.0 and row["message"]


@pytest.mark.parametrize("name", ["lone-surrogate-in-metadata", "surrogate-in-an-error", "huge-cell",
                                  "control-characters"])
def test_odd_but_readable_notebooks_are_graded_on_their_answers(report: Any, name: str) -> None:
    row = rows_by_student(report)[f"{name}@example.org"][0]
    assert row["score"] == 2.0, row
    json.dumps(row, ensure_ascii=False).encode("utf-8")  # nothing unencodable reaches a results file
