"""What a supplier lets each client see: consents, revocation, and the client's requests for more.

The supplier decides. A client may ask a supplier of its chain for more; the supplier grants it
(``set_consent``) or declines (``decline_request``) — asking for more than the VSME datapoints
(``VSME_CAP``) may always be declined. Every change is audited with its before/after values in
the supplier's history (the client's history never names a supplier that shares nothing).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from filiera.chains import notify
from filiera.chains.models import Consent, Level
from filiera.chains.services.relations import ChainError, in_chain, record
from filiera.core import audit
from filiera.core.usererror import N_
from filiera.registry.models import Firm

__all__ = ["ChainError", "decline_request", "request_sharing", "revoke", "set_consent"]

CONSENT_FIELDS = [
    "level",
    "profile",
    "sites",
    "requested_level",
    "requested_profile",
    "requested_sites",
    "request_message",
    "requested_at",
    "request_declined_at",
    "revoked_at",
]


def check_level(level: Any, field: str = "level") -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = -1
    if value not in Level.values:
        raise ChainError(field, N_("Level: choose what to share from the list."))
    return value


def _locked(supplier: Firm, client: Firm) -> tuple[Consent | None, dict]:
    consent = Consent.objects.select_for_update().filter(supplier=supplier, client=client).first()
    return consent, (audit.snapshot(consent, CONSENT_FIELDS) if consent else {})


def satisfied(consent: Consent) -> bool:
    """Whether the consent already gives everything its open request asks for."""
    return (
        consent.level >= (consent.requested_level or Level.NONE)
        and (consent.profile or not consent.requested_profile)
        and (consent.sites or not consent.requested_sites)
    )


def _clear_request(consent: Consent) -> None:
    consent.requested_level = None
    consent.requested_profile = consent.requested_sites = False
    consent.request_message = ""
    consent.requested_at = consent.request_declined_at = None


def _save(actor, consent: Consent, before: dict, action: str) -> Consent:
    consent.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.save()
    changes = audit.diff(before, audit.snapshot(consent, CONSENT_FIELDS))
    if changes:
        record(actor, action, consent, changes, [consent.supplier_id])
    return consent


@transaction.atomic
def set_consent(
    actor, supplier: Firm, client: Firm, *, level, profile: bool, sites: bool
) -> Consent:
    """The supplier decides what ``client`` sees. An open request it now satisfies is closed."""
    level = check_level(level)
    if supplier.pk == client.pk:
        raise ChainError("client", N_("Client: a firm does not share with itself."))
    consent, before = _locked(supplier, client)
    if consent is None:
        if not in_chain(client.pk, supplier.pk):
            raise ChainError(
                "client", N_("Client: this firm is not among your clients, directly or not.")
            )
        consent = Consent(supplier=supplier, client=client)
    consent.level, consent.profile, consent.sites = level, bool(profile), bool(sites)
    if consent.request_open and satisfied(consent):
        _clear_request(consent)
    if consent.shares_anything:
        consent.revoked_at = None
    elif consent.revoked_at is None:
        consent.revoked_at = timezone.now()
    return _save(actor, consent, before, "change_sharing")


@transaction.atomic
def revoke(actor, supplier: Firm, client: Firm) -> Consent:
    """Stop sharing anything with ``client``, at once."""
    consent, before = _locked(supplier, client)
    if consent is None:
        if supplier.pk == client.pk:
            raise ChainError("client", N_("Client: a firm does not share with itself."))
        consent = Consent(supplier=supplier, client=client)
    consent.level, consent.profile, consent.sites = Level.NONE, False, False
    consent.revoked_at = timezone.now()
    return _save(actor, consent, before, "revoke_sharing")


def request_sharing(
    actor,
    client: Firm,
    supplier: Firm,
    *,
    level,
    profile: bool = False,
    sites: bool = False,
    message: str = "",
) -> Consent:
    """The client asks a supplier of its chain to share more. Nothing is shared until the
    supplier agrees: a supplier that had no consent gets one sharing nothing, with the request.
    The supplier's people get an e-mail."""
    level = check_level(level)
    if supplier.pk == client.pk or not in_chain(client.pk, supplier.pk):
        raise ChainError("supplier", N_("Supplier: this firm is not in your supply chain."))
    with transaction.atomic():
        consent, before = _locked(supplier, client)
        if consent is None:
            consent = Consent(supplier=supplier, client=client, level=Level.NONE)
        wants_level = level > consent.level
        wants_profile = bool(profile) and not consent.profile
        wants_sites = bool(sites) and not consent.sites
        if not (wants_level or wants_profile or wants_sites):
            raise ChainError("level", N_("Level: this supplier already shares that with you."))
        consent.requested_level = level if wants_level else None
        consent.requested_profile, consent.requested_sites = wants_profile, wants_sites
        consent.request_message = (message or "").strip()
        consent.requested_at = timezone.now()
        consent.request_declined_at = None
        _save(actor, consent, before, "request_sharing")
    notify.sharing_requested(consent)
    return consent


@transaction.atomic
def decline_request(actor, consent: Consent) -> Consent:
    """The supplier says no to the open request; the client sees it declined."""
    current, before = _locked(consent.supplier, consent.client)
    if current is None or not current.request_open:
        raise ChainError(None, N_("There is no open request to decline."))
    current.request_declined_at = timezone.now()
    return _save(actor, current, before, "decline_sharing_request")
