"""Bar charts as SVG text for the class report (no plotting library; every label escaped).

>>> svg = bar_chart(["numpy.zscore"], [0.75], title="pass rate", maximum=1.0, percent=True)
>>> svg.startswith("<svg") and "75%" in svg
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

_BAR = "#0969da"
_GRID = "#d0d7de"


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "",
              maximum: float | None = None, percent: bool = False, width: int = 560,
              colour: str = _BAR) -> str:
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    label_width = min(260, 12 + 7 * max((len(label) for label in labels), default=4))
    row, top = 22, 28 if title else 8
    height = top + row * max(len(labels), 1) + 10
    largest = maximum if maximum is not None else max([*values, 0.0]) or 1.0
    plot = width - label_width - 60
    parts = [(f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
              f"font-family='sans-serif' font-size='12' role='img' aria-label='{html.escape(title)}'>"),
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    if title:
        parts.append(f"<text x='4' y='17' font-weight='bold'>{html.escape(title)}</text>")
    for index, (label, value) in enumerate(zip(labels, values)):
        y = top + index * row
        length = 0.0 if largest <= 0 else max(0.0, min(1.0, value / largest)) * plot
        shown = f"{100 * value:.0f}%" if percent else f"{value:g}"
        parts.append(f"<text x='{label_width - 6}' y='{y + 15}' text-anchor='end'>{html.escape(label)}</text>")
        parts.append(f"<rect x='{label_width}' y='{y + 4}' width='{plot}' height='14' fill='{_GRID}' "
                     "fill-opacity='0.35'/>")
        parts.append(f"<rect x='{label_width}' y='{y + 4}' width='{length:.1f}' height='14' fill='{colour}'/>")
        parts.append(f"<text x='{label_width + length + 4:.1f}' y='{y + 15}'>{html.escape(shown)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: Sequence[float], *, bins: int = 10, title: str = "", x_label: str = "",
              width: int = 560, height: int = 220) -> str:
    """Counts of `values` (shares in [0, 1]) in `bins` equal bins, as vertical bars."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins)))] += 1
    left, right, top, bottom = 36, 10, 28 if title else 10, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max(counts) or 1
    parts = [(f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
              f"font-family='sans-serif' font-size='11' role='img' aria-label='{html.escape(title)}'>"),
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    if title:
        parts.append(f"<text x='4' y='17' font-weight='bold' font-size='12'>{html.escape(title)}</text>")
    step = plot_w / bins
    for index, count in enumerate(counts):
        bar = plot_h * count / highest
        x = left + index * step
        parts.append(f"<rect x='{x + 2:.1f}' y='{top + plot_h - bar:.1f}' width='{step - 4:.1f}' "
                     f"height='{bar:.1f}' fill='{_BAR}'/>")
        if count:
            parts.append(f"<text x='{x + step / 2:.1f}' y='{top + plot_h - bar - 3:.1f}' "
                         f"text-anchor='middle'>{count}</text>")
        parts.append(f"<text x='{x + step / 2:.1f}' y='{top + plot_h + 14}' text-anchor='middle'>"
                     f"{100 * index // bins}–{100 * (index + 1) // bins}%</text>")
    parts.append(f"<line x1='{left}' y1='{top + plot_h}' x2='{width - right}' y2='{top + plot_h}' "
                 f"stroke='#57606a'/>")
    if x_label:
        parts.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 4}' text-anchor='middle'>"
                     f"{html.escape(x_label)}</text>")
    parts.append("</svg>")
    return "".join(parts)
