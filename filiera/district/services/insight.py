"""Refreshing the district dashboard's facts: one ``FirmFact`` per firm for the current month,
and the district-wide figures in ``DistrictSnapshot``.

``refresh_district(district_id)`` reads the registry, qualification and evidence in a fixed
number of bulk queries whatever the size of the district, computes every firm's facts in
memory (``insight_engine``), then replaces the current month's rows in one transaction: firms
that left the district lose their row for the month, earlier months stay as they were. A
district refreshed for the first time also gets up to 12 past months rebuilt from history
(when each firm was created, its official scores, assessments and documents at each month's
end), so that trends show from the first day. Running it twice gives the same rows.

``request_refresh(user, district)`` is the "Refresh now" button: it records who asked and
hands the refresh to the task queue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from filiera.core import audit
from filiera.district import insight_engine as engine
from filiera.district.insight_snapshot import district_figures
from filiera.district.models import DistrictSnapshot, FirmFact
from filiera.qualification.models import Assessment, Evidence, Score
from filiera.registry.models import District, Firm, FirmActivity, FirmMembership, Site

BATCH = 2000


@dataclass(slots=True)
class Base:
    """What a firm's facts share across months: who it is and where."""

    firm_id: int
    role: str
    size_class: str
    created: datetime
    onboarded: date
    sector: str = ""
    municipality_id: str | None = None
    lat: float | None = None
    lon: float | None = None


def _members(district: District):
    """The district's firms as a subquery (no long list of ids in the SQL)."""
    return Firm.districts.through.objects.filter(district=district).values("firm_id")


def _bases(district: District) -> dict[int, Base]:
    members = _members(district)
    bases = {
        pk: Base(pk, role or "", size or "", created, timezone.localtime(created).date())
        for pk, role, size, created in Firm.objects.filter(id__in=members).values_list(
            "id", "role", "size_class", "created_at"
        )
    }
    activities = FirmActivity.objects.filter(firm_id__in=members).order_by(
        "firm_id", "-is_primary", "code"
    )
    seen: set[int] = set()
    for firm_id, code in activities.values_list("firm_id", "code"):
        if firm_id not in seen and firm_id in bases:
            seen.add(firm_id)
            bases[firm_id].sector = code[:2]
    seen.clear()
    sites = Site.objects.filter(firm_id__in=members).order_by("firm_id", "id")
    for firm_id, municipality, lat, lon in sites.values_list(
        "firm_id", "municipality_id", "lat", "lon"
    ):
        if firm_id not in seen and firm_id in bases:
            seen.add(firm_id)
            base = bases[firm_id]
            base.municipality_id, base.lat, base.lon = municipality, lat, lon
    return bases


@dataclass
class History:
    """Everything read about the firms besides their base: accounts, assessments, scores,
    documents; each list ordered oldest first."""

    accounts: dict[int, list[tuple[datetime, datetime | None]]]
    steps: dict[int, list[engine.Step]]
    current_stage: dict[int, str]
    current_grade: dict[int, engine.Grade]
    grades: dict[int, list[engine.Grade]]
    documents: dict[int, list[engine.Document]]


def _grade(created, overall, grade, status, areas) -> engine.Grade:
    return engine.Grade(created, overall, grade or "", status or "", engine.area_grades(areas))


def _history(district: District, past: bool) -> History:
    """One query each: memberships, assessments, the current official scores, documents; and
    with ``past`` every official score (the past months' grades)."""
    members = _members(district)
    accounts: dict[int, list] = defaultdict(list)
    for firm_id, created, last_login in FirmMembership.objects.filter(
        firm_id__in=members
    ).values_list("firm_id", "created_at", "user__last_login"):
        accounts[firm_id].append((created, last_login))
    steps: dict[int, list[engine.Step]] = defaultdict(list)
    current_stage: dict[int, str] = {}
    rows = Assessment.objects.filter(firm_id__in=members).order_by("firm_id", "created_at", "id")
    for firm_id, status, created, submitted, verified in rows.values_list(
        "firm_id", "status", "created_at", "submitted_at", "verified_at"
    ):
        steps[firm_id].append(engine.Step(status, created, submitted, verified))
        current_stage[firm_id] = status  # the latest one wins
    current: dict[int, engine.Grade] = {}
    scored = Assessment.objects.filter(firm_id__in=members, score__isnull=False).order_by(
        "firm_id", "created_at", "id"
    )
    for firm_id, *score in scored.values_list(
        "firm_id",
        "score__created_at",
        "score__overall",
        "score__grade",
        "score__status",
        "score__result__areas",
    ):
        current[firm_id] = _grade(*score)
    grades: dict[int, list[engine.Grade]] = defaultdict(list)
    if past:
        official = Score.objects.filter(
            assessment__firm_id__in=members, kind=Score.Kind.OFFICIAL
        ).order_by("created_at", "id")
        for firm_id, *score in official.values_list(
            "assessment__firm_id", "created_at", "overall", "grade", "status", "result__areas"
        ):
            grades[firm_id].append(_grade(*score))
    documents: dict[int, list[engine.Document]] = defaultdict(list)
    evidence = Evidence.objects.filter(firm_id__in=members).exclude(
        certificate=engine.NOT_A_CERTIFICATE
    )
    for firm_id, kind, valid_from, valid_until, created in evidence.values_list(
        "firm_id", "certificate", "valid_from", "valid_until", "created_at"
    ):
        documents[firm_id].append(
            engine.Document(kind, valid_from, valid_until, timezone.localtime(created).date())
        )
    return History(accounts, steps, current_stage, current, grades, documents)


def _fact(
    district: District,
    month: date,
    base: Base,
    *,
    stage: str,
    grade: engine.Grade | None,
    has_account: bool,
    active: bool,
    certs: engine.Certificates,
) -> dict:
    """One ``FirmFact`` row as column values (``_insert`` writes many at once)."""
    areas = grade.areas if grade else {}
    return {
        "district_id": district.pk,
        "firm_id": base.firm_id,
        "month": month,
        "sector": base.sector,
        "municipality_id": base.municipality_id,
        "size_class": base.size_class,
        "role": base.role,
        "onboarded_on": base.onboarded,
        "has_account": has_account,
        "active": active,
        "stage": stage if stage in engine.STAGES else "none",
        "overall": grade.overall if grade else None,
        "grade": grade.grade if grade else "",
        "qualification": grade.qualification if grade else "",
        "area_grades": areas,
        "area_key": engine.area_key(areas)[:255],
        "lat": base.lat,
        "lon": base.lon,
        "certificates_valid": certs.valid,
        "certificates_expiring": certs.expiring,
        "expiries": certs.expiries,
    }


def _insert(rows: list[dict]) -> None:
    """Write many facts with one parametrised INSERT per batch: much faster than
    ``bulk_create`` for tens of thousands of rows (no model instances, values prepared once
    per field kind). Same SQL on SQLite and PostgreSQL."""
    if not rows:
        return
    fields = [f for f in FirmFact._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    prepare: list[Callable[..., Any] | None] = []
    for f in fields:
        if f.attname == "computed_at":
            stamp = connection.ops.adapt_datetimefield_value(now)
            prepare.append(lambda _value, stamp=stamp: stamp)
        elif isinstance(f, models.DateField):
            prepare.append(connection.ops.adapt_datefield_value)
        elif isinstance(f, models.JSONField):
            prepare.append(lambda value, f=f: f.get_db_prep_save(value, connection))
        else:
            prepare.append(None)
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model's own metadata, values go as parameters.
    sql = (
        f"INSERT INTO {quote(FirmFact._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(str(f.column)) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(
                        row[name] if step is None else step(row.get(name))
                        for name, step in zip(names, prepare, strict=True)
                    )
                    for row in rows[start : start + BATCH]
                ],
            )


def _current(district, month, on, now, bases, history) -> list[dict]:
    active_since = now - timedelta(days=engine.ACTIVE_DAYS)
    rows = []
    for pk, base in bases.items():
        logins = history.accounts.get(pk, [])
        rows.append(
            _fact(
                district,
                month,
                base,
                stage=history.current_stage.get(pk, "none"),
                grade=history.current_grade.get(pk),
                has_account=bool(logins),
                active=any(last is not None and last >= active_since for _c, last in logins),
                certs=engine.certificates(history.documents.get(pk, []), on),
            )
        )
    return rows


def _past(district, month, bases, history) -> list[dict]:
    """Facts of a past month as they stood at its end. Logins are known only as the latest
    one, so a firm counts as active when that login fell within the month's last 90 days."""
    last_day = engine.month_end(month)
    moment = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    active_since = moment - timedelta(days=engine.ACTIVE_DAYS)
    rows = []
    for pk, base in bases.items():
        if base.created >= moment:
            continue
        logins = [(c, last) for c, last in history.accounts.get(pk, []) if c < moment]
        rows.append(
            _fact(
                district,
                month,
                base,
                stage=engine.stage_at(history.steps.get(pk, []), moment),
                grade=engine.latest_before(history.grades.get(pk, []), moment),
                has_account=bool(logins),
                active=any(
                    last is not None and active_since <= last < moment for _c, last in logins
                ),
                certs=engine.certificates(history.documents.get(pk, []), last_day),
            )
        )
    return rows


def refresh_district(district_id: int, on: date | None = None) -> dict[str, int]:
    """Recompute the district's facts for the month of ``on`` (today) and its snapshot;
    returns how many rows were written (``firms``, ``backfilled``). Idempotent."""
    district = District.objects.filter(pk=district_id).first()
    if district is None:
        return {"firms": 0, "backfilled": 0}
    today = timezone.localdate()
    on = on or today
    now = timezone.now() if on == today else _end_of(on)
    month = engine.month_start(on)
    bases = _bases(district)
    earlier = FirmFact.objects.filter(district=district, month__lt=month).exists()
    history = _history(district, past=not earlier)
    rows = _current(district, month, on, now, bases, history)
    past: list[dict] = []
    if not earlier:
        earliest = min((b.onboarded for b in bases.values()), default=None)
        for past_month in engine.backfill_months(month, earliest):
            past.extend(_past(district, past_month, bases, history))
    figures = district_figures(district, on, month, len(rows))
    with transaction.atomic():
        # One refresh of a district at a time (the nightly run and the button may meet).
        District.objects.select_for_update().filter(pk=district.pk).first()
        FirmFact.objects.filter(district=district, month=month).delete()
        _insert(rows)
        if past:
            FirmFact.objects.filter(district=district, month__lt=month).delete()
            _insert(past)
        DistrictSnapshot.objects.update_or_create(district=district, defaults={"figures": figures})
    return {"firms": len(rows), "backfilled": len(past)}


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def request_refresh(user, district: District):
    """Record that ``user`` asked for fresh figures and enqueue the refresh; the task result."""
    from filiera.district.tasks import refresh_district_insight

    audit.record(user, "insight_refresh", district, district_id=district.pk)
    return refresh_district_insight.enqueue(district.pk)
