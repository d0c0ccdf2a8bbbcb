"""The OpenAPI description and the docs page: public, complete, and nothing from a CDN."""

from __future__ import annotations

import re

import pytest

OPERATIONS = {
    ("/api/v1/districts", "get"), ("/api/v1/districts", "post"),
    ("/api/v1/districts/{slug}", "get"), ("/api/v1/districts/{slug}", "patch"),
    ("/api/v1/firms", "get"), ("/api/v1/firms", "post"),
    ("/api/v1/firms/{firm_id}", "get"), ("/api/v1/firms/{firm_id}", "patch"),
    ("/api/v1/firms/{firm_id}/sites", "post"),
    ("/api/v1/sites", "get"),
    ("/api/v1/sites/{facility_id}", "get"), ("/api/v1/sites/{facility_id}", "patch"),
    ("/api/v1/methodologies", "get"), ("/api/v1/methodologies/{slug}/{version}", "get"),
    ("/api/v1/firms/{firm_id}/assessments", "get"), ("/api/v1/firms/{firm_id}/assessments", "post"),
    ("/api/v1/assessments/{assessment_id}", "get"),
    ("/api/v1/assessments/{assessment_id}/submit", "post"),
    ("/api/v1/assessments/{assessment_id}/answers", "get"),
    ("/api/v1/assessments/{assessment_id}/answers/{code}", "put"),
    ("/api/v1/assessments/{assessment_id}/scores", "get"),
    ("/api/v1/assessments/{assessment_id}/score", "get"),
    ("/api/v1/firms/{firm_id}/evidence", "get"),
    ("/api/v1/firms/{firm_id}/suppliers", "get"), ("/api/v1/firms/{firm_id}/clients", "get"),
    ("/api/v1/relations/{relation_id}", "patch"), ("/api/v1/relations/{relation_id}/end", "post"),
    ("/api/v1/firms/{firm_id}/invitations", "get"),
    ("/api/v1/firms/{firm_id}/invitations", "post"),
    ("/api/v1/invitations/{invitation_id}/accept", "post"),
    ("/api/v1/invitations/{invitation_id}/refuse", "post"),
    ("/api/v1/invitations/{invitation_id}/cancel", "post"),
    ("/api/v1/firms/{firm_id}/consents", "get"),
    ("/api/v1/firms/{firm_id}/consents/{client_id}", "put"),
    ("/api/v1/firms/{firm_id}/consents/{client_id}", "delete"),
    ("/api/v1/firms/{firm_id}/suppliers/{supplier_id}/requests", "post"),
    ("/api/v1/consents/{consent_id}/decline", "post"),
    ("/api/v1/firms/{firm_id}/chain/suppliers/{supplier_id}", "get"),
    ("/api/v1/firms/{firm_id}/chain/indicators", "get"),
    ("/api/v1/footprint/textile", "post"), ("/api/v1/products/{product_id}/footprint", "get"),
    ("/api/v1/firms/{firm_id}/flows", "get"), ("/api/v1/firms/{firm_id}/flows", "post"),
    ("/api/v1/flows/{flow_id}", "get"), ("/api/v1/flows/{flow_id}", "patch"),
    ("/api/v1/flows/{flow_id}/archive", "post"), ("/api/v1/flows/{flow_id}/restore", "post"),
    ("/api/v1/firms/{firm_id}/suggestions", "get"), ("/api/v1/ewc/suggestions", "get"),
    ("/api/v1/firms/{firm_id}/symbiosis/indicators", "get"),
    ("/api/v1/districts/{slug}/symbiosis/indicators", "get"),
    ("/api/v1/districts/{slug}/symbiosis/allocation", "get"),
    ("/api/v1/districts/{slug}/symbiosis/eligibility", "get"),
}  # fmt: skip


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")  # no token
    assert response.status_code == 200
    return response.json()


def test_openapi_is_3_1(schema):
    assert re.fullmatch(r"3\.1\.\d+", schema["openapi"])
    assert schema["info"]["title"] == "Filiera API"


def test_every_operation_is_described_and_needs_a_token(schema):
    found = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert found == OPERATIONS
    schemes = schema["components"]["securitySchemes"]
    assert [(s["type"], s["scheme"]) for s in schemes.values()] == [("http", "bearer")]
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("security") == [{name: []} for name in schemes], (method, path)


def test_output_schemas_name_the_documented_fields(schema):
    props = {
        name: set(s.get("properties", {})) for name, s in schema["components"]["schemas"].items()
    }
    assert {"id", "vat", "ateco", "districts", "sites", "size_class"} <= props["FirmOut"]
    assert {"facility_id", "firm", "municipality", "processes", "pinned"} <= props["SiteOut"]
    assert {"slug", "municipalities", "sectors", "languages"} <= props["DistrictOut"]
    assert props["FirmPage"] == props["SitePage"] == {"items", "next_cursor"}


def test_docs_page_loads_nothing_from_elsewhere(client):
    response = client.get("/api/v1/docs")  # no token
    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/api/v1/docs/assets/") for link in links), links
    assert "/api/v1/openapi.json" in html
    assert '"validatorUrl": null' in html  # no calls to validator.swagger.io either
    for link in links:
        asset = client.get(link)
        assert asset.status_code == 200, link
        assert b"".join(asset.streaming_content)


@pytest.mark.parametrize("name", ["redoc.standalone.js", "..%2F__init__.py", "swagger-ui.css.map"])
def test_docs_assets_serve_only_their_own_files(client, name):
    assert client.get(f"/api/v1/docs/assets/{name}").status_code == 404
