"""CodeRunner questions (``<question type="coderunner">``, ``python3``) for function exercises.

The statement is the question text, the reference solution (``exercise.solution_source()``)
the question's answer, the answer cell of the notebook its preload. Each case of the
exercise is a test: shown cases as examples the learner sees, hidden ones hidden. A test
prints ``OK`` when the learner's function returns the reference's result within the
library's tolerance (``rtol=1e-6, atol=1e-9`` unless the case says otherwise), else what it
expected and what it got; the comparison is in the question's template.

CodeRunner's own randomisation cannot draw the library's variants, so a question holds one
variant (the default one, or a student's), as its text says; the hidden cases are drawn
without the course secret.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from caire_exercises.model.i18n import Text
from caire_exercises.questions.moodle_xml import _text, cdata, escape
from caire_exercises.questions.render import Exported, category_path, hints_html, html_text, idnumber, plain_text

#: The comparison every test runs, as the library compares values (engine/compare.py).
TEMPLATE = '''import math
import numpy as np


def _caire_same(got, expected, rtol, atol):
    """Whether `got` equals `expected` as caire-exercises compares answers."""
    if isinstance(expected, np.ndarray) or isinstance(got, np.ndarray):
        got, expected = np.asarray(got), np.asarray(expected)
        if got.shape != expected.shape:
            return False
        if expected.dtype.kind in "fc" or got.dtype.kind in "fc":
            return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True))
        return bool(np.array_equal(got, expected))
    if isinstance(expected, dict):
        return (isinstance(got, dict) and set(got) == set(expected)
                and all(_caire_same(got[k], expected[k], rtol, atol) for k in expected))
    if isinstance(expected, (list, tuple)):
        return (isinstance(got, (list, tuple, np.ndarray)) and len(got) == len(expected)
                and all(_caire_same(g, e, rtol, atol) for g, e in zip(got, expected)))
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return got == expected
    if isinstance(expected, (int, float, np.number)):
        try:
            return bool(np.isclose(float(got), float(expected), rtol=rtol, atol=atol, equal_nan=True))
        except (TypeError, ValueError):
            return False
    return got == expected


def _caire_check(got, expected, rtol=1e-06, atol=1e-09):
    print("OK" if _caire_same(got, expected, rtol, atol) else "Expected " + repr(expected) + ", got " + repr(got))


{{ STUDENT_ANSWER }}


{{ TEST.testcode }}
'''

_ONE_VARIANT = Text(
    en="(This question holds one variant of the exercise: {variant}. Its hidden tests are drawn without "
       "the course secret.)",
    fr="(Cette question porte une seule variante de l'exercice\u202f: {variant}. Ses tests cachés sont tirés "
       "sans le secret du cours.)")


class NotLiteral(ValueError):
    """A value that cannot be written as Python source a test can run."""


def literal(value: Any) -> str:
    """`value` as Python source (NumPy arrays as ``np.array(..., dtype=...)``)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufcU":
            raise NotLiteral(f"an array of {value.dtype}")
        return f"np.array({literal(value.tolist())}, dtype={str(value.dtype)!r})"
    if isinstance(value, np.generic):
        return literal(value.item())
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('inf')" if value > 0 else "float('-inf')"
        return repr(value)
    if isinstance(value, (int, str)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise NotLiteral(type(value).__name__)


def eligible(exercise: Any) -> bool:
    """Whether `exercise` can be a CodeRunner question: a function exercise with one answer."""
    return exercise.kind == "function" and len(exercise.answer_names) == 1 and callable(exercise.reference)


def testcases(exercise: Any) -> list[tuple[str, bool]]:
    """Each case as (test code, hidden); :class:`NotLiteral` when a value cannot be written."""
    from caire_exercises.engine.compare import ATOL, RTOL

    name = exercise.answer_names[0]
    made = []
    for case in exercise.make_cases():
        if case.private:
            raise NotLiteral("a case the judge reads in private")
        expected = exercise.reference(*case.args, **dict(case.kwargs))
        call = ", ".join([literal(arg) for arg in case.args]
                         + [f"{key}={literal(value)}" for key, value in case.kwargs.items()])
        rtol = RTOL if case.rtol is None else case.rtol
        atol = ATOL if case.atol is None else case.atol
        made.append((f"_caire_check({name}({call}), {literal(expected)}, rtol={rtol!r}, atol={atol!r})",
                     case.hidden))
    return made


def _testcase(code: str, hidden: bool, example: bool) -> str:
    return (f'      <testcase testtype="0" useasexample="{1 if example else 0}" hiderestiffail="0" '
            f'mark="1.0000000">\n'
            f"      <testcode>\n        <text>{escape(code)}</text>\n      </testcode>\n"
            f"      <stdin>\n        <text></text>\n      </stdin>\n"
            f"      <expected>\n        <text>OK</text>\n      </expected>\n"
            f"      <extra>\n        <text></text>\n      </extra>\n"
            f"      <display>\n        <text>{'HIDE' if hidden else 'SHOW'}</text>\n      </display>\n"
            "    </testcase>")


def question(exported: Exported, language: str) -> list[str]:
    from caire_exercises.teacher.notebooks import _placeholder_source

    exercise = exported.exercise
    tests = testcases(exercise)
    preload_language = "fr" if language == "fr" else "en"
    who = Text(en=exercise.student or "the default one", fr=exercise.student or "celle par défaut")
    note = Text(en=_ONE_VARIANT.en.replace("{variant}", who.en), fr=_ONE_VARIANT.fr.replace("{variant}", who.fr))
    statement = Text(en=exercise.statement_in("en"), fr=exercise.statement_in("fr"))
    text = html_text(statement, language) + (html_text(note, language) if exercise.has_variants else "")
    lines = [f'  <question type="coderunner">',
             f"    <name>\n      <text>{escape(plain_text(exercise.title, language))}</text>\n    </name>",
             _text("questiontext", text),
             _text("generalfeedback", ""),
             "    <defaultgrade>1.0000000</defaultgrade>",
             "    <penalty>0.0000000</penalty>",
             "    <hidden>0</hidden>",
             f"    <idnumber>{escape(idnumber(exercise.id, 'function'))}</idnumber>",
             "    <coderunnertype>python3</coderunnertype>",
             "    <prototypetype>0</prototypetype>",
             "    <allornothing>0</allornothing>",
             "    <penaltyregime>10, 20, ...</penaltyregime>",
             "    <precheck>0</precheck>",
             "    <showsource>0</showsource>",
             "    <answerboxlines>18</answerboxlines>",
             "    <answerboxcolumns>100</answerboxcolumns>",
             f"    <answerpreload>{escape(_placeholder_source(exercise, preload_language))}</answerpreload>",
             "    <useace>1</useace>",
             "    <resultcolumns></resultcolumns>",
             f"    <template>{escape(TEMPLATE)}</template>",
             "    <iscombinatortemplate>0</iscombinatortemplate>",
             "    <allowmultiplestdins>0</allowmultiplestdins>",
             f"    <answer>{escape(exercise.solution_source(teacher=True))}</answer>",
             "    <validateonsave>1</validateonsave>",
             "    <testsplitterre></testsplitterre>",
             "    <language>python3</language>",
             "    <acelang></acelang>",
             "    <sandbox></sandbox>",
             "    <grader>EqualityGrader</grader>",
             f"    <cputimelimitsecs>{max(5, int(math.ceil(exercise.timeout)) * 2)}</cputimelimitsecs>",
             "    <memlimitmb></memlimitmb>",
             "    <sandboxparams></sandboxparams>",
             "    <templateparams></templateparams>",
             "    <hoisttemplateparams>1</hoisttemplateparams>",
             "    <twigall>0</twigall>",
             "    <uiplugin></uiplugin>",
             "    <attachments>0</attachments>",
             "    <attachmentsrequired>0</attachmentsrequired>",
             "    <maxfilesize>10240</maxfilesize>",
             "    <filenamesregex></filenamesregex>",
             "    <filenamesexplain></filenamesexplain>",
             "    <displayfeedback>1</displayfeedback>",
             "    <testcases>"]
    first_shown = True
    for code, hidden in tests:
        lines.append(_testcase(code, hidden, example=not hidden and first_shown))
        first_shown = first_shown and hidden
    lines.append("    </testcases>")
    lines += [_text("hint", hint) for hint in hints_html(exercise, language)]
    lines.append("  </question>")
    return lines


def write(exports: Sequence[Exported], language: str) -> tuple[str, list[str]]:
    """The CodeRunner questions of the function exercises among `exports`, and what was left out."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    left_out: list[str] = []
    current = None
    for exported in exports:
        exercise = exported.exercise
        if not eligible(exercise):
            left_out.append(f"{exercise.id}: not a function exercise ({exercise.kind})")
            continue
        try:
            written = question(exported, language)
        except NotLiteral as error:
            left_out.append(f"{exercise.id}: its cases hold values a test cannot write ({error})")
            continue
        path = category_path(exercise, "coderunner", language=language)
        if path != current:
            lines += ['  <question type="category">',
                      f"    <category>\n      <text>{escape(path)}</text>\n    </category>",
                      "  </question>"]
            current = path
        lines.append(f"<!-- {escape(exercise.id)} -->")
        lines += written
    lines.append("</quiz>")
    return "\n".join(lines) + "\n", left_out
