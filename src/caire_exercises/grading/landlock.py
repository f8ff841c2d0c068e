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
                      write_files: Sequence[str] = ()) -> bool:
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
