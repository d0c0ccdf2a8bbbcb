"""The tiered graph of a brand's chain, from the supplier rows the page shows: one node per
supplier, or for big chains one node per tier and process with the number of suppliers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from filiera.chains import graph_svg
from filiera.chains.selectors import Chain, SupplierRow
from filiera.chains.views.brand_common import supplier_url_maker
from filiera.qualification.charts import GRADE_COLOURS, NO_GRADE_COLOUR

# Above this many suppliers the page draws groups (tier and process) instead of firms.
MAX_NODES = 150
UNDISCLOSED_COLOUR = "#eceff1"
NOT_SHARED_COLOUR = "#cfd8dc"
QUALIFIED = ("qualified", "qualified_with_plan")


def column_titles() -> list[str]:
    return [_("Brand")] + [_("Tier %(n)s") % {"n": n} for n in graph_svg.TIERS]


def _supplier_node(row: SupplierRow, url) -> graph_svg.Node:
    if not row.disclosed:
        return graph_svg.Node(
            row.key, row.tier, _("Undisclosed supplier"), UNDISCLOSED_COLOUR, "undisclosed"
        )
    href = url(row.firm_id)
    if not row.shows_grade:
        label, colour, kind = row.name, NOT_SHARED_COLOUR, "no-grade"
        title = _("%(name)s: grade not shared") % {"name": row.name}
    elif not row.grade:
        label, colour, kind = row.name, NO_GRADE_COLOUR, "not-assessed"
        title = _("%(name)s: not assessed") % {"name": row.name}
    else:
        label, colour, kind = row.name, GRADE_COLOURS.get(row.grade, NO_GRADE_COLOUR), "graded"
        title = _("%(name)s: grade %(grade)s") % {"name": row.name, "grade": row.grade}
    return graph_svg.Node(row.key, row.tier, label, colour, kind, href, title)


def _share_colour(share: float | None) -> str:
    if share is None:
        return NOT_SHARED_COLOUR
    for threshold, colour in ((0.8, "#1b5e20"), (0.6, "#558b2f"), (0.4, "#f9a825")):
        if share >= threshold:
            return colour
    return "#ef6c00" if share >= 0.2 else "#c62828"


def chain_svg(chain: Chain, rows: list[SupplierRow]) -> tuple[str, bool]:
    """The SVG of the shown suppliers, and whether it is the grouped (aggregate) graph."""
    brand = chain.brand
    brand_key = f"b{brand.pk}"
    brand_node = graph_svg.Node(brand_key, 0, brand.legal_name, "#37474f", "brand")
    shown = {row.firm_id: row for row in rows}
    title = _("Supply chain of %(name)s") % {"name": brand.legal_name}
    if len(rows) <= MAX_NODES:
        url = supplier_url_maker(brand.pk)
        nodes = [brand_node] + [_supplier_node(row, url) for row in rows]
        edges = []
        for link in chain.links:
            if link.supplier not in shown:
                continue
            source = brand_key if link.client == brand.pk else f"s{link.client}"
            edges.append(graph_svg.Edge(source, f"s{link.supplier}"))
        desc = _(
            "Each box is a supplier, in the column of its tier, coloured by grade; grey when "
            "the grade is not shared or there is none. Arrows go from a client to its supplier. "
            "The table below lists the same suppliers."
        )
        svg = graph_svg.tiered_svg(
            nodes, edges, title=title, desc=desc, column_titles=column_titles()
        )
        return svg, False
    return _grouped_svg(chain, shown, brand_node, title), True


def _group_of(row: SupplierRow) -> str:
    return f"g{row.tier}-{row.processes[0] if row.processes else ''}"


def _grouped_svg(chain, shown: dict[int, SupplierRow], brand_node, title: str) -> str:
    groups: dict[str, list[SupplierRow]] = {}
    for row in sorted(shown.values(), key=lambda r: (r.tier, r.processes)):
        groups.setdefault(_group_of(row), []).append(row)
    nodes = [brand_node]
    for key, members in groups.items():
        first = members[0]
        process = first.processes[0] if first.processes else ""
        name = chain.process_names.get(process, process) or _("no process given")
        graded = [m for m in members if m.shows_grade and m.grade]
        qualified = sum(1 for m in graded if m.status in QUALIFIED)
        share = qualified / len(graded) if graded else None
        label = f"{name} · {len(members)}"
        tip = _("%(process)s, tier %(tier)s: %(n)s suppliers, %(q)s qualified of %(g)s graded") % {
            "process": name,
            "tier": first.tier,
            "n": len(members),
            "q": qualified,
            "g": len(graded),
        }
        nodes.append(graph_svg.Node(key, first.tier, label, _share_colour(share), "group", "", tip))
    weights: dict[tuple[str, str], int] = {}
    for link in chain.links:
        target_row = shown.get(link.supplier)
        if target_row is None:
            continue
        if link.client == chain.brand.pk:
            source = brand_node.key
        elif link.client in shown:
            source = _group_of(shown[link.client])
        else:
            continue
        pair = (source, _group_of(target_row))
        weights[pair] = weights.get(pair, 0) + 1
    edges = [graph_svg.Edge(s, t, w) for (s, t), w in weights.items()]
    desc = _(
        "The chain is large: each box is a group of suppliers of one tier and process, with "
        "their number, coloured by the share qualified among those sharing a grade. Thicker "
        "arrows carry more relations. The table below lists the suppliers."
    )
    return graph_svg.tiered_svg(
        nodes, edges, title=title, desc=desc, column_titles=column_titles(), chart_id="chain-graph"
    )
