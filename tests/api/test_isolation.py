"""Tenant isolation: every endpoint, every persona.

Objects a persona may not see answer 404 (as if they did not exist); objects it may see but not
change answer 403 to changes; lists leave out what it may not see; no token at all is 401.
"""

from __future__ import annotations

import pytest

from filiera.core.models import AuditEvent
from filiera.registry.identifiers import italian_vat

PERSONAS = [
    None, "outsider", "owner_a", "editor_a", "viewer_a", "owner_b", "manager", "verifier",
    "prato_manager", "brand_owner", "admin",
]  # fmt: skip
CARPI_STAFF = {"manager", "verifier"}
FIRM_A_MEMBERS = {"owner_a", "editor_a", "viewer_a"}
SEES_FIRM_A = FIRM_A_MEMBERS | CARPI_STAFF | {"admin"}
EDITS_FIRM_A = {"owner_a", "editor_a", "manager", "admin"}
WORKS_IN_CARPI = SEES_FIRM_A | {"owner_b"}


def firm_rule(ok: int, sees: set[str], changes: set[str] | None = None):
    """Status for a persona: ``ok`` when allowed, 403 when it sees but may not change, else 404."""

    def status(persona):
        if persona in (changes if changes is not None else sees):
            return ok
        return 403 if persona in sees else 404

    return status


# name: (method, path, body, expected status for a persona)
ENDPOINTS = {
    "district detail": ("get", "/districts/carpi", None, firm_rule(200, WORKS_IN_CARPI)),
    "district update": (
        "patch", "/districts/carpi", {"managing_body": "Unione Terre d'Argine"},
        firm_rule(200, WORKS_IN_CARPI, {"manager", "admin"}),
    ),
    "district create": (
        "post", "/districts", {"slug": "formigine", "name": "Distretto ceramico"},
        lambda p: 201 if p == "admin" else 403,
    ),
    "firm detail": ("get", "/firms/{firm}", None, firm_rule(200, SEES_FIRM_A)),
    "firm update": ("patch", "/firms/{firm}", {"employees": 14}, firm_rule(200, SEES_FIRM_A, EDITS_FIRM_A)),
    "firm create": (
        "post", "/firms", {"district": "carpi", "legal_name": "Nuova", "vat": italian_vat(4242), "role": "brand"},
        lambda p: {"manager": 201, "admin": 201, "prato_manager": 422}.get(p, 403),
    ),
    "site detail": ("get", "/sites/{site}", None, firm_rule(200, SEES_FIRM_A)),
    "site update": ("patch", "/sites/{site}", {"workers": 5}, firm_rule(200, SEES_FIRM_A, EDITS_FIRM_A)),
    "site create": (
        "post", "/firms/{firm}/sites", {"name": "Magazzino", "municipality": "036005"},
        firm_rule(201, SEES_FIRM_A, EDITS_FIRM_A),
    ),
}  # fmt: skip


@pytest.fixture
def paths(world):
    firm_a = world["firm_a"]
    return {"firm": firm_a.pk, "site": firm_a.sites.get().facility_id}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(api_for, paths, endpoint, persona):
    method, path, body, expected = ENDPOINTS[endpoint]
    client = api_for(persona)
    args = (path.format(**paths),) if body is None else (path.format(**paths), body)
    events = AuditEvent.objects.count()
    response = getattr(client, method)(*args)
    wanted = 401 if persona is None else expected(persona)
    assert response.status_code == wanted, response.content
    if method != "get" and wanted >= 400:
        assert AuditEvent.objects.count() == events, "a refused change left a trace"


@pytest.mark.parametrize("path", ["/firms/{firm}", "/sites/{site}"])
def test_hidden_objects_look_exactly_like_missing_ones(api_for, paths, owner_b, path):
    client = api_for("owner_b")
    hidden = client.get(path.format(**paths))
    missing = client.get(path.format(firm=999_999, site="FIL-00000000-0"))
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


LISTS = {
    None: None,
    "outsider": [],
    "owner_a": ["Maglificio Alfa S.r.l."],
    "editor_a": ["Maglificio Alfa S.r.l."],
    "viewer_a": ["Maglificio Alfa S.r.l."],
    "owner_b": ["Ricamificio Beta S.n.c."],
    "manager": ["Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."],
    "verifier": ["Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."],
    "prato_manager": ["Lanificio Gamma S.p.A."],
    "brand_owner": ["Lanificio Gamma S.p.A."],
    "admin": ["Lanificio Gamma S.p.A.", "Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."],
}
DISTRICTS = {
    None: None, "outsider": [], "owner_b": ["carpi"], "prato_manager": ["prato"],
    "brand_owner": ["prato"], "admin": ["carpi", "prato"],
} | {persona: ["carpi"] for persona in FIRM_A_MEMBERS | CARPI_STAFF}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_hold_only_what_the_persona_may_see(api_for, world, persona):
    client = api_for(persona)
    firms, sites, districts = client.get("/firms"), client.get("/sites"), client.get("/districts")
    if persona is None:
        assert (firms.status_code, sites.status_code, districts.status_code) == (401, 401, 401)
        return
    firm_names = LISTS[persona]
    assert [f["legal_name"] for f in firms.json()["items"]] == firm_names
    site_firms = sorted(s["firm"] for s in sites.json()["items"])
    assert site_firms == sorted(
        world[key].pk for key in world if world[key].legal_name in firm_names
    )
    assert [d["slug"] for d in districts.json()["items"]] == DISTRICTS[persona]


@pytest.mark.parametrize("persona", ["owner_b", "prato_manager", "brand_owner", "outsider"])
def test_filters_cannot_reach_hidden_firms(api_for, world, persona):
    client = api_for(persona)
    firm_a = world["firm_a"]
    assert client.get("/firms", q="Alfa").json()["items"] == []
    assert client.get("/firms", district="carpi", process="MU.KNIT_TO_SHAPE").json()["items"] == []
    assert client.get("/sites", firm=firm_a.pk).json()["items"] == []


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer fil_wrong", "Token fil_x", "Basic dXNlcjpwYXNz"]
)
def test_bad_or_missing_tokens_are_401(client, world, header):
    response = client.get("/api/v1/firms", headers={"Authorization": header} if header else {})
    assert response.status_code == 401


def test_a_deactivated_users_token_stops_working(api_for, owner_a):
    client = api_for("owner_a")
    owner_a.is_active = False
    owner_a.save()
    assert client.get("/firms").status_code == 401


def test_a_session_login_is_not_enough(client_for, world, admin):
    assert client_for(admin).get("/api/v1/firms").status_code == 401
