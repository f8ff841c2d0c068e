"""Moodle XML, as Moodle's importer reads it (``question/format/xml/format.php``).

One ``<question type="category">`` per module and domain, then its questions:
``multichoice`` for a :class:`~caire_exercises.model.questions.ChoiceQuestion` (single or
multiple answers, grades out of Moodle's list that add up), ``numerical`` for a
:class:`~caire_exercises.model.questions.NumericQuestion` (with its tolerance). Every HTML text
is in CDATA, so that Moodle's importer reads it as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from caire_exercises.model.i18n import Text
from caire_exercises.model.questions import ChoiceQuestion, NumericQuestion
from caire_exercises.questions.render import (
    Exported,
    category_path,
    choice_rows,
    clean,
    general_feedback,
    hints_html,
    html_text,
    idnumber,
    join_html,
    plain_text,
    show_expected,
)

_CORRECT = Text(en="Your answer is correct.", fr="Votre réponse est juste.")
_PARTIAL = Text(en="Your answer is partially correct.", fr="Votre réponse est en partie juste.")
_INCORRECT = Text(en="Your answer is incorrect.", fr="Votre réponse n'est pas juste.")
_OUTSIDE = Text(en="This value is not within the tolerance of the expected one.",
                fr="Cette valeur n'est pas dans la tolérance de la valeur attendue.")


def cdata(text: str) -> str:
    """`text` in a CDATA section (a ``]]>`` inside is split across two sections)."""
    return "<![CDATA[" + clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def escape(text: str) -> str:
    from xml.sax.saxutils import escape as sax_escape

    return sax_escape(clean(text))


def _text(tag: str, html: str, indent: str = "    ", fmt: str = "html") -> str:
    return f'{indent}<{tag} format="{fmt}">\n{indent}  <text>{cdata(html) if html else ""}</text>\n{indent}</{tag}>'


def _category(path: str) -> list[str]:
    return ['  <question type="category">',
            f"    <category>\n      <text>{escape(path)}</text>\n    </category>",
            '    <info format="html">\n      <text></text>\n    </info>',
            "  </question>"]


def _head(qtype: str, name: str, text_html: str, feedback_html: str, ident: str) -> list[str]:
    return [f'  <question type="{qtype}">',
            f"    <name>\n      <text>{escape(name)}</text>\n    </name>",
            _text("questiontext", text_html),
            _text("generalfeedback", feedback_html),
            "    <defaultgrade>1.0000000</defaultgrade>",
            "    <penalty>0.3333333</penalty>",
            "    <hidden>0</hidden>",
            f"    <idnumber>{escape(ident)}</idnumber>"]


def _name(exported: Exported, question: ChoiceQuestion | NumericQuestion, language: str) -> str:
    title = plain_text(exported.exercise.title, language)
    return f"{title} — {question.key}"


def multichoice(exported: Exported, question: ChoiceQuestion, language: str) -> list[str]:
    exercise = exported.exercise
    lines = _head("multichoice", _name(exported, question, language), html_text(question.text, language),
                  general_feedback(question, exercise, language), idnumber(exercise.id, question.key))
    lines += [f"    <single>{'false' if question.multiple else 'true'}</single>",
              "    <shuffleanswers>true</shuffleanswers>",
              "    <answernumbering>abc</answernumbering>",
              "    <showstandardinstruction>1</showstandardinstruction>",
              _text("correctfeedback", html_text(_CORRECT, language)),
              _text("partiallycorrectfeedback", html_text(_PARTIAL, language)),
              _text("incorrectfeedback", html_text(_INCORRECT, language)),
              "    <shownumcorrect/>"]
    for row in choice_rows(question, exercise, language):
        lines += [f'    <answer fraction="{row.fraction}" format="html">',
                  f"      <text>{cdata(row.text)}</text>",
                  _text("feedback", row.feedback, indent="      "),
                  "    </answer>"]
    lines += [_text("hint", hint) for hint in hints_html(exercise, language)]
    lines.append("  </question>")
    return lines


def _number(value: float) -> str:
    return format(float(value), ".10g")


def numerical(exported: Exported, question: NumericQuestion, language: str) -> list[str]:
    exercise = exported.exercise
    text = question.text
    if question.unit:
        text = Text(en=f"{text.en} ({question.unit})", fr=f"{text.fr} ({question.unit})")
    feedback = general_feedback(question, exercise, language)
    right = html_text(Text(en="Right.", fr="Exact."), language)
    if show_expected(exercise) and question.explanation is not None:
        right = join_html(right, html_text(question.explanation, language))
    lines = _head("numerical", _name(exported, question, language), html_text(text, language), feedback,
                  idnumber(exercise.id, question.key))
    lines += ['    <answer fraction="100" format="moodle_auto_format">',
              f"      <text>{_number(question.answer)}</text>",
              _text("feedback", right, indent="      "),
              f"      <tolerance>{_number(question.tolerance)}</tolerance>",
              "    </answer>",
              # Moodle's numerical type matches "*" with any other number: the feedback of a miss.
              '    <answer fraction="0" format="moodle_auto_format">',
              "      <text>*</text>",
              _text("feedback", html_text(_OUTSIDE, language), indent="      "),
              "      <tolerance>0</tolerance>",
              "    </answer>",
              "    <unitgradingtype>0</unitgradingtype>",
              "    <unitpenalty>0.1000000</unitpenalty>",
              "    <showunits>3</showunits>",
              "    <unitsleft>0</unitsleft>"]
    lines += [_text("hint", hint) for hint in hints_html(exercise, language)]
    lines.append("  </question>")
    return lines


def write(exports: Sequence[Exported], language: str) -> str:
    """The Moodle XML file of `exports`: categories per module and domain, then their questions."""
    by_category: dict[str, list[tuple[Exported, ChoiceQuestion | NumericQuestion]]] = {}
    for exported in exports:
        for question in exported.questions:
            domain = question.category or exported.exercise.audience[0]
            path = category_path(exported.exercise, domain, language=language)
            by_category.setdefault(path, []).append((exported, question))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for path, questions in by_category.items():
        lines += _category(path)
        for exported, question in questions:
            comment = escape(f"{exported.exercise.id} {question.key}").replace("--", "- -")
            lines.append(f"<!-- {comment} -->")
            if isinstance(question, NumericQuestion):
                lines += numerical(exported, question, language)
            else:
                lines += multichoice(exported, question, language)
    lines.append("</quiz>")
    return "\n".join(lines) + "\n"
