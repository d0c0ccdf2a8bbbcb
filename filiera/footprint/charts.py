"""The footprint chart: one horizontal bar per stage and complement (plain Python, no Django).

As with the scorecard charts, the SVG carries a ``<title>`` and a ``<desc>`` referenced by
``aria-labelledby``, every text is escaped here, and the page always shows the same figures in
a table next to the chart. Coordinates use a fixed viewBox that scales to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from filiera.core.svg import WIDTH, shorten, svg_open
from filiera.core.svg import coord as _n

LABEL_CHARS = 24
COLOURS = {"stage": "#2e7d6b", "complement": "#8d6e63"}


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its key (for the id), label, value (µPt) and kind ("stage" or "complement")."""

    key: str
    label: str
    value: float
    kind: str = "stage"


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
    out = svg_open(chart_id, height, title, desc, css_class="chart footprint-chart")
    for index, bar in enumerate(bars):
        y = top + row * index
        width = track_w * max(0.0, bar.value) / biggest if biggest > 0 else 0.0
        colour = COLOURS.get(bar.kind, COLOURS["stage"])
        out.append(f'<g class="row row-{escape(bar.kind)}" id="{cid}-{escape(bar.key)}">')
        out.append(
            f'<text x="0" y="{_n(y + row / 2 + 4)}">{escape(shorten(bar.label, LABEL_CHARS))}'
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
