"""Product services: creating, changing and deleting a product, audited, with errors that
name the field and nothing saved on error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from filiera.core.models import AuditEvent
from filiera.footprint.models import FootprintResult
from filiera.products import services
from filiera.products.models import Product
from filiera.products.services import ProductError


def events(product_id, action=None):
    found = AuditEvent.objects.filter(object_type="products.product", object_id=str(product_id))
    return found.filter(action=action) if action else found


def test_create_records_who_and_what(product, owner_a, firm_a):
    (event,) = events(product.pk, "create")
    assert event.actor == owner_a and event.firm_id == firm_a.pk
    assert event.changes["name"] == [None, "Maglia girocollo"]
    assert event.changes["category"] == [None, "pull"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mass_kg": Decimal("0")}, "mass_kg"),
        ({"mass_kg": Decimal("0.12345")}, "mass_kg"),
        ({"mass_kg": Decimal("101")}, "mass_kg"),
        ({"category": "kimono"}, "category"),
        ({"name": ""}, "name"),
        ({"making_complexity": "extreme"}, "making_complexity"),
        ({"printing_ratio": Decimal("0.2")}, "printing_ratio"),
        ({"printing": "pigment", "printing_ratio": Decimal("0.9")}, "printing_ratio"),
        ({"price_eur": Decimal("0.5")}, "price_eur"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(firm_a, owner_a, fields, field):
    data = {"name": "Felpa", "category": "pull", "mass_kg": Decimal("0.5")} | fields
    with pytest.raises(ProductError) as caught:
        services.create_product(owner_a, firm_a, **data)
    assert caught.value.field == field
    assert not Product.objects.exists()
    assert not AuditEvent.objects.filter(object_type="products.product").exists()


def test_the_model_code_is_once_per_brand(product, firm_a, firm_b, owner_a):
    with pytest.raises(ProductError) as caught:
        services.create_product(
            owner_a, firm_a, name="Altro", category="pull", mass_kg="0.3", model_code="MG-01"
        )
    assert caught.value.field == "model_code"
    # Another firm may use the same code.
    services.create_product(
        None, firm_b, name="Altro", category="pull", mass_kg="0.3", model_code="MG-01"
    )


def test_unknown_fields_are_a_programming_error(firm_a):
    with pytest.raises(TypeError):
        services.create_product(None, firm_a, name="X", category="pull", mass_kg=1, colour="red")


def test_update_records_the_changes_and_nothing_when_unchanged(product, editor_a):
    services.update_product(editor_a, product, mass_kg=Decimal("0.4"), name="Maglia")
    (event,) = events(product.pk, "update")
    assert event.actor == editor_a
    assert event.changes == {
        "mass_kg": ["0.3500", "0.4000"],
        "name": ["Maglia girocollo", "Maglia"],
    }
    services.update_product(editor_a, product, name="Maglia")
    assert events(product.pk, "update").count() == 1


def test_a_refused_update_saves_nothing(product, owner_a):
    with pytest.raises(ProductError) as caught:
        services.update_product(owner_a, product, name="Nuovo", mass_kg=Decimal("-1"))
    assert caught.value.field == "mass_kg"
    product.refresh_from_db()
    assert product.name == "Maglia girocollo" and product.mass_kg == Decimal("0.35")


def test_the_footprint_follows_the_product(composed, owner_a):
    stored = FootprintResult.objects.get(product=composed)
    assert stored.ecs > 0 and stored.query["mass"] == 0.35
    services.update_product(owner_a, composed, mass_kg=Decimal("0.7"))
    heavier = FootprintResult.objects.get(product=composed)
    assert heavier.query["mass"] == 0.7 and heavier.ecs > stored.ecs


def test_delete_removes_everything_and_is_recorded(composed, owner_a, firm_a):
    pk = composed.pk
    services.delete_product(owner_a, composed)
    assert not Product.objects.filter(pk=pk).exists()
    assert not FootprintResult.objects.filter(product_id=pk).exists()
    (event,) = events(pk, "delete")
    assert event.firm_id == firm_a.pk and event.actor == owner_a
    assert event.changes["name"] == ["Maglia girocollo", None]
    assert event.changes["composition"][0] == ["ei-laine-par-defaut 70% IT", "ei-pa 30%"]
