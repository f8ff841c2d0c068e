"""Feedback files: one HTML page per student, and a class report with plots, in the assignment's language.

A student's page shows each exercise as the notebook shows a check (shown
cases with expected and obtained values, hidden cases only passed or failed
and the kind of error, the declared mistake recognised), the cells that
raised or were stopped, and why a file could not be graded. The class report
shows the score distribution, the pass rate per exercise, the most frequent
declared mistakes and the ungradable submissions with their reasons.
"""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from caire_exercises.model.i18n import Text, format_number, format_percent
from caire_exercises.engine.report import Result, result_html
from caire_exercises.grading.batch import BatchReport, Graded
from caire_exercises.grading.charts import bar_chart, histogram

CLASS_REPORT = "class-report.html"

_T = {
    "feedback": Text(en="Feedback", fr="Retour"),
    "points": Text(en="Points: {points} / {max}", fr="Points : {points} / {max}"),
    "ungradable": Text(en="This file could not be graded: {reason}",
                       fr="Ce fichier n'a pas pu être noté : {reason}"),
    "cells": Text(en="Cells that did not run to the end", fr="Cellules qui ne sont pas allées au bout"),
    "cell": Text(en="Cell {number}", fr="Cellule {number}"),
    "timeout": Text(en="stopped: it ran past its time limit", fr="arrêtée : elle a dépassé son temps"),
    "crashed": Text(en="the notebook's process ended during this cell ({detail})",
                    fr="le processus du notebook s'est arrêté pendant cette cellule ({detail})"),
    "interfered": Text(en="this cell interfered with the grader and was not counted",
                       fr="cette cellule a perturbé le correcteur et n'a pas été prise en compte"),
    "error": Text(en="raised {type}: {message}", fr="a levé {type} : {message}"),
    "class": Text(en="Class report", fr="Rapport de la classe"),
    "summary": Text(en="{submissions} submissions from {students} students: {graded} graded, "
                       "{ungradable} ungradable. Mean score {mean}, median {median}.",
                    fr="{submissions} rendus de {students} étudiants : {graded} notés, "
                       "{ungradable} non notables. Score moyen {mean}, médian {median}."),
    "distribution": Text(en="Score distribution (share of the points)", fr="Distribution des scores (part des points)"),
    "students_axis": Text(en="share of the points; each bar counts the students in its band",
                          fr="part des points ; chaque barre compte les étudiants de sa tranche"),
    "pass_rate": Text(en="Pass rate per exercise", fr="Taux de réussite par exercice"),
    "mistakes": Text(en="Most frequent declared mistakes", fr="Erreurs déclarées les plus fréquentes"),
    "no_mistakes": Text(en="No declared mistake was recognised.", fr="Aucune erreur déclarée n'a été reconnue."),
    "statuses": Text(en="Statuses per exercise", fr="Statuts par exercice"),
    "ungradable_title": Text(en="Ungradable submissions", fr="Rendus non notables"),
    "none": Text(en="None.", fr="Aucun."),
    "problems": Text(en="Submissions whose cells were stopped or misbehaved",
                     fr="Rendus dont des cellules ont été arrêtées ou se sont mal comportées"),
    "students": Text(en="Students", fr="Étudiants"),
    "identity": Text(en="Who is who: notebooks whose metadata disagrees with their place",
                     fr="Qui est qui\u202f: notebooks dont les métadonnées contredisent leur emplacement"),
    "isolation": Text(en="Isolation of the submissions on this machine",
                      fr="Isolement des rendus sur cette machine"),
    "submission": Text(en="submission", fr="rendu"), "student": Text(en="student", fr="étudiant"),
    "reason": Text(en="reason", fr="raison"), "exercise": Text(en="exercise", fr="exercice"),
    "score": Text(en="points", fr="points"), "details": Text(en="details", fr="détails"),
    "times": Text(en="times", fr="fois"), "mistake": Text(en="the mistake", fr="l'erreur"),
}
_STATUS_NAMES = {"passed": Text(en="passed", fr="réussi"), "failed": Text(en="failed", fr="échoué"),
                 "not_attempted": Text(en="not attempted", fr="non tenté"),
                 "error": Text(en="error", fr="erreur"), "timeout": Text(en="time limit", fr="temps dépassé"),
                 "ungradable": Text(en="ungradable", fr="non notable")}

_STYLE = """<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:24px auto;
  padding:0 16px;color:#1f2328}
h1{font-size:22px} h2{font-size:18px;margin-top:28px;border-bottom:1px solid #d0d7de}
table.grid{border-collapse:collapse;margin:8px 0} table.grid td,table.grid th{border:1px solid #d0d7de;
  padding:3px 8px;text-align:left;vertical-align:top}
.problem{background:#ffebe9;border-left:4px solid #cf222e;padding:6px 10px}
.note{color:#57606a} figure{margin:10px 0}
.bar{display:inline-block;height:10px;background:#bc4c00;vertical-align:middle}
</style>"""


def format_points(value: float, language: str) -> str:
    """Points as people read them: at most two decimals, a decimal comma in French.

    >>> format_points(5 / 3, "en"), format_points(5 / 3, "fr"), format_points(2.0, "fr")
    ('1.67', '1,67', '2')
    """
    return format_number(float(value), language, decimals=2)


def mistake_sentence(plain: dict[str, Any], mistake: str, language: str) -> str:
    """What a recognised mistake means, as its feedback says it (the id only if the feedback is missing)."""
    feedback = (plain.get("mistake_feedback") or {}).get(mistake)
    if isinstance(feedback, dict) and (feedback.get(language) or feedback.get("en")):
        return str(feedback.get(language) or feedback.get("en"))
    return mistake


def _exercise_title(exercise_id: str, language: str) -> str:
    from caire_exercises.engine.registry import registry

    try:
        return registry().get(exercise_id).title_in(language)
    except Exception:  # noqa: BLE001 - an exercise no longer installed keeps its id
        return exercise_id


def write_feedback(report: BatchReport, folder: str | Path) -> Path:
    """Write every student's page and the class report into `folder`; the class report's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    language = report.options.language
    by_student: dict[str, list[Graded]] = defaultdict(list)
    for graded in report.graded:
        by_student[graded.submission.student].append(graded)
    pages: dict[str, str] = {}
    taken: set[str] = set()
    for student, items in sorted(by_student.items()):
        name = feedback_file_name(student)
        if name.lower() in taken:
            # "a b" and "a_b" (or "Ann" and "ann" on a case-insensitive disk) would share a
            # page: the later one gets a suffix drawn from its exact id, so none is overwritten.
            import hashlib

            suffix = hashlib.sha256(student.encode("utf-8")).hexdigest()[:8]
            name = f"{name[:-len('.html')]}-{suffix}.html"
        taken.add(name.lower())
        (folder / name).write_text(student_page(student, items, report, language), encoding="utf-8")
        pages[student] = name
    path = folder / CLASS_REPORT
    path.write_text(class_report(report, pages, language), encoding="utf-8")
    return path


def feedback_file_name(student: str) -> str:
    return (re.sub(r"[^A-Za-z0-9@._+-]+", "_", student).strip("._") or "student") + ".html"


def _page(title: str, language: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='{language}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title>{_STYLE}</head><body>{body}</body></html>\n")


def _cell_lines(cells: Sequence[dict[str, Any]], language: str) -> list[str]:
    lines = []
    for cell in cells:
        status = cell.get("status")
        error = cell.get("error") or {}
        if status == "error":
            detail = _T["error"].render(language, type=error.get("type", ""), message=error.get("message", ""))
            if error.get("line"):
                detail += f" (line {error['line']})" if language == "en" else f" (ligne {error['line']})"
        elif status == "crashed":
            detail = _T["crashed"].render(language, detail=error.get("message", ""))
        elif status in ("timeout", "interfered"):
            detail = _T[status].render(language)
        else:
            continue
        lines.append(f"{_T['cell'].render(language, number=cell['index'] + 1)}: {detail}")
    return lines


def student_page(student: str, items: Sequence[Graded], report: BatchReport, language: str) -> str:
    """One student's feedback page: every submission of theirs in this batch."""
    esc = html.escape
    title = f"{report.options.assignment.title} — {student}"
    body = [f"<h1>{esc(_T['feedback'].render(language))}: {esc(report.options.assignment.title)}</h1>",
            f"<p><b>{esc(student)}</b></p>"]
    for graded in items:
        rows = graded.rows(report.options.assignment, language)
        points = format_points(sum(row["score"] for row in rows), language)
        maximum = format_points(sum(row["max_score"] for row in rows), language)
        body.append(f"<h2>{esc(graded.submission.name)} — "
                    f"{esc(_T['points'].render(language, points=points, max=maximum))}</h2>")
        for note in graded.submission.notes:
            body.append(f"<p class='note'>{esc(note.render(language))}</p>")
        if graded.status != "graded":
            body.append(f"<p class='problem'>{esc(_T['ungradable'].render(language, reason=graded.reason or ''))}</p>")
            continue
        lines = _cell_lines(graded.cells, language)
        if lines:
            body.append(f"<h3>{esc(_T['cells'].render(language))}</h3><ul>"
                        + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
        for plain in graded.results:
            result = Result.from_plain(plain)
            # Two decimals where a person reads them (1.67 / 2, not 1.66667 / 2).
            shown = replace(result, points=round(result.points, 2), max_points=round(result.max_points, 2))
            body.append(result_html(shown, language))
    return _page(title, language, "".join(body))


def _latest(report: BatchReport) -> list[Graded]:
    newest: dict[str, Graded] = {}
    for graded in report.graded:
        if graded.status != "graded":
            continue
        current = newest.get(graded.submission.student)
        if current is None or graded.submission.modified >= current.submission.modified:
            newest[graded.submission.student] = graded
    return list(newest.values())


def class_report(report: BatchReport, pages: dict[str, str], language: str) -> str:
    """The class report: numbers, the three plots, the ungradable submissions and every student."""
    esc = html.escape
    options = report.options
    latest = _latest(report)
    shares = []
    statuses: dict[str, Counter[str]] = {item.id: Counter() for item in options.assignment.items}
    mistakes: Counter[tuple[str, str]] = Counter()
    for graded in latest:
        rows = graded.rows(options.assignment, language)
        maximum = sum(row["max_score"] for row in rows) or 1.0
        shares.append(sum(row["score"] for row in rows) / maximum)
        for row in rows:
            statuses.setdefault(row["exercise"], Counter())[row["status"]] += 1
            plain = row.get("result") or {}
            for mistake in plain.get("mistakes", []):
                mistakes[(row["exercise"], mistake_sentence(plain, mistake, language))] += 1
    ungradable = report.ungradable
    summary = _T["summary"].render(
        language, submissions=len(report.graded), students=len({g.submission.student for g in report.graded}),
        graded=len(report.graded) - len(ungradable), ungradable=len(ungradable),
        mean=format_percent(statistics.mean(shares), language) if shares else "—",
        median=format_percent(statistics.median(shares), language) if shares else "—")
    body = [f"<h1>{esc(_T['class'].render(language))}: {esc(options.assignment.title)}</h1>",
            f"<p class='note'>{esc(datetime.now().strftime('%Y-%m-%d %H:%M'))}</p><p>{esc(summary)}</p>"]
    body.append(f"<h2>{esc(_T['distribution'].render(language))}</h2><figure>"
                + histogram(shares, x_label=_T["students_axis"].render(language)) + "</figure>")
    exercise_ids = list(statuses)
    rates = [statuses[i]["passed"] / max(1, sum(statuses[i].values())) for i in exercise_ids]
    body.append(f"<h2>{esc(_T['pass_rate'].render(language))}</h2><figure>"
                + bar_chart(exercise_ids, rates, maximum=1.0, percent=True) + "</figure>")
    body.append(f"<h2>{esc(_T['mistakes'].render(language))}</h2>")
    if mistakes:
        common = mistakes.most_common(10)
        largest = common[0][1]
        body.append(f"<table class='grid'><tr><th>{esc(_T['times'].render(language))}</th>"
                    f"<th>{esc(_T['exercise'].render(language))}</th>"
                    f"<th>{esc(_T['mistake'].render(language))}</th></tr>"
                    + "".join(f"<tr><td><span class='bar' style='width:{60 * count / largest:.0f}px'></span> "
                              f"{count}</td><td>{esc(_exercise_title(exercise, language))}</td>"
                              f"<td>{esc(sentence)}</td></tr>" for (exercise, sentence), count in common)
                    + "</table>")
    else:
        body.append(f"<p>{esc(_T['no_mistakes'].render(language))}</p>")
    status_names = list(_STATUS_NAMES)
    header = "".join(f"<th>{esc(_STATUS_NAMES[name].render(language))}</th>" for name in status_names)
    body.append(f"<h2>{esc(_T['statuses'].render(language))}</h2><table class='grid'><tr>"
                f"<th>{esc(_T['exercise'].render(language))}</th>{header}</tr>"
                + "".join(f"<tr><td>{esc(i)}</td>"
                          + "".join(f"<td>{statuses[i][name]}</td>" for name in status_names) + "</tr>"
                          for i in exercise_ids) + "</table>")
    body.append(f"<h2>{esc(_T['ungradable_title'].render(language))}</h2>")
    if ungradable:
        body.append(f"<table class='grid'><tr><th>{esc(_T['submission'].render(language))}</th>"
                    f"<th>{esc(_T['student'].render(language))}</th><th>{esc(_T['reason'].render(language))}</th></tr>"
                    + "".join(f"<tr><td>{esc(g.submission.name)}</td><td>{esc(g.submission.student)}</td>"
                              f"<td>{esc(g.reason or '')}</td></tr>" for g in ungradable) + "</table>")
    else:
        body.append(f"<p>{esc(_T['none'].render(language))}</p>")
    identity = [(g, note.render(language)) for g in report.graded for note in g.submission.identity]
    if identity:
        # A notebook naming someone else, or one place holding several students: the teacher decides.
        body.append(f"<h2>{esc(_T['identity'].render(language))}</h2><table class='grid'>"
                    + "".join(f"<tr><td>{esc(g.submission.name)}</td><td>{esc(g.submission.student)}</td>"
                              f"<td>{esc(note)}</td></tr>" for g, note in identity) + "</table>")
    body.extend(similarity_section(report, language))
    troubled = [(g, _cell_lines([c for c in g.cells if c.get("status") in ("timeout", "crashed", "interfered")],
                                language) + list(g.worker_notes)) for g in report.graded if g.status == "graded"]
    troubled = [(g, lines) for g, lines in troubled if lines]
    if troubled:
        body.append(f"<h2>{esc(_T['problems'].render(language))}</h2><table class='grid'>"
                    + "".join(f"<tr><td>{esc(g.submission.name)}</td><td>{esc(g.submission.student)}</td>"
                              f"<td>{'<br>'.join(esc(line) for line in lines)}</td></tr>" for g, lines in troubled)
                    + "</table>")
    lines_html = []
    for graded in report.graded:
        graded_rows = graded.rows(options.assignment, language)
        points = format_points(sum(row["score"] for row in graded_rows), language)
        maximum = format_points(sum(row["max_score"] for row in graded_rows), language)
        link = pages.get(graded.submission.student)
        anchor = f"<a href='{esc(link)}'>{esc(_T['feedback'].render(language))}</a>" if link else ""
        cells = "".join(f"<td>{esc(_STATUS_NAMES.get(row['status'], Text(row['status'], row['status'])).render(language))}"
                        f" ({format_points(row['score'], language)})</td>" for row in graded_rows)
        lines_html.append(f"<tr><td>{esc(graded.submission.student)}</td><td>{esc(graded.submission.name)}</td>"
                          f"<td>{points} / {maximum}</td>{cells}<td>{anchor}</td></tr>")
    heads = "".join(f"<th>{esc(item.id)}</th>" for item in options.assignment.items)
    body.append(f"<h2>{esc(_T['students'].render(language))}</h2><table class='grid'><tr>"
                f"<th>{esc(_T['student'].render(language))}</th><th>{esc(_T['submission'].render(language))}</th>"
                f"<th>{esc(_T['score'].render(language))}</th>{heads}<th></th></tr>{''.join(lines_html)}</table>")
    if report.isolation:
        body.append(f"<h2>{esc(_T['isolation'].render(language))}</h2><ul>"
                    + "".join(f"<li>{esc(line)}</li>" for line in report.isolation) + "</ul>")
    return _page(_T["class"].render(language), language, "".join(body))


_SIMILAR = {
    "title": Text(en="Code that looks copied (to read; no grade was changed)",
                  fr="Code qui semble copié (à lire ; aucune note n'a été modifiée)"),
    "classmate": Text(en="alike", fr="semblables"),
    "reference": Text(en="like the reference solution of", fr="comme la solution de référence de"),
    "library": Text(en="reaches for the library's answers:", fr="va chercher les réponses de la bibliothèque :"),
    "unavailable": Text(en="Code was not compared: {why}.", fr="Le code n'a pas été comparé : {why}."),
}


def similarity_section(report: BatchReport, language: str) -> list[str]:
    """The pairs of codes that look alike, side by side: flags for the teacher, never a verdict."""
    esc = html.escape
    found = getattr(report, "similar", None)
    if found is None:
        return []
    if found.unavailable:
        return [f"<p>{esc(_SIMILAR['unavailable'].render(language, why=found.unavailable))}</p>"]
    if not found.pairs:
        return []
    parts = [f"<h2>{esc(_SIMILAR['title'].render(language))}</h2>"]
    for pair in found.pairs:
        percent = f"{round(100 * pair.similarity)} %" if language == "fr" else f"{round(100 * pair.similarity)} %"
        head = f"{esc(pair.student)} — {esc(_SIMILAR[pair.kind].render(language))} {esc(pair.other)} ({percent})"
        plain = pair.to_plain()
        right = (f"<td style='vertical-align:top'><pre>{esc(plain['other_code'])}</pre></td>"
                 if pair.kind != "library" else "")
        parts.append(f"<h3>{head}</h3><table class='grid'><tr><td style='vertical-align:top'>"
                     f"<pre>{esc(plain['code'])}</pre></td>{right}</tr></table>")
    return parts

