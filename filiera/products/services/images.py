"""Pictures of the product for its pages and passport: JPEG, PNG or WebP (recognised by opening
the file with Pillow, not by its name), at most ``PRODUCT_IMAGE_MAX_BYTES`` each, at most eight
per product, each with a description for people who cannot see it."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat

from filiera.core.usererror import N_
from filiera.products.models import Product, ProductImage
from filiera.products.services.common import ProductError, record, touch

MAX_IMAGES = 8
# What Pillow calls each accepted format: (content type, file extension).
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
CONTENT_TYPES = {ext: content_type for content_type, ext in FORMATS.values()}


def max_bytes() -> int:
    return int(getattr(settings, "PRODUCT_IMAGE_MAX_BYTES", 5 * 1024 * 1024))


def content_type(image: ProductImage) -> str:
    suffix = PurePosixPath(image.image.name or "").suffix.lstrip(".").lower()
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def image_format(upload) -> str:
    """The Pillow format of an uploaded picture (``JPEG``, ``PNG`` or ``WEBP``), or a
    ``ProductError`` on ``image`` saying why it is refused."""
    from PIL import Image

    if upload is None:
        raise ProductError("image", N_("Image: choose a picture to upload."))
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ProductError("image", N_("Image: “%(name)s” is empty."), name=name)
    if size > max_bytes():
        raise ProductError(
            "image",
            N_("Image: “%(name)s” is %(size)s; the largest accepted is %(max)s."),
            name=name,
            size=filesizeformat(size),
            max=filesizeformat(max_bytes()),
        )
    upload.seek(0)
    try:
        with Image.open(upload) as picture:
            found = picture.format
            picture.verify()
    except Exception:  # Pillow raises many kinds: not an image, broken, a decompression bomb
        found = None
    finally:
        upload.seek(0)
    if found not in FORMATS:
        raise ProductError(
            "image",
            N_("Image: “%(name)s” is not a JPEG, PNG or WebP picture (or it is damaged)."),
            name=name,
        )
    return str(found)


def _alt(raw: Any, field: str) -> str:
    text = " ".join(str(raw or "").split())
    if len(text) > 200:
        raise ProductError(field, N_("Description of the image: use at most 200 characters."))
    return text


def _alts(alt: Any, alt_en: Any) -> tuple[str, str]:
    text = _alt(alt, "alt")
    if not text:
        raise ProductError(
            "alt",
            N_(
                "Description of the image: say in a few words what it shows, for people who "
                "cannot see it."
            ),
        )
    return text, _alt(alt_en, "alt_en")


def image_lines(product: Product) -> list[str]:
    return [f"{i.image.name} {i.alt}" for i in product.images.all()]


@transaction.atomic
def add_image(actor, product: Product, *, file, alt: str, alt_en: str = "") -> ProductImage:
    """Store a picture of the product (last in the order)."""
    Product.objects.select_for_update().filter(pk=product.pk).first()
    if product.images.count() >= MAX_IMAGES:
        raise ProductError(
            "image",
            N_("Image: a product has at most %(max)s images; remove one first."),
            max=MAX_IMAGES,
        )
    found = image_format(file)
    alt, alt_en = _alts(alt, alt_en)
    position = (product.images.aggregate(last=Max("position"))["last"] or 0) + 1
    image = ProductImage(product=product, alt=alt, alt_en=alt_en, position=position)
    file.seek(0)
    image.image.save(
        f"{uuid.uuid4().hex}.{FORMATS[found][1]}", ContentFile(file.read()), save=False
    )
    image.save()
    touch(product)
    record(actor, product, {"images": [None, f"{image.image.name} {alt}"]})
    return image


@transaction.atomic
def update_image(actor, image: ProductImage, *, alt: str, alt_en: str = "") -> ProductImage:
    """Change the descriptions of a picture."""
    alt, alt_en = _alts(alt, alt_en)
    before = (image.alt, image.alt_en)
    if before != (alt, alt_en):
        image.alt, image.alt_en = alt, alt_en
        image.save(update_fields=["alt", "alt_en"])
        record(
            actor,
            image.product,
            {f"image {image.image.name}": [list(before), [alt, alt_en]]},
        )
    return image


@transaction.atomic
def remove_image(actor, image: ProductImage) -> None:
    """Remove a picture; its file goes once the removal is committed."""
    product = image.product
    name = image.image.name or ""
    record(actor, product, {"images": [f"{name} {image.alt}", None]})
    image.delete()
    touch(product)
    if name:
        delete_files_on_commit([name])


def delete_files_on_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)
