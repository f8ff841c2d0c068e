"""Tables and colours for the ``caire`` command in a terminal.

Colours only where they show: standard output is a terminal, ``NO_COLOR`` is
not set (https://no-color.org) and the terminal is not ``dumb``;
``FORCE_COLOR`` turns them on anyway (for a pager that understands them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

BOLD = "1"
DIM = "2"
CYAN = "36"


def colours_on(stream: TextIO | None = None) -> bool:
    """Whether to colour what is written to `stream` (standard output by default)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, *, on: bool) -> str:
    """`text` in an ANSI `style` when `on`, unchanged otherwise."""
    return f"\033[{style}m{text}\033[0m" if on and text else text


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = (),
          styles: Sequence[str | None] = (), colour: bool = False) -> list[str]:
    """Lines of a plain table: a header row, then the rows, columns padded to their widest cell.

    The last column is not padded. `right` lists the columns aligned to the right;
    `styles` gives each column's colour (the header is bold).
    """
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str], cell_styles: Sequence[str | None]) -> str:
        out = []
        for index, cell in enumerate(cells):
            last = index == len(cells) - 1
            text = str(cell)
            padded = text if last else (text.rjust(widths[index]) if index in right else text.ljust(widths[index]))
            style = cell_styles[index] if index < len(cell_styles) else None
            out.append(paint(padded, style, on=colour) if style else padded)
        return "  ".join(out).rstrip()

    return [line(header, [BOLD] * len(header)), *(line(row, styles) for row in rows)]
