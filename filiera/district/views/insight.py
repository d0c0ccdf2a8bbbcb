"""District dashboard: precomputed figures, filters, charts with tables, exports, map and the PDF
report (district staff only).

The district's managers and verifiers and the platform admin see it; anyone else gets 404 and
anonymous visitors the login page. Only managers may ask for fresh figures (403 for verifiers).
Figures come from the facts the nightly refresh writes (``services.insight``), so the page
reads a few aggregates whatever the size of the district.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.district import insight, insight_sections
from filiera.district.insight_engine import MIN_COHORT, SUPPRESSED, hide
from filiera.district.services import insight as services
from filiera.district.views.insight_exports import district_insight_export
from filiera.district.views.insight_report import district_insight_report
from filiera.qualification.charts import GRADE_COLOURS, NO_GRADE_COLOUR
from filiera.registry import access
from filiera.registry.views.district import get_district_for

FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"))


@login_required
def district_insight(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug)
    form, board = insight_sections.from_request(district, request.GET)
    query = urlencode(board.filters.params())
    legend = [(g, GRADE_COLOURS[g], _("Grade %(grade)s") % {"grade": g}) for g in GRADE_COLOURS]
    legend.append(("", NO_GRADE_COLOUR, _("No grade yet")))
    context = {
        "district": district,
        "form": form,
        "board": board,
        "query": query,
        "formats": FORMATS,
        "min_cohort": MIN_COHORT,
        "suppressed": SUPPRESSED,
        "can_refresh": access.can_manage_district(request.user, district),
        "map_url": reverse("district_insight_map", args=[district.slug])
        + (f"?{query}" if query else ""),
        "legend": legend,
    }
    return render(request, "district/insight.html", context)


@login_required
@require_POST
def district_insight_refresh(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Refresh now": the figures are computed again in the background (managers only)."""
    district = get_district_for(request.user, slug)
    if not access.can_manage_district(request.user, district):
        raise PermissionDenied
    services.request_refresh(request.user, district)
    messages.success(
        request, _("Refresh requested: the figures will be up to date in a few minutes.")
    )
    return redirect("district_insight", slug=district.slug)


@login_required
def district_insight_map(request: HttpRequest, slug: str) -> JsonResponse:
    """The firms matching the filters with their grade, as compact rows for the map; none
    when fewer than 5 firms match."""
    district = get_district_for(request.user, slug)
    month = insight.latest_month(district)
    if month is None:
        return JsonResponse({"firms": 0, "points": [], "message": _("Not computed yet.")})
    from filiera.district.forms_insight import InsightFilterForm

    form = InsightFilterForm(request.GET or None, insight.options(district, month))
    facts = insight.month_facts(district, month, form.filters())
    firms = facts.count()
    if firms < MIN_COHORT:
        return JsonResponse(
            {
                "firms": hide(firms),
                "points": [],
                "message": _("Fewer than 5 firms match these filters."),
            }
        )
    points = [
        [round(p.lat, 5), round(p.lon, 5), p.grade, p.name, p.firm_id]
        for p in insight.points(facts)
    ]
    return JsonResponse(
        {
            "firms": firms,
            "columns": ["lat", "lon", "grade", "name", "id"],
            "points": points,
            "firm_url": reverse("firm_detail", args=[0]),
            "no_grade": _("no grade yet"),
            "grade_text": _("grade"),
        }
    )


urlpatterns: list = [
    path("d/<slug:slug>/insight/", district_insight, name="district_insight"),
    path(
        "d/<slug:slug>/insight/refresh/",
        district_insight_refresh,
        name="district_insight_refresh",
    ),
    path("d/<slug:slug>/insight/map.json", district_insight_map, name="district_insight_map"),
    path(
        "d/<slug:slug>/insight/report.pdf",
        district_insight_report,
        name="district_insight_report",
    ),
    path(
        "d/<slug:slug>/insight/<slug:chart>.<slug:fmt>",
        district_insight_export,
        name="district_insight_export",
    ),
]
