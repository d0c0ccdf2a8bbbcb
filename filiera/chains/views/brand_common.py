"""What the brand's chain pages share: the brand (404 when the firm is hidden from the user,
403 when it is visible but its chain is not: district staff see firms, not their chains),
supplier links, and the access log."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from filiera.chains import access
from filiera.chains.models import Level, Scope
from filiera.chains.selectors import SupplierRow
from filiera.chains.services.access_log import record_access
from filiera.registry import access as registry_access
from filiera.registry.models import Firm


def get_brand_for(user, pk: int, check=access.can_view_chain) -> Firm:
    firm = get_object_or_404(Firm, pk=pk)
    if not registry_access.can_view_firm(user, firm):
        raise Http404("No such firm")
    if not access.can_view_chain(user, firm) or not check(user, firm):
        raise PermissionDenied
    return firm


def supplier_url_maker(brand_pk: int):
    """``/firms/<brand>/chain/suppliers/<sid>/`` for many suppliers, reversed once."""
    sentinel = "2147483647"
    pattern = reverse("chain_supplier", args=[brand_pk, int(sentinel)])
    return lambda pk: pattern.replace(sentinel, str(pk))


def log_rows(
    user, brand: Firm, rows: Iterable[SupplierRow], via: str = "page", *, areas: bool = True
) -> None:
    """Log what a table showed: the grade of suppliers sharing it, the area scores of those
    sharing them (as many calls as kinds of data shown, each a single bulk write)."""
    rows = list(rows)
    graded = [r.firm_id for r in rows if r.level >= Level.GRADE]
    with_areas = [r.firm_id for r in rows if r.level >= Level.AREAS and r.areas] if areas else []
    if graded:
        record_access(user, brand.pk, graded, [Scope.GRADE], via=via)
    if with_areas:
        record_access(user, brand.pk, with_areas, [Scope.AREAS], via=via)
