"""The public showcase: the district's home, the firm directory with its search and map, each
firm's public page and its contact form.

These pages read ``ShowcaseEntry`` rows only (published data). They render without the
request's context processors, so an anonymous visit reads no session and sets no cookie; the
firm page is the exception when it carries the contact form (its CSRF token).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from filiera.district import showcase_search as search
from filiera.district.context import public_context
from filiera.district.forms_showcase import ContactForm, SearchForm
from filiera.district.models import NewsItem, ShowcaseEntry
from filiera.district.public import absolute, both, public_page, public_url, showcase_district, text
from filiera.district.services import contact
from filiera.registry.models import District

FEATURED = 6
SEARCH_FIELDS = ("q", "process", "product", "certification", "municipality")
# A cached directory page also shows the district's name: it is kept ten minutes at most.
PAGE_SECONDS = 600
NEWS_ON_HOME = 3
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def render_public(
    template: str, context: dict, *, request: HttpRequest | None = None, status: int = 200
) -> HttpResponse:
    """Render a public page; without ``request`` no context processor touches the session."""
    context.setdefault("map_tile_url", settings.MAP_TILE_URL)
    context.setdefault("map_tile_attribution", settings.MAP_TILE_ATTRIBUTION)
    return HttpResponse(render_to_string(template, context, request=request), status=status)


def _news_url(slug: str, lang: str, pk: int) -> str:
    try:
        return public_url("showcase_news_item", lang, slug=slug, pk=pk)
    except NoReverseMatch:  # the news pages may not be installed
        return public_url("showcase_news", lang, slug=slug)


def _featured(district: District) -> list[ShowcaseEntry]:
    """A few firms, a different handful each day."""
    rows = ShowcaseEntry.objects.filter(district=district).defer(*search.CARD_DEFER)
    total = search.summary(district)["firms"]
    if total <= FEATURED:
        return list(rows.order_by("name", "id"))
    start = timezone.localdate().toordinal() * FEATURED % total
    picked = list(rows.order_by("name", "id")[start : start + FEATURED])
    return picked + list(rows.order_by("name", "id")[: FEATURED - len(picked)])


@public_page
def home(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    district = showcase_district(slug)
    showcase = district.showcase
    story = text(showcase, "story", lang)
    headline = text(showcase, "headline", lang)
    news = [
        (item, text(item, "title", lang), _news_url(slug, lang, item.pk))
        for item in NewsItem.objects.filter(district=district, published=True).order_by(
            "-published_on", "-id"
        )[:NEWS_ON_HOME]
    ]
    context = public_context(
        district,
        lang,
        "showcase_home",
        description=headline or Truncator(story).chars(200),
        slug=slug,
    )
    context.update(
        {
            "headline": headline,
            "story": story,
            "figures": search.summary(district),
            "cards": [search.card(e, lang, slug) for e in _featured(district)],
            "news": news,
        }
    )
    return render_public("district/public/home.html", context)


def _bad_fields(form) -> list[str]:
    """The labels of the fields with an error, for the message above the form."""
    return [str(field.label) for field in form if field.errors] if form.is_bound else []


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


def _results(district: District, lang: str, query: search.Query) -> dict:
    """One page of results: the page, its cards and the map's points (published places)."""
    page = search.page(district, query)
    points = search.map_points(page.object_list, lang)
    for point in points:
        point["url"] = public_url("showcase_firm", lang, slug=district.slug, pk=point["firm"])
    return {
        "page": page,
        "cards": [search.card(e, lang, district.slug) for e in page.object_list],
        "points": points,
    }


def _firms_page(district: District, lang: str, raw: dict[str, str]) -> str:
    form = SearchForm(
        {k: v for k, v in raw.items() if v and k != "page"} or None,
        choices=search.choices(district, lang),
    )
    if form.is_bound:
        form.is_valid()
    query = search.Query(
        q=form.value("q"),
        process=form.value("process"),
        product=form.value("product"),
        certification=form.value("certification"),
        municipality=form.value("municipality"),
        page=_page_number(raw.get("page")),
    )
    context = public_context(
        district,
        lang,
        "showcase_firms",
        description=_(
            "Qualified firms of %(district)s: search by process, product, certification and place."
        )
        % {"district": district.name},
        slug=district.slug,
    )
    context.update(_results(district, lang, query))
    context.update(
        {
            "form": form,
            "bad_fields": _bad_fields(form),
            "params": {name: value for name in SEARCH_FIELDS if (value := getattr(query, name))},
        }
    )
    return render_public("district/public/firms.html", context).content.decode()


@public_page
def firms(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """The directory. Each page is kept in the cache under the district's stamp, keyed by the
    search's own parameters (others, such as tracking tags, are ignored)."""
    district = showcase_district(slug)
    raw = {name: request.GET.get(name, "")[:200] for name in (*SEARCH_FIELDS, "page")}
    key = hashlib.sha1(json.dumps(raw, sort_keys=True).encode()).hexdigest()  # noqa: S324
    html = search.cached(
        district,
        f"firms:{lang}:{key}",
        lambda: _firms_page(district, lang, raw),
        PAGE_SECONDS,
    )
    return HttpResponse(html)


def organization(entry: ShowcaseEntry, card: search.Card, page_url: str, lang: str) -> str:
    """schema.org Organization of the firm's page, with published fields only (JSON-LD).

    Written in plain schema.org terms (``@type``, the schema.org context) for search engines
    and link previews; the open-data file (``opendata.graph``) describes the same firm for
    machines that expand JSON-LD, with its own inline context and UNTP facility records."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page_url,
        "name": entry.name,
        "url": page_url,
    }
    summary = text(entry, "summary", lang)
    if summary:
        data["description"] = summary
    if entry.website:
        data["sameAs"] = [entry.website]
    if entry.places:
        data["address"] = [
            {
                "@type": "PostalAddress",
                "addressLocality": place.get("locality") or place["name"],
                "addressCountry": place.get("country", "IT"),
            }
            for place in entry.places
        ]
    if card.processes:
        data["knowsAbout"] = card.processes
    if card.certificates:
        data["hasCertification"] = [
            {"@type": "Certification", "name": name}
            | ({"expires": until.isoformat()} if until else {})
            for name, until in card.certificates
        ]
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


@public_page
def firm(request: HttpRequest, slug: str, lang: str, pk: int) -> HttpResponse:
    district = showcase_district(slug)
    entry = get_object_or_404(
        ShowcaseEntry.objects.select_related("district"), district=district, firm_id=pk
    )
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST" and not entry.accepts_contacts:
        return HttpResponseNotAllowed(["GET"])
    page_url = public_url("showcase_firm", lang, slug=slug, pk=pk)
    form = ContactForm(request.POST or None) if entry.accepts_contacts else None
    status, limited = 200, False
    if request.method == "POST" and form is not None:
        address = contact.client_address(request)
        if contact.rate_limited(address):
            status, limited = 429, True
        elif form.is_valid():
            if not form.is_robot:
                contact.send_request(
                    entry,
                    name=form.cleaned_data["name"],
                    company=form.cleaned_data["company"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    language=lang,
                )
            contact.count_message(address)
            return redirect(f"{page_url}?sent=1#contact")
    card = search.card(entry, lang, slug)
    summary = text(entry, "summary", lang)
    context = public_context(
        district,
        lang,
        "showcase_firm",
        description=Truncator(summary or card.products or entry.name).chars(200),
        slug=slug,
        pk=pk,
    )
    context.update(
        {
            "entry": entry,
            "card": card,
            "summary": summary,
            "capacity": text(entry, "capacity", lang),
            "form": form,
            "bad_fields": _bad_fields(form) if form is not None else [],
            "sent": request.GET.get("sent") == "1",
            "limited": limited,
            "points": [
                {"name": entry.name, "place": p, "lat": place["lat"], "lon": place["lon"]}
                for p, place in zip(card.places, entry.places, strict=True)
            ],
            "jsonld": mark_safe(organization(entry, card, absolute(page_url), lang)),
        }
    )
    return render_public(
        "district/public/firm.html",
        context,
        request=request if form is not None else None,
        status=status,
    )


urlpatterns: list = [
    *both("showcase/<slug:slug>/", home, "showcase_home"),
    *both("showcase/<slug:slug>/firms/", firms, "showcase_firms"),
    *both("showcase/<slug:slug>/firms/<int:pk>/", firm, "showcase_firm"),
]
