"""A firm's resource flows: the list (offers and needs), adding one, changing it, archiving it,
and the EWC code suggestion the form asks for while the description is typed (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from filiera.core.usererror import UserError
from filiera.registry.models import Firm
from filiera.symbiosis import selectors
from filiera.symbiosis.access import can_edit_flows, can_view_symbiosis
from filiera.symbiosis.engine import ewc_suggest
from filiera.symbiosis.forms import FlowForm, show_error
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.services import flows as services

# Suggestions still open: archiving a flow withdraws them.
OPEN = (Match.Status.SUGGESTED, Match.Status.INTEREST)
MIN_SUGGEST_LENGTH = 3


def firm_for(user, pk: int, *, edit: bool = False) -> Firm:
    """The firm, 404 unless the user may see its symbiosis pages, 403 when they may only read."""
    firm = get_object_or_404(Firm, pk=pk)
    if not can_view_symbiosis(user, firm):
        raise Http404("No such firm")
    if edit and not can_edit_flows(user, firm):
        raise PermissionDenied
    return firm


def flow_for(user, pk: int, flow_id: int, *, edit: bool = False) -> tuple[Firm, Flow]:
    firm = firm_for(user, pk, edit=edit)
    flow = get_object_or_404(Flow.objects.select_related("site"), pk=flow_id, firm=firm)
    return firm, flow


@login_required
def flow_list(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk)
    archived = request.GET.get("archived") == "1"
    flows = list(selectors.firm_flows(firm, active=not archived))
    return render(
        request,
        "symbiosis/flow_list.html",
        {
            "firm": firm,
            "offers": [f for f in flows if f.direction == Flow.Direction.OFFER],
            "needs": [f for f in flows if f.direction == Flow.Direction.NEED],
            "archived": archived,
            "can_edit": can_edit_flows(request.user, firm),
            "has_sites": firm.sites.exists(),
            "counts": selectors.match_counts(firm),
        },
    )


def _save(request: HttpRequest, form: FlowForm, firm: Firm, flow: Flow | None) -> Flow | None:
    """The service's write; its errors land on the form's fields (None when refused)."""
    try:
        if flow is None:
            return services.create_flow(firm=firm, user=request.user, data=form.flow_data())
        return services.update_flow(flow, user=request.user, data=form.flow_data())
    except (UserError, ValidationError) as err:
        show_error(form, err)
        return None


@login_required
def flow_create(request: HttpRequest, pk: int) -> HttpResponse:
    firm = firm_for(request.user, pk, edit=True)
    direction = request.GET.get("direction")
    sites = list(firm.sites.order_by("name", "id")[:2])
    initial: dict[str, object] = {
        "direction": direction if direction in Flow.Direction.values else "offer",
        "site": sites[0].pk if len(sites) == 1 else None,
        "max_distance_km": 50,
        "period": Flow.Period.YEAR,
        "unit": "t",
    }
    form = FlowForm(request.POST or None, firm=firm, initial=initial)
    if request.method == "POST" and form.is_valid():
        flow = _save(request, form, firm, None)
        if flow is not None:
            messages.success(
                request, _("Flow saved. Suggestions appear under “Suggestions” in a moment.")
            )
            return redirect("flow_list", pk=firm.pk)
    return render(
        request,
        "symbiosis/flow_form.html",
        {"firm": firm, "form": form, "has_sites": bool(sites)},
    )


@login_required
def flow_edit(request: HttpRequest, pk: int, flow_id: int) -> HttpResponse:
    firm, flow = flow_for(request.user, pk, flow_id, edit=True)
    form = FlowForm(request.POST or None, firm=firm, instance=flow)
    if request.method == "POST" and form.is_valid() and _save(request, form, firm, flow):
        messages.success(request, _("Changes saved."))
        return redirect("flow_list", pk=firm.pk)
    return render(
        request,
        "symbiosis/flow_form.html",
        {"firm": firm, "form": form, "flow": flow, "has_sites": True},
    )


@login_required
def flow_archive(request: HttpRequest, pk: int, flow_id: int) -> HttpResponse:
    firm, flow = flow_for(request.user, pk, flow_id, edit=True)
    if request.method == "POST":
        if flow.active:
            try:
                services.archive_flow(flow, user=request.user)
            except UserError as err:
                messages.error(request, err.translated())
            else:
                messages.success(request, _("Flow archived: it is no longer suggested."))
        return redirect("flow_list", pk=firm.pk)
    open_matches = Match.objects.filter(Q(offer=flow) | Q(need=flow), status__in=OPEN).count()
    return render(
        request,
        "symbiosis/flow_archive.html",
        {"firm": firm, "flow": flow, "open_matches": open_matches},
    )


@login_required
@require_POST
def flow_restore(request: HttpRequest, pk: int, flow_id: int) -> HttpResponse:
    """An archived flow back in use: it is suggested again."""
    firm, flow = flow_for(request.user, pk, flow_id, edit=True)
    if not flow.active:
        services.restore_flow(flow, user=request.user)
        messages.success(request, _("Flow back in use: it is suggested again."))
    return redirect("flow_list", pk=firm.pk)


@login_required
@require_GET
def ewc_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Up to three EWC codes for the description typed so far (htmx fragment)."""
    firm = firm_for(request.user, pk, edit=True)
    text = " ".join(
        (request.GET.get(name) or "").strip() for name in ("description", "description_en")
    ).strip()[:1000]
    found = ewc_suggest.suggest(text, k=3) if len(text) >= MIN_SUGGEST_LENGTH else []
    lang = (get_language() or "it")[:2]
    rows = [
        {
            "code": s.code,
            "display": s.display,
            "text": (s.text_it if lang == "it" and s.text_it else s.text_en),
        }
        for s in found
    ]
    return render(
        request,
        "symbiosis/_ewc_suggestions.html",
        {"firm": firm, "suggestions": rows, "asked": bool(text)},
    )


urlpatterns: list = [
    path("firms/<int:pk>/flows/", flow_list, name="flow_list"),
    path("firms/<int:pk>/flows/new/", flow_create, name="flow_create"),
    path("firms/<int:pk>/flows/ewc-suggest/", ewc_suggestions, name="flow_ewc_suggest"),
    path("firms/<int:pk>/flows/<int:flow_id>/edit/", flow_edit, name="flow_edit"),
    path("firms/<int:pk>/flows/<int:flow_id>/archive/", flow_archive, name="flow_archive"),
    path("firms/<int:pk>/flows/<int:flow_id>/restore/", flow_restore, name="flow_restore"),
]
