"""Writes to products: the product itself, its composition and the sites of its steps.

Every write is atomic and audited on the brand's history; bad input raises ``ProductError``
naming the field (and the row, for the composition and the steps) and saves nothing. A write
that changes what the footprint is computed from ends by refreshing the stored footprint, in
the same transaction. Who may call these is checked by the views (``filiera.products.access``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.footprint import engine, labels
from filiera.footprint.services import refresh_footprint
from filiera.products.models import Product, ProductMaterial, ProductStep
from filiera.products.selectors import step_site_choices
from filiera.registry import countries
from filiera.registry.models import Firm, Site

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
PRODUCT_FIELDS = [*MAIN_FIELDS, *MAKING_FIELDS, *DURABILITY_FIELDS]
MAX_MATERIALS = engine.MAX_MATERIALS  # the footprint method's limit
HUNDRED = Decimal("100")
TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")
SiteRef = Site | int | str | None  # a site, its id (a form's text too) or no site


class ProductError(UserError):
    """Bad input to a product service: ``field`` names the form field, ``row`` (from 1) the
    row of the composition or of the steps it concerns, when there is one."""

    def __init__(
        self, field: str | None, template: str, *, row: int | None = None, **params: Any
    ) -> None:
        if row is not None:
            params["row"] = row
        super().__init__(template, **params)
        self.field = field
        self.row = row


def _refresh(product: Product) -> None:
    """Recompute the stored footprint from the product's current inputs (same transaction)."""
    refresh_footprint(product)


def _number(value: Decimal) -> str:
    return formats.number_format(value.normalize(), use_l10n=True)


# The product ---------------------------------------------------------------------------------


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


def _validate(product: Product) -> None:
    """The model's own checks (choices, limits, the model code once per brand), as an error
    naming the first field at fault."""
    if product.printing_ratio is not None and not product.printing:
        raise ProductError(
            "printing_ratio",
            N_("Printed share of the surface: choose the printing kind too, or leave it empty."),
        )
    if product.model_code and model_code_taken(product):
        raise ProductError(
            "model_code", N_("Model code: another product of this brand has this model code.")
        )
    try:
        product.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
        name = next((f for f in PRODUCT_FIELDS if f in errors), next(iter(errors)))
        message = errors[name][0]
        if name in PRODUCT_FIELDS:
            label = str(getattr(Product._meta.get_field(name), "verbose_name", name))
            raise ProductError(
                name, "%(label)s: %(message)s", label=label, message=message
            ) from exc
        raise ProductError(None, "%(message)s", message=message) from exc


def _snapshot(product: Product) -> dict[str, Any]:
    return audit.snapshot(product, PRODUCT_FIELDS)


@transaction.atomic
def create_product(actor, brand: Firm, **fields: Any) -> Product:
    _check_fields(fields)
    product = Product(brand=brand, **fields)
    _validate(product)
    product.save()
    audit.record(
        actor,
        "create",
        product,
        changes=audit.diff({}, _snapshot(product)),
        firm_id=brand.pk,
    )
    _refresh(product)
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
        audit.record(actor, "update", product, changes=changes, firm_id=product.brand_id)
        _refresh(product)
    return product


@transaction.atomic
def delete_product(actor, product: Product) -> None:
    """Delete the product with its composition, steps and stored footprint."""
    changes = audit.diff(_snapshot(product), {}) | {"composition": [_composition(product), None]}
    audit.record(actor, "delete", product, changes=changes, firm_id=product.brand_id)
    product.delete()


# Composition ---------------------------------------------------------------------------------


def _composition(product: Product) -> list[str]:
    return [
        f"{m.material} {m.share.normalize():f}%{' ' + m.country if m.country else ''}"
        for m in product.materials.order_by("-share", "id")
    ]


def _share(row: int, raw: Any) -> Decimal:
    try:
        share = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        share = Decimal("NaN")
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


def _country(row: int | None, raw: Any, step: str = "") -> str:
    code = str(raw or "").strip().upper()
    if code and not countries.is_code(code):
        if step:
            raise ProductError(
                "country",
                N_("%(step)s, country: “%(value)s” is not a country code (two letters, e.g. PT)."),
                row=row,
                step=step,
                value=raw,
            )
        raise ProductError(
            "country",
            N_("Row %(row)s, country: “%(value)s” is not a country code (two letters, e.g. PT)."),
            row=row,
            value=raw,
        )
    return code


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
        country = _country(row, raw_country)
        result.append(ProductMaterial(material=material, share=share, country=country))
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
                total=_number(total),
                needed=_number(needed),
            )
        raise ProductError(
            "share",
            N_(
                "Row %(row)s, share: the shares add up to %(total)s %%, not 100 %%; "
                "lower the shares of rows 1 to %(row)s."
            ),
            row=last,
            total=_number(total),
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
    before = _composition(product)
    product.materials.all().delete()
    for material in materials:
        material.product = product
    ProductMaterial.objects.bulk_create(materials)
    after = _composition(product)
    if before != after:
        product.save(update_fields=["updated_at"])
        audit.record(
            actor,
            "update",
            product,
            changes={"composition": [before, after]},
            firm_id=product.brand_id,
        )
    _refresh(product)
    return product


# Steps ---------------------------------------------------------------------------------------


def _steps(product: Product) -> list[str]:
    return [
        f"{s.stage}: {('site ' + str(s.site_id)) if s.site_id else (s.country or '-')}"
        for s in product.steps.order_by("stage")
    ]


def _site(row: int, step: str, site: SiteRef, allowed: set[int]) -> int | None:
    if site is None or site == "":
        return None
    try:
        site_id = site.pk if isinstance(site, Site) else int(site)
    except (TypeError, ValueError):
        site_id = None
    if site_id is None or site_id not in allowed:
        raise ProductError(
            "site",
            N_("%(step)s, site: choose one of the sites of your firm or of your chain."),
            row=row,
            step=step,
        )
    return site_id


def check_steps(product: Product, rows: Iterable[tuple[Any, SiteRef, Any]]) -> list[ProductStep]:
    """The rows as unsaved ``ProductStep`` objects (rows with neither site nor country are
    dropped: the step is not known), or the first error found."""
    stages = dict(ProductStep.Stage.choices)
    allowed: set[int] | None = None
    seen: set[str] = set()
    result = []
    for row, (stage, site, raw_country) in enumerate(rows, start=1):
        if stage not in stages:
            raise ProductError(
                "stage", N_("Row %(row)s, step: unknown step “%(value)s”."), row=row, value=stage
            )
        label = str(stages[stage])
        if stage in seen:
            raise ProductError(
                "stage", N_("%(step)s: the step is listed twice."), row=row, step=label
            )
        seen.add(stage)
        if site is not None and site != "" and allowed is None:
            allowed = set(step_site_choices(product.brand).values_list("id", flat=True))
        site_id = _site(row, label, site, allowed or set())
        country = "" if site_id is not None else _country(row, raw_country, label)
        if site_id is None and not country:
            continue
        result.append(ProductStep(stage=stage, site_id=site_id, country=country))
    return result


@transaction.atomic
def set_steps(actor, product: Product, rows: Iterable[tuple[Any, SiteRef, Any]]) -> Product:
    """Replace the steps with ``rows`` of (stage, site or None, country): a site must be one
    of ``step_site_choices(product.brand)``; the country counts only without a site."""
    steps = check_steps(product, rows)
    before = _steps(product)
    product.steps.all().delete()
    for step in steps:
        step.product = product
    ProductStep.objects.bulk_create(steps)
    after = _steps(product)
    if before != after:
        product.save(update_fields=["updated_at"])
        audit.record(
            actor, "update", product, changes={"steps": [before, after]}, firm_id=product.brand_id
        )
    _refresh(product)
    return product
