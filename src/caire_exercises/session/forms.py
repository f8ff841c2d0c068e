"""Forms for no-code exercises: ``ex.form()`` shows the items as widgets and a check button.

Each question of the exercise's ``questions`` hook becomes a widget (``ipywidgets``):
radio buttons for one option, a multiple selection for several, a number field for a
value. "Check" builds the same dict a learner would type (option keys, item keys),
writes it into the notebook's variable (``ex.answer_name``) and checks it with
``ex.check``: the feedback is the checker's, in the learner's language.

A graded notebook is run again by the grader, which reads the answer cell, not the
widgets: after a check the form shows the line that keeps the answer, to paste into
the answer cell. Without ipywidgets, or outside a widget-capable front end, ``ex.form()``
says how to write the dict (with French or English option names).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from caire_exercises.model.i18n import N_, Text, get_language, translate

_CHECK = Text(en="Check", fr="Vérifier")
_NONE = N_("This exercise has no form: answer it in the cell, as its statement says.")
_FALLBACK = N_("Widgets are not available here (ipywidgets is not installed, or this is not Jupyter). "
               "Write your answer in the cell instead, with the option names in English or in French:\n\n"
               "{example}")
_KEEP = Text(en="To keep this answer for grading, put this line in the answer cell:",
             fr="Pour que cette réponse soit notée, mettez cette ligne dans la cellule de réponse\u202f:")


def _path(question: Any) -> list[str]:
    """Where a question's value goes in the answer dict: its key, split at the dots
    (``cv.tier`` -> ``answer["cv"]["tier"]``, ``metrics.F.sensitivity`` -> three levels)."""
    return str(question.key).split(".")


def build_answer(questions: list[Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The dict a learner would write from each question's value (None where unanswered)."""
    answer: dict[str, Any] = {}
    for question in questions:
        value = values.get(question.key)
        if isinstance(value, tuple):
            value = list(value) or None
        *parents, last = _path(question)
        place = answer
        for name in parents:
            place = place.setdefault(name, {})
        place[last] = value
    return answer


def _initial(question: Any, given: Any) -> Any:
    """The value a question's widget starts from: what the learner already wrote, if it names an option."""
    raw = given
    path = _path(question)
    for depth, name in enumerate(path):
        if not isinstance(raw, Mapping):
            # An item written as one text or a tuple ("high risk, logging") holds all its parts.
            if depth == len(path) - 1 and depth > 0 and raw is not None:
                break
            return None
        raw = raw.get(name)
    if raw is None:
        return None
    if not hasattr(question, "options"):
        return raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    # An item written as one text or a tuple ("high risk, logging"): the pieces this part names.
    pieces = raw if isinstance(raw, (list, tuple)) else [piece.strip() for piece in str(raw).split(",")]
    keys = [question.options.resolve(piece) for piece in pieces if isinstance(piece, str)]
    keys = [key for key in keys if key is not None]
    if question.multiple:
        return tuple(keys)
    return keys[0] if keys else None


def _number(text: str) -> Any:
    """A number field's value: a float (a decimal comma is read too), None when empty, else the text."""
    written = text.strip().replace("\u202f", "").replace(" ", "")
    if not written:
        return None
    try:
        return float(written.replace(",", "."))
    except ValueError:
        return text


class Form:
    """The widgets of one exercise's form; :meth:`check` is what the button does."""

    def __init__(self, exercise: Any, questions: list[Any], namespace: dict[str, Any] | None,
                 check: Any) -> None:
        import ipywidgets as widgets

        self._check = check
        self.exercise = exercise
        self.questions = questions
        self.namespace = namespace
        self.language = get_language()
        self.result: Any = None
        given = (namespace or {}).get(exercise.answer_names[0])
        self.widgets: dict[str, Any] = {}
        rows = []
        for question in questions:
            label = widgets.HTML(f"<b>{html.escape(question.key)}</b> — "
                                 f"{html.escape(question.text.render(self.language)).replace(chr(10), '<br>')}")
            start = _initial(question, given)
            if not hasattr(question, "options"):
                # Text, not FloatText: an empty field is "not answered", and 0,9 is read as 0.9.
                widget = widgets.Text(value="" if start is None else str(start), placeholder="0.9")
            elif question.multiple:
                choices = [(option.name.render(self.language), option.key) for option in question.options.options]
                widget = widgets.SelectMultiple(options=choices, value=start or (), rows=len(choices))
            else:
                choices = [(option.name.render(self.language), option.key) for option in question.options.options]
                widget = widgets.RadioButtons(options=choices, value=start)
            self.widgets[question.key] = widget
            rows.append(widgets.VBox([label, widget]))
        self.button = widgets.Button(description=_CHECK.render(self.language), button_style="primary")
        self.feedback = widgets.HTML("")
        self.button.on_click(lambda _button: self.check())
        self.box = widgets.VBox([*rows, self.button, self.feedback])

    def answer(self) -> dict[str, Any]:
        """The learner's answer as the dict the statement asks for."""
        values = {key: _number(widget.value) if isinstance(widget.value, str) else widget.value
                  for key, widget in self.widgets.items()}
        return build_answer(self.questions, values)

    def check(self) -> Any:
        """Write the answer into the notebook's variable, check it, show the feedback."""
        answer = self.answer()
        if self.namespace is not None:
            self.namespace[self.exercise.answer_names[0]] = answer
        self.result = self._check(self.exercise, (answer,), {}, quiet=True)
        line = f"{self.exercise.answer_names[0]} = {answer!r}"
        self.feedback.value = (self.result._repr_html_()
                               + f"<p>{html.escape(_KEEP.render(self.language))}</p>"
                               + f"<pre>{html.escape(line)}</pre>")
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def _example(exercise: Any, questions: list[Any]) -> str:
    values: dict[str, Any] = {}
    for question in questions:
        if hasattr(question, "options"):
            first = question.options.options[0]
            name = first.name.render(get_language())
            values[question.key] = [name] if question.multiple else name
        else:
            values[question.key] = 0.0
    return f"{exercise.answer_names[0]} = {build_answer(questions, values)!r}"


def form(exercise: Any, session: Any, *, namespace: dict[str, Any] | None = None,
         widgets: bool | None = None) -> Any:
    """The exercise's form (a :class:`Form`), or, without widgets, how to write the answer.

    `session` is the learner's session module (:mod:`caire_exercises.session.student`: how
    to check, show and find the notebook); `namespace` is where the answer is written
    (default: the notebook's); `widgets=False` forces the text fallback, `widgets=True`
    builds the widgets even outside Jupyter (tests).
    """
    _Markdown, _show = session._Markdown, session._show

    if exercise.questions is None or exercise.kind not in ("choice", "value"):
        text = translate(_NONE)
        _show(_Markdown(text), text)
        return None
    questions = list(exercise.questions(exercise.params))
    if widgets is None:
        widgets = session.in_notebook()
    if widgets:
        try:
            import ipywidgets  # noqa: F401
        except ImportError:
            widgets = False
    if not widgets:
        text = translate(_FALLBACK, None, example=f"```python\n{_example(exercise, questions)}\n```")
        _show(_Markdown(text), text)
        return None
    return Form(exercise, questions, namespace if namespace is not None else session.notebook_namespace(),
                session.check_in_session)
