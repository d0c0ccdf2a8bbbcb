"""The import page of a brand's products: upload a CSV or XLSX file of products and steps,
see every problem (sheet, line, column) or what was created and updated."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import ImportFileForm
from filiera.core.uploads import size_limited
from filiera.products.importing.columns import COLUMNS, PRODUCTS, REQUIRED, STEPS
from filiera.products.importing.service import import_products
from filiera.products.views.common import firm_for
from filiera.registry.views.imports import max_bytes, upload_page


class ProductImportForm(ImportFileForm):
    file_help = _lazy(
        "CSV (UTF-8, comma or semicolon) with products or with steps, or XLSX with the "
        "sheets “products” and “steps”."
    )


def template_csv(kind: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS[kind])
    return out.getvalue()


@size_limited(max_bytes)
@login_required
def product_import(request: HttpRequest, pk: int) -> HttpResponse:
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
    }
    return upload_page(
        request,
        ProductImportForm,
        "products/product_import.html",
        context,
        lambda upload, dry_run: import_products(
            upload,
            upload.name,
            brand=firm,
            actor=request.user,
            dry_run=dry_run,
            size=upload.size,
        ),
    )
