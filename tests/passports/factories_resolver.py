"""Fixtures of the resolver's tests that need no issued passport: a product of brand C with a
GTIN, a firm the brand lets see its value chain, and authority tokens of Carpi.

Import the fixtures a test module uses (``from tests.passports.factories_resolver import ...``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from filiera.passports.models import AuthorityToken, PassportViewer
from filiera.passports.services import authority
from filiera.products.models import Product

GTIN = "09506000134352"


@pytest.fixture
def gtin_product(brand_c) -> Product:
    return Product.objects.create(
        brand=brand_c,
        name="Maglia in lana",
        name_en="Wool jumper",
        gtin=GTIN,
        category="pull",
        mass_kg=Decimal("0.35"),
    )


@pytest.fixture
def viewer_grant(brand_c, firm_a, brand_owner) -> PassportViewer:
    """Brand C lets firm A (owner_a, editor_a, viewer_a) see its value chain."""
    return PassportViewer.objects.create(brand=brand_c, firm=firm_a, granted_by=brand_owner)


@pytest.fixture
def make_token(manager, carpi):
    """``make_token(days=30, district=carpi, revoked=False) -> (token, raw)``."""

    def make(days: int = 30, district=None, revoked: bool = False, name: str = "Dogane Modena"):
        token, raw = authority.create_token(
            manager,
            district or carpi,
            name=name,
            expires_on=timezone.localdate() + timedelta(days=max(days, 0)),
        )
        if days < 0:  # expired: written straight, as the service refuses past dates
            AuthorityToken.objects.filter(pk=token.pk).update(
                expires_on=timezone.localdate() + timedelta(days=days)
            )
        if revoked:
            authority.revoke_token(manager, token)
        token.refresh_from_db()
        return token, raw

    return make


# Signed passports written straight (the resolver's mechanics need no full builder) ----------


def minimal_dpp(product: Product, *, lot: str = "", serial: str = "", granularity="model"):
    """A small DPP document; signing adds id, issuer, dates and status."""
    subject_product = {
        "type": ["Product"],
        "id": f"https://example.test/01/{product.gtin}",
        "name": product.name,
    }
    if lot:
        subject_product["batchNumber"] = lot
    if serial:
        subject_product["serialNumber"] = serial
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/",
        ],
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "credentialSubject": {
            "type": ["ProductPassport"],
            "product": subject_product,
            "granularityLevel": granularity,
        },
    }


@pytest.fixture
def sign_passport(db):
    """``sign_passport(product, granularity="model", batch=None, serial="")`` issues the next
    version of that passport (superseding the current one) with a small signed document."""
    from filiera.passports import selectors
    from filiera.passports.models import Credential, Passport
    from filiera.passports.services import issuers, signing

    def make(product: Product, granularity: str = "model", batch=None, serial: str = ""):
        same = Passport.objects.filter(
            product=product, granularity=granularity, batch=batch, serial=serial
        )
        previous = selectors.current(same)
        document = minimal_dpp(
            product, lot=batch.lot if batch else "", serial=serial, granularity=granularity
        )
        credential = signing.sign_and_store(
            kind=Credential.Kind.DPP,
            issuer=issuers.issuer_for_firm(product.brand),
            document=document,
            supersedes=previous.credential if previous else None,
        )
        return Passport.objects.create(
            product=product,
            granularity=granularity,
            batch=batch,
            serial=serial,
            version=(previous.version + 1) if previous else 1,
            credential=credential,
            supersedes=previous,
            issued_at=credential.issued_at,
        )

    return make
