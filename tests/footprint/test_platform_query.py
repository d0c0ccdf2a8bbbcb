"""The engine query built from a product: zones from the sites' countries, shares as fractions,
optional fields only when the product sets them."""

from __future__ import annotations

from decimal import Decimal

from filiera.footprint import engine
from filiera.footprint.product_query import query_for


def test_italian_site_counts_as_western_europe(make_product, site_it):
    assert site_it.country == "IT"
    query = query_for(make_product(steps={"making": site_it}))
    assert query["countryMaking"] == "REO"


def test_portuguese_and_turkish_sites(make_product, site_pt, site_tr):
    query = query_for(make_product(steps={"spinning": site_tr, "dyeing": site_pt}))
    assert query["countrySpinning"] == "TR"
    assert query["countryDyeing"] == "REO"


def test_step_country_without_site_and_site_wins(make_product, site_tr):
    product = make_product(steps={"fabric": "CN", "making": "IT"})
    query = query_for(product)
    assert query["countryFabric"] == "CN"
    assert query["countryMaking"] == "REO"
    step = product.steps.get(stage="making")
    step.site = site_tr
    step.save()
    assert query_for(product)["countryMaking"] == "TR"


def test_steps_without_a_country_are_left_out(make_product):
    query = query_for(make_product(steps={"making": ""}))
    for field in ("countrySpinning", "countryFabric", "countryDyeing", "countryMaking"):
        assert field not in query
    # The method then uses its unknown-country default.
    assert engine.compute(query)["zones"]["making"] == "---"


def test_shares_become_fractions_and_material_countries_zones(make_product):
    product = make_product(materials={"ei-coton": (60, "IT"), "ei-pet": Decimal("40")})
    query = query_for(product)
    assert query["product"] == "tshirt"
    assert query["mass"] == 0.17
    assert query["materials"] == [
        {"id": "ei-coton", "share": 0.6, "country": "REO"},
        {"id": "ei-pet", "share": 0.4},
    ]


def test_optional_fields_only_when_set(make_product):
    plain = query_for(make_product())
    assert set(plain) == {"product", "mass", "materials", "business"}  # brand_c is medium-sized
    assert plain["business"] == "small-business"
    full = query_for(
        make_product(
            name="Jeans",
            category="jean",
            mass_kg=Decimal("0.45"),
            fabric_process="weaving",
            making_complexity="high",
            dyeing_process="discontinuous",
            printing="pigment",
            printing_ratio=Decimal("0.25"),
            fading=True,
            price_eur=Decimal("89.00"),
            catalogue_references=800,
        )
    )
    assert full["fabricProcess"] == "weaving"
    assert full["makingComplexity"] == "high"
    assert full["dyeingProcessType"] == "discontinuous"
    assert full["printing"] == {"kind": "pigment", "ratio": 0.25}
    assert full["fading"] is True and "upcycled" not in full
    assert full["price"] == 89
    assert full["numberOfReferences"] == 800
    engine.validate(full)
    assert query_for(make_product(name="Remade", upcycled=True))["upcycled"] is True


def test_business_from_the_brand_size(make_product, large_brand):
    assert query_for(make_product())["business"] == "large-business-without-services"
    with_service = make_product(name="Other", repair_service=True)
    assert query_for(with_service)["business"] == "large-business-with-services"


def test_unknown_size_keeps_the_category_default(make_product, brand_c):
    brand_c.employees = None
    brand_c.turnover_eur = None
    brand_c.save()
    assert brand_c.size_class == ""
    assert "business" not in query_for(make_product())
    repaired = make_product(name="Repaired", repair_service=True)
    assert query_for(repaired)["business"] == "large-business-with-services"
