"""The product itself: adding, changing and deleting it.

The GTIN is checked (digits, length, check digit) and stored in its 14-digit form; the commodity
code is stored without the spaces and dots people often type.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from filiera.core import audit
from filiera.core.usererror import N_
from filiera.products import identifiers
from filiera.products.models import Product
from filiera.products.services.common import HUNDRED, ProductError, record, refresh
from filiera.registry.models import Firm

# The product's fields in the groups its form shows them.
MAIN_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "model_code",
    "category",
    "mass_kg",
)
IDENTIFIER_FIELDS = ("gtin", "commodity_code")
RECYCLED_FIELDS = ("recycled_pre_consumer", "recycled_post_consumer")
WEARER_FIELDS = (
    "care",
    "care_en",
    "durability",
    "durability_en",
    "end_of_life",
    "end_of_life_en",
)
MAKING_FIELDS = (
    "fabric_process",
    "making_complexity",
    "dyeing_process",
    "printing",
    "printing_ratio",
    "fading",
    "upcycled",
)
DURABILITY_FIELDS = ("price_eur", "catalogue_references", "repair_service")
PRODUCT_FIELDS = [
    *MAIN_FIELDS,
    *IDENTIFIER_FIELDS,
    *RECYCLED_FIELDS,
    *WEARER_FIELDS,
    *MAKING_FIELDS,
    *DURABILITY_FIELDS,
]


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(PRODUCT_FIELDS))
    if unknown:
        raise TypeError(f"Unknown product fields: {', '.join(unknown)}")


def model_code_taken(product: Product) -> bool:
    return (
        Product.objects.filter(brand_id=product.brand_id, model_code=product.model_code)
        .exclude(pk=product.pk)
        .exists()
    )


def gtin_taken(product: Product) -> bool:
    return Product.objects.filter(gtin=product.gtin).exclude(pk=product.pk).exists()


def clean_gtin(raw: Any) -> str:
    """The 14-digit GTIN, "" for none; ``ProductError`` on ``gtin`` saying what is wrong (for a
    wrong check digit: the digit expected)."""
    value = "".join(str(raw or "").split())
    if not value:
        return ""
    problem = identifiers.gtin_problem(value)
    if problem:
        raise ProductError("gtin", N_("GTIN: %(message)s"), message=problem)
    return identifiers.normalize_gtin(value)


def clean_commodity_code(raw: Any) -> str:
    """The code without spaces and dots (``6109 10 00`` is ``61091000``)."""
    return "".join(ch for ch in str(raw or "") if ch not in " .\t")


def _label(name: str) -> str:
    return str(getattr(Product._meta.get_field(name), "verbose_name", name))


def _validate(product: Product) -> None:
    """The model's own checks (choices, limits, the model code once per brand, the GTIN once),
    as an error naming the first field at fault."""
    product.gtin = clean_gtin(product.gtin)
    product.commodity_code = clean_commodity_code(product.commodity_code)
    if product.printing_ratio is not None and not product.printing:
        raise ProductError(
            "printing_ratio",
            N_("Printed share of the surface: choose the printing kind too, or leave it empty."),
        )
    if product.model_code and model_code_taken(product):
        raise ProductError(
            "model_code", N_("Model code: another product of this brand has this model code.")
        )
    if product.gtin and gtin_taken(product):
        raise ProductError("gtin", N_("GTIN: another product already has this GTIN."))
    try:
        product.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
        name = next((f for f in PRODUCT_FIELDS if f in errors), next(iter(errors)))
        message = errors[name][0]
        if name in PRODUCT_FIELDS:
            raise ProductError(
                name, "%(label)s: %(message)s", label=_label(name), message=message
            ) from exc
        raise ProductError(None, "%(message)s", message=message) from exc
    pre, post = product.recycled_pre_consumer, product.recycled_post_consumer
    if pre is not None and post is not None and pre + post > HUNDRED:
        raise ProductError(
            "recycled_post_consumer",
            N_(
                "Recycled content: pre-consumer and post-consumer together can be at most "
                "100 %% of the product."
            ),
        )


def _snapshot(product: Product) -> dict[str, Any]:
    return audit.snapshot(product, PRODUCT_FIELDS)


@transaction.atomic
def create_product(actor, brand: Firm, **fields: Any) -> Product:
    _check_fields(fields)
    product = Product(brand=brand, **fields)
    _validate(product)
    product.save()
    record(actor, product, audit.diff({}, _snapshot(product)), action="create")
    refresh(product)
    return product


@transaction.atomic
def update_product(actor, product: Product, **fields: Any) -> Product:
    _check_fields(fields)
    before = _snapshot(Product.objects.get(pk=product.pk))
    for name, value in fields.items():
        setattr(product, name, value)
    _validate(product)
    product.save()
    changes = audit.diff(before, _snapshot(Product.objects.get(pk=product.pk)))
    if changes:
        record(actor, product, changes)
        refresh(product)
    return product


@transaction.atomic
def delete_product(actor, product: Product) -> None:
    """Delete the product with everything it has: composition, label, steps, batches, images
    (their files once the deletion is committed) and stored footprint."""
    from filiera.products.services.composition import composition_lines

    changes = audit.diff(_snapshot(product), {}) | {
        "composition": [composition_lines(product), None]
    }
    files = [str(image.image.name) for image in product.images.all() if image.image.name]
    record(actor, product, changes, action="delete")
    product.delete()
    if files:
        from filiera.products.services.images import delete_files_on_commit

        delete_files_on_commit(files)
