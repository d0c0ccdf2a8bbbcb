"""The product's passport fields: GTIN (check digit explained, stored as 14 digits, once on the
platform), commodity code, recycled content and the texts for the wearer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from filiera.core.models import AuditEvent
from filiera.products import services
from filiera.products.models import Product
from filiera.products.services import ProductError

BASE = {"name": "Felpa", "category": "pull", "mass_kg": Decimal("0.5")}


def test_a_gtin_is_stored_with_14_digits(firm_a, owner_a):
    product = services.create_product(owner_a, firm_a, gtin=" 8012345 000012 ", **BASE)
    assert product.gtin == "08012345000012"
    product.refresh_from_db()
    assert product.gtin == "08012345000012"
    event = AuditEvent.objects.get(
        object_type="products.product", object_id=str(product.pk), action="create"
    )
    assert event.changes["gtin"] == [None, "08012345000012"]


@pytest.mark.parametrize(
    ("gtin", "words"),
    [
        ("8012345000013", "should be 2"),
        ("80123450000", "8, 12, 13 or 14"),
        ("80123450000A2", "digits only"),
    ],
)
def test_a_bad_gtin_is_refused_saying_why(firm_a, owner_a, gtin, words):
    with translation.override("en"), pytest.raises(ProductError) as caught:
        services.create_product(owner_a, firm_a, gtin=gtin, **BASE)
    assert caught.value.field == "gtin"
    with translation.override("en"):
        assert words in caught.value.translated()
    assert not Product.objects.exists()


def test_a_gtin_is_once_on_the_platform(firm_a, firm_b, owner_a):
    services.create_product(owner_a, firm_a, gtin="8012345000012", **BASE)
    with pytest.raises(ProductError) as caught:
        services.create_product(None, firm_b, gtin="08012345000012", **BASE)
    assert caught.value.field == "gtin"
    assert Product.objects.count() == 1


def test_the_commodity_code_loses_spaces_and_dots(firm_a, owner_a):
    product = services.create_product(owner_a, firm_a, commodity_code="6109.10 00", **BASE)
    assert product.commodity_code == "61091000"
    with pytest.raises(ProductError) as caught:
        services.update_product(owner_a, product, commodity_code="6109-10")
    assert caught.value.field == "commodity_code"
    product.refresh_from_db()
    assert product.commodity_code == "61091000"


def test_recycled_content_is_at_most_the_whole_product(firm_a, owner_a):
    product = services.create_product(
        owner_a,
        firm_a,
        recycled_pre_consumer=Decimal("20"),
        recycled_post_consumer=Decimal("30"),
        **BASE,
    )
    with pytest.raises(ProductError) as caught:
        services.update_product(owner_a, product, recycled_post_consumer=Decimal("81"))
    assert caught.value.field == "recycled_post_consumer"
    with pytest.raises(ProductError) as caught:
        services.update_product(owner_a, product, recycled_pre_consumer=Decimal("101"))
    assert caught.value.field == "recycled_pre_consumer"
    product.refresh_from_db()
    assert (product.recycled_pre_consumer, product.recycled_post_consumer) == (20, 30)


def test_the_texts_for_the_wearer_are_kept_in_both_languages(product, editor_a):
    services.update_product(
        editor_a, product, care="Lavare a 30 °C", care_en="Wash at 30 °C", end_of_life="Riusare"
    )
    product.refresh_from_db()
    assert (product.care, product.care_en, product.end_of_life) == (
        "Lavare a 30 °C",
        "Wash at 30 °C",
        "Riusare",
    )
    event = AuditEvent.objects.filter(
        object_type="products.product", object_id=str(product.pk), action="update"
    ).latest("id")
    assert event.changes["care_en"] == ["", "Wash at 30 °C"]
