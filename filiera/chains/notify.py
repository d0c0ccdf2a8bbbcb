"""E-mails of the supply-chain workflow: invitations, answers, requests to share more, alerts.

Services call these once their transaction is over (or on commit), so a failed delivery never
undoes a decision. Texts are in the platform's default language (Italian). Links are absolute
when ``settings.SITE_URL`` is set, else paths on the site.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from filiera.chains.models import ChainAlert, Consent, SupplyInvitation
from filiera.core.usererror import N_
from filiera.qualification.notify import firm_recipients

logger = logging.getLogger(__name__)

# Paths of the pages, used when their URL names are not there (the URL plan of the app).
_PLANNED = {
    "supply_join": "/join/{0}/",
    "supplier_invitation": "/firms/{0}/invitations/{1}/",
    "supplier_sharing": "/firms/{0}/clients/{1}/",
    "chain_dashboard": "/firms/{0}/chain/",
    "chain_alerts": "/firms/{0}/chain/alerts/",
}


def link(name: str, *args) -> str:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        path = _PLANNED[name].format(*args)
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _send(template: str, subject: str, params: dict, context: dict, recipients: list[str]) -> int:
    """Render in the default language and send; a delivery failure is logged, not raised."""
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"chains/email_{template}.txt", context)
        subject = _(subject) % params
    try:
        return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(recipients)))
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s e-mail", template)
        return 0


def invitation_sent(invitation: SupplyInvitation) -> int:
    """A known firm's people get a link to answer; an unknown firm gets the link to join."""
    client = invitation.client
    context = {"invitation": invitation, "client": client, "levels": _asks(invitation)}
    params = {"client": client.legal_name}
    if invitation.supplier is not None:
        recipients = firm_recipients(invitation.supplier) or (
            [invitation.email] if invitation.email else []
        )
        context["link"] = link("supplier_invitation", invitation.supplier_id, invitation.pk)
        context["supplier"] = invitation.supplier
        return _send(
            "invitation",
            N_("Filiera: %(client)s invites you to join its supply chain"),
            params,
            context,
            recipients,
        )
    context["link"] = link("supply_join", invitation.token)
    return _send(
        "invitation_join",
        N_("Filiera: %(client)s invites you to join its supply chain"),
        params,
        context,
        [invitation.email],
    )


def _asks(invitation: SupplyInvitation | Consent) -> list[str]:
    """What the client asks to see, as words (default language)."""
    from filiera.chains.models import Level

    with translation.override(settings.LANGUAGE_CODE):
        words = []
        if invitation.requested_level:
            words.append(str(Level(invitation.requested_level).label))
        if invitation.requested_profile:
            words.append(_("profile"))
        if invitation.requested_sites:
            words.append(_("sites"))
        return words


def invitation_answered(invitation: SupplyInvitation) -> int:
    """The client's people hear that a supplier accepted or refused."""
    client = invitation.client
    supplier_name = invitation.supplier.legal_name if invitation.supplier else invitation.name
    accepted = invitation.status == SupplyInvitation.Status.ACCEPTED
    return _send(
        "invitation_answered",
        N_("Filiera: %(supplier)s accepted your invitation")
        if accepted
        else N_("Filiera: %(supplier)s refused your invitation"),
        {"supplier": supplier_name or invitation.email},
        {
            "invitation": invitation,
            "client": client,
            "supplier_name": supplier_name or invitation.email,
            "accepted": accepted,
            "link": link("chain_dashboard", client.pk),
        },
        firm_recipients(client),
    )


def sharing_requested(consent: Consent) -> int:
    """The supplier's people hear that a client asks to see more."""
    return _send(
        "sharing_request",
        N_("Filiera: %(client)s asks you to share more"),
        {"client": consent.client.legal_name},
        {
            "consent": consent,
            "client": consent.client,
            "supplier": consent.supplier,
            "levels": _asks(consent),
            "beyond_vsme": consent.request_beyond_vsme,
            "link": link("supplier_sharing", consent.supplier_id, consent.client_id),
        },
        firm_recipients(consent.supplier),
    )


def alerts_raised(client, alerts: Sequence[ChainAlert]) -> int:
    """One e-mail to a client's people listing its new alerts."""
    if not alerts:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        lines = [alert_text(a) for a in alerts]
    return _send(
        "alerts",
        N_("Filiera: news about your supply chain (%(count)s)"),
        {"count": len(alerts)},
        {"client": client, "lines": lines, "link": link("chain_alerts", client.pk)},
        firm_recipients(client),
    )


def alert_text(alert: ChainAlert) -> str:
    """One line describing an alert, in the active language."""
    d = alert.detail or {}
    who = d.get("supplier") or _("an undisclosed supplier")
    if alert.kind == ChainAlert.Kind.GRADE_DROP:
        return _("%(supplier)s: grade dropped from %(old)s to %(new)s") % {
            "supplier": who,
            "old": d.get("old", "?"),
            "new": d.get("new", "?"),
        }
    if alert.kind == ChainAlert.Kind.EVIDENCE_EXPIRING:
        return _("%(supplier)s: %(document)s valid until %(date)s") % {
            "supplier": who,
            "document": d.get("document", ""),
            "date": d.get("valid_until", ""),
        }
    return _("%(supplier)s (tier %(tier)s): no assessment yet") % {
        "supplier": who,
        "tier": d.get("tier", "?"),
    }
