"""The circularity API answers the pages' figures: a firm's indicators with eligibility and
positions, a district's indicators, the allocation's picks and the eligibility list (the
hand-computed world of ``tests/symbiosis/factories_district``)."""

from __future__ import annotations

import pytest

from filiera.symbiosis.models import SymbiosisPolicy
from tests.symbiosis import conftest as symbiosis_fixtures
from tests.symbiosis import factories_district as district_fixtures
from tests.symbiosis.conftest import make_match
from tests.symbiosis.factories_district import scored

carder, carder_need = symbiosis_fixtures.carder, symbiosis_fixtures.carder_need
offer_a, need_a = symbiosis_fixtures.offer_a, symbiosis_fixtures.need_a
offer_b, need_b = symbiosis_fixtures.offer_b, symbiosis_fixtures.need_b
flows = symbiosis_fixtures.flows
heat_a, world = district_fixtures.heat_a, district_fixtures.world


def test_firm_indicators(api_for, world, carpi, firm_a):
    SymbiosisPolicy.objects.create(district=carpi, min_circular_outflow=30, min_grade="C")
    scored(firm_a, "B")
    body = api_for("owner_a").get(f"/firms/{firm_a.pk}/symbiosis/indicators").json()
    figures = body["indicators"]
    assert figures["inflow_share"] == 75.0 and figures["inflow_basis"] == "declared"
    assert figures["outflow_share"] == 25.0
    assert figures["diverted_t"] == 30.0 and figures["received_t"] == 1.5
    assert figures["energy_mwh"] == 50.0
    assert figures["co2e"]["uncounted_t"] == 30.0
    assert (figures["exchanges"], figures["partners"]) == (2, 2)
    (district,) = body["districts"]
    assert district["slug"] == "carpi" and district["rules_set"] is True
    assert district["eligible"] is False
    assert [(r["rule"], r["met"], r["value"]) for r in district["reasons"]] == [
        ("outflow", False, 25.0),
        ("grade", True, "B"),
    ]
    assert district["reasons"][0]["text"]
    positions = {p["measure"]: p for p in district["positions"]}
    assert positions["circular_performance"]["value"] == 50.0  # (75 + 25) / 2
    assert positions["circular_performance"]["percentile"] is None  # 2 firms only
    assert positions["territorial_integration"]["value"] == pytest.approx(66.7)


def test_firm_without_rules_has_no_eligibility(api_for, firm_a):
    (district,) = (
        api_for("owner_a").get(f"/firms/{firm_a.pk}/symbiosis/indicators").json()["districts"]
    )
    assert district["rules_set"] is False and district["eligible"] is None
    assert district["reasons"] == []


def test_district_indicators(api_for, world, carpi):
    SymbiosisPolicy.objects.create(district=carpi, min_circular_outflow=30)
    body = api_for("verifier").get("/districts/carpi/symbiosis/indicators").json()
    figures = body["indicators"]
    assert figures["diverted_t"] == 31.5 and figures["cmu"] == 75.0
    assert figures["circular_use_t"] == 1.5 and figures["uncovered_needs_t"] == 0.5
    assert figures["outputs_matched"] == 2.4 and figures["links"] == 2
    assert figures["co2e"]["avoided_t"] == pytest.approx(10.1)
    assert body["rules"]["min_circular_outflow"] == 30 and body["eligible_firms"] == 1


def test_district_without_rules(api_for, carpi):
    body = api_for("manager").get("/districts/carpi/symbiosis/indicators").json()
    assert body["rules"] is None and body["eligible_firms"] is None
    assert body["indicators"]["cmu"] is None


def test_allocation_picks_are_paged(api_for, flows):
    first = make_match(flows["offer_b"], flows["need_a"], allocated_amount=2.0)
    second = make_match(flows["offer_a"], flows["carder_need"], allocated_amount=120.0)
    make_match(flows["offer_a"], flows["need_a"])  # not picked
    client = api_for("manager")
    page = client.get("/districts/carpi/symbiosis/allocation", limit=1).json()
    assert page["picked"] == 2 and page["picked_t"] == 122.0
    assert [item["match"] for item in page["items"]] == [first.pk]
    item = page["items"][0]
    assert item["offer"]["firm"]["legal_name"] == "Ricamificio Beta S.n.c."
    assert item["offer"]["ewc"] == "15 01 02" and item["allocated_t"] == 2.0
    rest = client.get(
        "/districts/carpi/symbiosis/allocation", limit=1, cursor=page["next_cursor"]
    ).json()
    assert [item["match"] for item in rest["items"]] == [second.pk]
    assert rest["next_cursor"] is None


def test_eligibility_list(api_for, world, carpi, firm_a, firm_b):
    SymbiosisPolicy.objects.create(district=carpi, min_circular_outflow=30)
    client = api_for("manager")
    body = client.get("/districts/carpi/symbiosis/eligibility").json()
    by_firm = {item["firm"]["id"]: item for item in body["items"]}
    assert by_firm[firm_a.pk]["eligible"] is False and by_firm[firm_b.pk]["eligible"] is True
    assert by_firm[firm_b.pk]["reasons"][0]["value"] == 50.0
    only = client.get("/districts/carpi/symbiosis/eligibility", eligible="true").json()
    assert [item["firm"]["id"] for item in only["items"]] == [firm_b.pk]
    first = client.get("/districts/carpi/symbiosis/eligibility", limit=1).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(
        "/districts/carpi/symbiosis/eligibility", limit=1, cursor=first["next_cursor"]
    ).json()
    assert second["items"][0]["firm"]["id"] != first["items"][0]["firm"]["id"]
    assert second["next_cursor"] is None
    bad = client.get("/districts/carpi/symbiosis/eligibility", cursor="!!")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "cursor"]
