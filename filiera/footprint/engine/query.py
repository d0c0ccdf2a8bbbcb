"""Reading an Ecobalyse textile query: every field checked, defaults resolved.

Field names and meanings are those of the Ecobalyse v7.0.0 textile API. A bad value raises
``QueryError`` naming the field. Unknown top-level fields are refused too, so a misspelt option
is never silently ignored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from filiera.footprint.engine.data import (
    DYEING,
    FABRICS,
    PRINTING,
    Dataset,
    Material,
    Product,
    Zone,
)
from filiera.footprint.engine.errors import QueryError

MAX_MATERIALS = 5
STEP_COUNTRIES = ("countrySpinning", "countryFabric", "countryDyeing", "countryMaking")
# Stage names of ``disabledSteps`` (Ecobalyse's step labels).
STEP_LABELS = (
    "material",
    "spinning",
    "fabric",
    "ennobling",
    "making",
    "distribution",
    "use",
    "eol",
)
UPCYCLED_DISABLED = frozenset({"material", "spinning", "fabric", "ennobling"})
COMPLEXITY_MINUTES = {
    "very-high": 120,
    "high": 60,
    "medium": 30,
    "low": 15,
    "very-low": 5,
    "not-applicable": 0,
}
BUSINESSES = ("small-business", "large-business-with-services", "large-business-without-services")
SPINNINGS = {
    "ConventionalSpinning": (4.0, 0.12),
    "UnconventionalSpinning": (2.0, 0.12),
    "SyntheticSpinning": (1.5, 0.03),
}
DEFAULT_SPINNING = {
    "Synthetic": "SyntheticSpinning",
    "NaturalFromVegetal": "ConventionalSpinning",
    "NaturalFromAnimal": "ConventionalSpinning",
    "ArtificialFromOrganic": "ConventionalSpinning",
}
_FIELDS = frozenset(
    {
        "product", "mass", "materials", *STEP_COUNTRIES, "fabricProcess", "makingComplexity",
        "makingWaste", "makingDeadStock", "airTransportRatio", "dyeingProcessType", "printing",
        "fading", "upcycled", "surfaceMass", "yarnSize", "trims", "business",
        "numberOfReferences", "price", "physicalDurability", "disabledSteps",
    }
)  # fmt: skip


@dataclass(slots=True)
class Fibre:
    material: Material
    share: float
    country: Zone
    spinning_k: float
    spinning_waste: float


@dataclass(slots=True)
class Inputs:
    product: Product
    mass: float
    fibres: list[Fibre]
    spinning: Zone
    fabric: Zone
    dyeing: Zone
    making: Zone
    fabric_process: str
    making_minutes: int
    making_waste: float
    dead_stock: float
    air_ratio: float | None
    dyeing_process: str
    printing: tuple[str, float] | None
    fading: bool
    surface_mass: float
    yarn_size: float
    trims: list[tuple[str, int]]
    business: str
    references: int
    price: float
    physical_durability: float
    disabled: frozenset[str]


def _number(value: Any, field: str, low: float, high: float, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise QueryError(field, f"must be a number, not {value!r}")
    if integer and value != int(value):
        raise QueryError(field, f"must be a whole number, not {value!r}")
    if not math.isfinite(value) or not low <= value <= high:
        raise QueryError(field, f"must be between {low:g} and {high:g}, not {value!r}")
    return float(value)


def _choice(query: Mapping, field: str, options, what: str) -> str:
    value = query[field]
    if not isinstance(value, str) or value not in options:
        raise QueryError(field, f"unknown {what} {value!r}")
    return value


def _flag(query: Mapping, field: str) -> bool:
    value = query.get(field, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise QueryError(field, f"must be true or false, not {value!r}")
    return value


def _zone(data: Dataset, value: Any, field: str) -> Zone:
    zone = data.zones.get(value) if isinstance(value, str) else None
    if zone is None:
        hint = " (Italy and most EU countries are 'REO', eastern Europe 'REE')"
        raise QueryError(field, f"unknown country {value!r}{hint}")
    return zone


def _list(query: Mapping, field: str) -> list:
    value = query.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise QueryError(field, f"must be a list, not {value!r}")
    return value


def _fibres(data: Dataset, query: Mapping) -> list[Fibre]:
    if "materials" not in query or query["materials"] in (None, []):
        raise QueryError("materials", "at least one material is required")
    rows = _list(query, "materials")
    if len(rows) > MAX_MATERIALS:
        raise QueryError("materials", f"at most {MAX_MATERIALS} materials, not {len(rows)}")
    fibres: list[Fibre] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        where = f"materials[{i}]"
        if not isinstance(row, Mapping):
            raise QueryError(where, f"must be an object with id and share, not {row!r}")
        material_id = row.get("id")
        material = data.materials.get(material_id) if isinstance(material_id, str) else None
        if material is None:
            raise QueryError(f"{where}.id", f"unknown material {row.get('id')!r}")
        if material.id in seen:
            raise QueryError(f"{where}.id", f"material {material.id!r} is listed twice")
        seen.add(material.id)
        if "share" not in row:
            raise QueryError(f"{where}.share", "the share is required")
        share = _number(row["share"], f"{where}.share", 0, 1)
        if share <= 0:
            raise QueryError(f"{where}.share", f"must be more than 0, not {row['share']!r}")
        country = row.get("country")
        zone = (
            _zone(data, country, f"{where}.country")
            if country
            else data.zones[material.default_country]
        )
        spinning = row.get("spinning") or DEFAULT_SPINNING[material.origin]
        if spinning not in SPINNINGS:
            raise QueryError(f"{where}.spinning", f"unknown spinning process {spinning!r}")
        k, waste = SPINNINGS[spinning]
        fibres.append(Fibre(material, share, zone, k, waste))
    total = sum(f.share for f in fibres)
    if abs(total - 1) > 1e-6:
        raise QueryError("materials", f"the shares must add up to 1 (100 %), not {total:.4g}")
    return fibres


def _trims(data: Dataset, query: Mapping) -> list[tuple[str, int]]:
    trims = []
    for i, row in enumerate(_list(query, "trims")):
        where = f"trims[{i}]"
        if not isinstance(row, Mapping):
            raise QueryError(where, f"must be an object with id and quantity, not {row!r}")
        if row.get("id") not in data.trims:
            raise QueryError(f"{where}.id", f"unknown trim {row.get('id')!r}")
        if "quantity" not in row:
            raise QueryError(f"{where}.quantity", "the quantity is required")
        quantity = int(_number(row["quantity"], f"{where}.quantity", 1, 1000, integer=True))
        trims.append((row["id"], quantity))
    return trims


def _disabled(query: Mapping, upcycled: bool) -> frozenset[str]:
    disabled = set()
    for i, label in enumerate(_list(query, "disabledSteps")):
        if label not in STEP_LABELS:
            raise QueryError(f"disabledSteps[{i}]", f"unknown step {label!r}")
        disabled.add(label)
    if "making" in disabled:
        raise QueryError("disabledSteps", "the 'making' step cannot be switched off: every "
                         "garment is made up")  # fmt: skip
    if upcycled:
        disabled |= UPCYCLED_DISABLED
    return frozenset(disabled)


def read(data: Dataset, query: Any) -> Inputs:
    """Check a query and resolve its defaults; raise ``QueryError`` on the first bad field."""
    if not isinstance(query, Mapping):
        raise QueryError("query", f"must be a JSON object, not {type(query).__name__}")
    unknown = sorted(set(query) - _FIELDS)
    if unknown:
        raise QueryError(unknown[0], f"unknown field {unknown[0]!r}")
    if "product" not in query:
        raise QueryError("product", "the product category is required")
    product = data.products.get(query["product"]) if isinstance(query["product"], str) else None
    if product is None:
        raise QueryError("product", f"unknown product category {query['product']!r}")
    if "mass" not in query or query["mass"] is None:
        raise QueryError("mass", "the mass (kg) is required")
    raw = query["mass"]
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw <= 0:
        raise QueryError("mass", f"must be more than 0 kg, not {raw!r}")
    mass = _number(raw, "mass", 0, 100)
    fibres = _fibres(data, query)
    zones = [
        _zone(data, query[f], f) if query.get(f) is not None else data.zones["---"]
        for f in STEP_COUNTRIES
    ]
    fabric = product.fabric
    if query.get("fabricProcess") is not None:
        fabric = _choice(query, "fabricProcess", FABRICS, "fabric process")
    upcycled = _flag(query, "upcycled")
    fading = _flag(query, "fading")
    disabled = _disabled(query, upcycled)
    complexity = _complexity(query, product, fabric, upcycled)
    making_waste = _making_waste(query, product, fabric)
    dead_stock = _optional(query, "makingDeadStock", 0, 0.3, 0.15)
    air = _optional(query, "airTransportRatio", 0, 1, None)
    dyeing = "average"
    if query.get("dyeingProcessType") is not None:
        dyeing = _choice(query, "dyeingProcessType", DYEING, "dyeing process")
    printing = _printing(query)
    if printing and "ennobling" in disabled:
        raise QueryError("printing", "printing needs the 'ennobling' step, which is switched off")
    business = product.business
    if query.get("business") is not None:
        business = _choice(query, "business", BUSINESSES, "business type")
    references = _optional(query, "numberOfReferences", 1, 1e9, product.references, True)
    trims = _trims(data, query)
    trims_mass = sum(data.trims[t].mass * n for t, n in trims)
    if trims_mass >= mass:
        raise QueryError(
            "trims",
            f"the trims weigh {trims_mass:g} kg, as much as or more than the product ({mass:g} kg)",
        )
    return Inputs(
        product=product,
        mass=mass,
        fibres=fibres,
        spinning=zones[0],
        fabric=zones[1],
        dyeing=zones[2],
        making=zones[3],
        fabric_process=fabric,
        making_minutes=COMPLEXITY_MINUTES[complexity],
        making_waste=making_waste,
        dead_stock=dead_stock,
        air_ratio=air,
        dyeing_process=dyeing,
        printing=printing,
        fading=fading,
        surface_mass=_optional(query, "surfaceMass", 80, 500, product.surface_mass),
        yarn_size=_optional(query, "yarnSize", 9, 200, product.yarn_size),
        trims=trims,
        business=business,
        references=int(references),
        price=_optional(query, "price", 1, 1000, product.price),
        physical_durability=_optional(query, "physicalDurability", 0.67, 1.45, 1.45),
        disabled=disabled,
    )


def _optional(query, field, low, high, default, integer=False):
    if query.get(field) is None:
        return default
    return _number(query[field], field, low, high, integer=integer)


def _complexity(query: Mapping, product: Product, fabric: str, upcycled: bool) -> str:
    if query.get("makingComplexity") is not None:
        return _choice(query, "makingComplexity", COMPLEXITY_MINUTES, "making complexity")
    if upcycled:
        return "high"
    if fabric == "knitting-fully-fashioned":
        return "very-low"
    if fabric == "knitting-integral":
        return "not-applicable"
    return product.making_complexity


def _making_waste(query: Mapping, product: Product, fabric: str) -> float:
    if query.get("makingWaste") is not None:
        return _number(query["makingWaste"], "makingWaste", 0, 0.4)
    if fabric == "knitting-fully-fashioned":
        return 0.02
    if fabric == "knitting-integral":
        return 0.0
    return product.making_waste


def _printing(query: Mapping) -> tuple[str, float] | None:
    value = query.get("printing")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise QueryError("printing", f"must be an object with kind and ratio, not {value!r}")
    if value.get("kind") not in PRINTING:
        raise QueryError("printing.kind", f"unknown printing kind {value.get('kind')!r}")
    ratio = 0.2
    if value.get("ratio") is not None:
        ratio = _number(value["ratio"], "printing.ratio", 0, 0.8)
        if ratio <= 0:
            raise QueryError("printing.ratio", f"must be more than 0, not {value['ratio']!r}")
    return value["kind"], ratio
