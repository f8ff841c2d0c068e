"""Progress: every check a learner makes, kept in a small SQLite file.

The file lives in the user's data folder (``platformdirs``), or in
``CAIRE_DATA_DIR`` when set. A read-only or full disk never breaks a check:
recording degrades to one warning per session and the check goes on. A file
that is not a database any more (a crash, a bad sync) is moved aside and a new
one started. ``CAIRE_PROGRESS=off`` turns recording off.
"""

from __future__ import annotations

import contextlib
import html
import os
import sqlite3
import sys
import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caire_exercises.model.i18n import N_, Text, resolve_language, translate

if TYPE_CHECKING:
    from caire_exercises.engine.report import Result

_warned = False

_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    student TEXT,
    exercise TEXT NOT NULL,
    module TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL
)
"""


def progress_path() -> Path:
    """Where progress is kept: ``$CAIRE_DATA_DIR/progress.sqlite`` or the user's data folder."""
    folder = os.environ.get("CAIRE_DATA_DIR")
    if folder:
        return Path(folder) / "progress.sqlite"
    from platformdirs import user_data_path

    return user_data_path("caire-exercises", appauthor=False) / "progress.sqlite"


_connections: dict[Path, sqlite3.Connection] = {}

_NOT_RECORDED = Text(
    en="caire-exercises could not record your progress ({error}); checks still work, but "
       "cx.progress() will not show them.",
    fr="caire-exercises n'a pas pu enregistrer votre progression ({error}) ; les vérifications "
       "marchent toujours, mais cx.progress() ne les montrera pas.")
_NOT_READ = Text(
    en="caire-exercises could not read your progress ({error}).",
    fr="caire-exercises n'a pas pu lire votre progression ({error}).")
_MOVED_ASIDE = Text(
    en="Your progress file was damaged; it was moved to {path} and a new one started.",
    fr="Votre fichier de progression était endommagé ; il a été déplacé vers {path} et un "
       "nouveau fichier a été créé.")


def _warn(text: str, stacklevel: int) -> None:
    """Warn, never raise: a learner's ``warnings.simplefilter("error")`` must not break a check."""
    try:
        warnings.warn(text, RuntimeWarning, stacklevel=stacklevel + 1)
    except Exception:  # noqa: BLE001 - the warning turned into an exception by a filter
        with contextlib.suppress(Exception):
            print(f"RuntimeWarning: {text}", file=sys.stderr)


def recording_enabled() -> bool:
    """Whether checks are recorded (``CAIRE_PROGRESS=off`` turns it off)."""
    value = os.environ.get("CAIRE_PROGRESS", "on").strip().lower()
    return value not in {"off", "0", "no", "false"}


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5, check_same_thread=False)
    try:
        # Progress is a convenience, not a gradebook: losing the last check on a power cut is
        # acceptable, an fsync per check (about 20 ms here) is not.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
    except BaseException:
        connection.close()
        raise
    return connection


def _is_damaged(error: sqlite3.Error) -> bool:
    """A file that is not an SQLite database, or a corrupt one (not a lock, not a full disk)."""
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def _connect() -> sqlite3.Connection:
    """A connection kept for the session: a check must not pay for opening the file each time."""
    path = progress_path()
    if path not in _connections:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = _open(path)
        except sqlite3.DatabaseError as error:
            if not _is_damaged(error):
                raise
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(path, aside)
            for suffix in ("-wal", "-shm"):
                stale = path.with_name(path.name + suffix)
                if stale.exists():
                    os.replace(stale, aside.with_name(aside.name + suffix))
            _warn(_MOVED_ASIDE.render(path=str(aside)), stacklevel=5)
            connection = _open(path)
        _connections[path] = connection
    return _connections[path]


def record(result: Result, *, module: str) -> bool:
    """Store one check; returns False (with one warning per session) if the disk refuses.

    Never raises for a reason of the disk or the database: a check must not break because
    its progress could not be kept.
    """
    global _warned
    if not recording_enabled():
        return False
    try:
        for attempt in range(4):
            try:
                connection = _connect()
                with connection:
                    connection.execute(
                        "INSERT INTO checks (at, student, exercise, module, status, score) "
                        "VALUES (?,?,?,?,?,?)",
                        (time.time(), result.student, result.exercise_id, module, result.status,
                         result.score))
                return True
            except sqlite3.OperationalError as error:
                # Two kernels creating the file at once: switching it to WAL can fail at once
                # with "database is locked" (SQLite's busy timeout does not cover it). Retry.
                text = str(error).lower()
                if attempt == 3 or not ("locked" in text or "busy" in text):
                    raise
                with contextlib.suppress(Exception):
                    _connections.pop(progress_path()).close()
                time.sleep(0.05 * 2**attempt)
        return False
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(Exception):  # opened again next time (the disk may come back)
            _connections.pop(progress_path()).close()
        if not _warned:
            _warned = True
            _warn(_NOT_RECORDED.render(error=str(error)), stacklevel=4)
        return False


@dataclass
class Progress:
    """A learner's progress: the best result of each exercise, grouped by module."""

    rows: list[dict[str, Any]]

    def by_module(self) -> dict[str, dict[str, int]]:
        """Passed, tried and total exercises of each module, in the catalogue's order."""
        from caire_exercises.engine.module_titles import module_order
        from caire_exercises.engine.registry import registry

        totals: dict[str, dict[str, int]] = defaultdict(lambda: {"passed": 0, "tried": 0, "total": 0})
        for exercise in registry().exercises():
            totals[exercise.module]["total"] += 1
        for row in self.rows:
            entry = totals[row["module"]]
            entry["tried"] += 1
            entry["passed"] += int(row["status"] == "passed")
        return {module: totals[module] for module in module_order(list(totals))}

    def text(self, language: str | None = None) -> str:
        from caire_exercises.engine.module_titles import module_heading

        lang = resolve_language(language)
        header = [translate(N_("module"), lang), translate(N_("passed"), lang),
                  translate(N_("tried"), lang), translate(N_("exercises"), lang)]
        modules = self.by_module()
        titles = {module: module_heading(module, lang) for module in modules}
        width = max([len(header[0]), *map(len, titles.values())])
        lines = [f"{header[0]:<{width}} {header[1]:>8} {header[2]:>8} {header[3]:>10}"]
        for module, entry in modules.items():
            lines.append(f"{titles[module]:<{width}} {entry['passed']:>8} {entry['tried']:>8} "
                         f"{entry['total']:>10}")
        if not self.rows:
            lines.append(translate(N_("No checks recorded yet."), lang))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        from caire_exercises.engine.module_titles import module_heading

        lang = resolve_language(None)
        modules = list(self.by_module().items())
        label, bar, bar_height = 320, 300, 18
        width = label + bar + 10
        height = bar_height * len(modules) + 10
        bars = []
        for row, (module, entry) in enumerate(modules):
            y = 5 + row * bar_height
            total = max(entry["total"], 1)
            done = bar * entry["passed"] / total
            tried = bar * entry["tried"] / total
            bars.append(
                f"<text x='0' y='{y + 12}' font-size='12'>{html.escape(module_heading(module, lang))}</text>"
                f"<rect x='{label}' y='{y + 2}' width='{bar}' height='12' fill='#eaeef2'/>"
                f"<rect x='{label}' y='{y + 2}' width='{tried:.1f}' height='12' fill='#f4d58d'/>"
                f"<rect x='{label}' y='{y + 2}' width='{done:.1f}' height='12' fill='#2da44e'/>")
        legend = html.escape(translate(N_("green: passed; yellow: tried, not yet passed"), lang))
        svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
               f"role='img' aria-label='{legend}'>{''.join(bars)}</svg>")
        table = html.escape(self.text(lang))
        return f"<div>{svg}<p style='font-size:12px'>{legend}</p><pre>{table}</pre></div>"


def progress(*, student: str | None = None) -> Progress:
    """This learner's progress: the best result per exercise (table, and bars in Jupyter)."""
    from caire_exercises.session.learner import get_student

    who = student if student is not None else get_student()
    rows: list[dict[str, Any]] = []
    try:
        path = progress_path()
        if path.exists():
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
            # A check with no answer written yet ("not_attempted") is not a try.
            query = ("SELECT exercise, module, MAX(score), "
                     "MAX(CASE status WHEN 'passed' THEN 1 ELSE 0 END) FROM checks "
                     "WHERE student IS ? AND status != 'not_attempted' "
                     "GROUP BY exercise, module ORDER BY module, exercise")
            for exercise, module, score, passed in connection.execute(query, (who,)):
                rows.append({"exercise": exercise, "module": module, "score": score,
                             "status": "passed" if passed else "tried"})
            connection.close()
    except (OSError, sqlite3.Error) as error:
        _warn(_NOT_READ.render(error=str(error)), stacklevel=2)
    return Progress(rows)
