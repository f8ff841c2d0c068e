"""The everyday subcommands of ``caire``: list, show, demo and doctor."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path


from caire_exercises.model.i18n import Text, resolve_language, set_language


def _language(args: argparse.Namespace) -> None:
    if getattr(args, "lang", None):
        set_language(args.lang)


_LIST_WORDS = {
    "id": Text(en="ID", fr="IDENTIFIANT"),
    "level": Text(en="LEVEL", fr="NIVEAU"),
    "time": Text(en="TIME", fr="DURÉE"),
    "title": Text(en="TITLE", fr="TITRE"),
    "legend": Text(
        en="LEVEL: difficulty from 1 (first steps) to 3. TIME: minutes, roughly. V: each student gets "
           "a variant of their own (caire show ID --student EMAIL shows it).",
        fr="NIVEAU\u202f: difficulté, de 1 (premiers pas) à 3. DURÉE\u202f: en minutes, à peu près. "
           "V\u202f: chaque étudiant a sa propre variante (caire show ID --student COURRIEL la montre)."),
    "none": Text(en="No exercise in module '{module}'. Modules: {known}.",
                 fr="Aucun exercice dans le module «\u202f{module}\u202f». Modules\u202f: {known}."),
}


def list_command(args: argparse.Namespace) -> int:
    """The catalogue as a table: a header row, one exercise a line, what the columns mean."""
    from caire_exercises.cli.terminal import BOLD, CYAN, DIM, colours_on, paint, table
    from caire_exercises.engine.module_titles import module_code, module_heading, module_order, resolve_module
    from caire_exercises.session.student import catalog

    _language(args)
    language = resolve_language(None)
    module = resolve_module(args.module) if args.module else None
    rows = catalog(module=module)
    if not rows:
        known = ", ".join(f"{module_code(name)} ({name})" if module_code(name) else name
                          for name in module_order())
        print(_LIST_WORDS["none"].render(language, module=args.module, known=known), file=sys.stderr)
        return 1
    colour = colours_on()
    words = {key: text.render(language) for key, text in _LIST_WORDS.items() if key not in ("none",)}
    header = [words["id"], words["level"], words["time"], "V", words["title"]]
    groups = [(module_heading(name, language),
               [[row["id"], str(row["difficulty"]), f"{row['minutes']} min", "V" if row["variants"] else "",
                 row["title"]] for row in rows if row["module"] == name])
              for name in module_order([row["module"] for row in rows])]
    formatted = table(header, [row for _, body in groups for row in body], right=(1, 2),
                      styles=(CYAN, None, None, BOLD, None), colour=colour)
    print(formatted[0])
    position = 1
    for heading, body in groups:
        print(paint(f"# {heading}", DIM, on=colour))
        for line in formatted[position:position + len(body)]:
            print(line)
        position += len(body)
    print()
    print(words["legend"])
    return 0


def show_command(args: argparse.Namespace) -> int:
    from caire_exercises.engine.report import exercise_text
    from caire_exercises.session.student import get

    _language(args)
    exercise = get(args.id, student=args.student)
    print(exercise_text(exercise))
    if args.hints:
        for number, hint in enumerate(exercise.hints, 1):
            print(f"  {number}. {hint.render()}")
    return 0


_MISTAKEN_ZSCORE = '''
def zscore(X):
    # standardises each row: the statistics are taken along the wrong axis
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
'''

_RIGHT_ZSCORE = '''
def zscore(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))
'''


def demo_command(args: argparse.Namespace) -> int:
    """The student loop in the terminal: a statement, a mistaken answer, a hint, a right answer."""
    import numpy as np

    from caire_exercises.model.i18n import N_, translate
    from caire_exercises.session.student import get

    _language(args)
    os.environ.setdefault("CAIRE_DATA_DIR", tempfile.mkdtemp(prefix="caire-demo-progress-"))
    exercise = get("numpy.zscore", student="demo@example.org")

    def banner(text: str) -> None:
        print("\n" + "=" * 78 + f"\n{text}\n" + "=" * 78)

    banner(translate(N_("1. The statement (cx.get('numpy.zscore', student='demo@example.org'))")))
    print(exercise)
    for title, source in ((N_("2. A mistaken answer"), _MISTAKEN_ZSCORE),
                          (N_("4. A right answer"), _RIGHT_ZSCORE)):
        if title.startswith("4"):
            banner(translate(N_("3. A hint (ex.hint())")))
            exercise.hint()
        banner(translate(title))
        print(textwrap.indent(source.strip(), "    "))
        namespace: dict[str, object] = {"np": np}
        exec(compile(source, "<demo answer>", "exec"), namespace)  # noqa: S102 - bundled demo code
        print()
        exercise.check(namespace["zscore"])
    try:
        from caire_exercises.grading import demo as grading_demo
    except ImportError:
        return 0
    return int(grading_demo.run(args) or 0)


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _works(command: list[str]) -> bool:
    if not shutil.which(command[0]):
        return False
    try:
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def doctor_command(args: argparse.Namespace) -> int:
    """What is installed, what works, what is missing."""
    from caire_exercises import __version__
    from caire_exercises.session.progress import progress_path

    print(f"caire-exercises {__version__} on Python {platform.python_version()} "
          f"({platform.system()} {platform.machine()})")
    print("\nPackages:")
    optional = {"torch": "torch", "datasets": "nlp", "nbclient": "jupyter or grading",
                "ipykernel": "jupyter or grading", "distributed": "grading (--cluster)"}
    for name in ("numpy", "scikit-learn", "pandas", "pyarrow", "platformdirs", *optional):
        version = _version(name)
        extra = optional.get(name)
        hint = f'   pip install "caire-exercises[{extra.split()[0]}]"' if extra and not version else ""
        print(f"  {'ok ' if version else '-- '} {name:<14} {version or 'not installed'}{hint}")
    print("\nExercises:")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from caire_exercises.engine.registry import registry

        count = len(registry(reload=True))
    print(f"  {count} exercises loaded")
    for warning in caught:
        print(f"  warning: {warning.message}")
    print("\nProgress store:")
    path = progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(path.parent, os.W_OK)
    except OSError:
        writable = False
    print(f"  {path} ({'writable' if writable else 'NOT writable: checks work, progress is not kept'})")
    print("\nIsolation for caire grade:")
    try:
        from caire_exercises.grading.sandbox import isolation_report
    except ImportError:
        print("  the grading part is not available in this installation")
        return 0
    for line in isolation_report():
        print(f"  {line}")
    return 0




def _project_root() -> Path | None:
    """A checkout of the repository around us (its mkdocs.yml and docs/), if any."""
    for folder in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[2]):
        if (folder / "mkdocs.yml").is_file() and (folder / "docs").is_dir():
            return folder
    return None


def _packaged_docs() -> Path | None:
    """The documentation sources shipped in the wheel, copied where the site can be built.

    The installed package may be read-only (a system or shared environment), so
    the sources are copied once per version into the user's cache folder and the
    site is built there.
    """
    from importlib.resources import files

    from caire_exercises import __version__

    shipped = Path(str(files("caire_exercises") / "_docs"))
    if not (shipped / "mkdocs.yml").is_file():
        return None
    from platformdirs import user_cache_path

    root = user_cache_path("caire-exercises", appauthor=False) / f"docs-{__version__}"
    if not (root / "mkdocs.yml").is_file():
        staging = root.with_name(root.name + f".tmp-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(shipped, staging)
        shutil.rmtree(root, ignore_errors=True)
        os.replace(staging, root)
    return root


_NO_DOCS = Text(
    en="caire docs found no documentation sources: neither a copy of the repository here (mkdocs.yml and "
       "docs/) nor the ones the package ships. Reinstall caire-exercises from its wheel or repository.",
    fr="caire docs n'a trouvé aucune source de documentation\u202f: ni copie du dépôt ici (mkdocs.yml et "
       "docs/), ni celles que fournit le paquet. Réinstallez caire-exercises depuis son wheel ou son dépôt.")
_NEEDS_MKDOCS = Text(
    en='Building the site needs MkDocs: python3 -m pip install "caire-exercises[docs]" (or ".[docs]" in a '
       "copy of the repository)",
    fr="Construire le site demande MkDocs\u202f: python3 -m pip install \"caire-exercises[docs]\" (ou "
       "\".[docs]\" dans une copie du dépôt)")


def docs_command(args: argparse.Namespace) -> int:
    """Build the documentation site with MkDocs if needed, then serve it on 127.0.0.1.

    In a checkout, the site is built from the checkout; from an installed
    package, from the documentation sources the wheel ships.
    """
    import importlib.util

    language = resolve_language(None)
    root = _project_root() or _packaged_docs()
    if root is None:
        print(_NO_DOCS.render(language), file=sys.stderr)
        return 1
    site = root / "site"
    if args.build or not (site / "index.html").is_file():
        if importlib.util.find_spec("mkdocs") is None:
            print(_NEEDS_MKDOCS.render(language), file=sys.stderr)
            return 1
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                                str(root / "mkdocs.yml"), "-d", str(site)], cwd=root)
        if built.returncode != 0:
            return 1
    if args.no_serve:
        print(site / "index.html")
        return 0
    import functools
    import http.server
    import webbrowser

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"Serving the documentation at {url} (Ctrl+C to stop)")
        if not args.no_browser:
            webbrowser.open(url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
