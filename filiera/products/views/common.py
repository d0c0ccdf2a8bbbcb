"""What every product page starts with: the firm (404 unless the user may see its products,
403 when the user may see them but not change them) and the product of that firm."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from filiera.footprint import labels
from filiera.footprint.engine import zone_for_country
from filiera.products.access import can_edit_products, can_view_products
from filiera.products.models import Product
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
