"""The import page: district managers upload a CSV or XLSX file of firms and sites."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


def upload_page(
    request: HttpRequest,
    form_class: type[ImportFileForm],
    template: str,
    context: dict[str, Any],
    run: Callable[..., Any],
) -> HttpResponse:
    """An import page: the empty form, or after a POST the form with ``{"report": …}`` from
    ``run(upload, dry_run=…)``, or ``{"file_error": …}`` saying nothing was imported and why
    (too large, unreadable); nothing more for a form with errors."""
    context |= {"shown_errors": SHOWN_ERRORS}
    if request.method != "POST":
        return render(request, template, context | {"form": form_class()})
    form = form_class(request.POST, request.FILES)
    context["form"] = form
    if too_large(request):
        context["file_error"] = reader.too_large(max_bytes()).translated()
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["report"] = run(upload, dry_run=form.cleaned_data["dry_run"])
        except ImportFileError as exc:
            context["file_error"] = exc.translated()
    if "file_error" in context:
        context["file_error"] = _("Nothing was imported. %(reason)s") % {
            "reason": context["file_error"]
        }
    return render(request, template, context)


@size_limited(max_bytes)
@login_required
def import_companies(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for(request.user, slug, access.can_manage_district)
    if request.GET.get("download") == "template":
        response = HttpResponse(writer.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="filiera-firms-template.csv"'
        return response
    return upload_page(
        request,
        ImportForm,
        "registry/import.html",
        {"district": district, "columns": COLUMNS, "required": REQUIRED},
        lambda upload, dry_run: import_file(
            upload,
            upload.name,
            district=district,
            actor=request.user,
            dry_run=dry_run,
            size=upload.size,
        ),
    )
