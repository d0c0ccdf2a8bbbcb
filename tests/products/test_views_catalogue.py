"""The product list, adding a product, changing it and deleting it, through the pages."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.footprint.models import FootprintResult
from filiera.products.models import Product


def form_data(**extra) -> dict:
    return {
        "name": "T-shirt girocollo",
        "name_en": "Crew-neck T-shirt",
        "description": "",
        "description_en": "",
        "model_code": "TS-1",
        "category": "tshirt",
        "mass_kg": "0.17",
        "fabric_process": "",
        "making_complexity": "",
        "dyeing_process": "",
        "printing": "",
        "printing_ratio": "",
        "price_eur": "",
        "catalogue_references": "",
    } | extra


def test_the_list_shows_each_product_with_its_footprint(client_for, viewer_a, composed, firm_a):
    from filiera.products import services

    services.create_product(None, firm_a, name="Abito", category="jupe", mass_kg="0.3")
    response = client_for(viewer_a).get(reverse("product_list", args=[firm_a.pk]))
    assert response.status_code == 200
    names = [p.name for p in response.context["products"]]
    assert names == ["Abito", "Maglia girocollo"]
    body = response.content.decode()
    ecs = FootprintResult.objects.get(product=composed).ecs
    assert f'data-ecs="{ecs:f}"' in body
    assert f'data-product="{composed.pk}"' in body and "MG-01" in body
    assert not response.context["can_edit"]
    assert reverse("product_create", args=[firm_a.pk]) not in body


def test_the_list_is_empty_at_first(client_for, owner_a, firm_a):
    response = client_for(owner_a).get(reverse("product_list", args=[firm_a.pk]))
    assert 'id="no-products"' in response.content.decode()
    assert reverse("product_create", args=[firm_a.pk]) in response.content.decode()


def test_create_then_go_on_to_the_composition(client_for, editor_a, firm_a):
    response = client_for(editor_a).post(
        reverse("product_create", args=[firm_a.pk]), form_data(price_eur="25", fading="on")
    )
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("product_composition", args=[firm_a.pk, product.pk])
    assert product.brand == firm_a and product.mass_kg == Decimal("0.17")
    assert product.price_eur == Decimal("25") and product.fading
    assert AuditEvent.objects.filter(action="create", object_type="products.product").exists()


def test_the_form_names_the_bad_fields_and_saves_nothing(client_for, owner_a, firm_a, composed):
    response = client_for(owner_a).post(
        reverse("product_create", args=[firm_a.pk]),
        form_data(mass_kg="0", category="kimono", model_code="MG-01"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"mass_kg", "category", "model_code"}
    assert Product.objects.count() == 1


def test_printing_share_without_printing_is_refused_on_its_field(client_for, owner_a, firm_a):
    response = client_for(owner_a).post(
        reverse("product_create", args=[firm_a.pk]), form_data(printing_ratio="0.2")
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["printing_ratio"]
    assert not Product.objects.exists()


def test_edit_changes_the_product_and_its_footprint(client_for, owner_a, composed, firm_a):
    before = FootprintResult.objects.get(product=composed).ecs
    edit = reverse("product_edit", args=[firm_a.pk, composed.pk])
    page = client_for(owner_a).get(edit)
    assert page.context["form"].initial["model_code"] == "MG-01"
    response = client_for(owner_a).post(
        edit, form_data(name="Maglia", category="pull", mass_kg="0.7", model_code="MG-01")
    )
    assert response.status_code == 302 and response["Location"] == composed.get_absolute_url()
    composed.refresh_from_db()
    assert composed.name == "Maglia" and composed.mass_kg == Decimal("0.7")
    assert FootprintResult.objects.get(product=composed).ecs > before


def test_delete_asks_first_then_deletes(client_for, owner_a, composed, firm_a):
    url = reverse("product_delete", args=[firm_a.pk, composed.pk])
    page = client_for(owner_a).get(url)
    assert page.status_code == 200 and page.context["materials"] == 2
    assert Product.objects.exists()
    response = client_for(owner_a).post(url)
    assert response["Location"] == reverse("product_list", args=[firm_a.pk])
    assert not Product.objects.exists()
