"""The registry: built-in exercises and those that plug-ins bring.

Every exercise, built-in or not, arrives through the entry-point group
``caire_exercises.exercises``. An entry point names a :class:`~caire_exercises.authoring.Module`,
a Python module holding one as ``MODULE``, or (for older plug-ins) a Python
module with an ``EXERCISES`` sequence, a sequence itself, or a function
returning one; those get a module named after the entry point. A plug-in that
fails to load, or that declares an id already taken, gives a warning and is
skipped; the others still load (xarray's backend loader does the same).
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import replace
import types
import warnings
from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from caire_exercises.model.errors import UnknownExerciseError
from caire_exercises.model.exercise import Exercise
from caire_exercises.model.module import Module, anonymous_module

GROUP = "caire_exercises.exercises"

#: Where the built-in modules live: each package (or module) below it declares a ``MODULE``.
BUILTIN_PACKAGE = "caire_exercises.exercises"


class Registry:
    """Exercises by id, in the order their modules were loaded."""

    def __init__(self) -> None:
        self._exercises: dict[str, Exercise] = {}
        self._origin: dict[str, str] = {}
        self._modules: dict[str, Module] = {}

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
            modules = _modules_of(entry_point.load(), entry_point.name)
        except Exception as error:  # noqa: BLE001 - one broken plug-in must not stop the others
            warnings.warn(f"caire-exercises: could not load {origin}: {type(error).__name__}: {error}",
                          RuntimeWarning, stacklevel=2)
            return
        for module in modules:
            self.add_module(module, origin)

    def add_module(self, module: Module, origin: str) -> None:
        """Add `module`'s exercises; a module id already taken merges into the first one."""
        added = tuple(exercise for exercise in module.exercises if self.add(exercise, origin))
        if module.id in self._modules:
            kept = self._modules[module.id]
            self._modules[module.id] = replace(kept, exercises=kept.exercises + added)
        else:
            self._modules[module.id] = replace(module, exercises=added)

    def modules(self) -> list[Module]:
        """The modules, built-in ones first in catalogue order, then plug-ins'."""
        return list(self._modules.values())

    def module(self, module_id: str) -> Module:
        """The module `module_id`, or by its code (``"M1"``); KeyError listing the known ones."""
        for module in self._modules.values():
            if module_id in (module.id, module.code) or module_id.casefold() == module.code.casefold():
                return module
        known = ", ".join(f"{m.code} ({m.id})" if m.code != m.id else m.id for m in self._modules.values())
        raise KeyError(f"No module {module_id!r}; the modules are: {known}.")

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


def _modules_of(loaded: Any, name: str) -> list[Module]:
    """The modules an entry point gives, whichever of the accepted shapes it has.

    An old-style plug-in's exercises are grouped by their ``module`` field,
    each group becoming a module with a generic title.
    """
    if isinstance(loaded, types.ModuleType):
        declared = getattr(loaded, "MODULE", None)
        loaded = declared if isinstance(declared, Module) else getattr(loaded, "EXERCISES")
    if callable(loaded) and not isinstance(loaded, (Exercise, Module)):
        loaded = loaded()
    if isinstance(loaded, Module):
        return [loaded]
    groups: dict[str, list[Exercise]] = {}
    for item in [loaded] if isinstance(loaded, Exercise) else loaded:
        if not isinstance(item, Exercise):
            warnings.warn(f"caire-exercises: plug-in {name!r} gave {type(item).__name__}, not an Exercise; "
                          "skipped.", RuntimeWarning, stacklevel=3)
            continue
        groups.setdefault(item.module, []).append(item)
    return [anonymous_module(module_id, exercises) for module_id, exercises in groups.items()]


_registry: Registry | None = None


def builtin_entry_points() -> list[EntryPoint]:
    """The built-in modules, in catalogue order (M0, M1, ...), as entry points.

    They are found in :data:`BUILTIN_PACKAGE` rather than in the installed
    metadata, so that a source tree without metadata has them too; they then
    go through the same loader as plug-ins.
    """
    import pkgutil

    package = importlib.import_module(BUILTIN_PACKAGE)
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        value = f"{BUILTIN_PACKAGE}.{info.name}"
        declared = getattr(importlib.import_module(value), "MODULE", None)
        code, name = (declared.code, declared.id) if isinstance(declared, Module) else (info.name, info.name)
        found.append((_catalogue_order(code), name, value))
    return [EntryPoint(name=name, value=value, group=GROUP) for _, name, value in sorted(found)]


def _catalogue_order(code: str) -> tuple[int, str]:
    """``"M2"`` before ``"M10"``; codes that are not ``M<number>`` after them."""
    digits = code[1:] if code[:1] == "M" else ""
    return (int(digits), code) if digits.isdigit() else (10**6, code)


def registry(*, reload: bool = False) -> Registry:
    """The registry, built on first use (cached)."""
    global _registry
    if _registry is None or reload:
        built = Registry()
        builtins = builtin_entry_points()
        builtin_values = {entry_point.value for entry_point in builtins}
        # Built-ins first, in catalogue order, then plug-ins.
        for entry_point in builtins:
            built.load(entry_point)
        for entry_point in entry_points(group=GROUP):
            if entry_point.value not in builtin_values:
                built.load(entry_point)
        _registry = built
    return _registry


def use_sandbox_registry(sides: Any) -> None:
    """In the grader's sandbox: the registry holds the assignment's exercises as the sandbox sees them.

    `sides` are :class:`~caire_exercises.engine.probe_side.ProbeSide` objects: ``cx.get(id)``
    in a graded notebook gives one (its title, statement and numbers; no reference, no
    hint, no answer key), and ``registry(reload=True)`` there cannot load the exercises'
    files, which the sandbox does not let it read.
    """
    global _registry
    built = Registry()
    for side in sides:
        built._exercises[side.id] = side
        built._origin[side.id] = "the grader's sandbox"
    _registry = built


def register_module(module_path: str) -> None:
    """Load exercises from `module_path` into the registry (for course designers trying things out)."""
    registry().load(EntryPoint(name=module_path, value=module_path, group=GROUP))
    importlib.invalidate_caches()
