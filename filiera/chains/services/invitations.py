"""Inviting suppliers: a client invites a firm by P.IVA or e-mail; the firm accepts or refuses.

A firm already on Filiera (found by its VAT number, or by the e-mail of one of its owners or
editors, or by its own e-mail) gets a link to answer. Any other firm gets a link to join: it
registers (or picks a firm its person already runs), then answers like a known firm. Accepting
creates the relation and, when the supplier had none, a consent sharing the grade only; what the
client asked beyond that stays an open request for the supplier to decide.

Errors are ``ChainError`` naming the field. E-mails leave after the transaction is over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from filiera.chains import notify
from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.chains.services.relations import (
    ChainError,
    check_processes,
    check_site,
    check_tier,
    record,
)
from filiera.chains.services.sharing import CONSENT_FIELDS, check_level
from filiera.core import audit
from filiera.core.usererror import N_
from filiera.registry import services as registry
from filiera.registry.access import EDITING_ROLES, forget_roles
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.models import Firm, FirmMembership, Municipality, Process, Site

__all__ = ["ChainError", "Target", "accept", "cancel", "invite", "join", "prepare", "refuse"]

# The role a newly joined firm starts with, from the tier the client gave it.
ROLE_BY_TIER = {
    1: Firm.Role.MANUFACTURER,
    2: Firm.Role.MATERIAL_SUPPLIER,
    3: Firm.Role.SUBCONTRACTOR,
    4: Firm.Role.MATERIAL_SUPPLIER,
}


@dataclass
class Target:
    """A checked invitation, not saved yet (bulk invitations check every row first)."""

    supplier: Firm | None
    vat: str
    email: str
    name: str
    tier: int
    processes: list[Process]
    message: str
    requested_level: int
    requested_profile: bool
    requested_sites: bool

    @property
    def key_field(self) -> str:
        """The field that names the supplier: the VAT number when given, else the e-mail."""
        return "vat" if self.vat else "email"


def clean_vat(raw: str) -> str:
    """The canonical VAT number, or ``""`` when none was typed."""
    if not (raw or "").strip():
        return ""
    try:
        return normalise_vat(raw)[0]
    except IdentifierError as err:
        raise ChainError("vat", N_("VAT number: %(reason)s"), reason=err.translated()) from err


def clean_email(raw: str) -> str:
    value = (raw or "").strip().lower()
    if value:
        try:
            validate_email(value)
        except ValidationError as err:
            raise ChainError("email", N_("E-mail: this is not a valid e-mail address.")) from err
    return value


def find_by_email(email: str) -> Firm | None:
    """The one firm whose owner or editor, or whose own address, is ``email``."""
    ids = set(
        FirmMembership.objects.filter(
            role__in=EDITING_ROLES, user__email__iexact=email, user__is_active=True
        ).values_list("firm_id", flat=True)
    )
    if not ids:
        ids = set(Firm.objects.filter(email__iexact=email).values_list("pk", flat=True))
    if len(ids) > 1:
        raise ChainError(
            "email",
            N_("E-mail: several firms use this address, give the supplier's VAT number too."),
        )
    return Firm.objects.get(pk=ids.pop()) if ids else None


def prepare(
    client: Firm,
    *,
    vat: str = "",
    email: str = "",
    name: str = "",
    tier: Any,
    processes: Iterable[Any] = (),
    message: str = "",
    requested_level: Any = Level.GRADE,
    requested_profile: bool = False,
    requested_sites: bool = False,
) -> Target:
    """Check an invitation and find the supplier; raise ``ChainError`` on the first problem."""
    if not (vat or "").strip() and not (email or "").strip():
        raise ChainError(
            "vat", N_("VAT number or e-mail: give at least one of them to find the supplier.")
        )
    vat, email = clean_vat(vat), clean_email(email)
    target = Target(
        supplier=None,
        vat=vat,
        email=email,
        name=(name or "").strip()[:200],
        tier=check_tier(tier),
        processes=check_processes(processes),
        message=(message or "").strip(),
        requested_level=check_level(requested_level, "requested_level"),
        requested_profile=bool(requested_profile),
        requested_sites=bool(requested_sites),
    )
    if target.requested_level == Level.NONE:
        target.requested_level = Level.GRADE
    if vat:
        target.supplier = Firm.objects.filter(vat=vat).first()
    else:
        target.supplier = find_by_email(email)
    if target.supplier is None and not email:
        raise ChainError(
            "email",
            N_("E-mail: this firm is not on the platform yet: give an e-mail to invite it."),
        )
    _check_not_duplicate(client, target)
    return target


def _check_not_duplicate(client: Firm, target: Target) -> None:
    supplier, field = target.supplier, target.key_field
    if supplier is not None and supplier.pk == client.pk:
        raise ChainError(field, N_("Your own firm cannot be its own supplier."))
    pending = SupplyInvitation.objects.filter(client=client, status=SupplyInvitation.Status.PENDING)
    if supplier is not None:
        same = Q(supplier=supplier)
        if target.vat:
            same |= Q(supplier__isnull=True, vat=target.vat)
        pending = pending.filter(same)
    elif target.vat:
        pending = pending.filter(vat=target.vat)
    else:
        pending = pending.filter(supplier__isnull=True, email__iexact=target.email)
    if pending.exists():
        raise ChainError(
            field, N_("This supplier already has an invitation from you waiting for an answer.")
        )
    if supplier is None:
        return
    active = SupplyRelation.objects.active().filter(client=client, supplier=supplier)
    wanted = {p.pk for p in target.processes}
    for relation in active.prefetch_related("processes"):
        if wanted <= {p.pk for p in relation.processes.all()}:
            raise ChainError(
                "processes" if wanted else field,
                N_("This firm already supplies you for these processes."),
            )


def create(actor, client: Firm, target: Target) -> SupplyInvitation:
    """Save a checked invitation with its audit events (the caller holds the transaction)."""
    invitation = SupplyInvitation.objects.create(
        client=client,
        supplier=target.supplier,
        vat=target.vat,
        email=target.email,
        name=target.name,
        tier=target.tier,
        message=target.message,
        requested_level=target.requested_level,
        requested_profile=target.requested_profile,
        requested_sites=target.requested_sites,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    invitation.processes.set(target.processes)
    changes = audit.facts(
        supplier=target.supplier,
        vat=target.vat,
        email=target.email,
        tier=target.tier,
        processes=[p.pk for p in target.processes],
        requested_level=target.requested_level,
        requested_profile=target.requested_profile,
        requested_sites=target.requested_sites,
    )
    record(actor, "invite_supplier", invitation, changes, [client.pk, invitation.supplier_id])
    return invitation


def invite(
    actor,
    client: Firm,
    *,
    vat: str = "",
    email: str = "",
    name: str = "",
    tier,
    processes: Iterable[Any] = (),
    message: str = "",
    requested_level=Level.GRADE,
    requested_profile: bool = False,
    requested_sites: bool = False,
) -> SupplyInvitation:
    with transaction.atomic():
        target = prepare(
            client,
            vat=vat,
            email=email,
            name=name,
            tier=tier,
            processes=processes,
            message=message,
            requested_level=requested_level,
            requested_profile=requested_profile,
            requested_sites=requested_sites,
        )
        invitation = create(actor, client, target)
    notify.invitation_sent(invitation)
    return invitation


def _require_pending(invitation: SupplyInvitation) -> SupplyInvitation:
    current = SupplyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != SupplyInvitation.Status.PENDING:
        raise ChainError(None, N_("This invitation was already answered or cancelled."))
    return current


def _answered(actor, invitation: SupplyInvitation, status: str) -> None:
    invitation.status = status
    invitation.responded_by = actor if getattr(actor, "is_authenticated", False) else None
    invitation.responded_at = timezone.now()


def accept(actor, invitation: SupplyInvitation, *, site: Site | None = None) -> SupplyRelation:
    with transaction.atomic():
        current = _require_pending(invitation)
        if current.supplier_id is None:
            raise ChainError(None, N_("Register your firm first, then accept the invitation."))
        check_site(site, current.supplier_id)
        relation = SupplyRelation.objects.create(
            client_id=current.client_id,
            supplier_id=current.supplier_id,
            site=site,
            tier=current.tier,
            since=timezone.localdate(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        relation.processes.set(list(current.processes.all()))
        _answered(actor, current, SupplyInvitation.Status.ACCEPTED)
        current.relation = relation
        current.save()
        firms = [current.client_id, current.supplier_id]
        record(
            actor,
            "create",
            relation,
            audit.facts(
                tier=relation.tier,
                site=site,
                since=relation.since,
                processes=[p.pk for p in relation.processes.all()],
            ),
            firms,
        )
        record(actor, "accept_supply_invitation", current, audit.facts(relation=relation.pk), firms)
        _open_consent(actor, current)
    invitation.refresh_from_db()
    notify.invitation_answered(invitation)
    return relation


def _open_consent(actor, invitation: SupplyInvitation) -> Consent:
    """The supplier's consent to the client: grade only when new, untouched when it exists;
    whatever the invitation asks beyond it becomes an open request."""
    assert invitation.supplier_id is not None  # accept() checked it
    consent = (
        Consent.objects.select_for_update()
        .filter(supplier_id=invitation.supplier_id, client_id=invitation.client_id)
        .first()
    )
    created = consent is None
    if consent is None:
        consent = Consent(
            supplier_id=invitation.supplier_id,
            client_id=invitation.client_id,
            level=Level.GRADE,
            updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
    before = {} if created else audit.snapshot(consent, CONSENT_FIELDS)
    wants_level = invitation.requested_level > consent.level
    wants_profile = invitation.requested_profile and not consent.profile
    wants_sites = invitation.requested_sites and not consent.sites
    if wants_level or wants_profile or wants_sites:
        consent.requested_level = invitation.requested_level if wants_level else None
        consent.requested_profile, consent.requested_sites = wants_profile, wants_sites
        consent.request_message = invitation.message
        consent.requested_at = timezone.now()
        consent.request_declined_at = None
    consent.save()
    changes = audit.diff(before, audit.snapshot(consent, CONSENT_FIELDS))
    if changes:
        record(
            actor,
            "create" if created else "request_sharing",
            consent,
            changes,
            [invitation.supplier_id],
        )
    return consent


def refuse(actor, invitation: SupplyInvitation, reason: str = "") -> SupplyInvitation:
    with transaction.atomic():
        current = _require_pending(invitation)
        _answered(actor, current, SupplyInvitation.Status.REFUSED)
        current.refusal_reason = (reason or "").strip()
        current.save()
        record(
            actor,
            "refuse_supply_invitation",
            current,
            audit.facts(reason=current.refusal_reason),
            [current.client_id, current.supplier_id],
        )
    invitation.refresh_from_db()
    notify.invitation_answered(invitation)
    return invitation


@transaction.atomic
def cancel(actor, invitation: SupplyInvitation) -> SupplyInvitation:
    """The client withdraws an invitation still waiting for an answer."""
    current = _require_pending(invitation)
    _answered(actor, current, SupplyInvitation.Status.CANCELLED)
    current.save()
    record(
        actor,
        "cancel_supply_invitation",
        current,
        {"status": [SupplyInvitation.Status.PENDING, current.status]},
        [current.client_id, current.supplier_id],
    )
    invitation.refresh_from_db()
    return invitation


def _municipality(value: Any) -> Municipality:
    if isinstance(value, Municipality):
        return value
    found = Municipality.objects.filter(pk=str(value or "").strip()).first()
    if found is None:
        raise ChainError("municipality", N_("Municipality: choose the municipality of your site."))
    return found


@transaction.atomic
def join(
    user,
    invitation: SupplyInvitation,
    *,
    firm: Firm | None = None,
    legal_name: str = "",
    vat: str = "",
    municipality: Any = None,
    site_name: str = "",
) -> Firm:
    """The invited person answers for a firm they already run, or registers a new one (in the
    client's district, with its first site); the invitation then waits for accept or refuse."""
    current = _require_pending(invitation)
    if firm is None:
        firm = _register(user, current, legal_name, vat, municipality, site_name)
    else:
        role = FirmMembership.objects.filter(user=user, firm=firm).values_list("role", flat=True)
        if not set(role) & set(EDITING_ROLES):
            raise ChainError("firm", N_("Firm: choose a firm you own or edit."))
        if firm.pk == current.client_id:
            raise ChainError("firm", N_("Firm: your own firm cannot be its own supplier."))
        if current.supplier_id is not None and current.supplier_id != firm.pk:
            raise ChainError("firm", N_("Firm: this invitation is for another firm."))
    before = current.supplier_id
    current.supplier = firm
    current.save(update_fields=["supplier"])
    record(
        user,
        "join_supply_invitation",
        current,
        {"supplier": [before, firm.pk]},
        [current.client_id, firm.pk],
    )
    invitation.refresh_from_db()
    return firm


def _register(
    user, invitation: SupplyInvitation, legal_name: str, vat: str, municipality, site_name: str
) -> Firm:
    legal_name = (legal_name or "").strip()
    if not legal_name:
        raise ChainError("legal_name", N_("Legal name: write your firm's name."))
    if not (vat or "").strip():
        raise ChainError("vat", N_("VAT number: write your firm's VAT number (P.IVA)."))
    canonical, country = _vat_and_country(vat)
    if Firm.objects.filter(vat=canonical).exists():
        raise ChainError(
            "vat",
            N_(
                "VAT number: this firm is already on Filiera; ask one of its owners to add you, "
                "then answer for it."
            ),
        )
    place = _municipality(municipality)
    district = invitation.client.districts.order_by("id").first()
    firm = registry.create_firm(
        user,
        districts=[district] if district else [],
        legal_name=legal_name[:200],
        vat=canonical,
        country=country,
        role=ROLE_BY_TIER.get(invitation.tier, Firm.Role.SUBCONTRACTOR),
        email=invitation.email,
    )
    registry.create_site(
        user,
        firm,
        name=((site_name or "").strip() or legal_name)[:160],
        municipality=place,
        processes=list(invitation.processes.all()),
    )
    registry.set_firm_member(user, firm, user, FirmMembership.Role.OWNER)
    forget_roles(user)
    return firm


def _vat_and_country(raw: str) -> tuple[str, str]:
    try:
        return normalise_vat(raw)
    except IdentifierError as err:
        raise ChainError("vat", N_("VAT number: %(reason)s"), reason=err.translated()) from err
