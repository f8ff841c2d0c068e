"""Results of checks, and how they show in a notebook (HTML) and in a terminal (text).

A :class:`Result` holds plain data only (strings, numbers, messages), so the
batch grader can store it as JSON and render it later in either language.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from caire_exercises.model.i18n import N_, Message, Text, message, resolve_language, translate

if TYPE_CHECKING:
    from caire_exercises.model.exercise import Exercise

Status = Literal["passed", "failed", "not_attempted", "error", "timeout", "ungradable"]


@dataclass
class CaseResult:
    """One case of a check: its name, whether it passed and what to tell the learner."""

    name: str
    passed: bool
    status: str
    message: Message | None = None
    hidden: bool = False
    label: Text | None = None
    weight: float = 1.0
    expected: str | None = None
    obtained: str | None = None
    mistake: str | None = None
    figure: str | None = None

    def message_in(self, language: str | None = None) -> str:
        if self.message is None:
            return ""
        if self.hidden:
            return _hidden_message(self, resolve_language(language))
        return self.message.render(language)

    def to_plain(self) -> dict[str, Any]:
        return {
            "name": self.name, "passed": self.passed, "status": self.status,
            "message": self.message.to_plain() if self.message else None,
            "hidden": self.hidden,
            "label": {"en": self.label.en, "fr": self.label.fr} if self.label else None,
            "weight": self.weight, "expected": self.expected, "obtained": self.obtained,
            "mistake": self.mistake, "figure": self.figure,
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> CaseResult:
        label = data.get("label")
        return cls(
            name=data["name"], passed=data["passed"], status=data["status"],
            message=Message.from_plain(data["message"]) if data.get("message") else None,
            hidden=data.get("hidden", False),
            label=Text(**label) if label else None, weight=data.get("weight", 1.0),
            expected=data.get("expected"), obtained=data.get("obtained"), mistake=data.get("mistake"),
            figure=data.get("figure"),
        )


def _hidden_message(case: CaseResult, language: str) -> str:
    """A hidden case says that it failed and the kind of error, never its inputs or values."""
    kinds = {
        "error": N_("your code raised an exception on it"),
        "timeout": N_("your code ran out of time on it"),
    }
    kind = kinds.get(case.status, N_("the result was wrong"))
    return translate(N_("A hidden case failed: {kind}."), language).replace(
        "{kind}", translate(kind, language))


@dataclass
class Result:
    """What a check found.

    Attributes
    ----------
    passed : bool
    score : float
        In [0, 1]: the weighted share of cases passed.
    points, max_points : float
    status : str
        ``passed``, ``failed``, ``not_attempted``, ``error``, ``timeout`` (or
        ``ungradable`` in the batch grader).
    cases : list of CaseResult
    mistakes : list of str
        The ids of the declared mistakes recognised in the answer.
    """

    exercise_id: str
    title: Text
    passed: bool
    score: float
    points: float
    max_points: float
    status: str
    cases: list[CaseResult] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    mistake_feedback: dict[str, Text] = field(default_factory=dict)
    note: Message | None = None
    student: str | None = None
    language: str | None = None
    _suppress_display: bool = field(default=False, repr=False, compare=False)

    def __repr__(self) -> str:
        # Short: a plain Python prompt echoes the Result after the report was printed.
        return (f"Result({self.exercise_id!r}, status={self.status!r}, passed={self.passed}, "
                f"score={self.score:.2f}, points={self.points:g}/{self.max_points:g})")

    # ------------------------------------------------------------- construction

    @classmethod
    def from_cases(cls, exercise: Exercise, cases: list[CaseResult], *,
                   mistakes: Sequence[str] = (), mistake_feedback: Mapping[str, Text] | None = None
                   ) -> Result:
        total = sum(case.weight for case in cases) or 1.0
        score = sum(case.weight for case in cases if case.passed) / total
        passed = score >= exercise.pass_score - 1e-12
        if passed:
            status = "passed"
        elif any(case.status == "timeout" for case in cases):
            status = "timeout"
        elif all(case.status == "error" for case in cases if not case.passed):
            status = "error"
        else:
            status = "failed"
        return cls(exercise_id=exercise.id, title=exercise.title, passed=passed, score=score,
                   points=round(score * exercise.points, 6), max_points=exercise.points,
                   status=status, cases=cases, mistakes=list(mistakes),
                   mistake_feedback=dict(mistake_feedback or {}), student=exercise.student)

    @classmethod
    def not_attempted(cls, exercise: Exercise, missing: Sequence[str]) -> Result:
        note = message(N_("Not attempted yet: define {names} in the notebook, then check again."),
                       names=", ".join(f"`{name}`" for name in missing))
        return cls(exercise_id=exercise.id, title=exercise.title, passed=False, score=0.0,
                   points=0.0, max_points=exercise.points, status="not_attempted", note=note,
                   student=exercise.student)

    @classmethod
    def invalid(cls, exercise: Exercise, note: Message) -> Result:
        return cls(exercise_id=exercise.id, title=exercise.title, passed=False, score=0.0,
                   points=0.0, max_points=exercise.points, status="failed", note=note,
                   student=exercise.student)

    # -------------------------------------------------------------- plain data

    def to_plain(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise_id, "title": {"en": self.title.en, "fr": self.title.fr},
            "passed": self.passed, "score": self.score, "points": self.points,
            "max_points": self.max_points, "status": self.status,
            "cases": [case.to_plain() for case in self.cases], "mistakes": list(self.mistakes),
            "mistake_feedback": {k: {"en": v.en, "fr": v.fr} for k, v in self.mistake_feedback.items()},
            "note": self.note.to_plain() if self.note else None, "student": self.student,
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Result:
        return cls(
            exercise_id=data["exercise"], title=Text(**data["title"]), passed=data["passed"],
            score=data["score"], points=data["points"], max_points=data["max_points"],
            status=data["status"], cases=[CaseResult.from_plain(c) for c in data.get("cases", [])],
            mistakes=list(data.get("mistakes", [])),
            mistake_feedback={k: Text(**v) for k, v in data.get("mistake_feedback", {}).items()},
            note=Message.from_plain(data["note"]) if data.get("note") else None,
            student=data.get("student"),
        )

    # ---------------------------------------------------------------- display

    def summary(self, language: str | None = None) -> str:
        lang = resolve_language(language)
        if self.status == "not_attempted":
            return translate(N_("Not attempted"), lang)
        passed = sum(1 for case in self.cases if case.passed)
        template = N_("Correct: {passed} of {total} cases passed.") if self.passed else N_(
            "Not yet: {passed} of {total} cases passed.")
        return message(template, passed=passed, total=len(self.cases)).render(lang)

    def text(self, language: str | None = None) -> str:
        """The plain-text report, in `language` (default: the language in force)."""
        lang = resolve_language(language)
        lines = [f"{self.title.render(lang)} [{self.exercise_id}]: {self.summary(lang)}"]
        if self.note is not None:
            lines.append("  " + self.note.render(lang))
        for case in self.cases:
            word = translate(N_("PASS") if case.passed else N_("FAIL"), lang)
            name = _case_name(case, lang)
            lines.append(f"  [{word}] {name}")
            if not case.passed:
                lines.append("         " + case.message_in(lang))
                if (not case.hidden and case.expected is not None and case.obtained is not None
                        and case.expected.count("\n") < 8 and case.obtained.count("\n") < 8):
                    lines.append("         " + translate(N_("expected:"), lang) + " " + _one_line(case.expected))
                    lines.append("         " + translate(N_("obtained:"), lang) + " " + _one_line(case.obtained))
        for mistake_id in self.mistakes:
            feedback = self.mistake_feedback.get(mistake_id)
            if feedback is not None:
                lines.append("  " + translate(N_("This looks like a known mistake:"), lang) + " "
                             + feedback.render(lang))
        points = message(N_("Points: {points} / {max_points}"), points=f"{self.points:g}",
                         max_points=f"{self.max_points:g}").render(lang)
        lines.append("  " + points)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return result_html(self)

    def _ipython_display_(self) -> None:
        # `ex.check(...)` already displayed this result; when it is also the
        # cell's last expression, show it once, not twice.
        if self._suppress_display:
            self._suppress_display = False
            return
        from IPython.display import HTML, display

        display(HTML(self._repr_html_()))


def _case_name(case: CaseResult, language: str) -> str:
    if case.hidden:
        return translate(N_("hidden case"), language)
    if case.label is not None:
        # Case names are English identifiers (kept in gradebooks and exports); a French reader
        # gets the label alone, in French, rather than "your blobs: vos amas".
        label = case.label.render(language)
        return label if language == "fr" else f"{case.name}: {label}"
    return case.name


def _one_line(text: str) -> str:
    return " ".join(text.split()) if len(text) < 160 else text.replace("\n", "\n                   ")


_STYLE = """
<style>
.caire-report{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:14px;
  border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:6px 0;max-width:900px;
  color:#1f2328;background:#fff}
.caire-report h4{margin:0 0 6px 0;font-size:15px}
.caire-report table{border-collapse:collapse;width:100%}
.caire-report td{border-top:1px solid #eaeef2;padding:4px 6px;vertical-align:top}
.caire-report .ok{color:#0a6b2d;font-weight:600;white-space:nowrap}
.caire-report .ko{color:#b42318;font-weight:600;white-space:nowrap}
.caire-report pre{margin:2px 0;white-space:pre-wrap;font-size:12px;background:#f6f8fa;padding:3px 5px}
.caire-report .mistake{background:#fff8c5;border-left:4px solid #d4a72c;padding:4px 8px;margin-top:6px}
.caire-report .note{color:#57606a}
</style>
"""


def result_html(result: Result, language: str | None = None) -> str:
    """The notebook report: one row per case, a word as well as a colour, text escaped."""
    lang = resolve_language(language)
    esc = html.escape
    rows = []
    for case in result.cases:
        word = translate(N_("PASS") if case.passed else N_("FAIL"), lang)
        mark = "✔" if case.passed else "✘"
        detail = ""
        if not case.passed:
            detail = f"<div>{esc(case.message_in(lang))}</div>"
            if not case.hidden and case.expected is not None and case.obtained is not None:
                detail += (
                    f"<table><tr><td>{esc(translate(N_('expected:'), lang))}<pre>{esc(case.expected)}</pre></td>"
                    f"<td>{esc(translate(N_('obtained:'), lang))}<pre>{esc(case.obtained)}</pre></td></tr></table>"
                )
        if case.figure and not case.hidden:
            # SVG drawn by the library's own figure functions from numbers; labels are escaped there.
            detail += f"<div class='figure'>{case.figure}</div>"
        css = "ok" if case.passed else "ko"
        rows.append(f"<tr><td class='{css}'>{mark} {esc(word)}</td>"
                    f"<td>{esc(_case_name(case, lang))}{detail}</td></tr>")
    mistakes = "".join(
        f"<div class='mistake'><b>{esc(translate(N_('This looks like a known mistake:'), lang))}</b> "
        f"{esc(result.mistake_feedback[m].render(lang))}</div>"
        for m in result.mistakes if m in result.mistake_feedback)
    note = f"<p class='note'>{esc(result.note.render(lang))}</p>" if result.note else ""
    css = "ok" if result.passed else "ko"
    points = message(N_("Points: {points} / {max_points}"), points=f"{result.points:g}",
                     max_points=f"{result.max_points:g}").render(lang)
    return (
        f"{_STYLE}<div class='caire-report' lang='{lang}'>"
        f"<h4>{esc(result.title.render(lang))} <code>{esc(result.exercise_id)}</code> — "
        f"<span class='{css}'>{esc(result.summary(lang))}</span></h4>{note}"
        f"<table>{''.join(rows)}</table>{mistakes}"
        f"<p class='note'>{esc(points)}</p></div>"
    )


# ------------------------------------------------------------------ exercises


def exercise_markdown(exercise: Exercise, language: str | None = None) -> str:
    """The statement as Markdown with maths (Jupyter renders ``$...$`` with MathJax)."""
    lang = resolve_language(language)
    meta = message(N_("Difficulty {difficulty}/3 · about {minutes} min · answer: `{answer}`"),
                   difficulty=exercise.difficulty, minutes=exercise.minutes,
                   answer=", ".join(exercise.answer_names)).render(lang)
    variant = ""
    if exercise.student and exercise.has_variants:
        variant = " · " + message(N_("variant of {student}"), student=exercise.student).render(lang)
    return (f"### {exercise.title_in(lang)}\n\n*{meta}{variant}* · `{exercise.id}`\n\n"
            f"{exercise.statement_in(lang)}\n")


def exercise_text(exercise: Exercise, language: str | None = None) -> str:
    """The statement as plain text for a terminal."""
    lang = resolve_language(language)
    markdown = exercise_markdown(exercise, lang)
    return markdown.replace("### ", "").replace("`", "").replace("*", "")
