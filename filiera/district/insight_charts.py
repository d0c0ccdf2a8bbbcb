"""Server-side SVG charts of the district dashboard (plain Python, no Django).

They follow the scorecard charts (``filiera.qualification.charts``): a fixed viewBox scaled to
the screen, a ``<title>`` and ``<desc>`` for screen readers, every text escaped here, and the
same figures always in a table under the chart. A hidden count ("<5") draws no bar and writes
"<5" where the value would be. Colour is never the only cue: bars carry their value, grade
segments their letter, and lines a label at their end and a dash pattern of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from filiera.core.svg import WIDTH, line_runs, shorten, svg_open
from filiera.core.svg import coord as _n
from filiera.qualification.charts import GRADE_COLOURS

BAR_COLOUR = "#37474f"
HIDDEN_COLOUR = "#cfd8dc"
TEXT_ON = {"A": "#ffffff", "B": "#ffffff", "C": "#212121", "D": "#212121", "E": "#ffffff"}
LINE_STYLES = (("#1565c0", ""), ("#2e7d32", "6 3"), ("#6a1b9a", "2 3"), ("#ef6c00", "8 3 2 3"))

Value = int | float | str  # a count, or "<5"


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def count_bars(rows: Sequence[tuple[str, Value]], *, title: str, desc: str, chart_id: str) -> str:
    """One horizontal bar per row, scaled to the largest count, the count written after it."""
    row_h, top = 26.0, 6.0
    label_w, value_w = 190.0, 64.0
    track_w = WIDTH - label_w - value_w
    height = top * 2 + row_h * max(1, len(rows))
    biggest = max((_number(v) or 0.0 for _label, v in rows), default=0.0)
    out = svg_open(chart_id, height, title, desc, css_class="chart insight-chart")
    for index, (label, value) in enumerate(rows):
        y = top + row_h * index
        out.append('<g class="row">')
        out.append(
            f'<text x="0" y="{_n(y + row_h / 2 + 4)}">{escape(shorten(label, 26))}'
            f"<title>{escape(label)}</title></text>"
        )
        number = _number(value)
        if number is not None and biggest > 0 and number > 0:
            width = max(2.0, track_w * number / biggest)
            out.append(
                f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 5)}" width="{_n(width)}" '
                f'height="{_n(row_h - 10)}" fill="{BAR_COLOUR}" rx="2"/>'
            )
        out.append(
            f'<text x="{_n(WIDTH)}" y="{_n(y + row_h / 2 + 4)}" text-anchor="end" '
            f'font-weight="bold">{escape(_text(value))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Stack:
    """One row of the grade chart: a label, the count per grade ("<5" when hidden), and the
    number of firms with a grade in it (None when hidden)."""

    label: str
    counts: dict[str, Value]
    total: int | None


def grade_stacks(rows: Sequence[Stack], *, title: str, desc: str, chart_id: str) -> str:
    """A 100 % bar per row split by grade, each segment with its letter; hidden counts
    together make one grey segment marked "<5". Rows without a total draw no bar."""
    row_h, top, legend_h = 30.0, 6.0, 24.0
    label_w = 170.0
    track_w = WIDTH - label_w
    height = top * 2 + row_h * max(1, len(rows)) + legend_h
    out = svg_open(chart_id, height, title, desc, css_class="chart insight-chart")
    for index, row in enumerate(rows):
        y = top + row_h * index
        out.append('<g class="row">')
        out.append(
            f'<text x="0" y="{_n(y + row_h / 2 + 4)}">{escape(shorten(row.label, 22))}'
            f"<title>{escape(row.label)}</title></text>"
        )
        if row.total:
            x = label_w
            known = 0.0
            for grade, value in row.counts.items():
                number = _number(value)
                if not number:
                    continue
                known += number
                width = track_w * number / row.total
                out.append(_segment(x, y, width, row_h, GRADE_COLOURS.get(grade, BAR_COLOUR),
                                    TEXT_ON.get(grade, "#ffffff"), grade, f"{grade}: {value}"))  # fmt: skip
                x += width
            rest = row.total - known
            if rest > 0:
                width = track_w * rest / row.total
                out.append(_segment(x, y, width, row_h, HIDDEN_COLOUR, "#212121", "<5", "<5"))
        else:
            out.append(
                f'<text x="{_n(label_w)}" y="{_n(y + row_h / 2 + 4)}" fill="#546e7a">'
                f"{escape('<5')}</text>"
            )
        out.append("</g>")
    legend_y = top + row_h * max(1, len(rows)) + 6
    step = track_w / len(GRADE_COLOURS)
    for index, (grade, colour) in enumerate(GRADE_COLOURS.items()):
        lx = label_w + step * index
        out.append(
            f'<rect x="{_n(lx)}" y="{_n(legend_y)}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{_n(lx + 19)}" y="{_n(legend_y + 12)}">{escape(grade)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _segment(x, y, width, row_h, fill, ink, letter, tip) -> str:
    parts = [
        f'<rect class="segment" x="{_n(x)}" y="{_n(y + 4)}" width="{_n(width)}" '
        f'height="{_n(row_h - 8)}" fill="{fill}"><title>{escape(tip)}</title></rect>'
    ]
    if width >= 9 * len(letter) + 4:
        parts.append(
            f'<text x="{_n(x + width / 2)}" y="{_n(y + row_h / 2 + 5)}" text-anchor="middle" '
            f'fill="{ink}" font-weight="bold" aria-hidden="true">{escape(letter)}</text>'
        )
    return "".join(parts)


def trend_lines(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | None]]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    height: float = 240,
) -> str:
    """Counts over months: one line per series (a gap where a count is hidden), each with
    its own colour and dash pattern and its name at its last point."""
    left, right, top, bottom = 44.0, 96.0, 12.0, 30.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    biggest = max((v for _name, values in series for v in values if v is not None), default=0)
    biggest = max(biggest, 1)
    out = svg_open(chart_id, height, title, desc, css_class="chart insight-chart")

    def x_of(index: int) -> float:
        return left + (plot_w * index / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / biggest)

    out.append(
        f'<g class="axes" stroke="#cfd8dc"><line x1="{_n(left)}" y1="{_n(y_of(0))}" '
        f'x2="{_n(left + plot_w)}" y2="{_n(y_of(0))}"/><line x1="{_n(left)}" y1="{_n(top)}" '
        f'x2="{_n(left)}" y2="{_n(y_of(0))}"/></g>'
    )
    out.append('<g fill="#546e7a" font-size="11">')
    for tick in (0, biggest):
        out.append(
            f'<text x="{_n(left - 6)}" y="{_n(y_of(tick) + 4)}" text-anchor="end">{tick}</text>'
        )
    step = max(1, -(-len(labels) // 6))
    for index, label in enumerate(labels):
        if index % step and index != len(labels) - 1:
            continue
        out.append(
            f'<text x="{_n(x_of(index))}" y="{_n(height - 10)}" text-anchor="middle">'
            f"{escape(shorten(label, 10))}</text>"
        )
    out.append("</g>")
    ends: list[list] = []
    for number, (name, values) in enumerate(series):
        colour, dash = LINE_STYLES[number % len(LINE_STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        for segment in line_runs(values, x_of, y_of):
            if len(segment) > 1:
                out.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dashed} '
                    f'points="{" ".join(segment)}"/>'
                )
            elif segment:
                x, y = segment[0].split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        shown = [(i, v) for i, v in enumerate(values) if v is not None]
        if shown:
            index, value = shown[-1]
            ends.append([y_of(value) + 4, x_of(index) + 6, colour, name])
    # Names at the lines' ends, moved apart so that they never overlap, inside the chart.
    ends.sort(key=lambda end: end[0])
    for position, end in enumerate(ends):
        low = top + 10 if position == 0 else ends[position - 1][0] + 14
        end[0] = max(end[0], low)
    for y, x, colour, name in ends:
        out.append(
            f'<text x="{_n(x)}" y="{_n(min(y, height - bottom))}" fill="{colour}" '
            f'font-size="12">{escape(shorten(name, 14))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
