"""The grader's side of the warm workers: start them, hand them jobs, read their results.

A :class:`WorkerProcess` is one ``python -m caire_exercises.grading.worker``
with a clean environment (the course secret is never in it). A
:class:`LocalPool` keeps *N* of them busy from a queue of jobs and yields
each result as it arrives, so the grader can write it to the gradebook at
once. :mod:`caire_exercises.grading.cluster` offers the same interface on a
Dask cluster.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Self

from caire_exercises.model.errors import GradingError
from caire_exercises.engine.plain import dumps, loads
from caire_exercises.grading.protocol import ChannelClosed, read_frame, write_frame

START_TIMEOUT = 300.0
JOB_SLACK = 180.0


def worker_environment() -> dict[str, str]:
    """The environment of a worker: what Python needs, one thread per library, and nothing else."""
    keep = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "VIRTUAL_ENV", "CONDA_PREFIX", "SYSTEMROOT",
            "HOME", "CAIRE_LANG")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root] + [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    environment.update({"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                        "NUMEXPR_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
                        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
                        "HF_UPDATE_DOWNLOAD_COUNTS": "0"})
    return environment


class WorkerProcess:
    """One warm worker process and its protocol pipes."""

    def __init__(self, config: dict[str, Any], *, namespaces: bool = True) -> None:
        """Start a worker: inside the bubblewrap wall where there is one and `namespaces` is on
        (see :mod:`caire_exercises.grading.wall`), else with the namespaces it can make itself,
        else (``namespaces=False``) with per-process limits and Landlock only."""
        from caire_exercises.grading.wall import find_bwrap, wall_command

        # Open as long as the worker lives: its standard error, read when it fails.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115
        arguments = [sys.executable, "-m", "caire_exercises.grading.worker"]
        bwrap = find_bwrap() if namespaces else None
        before = None
        if bwrap is not None:
            wall = wall_command([*arguments, "--no-namespaces"], bwrap=bwrap)
            arguments, before = wall.command, wall.before
        elif not namespaces:
            arguments.append("--no-namespaces")
        self.process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, env=worker_environment(), close_fds=True,
                                        start_new_session=True, preexec_fn=before,  # noqa: PLW1509
                                        cwd="/" if bwrap else tempfile.gettempdir())
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_worker = self.process.stdin.fileno()
        self.from_worker = self.process.stdout.fileno()
        self.ready: dict[str, Any] | None = None
        write_frame(self.to_worker, dumps(config))

    def wait_ready(self, timeout: float = START_TIMEOUT) -> dict[str, Any]:
        if self.ready is None:
            try:
                self.ready = loads(read_frame(self.from_worker, timeout=timeout))
            except (ChannelClosed, TimeoutError, OSError) as error:
                self.close()
                raise GradingError(f"a grading worker did not start ({type(error).__name__}):\n"
                                   + self.log_tail()) from None
        return self.ready

    def run_text(self, job_text: str, timeout: float) -> str:
        """Send one job (JSON text); the worker's result as JSON text. Raises GradingError if it fails."""
        self.wait_ready()
        try:
            write_frame(self.to_worker, job_text)
            return read_frame(self.from_worker, timeout=timeout)
        except (ChannelClosed, TimeoutError, OSError, BrokenPipeError) as error:
            self.close()
            reason = "stopped responding" if isinstance(error, TimeoutError) else "stopped"
            raise GradingError(f"the grading worker {reason}: {self.log_tail()[-500:]}") from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self) -> str:
        try:
            self.log.seek(0, os.SEEK_END)
            size = self.log.tell()
            self.log.seek(max(0, size - 4000))
            return self.log.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                write_frame(self.to_worker, dumps({"type": "stop"}))
            except OSError:
                pass
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def job_timeout(job: dict[str, Any]) -> float:
    return float(job.get("budget", 1800)) + JOB_SLACK


def failed_result(job: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"type": "result", "id": job.get("id"), "status": "error", "reason": reason}


class LocalPool:
    """`workers` warm workers on this machine."""

    def __init__(self, workers: int, config: dict[str, Any], *, namespaces: bool = True) -> None:
        self.config = config
        self.namespaces = namespaces
        self.workers = [WorkerProcess(config, namespaces=namespaces) for _ in range(max(1, workers))]

    def wait_ready(self) -> list[dict[str, Any]]:
        return [worker.wait_ready() for worker in self.workers]

    def run(self, jobs: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Grade `jobs`, yielding ``(job, result)`` in the order they finish."""
        pending: queue.Queue[dict[str, Any] | None] = queue.Queue()
        done: queue.Queue[tuple[dict[str, Any], dict[str, Any]] | None] = queue.Queue()
        for job in jobs:
            pending.put(job)
        for _ in self.workers:
            pending.put(None)

        def serve(slot: int) -> None:
            while True:
                job = pending.get()
                if job is None:
                    done.put(None)
                    return
                worker = self.workers[slot]
                try:
                    if not worker.alive():
                        worker = self.workers[slot] = WorkerProcess(self.config, namespaces=self.namespaces)
                    result = loads(worker.run_text(dumps(job), job_timeout(job)))
                except GradingError as error:
                    result = failed_result(job, str(error))
                except Exception as error:  # noqa: BLE001 - one job's failure must not stop the batch
                    result = failed_result(job, f"{type(error).__name__}: {error}")
                done.put((job, result))

        threads = [threading.Thread(target=serve, args=(slot,), daemon=True) for slot in range(len(self.workers))]
        for thread in threads:
            thread.start()
        finished = 0
        try:
            while finished < len(threads):
                item = done.get()
                if item is None:
                    finished += 1
                    continue
                yield item
        finally:
            # A caller that stops early: the jobs not started are dropped and the running ones
            # finish, so the workers are free for the next run.
            while True:
                try:
                    pending.get_nowait()
                except queue.Empty:
                    break
            for _ in threads:
                pending.put(None)
            for thread in threads:
                thread.join()

    def close(self) -> None:
        for worker in self.workers:
            worker.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
