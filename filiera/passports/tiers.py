"""Which tier of a passport a request may read.

- ``authority``: the request carries a valid authority token, as ``Authorization: Bearer <token>``
  or entered on the authority page (its hash is kept in the session). A token is valid until the
  end of its "valid until" day unless revoked. A token issued by any district opens every
  passport on the platform: authorities (market surveillance, customs) act on every product
  placed on the market, whichever district's firms made it.
- ``value_chain``: the brand's own people (and the platform admin), and the people of the firms
  the brand lets see its value chain (``PassportViewer``).
- ``public``: everyone else.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from filiera.passports.models import AuthorityToken, PassportViewer
from filiera.products.models import Product
from filiera.registry.access import is_member, roles
from filiera.registry.models import Firm

PUBLIC = "public"
VALUE_CHAIN = "value_chain"
AUTHORITY = "authority"
ORDER = {PUBLIC: 0, VALUE_CHAIN: 1, AUTHORITY: 2}

SESSION_KEY = "passports_authority_token"
# last_used_at is written at most this often per token.
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def valid_token_by_hash(digest: str) -> AuthorityToken | None:
    """The token with this hash when it is neither revoked nor expired (and note its use)."""
    if not digest:
        return None
    token = (
        AuthorityToken.objects.select_related("district")
        .filter(token_hash=digest, revoked_at__isnull=True, expires_on__gte=timezone.localdate())
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            AuthorityToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token


def valid_token(token: str) -> AuthorityToken | None:
    token = (token or "").strip()
    return valid_token_by_hash(token_hash(token)) if token else None


def bearer(request: HttpRequest) -> str:
    """The token of an ``Authorization: Bearer <token>`` header, or ""."""
    scheme, _sep, value = request.headers.get("Authorization", "").strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def authority_token(request: HttpRequest) -> AuthorityToken | None:
    """The valid authority token the request carries (header first, then the session);
    looked up once per request."""
    if hasattr(request, "_passport_authority"):
        return request._passport_authority
    found = None
    header = bearer(request)
    if header:
        found = valid_token(header)
    elif hasattr(request, "session"):
        digest = request.session.get(SESSION_KEY, "")
        if digest:
            found = valid_token_by_hash(digest)
    request._passport_authority = found  # type: ignore[attr-defined]
    return found


def remember(request: HttpRequest, token: AuthorityToken | None, raw: str) -> None:
    """Keep the token (its hash only) in the session; ``None`` forgets it."""
    if token is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = token_hash(raw)
    if hasattr(request, "_passport_authority"):
        del request._passport_authority


def may_see_value_chain(user, brand: Firm) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_member(user, brand):
        return True
    firm_ids = list(roles(user).firm_roles)
    return bool(firm_ids) and (
        PassportViewer.objects.filter(brand=brand, firm_id__in=firm_ids).exists()
    )


def tier_for(request: HttpRequest, product: Product) -> str:
    """The tier of ``product``'s passports the request may read."""
    if authority_token(request) is not None:
        return AUTHORITY
    if may_see_value_chain(getattr(request, "user", None), product.brand):
        return VALUE_CHAIN
    return PUBLIC


def allows(tier: str, needed: str) -> bool:
    """Whether a request of ``tier`` may read what needs ``needed``."""
    return ORDER.get(tier, 0) >= ORDER.get(needed, 0)
