"""The zygote: the warm process that forks every submission's process, and never held an exercise.

The worker (:mod:`caire_exercises.grading.worker`) is the judge: it holds the
exercises, their references, declared mistakes, quiz answer keys and the
cases' private parts. A process forked from it would inherit all of that, and a
cell could find it (``sys.modules``, ``gc``) and wrap the reference. So the
worker starts this process once, with a fresh interpreter (``python -m``,
never a fork of itself), inside the same walls. The zygote imports what
submissions use (NumPy, pandas, scikit-learn, IPython, torch when needed) and
the exercises' *probes* only (:class:`~caire_exercises.engine.probe_side.ProbeSide`),
then waits on its control socket.

For each attempt the worker sends two file descriptors (the attempt's channel
and its output file), and nothing else. The zygote forks twice: the
grandchild is reparented to the worker (a child subreaper, or PID 1 of the
sandbox's PID namespace), which follows it, collects its exit status and kills
what it leaves, as before; the intermediate process exits at once. The
grandchild closes the control socket, reads its attempt (the plan, the cells,
the exercises' probe sides and the visible cases' public inputs, as plain data)
from its own channel, confines itself and runs the submission
(:func:`caire_exercises.grading.runner.run_attempt`).

The zygote never reads an attempt: no notebook's cells and no case pass through
its memory, so no submission's process inherits anything of another's. It
never learns a hidden case's inputs either (the worker sends them to the
submission's process after the last visible step), and a submission's process
cannot reach the control socket.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from typing import Any

from caire_exercises.grading.protocol import (ChannelClosed, read_frame, receive_fds, receive_message,
                                              write_frame)

#: How long the grandchild waits to be reparented to the worker before it gives up.
REPARENT_SECONDS = 10.0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(argv[0]))
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.close(null)
    try:
        config = _loads(read_frame(control.fileno()))
    except ChannelClosed:
        return 0
    zygote = Zygote(control, config)
    write_frame(control.fileno(), _dumps({"type": "ready", "pid": os.getpid()}))
    zygote.serve()
    return 0


def _loads(text: str) -> Any:
    from caire_exercises.engine.plain import loads

    return loads(text)


def _dumps(value: Any) -> str:
    from caire_exercises.engine.plain import dumps

    return dumps(value)


class Zygote:
    def __init__(self, control: socket.socket, config: dict[str, Any]) -> None:
        from caire_exercises.engine.probe_side import import_probe_module
        from caire_exercises.grading.warm import (_make_shell, _private_progress_lock,
                                                  _set_single_thread_environment, preload)

        self.control = control
        _set_single_thread_environment()
        _private_progress_lock()
        preload(config.get("modules", []))
        for name in config.get("probe_modules", []):
            try:
                import_probe_module(str(name))
            except Exception:  # noqa: BLE001, S112 - the job that needs it reports what is wrong
                continue
        _private_progress_lock()
        self.shell = _make_shell(str(config.get("ipython_dir") or os.path.join(
            os.environ.get("TMPDIR", "/tmp"), "caire-zygote-ipython")))  # noqa: S108
        # What every submission's process uses, imported once here rather than in each of them.
        import caire_exercises.grading.jobs  # noqa: F401
        import caire_exercises.grading.runner  # noqa: F401

        if self.shell is not None:
            try:
                self.shell.run_cell("pass", store_history=False)  # IPython's lazy imports
            except Exception:  # noqa: BLE001, S110 - a shell that cannot run is replaced by exec
                pass
        import gc

        gc.collect()
        gc.freeze()

    def serve(self) -> None:
        while True:
            try:
                fds = receive_fds(self.control)
                request = _loads(read_frame(self.control.fileno()))
            except (ChannelClosed, ConnectionError, OSError):
                return
            if request.get("type") == "stop":
                return
            try:
                reply = self.warm(request.get("modules") or []) if request.get("type") == "warm" \
                    else self.fork(fds)
            except Exception as error:  # noqa: BLE001 - said to the worker, which fails the attempt
                reply = {"type": "error", "reason": f"{type(error).__name__}: {error}"}
            finally:
                for fd in fds:
                    os.close(fd)
            write_frame(self.control.fileno(), _dumps(reply))

    def warm(self, modules: list[str]) -> dict[str, Any]:
        """Import `modules`: what the judge's warm-up imported that a submission's probes use too
        (data loaders, scikit-learn's lazy parts), so that no submission's process imports them."""
        import warnings

        from caire_exercises.engine.probe_side import import_probe_module

        imported = 0
        for name in modules:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    # A built-in exercise package is loaded bare: its __init__ imports every exercise.
                    import_probe_module(str(name))
                imported += 1
            except BaseException:  # noqa: BLE001, S112 - a module that cannot be imported alone
                continue
        import gc

        gc.collect()
        gc.freeze()
        return {"type": "warmed", "modules": imported}

    def fork(self, fds: list[int]) -> dict[str, Any]:
        """Fork the submission's process; it reads its attempt from its own channel (`fds[0]`).

        The zygote never reads an attempt: no notebook's cells, no case passes through its
        memory, so nothing of one submission is inherited by the next one's process.
        """
        if len(fds) != 2:
            return {"type": "error", "reason": "an attempt came without its two file descriptors"}
        sock_fd, output_fd = fds
        reading, writing = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        middle = os.fork()
        if middle == 0:
            os.close(reading)
            try:
                middle_pid = os.getpid()
                child = os.fork()
                if child == 0:
                    os.close(writing)
                    _run_as_grandchild(self.control, self.shell, sock_fd, output_fd, middle_pid)
                os.write(writing, str(child).encode("ascii"))
            finally:
                os._exit(0)
        os.close(writing)
        try:
            text = os.read(reading, 64).decode("ascii")
        finally:
            os.close(reading)
            os.waitpid(middle, 0)
        if not text.isdigit():
            return {"type": "error", "reason": "the submission's process could not be forked"}
        return {"type": "forked", "pid": int(text)}


def _run_as_grandchild(control: socket.socket, shell: Any, sock_fd: int, output_fd: int,
                       middle: int) -> None:
    """In the grandchild: wait to belong to the worker, forget the control socket, read the
    attempt from its channel, run it."""
    from caire_exercises.grading.runner import run_attempt

    try:
        control.close()
        deadline = time.monotonic() + REPARENT_SECONDS
        # The intermediate process exits at once; the worker (subreaper or PID 1) adopts us. The
        # parent-death signal the runner sets must follow the worker, not the intermediate.
        while os.getppid() == middle:
            if time.monotonic() > deadline:
                os._exit(71)
            time.sleep(0.0005)
        sock = socket.socket(fileno=sock_fd)
        sock.settimeout(REPARENT_SECONDS * 6)
        attempt = _attempt(_loads(receive_message(sock).decode("utf-8")), sock, output_fd, shell)
        sock.settimeout(None)
    except BaseException:  # noqa: BLE001 - nothing of the submission ran yet
        os._exit(71)
    run_attempt(attempt)


def _attempt(request: dict[str, Any], sock: socket.socket, output_fd: int, shell: Any) -> Any:
    """The attempt the worker sent: plan, cells, probe sides and public cases, as plain data."""
    from caire_exercises.engine.probe_side import ProbeSide
    from caire_exercises.grading.jobs import case_from_plain
    from caire_exercises.grading.runner import Attempt
    from caire_exercises.grading.sandbox import Isolation, Limits

    return Attempt(plan=[tuple(step) for step in request["plan"]], cells=list(request["cells"]),
                   exercises=[ProbeSide.from_plain(plain) for plain in request["sides"]],
                   cases=[[None if case is None else case_from_plain(case) for case in row]
                          for row in request["cases"]],
                   limits=Limits.from_plain(request["limits"]),
                   isolation=Isolation.from_plain(request["isolation"]), scratch=request["scratch"],
                   output_fd=output_fd, sock=sock, environment=dict(request["environment"]),
                   readable=list(request["readable"]), listable=list(request.get("listable") or ()),
                   cpu_seconds=float(request["cpu_seconds"]), shell=shell)


if __name__ == "__main__":
    sys.exit(main())
