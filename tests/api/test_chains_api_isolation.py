"""Tenant isolation of the supply-chain API: every endpoint, every persona. Hidden objects
answer 404, visible ones a persona may not use 403 (district staff on a firm's chain), no
token 401; a refused change leaves no trace. A brand sees only what suppliers share with it."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from filiera.api.urls import api
from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.core.models import AuditEvent
from tests.chains import conftest as chain_fixtures

brand_y, brand_y_owner = chain_fixtures.brand_y, chain_fixtures.brand_y_owner
chain, relate = chain_fixtures.chain, chain_fixtures.relate

PERSONAS = [
    None, "outsider", "owner_a", "editor_a", "viewer_a", "owner_b", "manager", "verifier",
    "prato_manager", "brand_owner", "brand_y_owner", "admin",
]  # fmt: skip
FIRM_A = {"owner_a", "editor_a", "viewer_a", "admin"}
MANAGES_A = {"owner_a", "editor_a", "admin"}
SEES_FIRM_A = FIRM_A | {"manager", "verifier"}  # district staff see the firm, not its chain
BRAND = {"brand_owner", "admin"}
SEES_BRAND = BRAND | {"prato_manager"}
SUPPLIER_B = {"owner_b", "admin"}


def rule(ok: int, allowed: set[str], forbidden: set[str] = frozenset()):
    """``ok`` for ``allowed``, 403 for ``forbidden`` (who sees but may not), else 404."""

    def status(persona):
        if persona in allowed:
            return ok
        return 403 if persona in forbidden else 404

    return status


# name: (method, path, body, expected status for a persona)
ENDPOINTS = {
    "suppliers": ("get", "/firms/{a}/suppliers", None, rule(200, FIRM_A, SEES_FIRM_A)),
    "clients": ("get", "/firms/{a}/clients", None, rule(200, FIRM_A, SEES_FIRM_A)),
    "relation change": (
        "patch", "/relations/{relation}", {"tier": 2}, rule(200, BRAND, FIRM_A - {"admin"}),
    ),
    "relation end": ("post", "/relations/{relation}/end", {}, rule(200, BRAND, FIRM_A)),
    "invitation list": ("get", "/firms/{a}/invitations", None, rule(200, FIRM_A, SEES_FIRM_A)),
    "invite": (
        "post", "/firms/{brand}/invitations", {"email": "nuovo@example.test", "tier": 2},
        rule(201, BRAND, SEES_BRAND),
    ),
    "invitation accept": (
        "post", "/invitations/{invitation}/accept", {}, rule(200, SUPPLIER_B, BRAND),
    ),
    "invitation refuse": (
        "post", "/invitations/{invitation}/refuse", {}, rule(200, SUPPLIER_B, BRAND),
    ),
    "invitation cancel": (
        "post", "/invitations/{invitation}/cancel", {}, rule(200, BRAND, SUPPLIER_B),
    ),
    "consent list": ("get", "/firms/{a}/consents", None, rule(200, FIRM_A, SEES_FIRM_A)),
    "consent set": (
        "put", "/firms/{a}/consents/{brand}", {"level": "areas"},
        rule(200, MANAGES_A, SEES_FIRM_A),
    ),
    "consent revoke": (
        "delete", "/firms/{a}/consents/{brand}", None, rule(200, MANAGES_A, SEES_FIRM_A),
    ),
    "sharing request": (
        "post", "/firms/{brand}/suppliers/{b}/requests", {"level": "grade"},
        rule(201, BRAND, SEES_BRAND),
    ),
    "request decline": (
        "post", "/consents/{consent}/decline", {}, rule(200, MANAGES_A, {"viewer_a", *BRAND}),
    ),
    "shared view": (
        "get", "/firms/{brand}/chain/suppliers/{a}", None, rule(200, BRAND, SEES_BRAND),
    ),
    "indicators": ("get", "/firms/{brand}/chain/indicators", None, rule(200, BRAND, SEES_BRAND)),
}  # fmt: skip
OPERATIONS = {
    "/firms/{firm_id}/suppliers": "suppliers",
    "/firms/{firm_id}/clients": "clients",
    "/relations/{relation_id}": "relation change",
    "/relations/{relation_id}/end": "relation end",
    "/firms/{firm_id}/invitations": "invitation list",
    "/invitations/{invitation_id}/accept": "invitation accept",
    "/invitations/{invitation_id}/refuse": "invitation refuse",
    "/invitations/{invitation_id}/cancel": "invitation cancel",
    "/firms/{firm_id}/consents": "consent list",
    "/firms/{firm_id}/consents/{client_id}": "consent set",
    "/firms/{firm_id}/suppliers/{supplier_id}/requests": "sharing request",
    "/consents/{consent_id}/decline": "request decline",
    "/firms/{firm_id}/chain/suppliers/{supplier_id}": "shared view",
    "/firms/{firm_id}/chain/indicators": "indicators",
}
EXTRA = {
    ("/firms/{firm_id}/invitations", "post"),
    ("/firms/{firm_id}/consents/{client_id}", "delete"),
}


def send(client, method: str, url: str, body):
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.client.delete("/api/v1" + url)
    return getattr(client.client, method)(
        "/api/v1" + url, json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def paths(chain, brand_c, firm_a, firm_b):
    """brand_c ← firm_a ← firm_b, a pending invitation from the brand to firm B and an open
    request of the brand to firm A."""
    first, _second = chain
    invitation = SupplyInvitation.objects.create(client=brand_c, supplier=firm_b, tier=2)
    Consent.objects.filter(supplier=firm_a, client=brand_c).update(
        requested_level=Level.AREAS, requested_at=timezone.now()
    )
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    return {
        "a": firm_a.pk,
        "b": firm_b.pk,
        "brand": brand_c.pk,
        "relation": first.pk,
        "invitation": invitation.pk,
        "consent": consent.pk,
    }


def trace() -> tuple:
    return (
        AuditEvent.objects.count(),
        SupplyRelation.objects.count(),
        sorted(SupplyRelation.objects.values_list("tier", "until")),
        sorted(SupplyInvitation.objects.values_list("status", flat=True)),
        sorted(
            map(str, Consent.objects.values_list("level", "requested_at", "request_declined_at"))
        ),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(api_for, paths, owner_b, endpoint, persona):
    method, path, body, expected = ENDPOINTS[endpoint]
    client = api_for(persona)
    before = trace()
    response = send(client, method, path.format(**paths), body)
    wanted = 401 if persona is None else expected(persona)
    assert response.status_code == wanted, response.content
    if method != "get" and wanted >= 400:
        assert trace() == before, "a refused change left a trace"


def test_every_chain_operation_is_checked():
    """A new chain route must join ``ENDPOINTS``."""
    schema = api.get_openapi_schema()
    found = {
        (path.removeprefix("/api/v1"), method)
        for path, ops in schema["paths"].items()
        for method in ops
        if any(
            word in path
            for word in ("/suppliers", "/clients", "/relations", "/invitations", "/consents")
        )
        or "/chain/" in path
    }
    covered = {(path, ENDPOINTS[name][0]) for path, name in OPERATIONS.items()} | EXTRA
    assert found == covered


def test_hidden_supplier_looks_exactly_like_a_missing_one(api_for, paths, brand_owner):
    client = api_for("brand_owner")
    hidden = client.get(f"/firms/{paths['brand']}/chain/suppliers/{paths['b']}")
    absent = client.get(f"/firms/{paths['brand']}/chain/suppliers/999999")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


def test_a_supplier_of_one_brand_is_invisible_to_another_until_it_shares(
    api_for, chain, brand_c, brand_y, brand_y_owner, firm_a, firm_b, owner_a, relate
):
    other = api_for("brand_y_owner")
    view = f"/firms/{brand_y.pk}/chain/suppliers/{firm_a.pk}"
    assert other.get(view).status_code == 404
    assert other.get(f"/firms/{brand_y.pk}/suppliers").json()["items"] == []
    assert other.get(f"/firms/{brand_y.pk}/chain/indicators").json()["suppliers"] == 0
    ask = other.post(f"/firms/{brand_y.pk}/suppliers/{firm_a.pk}/requests", {"level": "grade"})
    assert ask.status_code == 404
    # Firm A starts working for brand Y but shares nothing yet: a link without a name.
    relate(brand_y, firm_a, consent=False)
    (item,) = other.get(f"/firms/{brand_y.pk}/suppliers").json()["items"]
    assert item["supplier"] is None
    assert other.get(view).status_code == 404
    indicators = other.get(f"/firms/{brand_y.pk}/chain/indicators")
    assert indicators.json()["undisclosed"] == 2  # firm A, and firm B working for firm A
    assert firm_a.legal_name not in indicators.content.decode()
    assert firm_b.legal_name not in indicators.content.decode()
    # Firm A shares its grade with brand Y: named; revoking hides it again at once.
    supplier = api_for("owner_a")
    consent = f"/firms/{firm_a.pk}/consents/{brand_y.pk}"
    shared = supplier.client.put(
        "/api/v1" + consent, json.dumps({"level": "grade"}), content_type="application/json"
    )
    assert shared.status_code == 200, shared.content
    assert other.get(view).json()["supplier"]["legal_name"] == firm_a.legal_name
    assert supplier.client.delete("/api/v1" + consent).status_code == 200
    assert other.get(view).status_code == 404
    (item,) = other.get(f"/firms/{brand_y.pk}/suppliers").json()["items"]
    assert item["supplier"] is None
    # Brand C still sees firm A as before: consents are per client.
    brand = api_for("brand_owner")
    assert brand.get(f"/firms/{brand_c.pk}/chain/suppliers/{firm_a.pk}").status_code == 200


def test_a_supplier_cannot_share_with_a_firm_outside_its_chains(
    api_for, chain, brand_y, firm_a, owner_a
):
    response = api_for("owner_a").client.put(
        f"/api/v1/firms/{firm_a.pk}/consents/{brand_y.pk}",
        json.dumps({"level": "evidence"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Consent.objects.filter(client=brand_y).exists()


def test_the_client_of_a_client_is_not_named_to_the_tier_two_supplier_by_relations(
    api_for, chain, brand_c, firm_b, owner_b
):
    """Firm B works for firm A, not for the brand: its client list names firm A only."""
    items = api_for("owner_b").get(f"/firms/{firm_b.pk}/clients").json()["items"]
    assert {i["client"]["id"] for i in items} == {chain[1].client_id}
    assert brand_c.legal_name not in json.dumps(items)


def test_every_shared_read_is_logged_for_the_supplier(api_for, paths, brand_owner, firm_a):
    api_for("brand_owner").get(f"/firms/{paths['brand']}/chain/suppliers/{paths['a']}")
    logged = firm_a.accesses_received.values_list("client_id", "scope", "via")
    assert list(logged) == [(paths["brand"], "grade", "api")]
