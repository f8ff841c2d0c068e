"""Batch grading: submissions run in a sandbox, verdicts are given outside it.

``caire grade`` is :func:`grade_batch` behind a command line; ``caire export``
is :func:`export`. The parts, each in its module: ``sandbox`` (operating-system
isolation), ``worker`` and ``runner`` (the warm fork server and the sandboxed
side), ``pool`` and ``cluster`` (workers on this machine or on Dask),
``gradebook`` (SQLite), ``exports`` (LMS formats), ``feedback`` (HTML pages),
``gradescope`` (the autograder entry point) and ``demo``.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["GradeOptions", "Gradebook", "Limits", "export", "grade_batch", "isolation_report"]

_LAZY = {"GradeOptions": ".batch", "grade_batch": ".batch", "Gradebook": ".gradebook", "Limits": ".sandbox",
         "isolation_report": ".sandbox", "export": ".exports"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'caire_exercises.grading' has no attribute {name!r}")
