"""Authority tokens: a district gives one to an authority (market surveillance, customs…) so it
can read every tier of the platform's passports. Only the token's SHA-256 is stored; the token
itself is shown once, when it is created. Who may call these is checked by the views."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.passports.models import AuthorityToken
from filiera.passports.tiers import token_hash
from filiera.registry.models import District

NAME_MAX = 160
# How far ahead a token may be valid.
LONGEST = timedelta(days=3 * 366)


class AuthorityTokenError(UserError):
    """Bad input to the token services; ``field`` names the form field."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def _check(name: str, expires_on: date | None) -> tuple[str, date]:
    name = (name or "").strip()
    if not name:
        raise AuthorityTokenError("name", N_("Authority: say who the token is for."))
    if len(name) > NAME_MAX:
        raise AuthorityTokenError(
            "name", N_("Authority: use at most %(max)s characters."), max=NAME_MAX
        )
    today = timezone.localdate()
    if expires_on is None:
        raise AuthorityTokenError("expires_on", N_("Valid until: give a date."))
    if expires_on < today:
        raise AuthorityTokenError("expires_on", N_("Valid until: the date is in the past."))
    if expires_on > today + LONGEST:
        raise AuthorityTokenError(
            "expires_on", N_("Valid until: a token may be valid for three years at most.")
        )
    return name, expires_on


@transaction.atomic
def create_token(
    actor, district: District, *, name: str, expires_on: date | None
) -> tuple[AuthorityToken, str]:
    """A new token for ``district``: the saved row and the token itself (shown once)."""
    name, until = _check(name, expires_on)
    raw = secrets.token_urlsafe(32)
    token = AuthorityToken.objects.create(
        district=district,
        name=name,
        token_hash=token_hash(raw),
        prefix=raw[:8],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_on=until,
    )
    audit.record(
        actor,
        "create",
        token,
        changes=audit.facts(name=name, expires_on=until, prefix=token.prefix),
        district_id=district.pk,
    )
    return token, raw


@transaction.atomic
def revoke_token(actor, token: AuthorityToken) -> AuthorityToken:
    """Stop the token from opening anything from now on (a second call changes nothing)."""
    token = AuthorityToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor,
        "revoke",
        token,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        district_id=token.district_id,
    )
    return token
