"""Shapes of the registry API: what it answers and what it accepts.

Outputs are built from objects whose related rows are already loaded (see the ``load_*``
helpers in the routers), so building them runs no queries.
"""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from filiera.registry.models import District, Firm, Site

LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", examples=["it"])]


# Districts -----------------------------------------------------------------------------------


class DistrictOut(Schema):
    slug: str
    name: str
    managing_body: str
    municipalities: list[str] = Field(description="ISTAT codes of the district's municipalities.")
    sectors: list[str] = Field(description="ATECO 2025 codes.")
    languages: list[str]
    contact_email: str
    website: str


class DistrictList(Schema):
    items: list[DistrictOut]


class DistrictPatch(Schema):
    name: str | None = None
    managing_body: str | None = None
    municipalities: list[str] | None = Field(
        None, description="ISTAT codes, or names with province such as `Carpi (MO)`."
    )
    sectors: list[str] | None = Field(None, description="ATECO 2025 codes.")
    languages: list[LanguageCode] | None = None
    contact_email: str | None = None
    website: str | None = None


class DistrictIn(DistrictPatch):
    slug: str = Field(description="Short name used in addresses, e.g. `carpi`.")
    name: str  # type: ignore[assignment]


def district_out(district: District) -> dict:
    return {
        "slug": district.slug,
        "name": district.name,
        "managing_body": district.managing_body,
        "municipalities": sorted(m.istat_code for m in district.municipalities.all()),
        "sectors": list(district.sectors),
        "languages": list(district.languages),
        "contact_email": district.contact_email,
        "website": district.website,
    }


# Firms ---------------------------------------------------------------------------------------


class FirmOut(Schema):
    id: int
    legal_name: str
    vat: str = Field(description="With its country prefix, e.g. `IT01234567890`.")
    country: str
    rea: str
    lei: str
    legal_form: str
    role: str
    employees: int | None
    turnover_eur: int | None
    size_class: str = Field(description="EU size class from employees and turnover.")
    website: str
    email: str
    description_it: str
    description_en: str
    ateco: list[str] = Field(description="ATECO 2025 codes, main activity first.")
    districts: list[str] = Field(description="Slugs of the firm's districts.")
    sites: list[str] = Field(description="Facility IDs of the firm's sites.")


class FirmPage(Schema):
    items: list[FirmOut]
    next_cursor: str | None


class FirmPatch(Schema):
    legal_name: str | None = None
    vat: str | None = Field(
        None, description="Italian P.IVA (11 digits) or a foreign VAT with its country code."
    )
    rea: str | None = None
    lei: str | None = None
    legal_form: Firm.LegalForm | Literal[""] | None = None
    role: Firm.Role | None = None
    employees: int | None = Field(None, ge=0)
    turnover_eur: int | None = Field(None, ge=0)
    website: str | None = None
    email: str | None = None
    description_it: str | None = None
    description_en: str | None = None
    ateco: list[str] | None = Field(None, description="ATECO 2025 codes, main activity first.")


class FirmIn(FirmPatch):
    district: str = Field(description="Slug of a district you manage; the firm joins it.")
    legal_name: str  # type: ignore[assignment]
    vat: str  # type: ignore[assignment]
    role: Firm.Role  # type: ignore[assignment]


def firm_out(firm: Firm) -> dict:
    return {
        **{name: getattr(firm, name) for name in FIRM_PLAIN_FIELDS},
        "turnover_eur": None if firm.turnover_eur is None else int(firm.turnover_eur),
        "ateco": [activity.code for activity in firm.activities.all()],
        "districts": sorted(district.slug for district in firm.districts.all()),
        "sites": [site.facility_id for site in firm.sites.all()],
    }


FIRM_PLAIN_FIELDS = [
    "id", "legal_name", "vat", "country", "rea", "lei", "legal_form", "role", "employees",
    "size_class", "website", "email", "description_it", "description_en",
]  # fmt: skip


# Sites ---------------------------------------------------------------------------------------


class MunicipalityOut(Schema):
    istat_code: str
    name: str
    province: str


class SiteOut(Schema):
    facility_id: str
    firm: int
    name: str
    address: str
    country: str = Field(description="ISO 3166-1 alpha-2 code of the site's country.")
    municipality: MunicipalityOut | None = Field(
        description="The Italian municipality; null for a site outside Italy."
    )
    lat: float
    lon: float
    pinned: bool = Field(description="False: the site sits at its municipality's point.")
    processes: list[str] = Field(description="Codes of the processes performed.")
    workers: int | None
    osh_id: str = Field(description="Open Supply Hub ID.")
    gln: str


class SitePage(Schema):
    items: list[SiteOut]
    next_cursor: str | None


class SitePatch(Schema):
    name: str | None = None
    address: str | None = Field(
        None,
        description="Outside Italy: street, postcode and city, e.g. `Rua Alegre 5, 4000 Porto`.",
    )
    country: str | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2 code; `IT` when not given.",
    )
    municipality: str | None = Field(
        None,
        description="ISTAT code, or name with province such as `Carpi (MO)`. "
        "Required in Italy; ignored outside Italy.",
    )
    lat: float | None = Field(
        None,
        description="Give lat and lon to pin the site; null both to unpin. Required outside Italy.",
    )
    lon: float | None = None
    processes: list[str] | None = Field(None, description="Codes of the processes performed.")
    workers: int | None = Field(None, ge=0)
    osh_id: str | None = None
    gln: str | None = None


class SiteIn(SitePatch):
    name: str  # type: ignore[assignment]


def site_out(site: Site) -> dict:
    municipality = site.municipality
    return {
        "facility_id": site.facility_id,
        "firm": site.firm_id,
        "name": site.name,
        "address": site.address,
        "country": site.country,
        "municipality": {
            "istat_code": municipality.istat_code,
            "name": municipality.name,
            "province": municipality.province,
        }
        if municipality is not None
        else None,
        "lat": site.lat,
        "lon": site.lon,
        "pinned": site.pinned,
        "processes": sorted(process.code for process in site.processes.all()),
        "workers": site.workers,
        "osh_id": site.osh_id,
        "gln": site.gln,
    }
