"""Who reaches the new product pages (label, substances, images, batches, import): the firm's
people read the batches and the pictures, its owners and editors (and the platform admin)
change things; district staff, verifiers, other firms and outsiders get 404; anonymous
visitors are sent to log in. Posts by those who may not change anything change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.products.models import Batch, BatchEvent, Product, ProductImage
from tests.conftest import PERSONAS
from tests.products.conftest import png_bytes

READ = ["product_batches", "product_batch", "product_image_file"]
CHANGE = [
    "product_label",
    "product_substances",
    "product_images",
    "product_batch_delete",
    "product_import",
]
POST_ONLY = [
    "product_image_edit",
    "product_image_remove",
    "product_batch_event_add",
    "product_batch_event_remove",
]
EDITORS = {"admin", "owner_a", "editor_a"}
READERS = EDITORS | {"viewer_a"}


def url(name: str, product: Product) -> str:
    batch = product.batches.get()
    image = product.images.get()
    event = batch.events.get()
    args: dict[str, list] = {
        "product_import": [product.brand_id],
        "product_batch": [product.brand_id, product.pk, batch.pk],
        "product_batch_delete": [product.brand_id, product.pk, batch.pk],
        "product_batch_event_add": [product.brand_id, product.pk, batch.pk],
        "product_batch_event_remove": [product.brand_id, product.pk, batch.pk, event.pk],
        "product_image_file": [product.brand_id, product.pk, image.pk],
        "product_image_edit": [product.brand_id, product.pk, image.pk],
        "product_image_remove": [product.brand_id, product.pk, image.pk],
    }
    return reverse(name, args=args.get(name, [product.brand_id, product.pk]))


def expected(persona: str, name: str) -> int:
    if persona in EDITORS:
        return 200
    if persona in READERS:
        return 200 if name in READ else 403
    return 404


@pytest.mark.parametrize("name", READ + CHANGE)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get_for_every_persona(request, client_for, traced, persona, name):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url(name, traced))
    assert response.status_code == expected(persona, name)


@pytest.mark.parametrize("name", READ + CHANGE + POST_ONLY)
def test_anonymous_visitors_are_sent_to_log_in(client_for, traced, name):
    response = client_for(None).post(url(name, traced), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client_for(None).get(url(name, traced))
    assert response.status_code == 302


def state(product: Product) -> tuple:
    return (
        list(product.components.values_list("name", flat=True)),
        list(product.substances.values_list("name", flat=True)),
        list(ProductImage.objects.values_list("alt", flat=True)),
        list(Batch.objects.values_list("lot", "quantity")),
        BatchEvent.objects.count(),
        Product.objects.count(),
    )


@pytest.mark.parametrize("name", ["product_batches", "product_batch", *CHANGE, *POST_ONLY])
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in EDITORS])
def test_posts_change_nothing_for_those_who_may_not(request, client_for, traced, persona, name):
    user = request.getfixturevalue(persona)
    before = state(traced)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "row1-component": "corpo",
        "row1-fibre": "5",
        "row1-percent": "100",
        "row1-name": "DEHP",
        "row1-cas_number": "117-81-7",
        "row1-concentration": "0.1",
        "alt": "Nuova",
        "image": SimpleUploadedFile("n.png", png_bytes(), content_type="image/png"),
        "lot": "NEW",
        "quantity": "5",
        "step": str(traced.steps.get(stage="making").pk),
        "occurred_on": "2025-03-11",
        "file": SimpleUploadedFile("p.csv", b"model_code,name,category,mass_kg\nX,X,pull,0.3\n"),
    }
    response = client_for(user).post(url(name, traced), data)
    assert response.status_code == (403 if persona == "viewer_a" else 404)
    assert state(traced) == before


def test_another_firms_batch_or_image_under_this_product_is_404(
    client_for, traced, owner_a, firm_b
):
    from filiera.products import services
    from tests.products.conftest import upload

    other = services.create_product(None, firm_b, name="Ricamo", category="tshirt", mass_kg="0.2")
    batch = services.create_batch(None, other, lot="B-1")
    image = services.add_image(None, other, file=upload("b.png", png_bytes()), alt="B")
    client = client_for(owner_a)
    assert (
        client.get(
            reverse("product_batch", args=[traced.brand_id, traced.pk, batch.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("product_image_file", args=[traced.brand_id, traced.pk, image.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("product_image_remove", args=[traced.brand_id, traced.pk, image.pk])
        ).status_code
        == 404
    )
    assert ProductImage.objects.filter(pk=image.pk).exists()
