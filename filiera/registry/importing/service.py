"""Import a firms-and-sites file: check it, then write everything in one transaction, or nothing.

Writes are bulk queries (a few per thousand rows); every created or changed firm and site leaves an
audit event, inserted in bulk too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.registry import services
from filiera.registry.models import District, FacilityId, Firm, FirmActivity, Site

from . import dupes
from .plan import Change, FirmDistrict, Plan, SiteProcess, chunked, make_plan
from .records import Parsed, RowError
from .validate import parse

BATCH = 1000
UPDATE_BATCH = 100
FIRM_UPDATE_FIELDS = [
    "legal_name",
    "country",
    "role",
    "employees",
    "turnover_eur",
    "size_class",
    "email",
    "website",
    "updated_at",
]
SITE_UPDATE_FIELDS = [
    "name",
    "address",
    "country",
    "municipality",
    "lat",
    "lon",
    "pinned",
    "workers",
    "osh_id",
    "updated_at",
]


@dataclass
class Report:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    rows: int = 0
    firms_created: int = 0
    firms_updated: int = 0
    firms_unchanged: int = 0
    firms_joined: int = 0  # registered firms added to the district
    sites_created: int = 0
    sites_updated: int = 0
    sites_unchanged: int = 0
    duplicates: int | None = None  # None: not checked (dry run, errors, or a large import)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    ignored_processing_types: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({e.line for e in self.errors})


def import_file(
    stream: BinaryIO,
    filename: str,
    *,
    district: District | None,
    actor=None,
    dry_run: bool = False,
    size: int | None = None,
) -> Report:
    """Check ``stream`` and, unless it has errors or this is a dry run, save it.

    ``actor`` None is the command line (may change any firm); a person may change only the firms
    they could edit on their pages. File-level problems raise ``ImportFileError``.
    """
    parsed = parse(stream, filename, max_bytes=settings.IMPORT_MAX_BYTES, size=size)
    if dry_run or parsed.errors:  # reads only: no transaction to hold
        return _report(parsed, make_plan(parsed, district, actor), dry_run)
    # The comparison with the database happens inside the writing transaction, so what is
    # written matches what was read (on SQLite the transaction takes the write lock at once).
    with transaction.atomic():
        plan = make_plan(parsed, district, actor)
        report = _report(parsed, plan, dry_run)
        if report.errors:
            return report
        _write(plan, actor)
        _record_import(actor, district, filename, report)
        report.duplicates = dupes.check_new_firms(district, [c.obj.pk for c in plan.new_firms])
    return report


def _report(parsed: Parsed, plan: Plan, dry_run: bool) -> Report:
    new_vats = {change.obj.vat for change in plan.new_firms}
    return Report(
        dry_run=dry_run,
        rows=parsed.rows,
        firms_created=len(plan.new_firms),
        firms_updated=len(plan.changed_firms),
        firms_unchanged=plan.unchanged_firms,
        firms_joined=len([vat for vat in plan.join_district if vat not in new_vats]),
        sites_created=len(plan.new_sites),
        sites_updated=len(plan.changed_sites),
        sites_unchanged=plan.unchanged_sites,
        errors=sorted(parsed.errors + plan.errors, key=lambda e: e.line),
        ignored_columns=parsed.ignored_columns,
        ignored_processing_types=sorted(parsed.ignored_processing_types),
    )


def _write(plan: Plan, actor) -> None:
    now = timezone.now()
    _create_firms(plan)
    if plan.district is not None:
        district_id = plan.district.pk
        links = [
            FirmDistrict(firm_id=plan.firms[vat].pk, district_id=district_id)
            for vat in plan.join_district
        ]
        FirmDistrict.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    _update(Firm, plan.changed_firms, FIRM_UPDATE_FIELDS, now)
    _write_activities(plan)
    _create_sites(plan)
    _update(Site, plan.changed_sites, SITE_UPDATE_FIELDS, now)
    _write_processes(plan)
    _write_audit(plan, actor)


def _update(model, changes: list[Change], fields: list[str], now) -> None:
    """``bulk_update`` of only the fields that changed, grouped by the set of changed fields.

    Django writes one ``CASE`` per field over each batch, so batches stay small and unchanged
    fields stay out of the statement.
    """
    groups: dict[tuple[str, ...], list] = defaultdict(list)
    for change in changes:
        change.obj.updated_at = now
        changed = set(audit.diff(change.before or {}, change.after))
        groups[tuple(f for f in fields if f in changed or f == "updated_at")].append(change.obj)
    for names, objs in groups.items():
        model.objects.bulk_update(objs, list(names), batch_size=UPDATE_BATCH)


def _create_firms(plan: Plan) -> None:
    # SQLite (3.35+) and PostgreSQL return the new ids from a bulk insert.
    Firm.objects.bulk_create([change.obj for change in plan.new_firms], batch_size=BATCH)


def _create_sites(plan: Plan) -> None:
    sites = [change.obj for change in plan.new_sites]
    for site, code in zip(sites, _facility_ids(len(sites)), strict=True):
        site.facility_id = code
    Site.objects.bulk_create(sites, batch_size=BATCH)
    FacilityId.objects.bulk_create(
        [FacilityId(code=site.facility_id, site_id=site.pk) for site in sites], batch_size=BATCH
    )


def _facility_ids(count: int) -> list[str]:
    """``count`` fresh facility IDs, reserved in chunks so each lookup stays small."""
    codes: dict[str, None] = {}
    while len(codes) < count:
        for code in services.issue_facility_ids(min(count - len(codes), 5000)):
            codes[code] = None
    return list(codes)[:count]


def _write_activities(plan: Plan) -> None:
    """Store each firm's ATECO codes in the file's order (the first is the main activity)."""
    create: list[FirmActivity] = []
    delete: list[int] = []
    primary: list[int] = []
    secondary: list[int] = []
    for change in (*plan.new_firms, *plan.changed_firms):
        if change.codes is None:
            continue
        wanted, firm_id = change.codes, change.obj.pk
        stored = {
            code: (pk, is_primary) for pk, code, is_primary in plan.activities.get(firm_id, [])
        }
        delete += [pk for code, (pk, _p) in stored.items() if code not in wanted]
        for i, code in enumerate(wanted):
            if code not in stored:
                create.append(FirmActivity(firm_id=firm_id, code=code, is_primary=i == 0))
            elif stored[code][1] != (i == 0):
                (primary if i == 0 else secondary).append(stored[code][0])
    for ids in chunked(delete):
        FirmActivity.objects.filter(pk__in=ids).delete()
    for ids in chunked(secondary):
        FirmActivity.objects.filter(pk__in=ids).update(is_primary=False)
    for ids in chunked(primary):
        FirmActivity.objects.filter(pk__in=ids).update(is_primary=True)
    FirmActivity.objects.bulk_create(create, batch_size=BATCH)


def _write_processes(plan: Plan) -> None:
    create, delete = [], []
    for change in (*plan.new_sites, *plan.changed_sites):
        if change.codes is None:
            continue
        site_id = change.obj.pk
        stored = {code: pk for pk, code in plan.site_processes.get(site_id, [])}
        delete += [pk for code, pk in stored.items() if code not in change.codes]
        create += [
            SiteProcess(site_id=site_id, process_id=c) for c in change.codes if c not in stored
        ]
    for ids in chunked(delete):
        SiteProcess.objects.filter(pk__in=ids).delete()
    SiteProcess.objects.bulk_create(create, batch_size=BATCH)


def _write_audit(plan: Plan, actor) -> None:
    events = []
    for action, changes in (("create", plan.new_firms), ("update", plan.changed_firms)):
        for c in changes:
            diff = audit.diff(c.before or {}, c.after)
            events.append(audit.event_fields(actor, action, c.obj, diff, firm_id=c.obj.pk))
    for action, changes in (("create", plan.new_sites), ("update", plan.changed_sites)):
        for c in changes:
            diff = audit.diff(c.before or {}, c.after)
            events.append(audit.event_fields(actor, action, c.obj, diff, firm_id=c.obj.firm_id))
    if plan.district is not None:
        new = {c.obj.vat for c in plan.new_firms}
        for vat in plan.join_district:
            if vat not in new:
                firm = plan.firms[vat]
                facts = audit.facts(district=plan.district)
                events.append(
                    audit.event_fields(actor, "join_district", firm, facts, firm_id=firm.pk)
                )
    AuditEvent.objects.bulk_create([AuditEvent(**e) for e in events], batch_size=BATCH)


def _record_import(actor, district: District | None, filename: str, report: Report) -> None:
    """One event that says what the import did, in the district's history."""
    facts = audit.facts(
        file=filename[:100],
        rows=report.rows,
        firms_created=report.firms_created,
        firms_updated=report.firms_updated,
        sites_created=report.sites_created,
        sites_updated=report.sites_updated,
    )
    if district is not None:
        audit.record(actor, "import", district, changes=facts, district_id=district.pk)
