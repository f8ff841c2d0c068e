"""What every question format shares: the texts in one language or both, Markdown to HTML,
maths for Moodle's MathJax filter, categories and idnumbers that stay the same across exports.

An export is in French (``fr``), English (``en``) or ``both``: then each HTML text is the
two languages side by side in Moodle's multilang spans
(``<span lang="fr" class="multilang">…</span><span lang="en" class="multilang">…</span>``),
which Moodle's "Multi-language content" filter reduces to the reader's language.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from caire_exercises.model.i18n import Text, typeset

if TYPE_CHECKING:
    from caire_exercises.model.exercise import Exercise
    from caire_exercises.model.questions import Question

LANGS = ("fr", "en", "both")
#: Moodle's question idnumber is at most 100 characters.
IDNUMBER_MAX = 100

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
# $x$ but not "5 $ and 6 $": no space just inside the dollars, no digit right after the closing one.
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")


def clean(text: str) -> str:
    """`text` without the control characters XML 1.0 forbids (tabs and newlines stay)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def markdown_html(source: str) -> str:
    """Markdown to HTML for Moodle: maths in ``\\( \\)`` and ``\\[ \\]``, code and tables kept.

    >>> markdown_html("The *z-score* $z = (x - \\\\mu)/\\\\sigma$.")
    '<p>The <em>z-score</em> \\\\(z = (x - \\\\mu)/\\\\sigma\\\\).</p>'
    """
    import markdown

    maths: list[str] = []

    def keep(found: re.Match[str], display: bool) -> str:
        body = html.escape(found.group(1).strip(), quote=False)
        maths.append(f"\\[{body}\\]" if display else f"\\({body}\\)")
        return f"CAIREMATH{len(maths) - 1}X"

    protected = _DISPLAY_MATH.sub(lambda m: keep(m, True), clean(source))
    protected = _INLINE_MATH.sub(lambda m: keep(m, False), protected)
    rendered = markdown.markdown(protected, extensions=["tables", "fenced_code", "sane_lists"],
                                 output_format="html")
    rendered = re.sub(r"CAIREMATH(\d+)X", lambda m: maths[int(m.group(1))], rendered)
    return clean(rendered).strip()


def inline_html(source: str) -> str:
    """Markdown of one line (an option, a label) as HTML without the paragraph around it."""
    rendered = markdown_html(source)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def in_language(text: Text | str | None, language: str) -> str:
    """`text` in one language, with its typography; a plain string is the same in both."""
    if text is None:
        return ""
    if isinstance(text, str):
        return typeset(text, language)
    return text.render(language)


def multilang(pieces: Mapping[str, str]) -> str:
    """Moodle multilang spans around each language's HTML (French first)."""
    return "".join(f'<span lang="{lang}" class="multilang">{pieces[lang]}</span>' for lang in ("fr", "en"))


def html_text(text: Text | str | None, language: str, *, inline: bool = False) -> str:
    """`text` as Moodle HTML in `language` (``fr``, ``en``) or ``both`` (multilang spans)."""
    convert = inline_html if inline else markdown_html
    if language == "both":
        if text is None or (isinstance(text, Text) and not (text.en or text.fr)):
            return ""
        return multilang({lang: convert(in_language(text, lang)) for lang in ("fr", "en")})
    return convert(in_language(text, language))


def plain_text(text: Text | str | None, language: str, *, joiner: str = " / ") -> str:
    """`text` as plain text (a question's name): both languages joined when ``both``."""
    if language == "both":
        french, english = in_language(text, "fr"), in_language(text, "en")
        return french if french == english else f"{french}{joiner}{english}"
    return in_language(text, language)


def join_html(*pieces: str) -> str:
    return "".join(piece for piece in pieces if piece)


def idnumber(exercise_id: str, key: str) -> str:
    """A question's idnumber: the exercise id and the question key, the same at every export."""
    wanted = f"caire/{exercise_id}/{key}"
    if len(wanted) <= IDNUMBER_MAX:
        return wanted
    digest = hashlib.sha256(wanted.encode("utf-8")).hexdigest()[:12]
    return f"{wanted[:IDNUMBER_MAX - 13]}~{digest}"


def category_path(exercise: Exercise, domain: str = "", *, language: str = "en", root: str = "CAIRE") -> str:
    """``$course$/top/CAIRE/M0 AI literacy/business``: one category per module and domain."""
    from caire_exercises.engine.module_titles import module_code
    from caire_exercises.engine.registry import registry

    try:
        title: Any = registry().module(exercise.module).title
    except KeyError:  # a quiz made from a bank file: its own title
        title = exercise.title
    code = module_code(exercise.module)
    name = plain_text(title, "en" if language == "both" else language)
    module_part = f"{code} {name}" if code else name
    parts = ["$course$", "top", root, module_part.replace("/", "-")]
    if domain:
        parts.append(domain)
    return "/".join(part.strip() for part in parts)


@dataclass
class Exported:
    """The questions of one exercise ready for a format: the exercise, as configured, and its questions."""

    exercise: Exercise
    questions: list[Question] = field(default_factory=list)
    note: Text | None = None


def questions_of(exercise: Exercise, domains: Sequence[str] | None = None) -> list[Question]:
    """The questions an exercise's hook gives for its variant, those of `domains` (and ``all``) only.

    A quiz whose course settings do not fix how many items is exported whole: every item
    of its bank becomes a question, so that a Moodle quiz can draw them at random.
    """
    import inspect

    if exercise.questions is None:
        return []
    configured = exercise
    if domains:
        configured = configured.with_settings(domains=list(domains))
    if (exercise.variant is not None and "items" not in configured.setting
            and "settings" in inspect.signature(exercise.variant).parameters):
        configured = configured.with_settings(items=10_000)
    made = list(configured.questions(configured.params))
    if domains:
        made = [q for q in made if not q.category or q.category in domains or q.category == "all"]
    return made


def show_expected(exercise: Exercise) -> bool:
    return bool(exercise.setting.get("show_expected", True))


def hints_html(exercise: Exercise, language: str) -> list[str]:
    return [html_text(hint, language) for hint in exercise.allowed_hints]


#: The grades Moodle accepts for an answer (question_bank::fraction_options_full), in percent.
MOODLE_FRACTIONS = (100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333,
                    30.0, 25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0)


def moodle_fraction(value: float) -> str:
    """`value` (percent) as one of Moodle's grades, written as Moodle writes it ("33.33333").

    >>> moodle_fraction(100 / 3), moodle_fraction(-50)
    ('33.33333', '-50')
    """
    allowed = min(MOODLE_FRACTIONS, key=lambda grade: abs(grade - abs(value)))
    if abs(allowed - abs(value)) > 1e-4:
        raise ValueError(f"{value}% is not a grade Moodle accepts")
    written = format(allowed, ".7g")
    return written if value >= 0 or allowed == 0 else f"-{written}"


@dataclass(frozen=True)
class AnswerRow:
    """One option of a choice question as an LMS writes it."""

    key: str
    fraction: str
    text: str
    feedback: str
    right: bool


_RIGHT = Text(en="Right.", fr="Exact.")
_NOT_THIS = Text(en="Not this one.", fr="Ce n'est pas celle-ci.")
_ONE_OF = Text(en="This option is one of the expected answers.", fr="Cette option fait partie des réponses attendues.")


def _join_text(*texts: Text | None) -> Text:
    kept = [text for text in texts if text is not None]
    return Text(en=" ".join(text.en for text in kept), fr=" ".join(text.fr for text in kept))


def choice_rows(question: Any, exercise: Exercise, language: str) -> list[AnswerRow]:
    """The options of a :class:`ChoiceQuestion` with Moodle fractions that add up and their feedback.

    One right option: 100 for it (for each, when several are accepted), 0 for the others.
    Several options picked together: 100/n for each of the n right ones, -100/n for the
    others, so that ticking everything earns nothing.
    """
    shown = show_expected(exercise)
    rows = []
    right_count = len(question.answer)
    for option in question.options.options:
        right = option.key in question.answer
        if question.multiple:
            fraction = 100.0 / right_count if right else -100.0 / right_count
            fraction = max(fraction, -100.0)
        else:
            fraction = 100.0 if right else 0.0
        said = question.feedback.get(option.key)
        if right:
            text = _join_text(_ONE_OF if question.multiple else _RIGHT,
                              question.explanation if shown and not question.multiple else None)
        elif said is not None:
            text = _join_text(said)
        else:
            text = _NOT_THIS
        rows.append(AnswerRow(option.key, moodle_fraction(fraction), html_text(option.name, language, inline=True),
                              html_text(text, language), right))
    return rows


def general_feedback(question: Any, exercise: Exercise, language: str) -> str:
    """The explanation and the source of a question, unless the course hides expected answers."""
    if not show_expected(exercise):
        return ""
    source = question.source
    pieces = [html_text(question.explanation, language) if question.explanation else ""]
    if source:
        pieces.append(html_text(Text(en=f"Source: {source}.", fr=f"Source\u202f: {source}."), language))
    return join_html(*pieces)
