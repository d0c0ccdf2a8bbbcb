"""The steps a firm takes on a match (POST only): say it is interested, decline with a reason,
agree the quantity, start and close the exchange, record a realised quantity. The services check
each step; a step that does not fit the match's state comes back as a message."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.registry.models import Firm
from filiera.symbiosis.forms import show_error
from filiera.symbiosis.forms_matches import AgreeForm, DeclineForm, DeliveryForm
from filiera.symbiosis.models import Match
from filiera.symbiosis.services import matches as services
from filiera.symbiosis.views.match_rows import match_for, render_detail

# Pages a step may send the person back to (the ``next`` field of its form).
BACK = {"suggestions": "match_list", "exchanges": "exchange_list"}


def back(request: HttpRequest, firm: Firm, match: Match) -> HttpResponse:
    name = BACK.get(request.POST.get("next", ""))
    if name is not None:
        return redirect(reverse(name, args=[firm.pk]) + f"#match-{match.pk}")
    return redirect("match_detail", pk=firm.pk, match_id=match.pk)


def run(request: HttpRequest, step: Callable[[], object]) -> bool:
    """Run a service step; its refusal becomes an error message (False)."""
    try:
        step()
    except UserError as err:
        messages.error(request, err.translated())
        return False
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return False
    return True


@login_required
@require_POST
def match_interest(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, _row = match_for(request.user, pk, match_id, edit=True)
    if run(request, lambda: services.express_interest(match, user=request.user, firm=firm)):
        match.refresh_from_db()
        if match.identities_visible:
            messages.success(
                request, _("You both accepted: the contacts are shared. See them below.")
            )
            return redirect("match_detail", pk=firm.pk, match_id=match.pk)
        messages.success(
            request,
            _(
                "Interest sent. The other firm is told, without your name; we write when it accepts."
            ),
        )
    return back(request, firm, match)


@login_required
@require_POST
def match_decline(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, row = match_for(request.user, pk, match_id, edit=True)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return render_detail(request, firm, row, decline_form=form)
    try:
        services.decline(match, user=request.user, reason=form.cleaned_data["reason"], firm=firm)
    except (UserError, ValidationError) as err:
        show_error(form, err)
        return render_detail(request, firm, row, decline_form=form)
    messages.success(request, _("Declined: this pair will not be suggested again."))
    return back(request, firm, match)


@login_required
@require_POST
def match_agree(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, row = match_for(request.user, pk, match_id, edit=True)
    form = AgreeForm(request.POST)
    if form.is_valid():
        try:
            services.agree(match, user=request.user, firm=firm, **form.cleaned_data)
        except (UserError, ValidationError) as err:
            show_error(form, err)
        else:
            messages.success(request, _("Agreed. Record the quantities as they are exchanged."))
            return back(request, firm, match)
    return render_detail(request, firm, row, agree_form=form)


@login_required
@require_POST
def match_activate(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, _row = match_for(request.user, pk, match_id, edit=True)
    if run(request, lambda: services.activate(match, user=request.user, firm=firm)):
        messages.success(request, _("The exchange is under way. Record the quantities as they go."))
    return back(request, firm, match)


@login_required
@require_POST
def match_close(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, _row = match_for(request.user, pk, match_id, edit=True)
    if run(request, lambda: services.close(match, user=request.user, firm=firm)):
        messages.success(request, _("The exchange is closed. Thank you for recording it."))
    return back(request, firm, match)


@login_required
@require_POST
def match_delivery(request: HttpRequest, pk: int, match_id: int) -> HttpResponse:
    firm, match, row = match_for(request.user, pk, match_id, edit=True)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_delivery(
                match,
                user=request.user,
                period_start=data["period_start"],
                period_end=data["period_end"],
                quantity=data["quantity"],
                unit=data["unit"],
                note=data.get("note") or "",
                firm=firm,
            )
        except (UserError, ValidationError) as err:
            show_error(form, err)
        else:
            messages.success(request, _("Quantity recorded."))
            return back(request, firm, match)
    return render_detail(request, firm, row, delivery_form=form)


def urlpatterns(prefix: str) -> list:
    return [
        path(prefix + "interest/", match_interest, name="match_interest"),
        path(prefix + "decline/", match_decline, name="match_decline"),
        path(prefix + "agree/", match_agree, name="match_agree"),
        path(prefix + "activate/", match_activate, name="match_activate"),
        path(prefix + "close/", match_close, name="match_close"),
        path(prefix + "deliveries/", match_delivery, name="match_delivery"),
    ]
