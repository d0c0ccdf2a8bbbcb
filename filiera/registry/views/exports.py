"""Export of the firm directory as CSV (streamed) or XLSX, in the import's columns."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from filiera.registry import access, selectors
from filiera.registry.importing import writer
from filiera.registry.importing.columns import EXPORT_COLUMNS
from filiera.registry.importing.export import export_rows

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def export_firms(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The directory with its filters, one row per site. District staff and platform admins only."""
    r = access.roles(request.user)
    if not (r.is_district_staff or r.superuser):
        raise PermissionDenied
    kind = request.GET.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    filters = selectors.DirectoryFilters.from_query(request.GET)
    rows = export_rows(selectors.directory(request.user, filters))
    filename = f"filiera-firms-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            writer.csv_lines(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(writer.xlsx_bytes(EXPORT_COLUMNS, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
