"""The circularity formulas on hand-computed flows (plain engine, no database).

Firms 1 (knitting), 2 (carding) and 4 (a dyehouse giving heat) are in the district; firm 3 (a
ceramics plant) is not. Realised in the window:
- e1: 1 -> 2, knitting cuttings 04 02 22 (textiles), 30 t over 100 km;
- e2: 1 -> 3, plastic cones 15 01 02 (plastics, no factor set), 2 t over 50 km;
- e3: 4 -> 1, waste heat, 100 MWh;
- e4: 2 -> 4, process water, 500 m3.
Factors: textiles 2 t CO2e/t, energy 0.2 t CO2e/MWh, transport 0.1 kg CO2e per t·km.
"""

from __future__ import annotations

import pytest

from filiera.symbiosis.engine import avoided
from filiera.symbiosis.engine.indicators import (
    Co2e,
    Exchange,
    FirmInput,
    Link,
    Settings,
    Thresholds,
    all_firm_indicators,
    co2e_of,
    district_indicators,
    eligibility,
    firm_indicators,
    positioning,
)

SETTINGS = Settings({"textiles": 2.0, "plastics": None, "energy": 0.2}, kg_co2e_per_tkm=0.1)
E1 = Exchange(10, 1, 2, "waste", "040222", "t", 30.0, 100.0, need_id=20, need_amount_year=150.0)
E2 = Exchange(11, 1, 3, "by_product", "150102", "t", 2.0, 50.0, need_id=21, need_amount_year=5.0)
E3 = Exchange(12, 4, 1, "energy", "", "MWh", 100.0, 1.0, need_id=22)
E4 = Exchange(13, 2, 4, "water", "", "m3", 500.0, 3.0, need_id=23)
EXCHANGES = [E1, E2, E3, E4]
LINKS = [Link(1, 2), Link(1, 2), Link(1, 3), Link(4, 1)]
FIRM_1 = FirmInput(1, offers_t=120.0, flows=2, local_flows=1, grade="B")
FIRM_2 = FirmInput(2, needs_t=150.0, inflow_t=300.0, flows=1, local_flows=1)
FIRM_4 = FirmInput(4, flows=1)


def test_co2e_of_one_exchange():
    # 30 t x 2 = 60 t avoided; transport 30 t x 100 km x 0.1 kg = 300 kg = 0.3 t.
    assert co2e_of(E1, SETTINGS) == pytest.approx(Co2e(59.7, 60.0, 0.3, 0.0))
    assert co2e_of(E2, SETTINGS) == Co2e(uncounted_t=2.0)  # plastics: no factor
    assert co2e_of(E3, SETTINGS) == pytest.approx(Co2e(20.0, 20.0))  # 100 MWh x 0.2, no transport
    assert co2e_of(E4, SETTINGS) == Co2e()  # water: no CO2e


def test_sender_indicators():
    values = firm_indicators(FIRM_1, EXCHANGES, LINKS, SETTINGS)
    assert values.sent_t == values.diverted_t == 32.0
    assert values.received_t == 0.0  # the heat it received is not material
    assert values.outflow_share == pytest.approx(32 / 120)
    assert values.outflow_basis == "declared"
    assert values.inflow_share is None and values.inflow_basis == ""
    assert values.co2e == pytest.approx(Co2e(59.7, 60.0, 0.3, 2.0))
    assert values.energy_mwh == 100.0 and values.water_m3 == 0.0
    assert values.exchanges == 4 and values.partners == 3
    assert values.circular_performance == pytest.approx(100 * 32 / 120)
    assert values.territorial_integration == 50.0
    assert values.industrial_symbiosis == 3.0


def test_receiver_indicators_use_the_yearly_totals():
    values = firm_indicators(FIRM_2, EXCHANGES, LINKS, SETTINGS)
    assert values.received_t == 30.0
    assert values.inflow_share == pytest.approx(0.1)  # 30 t over its 300 t a year, not 150
    assert values.inflow_basis == "profile"
    assert values.outflow_share is None
    assert values.water_m3 == 500.0
    assert values.co2e == Co2e()
    assert values.exchanges == 2 and values.partners == 1


def test_shares_are_capped_at_one():
    firm = FirmInput(1, offers_t=10.0)
    assert firm_indicators(firm, [E1], [], SETTINGS).outflow_share == 1.0


def test_all_firm_indicators_equal_one_by_one():
    many = all_firm_indicators([FIRM_1, FIRM_2, FIRM_4], EXCHANGES, LINKS, SETTINGS)
    for firm in (FIRM_1, FIRM_2, FIRM_4):
        assert many[firm.firm_id] == firm_indicators(firm, EXCHANGES, LINKS, SETTINGS)


def test_district_indicators():
    totals = district_indicators(
        [FIRM_1, FIRM_2, FIRM_4], EXCHANGES, LINKS, SETTINGS, matched_offered_t=90.0
    )
    assert totals.firms == 3 and totals.firms_with_flows == 3
    assert totals.diverted_t == 32.0  # e1 + e2: sent by a member, wherever it goes
    assert totals.co2e == pytest.approx(Co2e(79.7, 80.0, 0.3, 2.0))  # e1 + e3, e2 uncounted
    assert totals.water_m3 == 500.0 and totals.energy_mwh == 100.0
    assert totals.exchanges == 4
    # U = 30 t received by firm 2; M = 150 t needed - 30 t covered = 120 t; CMU = 30 / 150.
    assert totals.circular_use_t == 30.0
    assert totals.uncovered_needs_t == 120.0
    assert totals.cmu == pytest.approx(0.2)
    assert totals.offered_t == 120.0 and totals.outputs_matched == pytest.approx(0.75)
    # Pairs {1,2}, {1,3}, {1,4}: 3 links over 3 firms with flows.
    assert totals.links == 3 and totals.links_per_firm == 1.0


def test_covered_needs_stop_at_what_was_declared():
    big = Exchange(14, 1, 2, "waste", "040222", "t", 200.0, 10.0, need_id=20, need_amount_year=150)
    totals = district_indicators([FIRM_1, FIRM_2], [big], [], SETTINGS)
    assert totals.uncovered_needs_t == 0.0
    assert totals.cmu == 1.0  # 200 / (0 + 200)


def test_an_empty_district_has_no_shares():
    totals = district_indicators([FirmInput(1)], [], [], SETTINGS)
    assert totals.cmu is None and totals.outputs_matched is None
    assert totals.links_per_firm is None and totals.diverted_t == 0.0


RULES = Thresholds(min_inflow_pct=10, min_outflow_pct=25, min_grade="C", min_exchanges=2)


def test_eligibility_with_reasons():
    values = all_firm_indicators([FIRM_1, FIRM_2], EXCHANGES, LINKS, SETTINGS)
    eligible, reasons = eligibility(values[1], RULES)
    assert not eligible
    assert [(r.rule, r.met, r.value) for r in reasons] == [
        ("inflow", False, None),  # no materials needed: not known, which fails
        ("outflow", True, 26.7),
        ("grade", True, "B"),
        ("exchanges", True, 4),
    ]
    eligible, reasons = eligibility(values[2], RULES)
    assert not eligible
    assert [(r.rule, r.met) for r in reasons] == [
        ("inflow", True),  # exactly 10 %
        ("outflow", False),
        ("grade", False),  # no grade yet
        ("exchanges", True),
    ]
    eligible, reasons = eligibility(values[1], Thresholds(min_grade="B", min_exchanges=5))
    assert not eligible
    assert [(r.rule, r.met, r.threshold) for r in reasons] == [
        ("grade", True, "B"),  # B is B or better
        ("exchanges", False, 5),
    ]
    assert eligibility(values[1], Thresholds(min_grade="A"))[0] is False


def test_without_rules_every_firm_is_eligible():
    values = firm_indicators(FirmInput(9), [], [], SETTINGS)
    assert eligibility(values, Thresholds()) == (True, [])
    assert not Thresholds().any and Thresholds(min_grade="E").any


def _peers(shares: list[float]) -> dict:
    """Firms 1..n offering 100 t each and sending ``share`` of it to firm 99 (outside)."""
    firms = [
        FirmInput(i, offers_t=100.0, flows=4, local_flows=i % 5) for i in range(1, len(shares) + 1)
    ]
    sent = [
        Exchange(100 + i, i, 99, "waste", "040222", "t", 100 * share, 10.0)
        for i, share in enumerate(shares, start=1)
    ]
    links = [Link(i, 99) for i in range(1, len(shares) + 1) for _ in range(i)]
    return all_firm_indicators(firms, sent, links, SETTINGS)


def test_positioning_against_five_peers():
    peers = _peers([0.1, 0.2, 0.3, 0.4, 0.5])
    positions = {p.measure: p for p in positioning(3, peers)}
    circular = positions["circular_performance"]
    assert circular.value == pytest.approx(30.0)
    assert circular.percentile == 50.0  # 2 below, itself half: 2.5 / 5
    assert circular.median == 30.0 and circular.cohort == 5
    territorial = positions["territorial_integration"]
    assert territorial.value == 75.0  # 3 of 4 flows matched locally
    # Peers at 25, 50, 75, 100 and 0 %: 3 below, itself half: 3.5 / 5.
    assert territorial.percentile == 70.0
    symbiosis = positions["industrial_symbiosis"]
    assert symbiosis.value == 1.0  # every firm has the one partner 99
    assert symbiosis.percentile == 50.0  # five ties


def test_no_position_below_five_peers():
    peers = _peers([0.1, 0.2, 0.3, 0.4])
    for position in positioning(2, peers):
        assert position.percentile is None and position.median is None
        assert position.cohort == 4


def test_peers_without_a_value_are_left_out_of_the_cohort():
    peers = _peers([0.1, 0.2, 0.3, 0.4, 0.5])
    peers[6] = firm_indicators(FirmInput(6, flows=1), [], [], SETTINGS)  # no materials at all
    position = positioning(6, peers)[0]
    assert position.value is None and position.percentile is None and position.cohort == 5


def test_material_groups_by_longest_code_prefix():
    assert avoided.group_of("waste", "040222") == "textiles"
    assert avoided.group_of("waste", "040220") == "sludges"  # not textiles, though in 04 02
    assert avoided.group_of("by_product", "150101") == "paper"
    assert avoided.group_of("secondary_material", "") == "other"
    assert avoided.group_of("energy", "") == "energy"
    assert avoided.group_of("water", "") is None


def test_factors_from_the_table_and_overrides():
    table = avoided.factors()
    assert table["energy"] == pytest.approx(0.202)
    assert table["textiles"] is None  # not set: no public figure chosen
    mine = avoided.factors({"textiles": "3.5", "energy": None, "unknown": 1})
    assert mine["textiles"] == 3.5 and mine["energy"] is None and "unknown" not in mine
    assert {g.key for g in avoided.groups()} >= {"textiles", "paper", "plastics", "other"}
