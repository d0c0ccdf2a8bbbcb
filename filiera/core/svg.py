"""Pieces every server-side SVG chart shares (plain Python, no Django).

A chart opens with ``svg_open``: a fixed viewBox that scales to the screen, ``role="img"`` and a
``<title>`` and ``<desc>`` referenced by ``aria-labelledby``, so screen readers announce it.
All text is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

WIDTH = 480
FONT = 14


def coord(value: float) -> str:
    """A coordinate: at most one decimal, always with a dot."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def line_runs(
    values: Sequence[float | None], x_of: Callable[[int], float], y_of: Callable[[float], float]
) -> list[list[str]]:
    """The points ("x,y") of a line chart, split where a value is missing: each run is drawn
    as a polyline (or a dot when it holds one point), and the gaps stay empty."""
    runs: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{coord(x_of(index))},{coord(y_of(value))}")
    return [run for run in runs if run]


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def svg_open(
    chart_id: str, height: float, title: str, desc: str, *, css_class: str = "chart"
) -> list[str]:
    """The opening tag with its title and description; close it with ``</svg>``."""
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {coord(height)}" '
        f'width="100%" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'class="{escape(css_class)}" id="{cid}" font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
