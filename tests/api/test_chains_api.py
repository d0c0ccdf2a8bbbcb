"""Supply chains over the API: relations, invitations, consents, the shared view and the
indicators, with real data. Who may do what is checked in ``test_chains_api_isolation.py``."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from filiera.chains.models import AccessLog, Consent, Level, SupplyInvitation, SupplyRelation
from filiera.core.models import AuditEvent
from tests.chains import conftest as chain_fixtures
from tests.qualification import conftest as qualification_fixtures

# The chain and qualification fixtures, used here too.
brand_y, brand_y_owner = chain_fixtures.brand_y, chain_fixtures.brand_y_owner
chain, relate = chain_fixtures.chain, chain_fixtures.relate
base_version, draft_a = qualification_fixtures.base_version, qualification_fixtures.draft_a
submitted_a = qualification_fixtures.submitted_a


def put(client, path: str, body: dict):
    return client.client.put("/api/v1" + path, json.dumps(body), content_type="application/json")


def delete(client, path: str):
    return client.client.delete("/api/v1" + path)


def locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


# Relations -----------------------------------------------------------------------------------


def test_client_lists_its_suppliers_named_only_when_shared(
    api_for, chain, brand_c, firm_a, firm_b, brand_owner, relate
):
    relate(brand_c, firm_b, tier=2, processes=("MU.EMBROIDERY",), consent=False)
    items = api_for("brand_owner").get(f"/firms/{brand_c.pk}/suppliers").json()["items"]
    assert [(i["tier"], i["disclosed"]) for i in items] == [(1, True), (2, False)]
    named, hidden = items
    assert named["supplier"] == {"id": firm_a.pk, "legal_name": firm_a.legal_name}
    assert named["processes"] == ["MU.KNIT_TO_SHAPE"]
    assert named["site"] is None  # firm A does not share its sites
    assert hidden["supplier"] is None and hidden["site"] is None
    assert hidden["processes"] == ["MU.EMBROIDERY"]


def test_site_shows_when_sites_are_shared(api_for, brand_c, firm_a, brand_owner, relate):
    relate(brand_c, firm_a, sites=True)
    (item,) = api_for("brand_owner").get(f"/firms/{brand_c.pk}/suppliers").json()["items"]
    assert item["site"] == firm_a.sites.get().facility_id


def test_supplier_lists_its_clients(api_for, chain, brand_c, firm_a, owner_a):
    first, second = chain
    items = api_for("owner_a").get(f"/firms/{firm_a.pk}/clients").json()["items"]
    assert [(i["id"], i["client"]["legal_name"]) for i in items] == [(first.pk, brand_c.legal_name)]
    suppliers = api_for("owner_a").get(f"/firms/{firm_a.pk}/suppliers").json()["items"]
    assert [i["id"] for i in suppliers] == [second.pk]


def test_ended_relations_are_listed_on_request(api_for, chain, brand_c, brand_owner):
    first, _second = chain
    SupplyRelation.objects.filter(pk=first.pk).update(until=date.today() - timedelta(days=1))
    client = api_for("brand_owner")
    assert client.get(f"/firms/{brand_c.pk}/suppliers").json()["items"] == []
    items = client.get(f"/firms/{brand_c.pk}/suppliers", ended="true").json()["items"]
    assert [(i["id"], i["active"]) for i in items] == [(first.pk, False)]


def test_client_changes_and_ends_a_relation(api_for, chain, brand_c, firm_a, brand_owner):
    first, _second = chain
    client = api_for("brand_owner")
    site = firm_a.sites.get().facility_id
    response = client.patch(
        f"/relations/{first.pk}",
        {"tier": 2, "processes": ["MU.EMBROIDERY"], "site": site, "since": "2025-01-01"},
    )
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    assert (first.tier, first.site.facility_id, first.since) == (2, site, date(2025, 1, 1))
    assert list(first.processes.values_list("code", flat=True)) == ["MU.EMBROIDERY"]
    assert AuditEvent.objects.filter(action="change_relation", firm_id=brand_c.pk).exists()
    response = client.post(f"/relations/{first.pk}/end", {"until": "2026-01-31"})
    assert response.status_code == 200, response.content
    assert response.json()["until"] == "2026-01-31"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tier": 7}, "tier"),
        ({"processes": ["NO.SUCH"]}, "processes"),
        ({"site": "XX-000"}, "site"),
        ({"since": "2026-05-01", "until": "2026-01-01"}, "until"),
        ({"since": "not a date"}, "since"),
    ],
)
def test_bad_relation_changes_name_the_field(api_for, chain, brand_owner, body, field):
    first, _second = chain
    before = (SupplyRelation.objects.get(pk=first.pk).tier, AuditEvent.objects.count())
    response = api_for("brand_owner").patch(f"/relations/{first.pk}", body)
    assert locs(response) == [["body", field]]
    assert (SupplyRelation.objects.get(pk=first.pk).tier, AuditEvent.objects.count()) == before


def test_site_of_another_firm_is_refused(api_for, chain, firm_b, brand_owner):
    first, _second = chain
    other = firm_b.sites.get().facility_id
    assert locs(api_for("brand_owner").patch(f"/relations/{first.pk}", {"site": other})) == [
        ["body", "site"]
    ]


# Invitations ---------------------------------------------------------------------------------


def test_invite_accept_and_see_the_grade(api_for, brand_c, firm_b, brand_owner, owner_b):
    brand = api_for("brand_owner")
    response = brand.post(
        f"/firms/{brand_c.pk}/invitations",
        {
            "vat": firm_b.vat,
            "tier": 2,
            "processes": ["MU.EMBROIDERY"],
            "requested_level": "areas",
            "message": "Lavoriamo insieme",
        },
    )
    assert response.status_code == 201, response.content
    sent = response.json()
    assert (sent["direction"], sent["status"], sent["supplier"]) == ("sent", "pending", None)
    assert sent["requested_level"] == "areas"
    supplier = api_for("owner_b")
    (received,) = supplier.get(f"/firms/{firm_b.pk}/invitations").json()["items"]
    assert received["direction"] == "received"
    assert received["client"] == {"id": brand_c.pk, "legal_name": brand_c.legal_name}
    site = firm_b.sites.get().facility_id
    accepted = supplier.post(f"/invitations/{sent['id']}/accept", {"site": site})
    assert accepted.status_code == 200, accepted.content
    relation = accepted.json()
    assert (relation["tier"], relation["site"], relation["processes"]) == (
        2,
        site,
        ["MU.EMBROIDERY"],
    )
    # The client now sees the supplier's name and grade level; the request for areas waits.
    (item,) = brand.get(f"/firms/{brand_c.pk}/suppliers").json()["items"]
    assert item["supplier"]["id"] == firm_b.pk
    (consent,) = supplier.get(f"/firms/{firm_b.pk}/consents").json()["items"]
    assert consent["level"] == "grade"
    assert consent["request"]["level"] == "areas" and consent["request"]["open"]
    again = supplier.post(f"/invitations/{sent['id']}/accept", {})
    assert again.status_code == 409


def test_refuse_and_cancel(api_for, brand_c, firm_a, firm_b, brand_owner, owner_b):
    brand = api_for("brand_owner")
    one = brand.post(f"/firms/{brand_c.pk}/invitations", {"vat": firm_b.vat, "tier": 1})
    two = brand.post(f"/firms/{brand_c.pk}/invitations", {"vat": firm_a.vat, "tier": 1})
    refused = api_for("owner_b").post(f"/invitations/{one.json()['id']}/refuse", {"reason": "No"})
    assert refused.status_code == 200, refused.content
    assert (refused.json()["status"], refused.json()["refusal_reason"]) == ("refused", "No")
    cancelled = brand.post(f"/invitations/{two.json()['id']}/cancel", {})
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled"
    assert not SupplyRelation.objects.exists()
    pending = brand.get(f"/firms/{brand_c.pk}/invitations", status="pending").json()
    assert pending["items"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"vat": "IT123", "tier": 1}, "vat"),
        ({"email": "not-an-address", "tier": 1}, "email"),
        ({"vat": "{vat}", "tier": 9}, "tier"),
        ({"vat": "{vat}", "tier": 1, "processes": ["NO.SUCH"]}, "processes"),
        ({"vat": "{vat}", "tier": 1, "requested_level": "everything"}, "requested_level"),
    ],
)
def test_bad_invitations_name_the_field(api_for, brand_c, firm_b, brand_owner, body, field):
    body = {k: v.format(vat=firm_b.vat) if isinstance(v, str) else v for k, v in body.items()}
    response = api_for("brand_owner").post(f"/firms/{brand_c.pk}/invitations", body)
    assert ["body", field] in locs(response)
    assert not SupplyInvitation.objects.exists()


# Consents and the shared view ----------------------------------------------------------------


def test_supplier_decides_and_the_client_sees_it_at_once(
    api_for, chain, brand_c, firm_a, owner_a, brand_owner, submitted_a
):
    supplier, brand = api_for("owner_a"), api_for("brand_owner")
    path = f"/firms/{brand_c.pk}/chain/suppliers/{firm_a.pk}"
    view = brand.get(path).json()
    assert view["shared"] == {"level": "grade", "profile": False, "sites": False}
    assert view["qualification"]["grade"] == submitted_a.grade
    assert view["qualification"]["areas"] is None and view["profile"] is None
    response = put(
        supplier, f"/firms/{firm_a.pk}/consents/{brand_c.pk}", {"level": "evidence", "sites": True}
    )
    assert response.status_code == 200, response.content
    assert response.json()["level"] == "evidence"
    view = brand.get(path).json()
    assert set(view["qualification"]["areas"]) == set(submitted_a.score.areas)
    assert view["answers"] and view["evidence"]
    assert [s["facility_id"] for s in view["sites"]] == [firm_a.sites.get().facility_id]
    assert set(
        AccessLog.objects.filter(supplier=firm_a, client=brand_c, via="api").values_list(
            "scope", flat=True
        )
    ) == {"grade", "areas", "answers", "evidence", "sites"}
    revoked = delete(supplier, f"/firms/{firm_a.pk}/consents/{brand_c.pk}")
    assert revoked.status_code == 200 and revoked.json()["shares_anything"] is False
    assert brand.get(path).status_code == 404
    (item,) = brand.get(f"/firms/{brand_c.pk}/suppliers").json()["items"]
    assert item["supplier"] is None


def test_bad_consent_names_the_field(api_for, chain, brand_c, firm_a, owner_a):
    response = put(
        api_for("owner_a"), f"/firms/{firm_a.pk}/consents/{brand_c.pk}", {"level": "all"}
    )
    assert locs(response) == [["body", "level"]]
    assert Consent.objects.get(supplier=firm_a, client=brand_c).level == Level.GRADE


def test_client_asks_for_more_and_the_supplier_declines(
    api_for, chain, brand_c, firm_b, brand_owner, owner_b
):
    brand = api_for("brand_owner")
    response = brand.post(
        f"/firms/{brand_c.pk}/suppliers/{firm_b.pk}/requests",
        {"level": "answers", "message": "Per il bilancio VSME"},
    )
    assert response.status_code == 201, response.content
    asked = response.json()
    assert asked["supplier"] is None  # firm B shares nothing with the brand: not named
    assert asked["request"]["beyond_vsme"] is True
    supplier = api_for("owner_b")
    consents = supplier.get(f"/firms/{firm_b.pk}/consents").json()["items"]
    request = next(c for c in consents if c["client"]["id"] == brand_c.pk)
    assert request["request"]["open"] and request["level"] == "none"
    declined = supplier.post(f"/consents/{request['id']}/decline", {})
    assert declined.status_code == 200, declined.content
    assert declined.json()["request"]["declined_at"] is not None
    assert supplier.post(f"/consents/{request['id']}/decline", {}).status_code == 409


def test_asking_for_what_is_shared_already_names_the_field(api_for, chain, brand_c, firm_a):
    brand = api_for("brand_owner")
    response = brand.post(f"/firms/{brand_c.pk}/suppliers/{firm_a.pk}/requests", {"level": "x"})
    assert locs(response) == [["body", "level"]]


# Indicators ----------------------------------------------------------------------------------


def test_indicators_never_name_undisclosed_suppliers(
    api_for, chain, brand_c, firm_a, firm_b, brand_owner, submitted_a
):
    response = api_for("brand_owner").get(f"/firms/{brand_c.pk}/chain/indicators")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["suppliers"], body["undisclosed"]) == (2, 1)
    figures = body["indicators"]
    assert figures["totals"]["total"] == 2 and figures["totals"]["not_shared"] == 1
    assert figures["grades"][submitted_a.grade] == 1
    firms = [w["firm"] for w in figures["weakest"]] + figures["not_assessed"]
    assert all(f["id"] == firm_a.pk for f in firms)
    assert firm_b.legal_name not in response.content.decode()
