"""The flows import pages: a firm's people upload a CSV or XLSX file of their own flows; a
district's managers upload the flows of the district's firms. Each page lists every problem
(line, column) or what was created and updated."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import ImportFileForm
from filiera.core.uploads import size_limited
from filiera.registry import access as registry_access
from filiera.registry.models import Firm
from filiera.registry.views.district import get_district_for
from filiera.registry.views.imports import max_bytes, upload_page
from filiera.symbiosis import access
from filiera.symbiosis.importing.columns import COLUMNS, REQUIRED
from filiera.symbiosis.importing.service import import_flows


class FlowImportForm(ImportFileForm):
    file_help = _lazy("CSV (UTF-8, comma or semicolon) or XLSX, one row per flow.")


def template_csv() -> str:
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS)
    return out.getvalue()


def _template_response() -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="filiera-flows-template.csv"'
    return response


def _page(request: HttpRequest, context: dict[str, Any], run) -> HttpResponse:
    required = REQUIRED if "firm" in context else ("vat", *REQUIRED)
    context |= {"columns": COLUMNS, "required": required}
    return upload_page(request, FlowImportForm, "symbiosis/import.html", context, run)


@size_limited(max_bytes)
@login_required
def flow_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A firm's own flows: its owners and editors (404 for whoever may not see its flows, 403
    for those who may only read them)."""
    firm = get_object_or_404(Firm, pk=pk)
    if not access.can_view_symbiosis(request.user, firm):
        raise Http404("No such firm")
    if not access.can_edit_flows(request.user, firm):
        raise PermissionDenied
    if request.GET.get("download") == "template":
        return _template_response()
    return _page(
        request,
        {"firm": firm},
        lambda upload, dry_run: import_flows(
            upload, upload.name, firm=firm, actor=request.user, dry_run=dry_run, size=upload.size
        ),
    )


@size_limited(max_bytes)
@login_required
def district_flow_import(request: HttpRequest, slug: str) -> HttpResponse:
    """The flows of a district's firms: its managers (and platform admins); 404 for others."""
    district = get_district_for(request.user, slug, registry_access.can_manage_district)
    if request.GET.get("download") == "template":
        return _template_response()
    return _page(
        request,
        {"district": district},
        lambda upload, dry_run: import_flows(
            upload,
            upload.name,
            district=district,
            actor=request.user,
            dry_run=dry_run,
            size=upload.size,
        ),
    )


urlpatterns = [
    path("firms/<int:pk>/flows/import/", flow_import, name="flow_import"),
    path("districts/<slug:slug>/flows/import/", district_flow_import, name="district_flow_import"),
]
