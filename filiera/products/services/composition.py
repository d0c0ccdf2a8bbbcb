"""What the footprint is computed from: up to five materials of the footprint method, each with
its share of the product's mass and its country of origin."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from filiera.core.usererror import N_
from filiera.footprint import engine, labels
from filiera.products.models import Product, ProductMaterial
from filiera.products.services.common import (
    CENT,
    HUNDRED,
    ProductError,
    country,
    decimal,
    number,
    record,
    refresh,
    touch,
)

MAX_MATERIALS = engine.MAX_MATERIALS  # the footprint method's limit
TOLERANCE = Decimal("0.01")


def composition_lines(product: Product) -> list[str]:
    return [
        f"{m.material} {m.share.normalize():f}%{' ' + m.country if m.country else ''}"
        for m in product.materials.order_by("-share", "id")
    ]


def _share(row: int, raw: Any) -> Decimal:
    share = decimal(raw)
    if not share.is_finite():
        raise ProductError(
            "share",
            N_("Row %(row)s, share: write a percentage, e.g. 60."),
            row=row,
        )
    if share <= 0 or share > HUNDRED:
        raise ProductError(
            "share",
            N_("Row %(row)s, share: it must be more than 0 and at most 100 %%."),
            row=row,
        )
    if share != share.quantize(CENT):
        raise ProductError("share", N_("Row %(row)s, share: use at most two decimals."), row=row)
    return share


def check_composition(rows: Sequence[tuple[Any, Any, Any]]) -> list[ProductMaterial]:
    """The rows as unsaved ``ProductMaterial`` objects, or the first error found."""
    if not rows:
        raise ProductError("materials", N_("Composition: add at least one material."))
    if len(rows) > MAX_MATERIALS:
        raise ProductError(
            "materials",
            N_("Composition: at most %(max)s materials (the limit of the footprint method)."),
            max=MAX_MATERIALS,
        )
    seen: dict[str, int] = {}
    result = []
    for row, (material, raw_share, raw_country) in enumerate(rows, start=1):
        material = str(material or "").strip()
        if material not in labels.MATERIALS:
            raise ProductError(
                "material", N_("Row %(row)s, material: choose a material from the list."), row=row
            )
        if material in seen:
            raise ProductError(
                "material",
                N_("Row %(row)s, material: %(material)s is already in row %(first)s."),
                row=row,
                material=str(labels.MATERIALS[material]),
                first=seen[material],
            )
        seen[material] = row
        share = _share(row, raw_share)
        code = country(row, raw_country)
        result.append(ProductMaterial(material=material, share=share, country=code))
    total = sum((m.share for m in result), Decimal(0))
    if abs(total - HUNDRED) > TOLERANCE:
        last = len(result)
        needed = HUNDRED - (total - result[-1].share)
        if Decimal(0) < needed <= HUNDRED:
            raise ProductError(
                "share",
                N_(
                    "Row %(row)s, share: the shares add up to %(total)s %%, not 100 %%; "
                    "this row would need %(needed)s %%."
                ),
                row=last,
                total=number(total),
                needed=number(needed),
            )
        raise ProductError(
            "share",
            N_(
                "Row %(row)s, share: the shares add up to %(total)s %%, not 100 %%; "
                "lower the shares of rows 1 to %(row)s."
            ),
            row=last,
            total=number(total),
        )
    if total != HUNDRED:
        # Within the tolerance (three times 33.33): the largest share takes the remainder, so the
        # stored composition adds up to exactly 100 %, as the footprint method needs.
        largest = max(result, key=lambda m: m.share)
        largest.share += HUNDRED - total
    return result


@transaction.atomic
def set_composition(actor, product: Product, rows: Sequence[tuple[Any, Any, Any]]) -> Product:
    """Replace the composition with ``rows`` of (material id, share in %, country or "")."""
    materials = check_composition(rows)
    before = composition_lines(product)
    product.materials.all().delete()
    for material in materials:
        material.product = product
    ProductMaterial.objects.bulk_create(materials)
    after = composition_lines(product)
    if before != after:
        touch(product)
        record(actor, product, {"composition": [before, after]})
    refresh(product)
    return product
