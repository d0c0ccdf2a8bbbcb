"""The footprint API: the textile calculator (one query or a list, the engine's results and its
error messages at the field they name) and a product's stored footprint, for every persona."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import translation

from filiera.api.footprint import NOT_YET
from filiera.footprint import engine
from filiera.footprint.services import footprint_problem, refresh_footprint
from filiera.products.models import Product, ProductMaterial
from tests.conftest import PERSONAS
from tests.footprint.queries import JEAN, TSHIRT

FIRM_A = {"owner_a", "editor_a", "viewer_a", "admin"}


def locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


@pytest.fixture
def owner(api_for):
    return api_for("owner_a")


# The calculator ----------------------------------------------------------------------------


def test_one_query_gives_the_engines_result(owner):
    response = owner.post("/footprint/textile", TSHIRT)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == engine.compute(TSHIRT)
    assert body["ecs"] == pytest.approx(1228.40, abs=0.01)
    assert "breakdown" not in body


def test_a_list_gives_the_results_in_the_same_order(owner):
    queries = [JEAN, TSHIRT, JEAN]
    response = owner.post("/footprint/textile", queries)
    assert response.status_code == 200, response.content
    assert response.json() == engine.compute_many(queries)
    assert owner.post("/footprint/textile", []).json() == []


def test_detail_adds_the_breakdown_of_each_stage(owner):
    response = owner.client.post(
        "/api/v1/footprint/textile?detail=true",
        json.dumps([JEAN]),
        content_type="application/json",
    )
    (result,) = response.json()
    assert result == engine.compute(JEAN, detail=True)
    for stage, value in result["stages"].items():
        lines = [line["ecs"] for line in result["breakdown"] if line["stage"] == stage]
        assert sum(lines) == pytest.approx(value, abs=1e-6)


def test_a_bad_query_names_the_field_with_the_engines_message(owner):
    response = owner.post("/footprint/textile", dict(TSHIRT, materials=[{"id": "xyz", "share": 1}]))
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "materials", 0, "id"],
            "msg": "unknown material 'xyz'",
        }
    ]
    for query, loc in [
        (dict(TSHIRT, mass=0), ["body", "mass"]),
        (dict(TSHIRT, mass="heavy"), ["body", "mass"]),
        (dict(TSHIRT, colour="red"), ["body", "colour"]),
        (dict(TSHIRT, countryMaking="IT"), ["body", "countryMaking"]),
        (dict(JEAN, printing={"kind": "pigment", "ratio": 0.9}), ["body", "printing", "ratio"]),
        ({k: v for k, v in TSHIRT.items() if k != "product"}, ["body", "product"]),
    ]:
        response = owner.post("/footprint/textile", query)
        assert locs(response) == [loc], query
        try:
            engine.compute(query)
        except engine.QueryError as err:
            assert response.json()["detail"][0]["msg"] == err.message


def test_every_bad_query_of_a_list_is_named_by_position(owner):
    queries = [
        TSHIRT,
        dict(TSHIRT, materials=[{"id": "ei-coton", "share": 0.5}, {"id": "ei-pet", "share": 0.4}]),
        JEAN,
        dict(JEAN, mass=-1),
        "a jean",
        dict(TSHIRT, trims=[{"id": "d56bb0d5-7999-4b8b-b076-94d79099b56a"}]),
    ]
    response = owner.post("/footprint/textile", queries)
    assert locs(response) == [
        ["body", 1, "materials"],
        ["body", 3, "mass"],
        ["body", 4],
        ["body", 5, "trims", 0, "quantity"],
    ]


@pytest.mark.parametrize("body", ['"tshirt"', "3", "null"])
def test_a_body_that_is_no_query_is_refused(owner, body):
    response = owner.client.post("/api/v1/footprint/textile", body, content_type="application/json")
    assert locs(response) == [["body"]]


def test_invalid_json_is_a_bad_request(owner):
    response = owner.client.post(
        "/api/v1/footprint/textile", '{"product": ', content_type="application/json"
    )
    assert response.status_code == 400


def test_at_most_1000_queries_per_call(owner):
    response = owner.post("/footprint/textile", [TSHIRT] * 1000)
    assert response.status_code == 200
    assert len(response.json()) == 1000
    response = owner.post("/footprint/textile", [TSHIRT] * 1001)
    assert locs(response) == [["body"]]
    assert "1000" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_every_person_with_a_token_may_compute(api_for, persona):
    response = api_for(persona).post("/footprint/textile", TSHIRT)
    assert response.status_code == (401 if persona is None else 200)


# A product's stored footprint ----------------------------------------------------------------


@pytest.fixture
def product(firm_a):
    product = Product.objects.create(
        brand=firm_a, name="Maglia girocollo", category="tshirt", mass_kg=Decimal("0.17")
    )
    ProductMaterial.objects.create(product=product, material="ei-coton", share=Decimal("100"))
    refresh_footprint(product)
    return product


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_a_products_footprint_is_for_the_firms_people(api_for, product, persona):
    response = api_for(persona).get(f"/products/{product.pk}/footprint")
    if persona is None:
        assert response.status_code == 401
    elif persona in FIRM_A:
        assert response.status_code == 200
        assert response.json()["product"] == product.pk
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}  # the same as no product at all


def test_the_stored_footprint_with_its_inputs_and_version(owner, product):
    stored = product.footprint
    body = owner.get(f"/products/{product.pk}/footprint").json()
    assert body["method"] == engine.METHOD == stored.method
    assert body["version"] == engine.VERSION == stored.version
    assert body["query"] == stored.query
    assert body["query"]["materials"] == [{"id": "ei-coton", "share": 1}]
    assert body["ecs"] == stored.ecs == stored.result["ecs"]
    assert body["result"] == stored.result
    assert body["result"]["breakdown"]
    assert body["computed_at"].startswith(stored.computed_at.isoformat()[:19])


def test_no_footprint_yet_says_why(owner, firm_a):
    product = Product.objects.create(
        brand=firm_a, name="Senza composizione", category="pull", mass_kg=Decimal("0.4")
    )
    with translation.override("en"):
        response = owner.client.get(
            f"/api/v1/products/{product.pk}/footprint", headers={"accept-language": "en"}
        )
        expected = f"{NOT_YET} {footprint_problem(product)}"
    assert response.status_code == 404
    assert response.json() == {"detail": expected}


@pytest.mark.parametrize("product_id", ["999999", "0", str(2**63)])
def test_no_such_product(owner, product_id):
    assert owner.get(f"/products/{product_id}/footprint").status_code == 404


# The description ---------------------------------------------------------------------------


def test_the_openapi_names_the_ecobalyse_fields(client):
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    operation = schema["paths"]["/api/v1/footprint/textile"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    refs = [option.get("$ref") or option["items"]["$ref"] for option in body["anyOf"]]
    assert refs == ["#/components/schemas/TextileQuery"] * 2
    assert body["anyOf"][1]["maxItems"] == 1000
    query = components["TextileQuery"]
    assert set(query["required"]) == {"product", "mass", "materials"}
    assert {
        "countrySpinning", "countryFabric", "countryDyeing", "countryMaking", "fabricProcess",
        "makingComplexity", "makingWaste", "makingDeadStock", "airTransportRatio",
        "dyeingProcessType", "printing", "fading", "upcycled", "surfaceMass", "yarnSize", "trims",
        "business", "numberOfReferences", "price", "physicalDurability", "disabledSteps",
    } <= set(query["properties"])  # fmt: skip
    assert "tshirt" in query["properties"]["product"]["enum"]
    assert "REO" in query["properties"]["countryMaking"]["enum"]
    assert {"id", "share", "country"} <= set(components["MaterialShare"]["properties"])
    result = components["FootprintOut"]["properties"]
    assert {"ecs", "stages", "complements", "durability", "masses", "version"} <= set(result)
    assert set(components["Stages"]["properties"]) == set(engine.STAGES)
    stored = components["ProductFootprintOut"]["properties"]
    assert set(stored) == {"product", "method", "version", "query", "ecs", "result", "computed_at"}
