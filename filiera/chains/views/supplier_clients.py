"""A supplier's clients: pending invitations (accept or refuse), open requests to share more
(with the VSME value-chain cap explained) and, for each client, what it sees now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from filiera.chains import access
from filiera.chains.forms import (
    AcceptForm,
    RefuseForm,
    add_user_error,
)
from filiera.chains.models import AccessLog, Consent, SupplyInvitation, SupplyRelation
from filiera.chains.services import invitations
from filiera.chains.views.supplier_common import (
    client_ids_of,
    invitation_card,
    invitation_to,
    request_card,
    sees_now,
    supplier_for,
)
from filiera.core.usererror import UserError
from filiera.registry.models import Firm


@login_required
def clients(request: HttpRequest, pk: int) -> HttpResponse:
    firm = supplier_for(request.user, pk)
    can_manage = access.can_manage_sharing(request.user, firm)
    pending = list(
        SupplyInvitation.objects.filter(supplier=firm, status=SupplyInvitation.Status.PENDING)
        .select_related("client")
        .prefetch_related("processes")
    )
    cards = [
        invitation_card(
            invitation,
            accept_form=AcceptForm(supplier=firm, auto_id=f"id_%s_{invitation.pk}"),
            refuse_form=RefuseForm(auto_id=f"id_%s_{invitation.pk}"),
        )
        for invitation in pending
    ]
    consents = {
        c.client_id: c for c in Consent.objects.filter(supplier=firm).select_related("client")
    }
    requests = sorted(
        (c for c in consents.values() if c.request_open),
        key=lambda c: c.requested_at or c.updated_at,
        reverse=True,
    )
    return render(
        request,
        "chains/clients.html",
        {
            "firm": firm,
            "can_manage": can_manage,
            "pending": cards,
            "requests": [request_card(c) for c in requests],
            "rows": client_rows(firm, consents),
        },
    )


@dataclass
class ClientRow:
    client: Firm
    consent: Consent | None
    sees: str
    relations: list[SupplyRelation]
    last_seen: datetime | None
    request_open: bool


def client_rows(firm: Firm, consents: dict[int, Consent]) -> list[ClientRow]:
    """One row per client: what it sees now, its active relations and its last look."""
    firms = Firm.objects.filter(pk__in=client_ids_of(firm))
    active: dict[int, list[SupplyRelation]] = {}
    for relation in (
        SupplyRelation.objects.active().filter(supplier=firm).prefetch_related("processes")
    ):
        active.setdefault(relation.client_id, []).append(relation)
    last_seen = dict(
        AccessLog.objects.filter(supplier=firm)
        .values("client_id")
        .annotate(last=Max("last_at"))
        .values_list("client_id", "last")
    )
    rows = []
    for client in firms:
        consent = consents.get(client.pk)
        rows.append(
            ClientRow(
                client=client,
                consent=consent,
                sees=sees_now(consent),
                relations=active.get(client.pk, []),
                last_seen=last_seen.get(client.pk),
                request_open=consent is not None and consent.request_open,
            )
        )
    rows.sort(key=lambda r: (not r.relations, r.client.legal_name.lower()))
    return rows


@login_required
def invitation(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    firm = supplier_for(request.user, pk)
    item = invitation_to(firm, iid)
    accept_form = AcceptForm(supplier=firm)
    refuse_form = RefuseForm()
    if request.method == "POST":
        if not access.can_manage_sharing(request.user, firm):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "accept":
            accept_form = AcceptForm(request.POST, supplier=firm)
            if accept_form.is_valid():
                try:
                    invitations.accept(request.user, item, site=accept_form.cleaned_data["site"])
                except UserError as err:
                    add_user_error(accept_form, err)
                else:
                    messages.success(
                        request,
                        _(
                            "You are now a supplier of %(client)s. It sees your grade only: "
                            "choose here what else it may see."
                        )
                        % {"client": item.client.legal_name},
                    )
                    return redirect("supplier_sharing", firm.pk, item.client_id)
        elif action == "refuse":
            refuse_form = RefuseForm(request.POST)
            if refuse_form.is_valid():
                try:
                    invitations.refuse(
                        request.user, item, reason=refuse_form.cleaned_data["reason"].strip()
                    )
                except UserError as err:
                    add_user_error(refuse_form, err)
                else:
                    messages.success(request, _("Invitation refused: the client is told."))
                    return redirect("supplier_clients", firm.pk)
        else:
            messages.error(request, _("Choose to accept or to refuse the invitation."))
    return render(
        request,
        "chains/invitation_detail.html",
        {
            "firm": firm,
            "card": invitation_card(item, accept_form=accept_form, refuse_form=refuse_form),
            "can_manage": access.can_manage_sharing(request.user, firm),
            "back": reverse("supplier_clients", args=[firm.pk]),
        },
    )
