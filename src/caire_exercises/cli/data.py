"""``caire data list`` and ``caire data show NAME``."""

from __future__ import annotations

import argparse
import sys

from caire_exercises.model.i18n import Text, resolve_language, set_language
from caire_exercises.data._catalogue import datasheet, info, list_datasets

_KINDS = {
    "real": Text(en="real", fr="réel"),
    "generated": Text(en="synthetic", fr="synthétique"),
    "written": Text(en="written", fr="écrit"),
}


def _list() -> int:
    language = resolve_language(None)
    rows = []
    for name in list_datasets():
        found = info(name)
        kind = _KINDS[found.kind].render(language) if found.kind in _KINDS else found.kind
        rows.append((name, kind, found.licence.split(":")[0] or "?", ",".join(found.forms),
                     found.title.render(language)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])
    return 0


def _show(name: str) -> int:
    found = info(name)
    try:
        text = datasheet(name)
    except FileNotFoundError as error:
        print(f"caire: {error}", file=sys.stderr)
        return 1
    print(text.rstrip())
    print()
    print(f"load({name!r}, as_=...)  ->  {', '.join(found.forms)}")
    return 0


def data_command(args: argparse.Namespace) -> int:
    """Run ``caire data list`` or ``caire data show NAME [--lang fr|en]``."""
    if getattr(args, "lang", None):
        set_language(args.lang)
    if args.data_command == "list":
        return _list()
    return _show(args.name)
