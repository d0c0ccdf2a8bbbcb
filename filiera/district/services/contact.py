"""Messages visitors send to a listed firm from its public page, and the firm reading them.

The firm's e-mail addresses are never shown: the message is stored, then e-mailed to the firm's
address and to its owners and editors, with the visitor's address as the reply-to. A visitor
may send at most ``RATE_LIMIT`` messages an hour from one address (Django's cache counts them).
District staff do not read these messages: the audit log records that one arrived, not who
wrote it.
"""

from __future__ import annotations

import ipaddress

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from filiera.core import audit, mail
from filiera.core.models import AuditEvent
from filiera.core.usererror import N_, UserError
from filiera.district.models import ContactRequest, ShowcaseEntry
from filiera.registry.access import EDITING_ROLES
from filiera.registry.models import Firm, FirmMembership

RATE_LIMIT = 5
RATE_WINDOW = 3600  # seconds
SUBJECT = N_("A visitor of the %(district)s showcase wrote to %(firm)s")


def client_address(request) -> str:
    """The visitor's IP address. Behind a proxy on this machine or the local network, the
    address the proxy appended last to X-Forwarded-For; otherwise the connection's."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    try:
        behind_proxy = ipaddress.ip_address(remote).is_private
    except ValueError:
        behind_proxy = False
    if forwarded and behind_proxy:
        return forwarded.split(",")[-1].strip() or remote
    return remote


def _rate_key(address: str) -> str:
    return f"showcase:contact:{address}"


def rate_limited(address: str) -> bool:
    return int(cache.get(_rate_key(address), 0)) >= RATE_LIMIT


def count_message(address: str) -> None:
    key = _rate_key(address)
    if not cache.add(key, 1, RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, RATE_WINDOW)


def recipients(firm: Firm) -> list[str]:
    """The firm's own e-mail and its owners' and editors' account e-mails."""
    people = FirmMembership.objects.filter(
        firm=firm, role__in=EDITING_ROLES, user__is_active=True
    ).exclude(user__email="")
    found = set(people.values_list("user__email", flat=True))
    if firm.email:
        found.add(firm.email)
    return sorted(found)


def send_request(
    entry: ShowcaseEntry,
    *,
    name: str,
    email: str,
    message: str,
    company: str = "",
    language: str = "it",
) -> ContactRequest:
    """Store the visitor's message for the firm, then e-mail it (a failed e-mail is logged; the
    message stays readable on the firm's page)."""
    if not entry.accepts_contacts:
        raise UserError(N_("This firm does not take messages from the showcase."))
    with transaction.atomic():
        request = ContactRequest.objects.create(
            firm_id=entry.firm_id,
            district_id=entry.district_id,
            name=name.strip(),
            company=company.strip(),
            email=email.strip(),
            message=message.strip(),
            language=language,
        )
        fields = audit.event_fields(
            None,
            "contact_request",
            request,
            firm_id=entry.firm_id,
            district_id=entry.district_id,
        )
        fields["object_repr"] = f"#{request.pk}"  # not the visitor's name
        AuditEvent.objects.create(**fields)
    firm = Firm.objects.get(pk=entry.firm_id)
    mail.send(
        "district/email/contact_request.txt",
        SUBJECT,
        {"district": entry.district.name, "firm": entry.name},
        {
            "request": request,
            "entry": entry,
            "district": entry.district,
            "url": mail.absolute("firm_contacts", firm.pk),
        },
        recipients(firm),
        reply_to=[request.email],
    )
    return request


@transaction.atomic
def mark_read(actor, firm: Firm, pk: int, *, read: bool = True) -> ContactRequest:
    request = ContactRequest.objects.select_for_update().filter(firm=firm, pk=pk).first()
    if request is None:
        raise UserError(N_("No such message."))
    was_read = request.read_at is not None
    if was_read != read:
        request.read_at = timezone.now() if read else None
        request.save(update_fields=["read_at"])
        fields = audit.event_fields(
            actor,
            "contact_read" if read else "contact_unread",
            request,
            audit.diff({"read": was_read}, {"read": read}),
            firm_id=firm.pk,
        )
        fields["object_repr"] = f"#{request.pk}"
        AuditEvent.objects.create(**fields)
    return request
