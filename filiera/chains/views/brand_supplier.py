"""One supplier as a brand sees it: exactly what the supplier's consent to the brand allows,
read fresh on every request; each kind of data shown is logged for the supplier to see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from filiera.chains import access, selectors
from filiera.chains.forms import RequestSharingForm
from filiera.chains.models import Level, Scope
from filiera.chains.services.access_log import record_access
from filiera.chains.views import brand_supplier_data as data
from filiera.chains.views.brand_common import get_brand_for
from filiera.qualification.models import Evidence
from filiera.qualification.views.evidence import file_response
from filiera.registry.models import Firm


def _supplier_for(request: HttpRequest, pk: int, sid: int):
    brand = get_brand_for(request.user, pk)
    row = selectors.supplier_in_chain(brand, sid)
    if row is None:
        raise Http404("No such supplier")
    return brand, row, get_object_or_404(Firm, pk=sid)


@login_required
def chain_supplier(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    brand, row, supplier = _supplier_for(request, pk, sid)
    scopes: list[str] = []
    context = {
        "brand": brand,
        "supplier": supplier,
        "row": row,
        "levels": Level,
        "today": timezone.localdate(),
    }
    if row.level >= Level.GRADE:
        context["qualification"] = data.qualification(supplier, brand, row.level)
        scopes.append(Scope.GRADE)
        if row.level >= Level.AREAS and context["qualification"].card is not None:
            scopes.append(Scope.AREAS)
        if row.level >= Level.ANSWERS and context["qualification"].answers:
            scopes.append(Scope.ANSWERS)
    if row.level >= Level.EVIDENCE:
        context["evidence"] = data.evidence_rows(brand, supplier)
        scopes.append(Scope.EVIDENCE)
    if row.profile:
        context["profile"] = data.profile(supplier)
        scopes.append(Scope.PROFILE)
    if row.sites:
        context["sites"] = data.sites(supplier)
        scopes.append(Scope.SITES)
    if access.can_manage_chain(request.user, brand):
        context["request_url"] = reverse("chain_request_sharing", args=[brand.pk, supplier.pk])
        context["request_form"] = RequestSharingForm()
    record_access(request.user, brand.pk, [supplier.pk], scopes)
    return render(request, "chains/chain_supplier.html", context)


@login_required
def chain_supplier_evidence(request: HttpRequest, pk: int, sid: int, eid: int) -> FileResponse:
    """A document of a supplier sharing its evidence files with the brand."""
    brand, row, supplier = _supplier_for(request, pk, sid)
    if row.level < Level.EVIDENCE:
        raise Http404("Not shared")
    evidence = get_object_or_404(Evidence, pk=eid, firm=supplier)
    response = file_response(evidence)
    record_access(request.user, brand.pk, [supplier.pk], [Scope.EVIDENCE])
    return response
