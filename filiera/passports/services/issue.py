"""Issuing and revoking product passports.

``issue_passport`` builds the UNTP passport of a product model, a batch or an item, signs it with
the brand's key and stores it as the next version: it supersedes the latest version of the same
product, granularity, batch and serial number (old versions stay readable and say so). Before
that, the sites of the product's steps get current conformity credentials and facility records
(``site_credentials``), which the passport links. ``issue_passports`` does the same for the
model passports of many products of one brand at once, looking at each site once and reading
the products in a few queries; it uses each product's stored footprint unless the footprint
method changed since (the product services store it again on every change of the product).
All of it in one transaction, audited: bad input raises ``IssueError`` naming the field and
saves nothing.

Who signs: the brand signs its passports; the district that verified a site's qualification
signs the site's conformity credential and facility record, else the site firm's first
district signs its facility record, else the brand does. Who may call these is checked by the
views.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import batched
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.core.usererror import N_, UserError
from filiera.footprint import engine as footprint_engine
from filiera.footprint.models import FootprintResult
from filiera.passports import gather
from filiera.passports.engine import untp
from filiera.passports.engine.untp_data import Footprint
from filiera.passports.gather_sites import basis, digital_link
from filiera.passports.models import Credential, Passport
from filiera.passports.services import signing
from filiera.passports.services.site_credentials import SiteCredentials
from filiera.products.models import Batch, Product

GRANULARITIES = Passport.Granularity.values
SERIAL = re.compile(r"^[!%-?A-Z_a-z\"]{1,20}$")  # GS1 AI (21): up to 20 characters of set 82
CHUNK = 500  # products read and written together by ``issue_passports``


class IssueError(UserError):
    """Bad input to the passport services; ``field`` names the form field (or ``None``)."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


# Checks ------------------------------------------------------------------------------------


def _check_product(product: Product) -> list:
    """The product's label components, once the product is complete enough for a passport."""
    if not (product.name or "").strip():
        raise IssueError("name", N_("Name: the product needs a name before it gets a passport."))
    if not product.mass_kg or product.mass_kg <= 0:
        raise IssueError("mass_kg", N_("Mass: give the product's mass before issuing a passport."))
    components = gather.label_components(product)  # prefetched by the caller
    if not components:
        raise IssueError(
            "composition",
            N_(
                "Composition: add the product's components and their fibres before issuing a "
                "passport."
            ),
        )
    for component in components:
        total = sum((f.percent for f in component.fibres.all()), Decimal(0))
        if total != 100:
            raise IssueError(
                "composition",
                N_("Composition: the fibres of %(component)s add up to %(total)s %%, not 100 %%."),
                component=component.name,
                total=f"{total.normalize():f}",
            )
    return components


def _check_target(product: Product, granularity: str, batch: Batch | None, serial: str) -> None:
    if granularity not in GRANULARITIES:
        raise IssueError(
            "granularity", N_("Kind of passport: choose product model, batch or single item.")
        )
    if granularity == Passport.Granularity.MODEL:
        if batch is not None:
            raise IssueError("batch", N_("Batch: a product model passport has no batch."))
        if serial:
            raise IssueError("serial", N_("Serial number: only item passports have one."))
        return
    if batch is None or batch.product_id != product.pk:
        raise IssueError("batch", N_("Batch: choose one of this product's batches."))
    if granularity == Passport.Granularity.BATCH:
        if serial:
            raise IssueError("serial", N_("Serial number: only item passports have one."))
        return
    if not serial:
        raise IssueError("serial", N_("Serial number: an item passport needs the item's serial."))
    if not SERIAL.match(serial):
        raise IssueError(
            "serial",
            N_("Serial number: use up to 20 letters, digits or barcode signs, without spaces."),
        )
    if not batch.serial_first:
        raise IssueError(
            "serial",
            N_("Serial number: batch %(lot)s has no range of serial numbers; add it first."),
            lot=batch.lot,
        )
    if not batch.has_serial(serial):
        raise IssueError(
            "serial",
            N_("Serial number: %(serial)s is not in batch %(lot)s (%(first)s to %(last)s)."),
            serial=serial,
            lot=batch.lot,
            first=batch.serial_first,
            last=batch.serial_last,
        )


# Passports ---------------------------------------------------------------------------------


def version_url(uid: uuid.UUID) -> str:
    """The public page of one version of a passport."""
    return f"{settings.SITE_URL}{reverse('passport_version', args=[uid])}"


def identify(product: Product, batch: Batch | None, serial: str, uid: uuid.UUID) -> tuple[str, str]:
    """(the product's id in the passport, the page people read): the Digital Link URI when the
    product has a GTIN, else the version's own page."""
    if product.gtin:
        link = digital_link(product.gtin, batch.lot if batch else None, serial or None)
        return link, link
    page = version_url(uid)
    return page, page


def current_passport(
    product: Product, granularity: str, batch: Batch | None = None, serial: str = ""
) -> Passport | None:
    """The latest version of that passport (revoked or not); None before the first."""
    return (
        Passport.objects.filter(
            product=product, granularity=granularity, batch=batch, serial=serial
        )
        .select_related("credential")
        .defer("credential__document", "credential__jwt")
        .order_by("-version", "-id")
        .first()
    )


@dataclass
class Target:
    """One passport to issue: the product (its related rows read), which passport, the one it
    supersedes and the footprint it carries."""

    product: Product
    granularity: str
    components: list
    footprint: Footprint | None
    previous: Passport | None
    batch: Batch | None = None
    serial: str = ""


def _passport(run: SiteCredentials, target: Target, user) -> tuple[Passport, list[Credential]]:
    """Sign the passport of ``target`` (not saved yet) and the credentials it links."""
    product = target.product
    steps = gather.ordered(list(product.steps.all()))
    sites = [step.site for step in steps if step.site is not None]
    run.prepare(sites)
    uid = uuid.uuid4()
    product_id, page_url = identify(product, target.batch, target.serial, uid)
    data = gather.passport_data(
        product,
        granularity=target.granularity,
        product_id=product_id,
        page_url=page_url,
        batch=target.batch,
        serial=target.serial,
        steps=steps,
        facts=run.facts,
        dccs=run.dccs,
        dfrs=run.dfrs,
        components=target.components,
        footprint=target.footprint,
    )
    previous = target.previous
    credential = signing.sign_and_store(
        kind=Credential.Kind.DPP,
        issuer=run.signers.brand,
        document=untp.build_dpp(data),
        supersedes=previous.credential if previous else None,
        basis=basis(data),
        uid=uid,
    )
    passport = Passport(
        product=product,
        granularity=target.granularity,
        batch=target.batch,
        serial=target.serial,
        version=(previous.version if previous else 0) + 1,
        credential=credential,
        supersedes=previous,
        issued_by=user if getattr(user, "is_authenticated", False) else None,
        issued_at=credential.issued_at,
    )
    return passport, run.linked(sites)


def _store(made: list[tuple[Passport, list[Credential]]], user) -> list[Passport]:
    """Save the passports, their links and their audit events, a few queries for all."""
    passports = Passport.objects.bulk_create([passport for passport, _links in made])
    Passport.linked.through.objects.bulk_create(
        Passport.linked.through(passport_id=passport.pk, credential_id=credential.pk)
        for passport, links in made
        for credential in links
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            **audit.event_fields(
                user,
                "issue_passport",
                passport,
                audit.facts(
                    granularity=passport.granularity,
                    lot=passport.batch.lot if passport.batch else "",
                    serial=passport.serial,
                    version=passport.version,
                    credential=str(passport.credential.uid),
                    supersedes=passport.supersedes.version if passport.supersedes else None,
                    footprint=_has_footprint(passport.credential.document),
                ),
                passport.product.brand_id,
            )
        )
        for passport in passports
    )
    return passports


def _has_footprint(document: dict) -> bool:
    claims = document.get("credentialSubject", {}).get("conformityClaim", [])
    return any(str(claim.get("id", "")).endswith("environmental-cost") for claim in claims)


def _locked(pks: list[int]) -> list[Product]:
    return list(
        Product.objects.select_for_update()
        .filter(pk__in=pks)
        .select_related("brand")
        .prefetch_related(*gather.PRODUCT_PREFETCH)
        .order_by("pk")
    )


def issue_passport(
    product: Product,
    *,
    granularity: str,
    batch: Batch | None = None,
    serial: str = "",
    user,
) -> Passport:
    """Issue the next version of the passport of ``product`` (model, batch or item)."""
    serial = (serial or "").strip()
    _check_target(product, granularity, batch, serial)
    with transaction.atomic():
        (product,) = _locked([product.pk])  # one issuing at a time per product
        components = _check_product(product)
        if batch is not None:
            batch = Batch.objects.prefetch_related("events").get(pk=batch.pk)
        target = Target(
            product,
            granularity,
            components,
            gather.current_footprint(product),
            current_passport(product, granularity, batch, serial),
            batch,
            serial,
        )
        run = SiteCredentials(product.brand, today=timezone.localdate(), now=timezone.now())
        (passport,) = _store([_passport(run, target, user)], user)
    return passport


def _stored_footprint(product: Product, stored: FootprintResult | None) -> Footprint | None:
    if stored is not None and stored.version == footprint_engine.VERSION:
        return gather.footprint_of(stored)
    return gather.current_footprint(product)


def issue_passports(products: Iterable[Product], *, user) -> list[Passport]:
    """Issue the next version of the model passport of each product (all of one brand)."""
    pks = list(dict.fromkeys(product.pk for product in products))
    brands = set(Product.objects.filter(pk__in=pks).values_list("brand_id", flat=True))
    if len(brands) > 1:
        raise ValueError("issue_passports takes the products of one brand")
    issued: list[Passport] = []
    with transaction.atomic():
        run: SiteCredentials | None = None
        for chunk in batched(pks, CHUNK):
            found = _locked(list(chunk))
            footprints = {
                f.product_id: f for f in FootprintResult.objects.filter(product__in=chunk)
            }
            latest: dict[int, Passport] = {}
            for passport in (
                Passport.objects.filter(
                    product__in=chunk,
                    granularity=Passport.Granularity.MODEL,
                    superseded_by__isnull=True,
                )
                .select_related("credential")
                .defer("credential__document", "credential__jwt")
                .order_by("product_id", "-version")
            ):
                latest.setdefault(passport.product_id, passport)
            made = []
            for product in found:
                try:
                    components = _check_product(product)
                except IssueError as err:
                    raise IssueError(
                        err.field,
                        N_("%(product)s: %(problem)s"),
                        product=product.name,
                        problem=err.translated(),
                    ) from err
                if run is None:
                    run = SiteCredentials(
                        product.brand, today=timezone.localdate(), now=timezone.now()
                    )
                target = Target(
                    product,
                    Passport.Granularity.MODEL,
                    components,
                    _stored_footprint(product, footprints.get(product.pk)),
                    latest.get(product.pk),
                )
                made.append(_passport(run, target, user))
            issued.extend(_store(made, user))
    return issued


def revoke_passport(passport: Passport, *, user, reason: str) -> None:
    """Revoke one version of a passport: its credential's status bit is set, for good."""
    with transaction.atomic():
        signing.revoke(passport.credential, user=user, reason=reason)
        audit.record(
            user,
            "revoke_passport",
            passport,
            changes=audit.facts(version=passport.version, reason=(reason or "").strip()),
            firm_id=passport.product.brand_id,
        )
