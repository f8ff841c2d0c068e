"""The catalogue's modules as people read them: their code (M1), their title, their order.

Everything that shows a module to a person (``cx.progress()``, ``caire list``)
reads it through :func:`module_heading`, :func:`module_order` and
:func:`resolve_module`; the titles themselves come from one place,
:func:`_declared`, which reads the module's ``Module`` declaration in the registry.
"""

from __future__ import annotations

from caire_exercises.model.i18n import Text, resolve_language


def _declared(module: str) -> tuple[str, Text] | None:
    """The code and title a module is declared with (its ``Module``), or None for a module without a code."""
    from caire_exercises.engine.registry import registry

    try:
        found = registry().module(module)
    except KeyError:
        return None
    # A plug-in that declares only exercises gets a module whose code is its id: no code to show.
    return None if found.code == found.id else (found.code, found.title)


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
    """Module ids in catalogue order (the registry's: built-ins first, then plug-ins); `modules` only, if given.

    Modules the registry does not know (a plug-in uninstalled since its checks were recorded) come last.
    """
    from caire_exercises.engine.registry import registry

    found = [module.id for module in registry().modules()]
    if modules is None:
        return found
    return [module for module in found if module in modules] + [
        module for module in dict.fromkeys(modules) if module not in found]


def resolve_module(name: str) -> str:
    """The module id for an id or a code, in any case (``M1``, ``m1``, ``numpy``); unknown names unchanged."""
    from caire_exercises.engine.registry import registry

    try:
        return registry().module(name.strip()).id
    except KeyError:
        return name.strip()
