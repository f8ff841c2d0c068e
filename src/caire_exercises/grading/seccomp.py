"""A seccomp filter for what namespaces do not cover: system calls a submission never needs.

Installed in each submission's process (after ``no_new_privs``, so no
privilege is needed), it makes these calls fail with ``EPERM``:

* the kernel's own attack surface: ``bpf``, ``perf_event_open``, ``userfaultfd``,
  ``io_uring_*``, keyrings (``add_key``, ``request_key``, ``keyctl``), module
  loading and ``kexec``, ``ptrace`` and ``process_vm_*``;
* what changes the machine or the sandbox: ``sethostname``, ``setdomainname``,
  ``mount`` and the new mount API, ``pivot_root``, ``chroot``, ``swapon``,
  ``reboot``, ``acct``, ``unshare``, ``setns``, ``mknod`` (devices),
  ``open_by_handle_at``;
* real-time scheduling (``sched_setscheduler``, ``sched_setparam``,
  ``sched_setattr``), which would starve the other submissions of the batch;
* System V IPC (``shmget``, ``semget``, ``msgget``...), whose objects would
  outlive the submission in a worker shared by several.

System calls of another ABI than the machine's own (32-bit calls on x86-64)
are refused as a whole, so that no call can take a number the filter does not
list. The filter is a classic BPF program, written here without libseccomp.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

from caire_exercises.grading._linux import libc

PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000

_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06

#: Per machine: the audit architecture, the first number of a foreign ABI to refuse (x32), and
#: the numbers of the calls refused.
_TABLES: dict[str, tuple[int, int | None, dict[str, int]]] = {
    "x86_64": (0xC000003E, 0x40000000, {
        "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425,
        "io_uring_enter": 426, "io_uring_register": 427, "add_key": 248, "request_key": 249,
        "keyctl": 250, "init_module": 175, "finit_module": 313, "delete_module": 176,
        "kexec_load": 246, "kexec_file_load": 320, "ptrace": 101, "process_vm_readv": 310,
        "process_vm_writev": 311, "sethostname": 170, "setdomainname": 171, "mount": 165,
        "umount2": 166, "pivot_root": 155, "chroot": 161, "swapon": 167, "swapoff": 168,
        "reboot": 169, "acct": 163, "unshare": 272, "setns": 308, "mknod": 133, "mknodat": 259,
        "open_by_handle_at": 304, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
        "sched_setscheduler": 144, "sched_setparam": 142, "sched_setattr": 314,
        "shmget": 29, "shmat": 30, "shmctl": 31, "shmdt": 67, "semget": 64, "semop": 65,
        "semctl": 66, "semtimedop": 220, "msgget": 68, "msgsnd": 69, "msgrcv": 70, "msgctl": 71,
    }),
    "aarch64": (0xC00000B7, None, {
        "bpf": 280, "perf_event_open": 241, "userfaultfd": 282, "io_uring_setup": 425,
        "io_uring_enter": 426, "io_uring_register": 427, "add_key": 217, "request_key": 218,
        "keyctl": 219, "init_module": 105, "finit_module": 273, "delete_module": 106,
        "kexec_load": 104, "kexec_file_load": 294, "ptrace": 117, "process_vm_readv": 270,
        "process_vm_writev": 271, "sethostname": 161, "setdomainname": 162, "mount": 40,
        "umount2": 39, "pivot_root": 41, "chroot": 51, "swapon": 224, "swapoff": 225,
        "reboot": 142, "acct": 89, "unshare": 97, "setns": 268, "mknodat": 33,
        "open_by_handle_at": 265, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
        "sched_setscheduler": 119, "sched_setparam": 118, "sched_setattr": 274,
        "shmget": 194, "shmat": 196, "shmctl": 195, "shmdt": 197, "semget": 190, "semop": 193,
        "semctl": 191, "semtimedop": 192, "msgget": 186, "msgsnd": 189, "msgrcv": 188, "msgctl": 187,
    }),
}


def refused_calls() -> dict[str, int]:
    """The system calls the filter refuses on this machine (empty where it has no table)."""
    table = _TABLES.get(platform.machine())
    return dict(table[2]) if table else {}


def _instruction(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


def program() -> bytes | None:
    """The filter as a BPF program (``struct sock_filter`` entries), or None on another machine."""
    table = _TABLES.get(platform.machine())
    if table is None:
        return None
    arch, foreign, calls = table
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    numbers = sorted(set(calls.values()))
    code = [_instruction(_BPF_LD_W_ABS, 0, 0, 4),            # seccomp_data.arch
            _instruction(_BPF_JEQ_K, 1, 0, arch),
            _instruction(_BPF_RET_K, 0, 0, deny),              # another ABI: refused whole
            _instruction(_BPF_LD_W_ABS, 0, 0, 0)]              # seccomp_data.nr
    if foreign is not None:
        code += [_instruction(_BPF_JGE_K, 0, 1, foreign), _instruction(_BPF_RET_K, 0, 0, deny)]
    for index, number in enumerate(numbers):
        # Equal: jump to the "deny" at the end; otherwise on to the next comparison.
        code.append(_instruction(_BPF_JEQ_K, len(numbers) - index, 0, number))
    code += [_instruction(_BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), _instruction(_BPF_RET_K, 0, 0, deny)]
    return b"".join(code)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> bool:
    """Install the filter on this process and its future children; whether it is in force.

    Needs ``no_new_privs`` (or privileges); it cannot be removed afterwards.
    """
    code = program()
    if code is None:
        return False
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _SockFprog(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    library = libc()
    library.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    try:
        return bool(library.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0)
    finally:
        library.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                                  ctypes.c_ulong]
