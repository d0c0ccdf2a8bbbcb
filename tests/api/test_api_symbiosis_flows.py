"""The symbiosis API: a firm's flows (list, add, read, change, archive), its suggestions with the
parts of their score and no other firm named before both accept, and EWC code suggestions."""

from __future__ import annotations

import json

import pytest

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Flow, Match
from tests.symbiosis import conftest as symbiosis_fixtures
from tests.symbiosis.conftest import make_flow, make_match

# The symbiosis fixtures, used here too.
carder, carder_owner = symbiosis_fixtures.carder, symbiosis_fixtures.carder_owner
offer_a, need_a = symbiosis_fixtures.offer_a, symbiosis_fixtures.need_a
offer_b, carder_need = symbiosis_fixtures.offer_b, symbiosis_fixtures.carder_need
suggestion, exchange = symbiosis_fixtures.suggestion, symbiosis_fixtures.exchange

CUTTINGS = {
    "ref": "A-CUT-2",
    "direction": "offer",
    "kind": "waste",
    "ewc": "04 02 22",
    "description": "Ritagli di maglieria in lana",
    "description_en": "Wool knitting cuttings",
    "quantity": 10,
    "unit": "t",
    "period": "month",
    "attributes": {"fibre": "wool", "coated": False, "elastane_pct": 2},
    "available_from": "2025-01-01",
    "max_distance_km": 120,
}


def locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


@pytest.fixture
def owner(api_for):
    return api_for("owner_a")


# Flows ---------------------------------------------------------------------------------------


def test_a_flow_is_added_with_the_flow_rules(owner, owner_a, firm_a):
    response = owner.post(f"/firms/{firm_a.pk}/flows", CUTTINGS)
    assert response.status_code == 201, response.content
    body = response.json()
    site = firm_a.sites.get()
    assert body["site"] == site.facility_id and body["site_name"] == site.name
    assert (body["ewc"], body["hazardous"], body["legal_status"]) == ("04 02 22", False, "waste")
    assert (body["quantity"], body["amount_year"], body["base_unit"]) == (10.0, 120.0, "t")
    assert body["attributes"] == {"fibre": "wool", "coated": False, "elastane_pct": 2.0}
    assert (body["available_from"], body["available_until"]) == ("2025-01-01", None)
    assert body["active"] and body["firm"] == firm_a.pk
    flow = Flow.objects.get(pk=body["id"])
    assert (flow.created_by, flow.lat, flow.ewc) == (owner_a, site.lat, "040222")
    assert AuditEvent.objects.filter(action="create", object_id=str(flow.pk)).exists()


def test_a_need_with_its_authorised_codes_and_the_site_by_facility_id(owner, firm_a):
    site = firm_a.sites.get()
    need = {
        "site": site.facility_id.lower(),
        "direction": "need",
        "kind": "waste",
        "ewc": "150102",
        "description": "Coni usati",
        "quantity": "2.5",
        "unit": "t",
        "accepted_ewc": ["15 01 02", "150101"],
        "accepts_hazardous": True,
    }
    body = owner.post(f"/firms/{firm_a.pk}/flows", need).json()
    assert body["accepted_ewc"] == ["15 01 02", "15 01 01"] and body["accepts_hazardous"]
    assert (body["quantity"], body["period"], body["max_distance_km"]) == (2.5, "year", 50)


def test_bad_values_are_named_with_the_pages_messages(api_for, owner, firm_a, firm_b):
    bad = dict(
        CUTTINGS,
        ewc="04 02 23",
        unit="MWh",
        available_until="2024-12-31",
        attributes={"coated": "maybe"},
    )
    response = owner.post(f"/firms/{firm_a.pk}/flows", bad)
    assert sorted(locs(response)) == sorted(
        [["body", "ewc"], ["body", "unit"], ["body", "available_until"], ["body", "attributes"]]
    )
    messages = {item["loc"][1]: item["msg"] for item in response.json()["detail"]}
    assert "04 02 23" in messages["ewc"]
    other_site = firm_b.sites.get().facility_id
    response = owner.post(f"/firms/{firm_a.pk}/flows", dict(CUTTINGS, site=other_site))
    assert locs(response) == [["body", "site"]]
    missing = {k: v for k, v in CUTTINGS.items() if k not in ("kind", "quantity")}
    assert sorted(locs(owner.post(f"/firms/{firm_a.pk}/flows", missing))) == [
        ["body", "kind"],
        ["body", "quantity"],
    ]
    assert not Flow.objects.exists()
    italian = api_for("owner_a")
    italian.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "it"
    response = italian.post(f"/firms/{firm_a.pk}/flows", dict(CUTTINGS, direction="give"))
    assert locs(response) == [["body", "direction"]]


def test_a_ref_is_once_per_firm(owner, firm_a):
    assert owner.post(f"/firms/{firm_a.pk}/flows", CUTTINGS).status_code == 201
    response = owner.post(f"/firms/{firm_a.pk}/flows", CUTTINGS)
    assert locs(response) == [["body", "ref"]]
    assert Flow.objects.count() == 1


def test_list_and_filter_a_firms_flows_a_page_at_a_time(owner, firm_a, offer_a, need_a):
    archived = make_flow(firm_a, "offer", "water", "", "Acqua di processo", 500, "m3", active=False)
    body = owner.get(f"/firms/{firm_a.pk}/flows").json()
    assert [f["id"] for f in body["items"]] == [offer_a.pk, need_a.pk]
    assert body["next_cursor"] is None
    assert [
        f["ref"] for f in owner.get(f"/firms/{firm_a.pk}/flows", direction="need").json()["items"]
    ] == ["A-CONES"]
    assert owner.get(f"/firms/{firm_a.pk}/flows", kind="energy").json()["items"] == []
    body = owner.get(f"/firms/{firm_a.pk}/flows", archived="true").json()
    assert [f["id"] for f in body["items"]] == [archived.pk]
    first = owner.get(f"/firms/{firm_a.pk}/flows", limit=1).json()
    second = owner.get(f"/firms/{firm_a.pk}/flows", limit=1, cursor=first["next_cursor"]).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [offer_a.pk, need_a.pk]
    assert second["next_cursor"] is None


def test_change_a_flow_keeps_what_is_not_sent(owner, offer_a):
    response = owner.patch(f"/flows/{offer_a.pk}", {"quantity": 60, "period": "year"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["quantity"], body["amount_year"]) == (60.0, 60.0)
    assert body["description"] == offer_a.description and body["ewc"] == "04 02 22"
    assert body["attributes"] == offer_a.attributes
    event = AuditEvent.objects.get(action="update", object_id=str(offer_a.pk))
    assert event.changes["quantity"] == ["120.000", "60.000"]
    response = owner.patch(f"/flows/{offer_a.pk}", {"ewc": None, "quantity": -1})
    assert sorted(locs(response)) == [["body", "ewc"], ["body", "quantity"]]
    offer_a.refresh_from_db()
    assert (offer_a.ewc, offer_a.quantity) == ("040222", 60)


def test_archive_and_restore_a_flow(owner, offer_a, suggestion):
    response = owner.post(f"/flows/{offer_a.pk}/archive", {})
    assert response.status_code == 200 and response.json()["active"] is False
    assert not Match.objects.filter(pk=suggestion.pk).exists()
    assert owner.get(f"/flows/{offer_a.pk}").json()["active"] is False
    response = owner.post(f"/flows/{offer_a.pk}/restore", {})
    assert response.json()["active"] is True


def test_a_flow_of_another_firm_looks_missing(api_for, offer_a, carder_need):
    client = api_for("owner_a")
    hidden = client.get(f"/flows/{carder_need.pk}")
    absent = client.get("/flows/999999")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()
    assert client.get("/flows/0").status_code == 404
    assert client.get(f"/flows/{2**70}").status_code in (404, 422)


# Suggestions ---------------------------------------------------------------------------------


def test_a_suggestion_names_no_firm_before_both_accept(
    api_for, firm_a, carder, suggestion, carder_owner
):
    response = api_for("owner_a").get(f"/firms/{firm_a.pk}/suggestions")
    assert response.status_code == 200, response.content
    (item,) = response.json()["items"]
    assert (item["id"], item["side"], item["status"]) == (suggestion.pk, "offer", "suggested")
    assert item["flow_ref"] == "A-CUT" and item["counterpart"] is None
    assert not item["identities_shared"]
    other = item["other_flow"]
    assert (other["province"], other["ewc"], other["kind"]) == ("PO", "04 02 22", "waste")
    assert set(item["components"]) == {"code", "material", "text", "quantity", "time", "distance"}
    assert [r["name"] for r in item["reasons"]][:1] and all(
        0 <= r["weight"] <= 1 for r in item["reasons"]
    )
    text = response.content.decode()
    for secret in (carder.legal_name, carder.vat, carder.sites.get().name, "cardatura", "Carla"):
        assert secret.lower() not in text.lower(), secret
    # The receiver's side: firm A is not named either, even once it shows interest.
    Match.objects.filter(pk=suggestion.pk).update(
        status="interest", offer_interest_at="2025-01-01T00:00Z"
    )
    response = api_for("carder_owner").get(f"/firms/{carder.pk}/suggestions")
    (item,) = response.json()["items"]
    assert (item["side"], item["interest_theirs"], item["interest_mine"]) == ("need", True, False)
    assert item["counterpart"] is None
    text = response.content.decode()
    for secret in (firm_a.legal_name, firm_a.vat, "Maglificio", "owner_a@"):
        assert secret not in text, secret


def test_once_both_accept_each_sees_the_other(api_for, firm_a, carder, exchange, carder_owner):
    (item,) = api_for("owner_a").get(f"/firms/{firm_a.pk}/suggestions").json()["items"]
    assert item["identities_shared"] and item["counterpart"]["name"] == carder.legal_name
    assert item["counterpart"]["people"][0]["email"] == "carder_owner@example.test"
    (item,) = api_for("carder_owner").get(f"/firms/{carder.pk}/suggestions").json()["items"]
    assert item["counterpart"]["name"] == firm_a.legal_name


def test_district_staff_facilitate_with_names(api_for, firm_a, carder, suggestion):
    (item,) = api_for("manager").get(f"/firms/{firm_a.pk}/suggestions").json()["items"]
    assert not item["identities_shared"] and item["counterpart"]["name"] == carder.legal_name


def test_suggestions_by_status_a_page_at_a_time(
    owner, firm_a, offer_a, need_a, offer_b, carder_need
):
    first = make_match(offer_a, carder_need, score=0.9)
    second = make_match(offer_b, need_a, score=0.7)
    declined = make_match(
        make_flow(firm_a, ref="A-OLD"), carder_need, Match.Status.DECLINED, score=0.95
    )
    body = owner.get(f"/firms/{firm_a.pk}/suggestions", limit=1).json()
    assert [i["id"] for i in body["items"]] == [first.pk]
    body = owner.get(f"/firms/{firm_a.pk}/suggestions", limit=1, cursor=body["next_cursor"]).json()
    assert [i["id"] for i in body["items"]] == [second.pk]
    body = owner.get(f"/firms/{firm_a.pk}/suggestions", limit=1, cursor=body["next_cursor"]).json()
    assert [i["id"] for i in body["items"]] == [declined.pk] and body["next_cursor"] is None
    assert body["items"][0]["declined_by"] == "need"
    response = owner.client.get(
        f"/api/v1/firms/{firm_a.pk}/suggestions?status=suggested&status=declined"
    )
    assert [i["id"] for i in response.json()["items"]] == [first.pk, second.pk, declined.pk]
    only = owner.get(f"/firms/{firm_a.pk}/suggestions", status="declined").json()["items"]
    assert [i["id"] for i in only] == [declined.pk]
    assert locs(owner.get(f"/firms/{firm_a.pk}/suggestions", status="maybe")) == [
        ["query", "status"]
    ]
    assert locs(owner.get(f"/firms/{firm_a.pk}/suggestions", cursor="bad!")) == [
        ["query", "cursor"]
    ]


# EWC suggestions -----------------------------------------------------------------------------


def test_ewc_codes_are_suggested_from_a_description(owner):
    response = owner.get("/ewc/suggestions", text="ritagli di maglieria in lana")
    assert response.status_code == 200, response.content
    body = response.json()
    assert 1 <= len(body) <= 3
    assert "04 02 22" in [s["code"] for s in body]
    top = body[0]
    assert set(top) == {
        "code",
        "display",
        "hazardous",
        "text_en",
        "text_it",
        "text_it_official",
        "score",
    }
    assert all(0 <= s["score"] <= 1 for s in body)
    sludge = owner.get("/ewc/suggestions", text="04 02 19 fanghi", limit=1).json()
    assert sludge == [dict(sludge[0], code="04 02 19", display="04 02 19*", hazardous=True)]
    assert len(owner.get("/ewc/suggestions", text="cardboard packaging", limit=5).json()) == 5


@pytest.mark.parametrize("params", [{}, {"text": ""}, {"text": "   "}, {"text": "x", "limit": 0}])
def test_ewc_suggestions_need_a_text(owner, params):
    response = owner.get("/ewc/suggestions", **params)
    assert response.status_code == 422, json.dumps(params)
