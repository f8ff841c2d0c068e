"""The ``caire`` command, one package; nothing else in the library imports it."""

from caire_exercises.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
