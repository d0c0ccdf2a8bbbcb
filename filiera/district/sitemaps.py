"""The sitemap of every published showcase and the robots.txt that points to it.

Each public page is listed in both languages with its ``hreflang`` alternates, at absolute
addresses made from ``SITE_URL``. Only published things are listed: the showcase must be
published; then its firms (directory entries), published news, published good practices that
come from the district, public networks and public events that are not cancelled. A page whose
URL name does not exist (yet) is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch
from django.utils import translation

from filiera.district.models import Event, GoodPractice, Network, NewsItem, ShowcaseEntry
from filiera.district.public import LANGS, public_url
from filiera.registry.models import District

# The showcase's own pages, without arguments besides the district's slug.
LIST_PAGES = (
    "showcase_home",
    "showcase_firms",
    "showcase_news",
    "showcase_practices",
    "showcase_networks",
    "showcase_events",
    "showcase_open_data",
)

# Areas a search engine has no business in (they need a login or are actions).
PRIVATE_PREFIXES = (
    "/accounts/",
    "/answers/",
    "/api/",
    "/assessments/",
    "/corrections/",
    "/d/",
    "/districts/",
    "/events/",
    "/evidence/",
    "/firms/",
    "/i18n/",
    "/join/",
    "/media/",
    "/methodologies/",
    "/municipalities/",
    "/networks/",
    "/news/",
    "/plan/",
    "/practices/",
    "/sites/",
    "/weightings/",
)


class Page(NamedTuple):
    name: str
    kwargs: dict
    lastmod: datetime | None = None


def reversible(name: str, **kwargs) -> bool:
    try:
        public_url(name, "it", **kwargs)
    except NoReverseMatch:
        return False
    return True


def published_districts() -> list[District]:
    return list(
        District.objects.filter(showcase__published=True)
        .select_related("showcase")
        .order_by("slug")
    )


def _detail_pages(name: str, slug: str, rows) -> Iterator[Page]:
    if not reversible(name, slug=slug, pk=0):
        return
    for pk, lastmod in rows:
        yield Page(name, {"slug": slug, "pk": pk}, lastmod)


def district_pages(district: District) -> Iterator[Page]:
    """Every public page of one published showcase (one language)."""
    slug = district.slug
    for name in LIST_PAGES:
        if reversible(name, slug=slug):
            lastmod = district.showcase.updated_at if name == "showcase_home" else None
            yield Page(name, {"slug": slug}, lastmod)
    entries = ShowcaseEntry.objects.filter(district=district).order_by("name", "id")
    yield from _detail_pages("showcase_firm", slug, entries.values_list("firm_id", "updated_at"))
    news = NewsItem.objects.filter(district=district, published=True).order_by("-published_on")
    yield from _detail_pages("showcase_news_item", slug, news.values_list("pk", "updated_at"))
    practices = GoodPractice.objects.filter(
        district=district, status=GoodPractice.Status.PUBLISHED
    ).order_by("-published_at", "-id")
    yield from _detail_pages("showcase_practice", slug, practices.values_list("pk", "updated_at"))
    networks = Network.objects.filter(district=district, public=True).order_by("name", "id")
    yield from _detail_pages("showcase_network", slug, networks.values_list("pk", "updated_at"))
    events = Event.objects.filter(district=district, public=True, cancelled=False).order_by(
        "starts_at", "id"
    )
    yield from _detail_pages("showcase_event", slug, events.values_list("pk", "updated_at"))


def all_pages() -> list[Page]:
    return [page for district in published_districts() for page in district_pages(district)]


class ShowcaseSitemap(Sitemap):
    """Every page of every published showcase, in Italian and English, with alternates."""

    i18n = True
    languages = list(LANGS)
    alternates = True

    def items(self) -> list[Page]:
        return all_pages()

    def location(self, item: Page) -> str:
        lang = translation.get_language() or LANGS[0]
        return public_url(item.name, lang if lang in LANGS else LANGS[0], **item.kwargs)

    def lastmod(self, item: Page) -> datetime | None:
        return item.lastmod

    def get_urls(self, page=1, site=None, protocol=None):
        """Absolute addresses from ``SITE_URL``, whatever host the request came on."""
        parts = urlsplit(settings.SITE_URL)
        domain = parts.netloc + parts.path.rstrip("/")
        return self._urls(page, parts.scheme or "https", domain)


SITEMAPS = {"showcase": ShowcaseSitemap}


def robots_txt() -> str:
    lines = [
        "User-agent: *",
        "Allow: /showcase/",
        "Allow: /en/showcase/",
        *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES),
        "",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml",
        "",
    ]
    return "\n".join(lines)
