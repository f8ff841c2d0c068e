"""The ``caire`` command.

Each subcommand parses its arguments here and hands them to the module that
does the work, imported only when that subcommand runs (so ``caire list``
stays fast). Exit status: 0 on success, 1 when some work could not be done,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from caire_exercises.model.errors import CaireError


def _handler(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def build_parser() -> argparse.ArgumentParser:
    from caire_exercises import __version__

    parser = argparse.ArgumentParser(
        prog="caire",
        description="Graded, bilingual AI exercises: browse them, try the student loop, "
                    "grade notebooks and export grades.")
    parser.add_argument("--version", action="version", version=f"caire-exercises {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    lang_help = "language of the texts: fr or en (default: CAIRE_LANG, then the locale)"

    sub = command("list", "caire_exercises.cli.learn:list_command", "List the exercises of the catalogue.")
    sub.add_argument("--module", help="only this module, by code or name (M1 or numpy, M0 or literacy, ...)")
    sub.add_argument("--lang", choices=["fr", "en"], help=lang_help)

    sub = command("show", "caire_exercises.cli.learn:show_command", "Show one exercise's statement.")
    sub.add_argument("id", help="exercise id, e.g. numpy.zscore")
    sub.add_argument("--student", help="show this student's variant")
    sub.add_argument("--lang", choices=["fr", "en"], help=lang_help)
    sub.add_argument("--hints", action="store_true", help="show the hints as well")

    sub = command("demo", "caire_exercises.cli.learn:demo_command",
                  "Walk through the student loop on bundled material, offline.")
    sub.add_argument("--lang", choices=["fr", "en"], help=lang_help)
    sub.add_argument("--out", help="folder for the demo's files (default: a new temporary folder)")

    command("doctor", "caire_exercises.cli.learn:doctor_command",
            "Say what is installed, what works and what is missing.")

    sub = command("grade", "caire_exercises.cli.grading:grade_command",
                  "Grade submitted notebooks in a sandbox.")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="a notebook or a folder of notebooks")
    chosen = sub.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--exercises", help="comma-separated exercise ids")
    chosen.add_argument("--assignment", help="an assignment file (TOML)")
    sub.add_argument("--out", help="results file, .json or .csv")
    sub.add_argument("--db", help="gradebook (SQLite); graded submissions are not graded again")
    sub.add_argument("--workers", type=int, help="parallel workers (default: the number of cores)")
    sub.add_argument("--timeout", type=float, help="seconds allowed to each cell (default 30)")
    sub.add_argument("--memory", type=int, help="memory limit of a submission in MB (default 1024)")
    sub.add_argument("--secret", help="course secret for hidden cases (default: CAIRE_COURSE_SECRET)")
    sub.add_argument("--lang", choices=["fr", "en"], help="language of the feedback")
    sub.add_argument("--feedback", help="folder for one HTML feedback file per student and the class report")
    sub.add_argument("--cluster", help="a Dask scheduler address, tcp://HOST:PORT")
    sub.add_argument("--no-progress", action="store_true", help="no progress bar")
    sub.add_argument("--unsafe-no-wall", action="store_true",
                     help="grade even where the bubblewrap sandbox cannot be built (not recommended)")

    command("secret", "caire_exercises.cli.grading:secret_command",
            "Print a new random course secret (256 bits) for hidden cases.")

    sub = command("export", "caire_exercises.cli.grading:export_command", "Export a gradebook for an LMS.")
    sub.add_argument("--db", required=True, help="the gradebook written by caire grade")
    sub.add_argument("--format", required=True,
                     choices=["csv", "moodle", "moodle-worksheet", "moodle-xml", "canvas", "gradescope",
                              "nbgrader"])
    sub.add_argument("--out", help="output file (default: standard output)")
    sub.add_argument("--assignment", help="assignment name or file, for the formats that need one")
    sub.add_argument("--worksheet", help="the file downloaded from the LMS, to fill in: Moodle's grading "
                                         "worksheet (moodle-worksheet) or a Canvas gradebook (canvas)")
    sub.add_argument("--out-of", type=float,
                     help="put every score on N points: the maximum grade set in the LMS")
    sub.add_argument("--roster", help="a roster CSV (as for caire notebook --students): e-mails, ID numbers, "
                                      "names; students who handed nothing in are listed")
    sub.add_argument("--missing", choices=["leave", "empty", "zero"], default="leave",
                     help="ungradable and absent students: left out and listed (default), or written with "
                          "an empty grade or a zero")
    sub.add_argument("--grade-item", help="moodle-xml: the ID number of the Moodle grade item")
    sub.add_argument("--canvas-id", help="canvas: the assignment's numeric id (the number in its address)")
    sub.add_argument("--skip-unmatched", action="store_true",
                     help="moodle: write the students who have an e-mail address and list the others")
    sub.add_argument("--decimal-comma", action="store_true",
                     help="moodle: semicolons and decimal commas (for a Moodle interface in French)")

    sub = command("data", "caire_exercises.cli.data:data_command", "List and describe the bundled data sets.")
    data_commands = sub.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    listing = data_commands.add_parser("list", help="every data set")
    listing.add_argument("--lang", choices=["fr", "en"], help=lang_help)
    show = data_commands.add_parser("show", help="a data set's datasheet")
    show.add_argument("name")
    show.add_argument("--lang", choices=["fr", "en"], help=lang_help)

    sub = command("notebook", "caire_exercises.cli.notebook:notebook_command",
                  "Write student notebooks for modules or an assignment.")
    sub.add_argument("--module", action="append",
                     help="a module of the catalogue, by code or name (M1 or numpy; repeatable; "
                          "default: every module)")
    sub.add_argument("--exercises", help="comma-separated exercise ids")
    sub.add_argument("--assignment", help="an assignment file (TOML)")
    sub.add_argument("--lang", choices=["fr", "en"],
                     help="language of the notebooks: fr or en (default: both for modules, the "
                          "assignment's own for an assignment)")
    sub.add_argument("--students", help="a roster CSV (a spreadsheet's or Moodle's export, with a column "
                                        "of e-mail addresses or ids): one notebook per student, "
                                        "with their variant")
    sub.add_argument("--solutions", action="store_true",
                     help="fill in the reference answers (an assignment's teacher notebook always has them)")
    sub.add_argument("-o", "--out", required=True,
                     help="output folder: OUT/<lang>/<module>.ipynb for modules; for an assignment, "
                          "OUT/<name>.ipynb or OUT/students/<student>.ipynb, and OUT/teacher/<name>.ipynb")

    sub = command("questions", "caire_exercises.cli.questions:questions_command",
                  "Export exercises as LMS questions: Moodle XML, GIFT or CodeRunner.")
    sub.add_argument("--module", help="every exercise of this module, by code or name (M0 or literacy, ...)")
    sub.add_argument("--exercises", help="comma-separated exercise ids")
    sub.add_argument("--assignment", help="an assignment file (TOML): its exercises with its settings")
    sub.add_argument("--bank", help="an item bank file (YAML or CSV), as a quiz")
    sub.add_argument("--format", required=True, choices=["moodle-xml", "gift", "coderunner"])
    sub.add_argument("--lang", choices=["fr", "en", "both"],
                     help="language of the questions (default: both, in Moodle's multilang spans)")
    sub.add_argument("--domains", help="only the items of these domains (and those for all): "
                                       "business,engineering,health")
    sub.add_argument("-o", "--out", help="output file (default: standard output)")

    sub = command("bank", "caire_exercises.cli.questions:bank_command",
                  "Check item bank files (YAML or CSV) written without Python.")
    bank_commands = sub.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    check = bank_commands.add_parser("check", help="validate banks: the line to fix, or what the quiz asks")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--lang", choices=["fr", "en"], help=lang_help)

    sub = command("docs", "caire_exercises.cli.learn:docs_command",
                  "Build (if needed) and serve the documentation site locally.")
    sub.add_argument("--build", action="store_true", help="rebuild the site first")
    sub.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    sub.add_argument("--no-browser", action="store_true", help="do not open a browser")
    sub.add_argument("--no-serve", action="store_true", help="only build, then print where the site is")
    return parser


def _modules_by_code(args: argparse.Namespace) -> None:
    """Let ``--module`` name a module by its code (``M1``) as well as by its id (``numpy``)."""
    chosen = getattr(args, "module", None)
    if not chosen:
        return
    from caire_exercises.engine.module_titles import resolve_module

    args.module = [resolve_module(name) for name in chosen] if isinstance(chosen, list) else resolve_module(chosen)


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (``caire list | head -1``): stop without a traceback."""
    # Python flushes standard output again at exit; point it at /dev/null so that
    # this second flush cannot fail too (the recipe of Python's signal documentation).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        _modules_by_code(args)
        status = int(_handler(args.handler)(args) or 0)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except CaireError as error:
        print(f"caire: {error}", file=sys.stderr)
        return 2 if isinstance(error, KeyError) else 1
    except KeyboardInterrupt:
        print("caire: interrupted", file=sys.stderr)
        return 130
