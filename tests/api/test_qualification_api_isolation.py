"""Tenant isolation of the qualification API: every endpoint, every persona (the style of
``test_isolation.py``). Hidden objects answer 404, visible ones a persona may not change 403,
no token 401; a refused change leaves no trace."""

from __future__ import annotations

import pytest
from test_qualification_api import add_evidence, fill, put

from filiera.api.urls import api
from filiera.core.models import AuditEvent
from filiera.qualification.models import Answer, Assessment, Score
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import methodologies

PERSONAS = [
    None, "outsider", "owner_a", "editor_a", "viewer_a", "owner_b", "manager", "verifier",
    "prato_manager", "brand_owner", "admin",
]  # fmt: skip
SEES_FIRM_A = {"owner_a", "editor_a", "viewer_a", "manager", "verifier", "admin"}
ANSWERS_FOR_FIRM_A = {"owner_a", "editor_a", "admin"}
CARPI_STAFF = {"manager", "verifier", "admin"}


def rule(ok: int, sees: set[str], changes: set[str] | None = None):
    """``ok`` when allowed, 403 when the persona sees but may not change, else 404."""

    def status(persona):
        if persona in (changes if changes is not None else sees):
            return ok
        return 403 if persona in sees else 404

    return status


def everyone(ok: int):
    return lambda persona: ok


# name: (method, path, body, expected status for a persona)
ENDPOINTS = {
    "methodology list": ("get", "/methodologies", None, everyone(200)),
    "methodology detail": ("get", "/methodologies/filiera-base/1", None, everyone(200)),
    "district draft detail": ("get", "/methodologies/{draft}", None, rule(200, CARPI_STAFF)),
    "assessment list": ("get", "/firms/{firm}/assessments", None, rule(200, SEES_FIRM_A)),
    "assessment start": (
        "post", "/firms/{firm}/assessments", {"period": "2027"},
        rule(201, SEES_FIRM_A, ANSWERS_FOR_FIRM_A),
    ),
    "assessment detail": ("get", "/assessments/{assessment}", None, rule(200, SEES_FIRM_A)),
    "answer list": ("get", "/assessments/{assessment}/answers", None, rule(200, SEES_FIRM_A)),
    "answer save": (
        "put", "/assessments/{assessment}/answers/ENV-1.02", {"value": "partial"},
        rule(200, SEES_FIRM_A, ANSWERS_FOR_FIRM_A),
    ),
    "assessment submit": (
        "post", "/assessments/{assessment}/submit", {},
        rule(200, SEES_FIRM_A, ANSWERS_FOR_FIRM_A),
    ),
    "score list": ("get", "/assessments/{assessment}/scores", None, rule(200, SEES_FIRM_A)),
    "score on the fly": ("get", "/assessments/{assessment}/score", None, rule(200, SEES_FIRM_A)),
    "evidence list": ("get", "/firms/{firm}/evidence", None, rule(200, SEES_FIRM_A)),
}  # fmt: skip
OPERATIONS = {
    "/methodologies": "methodology list",
    "/methodologies/{slug}/{version}": "methodology detail",
    "/firms/{firm_id}/assessments": "assessment list",
    "/assessments/{assessment_id}": "assessment detail",
    "/assessments/{assessment_id}/answers": "answer list",
    "/assessments/{assessment_id}/answers/{code}": "answer save",
    "/assessments/{assessment_id}/submit": "assessment submit",
    "/assessments/{assessment_id}/scores": "score list",
    "/assessments/{assessment_id}/score": "score on the fly",
    "/firms/{firm_id}/evidence": "evidence list",
}


@pytest.fixture
def paths(firm_a, owner_a, manager, carpi):
    """A draft of firm A and a draft methodology of Carpi."""
    draft_a = flow.start(owner_a, firm_a, "2026")
    draft = methodologies.derive(manager, draft_a.version, carpi)
    return {
        "firm": firm_a.pk,
        "assessment": draft_a.pk,
        "draft": f"{draft.methodology.slug}/{draft.number}",
    }


def trace() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Assessment.objects.count(),
        Answer.objects.count(),
        Score.objects.count(),
        Assessment.objects.filter(status="draft").count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_each_persona(api_for, paths, firm_b, brand_c, endpoint, persona):
    method, path, body, expected = ENDPOINTS[endpoint]
    if endpoint == "assessment submit":  # complete, so that submitting can succeed
        assessment = Assessment.objects.get(pk=paths["assessment"])
        fill(assessment.created_by, assessment, evidence=add_evidence(None, assessment.firm))
    client = api_for(persona)
    url = path.format(**paths)
    before = trace()
    if method == "put":
        response = put(client, url, body)
    elif method == "post":
        response = client.post(url, body)
    else:
        response = client.get(url)
    wanted = 401 if persona is None else expected(persona)
    assert response.status_code == wanted, response.content
    if method != "get" and wanted >= 400:
        assert trace() == before, "a refused change left a trace"


def test_every_qualification_operation_is_checked():
    """A new qualification route must join ``ENDPOINTS`` (and the table above)."""
    schema = api.get_openapi_schema()
    found = {
        (path.removeprefix("/api/v1"), method)
        for path, ops in schema["paths"].items()
        for method in ops
        if "/methodologies" in path or "/assessments" in path or path.endswith("/evidence")
    }
    covered = {(path, ENDPOINTS[name][0]) for path, name in OPERATIONS.items()} | {
        ("/firms/{firm_id}/assessments", "post")
    }
    assert found == covered


@pytest.mark.parametrize(
    ("path", "missing"),
    [
        ("/assessments/{assessment}", "/assessments/999999"),
        ("/assessments/{assessment}/answers", "/assessments/999999/answers"),
        ("/firms/{firm}/evidence", "/firms/999999/evidence"),
        ("/methodologies/{draft}", "/methodologies/carpi-filiera-base/99"),
    ],
)
def test_hidden_objects_look_exactly_like_missing_ones(api_for, paths, owner_b, path, missing):
    client = api_for("owner_b")
    hidden = client.get(path.format(**paths))
    absent = client.get(missing)
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json() == absent.json()


@pytest.mark.parametrize("persona", ["owner_b", "prato_manager", "brand_owner", "outsider"])
def test_lists_of_other_firms_never_leak(api_for, paths, firm_b, owner_b, persona):
    """Lists answer only for what the persona may see: firm B's owner sees firm B's."""
    draft_b = flow.start(owner_b, firm_b, "2026")
    client = api_for(persona)
    assert client.get(f"/firms/{paths['firm']}/assessments").status_code == 404
    if persona == "owner_b":
        items = client.get(f"/firms/{draft_b.firm_id}/assessments").json()["items"]
        assert [a["id"] for a in items] == [draft_b.pk]
    methodologies_seen = [
        (m["slug"], m["status"]) for m in client.get("/methodologies").json()["items"]
    ]
    assert ("carpi-filiera-base", "draft") not in methodologies_seen
