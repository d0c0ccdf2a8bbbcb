"""The demo passports: after ``filiera demo``, the demo brand's products have passports (one
with a second version, a batch and an item passport), most suppliers are named, one step is
not; ``clear`` lets the demo firms be deleted again."""

from __future__ import annotations

import json

import pytest

from filiera.passports import demo
from filiera.passports.models import Credential, Issuer, Passport
from filiera.products.models import Product
from filiera.qualification.models import ScorecardPublication
from filiera.registry.models import District, Firm
from tests.chains.test_demo_chains import login_firm, run_demo
from tests.passports.untp_checks import problems, undefined_terms


@pytest.fixture
def loaded(db):
    run_demo("--companies", "60", "--seed", "3")
    district = District.objects.get(slug="carpi")
    if not Passport.objects.exists():  # until ``filiera demo`` calls the passport demo itself
        demo.load(district, seed=3)
    return district


def test_the_demo_brand_has_passports(loaded):
    brand = login_firm("brand")
    passports = Passport.objects.filter(product__brand=brand)
    products = Product.objects.filter(brand=brand).count()
    assert passports.filter(granularity="model", version=1).count() == products
    first = Product.objects.filter(brand=brand).order_by("id").first()
    second = passports.get(product=first, granularity="model", version=2)
    assert second.supersedes is not None and second.supersedes.version == 1
    assert passports.filter(granularity="batch").exists()
    assert passports.filter(granularity="item").exists()
    assert Credential.objects.filter(kind="dcc").exists()
    assert Credential.objects.filter(kind="dfr").exists()
    for passport in passports.select_related("credential"):
        assert problems(passport.credential.document) == []
    assert undefined_terms(second.credential.document) == []


def test_one_step_is_unnamed(loaded):
    brand = login_firm("brand")
    first = Product.objects.filter(brand=brand).order_by("id").first()
    sites = [s.site for s in first.steps.select_related("site__firm") if s.site]
    named = set(
        ScorecardPublication.objects.filter(in_passports=True).values_list("firm_id", flat=True)
    )
    unnamed = [site for site in sites if site.firm_id not in named | {brand.pk}]
    assert len({site.firm_id for site in unnamed}) == 1
    body = json.dumps(
        Passport.objects.filter(product=first).latest("version").credential.document,
        ensure_ascii=False,
    )
    assert unnamed[0].firm.legal_name not in body
    assert unnamed[0].facility_id in body


def test_loading_twice_changes_nothing(loaded):
    before = Passport.objects.count()
    assert demo.load(loaded, seed=3)["passports"] == 0
    assert Passport.objects.count() == before


def test_clear_lets_the_demo_firms_go(loaded):
    count = Passport.objects.count()
    assert demo.clear(loaded) == count
    assert not Passport.objects.exists()
    assert not Issuer.objects.filter(firm__isnull=False).exists()
    Firm.objects.filter(districts=loaded).delete()
