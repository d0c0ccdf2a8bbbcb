"""The sites of a product's steps, for credentials: consent, verified qualification and
signer of each site, its conformity data (Digital Conformity Credential) and facility data
(Digital Facility Record), and the identifiers credentials use for firms, districts and sites.

A conformity credential is made only for a site whose firm consented to be named in passports
(``ScorecardPublication.in_passports``; the brand's own sites always count as consenting) and
holds a verified, unlapsed qualification. A verified qualification lapses one year after its
verification (the methodology sets no validity of its own): ``QUALIFICATION_VALIDITY``. The
district that verified it signs; else the firm's first district signs the facility record.
Facility records are for the value chain: they name the site and its firm.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from filiera.passports.engine import digital_link as digital_links
from filiera.passports.engine import untp
from filiera.passports.engine.untp_data import (
    Area,
    ConformityData,
    Facility,
    FacilityData,
    Link,
    Party,
    Process,
    Qualification,
    Standard,
)
from filiera.passports.services import signing
from filiera.qualification.models import Assessment, Score, ScorecardPublication
from filiera.registry.models import District, Firm, Site

QUALIFICATION_VALIDITY = timedelta(days=365)
VAT_SCHEME = ("https://ec.europa.eu/taxation_customs/vies/", "EU VAT number (VIES)")
FACILITY_SCHEME_NAME = "Filiera facility ID"
PROCESS_SCHEME_NAME = "Filiera textile and clothing processes"
GLN_SCHEME = ("https://id.gs1.org/414/", "GS1 Global Location Number (GLN)")
OSH_SCHEME = ("https://opensupplyhub.org/facilities/", "Open Supply Hub ID")
# The UN/CEFACT sustainability topic of each area of the shipped methodology; areas of other
# methodologies count as compliance.
AREA_TOPICS = {
    "environment": "environment.emissions",
    "chemicals": "environment.water",
    "circularity": "environment.waste",
    "social": "social.labour",
    "ethics": "governance.ethics",
    "traceability": "governance.transparency",
}
CONFORMING = (Score.Status.QUALIFIED, Score.Status.WITH_PLAN)


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def english(text: str, text_en: str) -> str:
    return (text_en or text or "").strip()


def basis(data: Any, *extra: str) -> str:
    """A hash of what a credential is built from (and who signs it): equal while nothing it
    says changed. The builders' data are frozen dataclasses of plain values, so their ``repr``
    is complete and stable."""
    text = repr((data, extra))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def credential_url(credential) -> str:
    """Where a credential is published (its ``id``)."""
    return signing.credential_url(credential.uid)


# Identifiers -------------------------------------------------------------------------------


def digital_link(gtin: str, lot: str | None = None, serial: str | None = None) -> str:
    """The GS1 Digital Link URI of a product, batch or item on the platform's resolver."""
    return digital_links.uri(settings.RESOLVER_URL, gtin, lot, serial)


def firm_party(firm: Firm) -> Party:
    url = site_url(reverse("firm_detail", args=[firm.pk]))
    return Party(url, firm.legal_name, firm.vat, *VAT_SCHEME)


def district_party(district: District) -> Party:
    return Party(site_url(reverse("district_home", args=[district.slug])), district.name)


def facility_of(site: Site) -> Facility:
    return Facility(
        site_url(reverse("site_detail", args=[site.facility_id])),
        site.facility_id,
        site.name,
        site_url("/sites/"),
        FACILITY_SCHEME_NAME,
        site.country,
    )


# What is known of each site ----------------------------------------------------------------


@dataclass
class SiteFacts:
    site: Site
    named: bool  # its firm consented to be named in passports
    assessment: Assessment | None = None  # verified, with a score, not lapsed
    valid_until: date | None = None
    signer: District | None = None  # the district that signs its credentials
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def qualified(self) -> bool:
        """Whether a conformity credential may be issued for the site."""
        return self.named and self.assessment is not None and self.signer is not None


def site_facts(sites: list[Site], today: date, brand_id: int | None = None) -> dict[int, SiteFacts]:
    """Consent, verified qualification and signing district of each site, in a few queries.
    The brand's own sites count as consenting: the brand publishes its own passports."""
    firm_ids = {site.firm_id for site in sites}
    consenting = set(
        ScorecardPublication.objects.filter(firm_id__in=firm_ids, in_passports=True).values_list(
            "firm_id", flat=True
        )
    )
    verified: dict[int, Assessment] = {}
    for row in (
        Assessment.objects.filter(
            firm_id__in=firm_ids, status=Assessment.Status.VERIFIED, score__isnull=False
        )
        .select_related("score", "district", "version__methodology__district")
        .defer("context", "version__definition")
        .order_by("-verified_at", "-id")
    ):
        verified.setdefault(row.firm_id, row)
    first_district: dict[int, District] = {}
    unverified = firm_ids - set(verified)
    if unverified:
        memberships = Firm.districts.through.objects.filter(firm_id__in=unverified).order_by(
            "district_id"
        )
        district_of: dict[int, int] = {}
        for firm_id, district_id in memberships.values_list("firm_id", "district_id"):
            district_of.setdefault(firm_id, district_id)
        districts = District.objects.in_bulk(set(district_of.values()))
        first_district = {firm: districts[pk] for firm, pk in district_of.items()}
    facts = {}
    for site in sites:
        found = SiteFacts(site, site.firm_id in consenting or site.firm_id == brand_id)
        assessment = verified.get(site.firm_id)
        if assessment is not None and assessment.score is not None:
            start = assessment.verified_at.date() if assessment.verified_at else None
            until = (start or assessment.score.evaluated_on) + QUALIFICATION_VALIDITY
            if until >= today:
                found.assessment, found.valid_until = assessment, until
        found.signer = (
            found.assessment.district if found.assessment else first_district.get(site.firm_id)
        )
        facts[site.pk] = found
    return facts


# Conformity credential and facility record -------------------------------------------------


def methodology_standard(assessment: Assessment) -> Standard:
    version = assessment.version
    methodology = version.methodology
    owner = methodology.district or assessment.district
    path = reverse("methodology_version", args=[methodology.slug, version.number])
    return Standard(
        site_url(path),
        f"{methodology.name_en} v{version.number}",
        district_party(owner),
        version.published_at.date() if version.published_at else None,
    )


def conformity(facts: SiteFacts) -> ConformityData | None:
    """The conformity data of a consenting, qualified site; None otherwise."""
    if "conformity" not in facts.cache:
        facts.cache["conformity"] = _conformity(facts)
    return facts.cache["conformity"]


def _conformity(facts: SiteFacts) -> ConformityData | None:
    assessment = facts.assessment
    if not facts.qualified or assessment is None or facts.valid_until is None:
        return None
    score = assessment.score
    assert score is not None
    definition = assessment.version.parsed()
    minimum = definition.qualification.qualified_min_area
    areas = []
    for area in definition.areas:
        result = score.areas.get(area.code) or {}
        value = result.get("score")
        areas.append(
            Area(
                area.code,
                area.name.en,
                value,
                result.get("grade", ""),
                AREA_TOPICS.get(area.code, untp.OVERALL_TOPIC),
                value is not None and value >= minimum and not result.get("red_flags"),
            )
        )
    version = assessment.version
    with translation.override("en"):
        status = str(Score.Status(score.status).label) if score.status else ""
    return ConformityData(
        attestation_id=site_url(
            reverse("site_detail", args=[facts.site.facility_id]) + f"qualification/{score.pk}"
        ),
        assessor=district_party(facts.signer or assessment.district),
        firm=firm_party(facts.site.firm),
        facility=facility_of(facts.site),
        scheme=methodology_standard(assessment),
        scheme_version=str(version.number),
        scheme_description=definition.description.en if definition.description else "",
        scheme_valid_from=(version.published_at or version.created_at).date(),
        assessed_on=score.evaluated_on,
        valid_until=facts.valid_until,
        verified_on=assessment.verified_at.date() if assessment.verified_at else None,
        grade=score.grade,
        overall=score.overall,
        status=status,
        conformance=score.status in CONFORMING,
        areas=tuple(areas),
    )


def qualification(facts: SiteFacts, dcc, claim_id: str, process: str = "") -> Qualification | None:
    """The claim a passport or facility record makes about the site's conformity credential."""
    data = conformity(facts)
    if data is None or dcc is None:
        return None
    return Qualification(
        claim_id=claim_id,
        process=process,
        facility_id=facts.site.facility_id,
        methodology=data.scheme,
        grade=data.grade,
        overall=data.overall,
        assessed_on=data.assessed_on,
        valid_until=data.valid_until,
        conformance=data.conformance,
        credential=Link(
            credential_url(dcc),
            f"Conformity credential of facility {facts.site.facility_id}",
            untp.LINK_DCC,
            dcc.etag,
        ),
    )


def facility(facts: SiteFacts, dcc=None) -> FacilityData:
    site = facts.site
    others = []
    if site.gln:
        others.append(Party(f"{GLN_SCHEME[0]}{site.gln}", site.name, site.gln, *GLN_SCHEME))
    if site.osh_id:
        others.append(Party(f"{OSH_SCHEME[0]}{site.osh_id}", site.name, site.osh_id, *OSH_SCHEME))
    municipality = site.municipality
    claim = untp.part_id(facility_of(site).id, "qualification")
    return FacilityData(
        facility=facility_of(site),
        operator=firm_party(site.firm),
        process_scheme_id=site_url("/processes/"),
        process_scheme_name=PROCESS_SCHEME_NAME,
        lat=site.lat,
        lon=site.lon,
        street_address=site.address,
        locality=municipality.name if municipality else site.locality,
        region=municipality.province if municipality else "",
        processes=tuple(Process(p.code, p.name_en) for p in site.processes.all()),
        also_known_as=tuple(others),
        qualification=qualification(facts, dcc, claim) if dcc is not None else None,
    )
