"""What the exercises of M9 share: the recorded outputs they read, and small helpers.

Nothing here is a reference solution or a mistake: the probes may import it.
The "model outputs" are those the library ships (``chatbot_outputs``,
``chatbot_json``): written by the project, never produced by a model, and
nothing here calls or downloads one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

#: The module id of every exercise of M9.
MODULE_ID = "work"


@lru_cache(maxsize=1)
def _outputs() -> tuple[dict[str, str], ...]:
    # Read with the csv module: a first check need not wait for pandas to import.
    import csv

    from caire_exercises.data import bundled_root

    with open(bundled_root() / "chatbot_outputs" / "data.csv", encoding="utf-8", newline="") as handle:
        return tuple(dict(row) for row in csv.DictReader(handle))


def recorded_outputs() -> list[dict[str, str]]:
    """The recorded chatbot outputs: one dict a row (item and prompt template), as text."""
    return [dict(row) for row in _outputs()]


def correct_by_template() -> dict[str, np.ndarray]:
    """For each prompt template, whether its output was right on each item (0/1), items in sorted order."""
    marks: dict[str, dict[str, int]] = {}
    for row in _outputs():
        marks.setdefault(row["prompt_template"], {})[row["item_id"]] = int(row["correct"])
    return {template: np.asarray([by_item[item] for item in sorted(by_item)], dtype=np.int64)
            for template, by_item in sorted(marks.items())}


@lru_cache(maxsize=1)
def _json_rows() -> tuple[dict[str, Any], ...]:
    import json

    from caire_exercises.data import bundled_root

    text = (bundled_root() / "chatbot_json" / "data.jsonl").read_text(encoding="utf-8")
    return tuple(json.loads(line) for line in text.splitlines() if line.strip())


def json_rows() -> list[dict[str, Any]]:
    """The recorded JSON outputs, one dict a row (``item_id``, ``raw_output``, ``expected``, ``error``...)."""
    return [dict(row) for row in _json_rows()]


def french_number(value: float, digits: int = 2) -> str:
    """`value` with a decimal comma, as French prose writes it."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")


def english_number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace("-", "\u2212")
