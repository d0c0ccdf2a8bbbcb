"""Invitations and sharing consents over the API.

A client's owners and editors invite suppliers, cancel invitations and ask a supplier of their
chain for more; the invited firm's owners and editors accept or refuse. A supplier's owners and
editors decide what each client sees (``PUT``), revoke it (``DELETE``) and decline requests;
its viewers read the consents. Whoever sees the firm but not these answers 403; others 404.
Writes go through ``filiera.chains.services``: atomic, audited, 422 naming the field.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from filiera.api.chains import chain_firm, load_relations, user_error
from filiera.api.chains_schemas import (
    LEVELS,
    ConsentIn,
    ConsentOut,
    ConsentPage,
    InvitationAccept,
    InvitationIn,
    InvitationOut,
    InvitationPage,
    InvitationRefuse,
    RelationOut,
    SharingRequestIn,
    SharingRequestOut,
    consent_out,
    invitation_out,
    relation_out,
    request_out,
)
from filiera.api.errors import forbidden
from filiera.api.firms import MAX_ID
from filiera.api.pagination import PageParams, page_keys
from filiera.chains import access
from filiera.chains.models import Consent, SupplyInvitation
from filiera.chains.services import invitations as invitation_services
from filiera.chains.services import sharing
from filiera.chains.services.relations import in_chain
from filiera.core.usererror import N_, UserError
from filiera.registry.models import Firm, Process, Site

router = Router(tags=["supply chains"])
NOT_PENDING = N_("This invitation is %(status)s: it can no longer change.")
NOT_A_SITE = N_("%(site)s: not one of your sites.")
INVITATION_FIELDS = (
    "vat", "email", "name", "tier", "processes", "message", "requested_level",
    "requested_profile", "requested_sites",
)  # fmt: skip


# Invitations -------------------------------------------------------------------------------


class InvitationQuery(PageParams):
    direction: Literal["sent", "received"] | None = Field(
        None, description="`sent` by the firm or `received` by it; left out: both."
    )
    status: Literal["pending", "accepted", "refused", "cancelled"] | None = None


def load_invitations(ids: list[int]) -> list[SupplyInvitation]:
    return list(
        SupplyInvitation.objects.filter(id__in=ids)
        .select_related("client", "supplier")
        .prefetch_related(Prefetch("processes", queryset=Process.objects.only("code")))
        .order_by("id")
    )


def invitations_out(invitations: list[SupplyInvitation], firm_id: int) -> list[dict]:
    """Each invitation as ``firm_id`` sees it: the invited firm is named to the client only
    when it shares something with it."""
    sent = [i for i in invitations if i.client_id == firm_id]
    consents = access.consents_to(firm_id, {i.supplier_id for i in sent if i.supplier_id})
    return [
        invitation_out(
            i,
            direction="sent" if i.client_id == firm_id else "received",
            disclosed=i.supplier_id in consents,
        )
        for i in invitations
    ]


@router.get(
    "/firms/{firm_id}/invitations", response=InvitationPage, summary="List a firm's invitations"
)
def list_invitations(request: HttpRequest, firm_id: int, params: Query[InvitationQuery]):
    """Invitations the firm sent to suppliers and received from clients, oldest first."""
    firm = chain_firm(request.user, firm_id)
    sent, received = Q(client=firm), Q(supplier=firm)
    where = {"sent": sent, "received": received}.get(params.direction or "", sent | received)
    queryset = SupplyInvitation.objects.filter(where)
    if params.status:
        queryset = queryset.filter(status=params.status)
    rows, next_cursor = page_keys(queryset.order_by("id"), ("id",), params)
    items = invitations_out(load_invitations([pk for (pk,) in rows]), firm.pk)
    return {"items": items, "next_cursor": next_cursor}


@router.post(
    "/firms/{firm_id}/invitations", response={201: InvitationOut}, summary="Invite a supplier"
)
def create_invitation(request: HttpRequest, firm_id: int, payload: InvitationIn):
    """Invite a supplier by P.IVA or e-mail: a firm already on Filiera is linked, a new one gets
    an e-mail to join the firm's district. It answers in its own time (accept or refuse)."""
    firm = chain_firm(request.user, firm_id, access.can_manage_chain)
    data = payload.model_dump()
    data["requested_level"] = LEVELS[data["requested_level"]]
    try:
        invitation = invitation_services.invite(request.user, firm, **data)
    except UserError as err:
        raise user_error(err, INVITATION_FIELDS) from None
    return 201, invitations_out(load_invitations([invitation.pk]), firm.pk)[0]


def get_invitation(user, invitation_id: int, side: str) -> SupplyInvitation:
    """The invitation, 404 to whoever sees neither side's chain; 403 unless the user manages
    the ``side`` (``"client"`` cancels, ``"supplier"`` answers); 409 once answered."""
    found = load_invitations([invitation_id]) if 0 < invitation_id <= MAX_ID else []
    invitation = found[0] if found else None
    supplier = invitation.supplier if invitation else None
    if invitation is None or not (
        access.can_view_chain(user, invitation.client)
        or (supplier is not None and access.can_view_sharing(user, supplier))
    ):
        raise Http404("No such invitation")
    allowed = (
        access.can_manage_chain(user, invitation.client)
        if side == "client"
        else supplier is not None and access.can_manage_sharing(user, supplier)
    )
    if not allowed:
        raise forbidden()
    if not invitation.is_pending:
        status = invitation.get_status_display()
        raise HttpError(409, gettext(NOT_PENDING) % {"status": status})
    return invitation


@router.post(
    "/invitations/{invitation_id}/accept",
    response=RelationOut,
    summary="Accept an invitation",
)
def accept_invitation(request: HttpRequest, invitation_id: int, payload: InvitationAccept):
    """The invited firm becomes the client's supplier. At first the client sees the grade only;
    what it asked for more waits for the firm's decision (see the consents)."""
    invitation = get_invitation(request.user, invitation_id, "supplier")
    assert invitation.supplier_id is not None  # get_invitation answered 403 otherwise
    site = None
    if payload.site:
        site = Site.objects.filter(firm_id=invitation.supplier_id, facility_id=payload.site).first()
        if site is None:
            message = gettext(NOT_A_SITE) % {"site": payload.site}
            raise ValidationError(
                [{"type": "value_error", "loc": ["body", "site"], "msg": message}]
            )
    try:
        relation = invitation_services.accept(request.user, invitation, site=site)
    except UserError as err:
        raise user_error(err, ("site",)) from None
    return relation_out(load_relations([relation.pk])[0], disclosed=True, sites_shared=True)


@router.post(
    "/invitations/{invitation_id}/refuse", response=InvitationOut, summary="Refuse an invitation"
)
def refuse_invitation(request: HttpRequest, invitation_id: int, payload: InvitationRefuse):
    invitation = get_invitation(request.user, invitation_id, "supplier")
    assert invitation.supplier_id is not None  # get_invitation answered 403 otherwise
    try:
        invitation_services.refuse(request.user, invitation, payload.reason)
    except UserError as err:
        raise user_error(err, ("reason",)) from None
    out = invitations_out(load_invitations([invitation.pk]), invitation.supplier_id)
    return out[0]


@router.post(
    "/invitations/{invitation_id}/cancel", response=InvitationOut, summary="Cancel an invitation"
)
def cancel_invitation(request: HttpRequest, invitation_id: int):
    invitation = get_invitation(request.user, invitation_id, "client")
    try:
        invitation_services.cancel(request.user, invitation)
    except UserError as err:
        raise user_error(err) from None
    return invitations_out(load_invitations([invitation.pk]), invitation.client_id)[0]


# Consents ----------------------------------------------------------------------------------


def load_consents(ids: list[int]) -> list[Consent]:
    return list(
        Consent.objects.filter(id__in=ids).select_related("supplier", "client").order_by("id")
    )


@router.get("/firms/{firm_id}/consents", response=ConsentPage, summary="List a firm's consents")
def list_consents(request: HttpRequest, firm_id: int, params: Query[PageParams]):
    """What the firm, as supplier, shares with each client, with the clients' requests for
    more; oldest first."""
    firm = chain_firm(request.user, firm_id, access.can_view_sharing)
    rows, next_cursor = page_keys(
        Consent.objects.filter(supplier=firm).order_by("id"), ("id",), params
    )
    items = [consent_out(c) for c in load_consents([pk for (pk,) in rows])]
    return {"items": items, "next_cursor": next_cursor}


def client_of(supplier: Firm, client_id: int) -> Firm:
    """A client of the supplier (directly or further up its chains, or one it already has a
    consent for); any other firm id answers 404."""
    client = Firm.objects.filter(pk=client_id).first() if 0 < client_id <= MAX_ID else None
    if client is None or client.pk == supplier.pk:
        raise Http404("No such client")
    known = Consent.objects.filter(supplier=supplier, client=client).exists()
    if not known and not in_chain(client.pk, supplier.pk):
        raise Http404("No such client")
    return client


@router.put(
    "/firms/{firm_id}/consents/{client_id}",
    response=ConsentOut,
    summary="Decide what a client sees",
)
def set_consent(request: HttpRequest, firm_id: int, client_id: int, payload: ConsentIn):
    """Set what the client sees of the firm: a `level` of the qualification, the profile and
    the sites. It applies at once; an open request it satisfies is closed."""
    firm = chain_firm(request.user, firm_id, access.can_manage_sharing)
    client = client_of(firm, client_id)
    try:
        consent = sharing.set_consent(
            request.user,
            firm,
            client,
            level=LEVELS[payload.level],
            profile=payload.profile,
            sites=payload.sites,
        )
    except UserError as err:
        raise user_error(err, ("level", "profile", "sites")) from None
    return consent_out(load_consents([consent.pk])[0])


@router.delete("/firms/{firm_id}/consents/{client_id}", response=ConsentOut, summary="Stop sharing")
def revoke_consent(request: HttpRequest, firm_id: int, client_id: int):
    """The client sees nothing more of the firm, from its next request on."""
    firm = chain_firm(request.user, firm_id, access.can_manage_sharing)
    client = client_of(firm, client_id)
    try:
        consent = sharing.revoke(request.user, firm, client)
    except UserError as err:
        raise user_error(err) from None
    return consent_out(load_consents([consent.pk])[0])


@router.post(
    "/firms/{firm_id}/suppliers/{supplier_id}/requests",
    response={201: SharingRequestOut},
    summary="Ask a supplier to share more",
)
def request_sharing(
    request: HttpRequest, firm_id: int, supplier_id: int, payload: SharingRequestIn
):
    """Ask a supplier of the firm's chain to share more. Nothing changes until the supplier
    agrees; beyond area scores (the VSME datapoints) it may always decline."""
    firm = chain_firm(request.user, firm_id, access.can_manage_chain)
    supplier = Firm.objects.filter(pk=supplier_id).first() if 0 < supplier_id <= MAX_ID else None
    if supplier is None or supplier.pk == firm.pk or not in_chain(firm.pk, supplier.pk):
        raise Http404("No such supplier")
    try:
        consent = sharing.request_sharing(
            request.user,
            firm,
            supplier,
            level=LEVELS[payload.level],
            profile=payload.profile,
            sites=payload.sites,
            message=payload.message,
        )
    except UserError as err:
        raise user_error(err, ("level", "profile", "sites", "message")) from None
    return 201, request_out(load_consents([consent.pk])[0])


@router.post("/consents/{consent_id}/decline", response=ConsentOut, summary="Decline a request")
def decline_request(request: HttpRequest, consent_id: int):
    """The supplier says no to the client's open request; what it shares stays as it is."""
    found = load_consents([consent_id]) if 0 < consent_id <= MAX_ID else []
    consent = found[0] if found else None
    user = request.user
    if consent is None or not (
        access.can_view_sharing(user, consent.supplier)
        or (consent.shares_anything and access.can_view_chain(user, consent.client))
    ):
        raise Http404("No such consent")
    if not access.can_manage_sharing(user, consent.supplier):
        raise forbidden()
    if not consent.request_open:
        raise HttpError(409, gettext(N_("There is no open request to decline.")))
    try:
        consent = sharing.decline_request(user, consent)
    except UserError as err:
        raise user_error(err) from None
    return consent_out(load_consents([consent.pk])[0])
