"""``caire notebook``: module notebooks, or an assignment's notebooks for a class."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caire_exercises.model.i18n import LANGUAGES, resolve_language
from caire_exercises.teacher.assignment import Assignment, read_roster
from caire_exercises.teacher.notebooks import (
    _T,
    registered_modules,
    write_assignment_notebooks,
    write_module_notebooks,
)


def notebook_command(args: argparse.Namespace) -> int:
    """``caire notebook``: module notebooks, or an assignment's notebooks."""
    chosen = [flag for flag, value in (("--module", args.module), ("--exercises", args.exercises),
                                       ("--assignment", args.assignment)) if value]
    if len(chosen) > 1:
        print(f"caire notebook: choose one of {' and '.join(chosen)}.", file=sys.stderr)
        return 2
    if args.students and not (args.assignment or args.exercises):
        print("caire notebook: --students needs --assignment or --exercises.", file=sys.stderr)
        return 2
    out = Path(args.out)
    if args.assignment or args.exercises:
        if args.assignment:
            assignment = Assignment.from_file(args.assignment)
        else:
            language = resolve_language(args.lang)
            assignment = Assignment.from_ids(args.exercises.split(","), language=language,
                                             title=_T["exercises_title"].render(language))
        if args.solutions:
            print("caire notebook: the teacher's notebook holds the solutions; the students' "
                  "notebooks never do.", file=sys.stderr)
        students = read_roster(args.students) if args.students else None
        written = write_assignment_notebooks(assignment, out, students=students, language=args.lang)
        paths = [*written.students, written.teacher]
    else:
        known = registered_modules()
        unknown = [module for module in args.module or [] if module not in known]
        if unknown:
            print(f"caire notebook: no module {unknown[0]!r}; the modules are: {', '.join(known)}.",
                  file=sys.stderr)
            return 2
        paths = write_module_notebooks(out, modules=args.module, solutions=args.solutions,
                                       languages=[args.lang] if args.lang else LANGUAGES)
    for path in paths:
        print(path)
    return 0
