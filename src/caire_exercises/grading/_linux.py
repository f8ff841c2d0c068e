"""The few Linux system calls the sandbox needs, through ctypes (no compiled extension)."""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REC = 0x4000
MS_PRIVATE = 1 << 18


@functools.lru_cache(maxsize=1)
def libc() -> ctypes.CDLL:
    """The C library, already loaded in the process.

    ``ctypes.util.find_library`` would start a subprocess, which must never
    happen before a new PID namespace has its first process (that process
    would become the namespace's init and take the namespace with it).
    """
    return ctypes.CDLL(None, use_errno=True)


def prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    library = libc()
    library.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return bool(library.prctl(option, value, 0, 0, 0) == 0)


def unshare(flags: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    return bool(libc().unshare(flags) == 0)


def mount(source: str | None, target: str, fstype: str | None, flags: int) -> bool:
    library = libc()
    library.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong,
                              ctypes.c_void_p]

    def encode(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    return bool(library.mount(encode(source), encode(target), encode(fstype), flags, None) == 0)


def syscall(number: int, *args: Any) -> int:
    library = libc()
    library.syscall.restype = ctypes.c_long
    return int(library.syscall(number, *args))
