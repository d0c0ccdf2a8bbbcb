"""Lookups the supplier-side and invitation pages share: the firm (404 when the user may not
see it, 403 when they may see it but not do this), its clients and its invitations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from filiera.chains import access
from filiera.chains.forms import asks_sentence, sees_sentence
from filiera.chains.models import Consent, SupplyInvitation, SupplyRelation
from filiera.chains.models.sharing import VSME_CAP
from filiera.registry.models import Firm
from filiera.registry.views.firms import get_firm_for


def supplier_for(user, pk: int, *, manage: bool = False) -> Firm:
    """The supplier firm whose sharing the user reads (or, with ``manage``, changes)."""
    check = access.can_manage_sharing if manage else access.can_view_sharing
    return get_firm_for(user, pk, check)


def client_for(user, pk: int, *, manage: bool = True) -> Firm:
    """The client firm whose chain the user works on (invitations, sharing requests)."""
    check = access.can_manage_chain if manage else access.can_view_chain
    return get_firm_for(user, pk, check)


def client_ids_of(supplier: Firm) -> set[int]:
    """Every firm this supplier works for or shares with (past relations included)."""
    related = SupplyRelation.objects.filter(supplier=supplier).values_list("client_id", flat=True)
    consented = Consent.objects.filter(supplier=supplier).values_list("client_id", flat=True)
    return set(related) | set(consented)


def client_of(supplier: Firm, cid: int) -> Firm:
    """A client of this supplier: 404 for any other firm (it is none of the page's business)."""
    if cid not in client_ids_of(supplier):
        raise Http404("No such client")
    return get_object_or_404(Firm, pk=cid)


def invitation_to(supplier: Firm, iid: int) -> SupplyInvitation:
    return get_object_or_404(
        SupplyInvitation.objects.select_related("client", "supplier"), pk=iid, supplier=supplier
    )


def invitation_from(client: Firm, iid: int) -> SupplyInvitation:
    return get_object_or_404(SupplyInvitation, pk=iid, client=client)


def first_url(*candidates: tuple[str, list]) -> str:
    """The first of ``(url name, args)`` that resolves (pages written by others may be absent)."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/"


@dataclass
class InvitationCard:
    """An invitation as a page shows it: what it asks in plain words, its answer forms."""

    invitation: SupplyInvitation
    asks: str
    beyond_vsme: bool
    accept_form: Any = None
    refuse_form: Any = None


def invitation_card(invitation: SupplyInvitation, **forms) -> InvitationCard:
    return InvitationCard(
        invitation,
        asks_sentence(
            invitation.requested_level, invitation.requested_profile, invitation.requested_sites
        ),
        invitation.requested_level > VSME_CAP,
        **forms,
    )


@dataclass
class RequestCard:
    """A client's open request to see more, in plain words."""

    consent: Consent
    asks: str


def request_card(consent: Consent) -> RequestCard:
    return RequestCard(
        consent,
        asks_sentence(consent.requested_level, consent.requested_profile, consent.requested_sites),
    )


def shares(consent: Consent | None) -> bool:
    return consent is not None and consent.shares_anything and consent.revoked_at is None


def sees_now(consent: Consent | None) -> str:
    """What the client sees now under this consent, in plain words."""
    if consent is None or not shares(consent):
        return sees_sentence(0, False, False)
    return sees_sentence(consent.level, consent.profile, consent.sites)
