"""Content negotiation and conditional answers shared by the resolver and the credential URLs.

``preferred(request, offered)`` picks among ``offered`` media types with Django's own
``request.get_preferred_type`` (q-values, specificity, the client's order), after setting aside
every type the client refuses outright: a type whose most specific matching range has ``q=0``
(``Accept: */*, text/html;q=0`` refuses HTML). No ``Accept`` header, or an empty one, means any
type (the first offered). Clients send few distinct ``Accept`` headers, so choices are
remembered per header.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.request import MediaType
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag

HTML = "text/html"
LD_JSON = "application/ld+json"
JSON = "application/json"
VC_JWT = "application/vc+jwt"
LINKSET = "application/linkset+json"

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=60"
PRIVATE = "private, no-store"


def _ranges(header: str) -> list[MediaType]:
    return [MediaType(token) for token in (header or "*/*").split(",") if token.strip()]


def _refused(offer: str, ranges: list[MediaType]) -> bool:
    """The most specific ranges matching ``offer`` all carry ``q=0``."""
    offer_type = MediaType(offer)
    matching = [r for r in ranges if offer_type.match(str(r))]
    if not matching:
        return False
    top = max(r.specificity for r in matching)
    return all(r.quality == 0 for r in matching if r.specificity == top)


def preferred(request: HttpRequest, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or ``None`` when it accepts none of them."""
    return _choose(request.headers.get("Accept", "").strip(), tuple(offered))


@lru_cache(maxsize=512)
def _choose(accept: str, offered: tuple[str, ...]) -> str | None:
    ranges = _ranges(accept)
    allowed = [offer for offer in offered if not _refused(offer, ranges)]
    if not allowed:
        return None
    if not accept:
        return allowed[0]
    probe = HttpRequest()
    probe.META["HTTP_ACCEPT"] = accept
    return probe.get_preferred_type(allowed)


def not_acceptable(offered: Iterable[str]) -> HttpResponse:
    types = list(offered)
    body = "Not acceptable. This address offers: " + ", ".join(types) + ".\n"
    response = HttpResponse(body, status=406, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = SHORT
    patch_vary_headers(response, ["Accept"])
    return response


def matches(request: HttpRequest, etag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``etag`` (weak comparison) or ``*``."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    tags = parse_etags(header)
    if "*" in tags:
        return True
    plain = quote_etag(etag)
    return any(tag.removeprefix("W/") == plain for tag in tags)


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = quote_etag(etag)
    return response


def finish(
    response: HttpResponse,
    *,
    etag: str | None = None,
    cache: str | None = None,
    vary: Sequence[str] = ("Accept",),
    link: str | None = None,
) -> HttpResponse:
    """Set the caching, variance and linkset headers of an answer (a 304 too)."""
    if etag is not None:
        response["ETag"] = quote_etag(etag)
    if cache is not None:
        response["Cache-Control"] = cache
    if vary:
        patch_vary_headers(response, list(vary))
    if link:
        response["Link"] = link
    return response
