"""What-if comparisons and the ready-made suggestions; the stage chart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from filiera.footprint import charts, services, whatif


def _stored(product):
    stored = services.refresh_footprint(product)
    assert stored is not None
    return stored


def test_making_in_western_europe_instead_of_unknown_lowers_the_score(make_product):
    product = make_product()
    stored = _stored(product)
    assert "countryMaking" not in stored.query
    row = whatif.alternatives(product, stored.query, "making", "REO", current=stored.result)
    assert row["current"] == pytest.approx(stored.ecs)
    assert row["alternative"] < row["current"]
    assert row["difference"] == pytest.approx(row["alternative"] - row["current"])
    assert row["percent"] == pytest.approx(100 * row["difference"] / row["current"])
    assert row["change"] == "lower"
    making = next(r for r in row["stages"] if r["key"] == "making")
    assert making["alternative"] < making["current"]
    material = next(r for r in row["stages"] if r["key"] == "material")
    assert material["change"] == "same"


def test_repair_service_raises_durability_and_lowers_the_score(make_product, large_brand):
    product = make_product(price_eur=Decimal("40"))
    stored = _stored(product)
    assert stored.query["business"] == "large-business-without-services"
    row = whatif.alternatives(product, stored.query, "durability", "repair")
    assert row["query"]["business"] == "large-business-with-services"
    assert row["alternative_durability"] > row["current_durability"]
    assert row["alternative"] < row["current"]
    # Making and materials do not depend on durability (use cycles and air transport do).
    same = {r["key"] for r in row["stages"] if r["change"] == "same"}
    assert {"material", "spinning", "making"} <= same
    both = whatif.alternatives(product, stored.query, "durability", "both")
    assert both["query"]["numberOfReferences"] == 1000
    assert both["alternative"] < row["alternative"]


def test_material_changes(make_product):
    product = make_product(materials={"ei-coton": 70, "ei-pet": 30})
    query = _stored(product).query
    largest = whatif.changed_query(query, "largest", "ei-lin")
    assert largest["materials"] == [
        {"id": "ei-lin", "share": 0.7},
        {"id": "ei-pet", "share": 0.3},
    ]
    whole = whatif.changed_query(query, "material", "ei-pet-r")
    assert whole["materials"] == [{"id": "ei-pet-r", "share": 1.0}]
    replaced = whatif.changed_query(query, "replace", "ei-pet:ei-coton")
    assert replaced["materials"] == [{"id": "ei-coton", "share": 1.0}]
    assert query["materials"][0]["id"] == "ei-coton", "the product's query is left as it is"
    row = whatif.alternatives(product, query, "replace", "ei-pet:ei-pet-r")
    assert row["label"] == "Recycled polyester instead of polyester"


@pytest.mark.parametrize(
    ("kind", "value", "field"),
    [
        ("colour", "red", "kind"),
        ("", "ei-pet", "kind"),
        ("material", "", "value"),
        ("material", "unobtainium", "value"),
        ("largest", "REO", "value"),
        ("making", "IT", "value"),
        ("durability", "forever", "value"),
        ("replace", "ei-pa:ei-pet", "value"),
        ("replace", "ei-coton", "value"),
    ],
)
def test_bad_what_ifs_name_the_field(make_product, kind, value, field):
    product = make_product()
    query = _stored(product).query
    with pytest.raises(whatif.WhatIfError) as caught:
        whatif.alternatives(product, query, kind, value)
    assert caught.value.field == field
    assert caught.value.translated()


def test_suggestions_only_where_they_change_something(make_product, site_it):
    product = make_product(materials={"ei-pet": 100}, steps={"making": site_it})
    stored = _stored(product)
    found = whatif.suggestions(product, stored.query, stored.result)
    keys = {(s["kind"], s["value"]) for s in found}
    assert ("making", "REO") not in keys  # already made in Italy
    assert ("dyeing", "REO") in keys
    assert ("replace", "ei-pet:ei-pet-r") in keys
    assert ("replace", "ei-coton:ei-coton-organic") not in keys
    # brand_c is a medium business: the repair service does not change its index.
    assert ("durability", "repair") not in keys
    assert all(s["change"] != "same" for s in found)
    assert [s["difference"] for s in found] == sorted(s["difference"] for s in found)


def test_suggestions_for_a_large_brand(make_product, large_brand):
    product = make_product(price_eur=Decimal("30"), catalogue_references=500)
    stored = _stored(product)
    keys = {
        (s["kind"], s["value"]) for s in whatif.suggestions(product, stored.query, stored.result)
    }
    assert ("durability", "repair") in keys
    assert ("durability", "references") not in keys  # already under 1,000
    assert ("making", "REO") in keys


def test_stage_chart_is_accessible_and_escaped():
    svg = charts.stage_bars(
        [
            charts.Bar("material", "Materials <b>", 400.0),
            charts.Bar("x", "Fibres", 0.0, "complement"),
        ],
        title="Footprint & stages",
        desc="Desc",
        chart_id="fp",
    )
    assert svg.startswith("<svg") and 'viewBox="0 0 480 ' in svg
    assert 'role="img"' in svg and 'aria-labelledby="fp-title fp-desc"' in svg
    assert '<title id="fp-title">Footprint &amp; stages</title>' in svg
    assert "Materials &lt;b&gt;" in svg and "<b>" not in svg
    assert svg.count('class="bar"') == 1  # no bar for a zero value
