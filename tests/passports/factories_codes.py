"""Passports for the QR code and label tests, written straight to the database.

The credentials carry a fake JWT: QR codes and labels only need the passport's identifiers, never
its signature. Firm A is the brand here, so the personas of tests/conftest.py apply: its owner,
editor and viewer see the labels, everybody else does not.

Import the fixtures a test module uses (``from tests.passports.factories_codes import ...``).
"""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from filiera.passports.models import Credential, Issuer, IssuerKey, Passport
from filiera.products.models import Batch, Product

GTIN = "09506000134352"
LOT = "LOT/26+A"


def make_product(brand, *, gtin: str = GTIN, name: str = "Maglia girocollo") -> Product:
    return Product.objects.create(
        brand=brand,
        name=name,
        name_en="Crew-neck jumper",
        gtin=gtin,
        category="pull",
        mass_kg=Decimal("0.35"),
    )


def make_passport(
    product: Product,
    *,
    granularity: str = Passport.Granularity.MODEL,
    batch: Batch | None = None,
    serial: str = "",
    version: int = 1,
) -> Passport:
    """A passport version with a credential whose JWT is fake text."""
    issuer, _ = Issuer.objects.get_or_create(
        firm=product.brand, defaults={"slug": f"firm-{product.brand_id}", "name": "Brand"}
    )
    key, _ = IssuerKey.objects.get_or_create(
        issuer=issuer, kid="k1", defaults={"public_jwk": {}, "private_key": b"-"}
    )
    jwt = f"fake.{uuid.uuid4().hex}.jwt"
    credential = Credential.objects.create(
        kind=Credential.Kind.DPP,
        issuer=issuer,
        key=key,
        document={},
        jwt=jwt,
        etag=hashlib.sha256(jwt.encode()).hexdigest(),
        issued_at=timezone.now(),
    )
    return Passport.objects.create(
        product=product,
        granularity=granularity,
        batch=batch,
        serial=serial,
        version=version,
        credential=credential,
        issued_at=timezone.now(),
    )


def make_batch(
    product: Product, *, lot: str = LOT, first: str = "0001", last: str = "0050"
) -> Batch:
    return Batch.objects.create(product=product, lot=lot, serial_first=first, serial_last=last)


@pytest.fixture
def coded_product(firm_a) -> Product:
    return make_product(firm_a)


@pytest.fixture
def coded_batch(coded_product) -> Batch:
    return make_batch(coded_product)


@pytest.fixture
def model_pp(coded_product) -> Passport:
    return make_passport(coded_product)


@pytest.fixture
def batch_pp(coded_product, coded_batch) -> Passport:
    return make_passport(coded_product, granularity=Passport.Granularity.BATCH, batch=coded_batch)


@pytest.fixture
def item_pp(coded_product, coded_batch) -> Passport:
    return make_passport(
        coded_product, granularity=Passport.Granularity.ITEM, batch=coded_batch, serial="0007"
    )


@pytest.fixture
def no_gtin_pp(firm_a) -> Passport:
    return make_passport(make_product(firm_a, gtin="", name="Sciarpa"))
