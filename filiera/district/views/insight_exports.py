"""One section of the district dashboard as CSV or XLSX, with the page's filters and values:
headers in the page's language, hidden counts as "<5", no rows when fewer than 5 firms match."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from filiera.district import insight_files, insight_sections
from filiera.registry.views.district import get_district_for

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def district_insight_export(request: HttpRequest, slug: str, chart: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES or chart not in insight_sections.KEYS:
        raise Http404("No such export")
    district = get_district_for(request.user, slug)
    _form, board = insight_sections.from_request(district, request.GET, with_charts=False)
    sheet = insight_files.sheet(board, chart)
    content = insight_files.to_csv(sheet) if fmt == "csv" else insight_files.to_xlsx(sheet)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    stem = "-".join(["filiera-insight", district.slug, chart, *board.filters.params().values()])
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"'
    )
    return response
