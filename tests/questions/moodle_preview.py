"""A page that shows exported Moodle questions roughly as Moodle's preview does (for screenshots).

It reads the Moodle XML export, not the library: what is shown is what the file carries
(the question text, the options, the feedback of one chosen option, the general feedback).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 15px; color: #1d2125;
       background: #f8f9fa; margin: 16px; }
.que { display: flex; gap: 12px; margin-bottom: 18px; max-width: 860px; }
.info { background: #f8f9fa; border: 1px solid #dee2e6; border-radius: 4px; padding: 8px; width: 110px;
        font-size: 13px; }
.info b { font-size: 16px; display: block; }
.content { flex: 1; }
.formulation { background: #e7f3f5; border-radius: 4px; padding: 12px 16px; color: #001a1e; }
.answer div { margin: 4px 0; }
.outcome { background: #fcefdc; border-radius: 4px; padding: 10px 16px; margin-top: 8px; color: #7d5a29; }
.specificfeedback { font-style: normal; color: #1d2125; }
.generalfeedback { margin-top: 6px; }
.mark-right { color: #357a32; font-weight: bold; } .mark-wrong { color: #ca3120; font-weight: bold; }
"""


def _text(element: ET.Element | None) -> str:
    return "" if element is None else (element.findtext("text") or "")


def preview(xml_text: str, *, choose_wrong: bool = True, number: int = 1, keys: list[str] | None = None) -> str:
    """An HTML page of the questions whose idnumber ends with one of `keys` (all by default)."""
    root = ET.fromstring(xml_text.encode("utf-8"))
    blocks = []
    for question in root.findall("question"):
        kind = question.get("type")
        if kind == "category":
            continue
        ident = question.findtext("idnumber") or ""
        if keys and not any(ident.endswith("/" + key) for key in keys):
            continue
        body = [f"<div class='qtext'>{_text(question.find('questiontext'))}</div>"]
        outcome = ""
        if kind == "multichoice":
            single = question.findtext("single") == "true"
            answers = question.findall("answer")
            wrong = next((a for a in answers if float(a.get("fraction")) <= 0), answers[0])
            chosen = wrong if choose_wrong else next(a for a in answers if float(a.get("fraction")) > 0)
            rows = []
            for letter, answer in zip("abcdefghij", answers):
                picked = answer is chosen
                mark = ""
                if picked:
                    mark = ("<span class='mark-right'> ✔</span>" if float(answer.get("fraction")) > 0
                            else "<span class='mark-wrong'> ✘</span>")
                kind_input = "radio" if single else "checkbox"
                rows.append(f"<div><input type='{kind_input}' {'checked' if picked else ''} disabled> "
                            f"{letter}. {answer.findtext('text')}{mark}</div>")
            body.append("<div class='answer'>" + "".join(rows) + "</div>")
            outcome = f"<div class='specificfeedback'>{_text(chosen.find('feedback'))}</div>"
        elif kind == "numerical":
            body.append("<div class='answer'>Answer: <input type='text' value='0.85' disabled> "
                        "<span class='mark-wrong'>✘</span></div>")
            star = next(a for a in question.findall("answer") if a.findtext("text") == "*")
            outcome = f"<div class='specificfeedback'>{_text(star.find('feedback'))}</div>"
        general = _text(question.find("generalfeedback"))
        if general:
            outcome += f"<div class='generalfeedback'>{general}</div>"
        blocks.append(f"<div class='que'><div class='info'>Question <b>{number}</b>{html.escape(kind)}</div>"
                      f"<div class='content'><div class='formulation'>{''.join(body)}</div>"
                      f"<div class='outcome'>{outcome}</div></div></div>")
        number += 1
    page = "".join(blocks)
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style>{_maths()}</head>"
            f"<body>{page}</body></html>")


def _maths() -> str:
    """KaTeX from the docs' own copy, standing in for Moodle's MathJax filter on \\( \\) and \\[ \\]."""
    from pathlib import Path

    katex = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "katex"
    if not (katex / "katex.min.js").is_file():
        return ""
    return (f"<link rel='stylesheet' href='{(katex / 'katex.min.css').as_uri()}'>"
            f"<script src='{(katex / 'katex.min.js').as_uri()}'></script>"
            f"<script src='{(katex / 'contrib' / 'auto-render.min.js').as_uri()}'></script>"
            "<script>document.addEventListener('DOMContentLoaded', () => renderMathInElement(document.body, "
            "{delimiters: [{left: '\\\\(', right: '\\\\)', display: false}, "
            "{left: '\\\\[', right: '\\\\]', display: true}]}));</script>")


def language_only(page: str, language: str) -> str:
    """What Moodle's multilang filter leaves for a reader in `language`."""
    other = "en" if language == "fr" else "fr"
    page = re.sub(rf'<span lang="{other}" class="multilang">.*?</span>(?=<span lang="{language}"|$|[^<])', "",
                  page, flags=re.S)
    return page
