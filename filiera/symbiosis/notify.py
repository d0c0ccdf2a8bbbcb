"""E-mails of an exchange's steps, to the owners and editors of the firm on the other side.

Before both sides accept, an e-mail never names the firm that acted: it says what the flow is,
the province and the distance. Services send these on commit, so a failed delivery never undoes
a step. Texts are in the platform's default language; links are absolute with ``SITE_URL``.
"""

from __future__ import annotations

from filiera.core import mail
from filiera.core.usererror import N_
from filiera.qualification.notify import firm_recipients
from filiera.registry.models import Firm, FirmMembership
from filiera.symbiosis.models import Flow, Match


def flows_of(match: Match, side: str) -> tuple[Flow, Flow]:
    """(the flow of ``side``, the other side's flow)."""
    return (match.offer, match.need) if side == "offer" else (match.need, match.offer)


def other(side: str) -> str:
    return "need" if side == "offer" else "offer"


def province(flow: Flow) -> str:
    municipality = flow.site.municipality
    return municipality.province if municipality is not None else flow.site.country


def people(firm: Firm) -> list[dict[str, str]]:
    """The firm's owners and editors with an e-mail address: whom to contact."""
    rows = (
        FirmMembership.objects.filter(
            firm=firm, role__in=(FirmMembership.Role.OWNER, FirmMembership.Role.EDITOR)
        )
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("role", "user__last_name", "user__id")
    )
    return [
        {
            "name": m.user.get_full_name() or m.user.get_username(),
            "email": m.user.email,
            "role": m.role,
        }
        for m in rows
    ]


def _send(template: str, subject: str, params: dict, context: dict, firm: Firm) -> int:
    return mail.send(
        f"symbiosis/email_{template}.txt", subject, params, context, firm_recipients(firm)
    )


def interest(match: Match, side: str) -> int:
    """``side`` expressed interest: the other side learns it, without the name."""
    mine, theirs = flows_of(match, other(side))
    context = {
        "flow": mine,
        "their": theirs,
        "province": province(theirs),
        "distance": round(match.distance_km),
        "link": mail.absolute("match_detail", mine.firm_id, match.pk),
    }
    return _send(
        "interest",
        N_("Filiera: a firm is interested in “%(what)s”"),
        {"what": mine.description[:60]},
        context,
        mine.firm,
    )


def contact_shared(match: Match) -> int:
    """Both accepted: each side gets the other's name and contacts."""
    sent = 0
    for side in ("offer", "need"):
        mine, theirs = flows_of(match, side)
        context = {
            "flow": mine,
            "counterpart": theirs.firm,
            "site": theirs.site.name,
            "people": people(theirs.firm),
            "link": mail.absolute("match_detail", mine.firm_id, match.pk),
        }
        sent += _send(
            "contact",
            N_("Filiera: contacts shared with %(firm)s"),
            {"firm": theirs.firm.legal_name},
            context,
            mine.firm,
        )
    return sent


def declined(match: Match, side: str, names: bool) -> int:
    """``side`` declined: the other side learns it with the reason (named only when the
    contacts had been shared)."""
    mine, theirs = flows_of(match, other(side))
    context = {
        "flow": mine,
        "match": match,
        "counterpart": theirs.firm if names else None,
        "link": mail.absolute("match_list", mine.firm_id),
    }
    return _send(
        "declined",
        N_("Filiera: a suggestion about “%(what)s” was declined"),
        {"what": mine.description[:60]},
        context,
        mine.firm,
    )


def agreed(match: Match, side: str) -> int:
    mine, theirs = flows_of(match, other(side))
    context = {
        "flow": mine,
        "match": match,
        "counterpart": theirs.firm,
        "quantity": match.agreed_quantity.normalize() if match.agreed_quantity is not None else "",
        "period": Flow.Period(match.agreed_period).label if match.agreed_period else "",
        "link": mail.absolute("match_detail", mine.firm_id, match.pk),
    }
    return _send(
        "agreed",
        N_("Filiera: %(firm)s recorded an agreement"),
        {"firm": theirs.firm.legal_name},
        context,
        mine.firm,
    )
