"""The import page: district managers upload a CSV or XLSX file of firms and sites."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import ImportFileForm
from filiera.core.uploads import size_limited, too_large
from filiera.registry import access
from filiera.registry.importing import reader, writer
from filiera.registry.importing.columns import COLUMNS, REQUIRED
from filiera.registry.importing.records import ImportFileError
from filiera.registry.importing.service import import_file
from filiera.registry.views.district import get_district_for

SHOWN_ERRORS = 1000  # the page lists this many; the command prints them all


class ImportForm(ImportFileForm):
    file_help = _lazy("CSV (UTF-8, comma or semicolon) or XLSX, one row per site.")


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def run_upload(request: HttpRequest, form: forms.Form, run: Callable[..., Any]) -> dict[str, Any]:
    """What an import page shows after a POST: ``{"report": …}`` from ``run(upload, dry_run=…)``,
    or ``{"file_error": …}`` saying nothing was imported and why (too large, unreadable); nothing
    for a form with errors."""
    found: dict[str, Any] = {}
    if too_large(request):
        found["file_error"] = reader.too_large(max_bytes()).translated()
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            found["report"] = run(upload, dry_run=form.cleaned_data["dry_run"])
        except ImportFileError as exc:
            found["file_error"] = exc.translated()
    if "file_error" in found:
        found["file_error"] = _("Nothing was imported. %(reason)s") % {
            "reason": found["file_error"]
        }
    return found


@size_limited(max_bytes)
@login_required
def import_companies(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug, access.can_manage_district)
    if request.GET.get("download") == "template":
        response = HttpResponse(writer.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="filiera-firms-template.csv"'
        return response
    context = {
        "district": district,
        "columns": COLUMNS,
        "required": REQUIRED,
        "shown_errors": SHOWN_ERRORS,
    }
    if request.method != "POST":
        context["form"] = ImportForm()
        return render(request, "registry/import.html", context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    context |= run_upload(
        request,
        form,
        lambda upload, dry_run: import_file(
            upload,
            upload.name,
            district=district,
            actor=request.user,
            dry_run=dry_run,
            size=upload.size,
        ),
    )
    return render(request, "registry/import.html", context)
