"""Landlock (Linux 5.13+, no privilege needed): what a submission may read and write.

A process restricts itself and all the processes it will start: writes only
beneath the folders it allows (the scratch folder), reads only beneath the
folders it allows (the Python installation and the system's folders), no TCP
(ABI 4) and no signal or abstract socket towards a process outside the
sandbox (ABI 6). Restrictions can only be added, never removed.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from caire_exercises.grading._linux import syscall

_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_LANDLOCK_RULE_PATH_BENEATH = 1

_FS_EXECUTE = 1 << 0
_FS_WRITE_FILE = 1 << 1
_FS_READ_FILE = 1 << 2
_FS_READ_DIR = 1 << 3
_FS_REMOVE_DIR = 1 << 4
_FS_REMOVE_FILE = 1 << 5
_FS_MAKE_CHAR = 1 << 6
_FS_MAKE_DIR = 1 << 7
_FS_MAKE_REG = 1 << 8
_FS_MAKE_SOCK = 1 << 9
_FS_MAKE_FIFO = 1 << 10
_FS_MAKE_BLOCK = 1 << 11
_FS_MAKE_SYM = 1 << 12
_FS_REFER = 1 << 13       # ABI 2
_FS_TRUNCATE = 1 << 14    # ABI 3
_NET_BIND_TCP = 1 << 0    # ABI 4
_NET_CONNECT_TCP = 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
_SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE
_READ_RIGHTS = _FS_EXECUTE | _FS_READ_FILE | _FS_READ_DIR

#: Folders every Python process may need to read: the interpreter's own files are added at run time.
_SYSTEM_READ = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc", "/opt", "/dev", "/proc",
                "/sys", "/run/systemd/resolve", "/nix/store", "/snap")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi_version() -> int:
    """The Landlock ABI version of this kernel (0 when Landlock is not available)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                           ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(version, 0)


def restrict(abi: int, *, writable: Sequence[str], readable: Sequence[str],
             write_files: Sequence[str] = (), listable: Sequence[str] = ()) -> bool:
    """Restrict this process and its future children: write in `writable`, read in `readable`.

    Also forbids TCP (ABI 4) and signals or abstract sockets towards processes
    outside the sandbox (ABI 6). Returns whether the restriction is in force.
    """
    if abi < 1:
        return False
    writes = (_FS_WRITE_FILE | _FS_REMOVE_DIR | _FS_REMOVE_FILE | _FS_MAKE_CHAR | _FS_MAKE_DIR
              | _FS_MAKE_REG | _FS_MAKE_SOCK | _FS_MAKE_FIFO | _FS_MAKE_BLOCK | _FS_MAKE_SYM)
    if abi >= 2:
        writes |= _FS_REFER
    if abi >= 3:
        writes |= _FS_TRUNCATE
    handled = writes | _READ_RIGHTS
    attr = _RulesetAttr(handled_access_fs=handled,
                        handled_access_net=(_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        scoped=(_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                       ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        rules = [(path, handled) for path in writable]
        rules += [(path, _READ_RIGHTS) for path in readable]
        # Folders whose names may be listed but whose files are not all readable (see carve).
        rules += [(path, _FS_READ_DIR) for path in listable]
        rules += [(path, _FS_WRITE_FILE | _FS_READ_FILE | (_FS_TRUNCATE if abi >= 3 else 0))
                  for path in write_files]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    rights &= _FILE_RIGHTS
                beneath = _PathBeneathAttr(allowed_access=rights & handled, parent_fd=fd)
                syscall(_SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                         ctypes.c_int(_LANDLOCK_RULE_PATH_BENEATH), ctypes.byref(beneath),
                         ctypes.c_uint32(0))
            finally:
                os.close(fd)
        return syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)


def readable_paths(extra: Iterable[str] = ()) -> list[str]:
    """What a submission may read: the system folders, the interpreter, the packages, `extra`."""
    paths = {*_SYSTEM_READ, sys.prefix, sys.base_prefix, sys.exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable)), *extra}
    paths.update(entry for entry in sys.path if entry and os.path.isdir(entry))
    try:
        from caire_exercises.data import bundled_root

        paths.add(str(bundled_root()))
    except Exception:  # noqa: BLE001, S110 - a missing data folder only means nothing to allow
        pass
    resolved = set()
    for path in paths:
        if os.path.exists(path):
            resolved.add(path)
            resolved.add(os.path.realpath(path))
    return sorted(resolved)


# ------------------------------------------------------------------ what stays unread


def answer_content() -> set[str]:
    """The files and folders a submission must not read: the exercises' own files and the answer keys.

    The built-in exercises' files hold their references, declared mistakes and
    quiz wiring; only the probe side of the package stays readable (each
    module's ``probes.py`` and ``_common.py``, the shared ``_values.py``; see
    :mod:`caire_exercises.engine.probe_side`). Data sets whose datasheet marks
    them ``answer_key`` (the quiz item banks, the annotated summaries) are left
    out whole.
    """
    import json
    from pathlib import Path

    hidden: set[str] = set()
    try:
        import caire_exercises.exercises as builtin
    except Exception:  # noqa: BLE001 - no built-in exercises: nothing of theirs to hide
        builtin = None
    if builtin is not None:
        root = Path(builtin.__file__).resolve().parent
        for path in root.rglob("*"):
            if path.is_file() and not _probe_side_file(path, root):
                hidden.add(str(path))
    try:
        from caire_exercises.data import bundled_root

        data = Path(bundled_root()).resolve()
        for meta in data.glob("*/meta.json"):
            try:
                if json.loads(meta.read_text(encoding="utf-8")).get("answer_key"):
                    hidden.add(str(meta.parent))
            except (OSError, ValueError):
                hidden.add(str(meta.parent))
    except Exception:  # noqa: BLE001, S110 - no bundled data: nothing to hide there
        pass
    return hidden


def _probe_side_file(path: Any, root: Any) -> bool:
    """Whether `path` (a file of the built-in exercises' package at `root`, or its bytecode) is
    of the probe side (see :data:`caire_exercises.engine.probe_side.PROBE_SIDE`)."""
    from caire_exercises.engine.probe_side import PROBE_SIDE

    relative = path.relative_to(root).parts
    stem = path.name.split(".")[0]
    if path.parent.name == "__pycache__":
        relative = relative[:-2] + (relative[-1],)
    if len(relative) == 1:
        return stem == "__init__" or stem in PROBE_SIDE
    return len(relative) == 2 and stem in PROBE_SIDE


def carve(readable: Iterable[str], hidden: Iterable[str]) -> tuple[list[str], list[str]]:
    """`readable` without `hidden`: a folder that holds hidden files is replaced by its other entries.

    Returns the folders and files to read, and the folders whose names may only
    be listed (the ancestors of hidden files, so that imports can look in them).
    """
    hidden_set = {os.path.realpath(path) for path in hidden}
    ancestors: set[str] = set()
    for path in hidden_set:
        parent = os.path.dirname(path)
        while parent and parent not in ancestors:
            ancestors.add(parent)
            if parent == os.path.dirname(parent):
                break
            parent = os.path.dirname(parent)
    allowed: set[str] = set()
    listable: set[str] = set()

    def inside_hidden(path: str) -> bool:
        return any(path == item or path.startswith(item + os.sep) for item in hidden_set)

    seen: set[str] = set()

    def add(path: str) -> None:
        if path in seen or inside_hidden(path):
            return
        seen.add(path)
        if path not in ancestors:
            allowed.add(path)
            return
        listable.add(path)
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            add(os.path.realpath(entry.path))

    for path in readable:
        add(os.path.realpath(path))
    # A folder given whole stays whole unless it holds something hidden (handled above).
    return sorted(allowed), sorted(listable - allowed)
