"""E-mails of the supply-chain workflow: invitations, answers, requests to share more, alerts.

Services call these once their transaction is over (or on commit), so a failed delivery never
undoes a decision. Texts are in the platform's default language (Italian); links are absolute,
on ``settings.SITE_URL`` (``filiera.core.mail``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from filiera.chains.models import ChainAlert, Consent, SupplyInvitation
from filiera.core import mail
from filiera.core.usererror import N_
from filiera.qualification.notify import firm_recipients


def _send(template: str, subject: str, params: dict, context: dict, recipients: list[str]) -> int:
    return mail.send(f"chains/email_{template}.txt", subject, params, context, recipients)


def invitation_sent(invitation: SupplyInvitation) -> int:
    """A known firm's people get a link to answer; an unknown firm gets the link to join."""
    client = invitation.client
    context = {"invitation": invitation, "client": client, "levels": _asks(invitation)}
    params = {"client": client.legal_name}
    if invitation.supplier is not None:
        recipients = firm_recipients(invitation.supplier) or (
            [invitation.email] if invitation.email else []
        )
        context["link"] = mail.absolute(
            "supplier_invitation", invitation.supplier_id, invitation.pk
        )
        context["supplier"] = invitation.supplier
        return _send(
            "invitation",
            N_("Filiera: %(client)s invites you to join its supply chain"),
            params,
            context,
            recipients,
        )
    context["link"] = mail.absolute("supply_join", invitation.token)
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
            "link": mail.absolute("chain_dashboard", client.pk),
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
            "link": mail.absolute("supplier_sharing", consent.supplier_id, consent.client_id),
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
        {"client": client, "lines": lines, "link": mail.absolute("chain_alerts", client.pk)},
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
