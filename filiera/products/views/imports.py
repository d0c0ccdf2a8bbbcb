"""The import page of a brand's products: upload a CSV or XLSX file of products and steps,
see every problem (sheet, line, column) or what was created and updated."""

from __future__ import annotations

import csv
import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from filiera.core.forms import PlainLabels
from filiera.products.importing.columns import COLUMNS, PRODUCTS, REQUIRED, STEPS
from filiera.products.importing.service import import_products
from filiera.products.views.common import firm_for
from filiera.registry.importing import reader
from filiera.registry.importing.records import ImportFileError
from filiera.registry.views.imports import SizeLimitHandler

SHOWN_ERRORS = 1000  # the page lists this many; the command prints them all


class ProductImportForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label=_lazy("File"),
        allow_empty_file=True,  # the import says "the file is empty" itself
        help_text=_lazy(
            "CSV (UTF-8, comma or semicolon) with products or with steps, or XLSX with the "
            "sheets “products” and “steps”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_lazy("Dry run: check the file and count the changes, save nothing"), required=False
    )


def template_csv(kind: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS[kind])
    return out.getvalue()


@csrf_exempt
def product_import(request: HttpRequest, pk: int) -> HttpResponse:
    # The size guard must be in place before anything reads the body, the CSRF check included,
    # so CSRF is checked by the inner view (Django's documented pattern for upload handlers).
    request.upload_handlers.insert(0, SizeLimitHandler(request, settings.IMPORT_MAX_BYTES))
    return _import_page(request, pk)


@csrf_protect
@login_required
def _import_page(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk, edit=True)
    kind = request.GET.get("download")
    if kind in (PRODUCTS, STEPS):
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="filiera-{kind}-template.csv"'
        return response
    context = {
        "firm": firm,
        "product_columns": COLUMNS[PRODUCTS],
        "step_columns": COLUMNS[STEPS],
        "required": {*REQUIRED[PRODUCTS], *REQUIRED[STEPS]},
        "shown_errors": SHOWN_ERRORS,
    }
    if request.method != "POST":
        context["form"] = ProductImportForm()
        return render(request, "products/product_import.html", context)
    form = ProductImportForm(request.POST, request.FILES)
    context["form"] = form
    if getattr(request, "import_too_large", False):
        context["file_error"] = reader.too_large(settings.IMPORT_MAX_BYTES).translated()
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["report"] = import_products(
                upload,
                upload.name,
                brand=firm,
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
    return render(request, "products/product_import.html", context)
