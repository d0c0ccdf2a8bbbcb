"""A brand's alerts about its chain: grade drops, documents expiring, suppliers not assessed.
Only alerts about suppliers still sharing at least their grade are shown (read fresh); an alert
about a supplier that shares nothing names no firm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from filiera.chains import access, selectors
from filiera.chains.models import ChainAlert, Scope
from filiera.chains.services import alerts as alert_services
from filiera.chains.services.access_log import record_access
from filiera.chains.views.brand_common import get_brand_for
from filiera.registry.models import Process

PAGE_SIZE = 100


def _lines(alerts: list[ChainAlert], brand_pk: int) -> list[dict]:
    codes = {code for a in alerts for code in (a.detail or {}).get("processes", [])}
    names = {p.code: p.name for p in Process.objects.filter(code__in=codes)}
    lines = []
    for alert in alerts:
        detail = alert.detail or {}
        lines.append(
            {
                "alert": alert,
                # The name as it is today, only for suppliers that still share (never the name
                # stored in the alert).
                "supplier": alert.supplier.legal_name if alert.supplier else "",
                "supplier_url": reverse("chain_supplier", args=[brand_pk, alert.supplier_id])
                if alert.supplier_id
                else "",
                "old": detail.get("old", ""),
                "new": detail.get("new", ""),
                "document": detail.get("document", ""),
                "valid_until": detail.get("valid_until", ""),
                "expired": bool(detail.get("expired")),
                "tier": detail.get("tier"),
                "processes": [names.get(c, c) for c in detail.get("processes", [])],
            }
        )
    return lines


@login_required
def chain_alerts(request: HttpRequest, pk: int) -> HttpResponse:
    brand = get_brand_for(request.user, pk)
    visible = selectors.visible_alerts(brand)
    if request.method == "POST":
        if not access.can_manage_chain(request.user, brand):
            raise PermissionDenied
        if request.POST.get("all"):
            ids = list(visible.filter(read_at__isnull=True).values_list("id", flat=True))
        else:
            wanted = [v for v in request.POST.getlist("alert") if v.isdigit()]
            ids = list(visible.filter(pk__in=wanted).values_list("id", flat=True))
        count = alert_services.mark_read(request.user, brand, ids)
        messages.success(
            request,
            ngettext("%(n)s alert marked as read.", "%(n)s alerts marked as read.", count)
            % {"n": count},
        )
        return redirect("chain_alerts", pk=brand.pk)
    show = request.GET.get("show", "unread")
    queryset = visible if show == "all" else visible.filter(read_at__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = list(page.object_list)
    named = {
        a.supplier_id for a in alerts if a.supplier_id and a.kind != ChainAlert.Kind.NOT_ASSESSED
    }
    if named:
        record_access(request.user, brand.pk, named, [Scope.GRADE])
    return render(
        request,
        "chains/alerts.html",
        {
            "brand": brand,
            "lines": _lines(alerts, brand.pk),
            "page": page,
            "show": show,
            "unread": visible.filter(read_at__isnull=True).count(),
            "can_manage": access.can_manage_chain(request.user, brand),
            "kinds": ChainAlert.Kind,
        },
    )
