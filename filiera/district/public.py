"""Public showcase pages in two languages, each at its own stable address.

Every public page has an Italian URL (``/showcase/carpi/…``) and an English one
(``/en/showcase/carpi/…``); :func:`both` makes the pair, with the same name and a ``lang``
keyword that defaults to ``it``. :func:`public_page` renders the page in its URL's language
whatever the visitor's session says, and marks the response with it. Templates link to the
other language and declare both (``hreflang``) through :func:`alternates`.

``reverse("showcase_home", kwargs={"slug": "carpi"})`` gives the Italian address;
``public_url("showcase_home", "en", slug="carpi")`` the English one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils import translation

from filiera.registry.models import District

LANGS = ("it", "en")
DEFAULT = "it"


def both(route: str, view: Callable, name: str) -> list[URLPattern]:
    """The Italian and the English address of one public page. The English one comes first:
    ``reverse`` tries the later one first, so a call without ``lang`` gives the Italian one."""
    return [
        path(f"en/{route}", view, {"lang": "en"}, name=name),
        path(route, view, {"lang": "it"}, name=name),
    ]


def public_url(name: str, lang: str, **kwargs) -> str:
    return reverse(name, kwargs={**kwargs, "lang": lang})


def absolute(path_: str) -> str:
    """``SITE_URL`` and a path: canonical links, sitemap, open data."""
    return settings.SITE_URL.rstrip("/") + path_


def alternates(name: str, **kwargs) -> dict[str, str]:
    """Language code → absolute address of the same page (for hreflang and the switch)."""
    return {lang: absolute(public_url(name, lang, **kwargs)) for lang in LANGS}


def public_page(view: Callable) -> Callable:
    """Render ``view(request, lang=…, **kwargs)`` in the URL's language; no login needed."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, lang: str = DEFAULT, **kwargs) -> HttpResponse:
        if lang not in LANGS:
            raise Http404("No such language")
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, lang=lang, **kwargs)
        response.headers.setdefault("Content-Language", lang)
        return response

    return wrapper


def showcase_district(slug: str) -> District:
    """The district of a public page: 404 unless its showcase is published."""
    district = get_object_or_404(District.objects.select_related("showcase"), slug=slug)
    showcase = getattr(district, "showcase", None)
    if showcase is None or not showcase.published:
        raise Http404("No such showcase")
    return district


def reader_lang() -> str:
    """The language a page is being rendered in, one of ``LANGS`` (private pages follow the
    person's choice, public ones their address)."""
    lang = (translation.get_language() or DEFAULT)[:2]
    return lang if lang in LANGS else DEFAULT


def text(obj, field: str, lang: str) -> str:
    """A two-language field in ``lang``, falling back to the Italian text when empty."""
    value = getattr(obj, f"{field}_{lang}", "") if lang != DEFAULT else ""
    return value or getattr(obj, f"{field}_{DEFAULT}", "")
