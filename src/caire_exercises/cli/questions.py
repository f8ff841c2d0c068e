"""``caire questions`` (exercises as LMS questions) and ``caire bank check`` (an item bank file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from caire_exercises.model.i18n import Text, resolve_language

_NOTHING = Text(en="caire questions: no exercise gave a question.",
                fr="caire questions\u202f: aucun exercice n'a donné de question.")
_LEFT_OUT = Text(en="caire questions: left out {what}", fr="caire questions\u202f: laissé de côté {what}")
_WROTE = Text(en="caire questions: {count} exercise(s) written to {path}",
              fr="caire questions\u202f: {count} exercice(s) écrit(s) dans {path}")
_BANK_OK = Text(en="{path}: {items} items, {parts} part(s); a student answers {asked} of them.",
                fr="{path}\u202f: {items} questions, {parts} partie(s)\u202f; chaque étudiant répond à {asked} d'entre elles.")
_BANK_NOTE = Text(en="{path}: note: {note}", fr="{path}\u202f: remarque\u202f: {note}")
_BANK_PROBLEM = Text(en="{path}: the quiz made from it does not hold: {problem}",
                     fr="{path}\u202f: le quiz qui en est tiré ne tient pas\u202f: {problem}")


def _domains(raw: str | None) -> list[str] | None:
    from caire_exercises.authoring.banks import DOMAINS

    if not raw:
        return None
    chosen = [piece.strip() for piece in raw.split(",") if piece.strip()]
    unknown = [piece for piece in chosen if piece not in DOMAINS]
    if unknown:
        raise SystemExit(f"caire questions: unknown domain {unknown[0]!r}; the domains are {', '.join(DOMAINS)}.")
    return chosen


def selected_exercises(args: argparse.Namespace) -> list[Any]:
    """The exercises `args` name, each as the course sets it up."""
    from caire_exercises.engine.registry import registry

    if getattr(args, "assignment", None):
        from caire_exercises.teacher.assignment import Assignment

        return Assignment.from_file(args.assignment).exercises()
    if getattr(args, "bank", None):
        from caire_exercises.authoring.quiz import bank_quiz

        return [bank_quiz(args.bank)]
    found = registry()
    if getattr(args, "exercises", None):
        return [found.get(piece.strip()) for piece in args.exercises.split(",") if piece.strip()]
    return [exercise for exercise in found.exercises() if exercise.module == args.module]


def questions_command(args: argparse.Namespace) -> int:
    from caire_exercises.questions import export

    chosen = [flag for flag, value in (("--module", args.module), ("--exercises", args.exercises),
                                       ("--assignment", args.assignment), ("--bank", args.bank)) if value]
    if len(chosen) != 1:
        print("caire questions: choose one of --module, --exercises, --assignment or --bank.", file=sys.stderr)
        return 2
    language = resolve_language(None)
    exercises = selected_exercises(args)
    text, left_out = export(exercises, args.format, language=args.lang or "both",
                            domains=_domains(args.domains))
    for note in left_out:
        print(_LEFT_OUT.render(language, what=note), file=sys.stderr)
    if len(left_out) >= len(exercises):
        print(_NOTHING.render(language), file=sys.stderr)
        return 1
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(_WROTE.render(language, count=len(exercises) - len(left_out), path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def bank_command(args: argparse.Namespace) -> int:
    """``caire bank check FILE``: the bank's problems with their lines, or what the quiz asks."""
    from caire_exercises.authoring.banks import BankError, load_bank
    from caire_exercises.authoring.quiz import bank_quiz
    from caire_exercises.testing import ExerciseVerificationError, verify_exercise

    language = resolve_language(args.lang)
    status = 0
    for path in args.files:
        try:
            bank = load_bank(path)
        except BankError as error:
            print(error.render(language), file=sys.stderr)
            status = 1
            continue
        exercise = bank_quiz(bank)
        try:
            verify_exercise(exercise)
        except ExerciseVerificationError as error:
            # A small bank may have few options to confuse, or one draw for everybody: said, not fatal.
            notes = [problem for problem in error.problems
                     if "declared mistakes" in problem or "variants are all the same" in problem]
            problems = [problem for problem in error.problems if problem not in notes]
            for problem in problems:
                print(_BANK_PROBLEM.render(language, path=path, problem=problem), file=sys.stderr)
            for note in notes:
                print(_BANK_NOTE.render(language, path=path, note=note), file=sys.stderr)
            status = max(status, 1 if problems else 0)
        print(_BANK_OK.render(language, path=path, items=len(bank), parts=len(bank.parts),
                              asked=exercise.params["n_items"]))
    return status
