"""Units of the quantities firms declare, and their conversion (Pint).

Every unit belongs to one dimension with one base unit: mass in tonnes, volume in cubic metres,
energy in MWh, items in pieces, time in hours, area in square metres. A quantity per period is
turned into an amount per year in the base unit (``per_year``): that is what indicators and the
allocation add up. A one-off quantity ("once") is kept as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pint

# Accepted unit symbols by dimension; the first of each is the base unit.
UNITS: dict[str, tuple[str, ...]] = {
    "mass": ("t", "kg", "q"),
    "volume": ("m3", "l"),
    "energy": ("MWh", "kWh", "GJ"),
    "items": ("pcs",),
    "time": ("h",),
    "area": ("m2",),
}
BASE_UNITS = {dimension: symbols[0] for dimension, symbols in UNITS.items()}
DIMENSION_OF = {symbol: dimension for dimension, symbols in UNITS.items() for symbol in symbols}

# How many of each period make a year; "once" is a one-off amount, kept as it is.
PERIODS_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.0, "once": 1.0}

# The dimensions a kind of flow may be measured in.
MATERIAL_KINDS = frozenset({"waste", "by_product", "end_of_waste", "secondary_material"})
KIND_DIMENSIONS: dict[str, tuple[str, ...]] = {
    **{kind: ("mass", "volume", "items") for kind in MATERIAL_KINDS},
    "energy": ("energy",),
    "water": ("volume",),
    "equipment": ("items",),
    "space": ("area",),
    "skills": ("time",),
    "logistics": ("mass", "volume", "items"),
}

# Other spellings people write (lower case, spaces as "_"), by symbol.
_ALIAS_TABLE = """
t: t ton tons tonne tonnes tonn tonnellata tonnellate
kg: kg kgs kilo kili chili chilo kilogram kilograms kilogrammi chilogrammi chilogrammo
q: q ql qli quintal quintals quintale quintali
m3: m3 m³ mc m^3 m**3 cubic_metre cubic_metres cubic_meter cubic_meters metri_cubi
l: l lt litre litres liter liters litri litro
MWh: mwh
kWh: kwh
GJ: gj
pcs: pcs pc pz pezzi pezzo piece pieces n nr unit units unita
h: h hr hrs hour hours ora ore
m2: m2 m² mq m^2 m**2 sqm square_metre square_metres square_meter square_meters metri_quadri
"""
ALIASES = {
    alias: symbol.strip()
    for line in _ALIAS_TABLE.strip().splitlines()
    for symbol, names in [line.split(":", 1)]
    for alias in names.split()
}
# Pint's names for our symbols.
_PINT_NAMES = {"q": "quintal", "m3": "m**3", "m2": "m**2", "pcs": "piece"}


class UnitError(ValueError):
    """A unit, period or conversion that cannot be used; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    base_unit: str


@cache
def registry() -> pint.UnitRegistry:
    """The Pint registry, built once, with the quintal and pieces added."""
    units = pint.UnitRegistry()
    units.define("quintal = 100 * kilogram")
    units.define("piece = [items] = pcs")
    return units


def symbol(unit: str) -> str:
    """The accepted symbol for a unit as people write it ("tonnellate" → "t", "mc" → "m3")."""
    key = " ".join(str(unit).strip().lower().split()).replace(" ", "_")
    found = ALIASES.get(key)
    if found is None:
        known = ", ".join(s for symbols in UNITS.values() for s in symbols)
        raise UnitError(f"Unknown unit “{unit}”: use one of {known}.")
    return found


def dimension(unit: str) -> str:
    return DIMENSION_OF[symbol(unit)]


def base_unit(unit: str) -> str:
    return BASE_UNITS[dimension(unit)]


def units_for_kind(kind: str) -> tuple[str, ...]:
    """The unit symbols a kind of flow may be declared in (empty for an unknown kind)."""
    return tuple(s for d in KIND_DIMENSIONS.get(kind, ()) for s in UNITS[d])


@cache
def factor(from_unit: str, to_unit: str) -> float:
    """How many ``to_unit`` make one ``from_unit`` (same dimension only)."""
    source, target = symbol(from_unit), symbol(to_unit)
    if DIMENSION_OF[source] != DIMENSION_OF[target]:
        raise UnitError(f"{source} cannot be converted to {target}.")
    if source == target:
        return 1.0
    quantity = registry().Quantity(1.0, _PINT_NAMES.get(source, source))
    magnitude = float(quantity.to(_PINT_NAMES.get(target, target)).magnitude)
    return float(f"{magnitude:.12g}")  # 0.001, not 0.0010000000000000002


def periods_per_year(period: str) -> float:
    try:
        return PERIODS_PER_YEAR[period]
    except KeyError:
        raise UnitError(
            f"Unknown period “{period}”: use one of {', '.join(PERIODS_PER_YEAR)}."
        ) from None


def per_year(quantity: float | Decimal | int, unit: str, period: str) -> Amount:
    """The amount per year in the base unit of ``unit``'s dimension (for "once": the amount)."""
    value = float(quantity)
    if value < 0:
        raise UnitError("A quantity cannot be negative.")
    base = base_unit(unit)
    return Amount(value * factor(unit, base) * periods_per_year(period), base)


def convert(
    value: float | Decimal | int,
    from_unit: str,
    to_unit: str,
    from_period: str = "year",
    to_period: str = "year",
) -> float:
    """``value`` in ``from_unit`` per ``from_period`` expressed in ``to_unit`` per ``to_period``
    (e.g. 12 t/year → 1000 kg/month). A one-off amount converts only to another one-off."""
    source, target = periods_per_year(from_period), periods_per_year(to_period)
    if (from_period == "once") != (to_period == "once"):
        raise UnitError("A one-off quantity has no rate per period.")
    return float(value) * factor(from_unit, to_unit) * source / target
