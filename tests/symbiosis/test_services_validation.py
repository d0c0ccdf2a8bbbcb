"""The flow rules shared by the form, the import and the API (``validation.clean_flow``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from filiera.symbiosis.validation import clean_flow, flow_data, parse_attributes


def _data(**extra):
    data = {
        "direction": "offer",
        "kind": "waste",
        "ewc": "04 02 22",
        "description": "Ritagli di maglieria",
        "quantity": "12,5",
        "unit": "t",
        "period": "month",
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_valid_waste_offer_is_cleaned(firm_a):
    values, errors = clean_flow(_data(), firm=firm_a)
    assert errors == {}
    assert values["ewc"] == "040222"
    assert values["hazardous"] is False
    assert values["quantity"] == Decimal("12.500")
    assert values["amount_year"] == pytest.approx(150.0)
    assert values["base_unit"] == "t"
    assert values["legal_status"] == "waste"
    assert values["site"] == firm_a.sites.get()  # the only site
    assert values["max_distance_km"] == 50
    assert values["accepted_ewc"] == [] and values["accepts_hazardous"] is False


def test_hazardous_comes_from_the_list(firm_a):
    values, errors = clean_flow(_data(ewc="040219", hazardous=False), firm=firm_a)
    assert errors == {}
    assert values["hazardous"] is True


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ewc": ""}, "ewc"),
        ({"ewc": "04 02 98"}, "ewc"),
        ({"ewc": "4022"}, "ewc"),
        ({"kind": "rubbish"}, "kind"),
        ({"direction": "both"}, "direction"),
        ({"description": "  "}, "description"),
        ({"quantity": "a lot"}, "quantity"),
        ({"quantity": "-1"}, "quantity"),
        ({"unit": "furlongs"}, "unit"),
        ({"unit": "MWh"}, "unit"),  # energy does not fit a waste
        ({"unit": ""}, "unit"),
        ({"period": "decade"}, "period"),
        ({"available_from": "2025-05-01", "available_until": "2025-04-01"}, "available_until"),
        ({"available_from": "soon"}, "available_from"),
        ({"max_distance_km": "0"}, "max_distance_km"),
        ({"max_distance_km": "12.5"}, "max_distance_km"),
        ({"legal_status": "grey"}, "legal_status"),
        ({"attributes": "fibre wool"}, "attributes"),
        ({"attributes": "elastane_pct=120"}, "attributes"),
        ({"site_name": "Nowhere"}, "site"),
        ({"ref": "x" * 65}, "ref"),
    ],
)
def test_bad_input_names_its_field(firm_a, extra, field):
    _values, errors = clean_flow(_data(**extra), firm=firm_a)
    assert field in errors
    assert errors[field]


def test_a_receiver_lists_valid_codes(firm_a):
    values, errors = clean_flow(
        _data(
            direction="need",
            accepted_ewc="04 02 21 | 040222|04 02 22",
            accepts_hazardous="sì",
        ),
        firm=firm_a,
    )
    assert errors == {}
    assert values["accepted_ewc"] == ["040221", "040222"]
    assert values["accepts_hazardous"] is True

    _values, errors = clean_flow(
        _data(direction="need", accepted_ewc=["040222", "99"]), firm=firm_a
    )
    assert "accepted_ewc" in errors and "99" in errors["accepted_ewc"]


def test_offers_ignore_receiver_fields(firm_a):
    values, errors = clean_flow(_data(accepted_ewc=["040222"], accepts_hazardous=True), firm=firm_a)
    assert errors == {}
    assert values["accepted_ewc"] == [] and values["accepts_hazardous"] is False


def test_site_of_another_firm_is_refused(firm_a, firm_b):
    _values, errors = clean_flow(_data(site=firm_b.sites.get()), firm=firm_a)
    assert "site" in errors
    _values, errors = clean_flow(_data(site=str(firm_b.sites.get().pk)), firm=firm_a)
    assert "site" in errors
    values, errors = clean_flow(_data(site_name=firm_a.sites.get().name.upper()), firm=firm_a)
    assert errors == {} and values["site"] == firm_a.sites.get()


def test_units_and_kinds(firm_a):
    values, errors = clean_flow(
        _data(kind="energy", ewc="", unit="kwh", quantity="5000", period="week"), firm=firm_a
    )
    assert errors == {}
    assert values["unit"] == "kWh"
    assert values["amount_year"] == pytest.approx(5 * 52)
    assert values["base_unit"] == "MWh"
    assert values["legal_status"] == "product"
    values, errors = clean_flow(_data(kind="water", ewc="", unit="l", period=""), firm=firm_a)
    assert errors == {}
    assert values["period"] == "year" and values["base_unit"] == "m3"
    assert values["amount_year"] == pytest.approx(0.0125)


def test_dates_and_attributes(firm_a):
    values, errors = clean_flow(
        _data(
            available_from="01/03/2025",
            available_until=date(2025, 12, 31),
            attributes="Fibre=wool; colour = grey;coated=no;elastane_pct=3%",
            kind="by_product",
        ),
        firm=firm_a,
    )
    assert errors == {}
    assert values["available_from"] == date(2025, 3, 1)
    assert values["available_until"] == date(2025, 12, 31)
    assert values["attributes"] == {
        "fibre": "wool",
        "colour": "grey",
        "coated": False,
        "elastane_pct": 3.0,
    }
    assert values["legal_status"] == "by_product"
    assert parse_attributes({"Coated": "yes"}) == {"coated": True}


def test_flow_data_round_trips(offer_a):
    values, errors = clean_flow(flow_data(offer_a), firm=offer_a.firm)
    assert errors == {}
    assert values["ewc"] == offer_a.ewc
    assert values["amount_year"] == pytest.approx(offer_a.amount_year)
