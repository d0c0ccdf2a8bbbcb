"""The label pages of a product: the fibre composition by component (EU fibre names; each
component's shares add up to 100 %) and the substances of concern. Both are tables of rows,
saved together or not at all; an error names the row as numbered on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from filiera.products import services
from filiera.products.forms_label import MAX_ROWS, fibre_forms, substance_forms
from filiera.products.views.common import product_for, save_rows


def _rows_page(request, pk, product_id, make_forms, save, template: str) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    data = request.POST if request.method == "POST" else None
    forms = make_forms(data, product)
    error = ""
    if data is not None and "more_rows" not in data:
        if all(form.is_valid() for form in forms):
            error = save_rows(forms, lambda rows: save(request.user, product, rows))
            if not error:
                messages.success(request, _("Saved."))
                return redirect(product)
        else:
            error = _("Please correct the rows marked below.")
    return render(
        request,
        template,
        {
            "firm": firm,
            "product": product,
            "rows": list(enumerate(forms, start=1)),
            "count": len(forms),
            "can_add": len(forms) < MAX_ROWS,
            "fields": list(forms[0]) if forms else [],
            "error": error,
        },
    )


@login_required
def product_label(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    return _rows_page(
        request,
        pk,
        product_id,
        fibre_forms,
        services.set_components,
        "products/product_label.html",
    )


@login_required
def product_substances(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    return _rows_page(
        request,
        pk,
        product_id,
        substance_forms,
        services.set_substances,
        "products/product_substances.html",
    )
