"""Reads for the resolver and the public pages: which passport a GS1 Digital Link points to, a
passport by its credential's id, and the versions of a passport.

A link names a product by GTIN, optionally a lot (AI 10) and a serial number (AI 21). The most
precise passport issued wins: an item passport for the serial, else the passport of the batch
(when the serial is in the batch's range, or when only the lot is given), else the passport of
the product model. A lot the product does not have, or a serial no batch of the product (of that
lot, when given) covers, finds nothing. The current version is the one no later version
supersedes; a revoked current version is still found (its page says it is revoked).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet

from filiera.passports.models import Credential, Passport
from filiera.products.models import Batch, Product


class LinkLike(Protocol):
    @property
    def gtin(self) -> str: ...
    @property
    def lot(self) -> str | None: ...
    @property
    def serial(self) -> str | None: ...


RELATED = (
    "credential",
    "credential__issuer",
    "product",
    "product__brand",
    "batch",
)


def passports() -> QuerySet[Passport]:
    return Passport.objects.select_related(*RELATED)


def current(queryset: QuerySet[Passport]) -> Passport | None:
    """The latest version among ``queryset``: the one no other version supersedes."""
    return queryset.filter(superseded_by__isnull=True).order_by("-version", "-id").first()


def product_for_gtin(gtin: str) -> Product | None:
    return Product.objects.select_related("brand").filter(gtin=gtin).first()


def _batches_with(product: Product, serial: str, lot: str | None) -> list[Batch]:
    batches = Batch.objects.filter(product=product).exclude(serial_first="")
    if lot is not None:
        batches = batches.filter(lot=lot)
    return [batch for batch in batches if batch.has_serial(serial)]


def find_passport(link: LinkLike) -> Passport | None:
    """The current version of the passport the link points to, or ``None``."""
    if link.lot is None and link.serial is None:  # the common case, in one query
        return current(
            passports().filter(product__gtin=link.gtin, granularity=Passport.Granularity.MODEL)
        )
    product = product_for_gtin(link.gtin)
    if product is None:
        return None
    of_product = passports().filter(product=product)
    batch: Batch | None = None
    if link.lot is not None:
        batch = Batch.objects.filter(product=product, lot=link.lot).first()
        if batch is None:
            return None
    if link.serial is not None:
        items = of_product.filter(granularity=Passport.Granularity.ITEM, serial=link.serial)
        if batch is not None:
            items = items.filter(batch=batch)
        item = current(items)
        if item is not None:
            return item
        covering = _batches_with(product, link.serial, link.lot)
        if not covering:
            return None
        batch = covering[0]
    if batch is not None:
        found = current(of_product.filter(granularity=Passport.Granularity.BATCH, batch=batch))
        if found is not None:
            return found
    return current(of_product.filter(granularity=Passport.Granularity.MODEL))


def passport_by_uid(uid: UUID | str) -> Passport | None:
    """The passport (any version) whose credential has this id."""
    return passports().filter(credential__uid=uid).first()


def _same_passport(passport: Passport) -> dict[str, Any]:
    return {
        "product_id": passport.product_id,
        "granularity": passport.granularity,
        "batch_id": passport.batch_id,
        "serial": passport.serial,
    }


def versions(passport: Passport) -> QuerySet[Passport]:
    """Every version of the same passport (product, granularity, batch, serial), newest first."""
    return passports().filter(**_same_passport(passport)).order_by("-version", "-id")


def latest_version(passport: Passport) -> Passport:
    """The current version of the passport ``passport`` is a version of (itself when current)."""
    return current(passports().filter(**_same_passport(passport))) or passport


def is_superseded(passport: Passport) -> bool:
    return Passport.objects.filter(supersedes=passport).exists()


class Signed(NamedTuple):
    """What the JSON-LD and VC-JWT answers need of a credential."""

    etag: str
    document: str  # JSON text
    jwt: str


@cache
def _current_model_sql() -> str:
    passport, credential, product = Passport._meta, Credential._meta, Product._meta
    p, c, g = passport.db_table, credential.db_table, product.db_table
    # Names from the models' own metadata; the values are passed as parameters.
    return (
        f"SELECT c.{credential.get_field('etag').column}, "  # noqa: S608
        f"c.{credential.get_field('document').column}, c.{credential.get_field('jwt').column} "
        f"FROM {p} p "
        f"JOIN {c} c ON c.id = p.{passport.get_field('credential').column} "
        f"JOIN {g} g ON g.id = p.{passport.get_field('product').column} "
        f"WHERE g.{product.get_field('gtin').column} = %s "
        f"AND p.{passport.get_field('granularity').column} = %s "
        f"AND NOT EXISTS (SELECT 1 FROM {p} n "
        f"WHERE n.{passport.get_field('supersedes').column} = p.id) "
        f"ORDER BY p.{passport.get_field('version').column} DESC, p.id DESC LIMIT 1"
    )


def current_signed(link: LinkLike) -> Signed | None:
    """The signed credential of the current passport the link points to, for the JSON answers.
    A product model's (the resolver's most frequent question) is read with one plain query."""
    if link.lot is None and link.serial is None:
        with connection.cursor() as cursor:
            cursor.execute(_current_model_sql(), [link.gtin, Passport.Granularity.MODEL.value])
            row = cursor.fetchone()
        if row is None:
            return None
        etag, document, jwt = row
        text = document if isinstance(document, str) else json.dumps(document)
        return Signed(etag, text, jwt)
    passport = find_passport(link)
    if passport is None:
        return None
    credential = passport.credential
    return Signed(credential.etag, json.dumps(credential.document), credential.jwt)
