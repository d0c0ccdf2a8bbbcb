"""The columns of the two sheets: products (one row per product) and steps (one row per step)."""

from __future__ import annotations

import re

PRODUCTS = "products"
STEPS = "steps"

PRODUCT_COLUMNS = (
    "model_code",
    "name",
    "name_en",
    "description",
    "description_en",
    "category",
    "mass_kg",
    "gtin",
    "commodity_code",
    "recycled_pre_consumer",
    "recycled_post_consumer",
    "care",
    "care_en",
    "durability",
    "durability_en",
    "end_of_life",
    "end_of_life_en",
    "composition",
    "materials",
    "fabric_process",
    "making_complexity",
    "dyeing_process",
    "printing",
    "printing_ratio",
    "fading",
    "upcycled",
    "price_eur",
    "catalogue_references",
    "repair_service",
)
STEP_COLUMNS = ("model_code", "stage", "process", "site", "country", "started_on", "finished_on")
REQUIRED = {PRODUCTS: ("model_code",), STEPS: ("model_code", "stage")}
COLUMNS = {PRODUCTS: PRODUCT_COLUMNS, STEPS: STEP_COLUMNS}

# Other spellings people use.
ALIASES = {
    "ean": "gtin",
    "cn_code": "commodity_code",
    "hs_code": "commodity_code",
    "mass": "mass_kg",
    "step": "stage",
    "start": "started_on",
    "end": "finished_on",
}
# Names of the sheets of a workbook (English or Italian).
SHEET_NAMES = {"products": PRODUCTS, "prodotti": PRODUCTS, "steps": STEPS, "fasi": STEPS}


def normalise(name: str) -> str:
    """``Model code`` → ``model_code``."""
    key = re.sub(r"[^0-9a-z]+", "_", (name or "").strip().lower()).strip("_")
    return ALIASES.get(key, key)


def kind_of(header: list[str]) -> str | None:
    """Which sheet a header row is: steps when it has a ``stage`` column, products when it has
    ``model_code`` (and no ``stage``), else None."""
    names = {normalise(cell) for cell in header}
    if "model_code" not in names:
        return None
    return STEPS if "stage" in names else PRODUCTS
