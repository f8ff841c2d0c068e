"""What crosses between the grader, its workers and the sandboxed submissions.

Two channels, both carrying JSON text only (arrays as ``.npy`` without pickles,
see :mod:`caire_exercises.engine.plain`); nothing is ever unpickled:

* grader ⇄ worker: frames of an 8-byte length and a JSON document over the
  worker's standard input and output. The worker is the grader's own code,
  started without the course secret.
* sandboxed submission → worker: messages over a ``SOCK_SEQPACKET`` Unix
  socket. The kernel attaches the sender's process id to each message, so the
  worker only hears the process it started; whatever that process says is
  *untrusted*: every message is checked and reduced to the plain fields a
  judge needs (:func:`clean_outcome`, :func:`clean_cell`, :func:`clean_note`).
"""

from __future__ import annotations

import array

import os
import select
import socket
import struct
import time
from collections.abc import Mapping
from typing import Any

from caire_exercises.engine.checking import shorten_error
from caire_exercises.model.i18n import Message, translations

#: Largest message a submission may send (its outcomes included), and the most per attempt.
MAX_MESSAGE_BYTES = 64 * 2**20
MAX_ATTEMPT_BYTES = 256 * 2**20
_CHUNK = 60_000

OUTCOME_STATUSES = frozenset({"ok", "error", "timeout", "skipped", "not_plain"})
CELL_STATUSES = frozenset({"ok", "error", "timeout", "crashed", "interfered", "skipped"})


class ChannelClosed(Exception):
    """The other end went away."""


# ------------------------------------------------------------ grader ⇄ worker


def write_frame(fd: int, text: str) -> None:
    data = text.encode("utf-8")
    payload = struct.pack(">Q", len(data)) + data
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_frame(fd: int, *, timeout: float | None = None) -> str:
    """One frame from `fd`; raises :class:`ChannelClosed` at end of file, TimeoutError after `timeout`."""
    deadline = None if timeout is None else time.monotonic() + timeout
    header = _read_exactly(fd, 8, deadline)
    (length,) = struct.unpack(">Q", header)
    return _read_exactly(fd, length, deadline).decode("utf-8")


def _read_exactly(fd: int, count: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    remaining = count
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


# --------------------------------------------------------- submission → worker


def send_message(sock: socket.socket, text: str) -> None:
    """Send `text` as one logical message (continuation parts, then a final part)."""
    data = text.encode("utf-8")
    parts = [data[start:start + _CHUNK] for start in range(0, len(data), _CHUNK)] or [b""]
    for part in parts[:-1]:
        sock.sendall(b"C" + part)
    sock.sendall(b"M" + parts[-1])


def receive_message(sock: socket.socket) -> bytes:
    """One logical message sent with :func:`send_message` (the sandbox's side of a channel)."""
    parts: list[bytes] = []
    while True:
        data = sock.recv(_CHUNK + 1)
        if not data:
            raise ConnectionError("the worker closed the channel")
        parts.append(data[1:])
        if data[:1] == b"M":
            return b"".join(parts)


def channel() -> tuple[socket.socket, socket.socket]:
    """A socket pair whose first end receives the sender's credentials with each message.

    The option is set before anything can be sent: the kernel attaches the
    credentials when a message is sent, not when it is read.
    """
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    return ours, theirs


class MessageReader:
    """Reassembles the messages of one process on the worker's side of a :func:`channel`."""

    def __init__(self, sock: socket.socket, sender: int) -> None:
        self.sock = sock
        self.sender = sender
        self.parts: list[bytes] = []
        self.size = 0
        self.total = 0
        self.foreign = 0

    def read(self) -> str | None:
        """The next complete message, ``None`` if only a part arrived; raises ValueError when over a limit."""
        data, ancillary, _, _ = self.sock.recvmsg(_CHUNK + 16, socket.CMSG_SPACE(12))
        if not data:
            raise ChannelClosed
        pid = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[:12])[0]
        if pid != self.sender:
            self.foreign += 1
            return None
        self.total += len(data)
        self.size += len(data)
        if self.size > MAX_MESSAGE_BYTES or self.total > MAX_ATTEMPT_BYTES:
            raise ValueError("the submission sent more data than allowed")
        self.parts.append(data[1:])
        if data[:1] == b"C":
            return None
        if data[:1] != b"M":
            raise ValueError("malformed message")
        text = b"".join(self.parts).decode("utf-8")
        self.parts, self.size = [], 0
        return text


# ------------------------------------------------------------------ cleaning


def _text(value: Any, limit: int) -> str:
    return (value if isinstance(value, str) else str(value))[:limit]


def clean_outcome(raw: Any, seconds: float) -> dict[str, Any]:
    """An outcome from a submission reduced to the fields the judge reads; ValueError if malformed."""
    if not isinstance(raw, Mapping) or raw.get("status") not in OUTCOME_STATUSES:
        raise ValueError("malformed outcome")
    status = raw["status"]
    if status == "ok":
        if "data" not in raw:
            raise ValueError("outcome without data")
        return {"status": "ok", "data": raw["data"]}
    if status == "error":
        line = raw.get("line")
        return {"status": "error", "type": _text(raw.get("type", "Exception"), 80),
                "message": shorten_error(_text(raw.get("message", ""), 20_000)),
                "line": line if isinstance(line, int) and not isinstance(line, bool) else None,
                "code": _text(raw.get("code", ""), 300), "function": _text(raw.get("function", ""), 80)}
    if status == "not_plain":
        return {"status": "not_plain", "message": _text(raw.get("message", ""), 300)}
    return {"status": status, "seconds": seconds}


def clean_cell(raw: Any) -> dict[str, Any]:
    """A cell's report from a submission: status and, on error, the exception's type, message and line."""
    if not isinstance(raw, Mapping) or raw.get("status") not in ("ok", "error", "timeout"):
        raise ValueError("malformed cell report")
    cell: dict[str, Any] = {"status": raw["status"]}
    error = raw.get("error")
    if isinstance(error, Mapping):
        line = error.get("line")
        cell["error"] = {"type": _text(error.get("type", ""), 80),
                         "message": _text(error.get("message", ""), 300),
                         "line": line if isinstance(line, int) and not isinstance(line, bool) else None}
    return cell


def clean_note(raw: Any, depth: int = 0) -> Message | None:
    """A message from a submission, kept only if it is one of the engine's own (translated) messages.

    Its values are kept as short texts, or as nested messages (the engine's own, or a short
    phrase of no placeholders, such as a type's name), never deeper than three levels.
    """
    if not isinstance(raw, Mapping) or not isinstance(raw.get("template"), str):
        return None
    template = raw["template"]
    if translations("fr").gettext(template) == template:
        return None
    values = raw.get("values")
    if not isinstance(values, Mapping):
        return None
    return Message(template, {str(key)[:40]: _clean_value(value, depth) for key, value in values.items()})


def _clean_value(value: Any, depth: int) -> Any:
    if isinstance(value, Mapping) and depth < 3:
        nested = value.get("message")
        if isinstance(nested, Mapping):
            kept = clean_note(nested, depth + 1)
            if kept is not None:
                return kept
            phrase = nested.get("template")
            if isinstance(phrase, str) and "{" not in phrase and not nested.get("values"):
                return Message(phrase[:200])
        text = value.get("text")
        if isinstance(text, Mapping):
            from caire_exercises.model.i18n import Text

            return Text(en=_text(text.get("en", ""), 200), fr=_text(text.get("fr", ""), 200))
    return _text(value, 200)


def receive_fds(control: socket.socket) -> list[int]:
    """The file descriptors sent before a frame (SCM_RIGHTS): two with an attempt, none otherwise."""
    fds = array.array("i")
    data, ancillary, _, _ = control.recvmsg(1, socket.CMSG_SPACE(2 * fds.itemsize))
    if not data:
        raise ChannelClosed
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
    return list(fds)


def send_fds(control: socket.socket, fds: list[int]) -> None:
    """The worker's side of :func:`receive_fds`."""
    ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
    control.sendmsg([b"F"], ancillary)
