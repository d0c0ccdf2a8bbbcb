"""What a product is made of: up to five materials with their share and origin. The rows are
saved together or not at all; an error names the row at fault, as numbered on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from filiera.products import services
from filiera.products.forms import composition_forms
from filiera.products.services import MAX_MATERIALS, ProductError
from filiera.products.views.common import product_for, rows_as_on_page


@login_required
def product_composition(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    data = request.POST if request.method == "POST" else None
    forms = composition_forms(data, product)
    error = ""
    if data is not None and all(form.is_valid() for form in forms):
        filled = [(n, form) for n, form in enumerate(forms, start=1) if not form.is_empty]
        try:
            services.set_composition(request.user, product, [form.row() for _n, form in filled])
        except ProductError as err:
            rows_as_on_page(err, [n for n, _form in filled])
            error = err.translated()
            if err.row is not None:
                row_form = forms[err.row - 1]
                field = err.field if err.field in row_form.fields else None
                row_form.add_error(field, error)
        else:
            messages.success(request, _("Composition saved."))
            return redirect(product)
    elif data is not None:
        error = _("Please correct the rows marked below.")
    return render(
        request,
        "products/product_composition.html",
        {
            "firm": firm,
            "product": product,
            "rows": list(enumerate(forms, start=1)),
            "error": error,
            "max_materials": MAX_MATERIALS,
            "share_label": forms[0].fields["share"].label,
        },
    )
