"""The footprint on the product page and the what-if page: what they show, who may open them
(the brand's people; everyone else gets 404, anonymous visitors the login page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from filiera.footprint import services
from filiera.footprint.views import footprint_context
from tests.conftest import PERSONAS

BRAND = {"admin", "brand_owner", "brand_editor", "brand_viewer"}


@pytest.fixture
def product(make_product):
    return make_product(materials={"ei-coton": 52, "ei-pet": 48}, steps={"fabric": "IT"})


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c, brand_editor, brand_viewer):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    people |= {"brand_editor": brand_editor, "brand_viewer": brand_viewer}
    return people


def _whatif_url(product, **params):
    url = reverse("product_footprint_whatif", args=[product.brand_id, product.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_whatif_open_to_the_brands_people_only(everyone, product, client_for):
    url = _whatif_url(product, kind="making", value="REO")
    for name, user in everyone.items():
        response = client_for(user).get(url)
        assert response.status_code == (200 if name in BRAND else 404), name
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_whatif_of_another_brands_product_is_404(product, firm_a, owner_a, client_for):
    # firm A's owner, with a URL naming firm A and brand_c's product.
    url = reverse("product_footprint_whatif", args=[firm_a.pk, product.pk])
    assert client_for(owner_a).get(url).status_code == 404


def test_whatif_htmx_partial_and_full_page(product, brand_owner, client_for):
    client = client_for(brand_owner)
    url = _whatif_url(product, kind="making", value="REO")
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    comparison = partial.context["comparison"]
    assert comparison["alternative"] < comparison["current"]
    assert 'id="whatif-stages"' in partial.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<html" in body and 'id="whatif-stages"' in body
    assert "https://ecobalyse.beta.gouv.fr" in body
    assert "HX-Request" in page["Vary"]


def test_whatif_without_a_change_shows_the_forms(product, brand_owner, client_for):
    response = client_for(brand_owner).get(_whatif_url(product))
    assert response.status_code == 200
    assert "comparison" not in response.context
    assert 'name="kind"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "colour", "value": "red"}, "kind"),
        ({"kind": "material", "value": "unobtainium"}, "value"),
        ({"kind": "dyeing", "value": "XX"}, "value"),
    ],
)
def test_bad_whatif_is_400_naming_the_field(product, brand_owner, client_for, params, field):
    client = client_for(brand_owner)
    response = client.get(_whatif_url(product, **params), HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response.context["error_field"] == field
    assert 'id="whatif-error"' in response.content.decode()
    assert f'data-field="{field}"' in response.content.decode()
    assert client.get(_whatif_url(product, **params)).status_code == 400


def test_whatif_when_the_product_cannot_be_computed(make_product, brand_owner, client_for):
    broken = make_product(name="Broken", materials={"ei-coton": 50})
    response = client_for(brand_owner).get(_whatif_url(broken, kind="making", value="REO"))
    assert response.status_code == 200
    assert "100" in response.context["problem"]


def test_footprint_context(product, brand_owner):
    request = RequestFactory().get("/")
    request.user = brand_owner
    fp = footprint_context(request, product)["footprint"]
    stored = fp["stored"]
    assert stored is not None and fp["ecs"] == stored.ecs
    assert fp["method"]["label"] == "Ecobalyse textile v7.0.0"
    assert fp["method"]["unit"] == "µPt"
    assert fp["method"]["attribution"] == (
        "Ecobalyse, Ministère de la Transition écologique / ADEME"
    )
    rows = fp["rows"]
    assert [r["key"] for r in rows][:2] == ["material", "spinning"]
    assert sum(r["ecs"] for r in rows) == pytest.approx(fp["ecs_without_durability"])
    assert sum(r["percent"] for r in rows) == pytest.approx(100)
    assert len(fp["drivers"]) == 3 and fp["driver_sentence"]
    zones = {z["stage"]: z for z in fp["zones"]}
    assert zones["fabric"]["zone"] == "REO" and not zones["fabric"]["unknown"]
    assert zones["making"]["unknown"] and zones["making"]["country"] == ""
    assert {z["stage"] for z in fp["unknown_steps"]} == {"spinning", "dyeing", "making"}
    keys = {(s["kind"], s["value"]) for s in fp["suggestions"]}
    assert ("making", "REO") in keys and ("replace", "ei-pet:ei-pet-r") in keys
    html = render_to_string("footprint/_product_footprint.html", {"footprint": fp})
    assert 'role="img"' in html and 'id="footprint-stages"' in html
    assert 'id="footprint-unknown"' in html and "Licence Ouverte 2.0" in html


def test_footprint_context_refreshes_a_stale_result(product, brand_owner):
    request = RequestFactory().get("/")
    request.user = brand_owner
    first = footprint_context(request, product)["footprint"]["ecs"]
    product.mass_kg = Decimal("0.3")
    product.save()
    assert footprint_context(request, product)["footprint"]["ecs"] > first


def test_product_page_shows_the_footprint(product, brand_viewer, client_for):
    response = client_for(brand_viewer).get(product.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    stored = services.current(product)
    assert stored is not None
    assert f'data-ecs="{stored.ecs:.4f}"' in body
    assert 'id="footprint-stages"' in body and "<svg" in body
    assert 'id="footprint-drivers"' in body
    assert reverse("product_footprint_whatif", args=[product.brand_id, product.pk]) in body
    assert "https://ecobalyse.beta.gouv.fr" in body


def test_product_page_shows_why_there_is_no_footprint(make_product, brand_viewer, client_for):
    broken = make_product(name="No composition", materials={})
    response = client_for(brand_viewer).get(broken.get_absolute_url())
    assert response.status_code == 200
    assert 'id="footprint-problem"' in response.content.decode()
