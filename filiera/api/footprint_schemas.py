"""Shapes of the footprint API: the Ecobalyse textile query and the engine's result.

The field names are Ecobalyse's (textile API v7.0.0), so a query written for Ecobalyse works
here unchanged. These models describe the API; they do not check a query. The engine
(``filiera.footprint.engine``) does, and its messages name the field at fault, so bounds and
allowed values appear here only as documentation (``doc``), never as pydantic constraints.
Optional fields are left out, not sent as null.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, PlainValidator

from filiera.footprint import labels

MAX_QUERIES = 1000


def doc(description: str, *, default: Any = None, **schema: Any) -> Any:
    """A field documented with ``description`` and JSON Schema keywords (``enum``,
    ``minimum``...) that are shown to clients but not enforced by pydantic."""
    return Field(default, description=description, json_schema_extra=schema or None)


def ids(names: dict) -> list[str]:
    return list(names)


# The query -----------------------------------------------------------------------------------


class MaterialShare(Schema):
    model_config = ConfigDict(extra="allow")

    id: str = doc("Material id.", default=..., enum=ids(labels.MATERIALS))
    share: float = doc(
        "Share of the product's mass, from 0 to 1; the shares add up to 1.",
        default=...,
        exclusiveMinimum=0,
        maximum=1,
    )
    country: str = doc(
        "Zone the fibre comes from; left out: the material's own default.",
        enum=ids(labels.ZONES),
    )
    spinning: str = doc(
        "Spinning process; left out: conventional for natural and artificial fibres, "
        "filament for synthetic ones.",
        enum=["ConventionalSpinning", "UnconventionalSpinning", "SyntheticSpinning"],
    )


class Printing(Schema):
    model_config = ConfigDict(extra="allow")

    kind: str = doc("Printing technique.", default=..., enum=ids(labels.PRINTING))
    ratio: float = doc(
        "Printed share of the surface; 0.2 when left out.", exclusiveMinimum=0, maximum=0.8
    )


class Trim(Schema):
    model_config = ConfigDict(extra="allow")

    id: str = doc("Trim (component) id of the method's data, a UUID.", default=...)
    quantity: int = doc("How many on one item.", default=..., minimum=1, maximum=1000)


ZONE_HELP = (
    "Zone where {step} is done: a country code of the method (`FR`, `CN`, `TR`...) or a region "
    "(`REO` Western Europe, Italy included; `REE` Eastern Europe...). Left out: `---`, the "
    "method's unknown country, which is deliberately penalising."
)


class TextileQuery(Schema):
    """One textile product, as Ecobalyse's textile API takes it. Only `product`, `mass` and
    `materials` are required; every other field falls back to the category's default. Other
    fields are refused, so a misspelt option is never ignored."""

    model_config = ConfigDict(extra="forbid")

    product: str = doc("Product category id.", default=..., enum=ids(labels.CATEGORIES))
    mass: float = doc(
        "Mass of the finished item in kg.", default=..., exclusiveMinimum=0, maximum=100
    )
    materials: list[MaterialShare] = doc(
        "What the product is made of: 1 to 5 materials.", default=..., minItems=1, maxItems=5
    )
    countrySpinning: str = doc(ZONE_HELP.format(step="spinning"), enum=ids(labels.ZONES))
    countryFabric: str = doc(ZONE_HELP.format(step="weaving or knitting"), enum=ids(labels.ZONES))
    countryDyeing: str = doc(ZONE_HELP.format(step="dyeing and finishing"), enum=ids(labels.ZONES))
    countryMaking: str = doc(ZONE_HELP.format(step="making"), enum=ids(labels.ZONES))
    fabricProcess: str = doc("How the fabric is made.", enum=ids(labels.FABRICS))
    makingComplexity: str = doc("Making time class of the garment.", enum=ids(labels.COMPLEXITIES))
    makingWaste: float = doc("Share of fabric lost at making.", minimum=0, maximum=0.4)
    makingDeadStock: float = doc(
        "Share of items made but never sold; 0.15 when left out.", minimum=0, maximum=0.3
    )
    airTransportRatio: float = doc(
        "Share of the way to the shop by air; left out: the method's rule by making zone.",
        minimum=0,
        maximum=1,
    )
    dyeingProcessType: str = doc("Dyeing process.", enum=ids(labels.DYEING))
    printing: Printing = doc("Printing, if any.")
    fading: bool = doc("Faded (e.g. stone-washed jeans).")
    upcycled: bool = doc(
        "Remade from used garments: no material, spinning, fabric or dyeing stage."
    )
    surfaceMass: float = doc("Fabric weight in g/m².", minimum=80, maximum=500)
    yarnSize: float = doc("Yarn count in Nm.", minimum=9, maximum=200)
    trims: list[Trim] = doc("Buttons, zips...; left out: none.")
    business: str = doc("Kind of business selling it.", enum=ids(labels.BUSINESSES))
    numberOfReferences: int = doc("Different models the brand offers in a year.", minimum=1)
    price: float = doc("Retail price in euros.", minimum=1, maximum=1000)
    physicalDurability: float = doc(
        "Physical durability coefficient (exploratory).", minimum=0.67, maximum=1.45
    )
    disabledSteps: list[str] = doc(
        "Stages left out of the computation (making cannot be).",
        items={
            "enum": ["material", "spinning", "fabric", "ennobling", "distribution", "use", "eol"]
        },
    )


def _as_sent(value: Any) -> Any:
    return value


# The body is passed to the engine as sent: the engine checks it and names the field at fault.
TextileBody = Annotated[
    Any,
    PlainValidator(
        _as_sent,
        json_schema_input_type=TextileQuery
        | Annotated[list[TextileQuery], Field(max_length=MAX_QUERIES)],
    ),
]


class DetailQuery(Schema):
    detail: bool = Field(
        False, description="Add `breakdown` to each result: what each stage is made of."
    )


# The result ----------------------------------------------------------------------------------


class Stages(Schema):
    model_config = ConfigDict(extra="allow")

    material: float
    spinning: float
    fabric: float
    ennobling: float = Field(description="Dyeing, printing and finishing.")
    making: float
    distribution: float
    use: float
    endOfLife: float
    transport: float
    trims: float


class Complements(Schema):
    model_config = ConfigDict(extra="allow")

    microfibers: float = Field(description="Microfibres released, a positive cost.")
    outOfEuropeEOL: float = Field(description="End of life outside Europe, a positive cost.")


class Durability(Schema):
    model_config = ConfigDict(extra="allow")

    holistic: float = Field(description="The coefficient the total is divided by.")
    physical: float
    nonPhysical: float


class Masses(Schema):
    model_config = ConfigDict(extra="allow")

    finished: float
    making: float
    deadStock: float | None = Field(None, description="Made but never sold.")
    ennobling: float
    fabric: float
    spinning: float
    material: float
    trims: float


class Zones(Schema):
    model_config = ConfigDict(extra="allow")

    spinning: str
    fabric: str
    dyeing: str
    making: str


class BreakdownLine(Schema):
    stage: str = Field(description="Key of `stages`.")
    item: str = Field(
        description="What within the stage: a material or trim id, `electricity`, `dyeing`, "
        "`road`..."
    )
    ecs: float = Field(description="µPt, before durability.")


class FootprintOut(Schema):
    model_config = ConfigDict(extra="allow")

    ecs: float = Field(
        description="Total environmental cost in µPt, after durability (Ecobalyse's `impacts.ecs`)."
    )
    ecsWithoutDurability: float = Field(
        description="The total before durability: the stages plus the complements."
    )
    stages: Stages = Field(description="µPt per stage, before durability.")
    complements: Complements = Field(description="µPt, before durability.")
    durability: Durability
    useCycles: int = Field(description="Washes and wears over the item's life.")
    airTransportRatio: float
    masses: Masses = Field(description="kg entering each stage.")
    zones: Zones = Field(description="Zone of each step, as computed.")
    method: str = Field(examples=["ecobalyse-textile"])
    version: str = Field(description="Method and data version.", examples=["7.0.0"])
    unit: str = Field(examples=["µPt"])
    breakdown: list[BreakdownLine] | None = Field(
        None, description="Only with `detail=true`: what each stage is made of."
    )


class ProductFootprintOut(Schema):
    product: int
    method: str
    version: str
    query: TextileQuery = Field(description="The inputs the result was computed from.")
    ecs: float = Field(description="Total in µPt, after durability.")
    result: FootprintOut
    computed_at: datetime


FootprintResponse = FootprintOut | list[FootprintOut]
