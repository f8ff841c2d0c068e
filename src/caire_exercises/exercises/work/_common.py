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
def _outputs() -> Any:
    from caire_exercises.data import load

    return load("chatbot_outputs")


def recorded_outputs() -> Any:
    """The recorded chatbot outputs (a copy): one row per item and prompt template."""
    return _outputs().copy()


def correct_by_template() -> dict[str, np.ndarray]:
    """For each prompt template, whether its output was right on each item (0/1), items in one order."""
    table = _outputs().pivot(index="item_id", columns="prompt_template", values="correct")
    return {str(template): table[template].to_numpy(dtype=np.int64) for template in table.columns}


@lru_cache(maxsize=1)
def _json_rows() -> tuple[dict[str, Any], ...]:
    from caire_exercises.data import load

    return tuple(load("chatbot_json").to_dict(orient="records"))


def json_rows() -> list[dict[str, Any]]:
    """The recorded JSON outputs, one dict a row (``item_id``, ``raw_output``, ``expected``, ``error``...)."""
    return [dict(row) for row in _json_rows()]


def french_number(value: float, digits: int = 2) -> str:
    """`value` with a decimal comma, as French prose writes it."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "\u2212")


def english_number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace("-", "\u2212")
