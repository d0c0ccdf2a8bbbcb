"""Units and periods: conversions by hand (1 t = 1000 kg, 1 q = 100 kg, 1 m3 = 1000 l,
1 MWh = 1000 kWh = 3.6 GJ; a year is 12 months or 52 weeks)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from filiera.symbiosis.engine import units
from filiera.symbiosis.engine.units import Amount, UnitError, convert, per_year


def test_tonnes_per_year_to_kilograms_per_month_and_back():
    assert convert(12, "t", "kg", "year", "month") == pytest.approx(1000.0)
    assert convert(1000, "kg", "t", "month", "year") == pytest.approx(12.0)
    assert convert(Decimal("2.5"), "t", "kg", "year", "week") == pytest.approx(2500 / 52)


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (3, "q", "kg", 300.0),
        (1, "t", "q", 10.0),
        (2.5, "m3", "l", 2500.0),
        (1, "MWh", "kWh", 1000.0),
        (3.6, "GJ", "MWh", 1.0),
        (7, "pcs", "pcs", 7.0),
    ],
)
def test_conversions_within_a_dimension(value, source, target, expected):
    assert convert(value, source, target) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("quantity", "unit", "period", "expected"),
    [
        (500, "kg", "month", Amount(6.0, "t")),
        (2, "q", "week", Amount(10.4, "t")),
        (1500, "l", "year", Amount(1.5, "m3")),
        (900, "kWh", "month", Amount(10.8, "MWh")),
        (7.2, "GJ", "year", Amount(2.0, "MWh")),
        (3, "pcs", "once", Amount(3.0, "pcs")),  # a one-off amount, as it is
        (40, "h", "week", Amount(2080.0, "h")),
        (800, "m2", "once", Amount(800.0, "m2")),
    ],
)
def test_amount_per_year_in_the_base_unit(quantity, unit, period, expected):
    got = per_year(quantity, unit, period)
    assert got.base_unit == expected.base_unit
    assert got.value == pytest.approx(expected.value)


@pytest.mark.parametrize(
    ("written", "symbol"),
    [("tonnellate", "t"), ("Ton", "t"), ("KG", "kg"), ("quintali", "q"), ("mc", "m3"),
     ("m³", "m3"), ("metri cubi", "m3"), ("litri", "l"), ("mwh", "MWh"), ("pz", "pcs"),
     ("ore", "h"), ("mq", "m2")],
)  # fmt: skip
def test_usual_spellings(written, symbol):
    assert units.symbol(written) == symbol


def test_clear_errors():
    with pytest.raises(UnitError, match="Unknown unit “furlongs”"):
        per_year(1, "furlongs", "year")
    with pytest.raises(UnitError, match="kg cannot be converted to MWh"):
        convert(1, "kg", "MWh")
    with pytest.raises(UnitError, match="Unknown period “day”"):
        per_year(1, "t", "day")
    with pytest.raises(UnitError, match="negative"):
        per_year(-1, "t", "year")
    with pytest.raises(UnitError, match="one-off"):
        convert(1, "t", "t", "once", "year")
    assert convert(4, "t", "kg", "once", "once") == 4000.0


def test_units_by_kind_and_dimension():
    assert units.units_for_kind("waste") == ("t", "kg", "q", "m3", "l", "pcs")
    assert units.units_for_kind("energy") == ("MWh", "kWh", "GJ")
    assert units.units_for_kind("water") == ("m3", "l")
    assert units.units_for_kind("space") == ("m2",)
    assert units.units_for_kind("skills") == ("h",)
    assert units.units_for_kind("nonsense") == ()
    assert units.base_unit("kWh") == "MWh"
    assert units.dimension("q") == "mass"
