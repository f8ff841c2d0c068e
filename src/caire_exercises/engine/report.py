"""Results of checks, and how they show in a notebook (HTML) and in a terminal (text).

A :class:`Result` holds plain data only (strings, numbers, messages), so the
batch grader can store it as JSON and render it later in either language.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from caire_exercises.model.i18n import N_, Message, Text, format_number, message, resolve_language, translate

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
            "label": self.label.to_plain() if self.label else None,
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
            label=Text.from_plain(label) if label else None, weight=data.get("weight", 1.0),
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
    return translate(N_("A hidden case failed: {kind}."), language, kind=translate(kind, language))


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
            "exercise": self.exercise_id, "title": self.title.to_plain(),
            "passed": self.passed, "score": self.score, "points": self.points,
            "max_points": self.max_points, "status": self.status,
            "cases": [case.to_plain() for case in self.cases], "mistakes": list(self.mistakes),
            "mistake_feedback": {k: v.to_plain() for k, v in self.mistake_feedback.items()},
            "note": self.note.to_plain() if self.note else None, "student": self.student,
        }

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> Result:
        return cls(
            exercise_id=data["exercise"], title=Text.from_plain(data["title"]), passed=data["passed"],
            score=data["score"], points=data["points"], max_points=data["max_points"],
            status=data["status"], cases=[CaseResult.from_plain(c) for c in data.get("cases", [])],
            mistakes=list(data.get("mistakes", [])),
            mistake_feedback={k: Text.from_plain(v) for k, v in data.get("mistake_feedback", {}).items()},
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
        lines = [translate(N_("{title} [{exercise}]: {summary}"), lang, title=self.title.render(lang),
                           exercise=self.exercise_id, summary=self.summary(lang))]
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
        lines.append("  " + points_line(self.points, self.max_points, lang))
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


#: The words of a result's status, for people and exports (context "status" in the catalogue).
STATUS_WORDS = {
    "passed": N_("passed"), "failed": N_("failed"), "not_attempted": N_("not attempted"),
    "error": N_("error"), "timeout": N_("time limit"), "ungradable": N_("ungradable"),
}


def status_name(status: str, language: str | None = None) -> str:
    """A result's status (``"not_attempted"``) as a reader of `language` says it (``"non tenté"``)."""
    word = STATUS_WORDS.get(status)
    return translate(word, language, context="status") if word else status


def status_list(statuses: Sequence[str], language: str | None = None) -> str:
    """Statuses in a line, one per exercise: the ids scripts read in English, the words in French.

    A French status of two words is held together by a no-break space, so the line
    still splits on spaces.
    """
    lang = resolve_language(language)
    if lang == "en":
        return " ".join(statuses)
    return " ".join(status_name(status, lang).replace(" ", "\u00a0") for status in statuses)


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


# Inline styles only. JupyterLab, Notebook 7 and VS Code style every table of an output
# (cells right-aligned, a fixed table layout that splits the width evenly), and an untrusted
# notebook drops <style> elements but keeps style attributes whose properties JupyterLab's
# sanitiser allows (all those below are). So each element states its own look, and the
# selectors of the notebook's stylesheet have nothing left to decide.
_CSS = {
    "report": ("font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:14px;"
               "line-height:1.4;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;"
               "margin:6px 0;max-width:900px;color:#1f2328;background-color:#ffffff;text-align:left"),
    "title": "margin:0 0 6px 0;font-size:15px;font-weight:600;text-align:left",
    "table": ("border-collapse:collapse;table-layout:auto;width:100%;margin:0;"
              "border:none;font-size:14px"),
    "row": "background-color:transparent;border:none",
    "status": ("width:1%;white-space:nowrap;text-align:left;vertical-align:top;"
               "padding:4px 10px 4px 4px;border:none;border-top:1px solid #eaeef2;font-weight:600"),
    "case": ("text-align:left;vertical-align:top;padding:4px 6px;border:none;"
             "border-top:1px solid #eaeef2;white-space:normal;max-width:none"),
    "values": "display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:4px",
    "value": "flex:0 1 auto;min-width:0;max-width:100%",
    "pre": ("margin:2px 0;padding:3px 5px;white-space:pre;overflow-x:auto;text-align:left;"
            "font-size:12px;line-height:1.35;background-color:#f6f8fa;color:#1f2328;border:none;"
            "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace"),
    "mistake": ("background-color:#fff8c5;border-left:4px solid #d4a72c;padding:4px 8px;"
                "margin-top:6px;text-align:left"),
    "note": "color:#57606a;margin:4px 0;text-align:left",
    "code": ("font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;"
             "font-weight:400;background-color:#f6f8fa;padding:0 3px"),
}
_COLOURS = {True: "color:#0a6b2d", False: "color:#b42318"}


def points_line(points: float, max_points: float, language: str | None = None) -> str:
    """``Points: 2.5 / 3``, numbers written for a reader of `language`, with at most two decimals."""
    return translate(N_("Points: {points} / {max_points}"), language,
                     points=format_number(points, language, decimals=2),
                     max_points=format_number(max_points, language, decimals=2))


def result_html(result: Result, language: str | None = None) -> str:
    """The notebook report: one row per case, a word as well as a colour, text escaped.

    Styles are inline (see ``_CSS``), so the report looks the same in JupyterLab,
    Notebook 7, VS Code, an untrusted notebook and a standalone page.
    """
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
                    f"<div class='values' style=\"{_CSS['values']}\">"
                    f"<div style=\"{_CSS['value']}\">{esc(translate(N_('expected:'), lang))}"
                    f"<pre style=\"{_CSS['pre']}\">{esc(case.expected)}</pre></div>"
                    f"<div style=\"{_CSS['value']}\">{esc(translate(N_('obtained:'), lang))}"
                    f"<pre style=\"{_CSS['pre']}\">{esc(case.obtained)}</pre></div></div>"
                )
        if case.figure and not case.hidden:
            # SVG drawn by the library's own figure functions from numbers; labels are escaped there.
            detail += f"<div class='figure'>{case.figure}</div>"
        css = "ok" if case.passed else "ko"
        rows.append(f"<tr style=\"{_CSS['row']}\">"
                    f"<td class='{css}' style=\"{_CSS['status']};{_COLOURS[case.passed]}\">"
                    f"{mark} {esc(word)}</td>"
                    f"<td class='case' style=\"{_CSS['case']}\">"
                    f"{esc(_case_name(case, lang))}{detail}</td></tr>")
    mistakes = "".join(
        f"<div class='mistake' style=\"{_CSS['mistake']}\">"
        f"<b>{esc(translate(N_('This looks like a known mistake:'), lang))}</b> "
        f"{esc(result.mistake_feedback[m].render(lang))}</div>"
        for m in result.mistakes if m in result.mistake_feedback)
    note = (f"<p class='note' style=\"{_CSS['note']}\">{esc(result.note.render(lang))}</p>"
            if result.note else "")
    css = "ok" if result.passed else "ko"
    table = f"<table style=\"{_CSS['table']}\"><tbody>{''.join(rows)}</tbody></table>" if rows else ""
    return (
        f"<div class='caire-report' lang='{lang}' style=\"{_CSS['report']}\">"
        f"<div class='title' style=\"{_CSS['title']}\">{esc(result.title.render(lang))} "
        f"<code style=\"{_CSS['code']}\">{esc(result.exercise_id)}</code> — "
        f"<span class='{css}' style=\"{_COLOURS[result.passed]}\">{esc(result.summary(lang))}</span></div>"
        f"{note}{table}{mistakes}"
        f"<p class='note' style=\"{_CSS['note']}\">"
        f"{esc(points_line(result.points, result.max_points, lang))}</p></div>"
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
