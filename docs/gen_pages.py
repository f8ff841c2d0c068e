"""Generate the catalogue, the datasheets and the command-line reference at build time.

Run by the mkdocs-gen-files plugin: every page written here comes from the
registry and the package, so a new exercise or data set appears in the site
without anyone writing its page.
"""

from __future__ import annotations

import re

import contextlib
import io
import os

import mkdocs_gen_files

os.environ.setdefault("CAIRE_PROGRESS", "off")

from caire_exercises import cli  # noqa: E402
from caire_exercises.engine.registry import registry  # noqa: E402

LABELS = {
    "en": {"difficulty": "Difficulty", "minutes": "Minutes", "data": "Data set", "kind": "Answer",
           "variants": "Per-student variants", "yes": "yes", "no": "no", "checks": "What the checker verifies",
           "cases": "Cases", "hidden": "hidden", "mistakes": "Declared mistakes it recognises",
           "hints": "Hints", "catalogue": "Catalogue", "exercise": "Exercise", "module": "Module",
           "none": "none", "other": "Other modules (plug-ins)"},
    "fr": {"difficulty": "Difficulté", "minutes": "Minutes", "data": "Données", "kind": "Réponse",
           "variants": "Variantes par étudiant", "yes": "oui", "no": "non", "checks": "Ce que vérifie le correcteur",
           "cases": "Cas", "hidden": "caché", "mistakes": "Erreurs déclarées qu'il reconnaît",
           "hints": "Indices", "catalogue": "Catalogue", "exercise": "Exercice", "module": "Module",
           "none": "aucune", "other": "Autres modules (extensions)"},
}


def _math(text: str) -> str:
    """Statements use $...$ and $$...$$; the arithmatex extension wants them as written.

    Outside code, ``[S1][S2]`` (a chatbot's citations in M9) would read as a reference-style
    link to a target ``S2``: a zero-width space between the brackets keeps it text.
    """
    pieces = re.split(r"(```.*?```|`[^`]*`)", text, flags=re.S)
    return "".join(piece if piece.startswith("`") else piece.replace("][", "]&#8203;[") for piece in pieces)


def exercise_page(exercise, lang: str) -> str:
    labels = LABELS[lang]
    lines = [f"# {exercise.title_in(lang)}", "",
             f"| {labels['exercise']} | `{exercise.id}` |", "|---|---|",
             f"| {labels['difficulty']} | {exercise.difficulty}/3 |",
             f"| {labels['minutes']} | {exercise.minutes} |",
             f"| {labels['data']} | {exercise.dataset or labels['none']} |",
             f"| {labels['kind']} | {exercise.kind}: `{', '.join(exercise.answer_names)}` |",
             f"| {labels['variants']} | {labels['yes'] if exercise.has_variants else labels['no']} |",
             "", _math(exercise.statement_in(lang)), "", f"## {labels['checks']}", ""]
    try:
        cases = exercise.make_cases()
    except Exception as error:  # noqa: BLE001 - a missing extra must not break the site
        cases = []
        lines.append(f"*({type(error).__name__}: {error})*")
    for case in cases:
        label = case.label.render(lang) if case.label else ""
        hidden = f" ({labels['hidden']})" if case.hidden else ""
        lines.append(f"- **{case.name}**{hidden}{': ' + label if label else ''}")
    if exercise.mistakes:
        lines += ["", f"## {labels['mistakes']}", ""]
        for mistake in exercise.mistakes:
            lines.append(f"- **{mistake.id}** — {mistake.feedback.render(lang)}")
    lines += ["", f"## {labels['hints']}", ""]
    lines += [f"{number}. {hint.render(lang)}" for number, hint in enumerate(exercise.hints, 1)]
    return "\n".join(lines) + "\n"


def catalogue(lang: str, prefix: str) -> None:
    """The catalogue's pages, from the modules as they are declared (built-in and plug-ins alike)."""
    labels = LABELS[lang]
    index = [f"# {labels['catalogue']}", ""]
    for module in registry().modules():
        title = f"{module.code} — {module.title.render(lang)}"
        intro = module.intro.render(lang).strip()
        index += [f"## {title}", "", *([intro, ""] if intro else []),
                  f"| {labels['exercise']} | id | {labels['difficulty']} | "
                  f"{labels['minutes']} | {labels['variants']} |", "|---|---|---|---|---|"]
        module_page = [f"# {title}", "", *([intro, ""] if intro else [])]
        for exercise in module.exercises:
            page = f"{exercise.id}.md"
            index.append(f"| [{exercise.title_in(lang)}]({module.id}/{page}) | `{exercise.id}` | "
                         f"{exercise.difficulty} | {exercise.minutes} | "
                         f"{labels['yes'] if exercise.has_variants else labels['no']} |")
            module_page.append(f"- [{exercise.title_in(lang)}]({page}) (`{exercise.id}`)")
            with mkdocs_gen_files.open(f"{prefix}catalogue/{module.id}/{page}", "w") as handle:
                handle.write(exercise_page(exercise, lang))
        index.append("")
        with mkdocs_gen_files.open(f"{prefix}catalogue/{module.id}/index.md", "w") as handle:
            handle.write("\n".join(module_page) + "\n")
    with mkdocs_gen_files.open(f"{prefix}catalogue/index.md", "w") as handle:
        handle.write("\n".join(index) + "\n")


def datasheets() -> None:
    try:
        from caire_exercises.data import datasheet, list_datasets
    except ImportError:
        datasheet = list_datasets = None  # type: ignore[assignment]
    lines = ["# Data sets", "", "Every data set ships inside the package and loads offline with "
             "`caire_exercises.data.load(name, as_=...)`. Each has a datasheet in English and French.", ""]
    if list_datasets is not None:
        for entry in list_datasets():
            name = entry["name"] if isinstance(entry, dict) else str(entry)
            lines.append(f"- [{name}]({name}.md)")
            with mkdocs_gen_files.open(f"datasets/{name}.md", "w") as handle:
                handle.write(datasheet(name, language="en") + "\n\n---\n\n" + datasheet(name, language="fr") + "\n")
    with mkdocs_gen_files.open("datasets/index.md", "w") as handle:
        handle.write("\n".join(lines) + "\n")


def command_line() -> None:
    parser = cli.build_parser()
    lines = ["# Command line", "", "Generated from `caire --help` and each command's own help.", ""]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        parser.print_help()
    lines += ["```text", buffer.getvalue().strip(), "```", ""]
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse has no public walk
        for name, sub in action.choices.items():
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                sub.print_help()
            lines += [f"## caire {name}", "", "```text", buffer.getvalue().strip(), "```", ""]
    with mkdocs_gen_files.open("reference/cli.md", "w") as handle:
        handle.write("\n".join(lines))


def api() -> None:
    page = ["# Python API", "",
            "The names of the contract (`import caire_exercises as cx`).", "",
            "::: caire_exercises.session.student.get", "", "::: caire_exercises.session.student.catalog", "",
            "::: caire_exercises.session.student.set_student", "", "::: caire_exercises.model.i18n.set_language", "",
            "::: caire_exercises.session.progress.progress", "", "::: caire_exercises.engine.report.Result", "",
            "::: caire_exercises.teacher.assignment.Assignment", "",
            "## Declaring exercises", "", "::: caire_exercises.model.exercise.Exercise", "",
            "::: caire_exercises.model.exercise.Case", "", "::: caire_exercises.model.exercise.Mistake", "",
            "::: caire_exercises.model.i18n.Text", "", "::: caire_exercises.testing.verify_exercise", "",
            "## Errors", "", "::: caire_exercises.model.errors", ""]
    with mkdocs_gen_files.open("reference/api.md", "w") as handle:
        handle.write("\n".join(page))


catalogue("en", "")
catalogue("fr", "fr/")
datasheets()
command_line()
api()
