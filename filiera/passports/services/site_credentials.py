"""The conformity credentials and facility records that passports link, kept current.

For each site of a product's steps: a facility record (value-chain tier) and, when the site's
firm consented to be named and holds a verified qualification, a conformity credential. An
unchanged one (same basis hash, same signer, not revoked, still valid) is reused; a changed one
is issued anew and supersedes the old. ``SiteCredentials`` does this once per site for one
issuing run of a brand, so a run of many passports over the same sites looks at each site once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from filiera.passports import gather_sites
from filiera.passports.engine import untp
from filiera.passports.models import Credential
from filiera.passports.services import issuers, signing
from filiera.registry.models import Firm, Site

Heads = dict[tuple[str, int], Credential]


def _heads(sites: list[Site]) -> Heads:
    """The latest conformity credential and facility record of each site (the ones nothing
    supersedes), locked, without their documents: one query."""
    found: Heads = {}
    rows = (
        # Lock only the credentials: "nothing supersedes it" is an outer join to their successors.
        Credential.objects.select_for_update(of=("self",))
        .defer("document", "jwt")
        .filter(
            kind__in=[Credential.Kind.DCC, Credential.Kind.DFR],
            site__in=sites,
            superseded_by__isnull=True,
        )
        .order_by("issued_at", "id")
    )
    for row in rows:
        assert row.site_id is not None
        found[(row.kind, row.site_id)] = row
    return found


def _reusable(head: Credential | None, basis: str, now: datetime) -> bool:
    return (
        head is not None
        and head.basis == basis
        and head.revoked_at is None
        and (head.valid_until is None or head.valid_until > now)
    )


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


class Signers:
    """The issuers of one run, each looked up once: the brand's and the districts'."""

    def __init__(self, brand: Firm) -> None:
        self.brand = issuers.issuer_for_firm(brand)
        self.districts: dict[int, Any] = {}

    def district(self, district):
        if district.pk not in self.districts:
            self.districts[district.pk] = issuers.issuer_for_district(district)
        return self.districts[district.pk]


def ensure_dcc(
    facts: gather_sites.SiteFacts, signers: Signers, heads: Heads, now: datetime
) -> Credential | None:
    """The site's current conformity credential; None when the site may have none."""
    data = gather_sites.conformity(facts)
    if data is None or facts.signer is None:
        return None
    issuer = signers.district(facts.signer)
    basis = gather_sites.basis(data, issuer.slug)
    head = heads.get((Credential.Kind.DCC, facts.site.pk))
    if _reusable(head, basis, now):
        return head
    return signing.sign_and_store(
        kind=Credential.Kind.DCC,
        issuer=issuer,
        document=untp.build_dcc(data),
        site=facts.site,
        supersedes=head,
        valid_until=_end_of(data.valid_until),
        basis=basis,
    )


def ensure_dfr(
    facts: gather_sites.SiteFacts,
    dcc: Credential | None,
    signers: Signers,
    heads: Heads,
    now: datetime,
) -> Credential:
    """The site's current facility record (value-chain tier)."""
    issuer = signers.district(facts.signer) if facts.signer else signers.brand
    data = gather_sites.facility(facts, dcc)
    basis = gather_sites.basis(data, issuer.slug)
    head = heads.get((Credential.Kind.DFR, facts.site.pk))
    if _reusable(head, basis, now):
        assert head is not None
        return head
    return signing.sign_and_store(
        kind=Credential.Kind.DFR,
        issuer=issuer,
        document=untp.build_dfr(data),
        tier=Credential.Tier.VALUE_CHAIN,
        site=facts.site,
        supersedes=head,
        basis=basis,
    )


class SiteCredentials:
    """The sites' facts and current credentials for one issuing run of ``brand``."""

    def __init__(self, brand: Firm, *, today: date, now: datetime) -> None:
        self.brand_id = brand.pk
        self.signers = Signers(brand)
        self.today, self.now = today, now
        self.facts: dict[int, gather_sites.SiteFacts] = {}
        self.dccs: dict[int, Credential] = {}
        self.dfrs: dict[int, Credential] = {}

    def prepare(self, sites: Iterable[Site]) -> None:
        """Look at the sites not seen yet in this run (a few queries for all of them)."""
        new = list({s.pk: s for s in sites if s.pk not in self.facts}.values())
        if not new:
            return
        facts = gather_sites.site_facts(new, self.today, self.brand_id)
        heads = _heads(new)
        for site in new:
            found = self.facts[site.pk] = facts[site.pk]
            dcc = ensure_dcc(found, self.signers, heads, self.now)
            if dcc is not None:
                self.dccs[site.pk] = dcc
            self.dfrs[site.pk] = ensure_dfr(found, dcc, self.signers, heads, self.now)

    def linked(self, sites: Iterable[Site]) -> list[Credential]:
        """The credentials a passport over these sites links: DCCs, then DFRs."""
        pks = list(dict.fromkeys(s.pk for s in sites))
        return [self.dccs[pk] for pk in pks if pk in self.dccs] + [self.dfrs[pk] for pk in pks]
