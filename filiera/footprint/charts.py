"""The footprint chart: one horizontal bar per stage and complement (plain Python, no Django).

As with the scorecard charts, the SVG carries a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``, every text is escaped here, and the page always shows the same figures in
a table next to the chart. Coordinates use a fixed viewBox that scales to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 480
FONT = 14
LABEL_CHARS = 24
COLOURS = {"stage": "#2e7d6b", "complement": "#8d6e63"}


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its key (for the id), label, value (µPt) and kind ("stage" or "complement")."""

    key: str
    label: str
    value: float
    kind: str = "stage"


def _n(value: float) -> str:
    """A coordinate: at most one decimal, always with a dot."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def whole(value: float) -> str:
    return f"{value:,.0f}"


def stage_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str,
    chart_id: str = "footprint-stages",
    fmt: Callable[[float], str] = whole,
) -> str:
    """Horizontal bars scaled to the biggest value, the value written at the end of each row."""
    row, top = 26.0, 6.0
    label_w, value_w = 180.0, 70.0
    track_w = WIDTH - label_w - value_w
    height = top * 2 + row * max(1, len(bars))
    biggest = max((bar.value for bar in bars), default=0.0)
    cid = escape(chart_id)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'class="chart footprint-chart" id="{cid}" font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = top + row * index
        width = track_w * max(0.0, bar.value) / biggest if biggest > 0 else 0.0
        colour = COLOURS.get(bar.kind, COLOURS["stage"])
        out.append(f'<g class="row row-{escape(bar.kind)}" id="{cid}-{escape(bar.key)}">')
        out.append(
            f'<text x="0" y="{_n(y + row / 2 + 4)}">{escape(_short(bar.label))}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        out.append(
            f'<rect class="track" x="{_n(label_w)}" y="{_n(y + 5)}" width="{_n(track_w)}" '
            f'height="{_n(row - 10)}" fill="#eceff1" rx="3"/>'
        )
        if width > 0:
            out.append(
                f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 5)}" width="{_n(width)}" '
                f'height="{_n(row - 10)}" fill="{colour}" rx="3">'
                f"<title>{escape(bar.label)}: {escape(fmt(bar.value))}</title></rect>"
            )
        out.append(
            f'<text x="{_n(WIDTH)}" y="{_n(y + row / 2 + 4)}" text-anchor="end" '
            f'font-weight="bold">{escape(fmt(bar.value))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
