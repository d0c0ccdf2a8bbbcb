"""The chain as a tiered graph, drawn server-side as SVG (plain Python, no Django).

Columns left to right: the brand, then tiers 1 to 4. Each node is a supplier (or, for big
chains, a group of suppliers of one tier and process) coloured by grade; grey when the grade is
not shared or there is none. Edges go from a client to its supplier; an edge that does not go to
a later column (a cycle, or two suppliers of the same tier) is drawn as an arc on the right so
that it stays visible. Drawing never follows edges, so cycles cannot loop.

All text is escaped here; the result can be placed in a page as it is. The page shows the same
suppliers in a table next to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

COLUMN_WIDTH = 230
NODE_WIDTH = 180
NODE_HEIGHT = 24
ROW_HEIGHT = 32
TOP = 40
LABEL_CHARS = 24
TIERS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class Node:
    """One box: ``column`` 0 is the brand, 1-4 the tiers; ``kind`` picks the style
    (``brand``, ``graded``, ``not-assessed``, ``undisclosed``, ``group``)."""

    key: str
    column: int
    label: str
    colour: str
    kind: str = "graded"
    href: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    weight: int = 1


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text_colour(fill: str) -> str:
    """Dark text on light fills, white on dark ones."""
    colour = fill.lstrip("#")
    if len(colour) != 6:
        return "#212121"
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "#212121" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"


def layout(nodes: Sequence[Node]) -> dict[str, tuple[float, float]]:
    """Top-left corner of each node: columns by tier, rows in the given order."""
    rows: dict[int, int] = {}
    places: dict[str, tuple[float, float]] = {}
    for node in nodes:
        if node.key in places:
            continue
        row = rows.get(node.column, 0)
        rows[node.column] = row + 1
        places[node.key] = (10 + node.column * COLUMN_WIDTH, TOP + row * ROW_HEIGHT)
    return places


def _edge_path(start: tuple[float, float], end: tuple[float, float], back: bool) -> str:
    sx, sy = start
    ex, ey = end
    if not back:
        x1, y1 = sx + NODE_WIDTH, sy + NODE_HEIGHT / 2
        x2, y2 = ex, ey + NODE_HEIGHT / 2
        mid = (x1 + x2) / 2
        return f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    # Back or same-column edge: leave and enter on the right side, bulging outwards.
    x1, y1 = sx + NODE_WIDTH, sy + NODE_HEIGHT / 2
    x2, y2 = ex + NODE_WIDTH, ey + NODE_HEIGHT / 2
    bulge = max(x1, x2) + 30 + min(abs(y2 - y1) / 6, 40)
    return f"M{x1:.0f},{y1:.0f} C{bulge:.0f},{y1:.0f} {bulge:.0f},{y2:.0f} {x2 + 6:.0f},{y2:.0f}"


def tiered_svg(
    nodes: Sequence[Node],
    edges: Iterable[Edge],
    *,
    title: str,
    desc: str,
    column_titles: Sequence[str],
    chart_id: str = "chain-graph",
) -> str:
    """The SVG markup of the graph (an empty string when there are no nodes)."""
    if not nodes:
        return ""
    places = layout(nodes)
    by_key = {n.key: n for n in nodes}
    height = max(y for _x, y in places.values()) + ROW_HEIGHT + 10
    columns = max(n.column for n in nodes) + 1
    width = 10 + columns * COLUMN_WIDTH + 40
    out = [
        f'<svg id="{escape(chart_id)}" class="chain-graph" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" '
        'fill="#78909c"/></marker></defs>',
    ]
    for column in range(columns):
        label = column_titles[column] if column < len(column_titles) else str(column)
        left = 10 + column * COLUMN_WIDTH
        out.append(f'<text class="column-title" x="{left}" y="20">{escape(label)}</text>')
    drawn: set[tuple[str, str]] = set()
    out.append('<g class="edges">')
    for edge in edges:
        pair = (edge.source, edge.target)
        if pair in drawn or edge.source not in places or edge.target not in places:
            continue
        drawn.add(pair)
        back = by_key[edge.target].column <= by_key[edge.source].column
        path = _edge_path(places[edge.source], places[edge.target], back)
        stroke = min(1 + (edge.weight - 1) ** 0.5, 6.0)
        css = "edge back" if back else "edge"
        out.append(
            f'<path class="{css}" d="{path}" stroke-width="{stroke:.1f}" marker-end="url(#arrow)"/>'
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for key, (x, y) in places.items():
        node = by_key[key]
        fill = node.colour
        box = (
            f'<g class="node node-{escape(node.kind)}" data-key="{escape(node.key)}">'
            f"<title>{escape(node.title or node.label)}</title>"
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="4" '
            f'fill="{escape(fill)}"/>'
            f'<text x="{x + 8:.0f}" y="{y + 16:.0f}" fill="{_text_colour(fill)}">'
            f"{escape(_short(node.label))}</text></g>"
        )
        if node.href:
            box = f'<a href="{escape(node.href)}">{box}</a>'
        out.append(box)
    out.append("</g></svg>")
    return "".join(out)
