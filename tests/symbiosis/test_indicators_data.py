"""The circularity figures read from the database on a hand-computed world (see
``factories_district``): what counts, over which window, for which district, in how many queries.
"""

from __future__ import annotations

import pytest

from filiera.symbiosis import indicators
from filiera.symbiosis.models import CircularityProfile, Match, SymbiosisPolicy
from tests.conftest import _firm
from tests.symbiosis import factories_district as fixtures
from tests.symbiosis.conftest import make_flow, make_match
from tests.symbiosis.factories_district import recent, scored

heat_a, world = fixtures.heat_a, fixtures.world


def test_carpi_figures(world, carpi, firm_a, firm_b):
    data = indicators.for_district(carpi)
    totals = data.totals
    assert totals.firms == 2 and totals.firms_with_flows == 2
    assert totals.diverted_t == pytest.approx(31.5)  # 30 t cuttings + 1.5 t cones
    assert totals.energy_mwh == 50.0 and totals.water_m3 == 0.0
    # No factor is set for textiles nor plastics: their tonnes are left out, the heat counts.
    assert totals.co2e.uncounted_t == pytest.approx(31.5)
    assert totals.co2e.avoided_t == pytest.approx(50 * 0.202)
    # U = 1.5 t received by A; A needs 2 t, 1.5 covered: M = 0.5; CMU = 1.5 / 2.
    assert totals.circular_use_t == pytest.approx(1.5)
    assert totals.uncovered_needs_t == pytest.approx(0.5)
    assert totals.cmu == pytest.approx(0.75)
    # 123 t offered (120 cuttings + 3 cones); only the cones go to a Carpi firm.
    assert totals.offered_t == pytest.approx(123)
    assert totals.outputs_matched == pytest.approx(3 / 123)
    # Active pairs: A-carder, A-B (the cones are only agreed).
    assert totals.links == 2 and totals.links_per_firm == 1.0


def test_firm_a_figures(world, carpi, firm_a, firm_b):
    data = indicators.for_district(carpi)
    a = data.firms[firm_a.pk]
    assert a.sent_t == 30.0 and a.received_t == pytest.approx(1.5)
    assert a.inflow_share == pytest.approx(0.75) and a.inflow_basis == "declared"
    assert a.outflow_share == pytest.approx(0.25) and a.outflow_basis == "declared"
    assert a.energy_mwh == 50.0
    assert a.exchanges == 2 and a.partners == 2
    assert (a.flows, a.local_flows) == (3, 2)  # the cuttings go to Prato
    b = data.firms[firm_b.pk]
    assert (b.flows, b.local_flows) == (2, 2)
    assert b.sent_t == pytest.approx(1.5) and b.outflow_share == pytest.approx(0.5)


def test_yearly_totals_replace_declared_flows(world, carpi, firm_a):
    CircularityProfile.objects.create(firm=firm_a, material_inflow_t=10, material_outflow_t=None)
    a = indicators.for_district(carpi).firms[firm_a.pk]
    assert a.inflow_share == pytest.approx(0.15) and a.inflow_basis == "profile"
    assert a.outflow_basis == "declared"


def test_prato_sees_what_its_firm_received(world, prato, carder):
    totals = indicators.for_district(prato).totals
    assert totals.diverted_t == 0.0
    assert totals.circular_use_t == 30.0  # the old 50 t are out of the window
    assert totals.uncovered_needs_t == 120.0 and totals.cmu == pytest.approx(0.2)
    assert totals.links == 1


def test_archived_flows_and_declined_matches_do_not_count(world, carpi, firm_a):
    world["need_a"].active = False
    world["need_a"].save()
    totals = indicators.for_district(carpi).totals
    assert totals.uncovered_needs_t == 0.0  # no declared need left
    assert totals.circular_use_t == pytest.approx(1.5)  # what was received still counts
    assert totals.cmu == 1.0
    Match.objects.filter(pk=world["m_cones"].pk).update(status=Match.Status.DECLINED)
    assert indicators.for_district(carpi).totals.outputs_matched == 0.0


def test_an_allocated_suggestion_counts_as_matched(flows, carpi):
    make_match(flows["offer_b"], flows["need_a"], allocated_amount=2.0)
    assert indicators.for_district(carpi).totals.outputs_matched == pytest.approx(3 / 123)


def test_a_plain_suggestion_is_not_matched(flows, carpi):
    make_match(flows["offer_b"], flows["need_a"])
    assert indicators.for_district(carpi).totals.outputs_matched == 0.0


def test_eligibility_reads_policy_and_grade(world, carpi, firm_a, firm_b):
    SymbiosisPolicy.objects.create(
        district=carpi, min_circular_outflow=20, min_grade="C", min_active_exchanges=1
    )
    scored(firm_a, "B")
    data = indicators.for_district(carpi)
    eligible, reasons = data.eligibility(firm_a.pk)
    assert eligible and [r.rule for r in reasons] == ["outflow", "grade", "exchanges"]
    eligible, reasons = data.eligibility(firm_b.pk)
    assert not eligible
    assert {r.rule: r.met for r in reasons} == {"outflow": True, "grade": False, "exchanges": True}


def test_the_transport_factor_comes_from_the_policy(world, carpi, settings):
    settings.SYMBIOSIS_AVOIDED_FACTORS = {"textiles": 2.0}
    SymbiosisPolicy.objects.create(district=carpi, transport_kg_co2e_per_tkm=0.5)
    co2e = indicators.for_district(carpi).totals.co2e
    km = world["m_cut"].distance_km
    assert co2e.gross_t == pytest.approx(30 * 2.0 + 50 * 0.202)
    assert co2e.transport_t == pytest.approx(30 * km * 0.5 / 1000)
    assert co2e.uncounted_t == pytest.approx(1.5)


def test_a_firm_without_district_has_its_own_figures(carder, carder_need, offer_a):
    carder.districts.clear()
    match = make_match(offer_a, carder_need, Match.Status.ACTIVE)
    recent(match, 12)
    data = indicators.for_firm_alone(carder)
    values = data.firms[carder.pk]
    assert values.received_t == 12.0 and values.inflow_share == pytest.approx(12 / 150)
    assert data.positions(carder.pk)[0].percentile is None


def _firms(district, n, start):
    for i in range(n):
        firm = _firm(f"Tessitura {i} S.r.l.", start + i, district)
        offer = make_flow(firm, "offer", "waste", "040222", quantity=10 + i)
        need = make_flow(firm, "need", "secondary_material", "150102", quantity=5)
        match = make_match(offer, need, Match.Status.ACTIVE)
        recent(match, 1 + i)


def test_queries_do_not_grow_with_the_firms(carpi, django_assert_max_num_queries):
    _firms(carpi, 3, 5000)
    with django_assert_max_num_queries(12) as few:
        assert indicators.for_district(carpi).totals.firms == 3
    _firms(carpi, 30, 5100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = indicators.for_district(carpi)
        assert data.totals.firms == 33
        assert len(data.peers) == 33
