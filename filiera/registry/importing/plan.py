"""Compare checked records with the database and decide what an import writes (reads only).

Every lookup is batched (a handful of queries whatever the file's size). The plan also finds the
row errors only the database can reveal: unknown facility IDs, firms the user may not change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from filiera.core import audit
from filiera.core.usererror import N_
from filiera.registry import access
from filiera.registry.models import (
    District,
    FacilityId,
    Firm,
    FirmActivity,
    FirmMembership,
    Municipality,
    Site,
)
from filiera.registry.models.firm import size_class_for
from filiera.registry.services import FIRM_FIELDS, SITE_FIELDS

from .records import MISSING_MUNICIPALITY, FirmRecord, Parsed, RowError, SiteRecord, row_error

CHUNK = 2000
SiteProcess = Site.processes.through
FirmDistrict = Firm.districts.through


def chunked(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def canonical_ateco(codes: list[str]) -> list[str]:
    """Main activity first, then the others by code (as the firm page lists them)."""
    return codes[:1] + sorted(codes[1:])


@dataclass
class Change:
    """A new or changed firm or site: the object, its state before (None: new) and after."""

    obj: Any
    before: dict | None
    after: dict
    codes: list[str] | None = None  # ATECO or process codes to store; None: leave them
    line: int = 0


@dataclass
class Plan:
    district: District | None
    firms: dict[str, Firm] = field(default_factory=dict)  # every firm of the file, by VAT
    new_firms: list[Change] = field(default_factory=list)
    changed_firms: list[Change] = field(default_factory=list)
    join_district: list[str] = field(default_factory=list)  # VATs to add to the district
    new_sites: list[Change] = field(default_factory=list)
    changed_sites: list[Change] = field(default_factory=list)
    unchanged_firms: int = 0
    unchanged_sites: int = 0
    activities: dict[int, list[tuple[int, str, bool]]] = field(default_factory=dict)
    site_processes: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def make_plan(parsed: Parsed, district: District | None, actor) -> Plan:
    plan = Plan(district)
    district_id = district.pk if district else None
    existing = _existing_firms(parsed.firms)
    in_districts = _firm_districts(f.pk for f in existing.values())
    _check_rights(parsed, existing, in_districts, actor, plan)
    plan.activities = _activities(f.pk for f in existing.values())
    for vat, record in parsed.firms.items():
        firm = existing.get(vat)
        if firm is None:
            plan.firms[vat] = _new_firm(record, plan)
        else:
            plan.firms[vat] = _update_firm(firm, record, plan)
        if district_id is not None and (firm is None or district_id not in in_districts[firm.pk]):
            plan.join_district.append(vat)
    for row in parsed.firm_only:
        if row.vat not in existing:
            plan.errors.append(row_error(row.line, "municipality", MISSING_MUNICIPALITY))
    _plan_sites(parsed.sites, existing, plan)
    plan.errors.sort(key=lambda e: e.line)
    return plan


# Firms ---------------------------------------------------------------------------------------


def _existing_firms(records: dict[str, FirmRecord]) -> dict[str, Firm]:
    found: dict[str, Firm] = {}
    for vats in chunked(records):
        found.update((f.vat, f) for f in Firm.objects.filter(vat__in=vats))
    return found


def _firm_districts(firm_ids: Iterable[int]) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for ids in chunked(firm_ids):
        for firm_id, district_id in FirmDistrict.objects.filter(firm_id__in=ids).values_list(
            "firm_id", "district_id"
        ):
            result[firm_id].add(district_id)
    return result


def _check_rights(parsed, existing, in_districts, actor, plan: Plan) -> None:
    """A person may change only firms they could edit on their pages; the command may change all."""
    if actor is None:
        return
    r = access.roles(actor)
    if r.superuser:
        return
    editors = (FirmMembership.Role.OWNER, FirmMembership.Role.EDITOR)
    for vat, firm in existing.items():
        if r.firm_roles.get(firm.pk) in editors or r.managed_districts & in_districts[firm.pk]:
            continue
        plan.errors.append(
            row_error(
                parsed.firms[vat].line,
                "vat",
                N_(
                    "this VAT number belongs to a firm of another district, which you may not change"
                ),
            )
        )


def _activities(firm_ids: Iterable[int]) -> dict[int, list[tuple[int, str, bool]]]:
    result: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    for ids in chunked(firm_ids):
        rows = FirmActivity.objects.filter(firm_id__in=ids).values_list(
            "id", "firm_id", "code", "is_primary"
        )
        for pk, firm_id, code, primary in rows.order_by("-is_primary", "code"):
            result[firm_id].append((pk, code, primary))
    return result


def _firm_state(firm: Firm, ateco: list[str]) -> dict:
    return audit.snapshot(firm, FIRM_FIELDS) | {"ateco": ateco}


def _apply_firm_values(firm: Firm, record: FirmRecord) -> None:
    firm.legal_name = record.name
    firm.country = record.country
    for name in ("role", "employees", "email", "website"):
        value = getattr(record, name)
        if value is not None:
            setattr(firm, name, value)
    if record.turnover_eur is not None:
        firm.turnover_eur = Decimal(record.turnover_eur)
    firm.size_class = size_class_for(firm.employees, firm.turnover_eur)


def _new_firm(record: FirmRecord, plan: Plan) -> Firm:
    firm = Firm(vat=record.vat, role="", email="", website="")
    _apply_firm_values(firm, record)
    codes = canonical_ateco(record.ateco or [])
    plan.new_firms.append(
        Change(firm, None, _firm_state(firm, codes), record.ateco or [], record.line)
    )
    return firm


def _update_firm(firm: Firm, record: FirmRecord, plan: Plan) -> Firm:
    stored = [code for _pk, code, _primary in plan.activities.get(firm.pk, [])]
    before = _firm_state(firm, stored)
    _apply_firm_values(firm, record)
    codes = canonical_ateco(record.ateco) if record.ateco is not None else stored
    after = _firm_state(firm, codes)
    if audit.diff(before, after):
        new_codes = record.ateco if after["ateco"] != stored else None
        plan.changed_firms.append(Change(firm, before, after, new_codes, record.line))
    else:
        plan.unchanged_firms += 1
    return firm


# Sites ---------------------------------------------------------------------------------------


def _plan_sites(records: list[SiteRecord], existing: dict[str, Firm], plan: Plan) -> None:
    by_code = _sites_by_facility_id({r.facility_id for r in records if r.facility_id})
    firm_ids = [f.pk for f in existing.values()]
    stored = _sites_of(firm_ids) | {s.pk: s for s in by_code.values() if s is not None}
    by_name: dict[tuple[int, str], list[Site]] = defaultdict(list)
    for stored_site in stored.values():
        by_name[(stored_site.firm_id, stored_site.name.casefold())].append(stored_site)
    plan.site_processes = _site_processes(stored)
    places = _municipalities({r.municipality for r in records if r.municipality})
    claimed: dict[int, int] = {}
    for record in records:
        errors_before = len(plan.errors)
        site = _match_site(record, existing.get(record.vat), by_code, by_name, plan)
        if len(plan.errors) > errors_before:
            continue
        if site is None:
            _new_site(record, plan.firms[record.vat], places.get(record.municipality), plan)
        elif site.pk in claimed:
            plan.errors.append(
                row_error(
                    record.line,
                    "site_name",
                    N_("line %(line)s describes the same site"),
                    line=claimed[site.pk],
                )
            )
        else:
            claimed[site.pk] = record.line
            _update_site(site, record, places.get(record.municipality), plan)


def _sites_by_facility_id(codes: set[str]) -> dict[str, Site | None]:
    found: dict[str, Site | None] = {}
    for chunk in chunked(codes):
        for issued in FacilityId.objects.filter(code__in=chunk).select_related(
            "site__municipality"
        ):
            found[issued.code] = issued.site
    return found


def _sites_of(firm_ids: list[int]) -> dict[int, Site]:
    sites: dict[int, Site] = {}
    for ids in chunked(firm_ids):
        sites.update(
            (s.pk, s) for s in Site.objects.filter(firm_id__in=ids).select_related("municipality")
        )
    return sites


def _site_processes(sites: dict[int, Site]) -> dict[int, list[tuple[int, str]]]:
    result: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for ids in chunked(sites):
        for pk, site_id, code in SiteProcess.objects.filter(site_id__in=ids).values_list(
            "id", "site_id", "process_id"
        ):
            result[site_id].append((pk, code))
    return result


def _municipalities(codes: set[str]) -> dict[str, Municipality]:
    found: dict[str, Municipality] = {}
    for chunk in chunked(codes):
        found.update(Municipality.objects.in_bulk(chunk))
    return found


def _match_site(record: SiteRecord, firm: Firm | None, by_code, by_name, plan: Plan) -> Site | None:
    """The stored site a row describes: by facility ID when given, else by the firm and site name."""
    if record.facility_id:
        site = by_code.get(record.facility_id)
        if site is None:
            plan.errors.append(
                row_error(
                    record.line,
                    "facility_id",
                    N_("no site has the facility ID %(code)s"),
                    code=record.facility_id,
                )
            )
        elif firm is None or site.firm_id != firm.pk:
            plan.errors.append(
                row_error(
                    record.line,
                    "facility_id",
                    N_("%(code)s is a site of another firm"),
                    code=record.facility_id,
                )
            )
        return site
    if firm is None:
        return None
    same_name = by_name.get((firm.pk, record.name.casefold()), [])
    if len(same_name) > 1:
        plan.errors.append(
            row_error(
                record.line,
                "site_name",
                N_("this firm has several sites called “%(name)s”: add a facility_id column"),
                name=record.name,
            )
        )
    return same_name[0] if len(same_name) == 1 else None


def _site_state(site: Site, processes: list[str]) -> dict:
    return audit.snapshot(site, SITE_FIELDS) | {"processes": sorted(processes)}


def _place(site: Site, record: SiteRecord, municipality: Municipality | None) -> None:
    """A pin from the file wins; a stored pin stays while the municipality does; else its point.

    A site abroad (no municipality) always sits at the position the file gives."""
    site.country = record.country
    if municipality is None:  # the rows abroad always give lat and lon (validate.py)
        site.pinned, site.municipality = True, None
        if record.lat is not None and record.lon is not None:
            site.lat, site.lon = record.lat, record.lon
        return
    if record.lat is not None and record.lon is not None:
        site.lat, site.lon, site.pinned = record.lat, record.lon, True
    elif not (site.pinned and site.municipality_id == municipality.pk):
        site.lat, site.lon, site.pinned = municipality.lat, municipality.lon, False
    site.municipality = municipality


def _new_site(
    record: SiteRecord, firm: Firm, municipality: Municipality | None, plan: Plan
) -> None:
    site = Site(
        firm=firm,
        name=record.name,
        address=record.address or "",
        workers=record.workers,
        osh_id=record.osh_id or "",
    )
    _place(site, record, municipality)
    codes = record.processes or []
    plan.new_sites.append(Change(site, None, _site_state(site, codes), codes, record.line))


def _update_site(
    site: Site, record: SiteRecord, municipality: Municipality | None, plan: Plan
) -> None:
    stored = [code for _pk, code in plan.site_processes.get(site.pk, [])]
    before = _site_state(site, stored)
    if record.name_given:
        site.name = record.name
    for name in ("address", "workers", "osh_id"):
        if getattr(record, name) is not None:
            setattr(site, name, getattr(record, name))
    _place(site, record, municipality)
    codes = record.processes if record.processes is not None else stored
    after = _site_state(site, codes)
    if audit.diff(before, after):
        new_codes = record.processes if sorted(codes) != sorted(stored) else None
        plan.changed_sites.append(Change(site, before, after, new_codes, record.line))
    else:
        plan.unchanged_sites += 1
