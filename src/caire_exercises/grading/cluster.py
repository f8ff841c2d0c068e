"""Grading on an existing Dask distributed cluster (``caire grade --cluster tcp://HOST:PORT``).

Each Dask worker process keeps its own warm workers (fork servers with their
sandboxes, as on a single machine) and reuses them from one task to the
next. Jobs travel as JSON text and results come back as JSON text: the
course secret stays in the grader (the cases are drawn there), and the
results are the same as a local run's.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from caire_exercises.model.errors import GradingError, MissingExtraError
from caire_exercises.engine.plain import dumps, loads
from caire_exercises.grading.pool import WorkerProcess, failed_result, job_timeout

_idle: dict[str, list[WorkerProcess]] = {}
_lock = threading.Lock()


def run_remote(config_text: str, job_text: str, timeout: float, namespaces: bool = True) -> str:
    """Run one job on this Dask worker's warm workers; the result as JSON text (runs on the Dask worker)."""
    key = hashlib.sha256(f"{namespaces}:{config_text}".encode()).hexdigest()
    with _lock:
        spare = _idle.setdefault(key, [])
        worker = spare.pop() if spare else None
    if worker is None or not worker.alive():
        worker = WorkerProcess(loads(config_text), namespaces=namespaces)
    try:
        result = worker.run_text(job_text, timeout)
    except GradingError as error:
        return dumps(failed_result(loads(job_text), str(error)))
    with _lock:
        _idle.setdefault(key, []).append(worker)
    return result


class DaskPool:
    """Jobs sent to the Dask scheduler at `address`; the same interface as :class:`LocalPool`."""

    def __init__(self, address: str, config: dict[str, Any], *, namespaces: bool = True) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtraError("distributed", "grading", "caire grade --cluster") from None
        self.client = Client(address, timeout="30s", set_as_default=False)
        self.config_text = dumps(config)
        self.namespaces = namespaces

    def run(self, jobs: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        from distributed import as_completed

        by_key: dict[Any, dict[str, Any]] = {}
        futures = []
        for job in jobs:
            future = self.client.submit(run_remote, self.config_text, dumps(job), job_timeout(job),
                                        self.namespaces, pure=False)
            by_key[future.key] = job
            futures.append(future)
        for future in as_completed(futures, loop=self.client.loop):
            job = by_key[future.key]
            try:
                result = loads(future.result())
            except Exception as error:  # noqa: BLE001 - a task the cluster lost
                result = failed_result(job, f"the Dask cluster failed: {type(error).__name__}: {error}")
            yield job, result

    def close(self) -> None:
        self.client.close()
