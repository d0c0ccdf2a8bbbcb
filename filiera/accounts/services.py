"""Invitations: send one, and turn one into an account with its role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from filiera.accounts.models import Invitation
from filiera.core import audit
from filiera.registry.models import District, DistrictMembership, Firm, FirmMembership

User = get_user_model()


def invite(
    actor,
    email: str,
    *,
    firm: Firm | None = None,
    firm_role: str = "",
    district: District | None = None,
    district_role: str = "",
    base_url: str = "",
) -> Invitation:
    """Create an invitation and e-mail its link. The caller has checked permission."""
    email = email.strip().lower()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            firm=firm,
            firm_role=firm_role,
            district=district,
            district_role=district_role,
            invited_by=actor,
        )
        audit.record(
            actor,
            "invite",
            invitation,
            changes=audit.facts(email=email, role=firm_role or district_role),
            firm_id=firm.pk if firm else None,
            district_id=district.pk if district else None,
        )
    link = base_url + reverse("accept_invitation", args=[invitation.token])
    target = firm.legal_name if firm else district.name if district else ""
    send_mail(
        _("Invitation to Filiera: %(target)s") % {"target": target},
        render_to_string(
            "accounts/invitation_email.txt",
            {"invitation": invitation, "link": link, "target": target, "actor": actor},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return invitation


def grant(invitation: Invitation, user) -> None:
    """Give ``user`` the role the invitation carries."""
    if invitation.firm_id:
        FirmMembership.objects.update_or_create(
            user=user, firm_id=invitation.firm_id, defaults={"role": invitation.firm_role}
        )
    if invitation.district_id:
        DistrictMembership.objects.get_or_create(
            user=user, district_id=invitation.district_id, role=invitation.district_role
        )


@transaction.atomic
def accept(invitation: Invitation, user) -> None:
    grant(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit.record(
        user,
        "accept_invitation",
        invitation,
        firm_id=invitation.firm_id,
        district_id=invitation.district_id,
    )


@transaction.atomic
def sign_up(invitation: Invitation, *, first_name: str, last_name: str, password: str):
    """Create the account for a new person from an invitation and give them the role."""
    user = User.objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    accept(invitation, user)
    return user


def current_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE
