"""The catalogue's modules as people read them: their code (M1), their title, their order.

Everything that shows a module to a person (``cx.progress()``, ``caire list``)
reads it through :func:`module_heading`, :func:`module_order` and
:func:`resolve_module`; the titles themselves come from one place,
:func:`_declared`, so that a future ``Module`` declaration needs one change here.
"""

from __future__ import annotations

from ._i18n import Text, resolve_language


def _declared(module: str) -> tuple[str, Text] | None:
    """The code and title a module is declared with, or None for an undeclared (plug-in) module."""
    from .notebooks import MODULES

    found = MODULES.get(module)
    return (found[0], found[1]) if found else None


def module_code(module: str) -> str | None:
    """``"M1"`` for ``"numpy"``; None for a module without a code."""
    declared = _declared(module)
    return declared[0] if declared else None


def module_heading(module: str, language: str | None = None) -> str:
    """``"M1 — NumPy foundations"``; a module without a declared title shows its id."""
    declared = _declared(module)
    if declared is None:
        return module
    code, title = declared
    return f"{code} — {title.render(resolve_language(language))}"


def module_order(modules: list[str] | None = None) -> list[str]:
    """Modules in catalogue order: the built-ins in the registry's order, then the others as found."""
    from ._registry import BUILTIN, registry

    found = list(dict.fromkeys(exercise.module for exercise in registry().exercises()))
    if modules is not None:
        found = list(dict.fromkeys([*found, *modules]))
        found = [module for module in found if module in modules]
    builtins = [module for module in BUILTIN if module in found]
    return builtins + [module for module in found if module not in builtins]


def resolve_module(name: str) -> str:
    """The module id for an id or a code, in any case (``M1``, ``m1``, ``numpy``); unknown names unchanged."""
    wanted = name.strip()
    for module in module_order():
        code = module_code(module)
        if wanted.lower() == module.lower() or (code and wanted.upper() == code):
            return module
    return wanted
