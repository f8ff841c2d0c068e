"""The warm worker: a fork server that supervises sandboxed submissions and judges them.

The grader starts one worker per core (``python -m caire_exercises.grading.worker``)
with a clean environment (never the course secret). At start, while it still
has a single thread, the worker enters its namespaces (it becomes PID 1 of a
new PID namespace where it can); then it imports NumPy, scikit-learn, pandas,
IPython (and torch when an exercise needs it), warms the assignment's
exercises up and waits for jobs on its standard input.

For each job it forks a child that confines itself and runs the submission
(:mod:`caire_exercises.grading.runner`), and follows it step by step: each
step has a deadline, and a child that dies, hangs or talks nonsense has its
current step marked (crashed, timeout, interference). The worker then forks
a fresh child that runs the notebook again without the cells that went wrong
and carries on where the last one stopped, so a notebook that calls
``os._exit`` in one cell still has its other answers graded. At the end
every process of the submission is killed, and the judge
(:func:`caire_exercises.engine.attempt.conclude`) turns the plain outcomes into
results, here, where no code of the submission ever ran.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from typing import Any

from caire_exercises.engine.checking import WALL_CEILING
from caire_exercises.grading.protocol import ChannelClosed, read_frame, write_frame
from caire_exercises.grading.sandbox import Isolation, enter_worker_namespaces
from caire_exercises.grading.warm import (_make_shell, _private_progress_lock, _set_single_thread_environment,
                                         preload)

STARTUP_GRACE = 20.0   # confining itself and starting the first step
GAP_GRACE = 10.0       # the runner's own work between two steps
STEP_GRACE = 2.0       # after a cell's or a case's own time limit
ANSWERS_LIMIT = 10.0
# A cell or a case is limited in the submission's own CPU time, so that a batch that loads the
# machine does not fail an honest but slow answer; one that sleeps or waits is stopped at
# WALL_CEILING times its limit of wall-clock time (the runner's own timers do the same).
# A step that timed out after waiting for a CPU this share of its limit ran on an overloaded
# machine: the grader grades that submission again alone before keeping the time-out.
LOAD_SHARE = 0.25


class GraderGone(Exception):
    """The grader closed the worker's input: stop everything."""


class SandboxFailure(Exception):
    """The sandboxed process failed before any code of the submission ran: the machine's fault."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The worker ends with the grader, even one killed with SIGKILL: its input
    # reaches end of file, which the worker watches while a submission runs and
    # between jobs. (A parent-death signal would follow the grader's *thread*.)
    isolation = enter_worker_namespaces(use_namespaces="--no-namespaces" not in argv)
    proto_in, proto_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    # Nothing the worker or a library prints may reach the protocol's pipes.
    os.dup2(null, 0)
    os.dup2(2, 1)
    try:
        config = _loads(read_frame(proto_in))
    except ChannelClosed:
        return 0
    worker = Worker(isolation, config, proto_in, proto_out)
    try:
        worker.serve()
    except GraderGone:
        pass
    finally:
        worker.close()
    return 0


def _loads(text: str) -> Any:
    from caire_exercises.engine.plain import loads

    return loads(text)


def _loads_untrusted(text: str) -> Any:
    """A message from the sandbox: sizes and nesting bounded before anything is allocated."""
    from caire_exercises.engine.plain import UNTRUSTED, loads

    return loads(text, limits=UNTRUSTED)


def _dumps(value: Any) -> str:
    from caire_exercises.engine.plain import dumps

    return dumps(value)


class Worker:
    """One warm worker: serves jobs one at a time (see the module docstring)."""

    def __init__(self, isolation: Isolation, config: dict[str, Any], proto_in: int, proto_out: int) -> None:
        import tempfile

        self.isolation = isolation
        self.proto_in = proto_in
        self.proto_out = proto_out
        self.root = tempfile.mkdtemp(prefix="caire-worker-")
        # Inside the wall, what a submission prints goes to another file system than its scratch
        # folder: a submission that fills its scratch space still has its output read.
        from caire_exercises.grading.wall import inside_the_wall

        self.logs = (tempfile.mkdtemp(prefix="caire-logs-", dir="/dev/shm") if inside_the_wall()
                     else self.root)
        self.jobs_done = 0
        _set_single_thread_environment()
        # The zygote warms up while the judge does: it forks every submission's process.
        self.zygote: Zygote | None = None
        self.modules = list(config.get("modules", []))
        self.start_zygote()
        _private_progress_lock()
        imported_before = set(sys.modules)
        self.warm_up(config)
        # Again: a progress bar class first used while warming up may have made a lock of its own.
        _private_progress_lock()
        from caire_exercises.grading.landlock import answer_content, carve
        from caire_exercises.grading.sandbox import readable_paths

        # What a submission may read: never an exercise's own file nor an answer key.
        self.readable, self.listable = carve(readable_paths([self.root]), answer_content())
        # Only where no zygote could start (not Linux): submissions are forked from this process.
        self.shell = None
        if self.zygote is not None:
            self.zygote.wait_ready()
            self.zygote.warm(probe_side_modules(set(sys.modules) - imported_before))
        if self.zygote is None or not self.zygote.ready:
            self.isolation.zygote = False
            self.isolation.problems.append(
                "submissions are forked from the judge's process: their code could reach the "
                "exercises' references (no zygote on this system)")
            self.shell = _make_shell(os.path.join(self.root, "ipython"))
        else:
            self.isolation.zygote = True
            self.count_tasks_again()
        import gc

        gc.collect()
        # Objects that every child inherits stay shared instead of copied when the GC visits them.
        gc.freeze()

    def start_zygote(self) -> None:
        """Start (or start again) the zygote; None where it cannot run (not Linux)."""
        if not sys.platform.startswith("linux"):
            self.zygote = None
            return
        if self.zygote is not None:
            self.zygote.stop()
        self.zygote = Zygote(self.modules, os.path.join(self.root, "ipython"))

    def warm_up(self, config: dict[str, Any]) -> None:
        preload(config.get("modules", []))
        from caire_exercises.engine.checking import judge, own_outcomes
        from caire_exercises.engine.registry import registry

        found = registry()
        for exercise_id in config.get("exercises", []):
            try:
                # The default variant's cases: the reference's outcomes on the cases that every
                # variant shares stay in the engine's memo of the library's own answers.
                exercise = found.get(exercise_id)
                cases = exercise.make_cases("")
                expected = own_outcomes(exercise, exercise.reference, cases, guarded=False)
                judge(exercise, cases, expected, expected=expected)
            except Exception:  # noqa: BLE001, S112 - the job will report what is wrong with it
                continue

    def serve(self) -> None:
        import resource

        write_frame(self.proto_out, _dumps({"type": "ready", "pid": os.getpid(),
                                            "isolation": self.isolation.to_plain(),
                                            "rss_kb": _memory_kb("VmRSS")}))
        while True:
            try:
                # No name keeps the raw frame: it holds the cases' private parts (see forget_private).
                job = _loads(read_frame(self.proto_in))
            except ChannelClosed:
                return
            if job.get("type") == "stop":
                return
            result = self.grade(job)
            result["isolation"] = self.isolation.to_plain()
            zygote = self.zygote.pid if self.zygote is not None and self.zygote.pid else None
            result["worker"] = {"rss_kb": _memory_kb("VmRSS"), "pss_kb": _memory_kb("Pss"),
                                "zygote_rss_kb": _memory_kb("VmRSS", zygote) if zygote else 0,
                                "zygote_pss_kb": _memory_kb("Pss", zygote) if zygote else 0,
                                "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
            write_frame(self.proto_out, _dumps(result))
            self.jobs_done += 1

    def close(self) -> None:
        import shutil

        from caire_exercises.grading.sandbox import kill_leftovers, remove_cgroup

        kill_leftovers(self.isolation, spare=self.spared())
        if self.zygote is not None:
            self.zygote.stop()
        kill_leftovers(self.isolation)
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.logs, ignore_errors=True)
        remove_cgroup(self.isolation.pids_cgroup)

    # --------------------------------------------------------------------- jobs

    def grade(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run, supervise and judge one submission; a result, whatever happens."""
        from caire_exercises.grading.jobs import MAX_BUDGET, job_exercises
        from caire_exercises.grading.sandbox import Limits
        from caire_exercises.grading.supervise import JobState, judge_all

        started = time.monotonic()
        try:
            exercises, cases = job_exercises(job)
            limits = Limits.from_plain(job.get("limits", {}))
            cells = [str(cell) for cell in job["cells"]]
        except Exception as error:  # noqa: BLE001 - a job the grader built wrongly
            return {"type": "result", "id": job.get("id"), "status": "error",
                    "reason": f"the worker could not read the job: {type(error).__name__}: {error}"}
        state = JobState(cells=cells, exercises=exercises, cases=cases, limits=limits)
        budget = float(job.get("budget") or min(MAX_BUDGET, 2 * state.nominal_seconds() + 30))
        job_deadline = started + budget
        log_path = os.path.join(self.logs, f"job-{self.jobs_done}.log")
        attempts = 0
        try:
            while not state.finished() and attempts < state.max_attempts():
                if time.monotonic() >= job_deadline:
                    break
                attempts += 1
                self.run_attempt(job, state, limits, log_path, job_deadline, budget)
            state.expire_remaining()
            log = _tail(log_path, 4000, state.hidden_log)
        except SandboxFailure as error:
            return {"type": "result", "id": job.get("id"), "status": "error",
                    "reason": f"the sandbox could not start ({error}): {_tail(log_path, 1500)}"}
        finally:
            try:
                os.remove(log_path)
            except OSError:
                pass
        sandboxed = time.monotonic() - started
        results = judge_all(state)
        return {"type": "result", "id": job.get("id"), "status": "graded",
                "results": results, "cells": state.cell_reports(), "notes": state.notes,
                "overloaded_timeouts": state.overloaded_timeouts,
                "log": log, "attempts": attempts, "seconds": round(time.monotonic() - started, 4),
                "sandbox_seconds": round(sandboxed, 4)}

    def run_attempt(self, job: dict[str, Any], state: Any, limits: Any, log_path: str,
                    job_deadline: float, budget: float) -> None:
        import shutil
        import tempfile

        from caire_exercises.grading.protocol import channel
        from caire_exercises.grading.sandbox import kill_leftovers, sandbox_environment

        plan = state.plan()
        if not plan:
            return
        # What the last attempt left (killed, being torn down): gone before the next fork, and never
        # an endless wait, whatever escaped a round of kills.
        if not kill_leftovers(self.isolation, spare=self.spared()):
            state.notes.append("some processes of the submission could not be ended")
        if state.hidden_log and state.hidden_log[-1][1] is None:
            state.hidden_log[-1][1] = _size(log_path)
        scratch = tempfile.mkdtemp(prefix="scratch-", dir=self.root)
        if self.isolation.run_as_uid is not None:
            os.chown(scratch, self.isolation.run_as_uid, self.isolation.run_as_uid)
        for item in job.get("exercises") or []:
            bank = item.get("bank")
            if bank:
                # A quiz written as a bank file: its notebook reads the file from its own folder.
                copy = os.path.join(scratch, os.path.basename(str(bank["path"])))
                with open(copy, "w", encoding="utf-8") as handle:
                    handle.write(str(bank["text"]))
                if self.isolation.run_as_uid is not None:
                    os.chown(copy, self.isolation.run_as_uid, self.isolation.run_as_uid)
        output_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        ours, theirs = channel()
        # Hidden cases are not in the child's memory while its cells run: they are sent once the
        # last visible step has ended (see supervise).
        public_cases = [[None if case.hidden else case.public() for case in cases] for cases in state.cases]
        environment = sandbox_environment(scratch=scratch, student=job.get("student"),
                                          language=str(job.get("language", "en")))
        from caire_exercises.engine.probe_side import ProbeNotSendable, ProbeSide

        sides: list[dict[str, Any]] | None = None
        if self.zygote is not None and self.isolation.zygote:
            try:
                sides = [ProbeSide.of(exercise).to_plain() for exercise in state.exercises]
            except ProbeNotSendable as error:
                # A plug-in's probe that cannot travel: this notebook is forked from the judge.
                state.notes.append(f"forked from the judge's process, not the zygote: {error}")
        try:
            if sides is not None:
                child = self.fork_from_zygote(plan, state, sides, public_cases, limits, scratch,
                                              output_fd, ours, theirs, environment, budget)
            else:
                child = self.fork_here(job, state, plan, public_cases, limits, scratch, output_fd,
                                       ours, theirs, environment, budget)
        except BaseException:
            ours.close()
            theirs.close()
            os.close(output_fd)
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        theirs.close()
        os.close(output_fd)
        try:
            self.supervise(child, ours, plan, state, job_deadline, log_path)
        finally:
            ours.close()
            # The last processes die while the judge works; they are collected before the next fork.
            kill_leftovers(self.isolation, wait=False, spare=self.spared())
            shutil.rmtree(scratch, ignore_errors=True)

    def count_tasks_again(self) -> None:
        """Where the process limit counts every task of the user, count the zygote's too."""
        if self.isolation.tasks_before:
            from caire_exercises.grading.sandbox import _tasks_of_user

            self.isolation.tasks_before = _tasks_of_user(os.getuid())

    def spared(self) -> list[int]:
        return [self.zygote.pid] if self.zygote is not None and self.zygote.pid else []

    def fork_from_zygote(self, plan: list[Any], state: Any, sides: list[dict[str, Any]],
                         public_cases: list[list[Any]], limits: Any, scratch: str, output_fd: int,
                         ours: Any, theirs: Any, environment: dict[str, str], budget: float) -> int:
        """The submission's process, forked by the zygote (started again once if it died).

        The zygote gets the two file descriptors only; the attempt goes to the new process over
        its own channel, so that it never passes through the zygote's memory.
        """
        from caire_exercises.grading.jobs import case_to_plain
        from caire_exercises.grading.protocol import send_message

        request = {"type": "attempt", "plan": [list(step) for step in plan], "cells": list(state.cells),
                   "sides": sides,
                   "cases": [[None if case is None else case_to_plain(case) for case in row]
                             for row in public_cases],
                   "limits": limits.to_plain(), "isolation": self.isolation.to_plain(),
                   "scratch": scratch, "environment": environment, "readable": list(self.readable),
                   "listable": list(self.listable),
                   "cpu_seconds": budget}
        text = _dumps(request)
        for round_ in range(2):
            assert self.zygote is not None
            try:
                child = self.zygote.fork([theirs.fileno(), output_fd])
                break
            except (OSError, ChannelClosed, TimeoutError, ValueError) as error:
                if round_:
                    raise SandboxFailure(f"the zygote could not fork the submission's process: {error}"
                                         ) from None
                # A zygote killed (by a submission, or the machine): a fresh one, once.
                self.start_zygote()
                if not self.zygote.wait_ready():
                    raise SandboxFailure("the zygote could not be started again") from None
                self.count_tasks_again()
        try:
            ours.settimeout(self.zygote.FORK_SECONDS)
            send_message(ours, text)
        except OSError as error:
            _kill(child)
            raise SandboxFailure(f"the submission's process did not take its attempt: {error}") from None
        finally:
            ours.settimeout(None)
        return child

    def fork_here(self, job: dict[str, Any], state: Any, plan: list[Any], public_cases: list[list[Any]],
                  limits: Any, scratch: str, output_fd: int, ours: Any, theirs: Any,
                  environment: dict[str, str], budget: float) -> int:
        """The submission's process forked from this one, where no zygote runs (see start_zygote)."""
        from caire_exercises.engine.probe_side import ProbeSide
        from caire_exercises.grading.runner import Attempt, run_attempt

        if self.shell is None:
            self.shell = _make_shell(os.path.join(self.root, "ipython"))
        attempt = Attempt(plan=plan, cells=state.cells,
                          exercises=[ProbeSide.of(exercise, sendable=False) for exercise in state.exercises],
                          cases=public_cases, limits=limits, isolation=self.isolation, scratch=scratch,
                          output_fd=output_fd, sock=theirs, environment=environment,
                          readable=self.readable, listable=self.listable, cpu_seconds=budget,
                          shell=self.shell)
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            ours.close()
            forget_private(job, state)
            run_attempt(attempt)
        return child

    def supervise(self, child: int, sock: Any, plan: list[tuple[Any, ...]], state: Any,
                  job_deadline: float, log_path: str = os.devnull) -> None:
        """Follow the child's steps until it is done, dies, overruns a deadline or misbehaves."""
        from caire_exercises.grading.protocol import MessageReader
        from caire_exercises.grading.supervise import Follower

        reader = MessageReader(sock, child)
        follower = Follower(state, plan)
        try:
            pidfd: int | None = os.pidfd_open(child)
        except (AttributeError, OSError):
            pidfd = None
        deadline = time.monotonic() + STARTUP_GRACE
        listening = True
        # When the step in progress began, in wall-clock and in the submission's CPU seconds, and
        # how long it had waited for a CPU by then (a time-out after long waits is the load's).
        step_wall, step_cpu, step_wait = time.monotonic(), 0.0, 0.0
        step_limit: float | None = None

        def overloaded() -> None:
            waited = tree_wait_seconds(child)
            if step_limit and waited is not None and waited - step_wait >= LOAD_SHARE * step_limit:
                state.overloaded_timeouts += 1
        try:
            while True:
                now = time.monotonic()
                limit = min(deadline, job_deadline)
                if now >= limit and limit < job_deadline:
                    extended = _cpu_extension(follower.step_seconds(), now, step_wall, step_cpu, child)
                    if extended is not None:
                        deadline = extended
                        continue
                if now >= limit:
                    overloaded()
                    _kill(child)
                    if not follower.started:
                        raise SandboxFailure("the sandboxed process did not start in time")
                    follower.blame("timeout", "it ran past its time limit")
                    return
                watched = [self.proto_in] + ([sock] if listening else [])
                watched += [pidfd] if pidfd is not None else []
                wait = limit - now if pidfd is not None else min(limit - now, 0.05)
                ready, _, _ = select.select(watched, [], [], wait)
                if self.proto_in in ready:
                    _kill(child)
                    raise GraderGone
                if sock in ready:
                    was_open = follower.open
                    outcome = self._receive(reader, follower)
                    if was_open is not None and follower.open is None and state.timed_out(was_open):
                        overloaded()
                    if outcome in ("done", "anomaly"):
                        if outcome == "anomaly":
                            _kill(child)
                        return
                    if outcome == "closed":
                        listening = False
                    elif outcome == "ok":
                        if (follower.open is None and follower.next_step is not None
                                and state.is_hidden(follower.next_step)
                                and not (state.hidden_log and state.hidden_log[-1][1] is None)):
                            state.hidden_log.append([_size(log_path), None])
                            if not _send_hidden_cases(sock, plan, state, job_deadline):
                                _kill(child)
                                follower.blame("crashed", "it did not take its hidden cases")
                                return
                        step_wall = time.monotonic()
                        deadline = follower.deadline(step_wall, GAP_GRACE, STEP_GRACE, ANSWERS_LIMIT)
                        step_cpu = tree_cpu_seconds(child) or 0.0
                        step_wait = tree_wait_seconds(child) or 0.0
                        step_limit = follower.step_seconds()
                    continue
                exited = (pidfd in ready) if pidfd is not None else _exited(child)
                if exited:
                    # What the child sent before it ended; bounded, as its own children may still write.
                    drain_until = time.monotonic() + 1.0
                    while (listening and time.monotonic() < drain_until
                           and select.select([sock], [], [], 0)[0]):
                        outcome = self._receive(reader, follower)
                        if outcome in ("done", "anomaly"):
                            return
                        listening = outcome != "closed"
                    status = _wait(child)
                    if not follower.started:
                        # No code of the submission runs before the first step begins.
                        raise SandboxFailure(_ending(status))
                    follower.blame("crashed", _ending(status))
                    return
        finally:
            if pidfd is not None:
                os.close(pidfd)
            if reader.foreign:
                state.notes.append(f"{reader.foreign} message(s) from other processes of the "
                                   "submission were ignored")

    def _receive(self, reader: Any, follower: Any) -> str:
        try:
            text = reader.read()
        except ChannelClosed:
            return "closed"
        except (ValueError, OSError, UnicodeDecodeError) as error:
            follower.anomaly(f"unreadable message: {type(error).__name__}: {error}")
            return "anomaly"
        if text is None:
            return "partial"
        try:
            message = _loads_untrusted(text)
        except Exception as error:  # noqa: BLE001 - anything a submission could have sent
            follower.anomaly(f"unreadable message: {type(error).__name__}: {error}", text[:300])
            return "anomaly"
        return follower.accept(message)


def probe_side_modules(names: Any) -> list[str]:
    """Of the modules the judge imported while it warmed up, those a submission's process may hold.

    Libraries and the library's own code, never an exercise: a module that holds an
    :class:`~caire_exercises.authoring.Exercise` or a :class:`~caire_exercises.authoring.Module`
    (a built-in exercise's file, a plug-in's) is left out, and so is every built-in exercise
    module but the probe side (see :mod:`caire_exercises.engine.probe_side`).
    """
    from caire_exercises.engine.probe_side import is_exercise_module
    from caire_exercises.model.exercise import Exercise
    from caire_exercises.model.module import Module

    kept = []
    for name in sorted(names):
        module = sys.modules.get(name)
        if module is None or name == "__main__":
            continue
        if is_exercise_module(name):
            continue
        try:
            values = list(vars(module).values())
        except TypeError:
            continue
        if any(isinstance(value, (Exercise, Module)) for value in values):
            continue
        kept.append(name)
    return kept


class Zygote:
    """The worker's handle on its zygote (:mod:`caire_exercises.grading.zygote`)."""

    READY_SECONDS = 300.0
    FORK_SECONDS = 60.0

    def __init__(self, modules: list[str], ipython_dir: str) -> None:
        import socket
        import subprocess

        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.ready = False
        self.pid = 0
        try:
            # A fresh interpreter, not a fork of the judge: it never held an exercise.
            self.process: Any = subprocess.Popen(
                [sys.executable, "-m", "caire_exercises.grading.zygote", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=2, close_fds=True)
        except OSError:
            self.process = None
        finally:
            theirs.close()
        if self.process is not None:
            self.pid = self.process.pid
            from caire_exercises.engine.probe_side import builtin_probe_modules

            write_frame(self.control.fileno(), _dumps({"modules": modules, "ipython_dir": ipython_dir,
                                                       "probe_modules": builtin_probe_modules()}))

    def wait_ready(self) -> bool:
        if self.ready or self.process is None:
            return self.ready
        try:
            reply = _loads(read_frame(self.control.fileno(), timeout=self.READY_SECONDS))
        except (ChannelClosed, TimeoutError, OSError, ValueError):
            return False
        self.ready = reply.get("type") == "ready"
        return self.ready

    def warm(self, modules: list[str]) -> None:
        """Have the zygote import `modules` too (see :meth:`Worker.warm_zygote`)."""
        from caire_exercises.grading.protocol import send_fds

        if self.process is None or not self.wait_ready():
            return
        try:
            send_fds(self.control, [])
            write_frame(self.control.fileno(), _dumps({"type": "warm", "modules": modules}))
            _loads(read_frame(self.control.fileno(), timeout=self.READY_SECONDS))
        except (OSError, ChannelClosed, TimeoutError, ValueError):
            pass  # a zygote that died is started again at the next fork

    def fork(self, fds: list[int]) -> int:
        """Fork a submission's process with `fds` (its channel, its output); its pid (our child now)."""
        from caire_exercises.grading.protocol import send_fds

        if self.process is None or not self.wait_ready():
            raise ChannelClosed
        send_fds(self.control, fds)
        write_frame(self.control.fileno(), _dumps({"type": "fork"}))
        reply = _loads(read_frame(self.control.fileno(), timeout=self.FORK_SECONDS))
        if reply.get("type") != "forked":
            raise ValueError(str(reply.get("reason", reply))[:500])
        return int(reply["pid"])

    def stop(self) -> None:
        try:
            self.control.close()
        except OSError:
            pass
        if self.process is not None:
            try:
                self.process.kill()
                self.process.wait(timeout=10)
            except Exception:  # noqa: BLE001, S110 - already gone
                pass


def forget_private(job: dict[str, Any], state: Any) -> None:
    """In the submission's process, before its code runs: drop what only the judge may know.

    The fork copied the worker's job and cases, private parts included (held-out
    labels, planted outliers); they are removed in place, so that no frame or
    object the submission can reach still holds them. Hidden cases lose their
    inputs too: the runner receives them after the last visible step.
    """
    from caire_exercises.model.exercise import Case

    for item in job.get("exercises") or []:
        for case in item.get("cases") or []:
            case.pop("private", None)
            if case.get("hidden"):
                # Hidden inputs arrive after the cells (see the worker's supervise).
                case["args"], case["kwargs"] = (), {}
    for cases in state.cases:
        if isinstance(cases, list):
            cases[:] = [Case(case.name, hidden=True) if case.hidden else case.public() for case in cases]


def tree_wait_seconds(pid: int) -> float | None:
    """How long `pid` and its descendants waited for a CPU while ready to run (the kernel's
    schedstat run-queue delay), from /proc; None when the kernel does not keep it."""
    total = 0.0
    for member in _tree(pid, _process_table()):
        try:
            with open(f"/proc/{member}/schedstat", "rb") as handle:
                fields = handle.read().split()
            total += int(fields[1]) / 1e9
        except (OSError, IndexError, ValueError):
            if member == pid:
                return None
    return total


def _process_table() -> dict[int, tuple[int, float]] | None:
    """Every process /proc shows: its parent and its CPU seconds (user and system, every thread,
    with its collected children's); None when /proc cannot be read."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    table: dict[int, tuple[int, float]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return None
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                raw = handle.read().decode("ascii", "replace")
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields start after the last ")".
        fields = raw[raw.rfind(")") + 2:].split()
        if len(fields) >= 15:
            table[int(name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]) / ticks)
    return table


def _tree(pid: int, table: dict[int, tuple[int, float]] | None) -> list[int]:
    """`pid` and its descendants (only `pid` when /proc cannot tell)."""
    if not table:
        return [pid]
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        found.append(current)
        frontier.extend(child for child, (parent, _) in table.items() if parent == current)
    return found


def tree_cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system, every thread) of `pid` and of its descendants, from /proc.

    None when /proc cannot tell (not Linux, or `pid` gone). Descendants that already ended
    and were collected count through their parent's ``cutime``/``cstime``.
    """
    table = _process_table()
    if table is None or pid not in table:
        return None
    return sum(table[member][1] for member in _tree(pid, table) if member in table)


def _cpu_extension(limit: float | None, now: float, step_wall: float, step_cpu: float,
                   child: int) -> float | None:
    """A later deadline for a step that reached its wall-clock deadline without using its CPU time.

    The step gets the CPU seconds it has not used yet (plus the grace), up to
    :data:`WALL_CEILING` times its limit of wall-clock time; None when it used its time,
    reached the ceiling, or its CPU time cannot be read.
    """
    if limit is None:
        return None
    used = tree_cpu_seconds(child)
    if used is None:
        return None
    spent = used - step_cpu
    ceiling = step_wall + WALL_CEILING * limit + STEP_GRACE + 1
    if spent >= limit or now >= ceiling:
        return None
    return min(now + (limit - spent) + STEP_GRACE, ceiling)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _exited(pid: int) -> bool:
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _wait(pid: int) -> int | None:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _ending(status: int | None) -> str:
    """How a submission's process ended, in words for the teacher and the learner."""
    if status is None:
        return "the process ended"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if number == signal.SIGXCPU:
            return "the process reached its CPU-time limit"
        if number == signal.SIGKILL:
            return "the process was killed (SIGKILL: memory, process limit or a kill from the notebook)"
        return f"the process was stopped by signal {name}"
    return f"the process ended with exit status {os.waitstatus_to_exitcode(status)} (os._exit, exit or a crash)"


def _memory_kb(field_name: str, pid: int | str = "self") -> int:
    path = f"/proc/{pid}/smaps_rollup" if field_name == "Pss" else f"/proc/{pid}/status"
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _send_hidden_cases(sock: Any, plan: list[tuple[Any, ...]], state: Any, job_deadline: float) -> bool:
    """Send the public part of this attempt's hidden cases to the child; False if it does not take them."""
    from caire_exercises.engine.plain import dumps
    from caire_exercises.grading.jobs import case_to_plain
    from caire_exercises.grading.protocol import send_message

    hidden = [[step[1], step[2], case_to_plain(state.cases[step[1]][step[2]].public())]
              for step in plan if state.is_hidden(step)]
    try:
        sock.settimeout(max(1.0, min(60.0, job_deadline - time.monotonic())))
        send_message(sock, dumps(hidden))
    except OSError:
        return False
    finally:
        sock.settimeout(None)
    return True


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _tail(path: str, limit: int, hidden: Any = ()) -> str:
    """The last `limit` bytes of the log, without what was written while hidden cases ran."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            kept, start = [], 0
            for begin, end in hidden:
                kept.append((start, min(begin, size)))
                start = size if end is None else end
            kept.append((start, size))
            pieces, wanted = [], limit
            for begin, end in reversed(kept):
                if wanted <= 0:
                    break
                if end > begin:
                    handle.seek(max(begin, end - wanted))
                    piece = handle.read(end - max(begin, end - wanted))
                    pieces.append(piece)
                    wanted -= len(piece)
            return b"".join(reversed(pieces)).decode("utf-8", "replace")
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(main())
