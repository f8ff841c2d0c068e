"""Small SVG figures for feedback: curves side by side, matrices as heat maps, confusion matrices.

Figures are drawn in the judge, from plain data, as SVG text: no plotting
library is needed, and the grader can store them in a feedback file. Every
label is escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from caire_exercises.model.i18n import Text

#: The largest matrix drawn: a learner's output may have any shape, feedback must stay small.
MAX_MATRIX_SIDE = 30
#: The most points a curve may have.
MAX_CURVE_POINTS = 2000

_COLOURS = ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#57606a")


def _fmt(value: float) -> str:
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.1e}"


def line_chart(
    series: Mapping[str, Sequence[float]],
    *,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    x_values: Sequence[float] | None = None,
    width: int = 420,
    height: int = 240,
) -> str:
    """Curves on shared axes, e.g. the learner's loss beside the reference's.

    >>> svg = line_chart({"yours": [3, 2, 1], "expected": [3, 1.5, 1]}, title="loss")
    >>> svg.startswith("<svg") and "yours" in svg
    True
    """
    left, right, top, bottom = 52, 12, 26 if title else 10, 38
    # A learner's curve may be of any length: keep every n-th point, so the picture stays small.
    series = {name: list(values)[::max(1, -(-len(values) // MAX_CURVE_POINTS))][:MAX_CURVE_POINTS]
              for name, values in list(series.items())[:len(_COLOURS)]}
    if x_values is not None and len(x_values) > MAX_CURVE_POINTS:
        x_values = list(x_values)[::-(-len(x_values) // MAX_CURVE_POINTS)][:MAX_CURVE_POINTS]
    finite = [v for values in series.values() for v in values if v is not None and math.isfinite(v)]
    if not finite:
        finite = [0.0, 1.0]
    low, high = min(finite), max(finite)
    if high == low:
        high, low = high + 1, low - 1
    longest = max((len(values) for values in series.values()), default=1)
    xs = list(x_values) if x_values is not None else list(range(longest))
    x_low, x_high = (min(xs), max(xs)) if xs else (0, 1)
    if x_high == x_low:
        x_high = x_low + 1

    def px(x: float) -> float:
        return left + (x - x_low) / (x_high - x_low) * (width - left - right)

    def py(y: float) -> float:
        return top + (high - y) / (high - low) * (height - top - bottom)

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"font-family='sans-serif' font-size='11' role='img' aria-label='{html.escape(title)}'>",
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    if title:
        parts.append(f"<text x='{width / 2}' y='15' text-anchor='middle' font-weight='bold'>"
                     f"{html.escape(title)}</text>")
    parts.append(f"<line x1='{left}' y1='{height - bottom}' x2='{width - right}' y2='{height - bottom}' "
                 "stroke='#57606a'/>")
    parts.append(f"<line x1='{left}' y1='{top}' x2='{left}' y2='{height - bottom}' stroke='#57606a'/>")
    for value in (low, (low + high) / 2, high):
        parts.append(f"<text x='{left - 4}' y='{py(value) + 4:.1f}' text-anchor='end'>{_fmt(value)}</text>")
    for value in (x_low, x_high):
        parts.append(f"<text x='{px(value):.1f}' y='{height - bottom + 14}' text-anchor='middle'>"
                     f"{_fmt(value)}</text>")
    if x_label:
        parts.append(f"<text x='{(left + width - right) / 2}' y='{height - 6}' text-anchor='middle'>"
                     f"{html.escape(x_label)}</text>")
    if y_label:
        parts.append(f"<text x='12' y='{(top + height - bottom) / 2}' text-anchor='middle' "
                     f"transform='rotate(-90 12 {(top + height - bottom) / 2})'>{html.escape(y_label)}</text>")
    for index, (name, values) in enumerate(series.items()):
        colour = _COLOURS[index % len(_COLOURS)]
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, values)
                          if y is not None and math.isfinite(y))
        dash = " stroke-dasharray='5 3'" if index % 2 else ""
        parts.append(f"<polyline fill='none' stroke='{colour}' stroke-width='2'{dash} points='{points}'/>")
        parts.append(f"<text x='{width - right - 4}' y='{top + 12 + 13 * index}' text-anchor='end' "
                     f"fill='{colour}'>{html.escape(name)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def matrix_chart(
    matrix: Sequence[Sequence[float]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str = "",
    row_title: str = "",
    column_title: str = "",
    cell: int = 44,
) -> str:
    """A matrix as a heat map with its numbers, e.g. a confusion matrix.

    >>> "42" in matrix_chart([[42, 1], [3, 7]], row_labels=["a", "b"], column_labels=["a", "b"])
    True
    """
    rows, columns = len(matrix), len(matrix[0]) if matrix else 0
    if max(rows, columns) > MAX_MATRIX_SIDE:
        raise ValueError(f"a matrix of {rows} x {columns} is too large to draw")
    left, top = 90, 44 if title else 28
    width, height = left + columns * cell + 10, top + rows * cell + 10
    flat = [float(v) for row in matrix for v in row if math.isfinite(float(v))]
    peak = max(flat) if flat and max(flat) > 0 else 1.0
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"font-family='sans-serif' font-size='11' role='img' aria-label='{html.escape(title)}'>",
             f"<rect width='{width}' height='{height}' fill='white'/>"]
    if title:
        parts.append(f"<text x='{width / 2}' y='14' text-anchor='middle' font-weight='bold'>"
                     f"{html.escape(title)}</text>")
    if column_title:
        parts.append(f"<text x='{left + columns * cell / 2}' y='{top - 16}' text-anchor='middle' "
                     f"fill='#57606a'>{html.escape(column_title)}</text>")
    if row_title:
        parts.append(f"<text x='4' y='{top - 4}' fill='#57606a'>{html.escape(row_title)}</text>")
    for j, label in enumerate(column_labels):
        parts.append(f"<text x='{left + j * cell + cell / 2}' y='{top - 4}' text-anchor='middle'>"
                     f"{html.escape(str(label))[:8]}</text>")
    for i, row in enumerate(matrix):
        parts.append(f"<text x='{left - 6}' y='{top + i * cell + cell / 2 + 4}' text-anchor='end'>"
                     f"{html.escape(str(row_labels[i]))[:12]}</text>")
        for j, value in enumerate(row):
            share = max(0.0, min(1.0, float(value) / peak)) if math.isfinite(float(value)) else 0.0
            shade = int(255 - 170 * share)
            text_colour = "white" if share > 0.6 else "#1f2328"
            parts.append(f"<rect x='{left + j * cell}' y='{top + i * cell}' width='{cell - 2}' "
                         f"height='{cell - 2}' fill='rgb({shade},{shade + (255 - shade) // 3},255)'/>")
            parts.append(f"<text x='{left + j * cell + cell / 2 - 1}' y='{top + i * cell + cell / 2 + 4}' "
                         f"text-anchor='middle' fill='{text_colour}'>{_fmt(float(value))}</text>")
    parts.append("</svg>")
    return "".join(parts)


def count_matrix(y_true: Sequence[Any], y_pred: Sequence[Any], labels: Sequence[Any]) -> np.ndarray:
    """Confusion counts (rows: true labels, columns: predicted), values outside `labels` ignored."""
    where = {label: index for index, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(y_true, y_pred):
        if truth in where and guess in where:
            counts[where[truth], where[guess]] += 1
    return counts


def confusion_figure(matrices: Sequence[tuple[Text, Any]], labels: Sequence[Any]) -> str | None:
    """Confusion matrices side by side, each with its title; None if none can be drawn."""
    true_title = Text(en="true ↓", fr="réel ↓").render()
    predicted_title = Text(en="predicted →", fr="prédit →").render()
    charts = []
    for title, matrix in matrices:
        values = np.asarray(matrix)
        if (values.ndim != 2 or values.dtype.kind not in "biuf" or values.size == 0
                or max(values.shape) > MAX_MATRIX_SIDE):
            continue
        rows = [str(label) for label in labels] if values.shape[0] == len(labels) else [
            str(i) for i in range(values.shape[0])]
        columns = [str(label) for label in labels] if values.shape[1] == len(labels) else [
            str(j) for j in range(values.shape[1])]
        charts.append(matrix_chart(values.tolist(), row_labels=rows, column_labels=columns,
                                   title=title.render(), row_title=true_title,
                                   column_title=predicted_title))
    return "".join(charts) or None
