"""The images page: upload a real picture, refuse a text file named .png, change the
descriptions, remove; the picture file is served to the firm's people with its own type."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filiera.products.models import ProductImage
from tests.products.conftest import png_bytes


def images_url(product) -> str:
    return reverse("product_images", args=[product.brand_id, product.pk])


def test_upload_a_picture_and_see_it(client_for, owner_a, viewer_a, product):
    picture = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    response = client_for(owner_a).post(
        images_url(product), {"image": picture, "alt": "Il davanti", "alt_en": "The front"}
    )
    assert response.status_code == 302
    image = ProductImage.objects.get()
    assert (image.alt, image.alt_en) == ("Il davanti", "The front")
    file_url = reverse("product_image_file", args=[product.brand_id, product.pk, image.pk])
    assert file_url in client_for(owner_a).get(images_url(product)).content.decode()
    served = client_for(viewer_a).get(file_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png_bytes()


def test_a_text_file_named_png_is_refused(client_for, owner_a, product):
    fake = SimpleUploadedFile("photo.png", b"hello, I am text\n" * 20, content_type="image/png")
    response = client_for(owner_a).post(images_url(product), {"image": fake, "alt": "Foto"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["image"]
    assert 'id="image-error"' in response.content.decode()
    assert not ProductImage.objects.exists()


def test_the_description_is_required_on_the_page(client_for, owner_a, product):
    picture = SimpleUploadedFile("front.png", png_bytes(), content_type="image/png")
    response = client_for(owner_a).post(images_url(product), {"image": picture, "alt": ""})
    assert list(response.context["form"].errors) == ["alt"]
    assert not ProductImage.objects.exists()


def test_change_the_descriptions_and_remove(client_for, owner_a, traced):
    image = traced.images.get()
    edit = reverse("product_image_edit", args=[traced.brand_id, traced.pk, image.pk])
    prefix = f"image{image.pk}"
    response = client_for(owner_a).post(edit, {f"{prefix}-alt": "", f"{prefix}-alt_en": "x"})
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.alt == "Davanti"
    response = client_for(owner_a).post(
        edit, {f"{prefix}-alt": "Fronte", f"{prefix}-alt_en": "Front side"}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.alt, image.alt_en) == ("Fronte", "Front side")
    remove = reverse("product_image_remove", args=[traced.brand_id, traced.pk, image.pk])
    assert client_for(owner_a).get(remove).status_code == 405
    assert client_for(owner_a).post(remove).status_code == 302
    assert not ProductImage.objects.exists()


def test_a_picture_past_the_limit_is_refused_without_being_stored(
    client_for, owner_a, product, settings
):
    settings.PRODUCT_IMAGE_MAX_BYTES = 200
    picture = SimpleUploadedFile("big.png", png_bytes((300, 300)) + b"\0" * 400)
    response = client_for(owner_a).post(images_url(product), {"image": picture, "alt": "Foto"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["image"]
    assert not ProductImage.objects.exists()
