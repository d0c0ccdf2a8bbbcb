"""Reads of the public directory: the search behind ``/showcase/<slug>/firms/``, the choices of
its filters and the district's counts. Everything reads ``ShowcaseEntry`` rows only.

Speed: a district's figures and each rendered directory page are kept in Django's cache under
the district's *stamp*, its showcase's ``updated_at``, which every change to the entries moves
on (``services.showcase``); a stale page is never served, old keys simply expire. A page
served from the cache costs one query (the district and its showcase).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.district.models import ShowcaseEntry
from filiera.registry.models import District

QUALIFICATION_LABELS = {
    "qualified": _lazy("Qualified"),
    "qualified_with_plan": _lazy("Qualified, with an improvement plan"),
}
DASH = "\u2013"  # the dash between a certificate's code and its full name
PAGE_SIZE = 20
CACHE_SECONDS = 6 * 3600
MAX_WORDS = 8
# Card fields: the longer texts stay in the database until a firm's own page.
CARD_DEFER = ("search_text", "summary_it", "summary_en", "capacity_it", "capacity_en")


@dataclass(frozen=True)
class Query:
    """A search as the GET form gives it (already checked by ``forms_showcase.SearchForm``)."""

    q: str = ""
    process: str = ""
    product: str = ""
    certification: str = ""
    municipality: str = ""
    page: int = 1

    @property
    def words(self) -> list[str]:
        return self.q.lower().split()[:MAX_WORDS]


def stamp(district: District) -> str:
    """Moves on whenever the district's entries or showcase change."""
    showcase = getattr(district, "showcase", None)
    return showcase.updated_at.strftime("%Y%m%d%H%M%S%f") if showcase else "none"


def cached(
    district: District, name: str, build: Callable[[], Any], seconds: int = CACHE_SECONDS
) -> Any:
    key = f"showcase:{district.pk}:{stamp(district)}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def _quoted(code: str) -> str:
    """A code as it appears inside the stored JSON (``"MU.KNIT_TO_SHAPE"``)."""
    return json.dumps(code)


def entries(district: District, query: Query) -> QuerySet[ShowcaseEntry]:
    found = ShowcaseEntry.objects.filter(district=district)
    for word in query.words:
        found = found.filter(search_text__contains=word)
    if query.process:
        found = found.filter(processes__icontains=_quoted(query.process))
    if query.certification:
        found = found.filter(certificates__icontains=_quoted(query.certification))
    if query.municipality:
        found = found.filter(places__icontains=_quoted(query.municipality))
    product = " ".join(query.product.split())
    if product:
        found = found.filter(Q(products_it__icontains=product) | Q(products_en__icontains=product))
    return found


def page(district: District, query: Query) -> Page:
    """One page of results (two queries: the count and the rows)."""
    rows = entries(district, query).defer(*CARD_DEFER).order_by("name", "id")
    return Paginator(rows, PAGE_SIZE).get_page(query.page)


def map_points(rows, lang: str) -> list[dict]:
    """The published places of ``rows`` for the map (names only, never addresses)."""
    points = []
    for entry in rows:
        for place in entry.places:
            label = place.get(f"name_{lang}") or place.get("name", "")
            points.append(
                {"firm": entry.firm_id, "name": entry.name, "place": label}
                | {"lat": place["lat"], "lon": place["lon"]}
            )
    return points


def _summary(district: District) -> dict:
    rows = ShowcaseEntry.objects.filter(district=district).values_list(
        "grade", "processes", "certificates", "places"
    )
    processes: Counter = Counter()
    certificates: Counter = Counter()
    municipalities: Counter = Counter()
    names: dict[tuple[str, str], tuple[str, str]] = {}
    firms = graded = certified = 0
    for grade, firm_processes, firm_certificates, places in rows:
        firms += 1
        graded += bool(grade)
        certified += bool(firm_certificates)
        for p in firm_processes:
            processes[p["code"]] += 1
            names[("p", p["code"])] = (p["name_it"], p["name_en"])
        for c in firm_certificates:
            certificates[c["code"]] += 1
            names[("c", c["code"])] = (c["name_it"], c["name_en"])
        for code in {place.get("municipality") for place in places} - {"", None}:
            municipalities[code] += 1
        for place in places:
            if place.get("municipality"):
                names[("m", place["municipality"])] = (place["name"], place["name"])

    def options(kind: str, counts: Counter) -> list[tuple[str, str, str, int]]:
        rows = [(code, *names[(kind, code)], count) for code, count in counts.items()]
        return sorted(rows, key=lambda row: (row[1].lower(), row[0]))

    return {
        "firms": firms,
        "graded": graded,
        "certified": certified,
        "processes": options("p", processes),
        "certificates": options("c", certificates),
        "municipalities": options("m", municipalities),
    }


def summary(district: District) -> dict:
    """Counts of the published entries and the choices of the search filters:
    ``processes``, ``certificates`` and ``municipalities`` as (code, Italian name, English
    name, firms) rows."""
    return cached(district, "summary", lambda: _summary(district))


def choices(district: District, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices in ``lang``: (code, "name (firms)")."""
    data = summary(district)
    column = 2 if lang == "en" else 1
    return {
        kind: sorted(
            ((row[0], f"{row[column]} ({row[3]})") for row in data[kind]),
            key=lambda choice: choice[1].lower(),
        )
        for kind in ("processes", "certificates", "municipalities")
    }


# Cards: an entry in the page's language ---------------------------------------------------------


@dataclass
class Card:
    entry: ShowcaseEntry
    url: str
    products: str
    qualification: str
    processes: list[str]
    certificates: list[tuple[str, date | None]]
    places: list[str]

    @property
    def grade(self) -> str:
        return self.entry.grade

    @property
    def grade_label(self) -> str:
        return _("Grade %(grade)s") % {"grade": self.grade} if self.grade else ""

    @property
    def badges(self) -> list[str]:
        """A badge per certificate: its short name (the part before a dash, "ISO 14001") and
        the month its validity ends. Written here rather than in the template: a directory page
        shows dozens of them."""
        found = []
        for name, until in self.certificates:
            short = name.split(f" {DASH} ")[0].strip()
            if until is not None:
                month = formats.date_format(until, "YEAR_MONTH_FORMAT")
                short = f"{short} · " + _("valid until %(date)s") % {"date": month}
            found.append(short)
        return found


def card(entry: ShowcaseEntry, lang: str, slug: str) -> Card:
    """What a firm's card shows, in ``lang`` (Italian where the English text is missing)."""
    from filiera.district.public import public_url, text

    return Card(
        entry=entry,
        url=public_url("showcase_firm", lang, slug=slug, pk=entry.firm_id),
        products=text(entry, "products", lang),
        qualification=str(QUALIFICATION_LABELS.get(entry.qualification, "")),
        processes=[p.get(f"name_{lang}") or p["name_it"] for p in entry.processes],
        certificates=[
            (
                c.get(f"name_{lang}") or c["name_it"],
                date.fromisoformat(c["valid_until"]) if c.get("valid_until") else None,
            )
            for c in entry.certificates
        ],
        places=[p.get(f"name_{lang}") or p["name"] for p in entry.places],
    )
