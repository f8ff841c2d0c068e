"""What the process that runs a learner's code needs of an exercise, and nothing more.

The grader's judge holds the :class:`~caire_exercises.authoring.Exercise` objects:
their references, declared mistakes, quiz answer keys and cases' private parts.
The process that runs a submission must not: a cell could call the reference,
wrap it, or read a bank's answers. What that process needs to *observe* an answer
is small and plain: the exercise's id, kind and answer names, its time limit,
the modules it requires, which parts are functions, and its probe. A
:class:`ProbeSide` carries exactly that. It is made in the judge with
:meth:`ProbeSide.of`, travels as plain data (:meth:`ProbeSide.to_plain`), and
is rebuilt by the grader's zygote (:mod:`caire_exercises.grading.zygote`) with
:meth:`ProbeSide.from_plain`, which imports the probe's own module and never an
exercise's file.

A probe travels as a *recipe*: the module and name of a module-level function,
or of a probe factory decorated with :func:`probe_factory` and the plain
arguments it was called with. A probe that is neither (a lambda, a closure
made by an undecorated factory) cannot be sent, and :meth:`ProbeSide.of`
says so: declare it in a module of its own, next to no reference.

Built-in exercises keep their probes in ``exercises/<module>/probes.py`` (and
the shared ``exercises/_values.py``, ``authoring``); their packages'
``__init__`` files import every exercise, so :func:`import_probe_module` loads
the parent packages of a built-in probe module *bare* (their ``__init__`` is
not run) and only the probe module itself is executed.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The attribute under which a probe made by a :func:`probe_factory` keeps its recipe.
RECIPE = "__caire_probe_recipe__"
#: The package of the built-in exercises: its sub-packages are loaded bare in the zygote.
BUILTIN_EXERCISES = "caire_exercises.exercises"
#: The modules of that package that hold no exercise, the only ones the sandbox may import or read.
PROBE_SIDE = frozenset({"probes", "_common", "_values"})


def is_exercise_module(name: str) -> bool:
    """Whether the module `name` is a built-in exercise's (or its package's), not the probe side."""
    return name.startswith(BUILTIN_EXERCISES + ".") and name.rsplit(".", 1)[-1] not in PROBE_SIDE


class ProbeNotSendable(ValueError):
    """An exercise's probe cannot be rebuilt from plain data (a lambda, an undecorated closure)."""


def probe_factory(factory: Callable[..., Callable[..., Any]]) -> Callable[..., Callable[..., Any]]:
    """Decorate a function that *makes* probes, so that the probes it makes can be sent.

    The arguments must be plain data (strings, numbers, lists and dicts of them):
    the zygote calls the factory again with them.

    >>> @probe_factory
    ... def calls(name):
    ...     def probe(answers, case):
    ...         return answers[name](*case.args)
    ...     return probe
    >>> getattr(calls("f"), RECIPE)["args"]
    ['f']
    """
    @functools.wraps(factory)
    def make(*args: Any) -> Callable[..., Any]:
        from caire_exercises.engine.plain import dumps, loads

        plain_args = loads(dumps(list(args)))  # a copy, and a proof that the arguments are plain
        probe = factory(*args)
        setattr(probe, RECIPE, {"module": factory.__module__, "name": factory.__qualname__,
                                "args": plain_args})
        return probe

    return make


def recipe_of(probe: Callable[..., Any] | None) -> dict[str, Any] | None:
    """How the zygote rebuilds `probe`: None for the default probe, else module, name and arguments.

    Raises
    ------
    ProbeNotSendable
        When the probe is neither a module-level function nor made by a :func:`probe_factory`.
    """
    if probe is None:
        return None
    made = getattr(probe, RECIPE, None)
    if isinstance(made, dict):
        return dict(made)
    module_name = getattr(probe, "__module__", None)
    name = getattr(probe, "__qualname__", None)
    if isinstance(module_name, str) and isinstance(name, str) and "<" not in name:
        module = sys.modules.get(module_name)
        if module is not None and _attribute(module, name) is probe:
            return {"module": module_name, "name": name, "args": None}
    raise ProbeNotSendable(
        f"the probe {name or probe!r} of module {module_name!r} cannot be sent to the grader's "
        "sandbox: make it a module-level function, or decorate its factory with "
        "caire_exercises.authoring.probe_factory")


def _attribute(module: Any, dotted: str) -> Any:
    value = module
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def import_probe_module(name: str) -> Any:
    """Import the module `name` for its probes, without running a built-in exercise package's ``__init__``."""
    if name in sys.modules:
        return sys.modules[name]
    parts = name.split(".")
    for depth in range(1, len(parts)):
        parent = ".".join(parts[:depth])
        if parent in sys.modules:
            continue
        if parent.startswith(BUILTIN_EXERCISES + "."):
            _bare_package(parent)
        else:
            importlib.import_module(parent)
    return importlib.import_module(name)


def builtin_probe_modules() -> list[str]:
    """The built-in exercises' probe modules, found on disk (no exercise is imported to list them)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec(BUILTIN_EXERCISES)
    if spec is None or not spec.submodule_search_locations:
        return []
    names = [f"{BUILTIN_EXERCISES}._values"]
    for location in spec.submodule_search_locations:
        for probes in sorted(Path(location).glob("*/probes.py")):
            names.append(f"{BUILTIN_EXERCISES}.{probes.parent.name}.probes")
    return names + ["caire_exercises.authoring.quiz"]


def _bare_package(name: str) -> None:
    """Put the package `name` in ``sys.modules`` without running its ``__init__``."""
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules[parent_name]
    spec = importlib.machinery.PathFinder.find_spec(name, list(getattr(parent, "__path__", [])))
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"no package {name}")
    module = importlib.util.module_from_spec(spec)
    module.__doc__ = "Loaded without its exercises: the grader's sandbox holds probes only."
    module.__caire_bare__ = True  # type: ignore[attr-defined]
    sys.modules[name] = module
    setattr(parent, child, module)


def rebuild_probe(recipe: Mapping[str, Any] | None) -> Callable[..., Any] | None:
    """The probe that `recipe` (from :func:`recipe_of`) describes."""
    if recipe is None:
        return None
    module = import_probe_module(str(recipe["module"]))
    found = _attribute(module, str(recipe["name"]))
    if found is None:
        raise ImportError(f"{recipe['module']} has no {recipe['name']}")
    args = recipe.get("args")
    return found if args is None else found(*args)


@dataclass
class ProbeSide:
    """An exercise as the process that runs a learner's code sees it (see the module docstring).

    It also stands for the exercise in that process when a notebook cell calls
    ``cx.get(id)``: its title, statement and variant's numbers, no reference, no hint.
    """

    id: str
    kind: str
    answer_names: tuple[str, ...]
    timeout: float = 5.0
    requires: tuple[str, ...] = ()
    function_parts: frozenset[str] = frozenset()
    recipe: dict[str, Any] | None = None
    probe: Callable[..., Any] | None = None
    module: str = ""
    title: Any = None
    statement: Any = None
    points: float = 1.0
    dataset: str | None = None
    student: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    #: What the learner's session reads of an exercise that the sandbox does not give.
    allowed_hints: tuple[Any, ...] = ()
    hints: tuple[Any, ...] = ()
    sandboxed: bool = True

    @property
    def answer_name(self) -> str | tuple[str, ...]:
        return self.answer_names[0] if len(self.answer_names) == 1 else self.answer_names

    @classmethod
    def of(cls, exercise: Any, *, sendable: bool = True) -> ProbeSide:
        """The probe side of `exercise` (a student's variant, with the course's settings).

        With `sendable` (the default) its probe must have a recipe (:func:`recipe_of`);
        without, the side holds the probe object only and cannot be sent.
        """
        from caire_exercises.engine.checking import answers_of

        references = answers_of(exercise, exercise.reference)
        functions = frozenset(name for name in exercise.answer_names if callable(references.get(name)))
        return cls(id=exercise.id, kind=exercise.kind, answer_names=tuple(exercise.answer_names),
                   timeout=float(exercise.timeout), requires=tuple(exercise.requires),
                   function_parts=functions, recipe=recipe_of(exercise.probe) if sendable else None,
                   probe=exercise.probe,
                   module=exercise.module, title=exercise.title, statement=exercise.statement,
                   points=float(exercise.points), dataset=exercise.dataset, student=exercise.student,
                   params=_plain_params(exercise))

    def to_plain(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "answer_names": list(self.answer_names),
                "timeout": self.timeout, "requires": list(self.requires),
                "function_parts": sorted(self.function_parts), "recipe": self.recipe,
                "module": self.module, "points": self.points, "dataset": self.dataset,
                "student": self.student, "params": self.params,
                "title": self.title.to_plain() if hasattr(self.title, "to_plain") else self.title,
                "statement": (self.statement.to_plain() if hasattr(self.statement, "to_plain")
                              else self.statement)}

    @classmethod
    def from_plain(cls, data: Mapping[str, Any]) -> ProbeSide:
        """Rebuild a probe side, importing its probe's module (never an exercise's file)."""
        from caire_exercises.model.i18n import Text

        def text(value: Any) -> Any:
            return Text.from_plain(value) if isinstance(value, Mapping) else value

        recipe = data.get("recipe")
        return cls(id=str(data["id"]), kind=str(data["kind"]),
                   answer_names=tuple(str(name) for name in data["answer_names"]),
                   timeout=float(data.get("timeout", 5.0)),
                   requires=tuple(str(name) for name in data.get("requires") or ()),
                   function_parts=frozenset(str(name) for name in data.get("function_parts") or ()),
                   recipe=dict(recipe) if recipe else None, probe=rebuild_probe(recipe),
                   module=str(data.get("module", "")), title=text(data.get("title")),
                   statement=text(data.get("statement")), points=float(data.get("points", 1.0)),
                   dataset=data.get("dataset"), student=data.get("student"),
                   params=dict(data.get("params") or {}))

    def for_student(self, student: str | None) -> ProbeSide:
        return self

    def with_settings(self, **settings: Any) -> ProbeSide:
        return self

    def title_in(self, language: str | None = None) -> str:
        from caire_exercises.model.i18n import resolve_language

        return self.title.render(resolve_language(language)) if hasattr(self.title, "render") \
            else str(self.title or self.id)

    def __repr__(self) -> str:
        return f"<Exercise {self.id}, as the grader's sandbox holds it>"


def _plain_params(exercise: Any) -> dict[str, Any]:
    """The variant's numbers that a statement shows (and a notebook may read), as plain data."""
    try:
        params = exercise.params
    except Exception:  # noqa: BLE001 - an exercise whose variant cannot be drawn shows none
        return {}
    # As Exercise.statement_in: only what the statement can show, never a drawn array or model.
    return {str(key): value for key, value in dict(params).items()
            if isinstance(value, (str, int, float)) or value is None}


def sides_of(exercises: Sequence[Any]) -> list[ProbeSide]:
    return [ProbeSide.of(exercise) for exercise in exercises]
