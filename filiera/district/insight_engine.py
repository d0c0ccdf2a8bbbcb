"""The arithmetic behind the district dashboard (plain Python, no Django).

One row of facts per firm and month (``FirmFact``) is computed here from plain values the
service reads in bulk: the firm's stage, latest official score, certificates and accounts.
The dashboard then counts those rows; this module also says how a count may be shown.

- **Hidden counts**: a count of 1 to 4 firms shows as "<5" (``benchmarks.SUPPRESSED``); 0
  shows as 0. A share is shown only when at least ``MIN_COHORT`` firms are behind it and the
  count it is a share of is not hidden.
- **Certificates**: one per kind per firm, the longest validity among the firm's documents of
  that kind valid on the day (as the scorecard lists them); documents of kind ``other`` are
  not certificates. "Expiring" means valid today and ending within ``EXPIRING_DAYS``.
- **Area grades** travel as text, ``";code=grade;"`` per area, so that SQL can count them.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from filiera.qualification.benchmarks import GRADES, MIN_COHORT, SUPPRESSED, suppress

__all__ = ["GRADES", "MIN_COHORT", "SUPPRESSED"]  # re-exported for the dashboard
ACTIVE_DAYS = 90  # a firm is active when one of its people logged in within this many days
EXPIRING_DAYS = 90
EXPIRY_MONTHS = 6  # the certificates table looks at this month and the next five
BACKFILL_MONTHS = 12
QUALIFIED = ("qualified", "qualified_with_plan")
NOT_A_CERTIFICATE = "other"
STAGES = ("none", "draft", "submitted", "in_review", "returned", "verified")

Count = int | str  # a number, or "<5"


# Months ----------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after (before, when negative) ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def months_from(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s to ``last``'s, both included."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def backfill_months(current: date, earliest: date | None) -> list[date]:
    """The past months to fill for a district seen for the first time: up to
    ``BACKFILL_MONTHS`` before ``current``, none before the month of ``earliest``."""
    if earliest is None:
        return []
    start = max(add_months(current, -BACKFILL_MONTHS), month_start(earliest))
    return [m for m in months_from(start, add_months(current, -1)) if m < current]


# How counts show -------------------------------------------------------------------------------


def hide(count: int) -> Count:
    """A count as it may be shown: 1 to 4 become "<5", 0 stays 0."""
    return 0 if count == 0 else suppress(count)


def share(part: int, whole: int) -> float | None:
    """``part`` in % of ``whole`` (one decimal); ``None`` under ``MIN_COHORT`` firms, and
    when ``part`` is a hidden count (the share would give it away)."""
    if whole < MIN_COHORT or 0 < part < MIN_COHORT:
        return None
    return round(100 * part / whole, 1)


# Facts of one firm -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    """A piece of evidence as the facts need it."""

    kind: str
    valid_from: date | None
    valid_until: date | None  # None: never expires
    created: date


@dataclass(frozen=True, slots=True)
class Certificates:
    valid: int
    expiring: int  # valid on the day and ending within EXPIRING_DAYS
    expiries: str  # "kind:YYYY-MM-DD;…" ending in the EXPIRY_MONTHS months from the day's month


def certificates(documents: Iterable[Document], on: date) -> Certificates:
    """One certificate per kind held on ``on`` (its longest validity), counted."""
    best: dict[str, date] = {}
    for doc in documents:
        if doc.kind == NOT_A_CERTIFICATE or doc.created > on:
            continue
        if doc.valid_from is not None and doc.valid_from > on:
            continue
        if doc.valid_until is not None and doc.valid_until < on:
            continue
        until = doc.valid_until or date.max
        if until > best.get(doc.kind, date.min):
            best[doc.kind] = until
    soon = on + timedelta(days=EXPIRING_DAYS)
    horizon = month_end(add_months(month_start(on), EXPIRY_MONTHS - 1))
    ending = sorted((until, kind) for kind, until in best.items() if until <= horizon)
    return Certificates(
        valid=len(best),
        expiring=sum(1 for until in best.values() if until <= soon),
        expiries=";".join(f"{kind}:{until.isoformat()}" for until, kind in ending),
    )


def read_expiries(texts: Iterable[str]) -> tuple[Counter, Counter]:
    """Certificates ending per month (first day) and per kind, from ``Certificates.expiries``."""
    by_month: Counter = Counter()
    by_kind: Counter = Counter()
    for text in texts:
        for item in text.split(";") if text else ():
            kind, _sep, until = item.rpartition(":")
            by_month[month_start(date.fromisoformat(until))] += 1
            by_kind[kind] += 1
    return by_month, by_kind


def area_grades(areas: Mapping | None) -> dict[str, str]:
    """Grade per area of a score's ``result["areas"]``, for the areas that were scored."""
    grades = {}
    for code, area in (areas or {}).items():
        if isinstance(area, Mapping) and area.get("score") is not None and area.get("grade"):
            grades[str(code)] = str(area["grade"])
    return grades


def area_key(grades: Mapping[str, str]) -> str:
    """``";code=grade;"`` for every area, codes sorted; "" when none."""
    if not grades:
        return ""
    return ";" + ";".join(f"{code}={grades[code]}" for code in sorted(grades)) + ";"


def area_pattern(code: str, grade: str) -> str:
    """What ``area_key`` contains when area ``code`` has ``grade``."""
    return f";{code}={grade};"


@dataclass(frozen=True, slots=True)
class Step:
    """One assessment of a firm, as the stage of a past month needs it."""

    status: str
    created: datetime
    submitted: datetime | None
    verified: datetime | None


def stage_at(steps: Iterable[Step], moment: datetime) -> str:
    """The stage of the firm's latest assessment created before ``moment``, as it stood then:
    verified if verified by then, submitted if submitted by then, else a draft. Statuses the
    dates do not record (in review, returned) show as submitted."""
    known = [s for s in steps if s.created < moment]
    if not known:
        return "none"
    latest = max(known, key=lambda s: s.created)
    if latest.verified is not None and latest.verified < moment:
        return "verified"
    if latest.submitted is not None and latest.submitted < moment:
        return "submitted"
    return "draft"


@dataclass(frozen=True, slots=True)
class Grade:
    """An official score: when it was made, overall, grade, qualification, grade per area."""

    created: datetime
    overall: float | None
    grade: str
    qualification: str
    areas: dict[str, str]


def latest_before(grades: Iterable[Grade], moment: datetime) -> Grade | None:
    found = None
    for item in grades:
        if item.created < moment and (found is None or item.created >= found.created):
            found = item
    return found


# Counting ----------------------------------------------------------------------------------


def grade_shares(counts: Mapping[str, int], graded: int) -> float | None:
    """Share of A and B among the graded firms (hidden under MIN_COHORT graded firms)."""
    return share(counts.get("A", 0) + counts.get("B", 0), graded)
