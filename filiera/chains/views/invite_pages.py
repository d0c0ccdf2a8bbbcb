"""The client's side of invitations: invite a supplier, follow the invitations sent, cancel
one, and ask a supplier already in the chain to share more."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.chains.forms import (
    TIER_HELP,
    InviteForm,
    RequestSharingForm,
    add_user_error,
)
from filiera.chains.models import SupplyInvitation
from filiera.chains.services import invitations, sharing
from filiera.chains.views.supplier_common import (
    client_for,
    first_url,
    invitation_card,
    invitation_from,
)
from filiera.core.usererror import UserError
from filiera.registry.models import Firm

SENT_PER_PAGE = 50


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    firm = client_for(request.user, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(request.user, firm, **form.service_kwargs())
        except UserError as err:
            add_user_error(form, err)
        else:
            who = invitation.supplier or invitation.name or invitation.email
            messages.success(request, _("Invitation sent to %(who)s.") % {"who": who})
            return redirect(reverse("chain_invite", args=[firm.pk]) + "#sent")
    return render(
        request,
        "chains/invite_form.html",
        {
            "firm": firm,
            "form": form,
            "tier_help": TIER_HELP,
            **sent_invitations(request, firm),
        },
    )


def sent_invitations(request: HttpRequest, firm: Firm) -> dict:
    """The invitations this client sent, newest first, filtered by status, a page at a time."""
    queryset = (
        SupplyInvitation.objects.filter(client=firm)
        .select_related("supplier")
        .prefetch_related("processes")
    )
    status = request.GET.get("status", "")
    if status in SupplyInvitation.Status.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, SENT_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "sent": page,
        "sent_cards": [invitation_card(invitation) for invitation in page],
        "status": status,
        "statuses": SupplyInvitation.Status.choices,
    }


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    firm = client_for(request.user, pk)
    invitation = invitation_from(firm, iid)
    try:
        invitations.cancel(request.user, invitation)
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("Invitation cancelled."))
    return redirect(reverse("chain_invite", args=[firm.pk]) + "#sent")


@login_required
@require_POST
def request_sharing(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    firm = client_for(request.user, pk)
    supplier = get_object_or_404(Firm, pk=sid)
    back = first_url(
        ("chain_supplier", [firm.pk, supplier.pk]),
        ("chain_dashboard", [firm.pk]),
        ("firm_detail", [firm.pk]),
    )
    form = RequestSharingForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            text = " ".join(str(e) for e in errors)
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect(back)
    data = form.cleaned_data
    try:
        sharing.request_sharing(
            request.user,
            firm,
            supplier,
            level=data["level"],
            profile=data["profile"],
            sites=data["sites"],
            message=data["message"].strip(),
        )
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("Request sent: the supplier decides what to share."))
    return redirect(back)
