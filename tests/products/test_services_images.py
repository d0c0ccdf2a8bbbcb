"""Images: JPEG, PNG or WebP recognised by opening them, a size limit, at most eight, a
description required; removing deletes the file once committed."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from filiera.core.models import AuditEvent
from filiera.products import services
from filiera.products.models import ProductImage
from filiera.products.services import ProductError
from tests.products.conftest import png_bytes, upload


def test_a_real_png_is_stored_under_a_name_of_its_own(product, owner_a):
    image = services.add_image(
        owner_a, product, file=upload("../../etc/passwd.png", png_bytes()), alt=" Il  davanti "
    )
    assert image.alt == "Il davanti" and image.position == 1
    assert image.image.name.startswith(f"products/{product.pk}/") and image.image.name.endswith(
        ".png"
    )
    assert "passwd" not in image.image.name
    assert default_storage.exists(image.image.name)
    event = AuditEvent.objects.filter(object_type="products.product", action="update").latest("id")
    assert event.changes["images"][0] is None


@pytest.mark.parametrize(("kind", "ext"), [("JPEG", "jpg"), ("WEBP", "webp")])
def test_jpeg_and_webp_are_accepted_whatever_their_name(product, owner_a, kind, ext):
    data = png_bytes(kind=kind)
    image = services.add_image(owner_a, product, file=upload("photo.png", data), alt="Foto")
    assert image.image.name.endswith(f".{ext}")


@pytest.mark.parametrize(
    "data",
    [
        b"just some words, not a picture\n" * 10,
        png_bytes(kind="GIF"),
        png_bytes()[:40],  # truncated
    ],
)
def test_what_is_not_a_jpeg_png_or_webp_is_refused(product, owner_a, data):
    with pytest.raises(ProductError) as caught:
        services.add_image(owner_a, product, file=upload("picture.png", data), alt="Foto")
    assert caught.value.field == "image"
    assert not ProductImage.objects.exists()


def test_a_large_file_is_refused(product, owner_a, settings):
    settings.PRODUCT_IMAGE_MAX_BYTES = 100
    with pytest.raises(ProductError) as caught:
        services.add_image(owner_a, product, file=upload("big.png", png_bytes((64, 64))), alt="x")
    assert caught.value.field == "image" and "100" in caught.value.params["max"]


def test_the_description_is_required(product, owner_a):
    with pytest.raises(ProductError) as caught:
        services.add_image(owner_a, product, file=upload("a.png", png_bytes()), alt="  ")
    assert caught.value.field == "alt"
    assert not ProductImage.objects.exists()


def test_at_most_eight_images(product, owner_a):
    for n in range(8):
        services.add_image(owner_a, product, file=upload(f"{n}.png", png_bytes()), alt=f"n{n}")
    with pytest.raises(ProductError) as caught:
        services.add_image(owner_a, product, file=upload("9.png", png_bytes()), alt="nine")
    assert caught.value.field == "image"
    assert product.images.count() == 8
    assert list(product.images.values_list("position", flat=True)) == list(range(1, 9))


def test_descriptions_change_and_removal_deletes_the_file(
    product, owner_a, django_capture_on_commit_callbacks
):
    image = services.add_image(owner_a, product, file=upload("a.png", png_bytes()), alt="Uno")
    services.update_image(owner_a, image, alt="Davanti", alt_en="Front")
    image.refresh_from_db()
    assert (image.alt, image.alt_en) == ("Davanti", "Front")
    with pytest.raises(ProductError):
        services.update_image(owner_a, image, alt="")
    name = image.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_image(owner_a, image)
    assert not ProductImage.objects.exists()
    assert not default_storage.exists(name)


def test_deleting_the_product_deletes_its_pictures(
    product, owner_a, django_capture_on_commit_callbacks
):
    image = services.add_image(owner_a, product, file=upload("a.png", png_bytes()), alt="Uno")
    name = image.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_product(owner_a, product)
    assert not default_storage.exists(name)
