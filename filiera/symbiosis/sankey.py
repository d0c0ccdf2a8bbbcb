"""A Sankey diagram of what flows between sectors, as server-side SVG (no JavaScript).

Sending sectors stand on the left, receiving sectors on the right; each band joins the two and
is as thick as the tonnes it carries (at each end, relative to that end's sector). Sectors are
ordered by their total, biggest on top, and the bands leave and enter each sector in the order
of the sectors on the other side, so they cross as little as they can. As for every chart of
the platform, the SVG has a ``<title>`` and ``<desc>``, every band and sector a tooltip, and the
page shows the same figures in a table next to it. Plain Python: no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from filiera.core.svg import WIDTH, shorten, svg_open
from filiera.core.svg import coord as _n

PALETTE = (
    "#2e7d6b",
    "#5c6bc0",
    "#ef6c00",
    "#8d6e63",
    "#00838f",
    "#ad1457",
    "#689f38",
    "#6d4c41",
    "#455a64",
    "#c0ca33",
)
LABEL_W = 148.0  # room for the labels on each side
NODE_W = 10.0
GAP = 16.0
MIN_NODE = 14.0  # with the gap, room for a label of two lines beside the smallest sector
LABEL_CHARS = 22
SMALL = 12
LINE = 13.0


@dataclass(frozen=True, slots=True)
class Band:
    """Tonnes (or another quantity) going from one sector to another."""

    source: str  # key of the sending sector
    target: str  # key of the receiving sector
    value: float


@dataclass(frozen=True, slots=True)
class _Node:
    key: str
    total: float
    y: float
    height: float


def _column(totals: dict[str, float], top: float, room: float, floor: float) -> dict[str, _Node]:
    keys = sorted(totals, key=lambda k: (-totals[k], k))
    grand = sum(totals.values()) or 1.0
    usable = max(room - GAP * (len(keys) - 1), floor * len(keys))
    nodes, y = {}, top
    for key in keys:
        height = max(floor, usable * totals[key] / grand)
        nodes[key] = _Node(key, totals[key], y, height)
        y += height + GAP
    return nodes


def _lines(label: str) -> list[str]:
    """The label on one line, or two when it is long (the second shortened if need be)."""
    if len(label) <= LABEL_CHARS:
        return [label]
    first, rest = "", label
    for word in label.split():
        candidate = f"{first} {word}".strip()
        if len(candidate) > LABEL_CHARS:
            break
        first = candidate
    if not first:
        return [shorten(label, LABEL_CHARS)]
    rest = label[len(first) :].strip()
    return [first, shorten(rest, LABEL_CHARS)]


def _label(x: float, middle: float, anchor: str, label: str, tip: str) -> str:
    lines = _lines(label)
    top = middle + 4 - LINE * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(top + LINE * i)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{_n(x)}" y="{_n(top)}" text-anchor="{anchor}" font-size="{SMALL}">'
        f"{spans}<title>{escape(tip)}</title></text>"
    )


def _band_path(x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float]) -> str:
    mid = (x0 + x1) / 2
    return (
        f"M{_n(x0)},{_n(y0[0])} C{_n(mid)},{_n(y0[0])} {_n(mid)},{_n(y1[0])} {_n(x1)},{_n(y1[0])} "
        f"L{_n(x1)},{_n(y1[1])} C{_n(mid)},{_n(y1[1])} {_n(mid)},{_n(y0[1])} {_n(x0)},{_n(y0[1])} Z"
    )


def sankey(
    bands: Sequence[Band],
    labels: dict[str, str],
    *,
    title: str,
    desc: str,
    chart_id: str = "sankey",
    fmt: Callable[[float], str] = lambda v: f"{v:,.1f}",
    height: float = 280.0,
) -> str:
    """The diagram for ``bands`` (those with a value above zero); ``labels`` names the sector
    keys. An empty list gives an empty frame with its title (the page says why)."""
    bands = [b for b in bands if b.value > 0]
    out_totals: dict[str, float] = defaultdict(float)
    in_totals: dict[str, float] = defaultdict(float)
    for band in bands:
        out_totals[band.source] += band.value
        in_totals[band.target] += band.value
    rows = max(len(out_totals), len(in_totals), 1)
    height = max(height, rows * (MIN_NODE + GAP) + 2 * LINE)
    top = LINE
    room = height - 2 * top
    left = _column(out_totals, top, room, MIN_NODE)
    right = _column(in_totals, top, room, MIN_NODE)
    x_left, x_right = LABEL_W, WIDTH - LABEL_W - NODE_W
    colours = {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(left)}
    cid = escape(chart_id)
    out = svg_open(chart_id, height, title, desc, css_class="chart sankey")

    def name(key: str) -> str:
        return labels.get(key, key)

    # Where each band leaves its source and enters its target, in the other side's order.
    left_order = {key: i for i, key in enumerate(left)}
    right_order = {key: i for i, key in enumerate(right)}
    out_cursor = {key: node.y for key, node in left.items()}
    in_cursor = {key: node.y for key, node in right.items()}
    ends: dict[int, tuple[tuple[float, float], tuple[float, float]]] = {}
    for index in sorted(range(len(bands)), key=lambda i: right_order[bands[i].target]):
        band, node = bands[index], left[bands[index].source]
        thick = node.height * band.value / node.total
        ends[index] = ((out_cursor[band.source], out_cursor[band.source] + thick), (0.0, 0.0))
        out_cursor[band.source] += thick
    for index in sorted(range(len(bands)), key=lambda i: left_order[bands[i].source]):
        band, node = bands[index], right[bands[index].target]
        thick = node.height * band.value / node.total
        start = in_cursor[band.target]
        ends[index] = (ends[index][0], (start, start + thick))
        in_cursor[band.target] += thick

    out.append('<g class="bands" fill-opacity="0.45">')
    for index, band in enumerate(bands):
        source_end, target_end = ends[index]
        text = f"{name(band.source)} → {name(band.target)}: {fmt(band.value)}"
        out.append(
            f'<path id="{cid}-band-{index}" class="band" fill="{colours[band.source]}" '
            f'd="{_band_path(x_left + NODE_W, source_end, x_right, target_end)}">'
            f"<title>{escape(text)}</title></path>"
        )
    out.append("</g>")
    for side, nodes, x in (("source", left, x_left), ("target", right, x_right)):
        for key, node in nodes.items():
            colour = colours.get(key, "#607d8b") if side == "source" else "#607d8b"
            label = name(key)
            tip = f"{label}: {fmt(node.total)}"
            text_x = x - 6 if side == "source" else x + NODE_W + 6
            anchor = "end" if side == "source" else "start"
            middle = node.y + node.height / 2
            out.append(
                f'<g class="node node-{side}"><rect x="{_n(x)}" y="{_n(node.y)}" '
                f'width="{_n(NODE_W)}" height="{_n(node.height)}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
                f"{_label(text_x, middle, anchor, label, tip)}</g>"
            )
    out.append("</svg>")
    return "".join(out)
