"""Benchmarks: a firm against comparable firms, and the district's score distribution.

No figure here names another firm or shows its score: a firm sees percentiles and quartiles of
cohorts of at least five firms; district staff see counts per grade with every count below
five hidden.
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filiera.qualification import benchmarks
from filiera.qualification.plan_forms import ScoresFilter
from filiera.qualification.selectors import current_version
from filiera.qualification.selectors_peers import (
    ScoreRow,
    district_divisions,
    district_rows,
    firm_cohort,
    latest_scored,
)
from filiera.registry.models import District
from filiera.registry.models.firm import SizeClass
from filiera.registry.reference import ateco_title
from filiera.registry.views.district import get_district_for
from filiera.registry.views.firms import get_firm_for

OVERALL = "overall"


def _area_score(row: ScoreRow, code: str) -> float | None:
    return (row.areas.get(code) or {}).get("score")


def _area_grade(row: ScoreRow, code: str) -> str:
    return (row.areas.get(code) or {}).get("grade") or ""


@login_required
def firm_benchmarks(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    language = get_language() or "it"
    own = latest_scored(firm)
    context: dict = {"firm": firm, "own": own, "min_cohort": benchmarks.MIN_COHORT, "lines": []}
    if own is None:
        return render(request, "qualification/benchmark_firm.html", context)
    cohort = firm_cohort(firm, own.district)
    methodology = own.version.parsed()
    own_areas = own.score.areas if own.score else {}
    lines = [
        {
            "name": _("Overall"),
            "overall": True,
            "value": own.score.overall if own.score else None,
            "comparison": benchmarks.compare(
                own.score.overall if own.score else None, [r.overall for r in cohort.rows]
            ),
        }
    ]
    for area in methodology.areas:
        value = (own_areas.get(area.code) or {}).get("score")
        lines.append(
            {
                "name": area.name.get(language),
                "overall": False,
                "value": value,
                "comparison": benchmarks.compare(
                    value, [_area_score(r, area.code) for r in cohort.rows]
                ),
            }
        )
    context.update(
        cohort=cohort,
        lines=lines,
        division_title=ateco_title(cohort.division) if cohort.division else "",
        size_label=SizeClass(firm.size_class).label if firm.size_class else "",
    )
    return render(request, "qualification/benchmark_firm.html", context)


def score_table(district: District, division: str, size_class: str) -> list[dict]:
    """Per area (and overall) the number of firms, the count per grade and the quartiles;
    every count below MIN_COHORT shows as "<5" and a row of fewer firms shows no quartiles."""
    language = get_language() or "it"
    rows = district_rows(district, division, size_class)
    version = current_version(district)
    areas = [(a.code, a.name.get(language)) for a in version.parsed().areas] if version else []
    table = [_table_row(OVERALL, _("Overall"), [r.overall for r in rows], [r.grade for r in rows])]
    for code, name in areas:
        table.append(
            _table_row(
                code,
                name,
                [_area_score(r, code) for r in rows],
                [_area_grade(r, code) for r in rows if _area_score(r, code) is not None],
            )
        )
    return table


def _table_row(code: str, name: str, scores: list, grades: list[str]) -> dict:
    values = [s for s in scores if s is not None]
    stats = benchmarks.summary(values)
    counts = benchmarks.grade_counts(grades)
    return {
        "code": code,
        "name": name,
        "n": benchmarks.suppress(len(values)),
        "grades": [(g, benchmarks.suppress(counts[g])) for g in benchmarks.GRADES],
        "q1": stats.q1 if stats else None,
        "median": stats.median if stats else None,
        "q3": stats.q3 if stats else None,
    }


def _filters(request: HttpRequest, district: District) -> ScoresFilter:
    return ScoresFilter(request.GET or None, district_divisions(district))


@login_required
def district_scores(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug)
    form = _filters(request, district)
    division, size_class = form.values()
    context = {
        "district": district,
        "form": form,
        "table": score_table(district, division, size_class),
        "grades": benchmarks.GRADES,
        "min_cohort": benchmarks.MIN_COHORT,
        "suppressed": benchmarks.SUPPRESSED,
        "query": request.GET.urlencode(),
    }
    return render(request, "qualification/district_scores.html", context)


CSV_COLUMNS = ("area", "area_name", "firms", *benchmarks.GRADES, "q1", "median", "q3")


@login_required
def district_scores_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same table as the page, with the same filters and the same hidden counts."""
    district = get_district_for(request.user, slug)
    division, size_class = _filters(request, district).values()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in score_table(district, division, size_class):
        writer.writerow(
            [
                row["code"],
                row["name"],
                row["n"],
                *(count for _grade, count in row["grades"]),
                *("" if row[k] is None else row[k] for k in ("q1", "median", "q3")),
            ]
        )
    parts = [
        "filiera-scores",
        district.slug,
        division,
        size_class,
        f"{timezone.localdate():%Y-%m-%d}",
    ]
    filename = "-".join(p for p in parts if p) + ".csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
