"""The district supply-chain page and its CSV, for the district's staff (figures in
``filiera.chains.district_figures``)."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from filiera.chains import access
from filiera.chains.district_figures import district_sections
from filiera.qualification.benchmarks import MIN_COHORT, SUPPRESSED
from filiera.registry.views.district import get_district_for


@login_required
def district_chains(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug, access.can_view_district_chains)
    context = {
        "district": district,
        "sections": district_sections(district),
        "min_cohort": MIN_COHORT,
        "suppressed": SUPPRESSED,
        "today": timezone.localdate(),
    }
    return render(request, "chains/district_chains.html", context)


CSV_COLUMNS = ("section", "figure", "label", "value", "unit")


@login_required
def district_chains_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same figures as the page, hidden ones included as "<5"."""
    district = get_district_for(request.user, slug, access.can_view_district_chains)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for title, figures in district_sections(district):
        for figure in figures:
            writer.writerow([title, figure.key, figure.label, figure.value, figure.unit])
    filename = f"filiera-chains-{district.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
