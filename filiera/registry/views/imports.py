"""The import page: district managers upload a CSV or XLSX file of firms and sites."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from filiera.core.forms import PlainLabels
from filiera.registry import access
from filiera.registry.importing import reader, writer
from filiera.registry.importing.columns import COLUMNS, REQUIRED
from filiera.registry.importing.records import ImportFileError
from filiera.registry.importing.service import import_file
from filiera.registry.views.district import get_district_for

SHOWN_ERRORS = 1000  # the page lists this many; the command prints them all


class ImportForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label=_lazy("File"),
        allow_empty_file=True,  # the import says "the file is empty" itself
        help_text=_lazy("CSV (UTF-8, comma or semicolon) or XLSX, one row per site."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_lazy("Dry run: check the file and count the changes, save nothing"), required=False
    )


class SizeLimitHandler(FileUploadHandler):
    """Stops keeping an uploaded file's bytes once it passes the import limit.

    The rest of the request is still read (the browser must finish sending it) but thrown away,
    so a 50 MB upload never lands on disk or in memory; the view then says the file is too large.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.http_request = request
        self.limit, self.received = limit, 0

    def new_file(self, *args, **kwargs) -> None:
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.http_request.import_too_large = True  # type: ignore[attr-defined]
            return None  # later handlers never see (nor store) this chunk
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt
def import_companies(request: HttpRequest, slug: str) -> HttpResponse:
    # The size guard must be in place before anything reads the body, the CSRF check included,
    # so CSRF is checked by the inner view (Django's documented pattern for upload handlers).
    request.upload_handlers.insert(0, SizeLimitHandler(request, settings.IMPORT_MAX_BYTES))
    return _import_page(request, slug)


@csrf_protect
@login_required
def _import_page(request: HttpRequest, slug: str) -> HttpResponse:
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
    if getattr(request, "import_too_large", False):
        context["file_error"] = reader.too_large(settings.IMPORT_MAX_BYTES).translated()
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["report"] = import_file(
                upload,
                upload.name,
                district=district,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
                size=upload.size,
            )
        except ImportFileError as exc:
            context["file_error"] = exc.translated()
    if context.get("file_error"):
        context["file_error"] = _("Nothing was imported. %(reason)s") % {
            "reason": context["file_error"]
        }
    return render(request, "registry/import.html", context)
