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


_HEADER = (Text(en="NAME", fr="NOM"), Text(en="KIND", fr="NATURE"), Text(en="LICENCE", fr="LICENCE"),
           Text(en="FORMS", fr="FORMES"), Text(en="TITLE", fr="TITRE"))
_LEGEND = Text(
    en="FORMS: what load(NAME, as_=...) gives. caire data show NAME prints a data set's datasheet.",
    fr="FORMES\u202f: ce que donne load(NOM, as_=...). caire data show NOM affiche la fiche d'un jeu de données.")


def _list() -> int:
    from caire_exercises.cli.terminal import CYAN, colours_on, table

    language = resolve_language(None)
    rows = []
    for name in list_datasets():
        found = info(name)
        kind = _KINDS[found.kind].render(language) if found.kind in _KINDS else found.kind
        rows.append((name, kind, found.licence.split(":")[0] or "?", ",".join(found.forms),
                     found.title.render(language)))
    header = [text.render(language) for text in _HEADER]
    for line in table(header, rows, styles=(CYAN,), colour=colours_on()):
        print(line)
    print()
    print(_LEGEND.render(language))
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
