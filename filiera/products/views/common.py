"""What every product page starts with: the firm (404 unless the user may see its products,
403 when the user may see them but not change them) and the product of that firm."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.footprint import labels
from filiera.footprint.engine import zone_for_country
from filiera.products.access import can_edit_products, can_view_products
from filiera.products.models import Product
from filiera.products.services import ProductError
from filiera.registry.models import Firm


def firm_for(user, pk: int, *, edit: bool = False) -> Firm:
    firm = get_object_or_404(Firm, pk=pk)
    if not can_view_products(user, firm):
        raise Http404("No such firm")
    if edit and not can_edit_products(user, firm):
        raise PermissionDenied
    return firm


def product_for(user, pk: int, product_id: int, *, edit: bool = False) -> tuple[Firm, Product]:
    firm = firm_for(user, pk)
    product = get_object_or_404(Product.objects.select_related("brand"), pk=product_id, brand=firm)
    if edit and not can_edit_products(user, firm):
        raise PermissionDenied
    return firm, product


def zone_name(country: str) -> tuple[str, str]:
    """The footprint zone a country counts as (code, name); "---" when it is not known."""
    code = zone_for_country(country or "")
    return code, str(labels.ZONES.get(code, code))


def rows_as_on_page(err: ProductError, numbers: list[int]) -> None:
    """Number the rows in a service's error as the page does: the service counts only the rows
    it was given, the page skips none (``numbers[i]`` is the page's number of given row i+1)."""
    for key in ("row", "first", "first_row"):
        value = err.params.get(key)
        if isinstance(value, int) and 1 <= value <= len(numbers):
            err.params[key] = numbers[value - 1]
    if err.row is not None and 1 <= err.row <= len(numbers):
        err.row = numbers[err.row - 1]


def save_rows(forms: Sequence[Any], save: Callable[[list[Any]], object]) -> str:
    """Give the filled rows of a table of row forms to ``save``; on a ``ProductError`` mark the
    row at fault and return the error to show above the table ("" when saved)."""
    filled = [(n, form) for n, form in enumerate(forms, start=1) if not form.is_empty]
    try:
        save([form.row() for _n, form in filled])
    except ProductError as err:
        rows_as_on_page(err, [n for n, _form in filled])
        error = err.translated()
        if err.row is not None:
            row_form = forms[err.row - 1]
            row_form.add_error(err.field if err.field in row_form.fields else None, error)
        return error
    return ""
