"""Who may do what with the symbiosis API: every operation against every persona, a refused
change leaving no trace, every symbiosis flow operation covered, and the OpenAPI description
naming the documented fields."""

from __future__ import annotations

import json

import pytest

from filiera.api.urls import api
from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Flow, Match
from tests.conftest import PERSONAS
from tests.symbiosis import conftest as symbiosis_fixtures

offer_a, carder_need = symbiosis_fixtures.offer_a, symbiosis_fixtures.carder_need
carder, suggestion = symbiosis_fixtures.carder, symbiosis_fixtures.suggestion

FIRM_A = {"owner_a", "editor_a", "viewer_a", "admin"}
STAFF = {"manager", "verifier"}  # of Carpi, firm A's district: they read, never change
EDITORS = {"owner_a", "editor_a", "admin"}
NEW_FLOW = {
    "direction": "offer",
    "kind": "water",
    "description": "Acqua di raffreddamento",
    "quantity": 300,
    "unit": "m3",
    "period": "month",
}


def read(persona: str) -> int:
    return 200 if persona in FIRM_A | STAFF else 404


def change(ok: int):
    def expected(persona: str) -> int:
        if persona in EDITORS:
            return ok
        return 403 if persona in FIRM_A | STAFF else 404

    return expected


# name: (method, path, body, expected status by persona)
ENDPOINTS = {
    "list": ("get", "/firms/{a}/flows", None, read),
    "create": ("post", "/firms/{a}/flows", NEW_FLOW, change(201)),
    "detail": ("get", "/flows/{flow}", None, read),
    "update": ("patch", "/flows/{flow}", {"quantity": 80}, change(200)),
    "archive": ("post", "/flows/{flow}/archive", {}, change(200)),
    "restore": ("post", "/flows/{flow}/restore", {}, change(200)),
    "suggestions": ("get", "/firms/{a}/suggestions", None, read),
    "ewc": ("get", "/ewc/suggestions?text=fanghi+di+tintoria", None, lambda persona: 200),
}
OPERATIONS = {
    "/firms/{firm_id}/flows": ["list", "create"],
    "/flows/{flow_id}": ["detail", "update"],
    "/flows/{flow_id}/archive": ["archive"],
    "/flows/{flow_id}/restore": ["restore"],
    "/firms/{firm_id}/suggestions": ["suggestions"],
    "/ewc/suggestions": ["ewc"],
}


def send(client, method: str, url: str, body):
    if method == "get":
        return client.client.get("/api/v1" + url)
    return getattr(client.client, method)(
        "/api/v1" + url, json.dumps(body), content_type="application/json"
    )


def trace() -> tuple:
    return (
        AuditEvent.objects.count(),
        sorted(Flow.objects.values_list("id", "quantity", "active")),
        sorted(Match.objects.values_list("id", "status")),
    )


@pytest.mark.parametrize("persona", [None, *PERSONAS])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(request, api_for, firm_a, suggestion, endpoint, persona):
    method, path, body, expected = ENDPOINTS[endpoint]
    if persona:
        request.getfixturevalue(persona)
    paths = {"a": firm_a.pk, "flow": suggestion.offer_id}
    before = trace()
    response = send(api_for(persona), method, path.format(**paths), body)
    wanted = 401 if persona is None else expected(persona)
    assert response.status_code == wanted, response.content
    if method != "get" and wanted >= 400:
        assert trace() == before, "a refused change left a trace"


@pytest.mark.parametrize("persona", ["owner_a", "editor_a", "manager", "verifier", "owner_b"])
def test_the_receivers_flow_is_never_readable_by_id(api_for, request, carder_need, persona):
    """Firm A's people and Carpi's staff see firm A's suggestion, never the Prato flow itself."""
    request.getfixturevalue(persona)
    client = api_for(persona)
    assert client.get(f"/flows/{carder_need.pk}").status_code == 404
    assert client.get(f"/firms/{carder_need.firm_id}/flows").status_code == 404
    response = client.patch(f"/flows/{carder_need.pk}", {"quantity": 1})
    assert response.status_code == 404


def test_every_symbiosis_flow_operation_is_checked():
    """A new flow, suggestion or EWC route must join ``ENDPOINTS``."""
    schema = api.get_openapi_schema()
    found = {
        (path.removeprefix("/api/v1"), method)
        for path, ops in schema["paths"].items()
        for method in ops
        if path.endswith(("/flows", "/suggestions"))
        or "/flows/" in path
        or path.startswith("/api/v1/ewc/")
    }
    covered = {(path, ENDPOINTS[name][0]) for path, names in OPERATIONS.items() for name in names}
    assert found == covered


def test_the_openapi_names_the_documented_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/firms/{firm_id}/flows"]["post"]["security"]
    props = {
        name: set(s.get("properties", {})) for name, s in schema["components"]["schemas"].items()
    }
    exchange_format = {
        "ref",
        "site",
        "direction",
        "kind",
        "ewc",
        "description",
        "quantity",
        "unit",
        "period",
        "max_distance_km",
        "available_from",
        "available_until",
        "accepted_ewc",
        "attributes",
    }
    assert exchange_format <= props["FlowIn"] and exchange_format <= props["FlowOut"]
    assert {"amount_year", "base_unit", "hazardous", "active"} <= props["FlowOut"]
    assert {"score", "components", "reasons", "counterpart", "other_flow"} <= props["SuggestionOut"]
    assert "name" not in props["OtherFlowOut"] and "province" in props["OtherFlowOut"]
    assert props["FlowPage"] == props["SuggestionPage"] == {"items", "next_cursor"}
    assert {"code", "display", "text_en", "text_it", "score"} <= props["EwcSuggestionOut"]
    flow_in = schema["components"]["schemas"]["FlowIn"]
    assert set(flow_in["required"]) == {"direction", "kind", "description", "quantity", "unit"}
    kind = flow_in["properties"]["kind"]
    assert "waste" in kind["enum"] and "logistics" in kind["enum"]


@pytest.mark.parametrize("persona", ["owner_a", "editor_a", "viewer_a", "manager", "admin"])
@pytest.mark.parametrize("status", ["suggested", "interest", "contact", "agreed", "declined"])
def test_the_receiver_is_named_only_once_both_accept(
    request, api_for, firm_a, carder, suggestion, persona, status
):
    """Firm A's own people see the Prato receiver's name only from "contacts shared" on; the
    district's staff and the platform admin, who facilitate, see it at every step."""
    Match.objects.filter(pk=suggestion.pk).update(status=status)
    request.getfixturevalue(persona)
    response = api_for(persona).get(f"/firms/{firm_a.pk}/suggestions")
    (item,) = response.json()["items"]
    shared = status in ("contact", "agreed")
    assert item["identities_shared"] is shared
    named = shared or persona in ("manager", "admin")
    assert (item["counterpart"] is not None) is named
    assert (carder.legal_name in response.content.decode()) is named
    assert carder.vat not in response.content.decode()
