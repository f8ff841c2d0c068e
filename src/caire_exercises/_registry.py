"""The registry: built-in exercises and those that plug-ins bring.

Every exercise, built-in or not, arrives through the entry-point group
``caire_exercises.exercises``. An entry point names a module with an
``EXERCISES`` sequence, a sequence itself, or a function returning one. A
plug-in that fails to load, or that declares an id already taken, gives a
warning and is skipped; the others still load (xarray's backend loader does
the same).
"""

from __future__ import annotations

import difflib
import importlib
import types
import warnings
from collections.abc import Iterable, Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from ._errors import UnknownExerciseError
from ._exercise import Exercise

GROUP = "caire_exercises.exercises"

#: The built-in modules, as entry points; pyproject.toml declares the same ones.
BUILTIN = {
    "literacy": "caire_exercises.exercises.literacy",
    "numpy": "caire_exercises.exercises.numpy_foundations",
    "prep": "caire_exercises.exercises.prep",
    "supervised": "caire_exercises.exercises.supervised",
    "unsupervised": "caire_exercises.exercises.unsupervised",
    "torch": "caire_exercises.exercises.torch_nn",
    "text": "caire_exercises.exercises.text",
}


class Registry:
    """Exercises by id, in the order their modules were loaded."""

    def __init__(self) -> None:
        self._exercises: dict[str, Exercise] = {}
        self._origin: dict[str, str] = {}

    def add(self, exercise: Exercise, origin: str) -> bool:
        if not isinstance(exercise, Exercise):
            warnings.warn(f"caire-exercises: {origin} gave {type(exercise).__name__}, not an Exercise; "
                          "skipped.", RuntimeWarning, stacklevel=2)
            return False
        if exercise.id in self._exercises:
            warnings.warn(f"caire-exercises: {origin} declares {exercise.id!r}, already declared by "
                          f"{self._origin[exercise.id]}; the first one is kept.", RuntimeWarning,
                          stacklevel=2)
            return False
        self._exercises[exercise.id] = exercise
        self._origin[exercise.id] = origin
        return True

    def load(self, entry_point: EntryPoint) -> None:
        origin = f"plug-in {entry_point.name!r} ({entry_point.value})"
        try:
            exercises = list(_exercises_of(entry_point.load()))
        except Exception as error:  # noqa: BLE001 - one broken plug-in must not stop the others
            warnings.warn(f"caire-exercises: could not load {origin}: {type(error).__name__}: {error}",
                          RuntimeWarning, stacklevel=2)
            return
        for exercise in exercises:
            self.add(exercise, origin)

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self._exercises[exercise_id]
        except KeyError:
            raise UnknownExerciseError(exercise_id, self.suggest(exercise_id)) from None

    def suggest(self, exercise_id: str) -> list[str]:
        ids = list(self._exercises)
        close = difflib.get_close_matches(exercise_id, ids, n=3, cutoff=0.6)
        short = {i.split(".", 1)[-1]: i for i in ids}
        close += [short[s] for s in difflib.get_close_matches(exercise_id, list(short), n=3, cutoff=0.6)
                  if short[s] not in close]
        return close[:3]

    def exercises(self) -> Iterator[Exercise]:
        return iter(self._exercises.values())

    def origin(self, exercise_id: str) -> str:
        return self._origin[exercise_id]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._exercises

    def __len__(self) -> int:
        return len(self._exercises)


def _exercises_of(loaded: Any) -> Iterable[Any]:
    if isinstance(loaded, types.ModuleType):
        loaded = getattr(loaded, "EXERCISES")
    if callable(loaded) and not isinstance(loaded, Exercise):
        loaded = loaded()
    if isinstance(loaded, Exercise):
        return [loaded]
    return loaded  # type: ignore[no-any-return]


_registry: Registry | None = None


def builtin_entry_points() -> list[EntryPoint]:
    return [EntryPoint(name=name, value=value, group=GROUP) for name, value in BUILTIN.items()]


def registry(*, reload: bool = False) -> Registry:
    """The registry, built on first use (cached)."""
    global _registry
    if _registry is None or reload:
        built = Registry()
        declared = list(entry_points(group=GROUP))
        builtin_values = set(BUILTIN.values())
        # Built-ins first, in catalogue order, then plug-ins; the built-ins go
        # through the same loader even when the package runs from a source tree
        # without installed metadata.
        for entry_point in builtin_entry_points():
            built.load(entry_point)
        for entry_point in declared:
            if entry_point.value not in builtin_values:
                built.load(entry_point)
        _registry = built
    return _registry


def register_module(module_path: str) -> None:
    """Load exercises from `module_path` into the registry (for course designers trying things out)."""
    registry().load(EntryPoint(name=module_path, value=module_path, group=GROUP))
    importlib.invalidate_caches()
