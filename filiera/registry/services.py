"""Writes to the registry: each function is atomic and leaves an audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from filiera.core import audit
from filiera.registry.identifiers import new_facility_id
from filiera.registry.models import (
    District,
    DistrictMembership,
    FacilityId,
    Firm,
    FirmActivity,
    FirmMembership,
    Municipality,
    Site,
)

FIRM_FIELDS = [
    "legal_name",
    "vat",
    "country",
    "rea",
    "lei",
    "legal_form",
    "role",
    "employees",
    "turnover_eur",
    "size_class",
    "description_it",
    "description_en",
    "website",
    "email",
]
DISTRICT_FIELDS = [
    "name",
    "slug",
    "managing_body",
    "description_it",
    "description_en",
    "contact_email",
    "contact_phone",
    "website",
    "sectors",
    "languages",
]
SITE_FIELDS = [
    "name",
    "address",
    "country",
    "municipality",
    "lat",
    "lon",
    "pinned",
    "workers",
    "osh_id",
    "gln",
]


def issue_facility_ids(count: int) -> list[str]:
    """Reserve ``count`` fresh facility IDs (never issued before)."""
    codes: list[str] = []
    while len(codes) < count:
        wanted = {new_facility_id() for _ in range(count - len(codes))}
        taken = set(FacilityId.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes.extend(sorted(wanted - taken - set(codes)))
    return codes


def _activities(firm: Firm) -> list[str]:
    return list(firm.activities.order_by("-is_primary", "code").values_list("code", flat=True))


def _set_activities(firm: Firm, codes: Iterable[str]) -> None:
    codes = list(dict.fromkeys(codes))
    firm.activities.exclude(code__in=codes).delete()
    existing = dict(firm.activities.values_list("code", "is_primary"))
    for i, code in enumerate(codes):
        if code not in existing:
            FirmActivity.objects.create(firm=firm, code=code, is_primary=i == 0)
        elif existing[code] != (i == 0):
            firm.activities.filter(code=code).update(is_primary=i == 0)


@transaction.atomic
def create_firm(
    actor, *, districts: Iterable[District] = (), ateco: Iterable[str] = (), **fields
) -> Firm:
    firm = Firm(**fields)
    firm.full_clean()
    firm.save()
    firm.districts.set(list(districts))
    _set_activities(firm, ateco)
    after = audit.snapshot(firm, FIRM_FIELDS) | {"ateco": _activities(firm)}
    audit.record(actor, "create", firm, changes=audit.diff({}, after), firm_id=firm.pk)
    return firm


@transaction.atomic
def update_firm(actor, firm: Firm, *, ateco: Iterable[str] | None = None, **fields) -> Firm:
    before = audit.snapshot(Firm.objects.get(pk=firm.pk), FIRM_FIELDS) | {
        "ateco": _activities(firm)
    }
    for name, value in fields.items():
        setattr(firm, name, value)
    firm.full_clean()
    firm.save()
    if ateco is not None:
        _set_activities(firm, ateco)
    after = audit.snapshot(firm, FIRM_FIELDS) | {"ateco": _activities(firm)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor, "update", firm, changes=changes, firm_id=firm.pk)
    return firm


def _site_snapshot(site: Site) -> dict:
    return audit.snapshot(site, SITE_FIELDS) | {
        "processes": sorted(site.processes.values_list("code", flat=True))
    }


def place(site: Site, municipality: Municipality, lat: float | None, lon: float | None) -> None:
    """Use the pin when one is given, else the municipality's point."""
    site.municipality = municipality
    if lat is not None and lon is not None:
        site.lat, site.lon, site.pinned = lat, lon, True
    else:
        site.lat, site.lon, site.pinned = municipality.lat, municipality.lon, False


@transaction.atomic
def create_site(
    actor,
    firm: Firm,
    *,
    municipality: Municipality | None = None,
    country: str = "IT",
    lat: float | None = None,
    lon: float | None = None,
    processes: Iterable[Any] = (),
    **fields,
) -> Site:
    site = Site(firm=firm, country=country, **fields)
    if country != "IT":  # abroad: no municipality, the site sits at its own coordinates
        site.municipality, site.pinned = None, True
        if lat is not None and lon is not None:
            site.lat, site.lon = lat, lon
    elif municipality is not None:
        place(site, municipality, lat, lon)
    site.facility_id = issue_facility_ids(1)[0]
    site.full_clean()
    site.save()
    FacilityId.objects.create(code=site.facility_id, site=site)
    site.processes.set(list(processes))
    audit.record(
        actor, "create", site, changes=audit.diff({}, _site_snapshot(site)), firm_id=firm.pk
    )
    return site


@transaction.atomic
def update_site(
    actor,
    site: Site,
    *,
    municipality: Municipality | None = None,
    country: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    processes: Iterable[Any] | None = None,
    **fields,
) -> Site:
    before = _site_snapshot(Site.objects.get(pk=site.pk))
    for name, value in fields.items():
        setattr(site, name, value)
    if country is not None:
        site.country = country
    if site.country != "IT":  # abroad: no municipality, the site sits at its own coordinates
        site.municipality, site.pinned = None, True
        if lat is not None and lon is not None:
            site.lat, site.lon = lat, lon
    elif municipality is not None:
        place(site, municipality, lat, lon)
    site.full_clean()
    site.save()
    if processes is not None:
        site.processes.set(list(processes))
    changes = audit.diff(before, _site_snapshot(site))
    if changes:
        audit.record(actor, "update", site, changes=changes, firm_id=site.firm_id)
    return site


@transaction.atomic
def set_firm_member(actor, firm: Firm, user, role: str) -> FirmMembership:
    membership, created = FirmMembership.objects.update_or_create(
        user=user, firm=firm, defaults={"role": role}
    )
    audit.record(
        actor,
        "add_member" if created else "change_member",
        membership,
        changes=audit.facts(user=user.get_username(), role=role),
        firm_id=firm.pk,
    )
    return membership


class LastOwnerError(Exception):
    """A firm must keep at least one owner."""


def _is_last_owner(membership: FirmMembership) -> bool:
    owners = FirmMembership.objects.filter(
        firm_id=membership.firm_id, role=FirmMembership.Role.OWNER
    )
    return (
        membership.role == FirmMembership.Role.OWNER
        and not owners.exclude(pk=membership.pk).exists()
    )


@transaction.atomic
def change_firm_role(actor, membership: FirmMembership, role: str) -> FirmMembership:
    if role != FirmMembership.Role.OWNER and _is_last_owner(membership):
        raise LastOwnerError
    return set_firm_member(actor, membership.firm, membership.user, role)


@transaction.atomic
def remove_firm_member(actor, membership: FirmMembership) -> None:
    if _is_last_owner(membership):
        raise LastOwnerError
    _remove_member(actor, membership, firm_id=membership.firm_id)


@transaction.atomic
def remove_district_member(actor, membership: DistrictMembership) -> None:
    _remove_member(actor, membership, district_id=membership.district_id)


def _remove_member(actor, membership: FirmMembership | DistrictMembership, **scope) -> None:
    audit.record(
        actor,
        "remove_member",
        membership,
        changes=audit.facts(user=membership.user.get_username(), role=membership.role),
        **scope,
    )
    membership.delete()


@transaction.atomic
def save_district(
    actor,
    district: District,
    *,
    municipalities: list[str],
    sectors: list[str],
    languages: list[str],
) -> District:
    """Create or update a district with its municipalities (ISTAT codes)."""
    creating = district.pk is None
    before = {} if creating else _district_snapshot(District.objects.get(pk=district.pk))
    district.sectors, district.languages = sectors, languages
    district.full_clean()
    district.save()
    district.municipalities.set(Municipality.objects.filter(pk__in=municipalities))
    changes = audit.diff(before, _district_snapshot(district))
    if changes:
        audit.record(
            actor,
            "create" if creating else "update",
            district,
            changes=changes,
            district_id=district.pk,
        )
    return district


def _district_snapshot(district: District) -> dict:
    return audit.snapshot(district, DISTRICT_FIELDS) | {
        "municipalities": sorted(district.municipalities.values_list("istat_code", flat=True))
    }
