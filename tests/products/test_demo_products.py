"""The demo products: ``filiera demo`` gives the demo brand four products with a composition,
steps at sites of its chain and a stored footprint, and the passport data: GTIN, commodity code,
label composition with EU fibres, texts for the wearer, processes and dates of the steps, and a
batch with traceability events for the T-shirt."""

from __future__ import annotations

import pytest
from django.test import Client

from filiera.footprint.models import FootprintResult
from filiera.products import demo
from filiera.products.identifiers import gtin_problem
from filiera.products.models import Product
from filiera.products.selectors import step_site_choices
from filiera.products.services import date_outside_step
from tests.chains.test_demo_chains import login_firm, run_demo


@pytest.fixture
def demo_district(db) -> str:
    return run_demo("--seed", "5")


def test_the_demo_brand_gets_products_with_footprints(demo_district):
    brand = login_firm("brand")
    products = {p.model_code: p for p in Product.objects.filter(brand=brand)}
    assert set(products) == {spec.model_code for spec in demo.PRODUCTS}
    offered = set(step_site_choices(brand).values_list("id", flat=True))
    for product in products.values():
        assert FootprintResult.objects.get(product=product).ecs > 0
        assert sum(product.materials.values_list("share", flat=True)) == 100
        steps = list(product.steps.select_related("site"))
        assert {s.stage for s in steps} - {"other"} == {"spinning", "fabric", "dyeing", "making"}
        assert all(s.site_id in offered for s in steps if s.site_id)
        assert all(s.process_id and s.started_on and s.finished_on for s in steps)
        assert len(product.gtin) == 14 and gtin_problem(product.gtin) is None
        assert len(product.commodity_code) == 8
        assert product.care and product.care_en and product.end_of_life_en
        for component in product.components.all():
            assert sum(component.fibres.values_list("percent", flat=True)) == 100
    tshirt = {s.stage: s for s in products["DEMO-TS-01"].steps.select_related("site")}
    assert tshirt["making"].site is not None and tshirt["making"].site.country == "IT"
    assert products["DEMO-TS-01"].mass_kg * 100 == 17
    jeans = {s.stage: s for s in products["DEMO-JE-03"].steps.all()}
    assert jeans["dyeing"].effective_country == "TR"
    jumper = {s.stage: s for s in products["DEMO-PU-02"].steps.select_related("site")}
    assert jumper["spinning"].site is not None  # a spinning mill of the chain
    assert products["DEMO-SW-04"].recycled_post_consumer == 82
    assert products["DEMO-JE-03"].components.count() == 2


def test_the_demo_t_shirt_has_a_batch_traced_through_its_steps(demo_district):
    tshirt = Product.objects.get(model_code="DEMO-TS-01")
    (batch,) = tshirt.batches.all()
    assert batch.has_serial("000250") and not batch.has_serial("000501")
    events = list(batch.events.select_related("step"))
    assert {e.step.stage for e in events} == {"spinning", "fabric", "dyeing", "making", "other"}
    assert all(e.step.product_id == tshirt.pk for e in events)
    assert not any(date_outside_step(e) for e in events)


def test_the_demo_brand_login_sees_its_products(demo_district):
    from django.contrib.auth import get_user_model

    brand = login_firm("brand")
    client = Client()
    client.force_login(get_user_model().objects.get(username="brand"))
    response = client.get(f"/firms/{brand.pk}/products/")
    assert response.status_code == 200 and len(response.context["products"]) == 4
    product = Product.objects.filter(brand=brand).first()
    assert client.get(product.get_absolute_url()).status_code == 200


def test_writing_again_adds_nothing(demo_district):
    from filiera.registry.models import District

    district = District.objects.get(slug="carpi")
    assert demo.write_products(district) == 0
    assert Product.objects.count() == len(demo.PRODUCTS)
