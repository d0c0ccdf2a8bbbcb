"""Shared fixtures of the brand-side chain pages, and the tiered graph drawn on its own.

Scene: brand_c ← firm_a (tier 1, shares its grade with brand_c; has an official score) ←
firm_b (tier 2, shares with firm_a only: undisclosed to brand_c)."""

from __future__ import annotations

from datetime import date

import pytest

from filiera.chains import graph_svg
from filiera.chains.indicators import ChainGraph, Link
from filiera.chains.models import Consent, Level
from filiera.chains.selectors import Chain, SupplierRow
from filiera.chains.views import brand_graph
from filiera.registry.models import DistrictMembership, Firm, FirmMembership

# Expected answer of each persona on brand_c's chain pages (brand_c is in Prato).
EXPECTED = {
    "admin": 200,
    "brand_owner": 200,
    "manager": 404,  # Carpi staff: brand_c is not theirs
    "verifier": 404,
    "prato_manager": 403,  # sees the firm, never its chain
    "owner_a": 404,
    "editor_a": 404,
    "viewer_a": 404,
    "owner_b": 404,
    "outsider": 404,
    "brand_y_owner": 404,
}


@pytest.fixture
def scene(chain, submitted_a, brand_c, firm_a, firm_b):
    """The chain with firm_a's official score in place."""
    return {"brand": brand_c, "a": firm_a, "b": firm_b, "assessment": submitted_a}


@pytest.fixture
def brand_members(make_user, brand_c):
    users = {}
    for role in ("editor", "viewer"):
        user = make_user(f"brand_{role}")
        FirmMembership.objects.create(user=user, firm=brand_c, role=role)
        users[role] = user
    return users


@pytest.fixture
def prato_verifier(make_user, prato):
    user = make_user("prato_verifier")
    DistrictMembership.objects.create(user=user, district=prato, role="verifier")
    return user


def share(supplier, client, level=Level.GRADE, **flags):
    Consent.objects.update_or_create(
        supplier=supplier, client=client, defaults={"level": level, **flags}
    )


def persona_statuses(request, client_for, url, method="get"):
    """The status code of ``url`` for every persona, and anonymous."""
    found = {}
    for name in EXPECTED:
        user = request.getfixturevalue(name)
        found[name] = getattr(client_for(user), method)(url).status_code
    return found


# The graph on its own --------------------------------------------------------------------


def test_graph_draws_cycles_and_same_tier_edges_once():
    nodes = [
        graph_svg.Node("b", 0, "Brand", "#37474f", "brand"),
        graph_svg.Node("s1", 1, "Alfa", "#1b5e20"),
        graph_svg.Node("s2", 2, "Beta <x>", "#9e9e9e", "not-assessed"),
    ]
    edges = [
        graph_svg.Edge("b", "s1"),
        graph_svg.Edge("s1", "s2"),
        graph_svg.Edge("s2", "s1"),  # a cycle
        graph_svg.Edge("s2", "s1"),  # twice: drawn once
        graph_svg.Edge("s2", "missing"),
    ]
    svg = graph_svg.tiered_svg(nodes, edges, title="T", desc="D", column_titles=["Brand", "1", "2"])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="edge"') == 2
    assert svg.count('class="edge back"') == 1
    assert "Beta &lt;x&gt;" in svg and "<x>" not in svg
    assert graph_svg.tiered_svg([], [], title="", desc="", column_titles=[]) == ""


def _fake_chain(n: int) -> tuple[Chain, list[SupplierRow]]:
    brand = Firm(pk=1, legal_name="Brand")
    links = [Link(1, 100 + i, 1 + i % 4, (f"P{i % 3}",), None) for i in range(n)]
    rows = {}
    for i in range(n):
        row = SupplierRow(100 + i, 1 + i % 4, (f"P{i % 3}",), name="" if i % 2 else f"S{i}")
        row.level = Level.GRADE if i % 2 == 0 else Level.NONE
        row.grade, row.status = ("B", "qualified") if i % 4 == 0 else ("", "")
        rows[row.firm_id] = row
    chain = Chain(brand, date(2026, 1, 1), links, rows, None, {"P0": "Zero"})
    return chain, list(rows.values())


def test_big_chain_is_grouped_by_tier_and_process(db):
    chain, rows = _fake_chain(brand_graph.MAX_NODES + 50)
    svg, grouped = brand_graph.chain_svg(chain, rows)
    assert grouped
    assert 'class="node node-group"' in svg
    assert "S0" not in svg  # no single firm in the grouped graph
    assert svg.count('class="node node-group"') == 12  # 4 tiers x 3 processes
    small, grouped_small = brand_graph.chain_svg(chain, rows[:10])
    assert not grouped_small and ">S0<" in small


def test_chain_graph_reachable_ends_on_cycles():
    graph = ChainGraph([Link(1, 2, 1), Link(2, 3, 2), Link(3, 2, 2), Link(3, 1, 3)])
    assert [(link.client, link.supplier) for link in graph.reachable(1)] == [
        (1, 2),
        (2, 3),
        (3, 2),
    ]
