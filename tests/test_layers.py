"""The package's layers: no import loops, grading never imports the command line, content stays small.

Imports are read from the source (inside functions too), so a loop that only
closes at run time is found as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "caire_exercises"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, wherever in the file the import stands."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Imports only type checkers run are not loops at run time.
    typing_only = {id(inner) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
                   for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("caire_exercises"):
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    names = set(files)
    graph = {name: _imports(path, names) for name, path in files.items()}
    # Importing a submodule runs its packages' __init__ first; those edges are not loops of ours.
    return {name: {target for target in targets if not name.startswith(target + ".")}
            for name, targets in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_loops() -> None:
    assert _cycles(_graph()) == []


def test_grading_never_imports_the_command_line() -> None:
    graph = _graph()
    offending = {name: sorted(t for t in targets if t.startswith("caire_exercises.cli"))
                 for name, targets in graph.items() if name.startswith("caire_exercises.grading")}
    assert {name: targets for name, targets in offending.items() if targets} == {}


#: The layers, lowest first: a module may import its own layer and the ones below it only.
LAYERS = ("model", "engine", "authoring", "data", "exercises", "session", "teacher", "testing",
          "grading", "questions", "cli")
RANK = {"model": 0, "engine": 1, "authoring": 2, "data": 2, "exercises": 3, "session": 4, "teacher": 5,
        "testing": 6, "grading": 6, "questions": 6, "cli": 7}


def _layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def test_every_module_sits_in_a_layer() -> None:
    loose = [name for name in _graph() if name != "caire_exercises" and _layer(name) is None
             and name != "caire_exercises.__main__"]
    assert loose == []


def test_layers_import_only_downwards() -> None:
    upward = sorted(f"{name} -> {target}" for name, targets in _graph().items() for target in targets
                    if _layer(name) and _layer(target) and RANK[_layer(target)] > RANK[_layer(name)])
    assert upward == []


def test_no_content_file_is_longer_than_700_lines() -> None:
    long = {str(path.relative_to(PACKAGE)): count for path in (PACKAGE / "exercises").rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 700}
    assert long == {}
