"""Student and teacher notebooks, generated from the registry so that they cannot drift.

Two kinds of notebooks come out of here:

* **module notebooks**: every exercise of one module, in one language
  (``caire notebook --module numpy --lang fr -o DIR`` writes ``DIR/fr/numpy.ipynb``;
  ``caire notebook -o DIR`` writes every registered module in both languages,
  which is how the repository's ``notebooks/`` folder is made);
* **assignment notebooks**: a teacher's choice of exercises, read from an
  assignment file (see :mod:`caire_exercises.teacher.assignment`), with the teacher's
  own Markdown around them: one student notebook, or one per student of a
  roster, plus a teacher's notebook holding the reference solutions::

      caire notebook --assignment tp1.toml --lang fr --students roster.csv -o out/

  writes ``out/students/<student>.ipynb`` for each row of the roster (or
  ``out/tp1.ipynb`` without a roster) and ``out/teacher/tp1.ipynb``.

Every notebook opens with a cell that imports the library (and says how to
install it if it is missing), sets the language and, for a roster, the
student, so that each learner gets their own variant; the student is also kept
in the notebook's metadata (``metadata.caire.student``), with a tag signed by
the course secret when one is set (``metadata.caire.student_tag``), which the
grader checks against the place the notebook is handed in at. Then,
for each exercise: its statement, a cell ``ex = cx.get(...)`` that shows it, a
cell for the answer (a stub that the checker reports as "not attempted"), and
a cell ``ex.check()``.

A roster is a CSV file (comma, semicolon or tab separated, UTF-8, a header
row) with a column ``email``; a column ``student`` or ``id`` is accepted
instead. Other columns (names, groups) are ignored.

The output is deterministic, byte for byte: no timestamps, no random cell
ids, keys sorted, the layout of ``nbformat``'s own writer. Generating needs no
Jupyter package at all.

>>> nb = module_notebook("numpy", language="en")     # doctest: +SKIP
>>> nb["metadata"]["caire"]["exercises"][0]           # doctest: +SKIP
'numpy.zscore'
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caire_exercises.model.errors import GradingError
from caire_exercises.model.i18n import LANGUAGES, Language, Text, resolve_language

if TYPE_CHECKING:
    from caire_exercises.model.exercise import Exercise
    from caire_exercises.teacher.assignment import Assignment

__all__ = [
    "AssignmentNotebooks",
    "assignment_notebook",
    "dumps",
    "module_notebook",
    "module_title",
    "read_roster",
    "registered_modules",
    "write_assignment_notebooks",
    "write_module_notebooks",
    "write_notebook",
]

Notebook = dict[str, Any]

_T = {
    "try_it": Text(
        en="## Try it first\n\nRun the next cell: it shows what this module is about, and nothing in it "
           "is graded. Change a number or two and run it again.",
        fr="## Pour commencer, essayez\n\nExécutez la cellule suivante\u202f: elle montre de quoi parle ce "
           "module, et rien n'y est noté. Changez un nombre ou deux, puis exécutez-la de nouveau."),
    "how_to": Text(
        en="**How to work.** Run the first code cell, then go from top to bottom. For each "
           "exercise, write your answer in place of the `...` or `None`, run that cell, then run "
           "the cell with `ex.check()`: every case is shown, green or red, with what to try.",
        fr="**Comment travailler.** Exécutez la première cellule de code, puis avancez de haut en "
           "bas. Pour chaque exercice, écrivez votre réponse à la place de `...` ou de `None`, "
           "exécutez cette cellule, puis la cellule `ex.check()` : chaque cas s'affiche, en vert ou "
           "en rouge, avec une piste."),
    "how_to_hints": Text(
        en="Stuck? Remove the `#` before `ex.hint()` to get a hint; run it again for the next one.",
        fr="Bloqué ? Retirez le `#` devant `ex.hint()` pour obtenir un indice ; exécutez-le de "
           "nouveau pour le suivant."),
    "how_to_progress": Text(en="The last cell shows your progress.",
                            fr="La dernière cellule montre votre progression."),
    "solutions_version": Text(
        en="*This version holds the reference solutions: every check should pass.*",
        fr="*Cette version contient les solutions de référence : toutes les vérifications "
           "doivent réussir.*"),
    "teacher_version": Text(
        en="*Teacher's notebook: the answer cells hold the reference solutions. Do not hand it "
           "out to students.*",
        fr="*Cahier de l'enseignant : les cellules de réponse contiennent les solutions de "
           "référence. Ne le distribuez pas aux étudiants.*"),
    "student_line": Text(en="*Notebook of {student}: the exercises are in your own variant.*",
                         fr="*Cahier de {student} : les exercices sont dans votre propre variante.*"),
    "variant_note": Text(
        en="*Shared variant: the numbers below are those of a student without an identifier. Each "
           "student has a variant of their own: once you have set yours (`cx.set_student` in the "
           "first cell), the next cell shows your statement with your numbers; work from that one.*",
        fr="*Variante commune\u202f: les valeurs ci-dessous sont celles d'un étudiant sans "
           "identifiant. Chaque étudiant a sa propre variante\u202f: une fois le vôtre indiqué "
           "(`cx.set_student` dans la première cellule), la cellule suivante affiche votre énoncé "
           "avec vos valeurs\u202f; travaillez à partir de celui-ci.*"),
    "setup_comment": Text(en="Run this cell first: it loads the exercise library.",
                          fr="Exécutez d'abord cette cellule : elle charge la bibliothèque d'exercices."),
    "missing": Text(
        en="The caire-exercises library is not installed in this notebook's kernel. Install it with "
           "the wheel your teacher gave you (saved next to this notebook):",
        fr="La bibliothèque caire-exercises n'est pas installée dans le noyau de ce notebook. "
           "Installez-la avec le wheel que votre enseignant vous a donné (enregistré à côté de ce "
           "notebook)\u202f:"),
    "from_copy": Text(
        en="or from a copy of the repository: %pip install /path/to/caire-exercises "
           "(once it is on PyPI: %pip install caire-exercises);",
        fr="ou depuis une copie du dépôt\u202f: %pip install /chemin/vers/caire-exercises "
           "(une fois sur PyPI\u202f: %pip install caire-exercises)\u202f;"),
    "restart": Text(en="then restart the kernel and run this cell again.",
                    fr="puis redémarrez le noyau et exécutez de nouveau cette cellule."),
    "set_student": Text(en="your identifier, if your teacher gave you one: your own variants",
                        fr="votre identifiant, si l'enseignant vous en a donné un : vos propres "
                           "variantes"),
    "solutions_off": Text(en="this course does not show solutions",
                          fr="ce cours n'affiche pas les solutions"),
    "your_code": Text(en="your code here", fr="votre code ici"),
    "your_answer": Text(en="replace None by your answer", fr="remplacez None par votre réponse"),
    "your_choices": Text(en="replace each None by your choice", fr="remplacez chaque None par votre choix"),
    "form": Text(en="or answer in this form; to hand it in, paste the line it gives into the cell above",
                 fr="ou répondez dans ce formulaire\u202f; pour le rendre, collez dans la cellule du dessus la "
                    "ligne qu'il donne"),
    "hint": Text(en="a hint, if you are stuck", fr="un indice, si vous êtes bloqué"),
    "solution": Text(en="the reference solution", fr="la solution de référence"),
    "progress": Text(en="Your progress", fr="Votre progression"),
    "exercises_title": Text(en="Exercises", fr="Exercices"),
}

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


# ---------------------------------------------------------------------- cells


class _Builder:
    """Cells of one notebook, with ids that depend only on their place and role."""

    def __init__(self) -> None:
        self.cells: list[dict[str, Any]] = []
        self._ids: set[str] = set()

    def _id(self, role: str) -> str:
        cell_id = re.sub(r"[^A-Za-z0-9_-]", "-", role)
        if len(cell_id) > 64:
            cell_id = cell_id[:55] + "-" + hashlib.sha256(role.encode()).hexdigest()[:8]
        if cell_id in self._ids:
            raise ValueError(f"two cells of one notebook share the id {cell_id!r}")
        self._ids.add(cell_id)
        return cell_id

    def markdown(self, role: str, source: str) -> None:
        if source.strip():
            self.cells.append({"cell_type": "markdown", "id": self._id(role), "metadata": {},
                               "source": _lines(source.strip())})

    def code(self, role: str, source: str) -> None:
        self.cells.append({"cell_type": "code", "execution_count": None, "id": self._id(role),
                           "metadata": {}, "outputs": [], "source": _lines(source.strip())})


def _py(text: str) -> str:
    """`text` as a double-quoted Python string literal (JSON's escapes are all valid Python)."""
    return json.dumps(text, ensure_ascii=False)


def _lines(source: str) -> list[str]:
    # nbformat's writer stores a source as its lines, newlines kept: doing the
    # same keeps our files identical to what Jupyter writes back.
    return source.splitlines(keepends=True)


def _notebook(builder: _Builder, caire: Mapping[str, Any]) -> Notebook:
    return {
        "cells": builder.cells,
        "metadata": {
            "caire": {key: value for key, value in caire.items() if value is not None},
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _wheel_name() -> str:
    """The wheel that ``tools/release.py`` builds and a teacher hands out."""
    from caire_exercises import __version__

    return f"caire_exercises-{__version__}-py3-none-any.whl"


def _setup_source(language: Language, *, student: str | None, solutions_off: bool,
                  numpy: bool, suggest_student: bool) -> str:
    lines = [f"# {_T['setup_comment'].render(language)}"]
    if solutions_off:
        lines += ["import os", "",
                  f'os.environ["CAIRE_SOLUTIONS"] = "off"  # {_T["solutions_off"].render(language)}',
                  ""]
    lines += [
        "try:",
        "    import caire_exercises as cx",
        "except ImportError:",
        f"    print({_py(_T['missing'].render(language))})",
        f"    print({_py(f'    %pip install {_wheel_name()}')})",
        f"    print({_py(_T['from_copy'].render(language))})",
        f"    print({_py(_T['restart'].render(language))})",
        "    raise",
    ]
    if numpy:
        lines.append("import numpy as np")
    lines += ["", f"cx.set_language({_py(language)})"]
    if student is not None:
        lines.append(f"cx.set_student({_py(student)})")
    elif suggest_student:
        example = "prenom.nom@ecole.fr" if language == "fr" else "first.last@school.edu"
        lines.append(f"# cx.set_student({_py(example)})  # {_T['set_student'].render(language)}")
    return "\n".join(lines)


def _how_to(language: Language, *, hints: bool) -> str:
    parts = [_T["how_to"], _T["how_to_hints"], _T["how_to_progress"]] if hints else [
        _T["how_to"], _T["how_to_progress"]]
    return " ".join(part.render(language) for part in parts)


def _points_text(points: float, language: Language) -> str:
    # The word is the same in both languages, but French puts 0 and 1 in the singular.
    singular = points < 2 if language == "fr" else points == 1
    return f"{points:g} point" + ("" if singular else "s")


def _statement_markdown(exercise: Exercise, number: int, language: Language, *,
                        points: float | None, student_known: bool) -> str:
    from caire_exercises.engine.report import exercise_markdown

    heading = f"## {number}. {exercise.title_in(language)}"
    if points is not None:
        heading += f" ({_points_text(points, language)})"
    # exercise_markdown starts with its own "### title" line; the rest (the
    # translated line of facts and the statement) is reused as it is.
    body = exercise_markdown(exercise, language).split("\n", 1)[1].strip()
    if exercise.has_variants and not student_known:
        # Said before the numbers, so that nobody works from them by mistake: `ex` in the
        # next cell shows the learner's own variant once their identifier is set.
        return "\n\n".join([heading, _T["variant_note"].render(language), body])
    return "\n\n".join([heading, body])


def _reference_parts(exercise: Exercise) -> dict[str, Any]:
    if len(exercise.answer_names) > 1:
        return dict(exercise.reference)
    return {exercise.answer_names[0]: exercise.reference}


def _signature(function: Any) -> str:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return "(*args, **kwargs)"
    parameters = [parameter.replace(annotation=inspect.Parameter.empty)
                  for parameter in signature.parameters.values()]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


class _ReadKeys(dict):  # type: ignore[type-arg]
    """A dict that remembers which keys a probe read, in order."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.read: list[str] = []

    def _note(self, key: Any) -> None:
        if key in self.keys() and key not in self.read:
            self.read.append(key)

    def __getitem__(self, key: Any) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._note(key)
        return super().get(key, default)


def _asked_keys(exercise: Exercise, name: str, reference: Mapping[str, Any]) -> list[str]:
    """The keys of a dict answer that this variant's cases ask for, in the order they ask.

    A quiz's reference may answer a whole item bank while a variant asks a few
    items: running the probe on the reference, through a dict that records what
    is read, finds them without knowing how the exercise stores its variant.
    """
    from caire_exercises.engine.checking import probe_of, reference_answers

    recorder = _ReadKeys(reference)
    answers = {**reference_answers(exercise), name: recorder}
    probe = probe_of(exercise)
    try:
        for case in exercise.make_cases():
            probe(answers, case)
    except Exception:  # noqa: BLE001 - a probe that cannot run this way: every key, then
        return list(reference)
    return recorder.read or list(reference)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return _py(value)
    if isinstance(value, tuple):
        inner = ", ".join(_literal(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    return repr(value)


def _is_choice_dict(exercise: Exercise, reference: Any) -> bool:
    return (exercise.kind == "choice" and isinstance(reference, Mapping) and bool(reference)
            and all(isinstance(key, str) for key in reference))


def _placeholder_source(exercise: Exercise, language: Language) -> str:
    """The answer cell as shipped: stubs the checker reports as "not attempted"."""
    chunks = []
    for name, reference in _reference_parts(exercise).items():
        wants_function = (exercise.kind == "function" and callable(reference)) or (
            exercise.kind in ("estimator", "torch") and inspect.isfunction(reference))
        if wants_function:
            # A body of only `...` is a placeholder for the checker; a docstring
            # would be too, but a comment keeps the learner's eye on the body.
            chunks.append(f"def {name}{_signature(reference)}:\n"
                          f"    # {_T['your_code'].render(language)}\n    ...")
        elif _is_choice_dict(exercise, reference):
            items = "".join(f"    {_py(key)}: None,\n" for key in _asked_keys(exercise, name, reference))
            chunks.append(f"# {_T['your_choices'].render(language)}\n{name} = {{\n{items}}}")
        else:
            chunks.append(f"{name} = None  # {_T['your_answer'].render(language)}")
    return "\n\n\n".join(chunks)


def _solution_source(exercise: Exercise) -> str:
    """The reference solution; for a quiz, only the items this variant asks."""
    parts = _reference_parts(exercise)
    if exercise.solution_code is not None or not any(
            _is_choice_dict(exercise, reference) for reference in parts.values()):
        return exercise.solution_source(teacher=True)
    chunks = []
    for name, reference in parts.items():
        keys = _asked_keys(exercise, name, reference)
        items = "".join(f"    {_py(key)}: {_literal(reference[key])},\n" for key in keys)
        chunks.append(f"{name} = {{\n{items}}}")
    return "\n\n\n".join(chunks) + "\n"


def _check_source(*, hints: bool, solutions: bool, language: Language) -> str:
    lines = ["ex.check()"]
    if hints:
        lines.append(f"# ex.hint()      # {_T['hint'].render(language)}")
    if solutions:
        lines.append(f"# ex.solution()  # {_T['solution'].render(language)}")
    return "\n".join(lines)


def _get_source(exercise: Exercise, bank: str = "") -> str:
    """``ex = cx.get(...)``, as the course sets the exercise up (its settings, its bank file)."""
    if bank:
        source = (f"from caire_exercises.authoring.quiz import bank_quiz\n\n"
                  f"ex = cx.get(bank_quiz({_py(Path(bank).name)}))")
    else:
        source = f"ex = cx.get({_py(exercise.id)})"
    if exercise.settings:
        written = ", ".join(f"{key}={_literal(list(value) if isinstance(value, tuple) else value)}"
                            for key, value in exercise.settings)
        source += f".with_settings({written})"
    return source + "\nex"


def _is_no_code(exercise: Exercise) -> bool:
    """A quiz or a value exercise with questions: the notebook offers a form as well as the dict."""
    return exercise.kind in ("choice", "value") and exercise.questions is not None


def _exercise_cells(builder: _Builder, exercise: Exercise, number: int, language: Language, *,
                    solutions: bool, hints: bool, solutions_allowed: bool, student_known: bool,
                    points: float | None = None, before: str = "", after: str = "", bank: str = "") -> None:
    role = f"ex{number}-{exercise.id}"
    builder.markdown(f"{role}-before", before)
    builder.markdown(f"{role}-statement", _statement_markdown(
        exercise, number, language, points=points, student_known=student_known))
    builder.code(f"{role}-get", _get_source(exercise, bank))
    answer = _solution_source(exercise) if solutions else _placeholder_source(exercise, language)
    builder.code(f"{role}-answer", answer)
    if _is_no_code(exercise) and not solutions:
        # A cell of its own, after the answer: the form fills the answer variable in the kernel
        # and shows the one line to paste into the answer cell, which is what the grader reads.
        builder.code(f"{role}-form", f"# {_T['form'].render(language)}\nex.form()")
    builder.code(f"{role}-check", _check_source(hints=hints, solutions=solutions_allowed and not solutions,
                                                language=language))
    builder.markdown(f"{role}-after", after)


def _progress_cells(builder: _Builder, language: Language) -> None:
    builder.markdown("progress-title", f"## {_T['progress'].render(language)}")
    builder.code("progress", "cx.progress()")


def _needs_numpy(exercises: Iterable[Exercise]) -> bool:
    return any(exercise.kind != "choice" for exercise in exercises)


# ------------------------------------------------------------------ notebooks


def registered_modules() -> list[str]:
    """The modules of the registry, in the order their exercises were loaded."""
    from caire_exercises.engine.registry import registry

    return list(dict.fromkeys(exercise.module for exercise in registry().exercises()))


def module_title(module: str, language: str | None = None) -> str:
    """``"M1 — NumPy foundations"`` for a catalogue module, a generic title otherwise."""
    from caire_exercises.engine.module_titles import module_code, module_heading

    lang = resolve_language(language)
    if module_code(module) is not None:
        return module_heading(module, lang)
    return f"{_T['exercises_title'].render(lang)} : {module}" if lang == "fr" else (
        f"{_T['exercises_title'].render(lang)}: {module}")


def module_notebook(module: str, *, language: str | None = None, solutions: bool = False) -> Notebook:
    """The notebook of every exercise of `module`, as nbformat v4 JSON data (a dict).

    Parameters
    ----------
    module : str
        A module of the registry (``"numpy"``, ``"literacy"``, or a plug-in's).
    language : {"fr", "en"}, optional
        Default: the language in force.
    solutions : bool
        Fill the answer cells with the reference solutions instead of stubs.

    Raises
    ------
    KeyError
        If no registered exercise belongs to `module`.
    """
    from caire_exercises.engine.registry import registry

    lang = resolve_language(language)
    exercises = [exercise for exercise in registry().exercises() if exercise.module == module]
    if not exercises:
        known = ", ".join(registered_modules())
        raise KeyError(f"No exercise belongs to module {module!r}; the modules are: {known}.")
    builder = _Builder()
    intro = [f"# {module_title(module, lang)}"]
    declared_intro = registry().module(module).intro.render(lang).strip()
    if declared_intro:
        intro.append(declared_intro)
    intro.append(_how_to(lang, hints=True))
    if solutions:
        intro.append(_T["solutions_version"].render(lang))
    builder.markdown("title", "\n\n".join(intro))
    builder.code("setup", _setup_source(lang, student=None, solutions_off=False,
                                        numpy=_needs_numpy(exercises), suggest_student=not solutions))
    try_it = registry().module(module).try_it
    if try_it is not None:
        builder.markdown("try_it_intro", _T["try_it"].render(lang))
        builder.code("try_it", getattr(try_it, lang))
    for number, exercise in enumerate(exercises, 1):
        _exercise_cells(builder, exercise, number, lang, solutions=solutions, hints=True,
                        solutions_allowed=True, student_known=False)
    _progress_cells(builder, lang)
    return _notebook(builder, {"module": module, "language": lang, "solutions": solutions,
                               "exercises": [exercise.id for exercise in exercises]})


def assignment_notebook(assignment: Assignment, *, language: str | None = None,
                        student: str | None = None, teacher: bool = False) -> Notebook:
    """One notebook of `assignment`: a student's (optionally for `student`), or the teacher's.

    Parameters
    ----------
    assignment : Assignment
        The exercises, points, settings and teacher's Markdown.
    language : {"fr", "en"}, optional
        Default: the assignment's language.
    student : str, optional
        Bind the notebook to this student: it calls ``cx.set_student`` in its
        first cell, shows their variant, and records them in
        ``metadata.caire.student`` for the grader.
    teacher : bool
        The teacher's notebook: reference solutions in the answer cells.
    """
    lang = resolve_language(language or assignment.language)
    exercises = assignment.exercises(student)
    builder = _Builder()
    head = [f"# {assignment.title}"]
    if student is not None:
        head.append(_T["student_line"].render(lang, student=student))
    if teacher:
        head.append(_T["teacher_version"].render(lang))
    head += [assignment.intro.strip(), _how_to(lang, hints=assignment.hints)]
    builder.markdown("title", "\n\n".join(part for part in head if part))
    builder.code("setup", _setup_source(lang, student=student,
                                        solutions_off=not assignment.solutions and not teacher,
                                        numpy=_needs_numpy(exercises), suggest_student=False))
    for number, (item, exercise) in enumerate(zip(assignment.items, exercises), 1):
        _exercise_cells(builder, exercise, number, lang, solutions=teacher, hints=assignment.hints,
                        solutions_allowed=assignment.solutions, student_known=student is not None,
                        points=item.points, before=item.before, after=item.after, bank=item.bank)
    _progress_cells(builder, lang)
    secret = assignment.secret() if student is not None else ""
    if secret:
        from caire_exercises.teacher.roster import student_tag

        # The grader trusts this id only with the tag only the course secret makes (and only
        # as a confirmation of the place the file is handed in at).
        tag: str | None = student_tag(secret, student or "")
    else:
        tag = None
    return _notebook(builder, {
        "assignment": assignment.title, "language": lang, "student": student, "student_tag": tag,
        "solutions": teacher, "role": "teacher" if teacher else "student",
        "exercises": assignment.exercise_ids,
        "points": {item.id: item.points for item in assignment.items},
    })


# -------------------------------------------------------------------- writing


def dumps(notebook: Notebook) -> str:
    """The notebook's file contents: the layout of nbformat's writer, plus a final newline."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_notebook(notebook: Notebook, path: str | Path) -> Path:
    """Write `notebook` to `path` (UTF-8, ``\\n`` line endings), creating folders; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dumps(notebook).encode("utf-8"))
    return path


def write_module_notebooks(out: str | Path, *, modules: Sequence[str] | None = None,
                           languages: Sequence[str] = LANGUAGES, solutions: bool = False) -> list[Path]:
    """Write ``out/<language>/<module>.ipynb`` for each module and language; return the paths.

    `modules` defaults to every module of the registry.
    """
    out = Path(out)
    written = []
    for language in languages:
        lang = resolve_language(language)
        for module in modules or registered_modules():
            written.append(write_notebook(module_notebook(module, language=lang, solutions=solutions),
                                          out / lang / f"{module}.ipynb"))
    return written


@dataclass(frozen=True)
class AssignmentNotebooks:
    """The files :func:`write_assignment_notebooks` wrote."""

    teacher: Path
    students: tuple[Path, ...]


def write_assignment_notebooks(assignment: Assignment, out: str | Path, *,
                               students: Sequence[str] | None = None,
                               language: str | None = None) -> AssignmentNotebooks:
    """Write an assignment's student notebook(s) and the teacher's notebook under `out`.

    Without `students`: ``out/<name>.ipynb``. With `students` (e.g. from
    :func:`read_roster`): ``out/students/<student>.ipynb`` for each, bound to
    that student. Always: ``out/teacher/<name>.ipynb`` with the solutions.
    ``<name>`` is the assignment file's name, or the title made into a file name.

    >>> from caire_exercises import Assignment
    >>> a = Assignment.from_ids(["numpy.zscore"], title="TP 1")     # doctest: +SKIP
    >>> write_assignment_notebooks(a, "out", students=["alice@example.org"])  # doctest: +SKIP
    """
    assignment.validate()
    out = Path(out)
    name = Path(assignment.source).stem if assignment.source else _slug(assignment.title)
    student_paths = []
    if students is None:
        student_paths.append(write_notebook(assignment_notebook(assignment, language=language),
                                            out / f"{name}.ipynb"))
    else:
        files: dict[str, str] = {}
        for student in students:
            filename = _file_name(student)
            if filename in files:
                raise GradingError(f"Two students of the roster, {files[filename]!r} and {student!r}, "
                                   f"would share the notebook {filename}.ipynb.")
            files[filename] = student
            student_paths.append(write_notebook(
                assignment_notebook(assignment, language=language, student=student),
                out / "students" / f"{filename}.ipynb"))
    teacher = write_notebook(assignment_notebook(assignment, language=language, teacher=True),
                             out / "teacher" / f"{name}.ipynb")
    for item in assignment.items:
        if item.bank:
            # A quiz written as a bank file is read from the notebook's folder.
            import shutil

            for path in [*student_paths, teacher]:
                shutil.copyfile(item.bank, path.parent / Path(item.bank).name)
    return AssignmentNotebooks(teacher=teacher, students=tuple(student_paths))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "assignment"


def _file_name(student: str) -> str:
    # E-mail addresses are valid file names, and the file's place is what names the student
    # to the grader: a notebook handed back under this name is that student's.
    return re.sub(r"[^\w@.+-]", "_", student.strip()).strip(".") or "student"


def read_roster(path: str | Path) -> list[str]:
    """The students of a roster CSV, in file order (see :func:`caire_exercises.teacher.assignment.read_roster`).

    Spreadsheet and LMS exports are read as they are: commas, semicolons or
    tabs; UTF-8 with or without a byte-order mark, UTF-16 or Windows-1252;
    French or English headers (``email``, ``Adresse de courriel``, ``ID number``...).
    """
    from caire_exercises.teacher.roster import read_roster as read

    return read(path)
