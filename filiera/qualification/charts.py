"""Small server-side SVG charts for the scorecard (plain Python, no Django, no JavaScript).

Every chart carries a ``<title>`` and a ``<desc>`` referenced by ``aria-labelledby``, so screen
readers announce it; the page always shows the same figures in a table next to it. All text is
escaped here, so the result can be placed in a page as it is. Coordinates use a fixed viewBox
and scale to the width of the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from filiera.core.svg import WIDTH, line_runs, shorten
from filiera.core.svg import coord as _n
from filiera.core.svg import svg_open as _open

# The same colours as the grade badges of the assessment pages.
GRADE_COLOURS = {
    "A": "#1b5e20",
    "B": "#558b2f",
    "C": "#f9a825",
    "D": "#ef6c00",
    "E": "#c62828",
}
NO_GRADE_COLOUR = "#9e9e9e"
ASSURANCE_COLOURS = {
    "declared": "#b0bec5",
    "evidenced": "#64b5f6",
    "reviewed": "#7e57c2",
    "verified": "#2e7d32",
}
# Lowest score of each grade, drawn as faint guide lines on the history chart.
DEFAULT_BANDS = (("A", 86.0), ("B", 71.0), ("C", 51.0), ("D", 30.0))
LABEL_CHARS = 26


@dataclass(frozen=True, slots=True)
class Point:
    """One score in time: the label under the axis, the value (None: no score) and its grade."""

    label: str
    value: float | None
    grade: str = ""


@dataclass(frozen=True, slots=True)
class Bar:
    """One horizontal bar: an area's name, its score 0-100 (None: not applicable), its grade."""

    label: str
    value: float | None
    grade: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """One slice of a 100 % bar: its key (for the colour), label and share 0..1."""

    key: str
    label: str
    share: float


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return shorten(text, limit)


def grade_colour(grade: str) -> str:
    return GRADE_COLOURS.get(grade, NO_GRADE_COLOUR)


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def history_chart(
    points: Sequence[Point],
    *,
    title: str,
    desc: str,
    chart_id: str = "history",
    fmt: Callable[[float], str] = one_decimal,
    bands: Sequence[tuple[str, float]] = DEFAULT_BANDS,
    height: float = 220,
) -> str:
    """A line of scores (0-100) in the order given, one marker per scored point.

    Points are evenly spaced (one per evaluation); points without a value leave a gap in the
    line and get no marker. Faint lines mark where each grade starts.
    """
    left, right, top, bottom = 34.0, 26.0, 12.0, 30.0
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    parts = _open(chart_id, height, title, desc)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - _clamp(value) / 100)

    def x_of(index: int) -> float:
        if len(points) <= 1:
            return left + plot_w / 2
        return left + plot_w * index / (len(points) - 1)

    parts.append('<g class="axes" stroke="#cfd8dc" stroke-width="1">')
    parts.append(
        f'<line x1="{_n(left)}" y1="{_n(y_of(0))}" x2="{_n(WIDTH - right)}" y2="{_n(y_of(0))}"/>'
    )
    parts.append(f'<line x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(y_of(0))}"/></g>')
    parts.append('<g class="bands" fill="#78909c" font-size="11">')
    for letter, low in bands:
        y = y_of(low)
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(WIDTH - right)}" y2="{_n(y)}" '
            f'stroke="#eceff1" stroke-dasharray="4 3"/>'
            f'<text x="{_n(WIDTH - right + 6)}" y="{_n(y + 4)}">{escape(letter)}</text>'
        )
    for tick in (0, 50, 100):
        parts.append(
            f'<text x="{_n(left - 6)}" y="{_n(y_of(tick) + 4)}" text-anchor="end">{tick}</text>'
        )
    parts.append("</g>")

    for segment in line_runs([p.value for p in points], x_of, y_of):
        if len(segment) > 1:
            parts.append(
                f'<polyline class="line" fill="none" stroke="#455a64" stroke-width="2" '
                f'points="{" ".join(segment)}"/>'
            )

    parts.append('<g class="points">')
    for index, point in enumerate(points):
        if point.value is None:
            continue
        label = f"{point.label}: {fmt(point.value)}" + (f" ({point.grade})" if point.grade else "")
        parts.append(
            f'<circle cx="{_n(x_of(index))}" cy="{_n(y_of(point.value))}" r="5" '
            f'fill="{grade_colour(point.grade)}"><title>{escape(label)}</title></circle>'
        )
    parts.append("</g>")

    parts.append('<g class="labels" fill="#546e7a" font-size="11" text-anchor="middle">')
    step = max(1, -(-len(points) // 5))  # at most about five labels under the axis
    last = len(points) - 1
    for index, point in enumerate(points):
        if index % step and index != last:
            continue
        if last > 0 and index != last and last - index < step:
            continue  # too close to the last label, which is always shown
        # The first and last labels lean inwards so that they stay inside the chart.
        anchor = "start" if index == 0 and last else "end" if index == last and last else ""
        parts.append(
            f'<text x="{_n(x_of(index))}" y="{_n(height - 10)}"'
            + (f' text-anchor="{anchor}"' if anchor else "")
            + f">{escape(_short(point.label, 14))}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def area_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str,
    chart_id: str = "areas",
    fmt: Callable[[float], str] = one_decimal,
    empty: str = "—",
) -> str:
    """Horizontal bars 0-100, one row per area, coloured by grade, value and grade at the end."""
    row, top = 28.0, 6.0
    label_w, value_w = 200.0, 72.0
    track_w = WIDTH - label_w - value_w
    height = top * 2 + row * max(1, len(bars))
    parts = _open(chart_id, height, title, desc)
    for index, bar in enumerate(bars):
        y = top + row * index
        parts.append('<g class="row">')
        parts.append(
            f'<text x="0" y="{_n(y + row / 2 + 4)}">{escape(_short(bar.label))}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        parts.append(
            f'<rect class="track" x="{_n(label_w)}" y="{_n(y + 6)}" width="{_n(track_w)}" '
            f'height="{_n(row - 12)}" fill="#eceff1" rx="3"/>'
        )
        if bar.value is None:
            value_text = empty
        else:
            width = track_w * _clamp(bar.value) / 100
            parts.append(
                f'<rect class="bar" x="{_n(label_w)}" y="{_n(y + 6)}" width="{_n(width)}" '
                f'height="{_n(row - 12)}" fill="{grade_colour(bar.grade)}" rx="3"/>'
            )
            value_text = fmt(bar.value) + (f" {bar.grade}" if bar.grade else "")
        parts.append(
            f'<text x="{_n(WIDTH)}" y="{_n(y + row / 2 + 4)}" text-anchor="end" '
            f'font-weight="bold">{escape(value_text)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bar(
    parts_in: Sequence[Part],
    *,
    title: str,
    desc: str,
    chart_id: str = "assurance",
    colours: dict[str, str] | None = None,
) -> str:
    """One 100 % bar split by share (the assurance mix), with a legend under it."""
    colours = colours or ASSURANCE_COLOURS
    bar_h, legend_row = 26.0, 20.0
    legend_rows = -(-len(parts_in) // 2)
    height = bar_h + 12 + legend_row * legend_rows
    out = _open(chart_id, height, title, desc)
    total = sum(max(0.0, p.share) for p in parts_in)
    out.append(
        f'<rect class="track" x="0" y="0" width="{WIDTH}" height="{_n(bar_h)}" '
        f'fill="#eceff1" rx="3"/>'
    )
    x = 0.0
    for part in parts_in:
        if part.share <= 0 or total <= 0:
            continue
        width = WIDTH * part.share / total
        percent = round(100 * part.share / total)
        out.append(
            f'<rect class="segment" x="{_n(x)}" y="0" width="{_n(width)}" '
            f'height="{_n(bar_h)}" fill="{colours.get(part.key, NO_GRADE_COLOUR)}">'
            f"<title>{escape(part.label)}: {percent} %</title></rect>"
        )
        x += width
    for index, part in enumerate(parts_in):
        lx = (WIDTH / 2) * (index % 2)
        ly = bar_h + 12 + legend_row * (index // 2)
        percent = round(100 * part.share / total) if total > 0 else 0
        out.append(
            f'<rect x="{_n(lx)}" y="{_n(ly)}" width="12" height="12" '
            f'fill="{colours.get(part.key, NO_GRADE_COLOUR)}"/>'
            f'<text x="{_n(lx + 18)}" y="{_n(ly + 11)}">{escape(_short(part.label, 26))} '
            f"{percent} %</text>"
        )
    out.append("</svg>")
    return "".join(out)
