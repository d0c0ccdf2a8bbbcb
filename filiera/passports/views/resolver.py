"""The GS1 Digital Link resolver and the credential URLs.

``/01/{gtin}[/10/{lot}][/21/{serial}]`` (on any host the platform answers) finds the current
passport the link points to (``selectors.find_passport``) and answers in the form the client
asks for with ``Accept``: the public page (``text/html``), the credential (``application/ld+json``
or ``application/json``), the signed credential (``application/vc+jwt``) or a linkset
(``application/linkset+json``, RFC 9264 as GS1 resolvers publish it). ``?linkType=gs1:dpp`` (and
the other link types of the linkset) redirects to that link; ``?linkType=linkset`` or ``all``
gives the linkset. Every answer names the linkset in a ``Link`` header. The JSON and JWT
answers of a product model, the resolver's busiest, read one row (``selectors.current_signed``).

``/credentials/<uid>`` serves one credential (immutable: cached for a year); facility records are
for the value-chain tier only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote, urlsplit

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from filiera.passports import selectors, tiers
from filiera.passports.engine import digital_link
from filiera.passports.models import Credential, Passport
from filiera.passports.views import public
from filiera.passports.views.negotiation import (
    HTML,
    IMMUTABLE,
    JSON,
    LD_JSON,
    LINKSET,
    PRIVATE,
    SHORT,
    VC_JWT,
    finish,
    matches,
    not_acceptable,
    not_modified,
    preferred,
)
from filiera.registry.access import is_member

OFFERED = (HTML, LD_JSON, JSON, VC_JWT, LINKSET)
CREDENTIAL_OFFERED = (LD_JSON, VC_JWT, JSON, HTML)

VOC = "https://ref.gs1.org/voc/"
DPP = VOC + "dpp"
PIP = VOC + "pip"
SUSTAINABILITY = VOC + "sustainabilityInfo"
CERTIFICATION = VOC + "certificationInfo"
DEFAULT = VOC + "defaultLink"
LINK_TYPES = (DPP, SUSTAINABILITY, PIP, CERTIFICATION, DEFAULT)
LINKSET_TYPES = {"linkset", "all"}
TIER_VARY = ("Accept", "Accept-Language", "Cookie", "Authorization")


# Answers without a passport ----------------------------------------------------------------


def problem(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    """A 400 or 404 with its reason: a small page for browsers, plain text for programs."""
    if preferred(request, ("text/plain", HTML)) == HTML:
        response = render(
            request,
            "passports/public_problem.html",
            {"status": status, "reason": reason},
            status=status,
        )
    else:
        response = HttpResponse(
            reason + "\n", status=status, content_type="text/plain; charset=utf-8"
        )
    return finish(response, cache=SHORT, vary=("Accept", "Accept-Language"))


def raw_path(request: HttpRequest) -> str:
    """The path as the client sent it (percent-encoding kept, so ``%2F`` in a lot stays part
    of the lot) when the server passes it on, else the decoded path encoded again."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or ""
    if raw:
        raw = raw.split("?", 1)[0].split("#", 1)[0]
        if "://" in raw:
            raw = urlsplit(raw).path
        script = request.META.get("SCRIPT_NAME", "").rstrip("/")
        if script and raw.startswith(script):
            raw = raw[len(script) :]
        if raw.startswith("/01"):
            return raw
    return quote(request.path_info, safe="/")


# The linkset -------------------------------------------------------------------------------


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url)


def links(request: HttpRequest, passport: Passport, anchor: str) -> dict[str, Any]:
    """The linkset entry of the link's anchor (RFC 9264 JSON, GS1 link types)."""
    credential = passport.credential
    credential_url = _absolute(request, reverse("credential", args=[credential.uid]))
    page = _absolute(request, reverse("passport_version", args=[credential.uid]))
    languages = ["it", "en"]
    entry: dict[str, Any] = {
        "anchor": anchor,
        "itemDescription": public.product_name(passport.product, get_language()),
        DPP: [
            {"href": credential_url, "title": _("Digital Product Passport"), "type": VC_JWT},
            {"href": credential_url, "title": _("Digital Product Passport"), "type": LD_JSON},
        ],
        SUSTAINABILITY: [
            {
                "href": page + "#footprint",
                "title": _("Environmental footprint"),
                "type": HTML,
                "hreflang": languages,
            }
        ],
        PIP: [{"href": page, "title": _("Product passport"), "type": HTML, "hreflang": languages}],
    }
    conformity = [
        {
            "href": _absolute(request, reverse("credential", args=[c.uid])),
            "title": _("Conformity credential"),
            "type": VC_JWT,
        }
        for c in passport.linked.filter(kind=Credential.Kind.DCC, tier=Credential.Tier.PUBLIC)
        .only("uid")
        .order_by("id")
    ]
    if conformity:
        entry[CERTIFICATION] = conformity
    entry[DEFAULT] = [{"href": page, "title": _("Product passport")}]
    return entry


def link_target(link_type: str, entry: dict[str, Any]) -> str:
    """Where ``?linkType=`` sends: the first link of that type, else the default link."""
    value = link_type.strip()
    if value.startswith("gs1:"):
        value = VOC + value[4:]
    elif value.startswith("https://gs1.org/voc/"):
        value = VOC + value.removeprefix("https://gs1.org/voc/")
    found = entry.get(value) if value in LINK_TYPES else None
    return str((found or entry[DEFAULT])[0]["href"])


# The resolver ------------------------------------------------------------------------------


def _etag(*parts: object) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def _credential_body(credential: Credential, media: str) -> tuple[bytes, str]:
    if media == VC_JWT:
        return credential.jwt.encode(), VC_JWT
    body = json.dumps(credential.document, ensure_ascii=False, separators=(",", ":"))
    return body.encode(), media


@require_safe
def resolve(request: HttpRequest, rest: str = "") -> HttpResponse:
    try:
        link = digital_link.parse_path(raw_path(request))
    except digital_link.DigitalLinkError as err:
        return problem(request, 400, err.reason[:1].upper() + err.reason[1:])
    base = request.build_absolute_uri("/").rstrip("/")
    anchor = digital_link.uri(base, link.gtin, link.lot, link.serial)
    header = f'<{anchor}?linkType=linkset>; rel="linkset"; type="{LINKSET}"'
    link_type = request.GET.get("linkType", "").strip()
    media = LINKSET if link_type in LINKSET_TYPES else preferred(request, OFFERED)
    if not link_type and media in (LD_JSON, JSON, VC_JWT):
        return _signed_answer(request, selectors.current_signed(link), media, header)
    passport = selectors.find_passport(link)
    if passport is None:
        return _unknown(request)
    credential = passport.credential
    revoked = credential.revoked_at is not None

    if link_type and link_type not in LINKSET_TYPES:
        target = link_target(link_type, links(request, passport, anchor))
        redirect_to = HttpResponseRedirect(target, preserve_request=True)  # 307
        return finish(redirect_to, cache=SHORT, vary=("Accept-Language",), link=header)
    if media is None:
        return finish(not_acceptable(OFFERED), link=header)
    if media == HTML:
        return finish(public.passport_page(request, passport), vary=TIER_VARY, link=header)
    if media == LINKSET:
        etag = _etag(credential.etag, revoked, get_language(), anchor, "linkset")
        if matches(request, etag):
            return finish(
                not_modified(etag), cache=SHORT, vary=("Accept", "Accept-Language"), link=header
            )
        linkset = json.dumps({"linkset": [links(request, passport, anchor)]}, ensure_ascii=False)
        return finish(
            HttpResponse(linkset.encode(), content_type=LINKSET),
            etag=etag,
            cache=SHORT,
            vary=("Accept", "Accept-Language"),
            link=header,
        )
    signed = selectors.Signed(credential.etag, json.dumps(credential.document), credential.jwt)
    return _signed_answer(request, signed, media, header)


def _unknown(request: HttpRequest) -> HttpResponse:
    return problem(request, 404, _("No passport is published for this product link."))


def _signed_answer(
    request: HttpRequest, signed: selectors.Signed | None, media: str, header: str
) -> HttpResponse:
    """The current credential as JSON-LD (or JSON) or as VC-JWT: the resolver's hot path."""
    if signed is None:
        return _unknown(request)
    etag = _etag(signed.etag, media)
    if matches(request, etag):
        return finish(not_modified(etag), cache=SHORT, vary=("Accept",), link=header)
    body = signed.jwt if media == VC_JWT else signed.document
    return finish(
        HttpResponse(body.encode(), content_type=media),
        etag=etag,
        cache=SHORT,
        vary=("Accept",),
        link=header,
    )


@require_safe
def resolve_bare(request: HttpRequest) -> HttpResponse:
    """``/01`` or ``/01/`` without a GTIN."""
    return problem(request, 400, _("The link names no GTIN: add it after /01/."))


# One credential ----------------------------------------------------------------------------


def may_read(request: HttpRequest, credential: Credential) -> bool:
    """Public credentials for everyone; facility records (value-chain tier) for requests with
    an authority token, the people of the site's firm, and those who may see the value chain
    of a brand whose passport links the record."""
    if credential.tier == Credential.Tier.PUBLIC:
        return True
    if tiers.authority_token(request) is not None:
        return True
    if credential.tier == Credential.Tier.AUTHORITY:
        return False
    user = getattr(request, "user", None)
    if credential.site is not None and is_member(user, credential.site.firm):
        return True
    brands = {p.product.brand for p in credential.linked_from.select_related("product__brand")}
    if hasattr(credential, "passport"):
        brands.add(credential.passport.product.brand)
    return any(tiers.may_see_value_chain(user, brand) for brand in brands)


@require_safe
def credential_view(request: HttpRequest, uid) -> HttpResponse:
    credential = Credential.objects.select_related("site__firm").filter(uid=uid).first()
    if credential is None or credential.kind == Credential.Kind.STATUS:
        raise Http404("No such credential")
    private = credential.tier != Credential.Tier.PUBLIC
    if private and not may_read(request, credential):
        response = problem(request, 404, _("No such credential."))
        return finish(response, cache=PRIVATE, vary=TIER_VARY)
    cache = PRIVATE if private else IMMUTABLE
    vary = TIER_VARY if private else ("Accept",)
    media = preferred(request, CREDENTIAL_OFFERED)
    if media is None:
        return finish(not_acceptable(CREDENTIAL_OFFERED), vary=vary)
    if media == HTML:
        if credential.kind == Credential.Kind.DPP:
            target = reverse("passport_version", args=[credential.uid])
        else:
            target = reverse("verify_credential") + "?credential=" + str(credential.uid)
        return finish(redirect(target), cache=cache, vary=vary)
    etag = credential.etag if media == VC_JWT else f"{credential.etag}-{media.split('/')[1]}"
    if matches(request, etag):
        return finish(not_modified(etag), cache=cache, vary=vary)
    body, content_type = _credential_body(credential, media)
    return finish(HttpResponse(body, content_type=content_type), etag=etag, cache=cache, vary=vary)


urlpatterns = [
    re_path(r"^01/?$", resolve_bare, name="resolver_bare"),
    path("01/<path:rest>", resolve, name="resolver"),
    path("credentials/<uuid:uid>", credential_view, name="credential"),
]
