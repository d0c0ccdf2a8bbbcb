"""Reads of the district dashboard over the precomputed ``FirmFact`` rows.

Each read is one query whatever the size of the district: the counts of the current month in
one aggregate (stages, grades overall and per area, accounts, certificates), the trend in one
query grouped by month, the certificate expiries and the map points in one each. The current
month is the latest one refreshed. Nothing here hides small counts: ``insight_sections`` does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet, Sum

from filiera.district import insight_engine as engine
from filiera.district.models import DistrictSnapshot, FirmFact
from filiera.registry.models import District

GRADES = engine.GRADES
TREND_MONTHS = 24


@dataclass(frozen=True)
class Filters:
    sector: str = ""  # ATECO division, two digits
    municipality: str = ""  # ISTAT code
    size: str = ""  # size class

    def __bool__(self) -> bool:
        return bool(self.sector or self.municipality or self.size)

    def apply(self, facts: QuerySet[FirmFact]) -> QuerySet[FirmFact]:
        if self.sector:
            facts = facts.filter(sector=self.sector)
        if self.municipality:
            facts = facts.filter(municipality_id=self.municipality)
        if self.size:
            facts = facts.filter(size_class=self.size)
        return facts

    def params(self) -> dict[str, str]:
        """The filters as GET parameters (empty ones left out)."""
        values = {"sector": self.sector, "municipality": self.municipality, "size": self.size}
        return {key: value for key, value in values.items() if value}


def latest_month(district: District) -> date | None:
    return FirmFact.objects.filter(district=district).aggregate(m=Max("month"))["m"]


def snapshot(district: District) -> DistrictSnapshot | None:
    return DistrictSnapshot.objects.filter(district=district).first()


def month_facts(district: District, month: date, filters: Filters) -> QuerySet[FirmFact]:
    return filters.apply(FirmFact.objects.filter(district=district, month=month))


def options(district: District, month: date) -> list[tuple[str, str | None, str, str, str]]:
    """Distinct (sector, municipality code, municipality name, province, size class) of the
    month's facts: the choices of the filters."""
    return list(
        FirmFact.objects.filter(district=district, month=month)
        .values_list(
            "sector", "municipality_id", "municipality__name", "municipality__province",
            "size_class",
        )
        .distinct()
    )  # fmt: skip


def _grade_counts(prefix: str, condition: Q) -> dict:
    return {f"{prefix}{grade}": Count("id", filter=condition & Q(grade=grade)) for grade in GRADES}


def totals(facts: QuerySet[FirmFact], area_codes: list[str], on: date) -> dict[str, int]:
    """Every count of the month's sections in one query. Keys: ``firms``, ``with_account``,
    ``active``, ``onboarded_year``, ``stage_<stage>``, ``grade_<G>``, ``graded``,
    ``qualified``, ``area_<i>_<G>`` (i: index in ``area_codes``), ``area_<i>``,
    ``certified``, ``certificates``, ``expiring``."""
    year_ago = on - timedelta(days=365)
    figures = {
        "firms": Count("id"),
        "with_account": Count("id", filter=Q(has_account=True)),
        "active": Count("id", filter=Q(active=True)),
        "onboarded_year": Count("id", filter=Q(onboarded_on__gt=year_ago)),
        "graded": Count("id", filter=~Q(grade="")),
        "qualified": Count("id", filter=Q(qualification__in=engine.QUALIFIED)),
        "certified": Count("id", filter=Q(certificates_valid__gt=0)),
        "certificates": Sum("certificates_valid"),
        "expiring": Sum("certificates_expiring"),
        "expiring_firms": Count("id", filter=Q(certificates_expiring__gt=0)),
    }
    for stage in engine.STAGES:
        figures[f"stage_{stage}"] = Count("id", filter=Q(stage=stage))
    figures.update(_grade_counts("grade_", Q()))
    for index, code in enumerate(area_codes):
        in_area = Q(area_key__contains=f";{code}=")
        figures[f"area_{index}"] = Count("id", filter=in_area)
        for grade in GRADES:
            figures[f"area_{index}_{grade}"] = Count(
                "id", filter=Q(area_key__contains=engine.area_pattern(code, grade))
            )
    result = facts.aggregate(**figures)
    return {key: int(value or 0) for key, value in result.items()}


def trend(district: District, filters: Filters, last: date) -> list[dict]:
    """Per month of the ``TREND_MONTHS`` up to ``last``, oldest first: firms, active,
    assessed (with an official grade), qualified, and the count per grade."""
    figures = {
        "firms": Count("id"),
        "active": Count("id", filter=Q(active=True)),
        "graded": Count("id", filter=~Q(grade="")),
        "qualified": Count("id", filter=Q(qualification__in=engine.QUALIFIED)),
        **_grade_counts("grade_", Q()),
    }
    rows = (
        filters.apply(
            FirmFact.objects.filter(
                district=district,
                month__lte=last,
                month__gt=engine.add_months(last, -TREND_MONTHS),
            )
        )
        .values("month")
        .annotate(**figures)
        .order_by("month")
    )
    return [dict(row) for row in rows]


def expiries(facts: QuerySet[FirmFact]) -> tuple[Counter, Counter]:
    """Certificates ending per month and per kind, over the next months (see the engine)."""
    texts = facts.exclude(expiries="").values_list("expiries", flat=True)
    return engine.read_expiries(texts)


@dataclass(frozen=True, slots=True)
class Point:
    firm_id: int
    name: str
    lat: float
    lon: float
    grade: str


def points(facts: QuerySet[FirmFact]) -> list[Point]:
    """The firms placed on the map (those with a site), with their latest grade."""
    rows = (
        facts.filter(lat__isnull=False, lon__isnull=False)
        .order_by("firm_id")
        .values_list("firm_id", "firm__legal_name", "lat", "lon", "grade")
    )
    return [
        Point(pk, name, float(lat or 0), float(lon or 0), grade or "")
        for pk, name, lat, lon, grade in rows
    ]
