"""The public passport page: one function renders it for the resolver's HTML answer and for
``/passports/<uid>/`` (a given version).

The page is cached briefly (``public, max-age=60``; ``private`` for a logged-in visitor,
``private, no-store`` when it shows more than the public tier) with an ETag built from what
decides its content: the credential, its revocation, whether a newer version exists, the
language, the tier, the visitor, and the platform's latest recorded change (the product's
details and its suppliers' consent come from the records). A matching ``If-None-Match`` gets
304 without rendering.
"""

from __future__ import annotations

import hashlib

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from filiera.core.models import AuditEvent
from filiera.passports import selectors, tiers
from filiera.passports.models import Passport
from filiera.passports.views import authority
from filiera.passports.views.negotiation import (
    PRIVATE,
    SHORT,
    finish,
    matches,
    not_modified,
)
from filiera.passports.views.public_data import page, product_name, version_state

__all__ = ["passport_page", "passport_version", "product_name", "urlpatterns"]

VARY = ("Accept-Language", "Cookie", "Authorization")


def _cache_control(request: HttpRequest, tier: str) -> str:
    if tier != tiers.PUBLIC:
        return PRIVATE
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return "private, max-age=60"
    return SHORT


def _etag(request: HttpRequest, passport: Passport, tier: str, state: dict) -> str:
    credential = passport.credential
    latest_change = AuditEvent.objects.aggregate(last=Max("id"))["last"]
    user = getattr(request, "user", None)
    parts = (
        credential.etag,
        credential.revoked_at,
        credential.key.revoked_at,
        state["latest"].pk,
        get_language(),
        tier,
        user.pk if user is not None and user.is_authenticated else "",
        latest_change,
    )
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def passport_page(request: HttpRequest, passport: Passport) -> HttpResponse:
    """The page of one passport version, or 304 when the client's copy is still good."""
    tier = tiers.tier_for(request, passport.product)
    state = version_state(passport)
    etag = _etag(request, passport, tier, state)
    cache = _cache_control(request, tier)
    if matches(request, etag) and cache != PRIVATE:
        return finish(not_modified(etag), cache=cache, vary=VARY)
    response = render(
        request, "passports/public_passport.html", page(request, passport, tier, state)
    )
    return finish(response, etag=etag, cache=cache, vary=VARY)


@require_safe
def passport_version(request: HttpRequest, uid) -> HttpResponse:
    passport = selectors.passport_by_uid(uid)
    if passport is None:
        raise Http404("No such passport")
    return passport_page(request, passport)


urlpatterns = [
    path("passports/<uuid:uid>/", passport_version, name="passport_version"),
    *authority.urlpatterns,
]
