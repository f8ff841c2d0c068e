"""Shared fixtures of the grading tests: warm workers.

Starting a worker costs a few seconds (it imports NumPy, scikit-learn, pandas
and IPython once), so the tests share one pool per session and grade many
submissions per batch.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("nbformat")

from grading_helpers import ZSCORE

from caire_exercises.grading.batch import worker_config
from caire_exercises.grading.pool import LocalPool


@pytest.fixture(scope="session")
def pool() -> Iterator[LocalPool]:
    """Two warm workers (namespaces where the machine has them), shared by the tests."""
    with LocalPool(2, worker_config(ZSCORE)) as workers:
        workers.wait_ready()
        yield workers


@pytest.fixture(scope="session")
def plain_pool() -> Iterator[LocalPool]:
    """One warm worker without namespaces: the fallback that other machines get."""
    with LocalPool(1, worker_config(ZSCORE), namespaces=False) as workers:
        workers.wait_ready()
        yield workers
