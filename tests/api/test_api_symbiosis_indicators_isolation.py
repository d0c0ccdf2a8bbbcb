"""Tenant isolation of the circularity API: every endpoint, every persona. A firm's figures are
for its people and its districts' staff; district figures, eligibility and picks name firms and
are for the district's staff (people of a member firm: 403; anyone else: 404; no token: 401).
Nothing here changes data."""

from __future__ import annotations

import pytest

from filiera.api.urls import api

PERSONAS = [
    None, "outsider", "owner_a", "editor_a", "viewer_a", "owner_b", "manager", "verifier",
    "prato_manager", "brand_owner", "admin",
]  # fmt: skip
SEES_A = {"owner_a", "editor_a", "viewer_a", "manager", "verifier", "admin"}
STAFF = {"manager", "verifier", "admin"}
MEMBERS = {"owner_a", "editor_a", "viewer_a", "owner_b"}  # of Carpi firms, not staff


def rule(allowed: set[str], forbidden: set[str] = frozenset()):
    def status(persona):
        if persona in allowed:
            return 200
        return 403 if persona in forbidden else 404

    return status


ENDPOINTS = {
    "/firms/{firm_id}/symbiosis/indicators": ("/firms/{a}/symbiosis/indicators", rule(SEES_A)),
    "/districts/{slug}/symbiosis/indicators": (
        "/districts/carpi/symbiosis/indicators", rule(STAFF, MEMBERS),
    ),
    "/districts/{slug}/symbiosis/allocation": (
        "/districts/carpi/symbiosis/allocation", rule(STAFF, MEMBERS),
    ),
    "/districts/{slug}/symbiosis/eligibility": (
        "/districts/carpi/symbiosis/eligibility", rule(STAFF, MEMBERS),
    ),
}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(api_for, firm_a, firm_b, brand_c, endpoint, persona):
    path, expected = ENDPOINTS[endpoint]
    response = api_for(persona).get(path.format(a=firm_a.pk))
    wanted = 401 if persona is None else expected(persona)
    assert response.status_code == wanted, response.content


def test_every_circularity_operation_is_checked_and_needs_a_token():
    schema = api.get_openapi_schema()
    found = {
        (path.removeprefix("/api/v1"), method): op
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if "/symbiosis/" in path
        and ("indicators" in path or "allocation" in path or "eligib" in path)
    }
    assert set(found) == {(path, "get") for path in ENDPOINTS}
    for op in found.values():
        assert op.get("security"), op["summary"]
        assert op["tags"] == ["industrial symbiosis"]


def test_a_missing_district_looks_like_a_hidden_one(api_for, prato):
    client = api_for("prato_manager")
    hidden = client.get("/districts/carpi/symbiosis/indicators")
    absent = client.get("/districts/nowhere/symbiosis/indicators")
    assert hidden.status_code == absent.status_code == 404


def test_a_missing_firm_looks_like_a_hidden_one(api_for, firm_a, owner_b):
    client = api_for("owner_b")
    hidden = client.get(f"/firms/{firm_a.pk}/symbiosis/indicators")
    absent = client.get("/firms/999999/symbiosis/indicators")
    assert hidden.status_code == absent.status_code == 404
    assert client.get(f"/firms/{2**70}/symbiosis/indicators").status_code in (404, 422)
