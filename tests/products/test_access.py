"""Who reaches each product page: the firm's people read, its owners and editors change, the
platform admin does both; district staff, other firms and outsiders get 404; anonymous
visitors are sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.products import services
from filiera.products.access import can_edit_products, can_view_products
from filiera.products.models import Product
from tests.conftest import PERSONAS

READ = ["product_list", "product_detail"]
CHANGE = [
    "product_create",
    "product_edit",
    "product_composition",
    "product_steps",
    "product_delete",
]
EDITORS = {"admin", "owner_a", "editor_a"}
READERS = EDITORS | {"viewer_a"}


def url(name: str, product: Product) -> str:
    if name in ("product_list", "product_create"):
        return reverse(name, args=[product.brand_id])
    return reverse(name, args=[product.brand_id, product.pk])


def expected(persona: str, name: str) -> int:
    if persona in EDITORS:
        return 200
    if persona in READERS:
        return 200 if name in READ else 403
    return 404


@pytest.mark.parametrize("name", READ + CHANGE)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_for_every_persona(request, client_for, composed, persona, name):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url(name, composed))
    assert response.status_code == expected(persona, name)


@pytest.mark.parametrize("name", READ + CHANGE)
def test_anonymous_visitors_are_sent_to_log_in(client_for, composed, name):
    target = url(name, composed)
    response = client_for(None).get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", CHANGE)
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in EDITORS])
def test_posts_change_nothing_for_those_who_may_not(request, client_for, composed, persona, name):
    user = request.getfixturevalue(persona)
    data = {"name": "Cambiata", "category": "tshirt", "mass_kg": "0.2", "row1-material": "ei-coton"}
    response = client_for(user).post(url(name, composed), data)
    assert response.status_code == (403 if persona == "viewer_a" else 404)
    composed.refresh_from_db()
    assert composed.name == "Maglia girocollo"
    assert Product.objects.count() == 1
    assert composed.materials.count() == 2


def test_a_product_is_reached_only_through_its_own_firm(
    client_for, composed, owner_a, owner_b, firm_a, firm_b
):
    other = services.create_product(None, firm_b, name="Ricamo", category="tshirt", mass_kg="0.2")
    # Each owner, with the other firm's product under the address of their own firm.
    mixed_b = reverse("product_detail", args=[firm_b.pk, composed.pk])
    mixed_a = reverse("product_edit", args=[firm_a.pk, other.pk])
    assert client_for(owner_b).get(mixed_b).status_code == 404
    assert client_for(owner_a).get(mixed_a).status_code == 404
    assert client_for(owner_b).get(other.get_absolute_url()).status_code == 200


def test_the_access_helpers(firm_a, admin, owner_a, editor_a, viewer_a, manager, owner_b):
    assert [can_view_products(u, firm_a) for u in (admin, owner_a, editor_a, viewer_a)] == [
        True
    ] * 4
    assert not can_view_products(manager, firm_a) and not can_view_products(owner_b, firm_a)
    assert can_edit_products(editor_a, firm_a) and not can_edit_products(viewer_a, firm_a)


def test_the_firm_page_links_to_the_products_for_its_people_only(
    client_for, firm_a, viewer_a, manager
):
    products = reverse("product_list", args=[firm_a.pk])
    assert products in client_for(viewer_a).get(firm_a.get_absolute_url()).content.decode()
    assert products not in client_for(manager).get(firm_a.get_absolute_url()).content.decode()
