"""The chain indicators engine on small graphs with hand-computed values (no database)."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

import pytest

from filiera.chains.indicators import (
    ChainGraph,
    Link,
    Origin,
    Place,
    SupplierFacts,
    chain_suppliers,
    haversine_km,
    indicators,
)

ON = date(2026, 3, 1)
BRAND, A, B, C, D = 1, 10, 20, 30, 40
# Origin at (0, 0); places on the equator: one degree of longitude there is
# 2 * 6371.0088 * asin(sin(0.5°)) = 6371.0088 * π / 180 = 111.195 km.
DEGREE_KM = 6371.0088 * math.pi / 180
ORIGIN = Origin(0.0, 0.0, "IT", "Toscana", frozenset({"100005"}))


def place(site, lon, country="IT", region="Toscana", municipality="100005"):
    return Place(site, 0.0, lon, country, region, municipality)


def shared(firm, overall=None, grade="", qualified=False, expiring_on=None):
    return SupplierFacts(firm, True, overall is not None, grade, overall, qualified, expiring_on)


def run(links, facts=None, places=None, origin=ORIGIN, **options):
    return indicators(BRAND, ChainGraph(links), facts or {}, places or {}, origin, ON, **options)


# Reach -------------------------------------------------------------------------------------


def test_cycle_is_followed_once_and_brand_links_dropped():
    links = [
        Link(BRAND, A, 1, ("x",)),
        Link(A, B, 2, ("y",)),
        Link(B, C, 3, ("z",)),
        Link(C, A, 2, ("x",)),  # the cycle A → B → C → A
        Link(C, BRAND, 1, ("x",)),  # back to the brand: dropped
        Link(D, A, 1, ("x",)),  # not reachable from the brand
    ]
    reached = ChainGraph(links).reachable(BRAND)
    assert reached == links[:4]
    result = run(links)
    assert (result.links, result.suppliers) == (4, 3)
    assert ChainGraph(links).reachable(99) == []


def test_supplier_reached_at_tiers_2_and_3_counts_once_at_tier_2():
    links = [
        Link(BRAND, A, 1, ("cut",)),
        Link(A, C, 2, ("weave",)),
        Link(BRAND, B, 1, ("sew",)),
        Link(B, D, 2, ("weave",)),
        Link(D, C, 3, ("spin",)),
    ]
    assert chain_suppliers(ChainGraph(links).reachable(BRAND))[C] == (
        2,
        frozenset({"weave", "spin"}),
    )
    result = run(links)
    assert result.suppliers == 4
    assert [result.by_tier[t].total for t in (1, 2, 3, 4)] == [2, 2, 0, 0]
    assert result.by_process["spin"].total == 1 and result.by_process["weave"].total == 2


# Counts and grades ---------------------------------------------------------------------------


def test_counts_shares_and_distribution():
    links = [
        Link(BRAND, A, 1, ("sew",)),
        Link(BRAND, B, 1, ("sew",)),
        Link(A, C, 2, ("weave",)),
        Link(A, D, 2, ("weave",)),
    ]
    facts = {
        A: shared(A, 82.0, "A", qualified=True),
        B: shared(B, 9.9, "E"),
        C: shared(C),  # shared, not assessed
        D: SupplierFacts(D, False, True, "A", 99.0, True),  # not shared: the rest ignored
    }
    result = run(links, facts)
    assert result.totals.as_dict() == {
        "total": 4, "not_shared": 1, "assessed": 2, "qualified": 1, "share_qualified": 0.25,
    }  # fmt: skip
    assert result.by_tier[1].share_qualified == 0.5
    assert result.by_tier[3].share_qualified is None
    assert result.by_process["weave"].as_dict()["not_shared"] == 1
    assert result.grades == {
        "A": 1, "B": 0, "C": 0, "D": 0, "E": 1, "not_assessed": 1, "not_shared": 1,
    }  # fmt: skip
    assert result.score_bins == (1, 0, 0, 0, 0, 0, 0, 0, 1, 0)
    assert result.not_assessed == (C,)


def test_missing_facts_mean_not_shared():
    result = run([Link(BRAND, A, 1, ("sew",))])
    assert result.grades["not_shared"] == 1 and result.totals.not_shared == 1
    assert result.not_assessed == ()


def test_score_100_lands_in_the_last_bin():
    result = run([Link(BRAND, A, 1, ("sew",))], {A: shared(A, 100.0, "A")})
    assert result.score_bins[9] == 1


def test_weakest_link_per_process_ties_lowest_firm():
    links = [
        Link(BRAND, B, 1, ("sew", "cut")),
        Link(BRAND, A, 1, ("sew",)),
        Link(BRAND, C, 1, ("cut",)),
        Link(BRAND, D, 1, ("cut",)),
    ]
    facts = {
        B: shared(B, 40.0, "D"),
        A: shared(A, 40.0, "D"),
        C: shared(C, 70.0, "B"),
        D: SupplierFacts(D, False),
    }
    weakest = run(links, facts).as_dict()["weakest"]
    assert weakest == [
        {"process": "cut", "firm": B, "grade": "D", "overall": 40.0},
        {"process": "sew", "firm": A, "grade": "D", "overall": 40.0},
    ]


# Expiry --------------------------------------------------------------------------------------


def test_expiring_boundaries():
    links = [Link(BRAND, f, 1, ("sew",)) for f in (A, B, C, D, 50)]
    facts = {
        A: shared(A, expiring_on=ON + timedelta(days=90)),  # day 90: in
        B: shared(B, expiring_on=ON + timedelta(days=91)),  # day 91: out
        C: shared(C, 60.0, "C", expiring_on=ON - timedelta(days=1)),  # expired
        D: SupplierFacts(D, False, expiring_on=ON),  # not shared: not told
        50: shared(50, expiring_on=ON),  # today: not yet expired
    }
    result = run(links, facts)
    assert [(e.firm, e.on, e.expired) for e in result.expiring] == [
        (C, ON - timedelta(days=1), True),
        (50, ON, False),
        (A, ON + timedelta(days=90), False),
    ]
    assert len(run(links, facts, horizon_days=91).expiring) == 4


# Traceability and distances ------------------------------------------------------------------


def test_traceability_steps_and_missing_site():
    links = [
        Link(BRAND, A, 1, ("sew", "cut"), 100),  # two steps, located
        Link(A, B, 2, (), 200),  # one step (process ""), site unknown to places
        Link(A, C, 2, ("weave",), None),  # no site
    ]
    result = run(links, places={100: place(100, 0.0)})
    assert (result.traceability.steps, result.traceability.located) == (4, 2)
    assert result.traceability.share == 0.5
    assert result.traceability_by_tier[1].share == 1.0
    assert result.traceability_by_tier[2].share == 0.0
    assert result.traceability_by_tier[3].share is None
    assert (result.short_chain.located_steps, result.short_chain.unlocated_steps) == (2, 2)


def test_haversine_by_hand():
    # Two points on the equator one degree apart: 111.195 km (see DEGREE_KM).
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.001)
    # Quarter of a meridian: π/2 · R = 10,007.557 km.
    assert haversine_km(0, 0, 90, 0) == pytest.approx(10007.557, abs=0.001)


def test_short_chain_index_distances_and_cumulative_shares():
    places = {
        1: place(1, 0.0),  # at the origin, in the district: d = 0
        2: place(2, 1.0, region="Toscana", municipality="048017"),  # region, 111.195 km
        3: place(3, 2.0, region="Lombardia", municipality="015146"),  # Italy, 222.390 km
        4: place(4, 3.0, country="FR", region="", municipality=""),  # EU, 333.585 km
        5: place(5, 4.0, country="TN", region="", municipality=""),  # outside, 444.780 km
    }
    links = [Link(BRAND, 100 + s, 1, ("sew",), s) for s in places]
    result = run(links, places=places).short_chain
    # 1 + 1/2.11195 + 1/3.22390 + 1/4.33585 + 1/5.44780 = 2.19787 → 100 · 2.19787 / 5 = 44.0
    closeness = sum(1 / (1 + k * DEGREE_KM / 100) for k in range(5))
    assert result.index == round(100 * closeness / 5, 1) == 44.0
    assert result.mean_km == round(2 * DEGREE_KM, 1) == 222.4
    assert result.median_km == 222.4
    assert result.shares == {
        "district": 0.2, "region": 0.4, "italy": 0.6, "eu": 0.8, "outside_eu": 0.2,
    }  # fmt: skip


def test_process_weights():
    places = {1: place(1, 0.0), 2: place(2, 1.0, municipality="048017")}
    links = [Link(BRAND, A, 1, ("sew",), 1), Link(BRAND, B, 1, ("dye",), 2)]
    result = run(links, places=places, process_weights={"dye": 3.0}).short_chain
    # Σw = 1 + 3; index = 100 · (1·1 + 3·1/(1 + 1.11195)) / 4 = 60.5.
    assert result.index == round(100 * (1 + 3 / (1 + DEGREE_KM / 100)) / 4, 1) == 60.5
    assert result.mean_km == round(3 * DEGREE_KM / 4, 1) == 83.4
    assert result.median_km == round(DEGREE_KM / 2, 1)  # plain median of 0 and 111.195
    assert result.shares["district"] == 0.25


def test_without_origin_no_index_nor_shares():
    links = [Link(BRAND, A, 1, ("sew",), 1)]
    result = run(links, places={1: place(1, 1.0)}, origin=None).short_chain
    assert (result.index, result.mean_km, result.shares) == (None, None, None)
    assert result.located_steps == 1


def test_as_dict_is_json_with_string_keys_and_deterministic():
    links = [
        Link(BRAND, B, 1, ("sew",), 1),
        Link(BRAND, A, 1, ("cut",), None),
    ]
    facts = {A: shared(A, expiring_on=ON), B: shared(B, 50.0, "C", True)}
    first = run(links, facts, {1: place(1, 0.5)}).as_dict()
    again = run(list(reversed(links)), facts, {1: place(1, 0.5)}).as_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert list(first["by_tier"]) == ["1", "2", "3", "4"]
    assert first["expiring"] == [{"firm": A, "on": "2026-03-01", "expired": False}]
    json.dumps(first)


def test_consent_view_matches_plain_facts():
    from filiera.chains.indicators import ConsentView

    links = [Link(BRAND, f, 1, ("sew",)) for f in (A, B, C)]
    everything = {A: shared(A, 70.0, "B", True), B: shared(B, 30.0, "E")}
    view = ConsentView(everything, {A, C})  # C shares, without facts: not assessed
    plain = {A: everything[A], B: SupplierFacts(B, False), C: shared(C)}
    assert run(links, view).as_dict() == run(links, plain).as_dict()
    assert view.get(B) is None and view[C] == shared(C) and len(view) == 2


def test_reachable_from_any_brand_walks_the_union_once():
    links = [Link(BRAND, A, 1), Link(2, A, 1), Link(A, B, 2), Link(B, A, 2), Link(C, D, 1)]
    graph = ChainGraph(links)
    assert graph.reachable_from_any([BRAND, 2]) == links[:4]
    assert graph.clients() == [BRAND, 2, A, B, C]
