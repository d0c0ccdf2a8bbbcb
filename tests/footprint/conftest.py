"""Footprint platform fixtures: products of brand_c (Prato) written straight to the database,
and sites in Portugal and Turkey.

``make_product(materials={"ei-coton": 100}, steps={"making": site_or_country}, **fields)``
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from filiera.products.models import Product, ProductMaterial, ProductStep
from filiera.registry import services as registry
from filiera.registry.models import FirmMembership


@pytest.fixture(autouse=True)
def english_messages():
    """Messages checked word for word in these tests are the English ones (the catalogue is
    checked by tests/test_i18n.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_product(brand_c):
    def make(*, brand=None, materials=None, steps=None, **fields) -> Product:
        fields.setdefault("name", "T-shirt Prato")
        fields.setdefault("category", "tshirt")
        fields.setdefault("mass_kg", Decimal("0.17"))
        product = Product.objects.create(brand=brand or brand_c, **fields)
        for material, share in (materials if materials is not None else {"ei-coton": 100}).items():
            country = ""
            if isinstance(share, tuple):
                share, country = share
            ProductMaterial.objects.create(
                product=product, material=material, share=Decimal(str(share)), country=country
            )
        for stage, where in (steps or {}).items():
            if isinstance(where, str):
                ProductStep.objects.create(product=product, stage=stage, country=where)
            else:
                ProductStep.objects.create(product=product, stage=stage, site=where)
        return product

    return make


@pytest.fixture
def site_it(firm_a):
    return firm_a.sites.get()


@pytest.fixture
def site_pt(firm_a):
    return registry.create_site(
        None, firm_a, name="Fábrica Porto", country="PT", lat=41.15, lon=-8.61
    )


@pytest.fixture
def site_tr(firm_b):
    return registry.create_site(
        None, firm_b, name="İzmir atölye", country="TR", lat=38.42, lon=27.14
    )


@pytest.fixture
def brand_editor(make_user, brand_c):
    user = make_user("brand_editor")
    FirmMembership.objects.create(user=user, firm=brand_c, role="editor")
    return user


@pytest.fixture
def brand_viewer(make_user, brand_c):
    user = make_user("brand_viewer")
    FirmMembership.objects.create(user=user, firm=brand_c, role="viewer")
    return user


@pytest.fixture
def large_brand(brand_c):
    """brand_c as a large business (the durability index treats large firms apart)."""
    brand_c.employees = 400
    brand_c.save()
    assert brand_c.size_class == "large"
    return brand_c
