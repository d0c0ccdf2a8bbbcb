"""The footprint method's query for a product, built from what the brand entered.

The query uses Ecobalyse's field names. Shares become fractions (40 % → 0.4). Each step's
country (its site's, else the one named on the step) becomes the method's zone: Italy counts as
Western Europe (``REO``). A step with no known country is left out, so the method uses its
penalising default for an unknown country. Optional fields appear only when the product sets
them; otherwise the category's default applies.
"""

from __future__ import annotations

from typing import Any

from filiera.footprint import engine
from filiera.products.models import Product, ProductMaterial, ProductStep

# Product step → the query field holding that step's zone.
STEP_FIELDS = {
    "spinning": "countrySpinning",
    "fabric": "countryFabric",
    "dyeing": "countryDyeing",
    "making": "countryMaking",
}
UNKNOWN_ZONE = engine.UNKNOWN_ZONE
LARGE = "large"


def _number(value: Any) -> float | int:
    """A Decimal as a JSON number: an int when it is whole, so the query reads naturally."""
    number = float(value)
    return int(number) if number.is_integer() else number


def business_for(product: Product) -> str | None:
    """The kind of business for the durability index: large firms with or without a repair
    service, smaller ones as "small business". An unknown size keeps the category's default
    (a large business), with the repair service when the product has one."""
    size = product.brand.size_class
    if size == LARGE or (not size and product.repair_service):
        return (
            "large-business-with-services"
            if product.repair_service
            else "large-business-without-services"
        )
    if size:
        return "small-business"
    return None


def materials_for(product: Product) -> list[dict[str, Any]]:
    rows = ProductMaterial.objects.filter(product=product).order_by("-share", "material")
    materials: list[dict[str, Any]] = []
    for row in rows:
        item: dict[str, Any] = {"id": row.material, "share": float(row.share / 100)}
        zone = engine.zone_for_country(row.country) if row.country else UNKNOWN_ZONE
        if zone != UNKNOWN_ZONE:
            item["country"] = zone
        materials.append(item)
    return materials


def step_countries(product: Product) -> dict[str, str]:
    """``{stage: ISO-2 country}`` for the steps whose country is known."""
    steps = ProductStep.objects.filter(product=product).select_related("site")
    return {step.stage: step.effective_country for step in steps if step.effective_country}


def query_for(product: Product) -> dict[str, Any]:
    """The engine query for ``product`` (read fresh from the database, never from a cache)."""
    query: dict[str, Any] = {
        "product": product.category,
        "mass": _number(product.mass_kg),
        "materials": materials_for(product),
    }
    for stage, country in step_countries(product).items():
        zone = engine.zone_for_country(country)
        if stage in STEP_FIELDS and zone != UNKNOWN_ZONE:
            query[STEP_FIELDS[stage]] = zone
    if product.fabric_process:
        query["fabricProcess"] = product.fabric_process
    if product.making_complexity:
        query["makingComplexity"] = product.making_complexity
    if product.dyeing_process:
        query["dyeingProcessType"] = product.dyeing_process
    if product.printing:
        printing: dict[str, Any] = {"kind": product.printing}
        if product.printing_ratio is not None:
            printing["ratio"] = _number(product.printing_ratio)
        query["printing"] = printing
    if product.fading:
        query["fading"] = True
    if product.upcycled:
        query["upcycled"] = True
    if product.price_eur is not None:
        query["price"] = _number(product.price_eur)
    if product.catalogue_references is not None:
        query["numberOfReferences"] = product.catalogue_references
    business = business_for(product)
    if business:
        query["business"] = business
    return query
