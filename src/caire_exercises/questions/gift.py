"""GIFT, for teachers who paste questions into Moodle's question bank.

Each question is written ``// [id:...]`` (the idnumber Moodle reads from that comment),
``::name::[html]text{answers ####general feedback}``; ``$CATEGORY:`` lines put the
questions in the same categories as the Moodle XML export. The characters GIFT gives a
meaning to (``~ = # { } :`` and the backslash) are escaped with a backslash, and line
breaks are written ``\\n``, so that a text never ends a question early.
"""

from __future__ import annotations

from collections.abc import Sequence

from caire_exercises.model.questions import ChoiceQuestion, NumericQuestion
from caire_exercises.questions.render import (
    Exported,
    category_path,
    choice_rows,
    clean,
    general_feedback,
    html_text,
    idnumber,
    plain_text,
)

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """`text` with GIFT's special characters escaped and its line breaks as ``\\n``."""
    out = []
    for char in clean(text):
        if char in _SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def _number(value: float) -> str:
    return format(float(value), ".10g")


def _choice(question: ChoiceQuestion, exported: Exported, language: str) -> str:
    pieces = []
    for row in choice_rows(question, exported.exercise, language):
        feedback = f"#{escape(row.feedback)}" if row.feedback else ""
        if question.multiple:
            pieces.append(f"~%{row.fraction}%{escape(row.text)}{feedback}")
        elif row.right:
            pieces.append(f"={escape(row.text)}{feedback}")
        else:
            pieces.append(f"~{escape(row.text)}{feedback}")
    return "\n".join(pieces)


def _numeric(question: NumericQuestion) -> str:
    return f"#{_number(question.answer)}:{_number(question.tolerance)}"


def question_gift(exported: Exported, question: ChoiceQuestion | NumericQuestion, language: str) -> str:
    exercise = exported.exercise
    name = f"{plain_text(exercise.title, language)} — {question.key}"
    text = question.text
    body = _numeric(question) if isinstance(question, NumericQuestion) else _choice(question, exported, language)
    general = general_feedback(question, exercise, language)
    closing = f"\n####{escape(general)}" if general else ""
    return (f"// [id:{idnumber(exercise.id, question.key)}]\n"
            f"::{escape(name)}::[html]{escape(html_text(text, language))}{{\n{body}{closing}\n}}")


def write(exports: Sequence[Exported], language: str) -> str:
    """The GIFT file of `exports`."""
    chunks: list[str] = []
    current = None
    for exported in exports:
        for question in exported.questions:
            domain = question.category or exported.exercise.audience[0]
            path = category_path(exported.exercise, domain, language=language)
            if path != current:
                chunks.append(f"$CATEGORY: {path}")
                current = path
            chunks.append(question_gift(exported, question, language))
    return "\n\n".join(chunks) + "\n"
