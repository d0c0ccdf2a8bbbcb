"""Open data: the public directory as CSV and JSON-LD, the embeddable list and its script, the
sitemap and robots.txt.

Everything here reads ``ShowcaseEntry`` rows (published data only) of a published showcase;
the files, the embed page and the script may be cached for five minutes by anyone.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from django.contrib.sitemaps.views import sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from filiera.district import opendata
from filiera.district.context import public_context
from filiera.district.models import ShowcaseEntry
from filiera.district.public import LANGS, absolute, both, public_page, public_url
from filiera.district.public import showcase_district as published_district
from filiera.district.sitemaps import SITEMAPS, robots_txt
from filiera.passports.gather_sites import PROCESS_SCHEME_NAME
from filiera.registry.models import District

MAX_AGE = 300
JSONLD_TYPE = "application/ld+json"


def _cached(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def firm_url(slug: str, firm_id: int, lang: str) -> str:
    """The firm's public page (its card in the directory while that page does not exist)."""
    try:
        return absolute(public_url("showcase_firm", lang, slug=slug, pk=firm_id))
    except NoReverseMatch:
        return absolute(public_url("showcase_firms", lang, slug=slug)) + f"#firm-{firm_id}"


def _entries(district: District):
    return ShowcaseEntry.objects.filter(district=district).order_by("name", "id")


def _name(row: dict, lang: str) -> str:
    """A process, certificate or place name in ``lang`` (Italian, or the plain name, else)."""
    return row.get(f"name_{lang}") or row.get("name_it") or row.get("name") or row.get("code", "")


def _float(value) -> float | None:
    try:
        return None if value in (None, "") else round(float(value), 5)
    except (TypeError, ValueError):
        return None


def listing(entry: ShowcaseEntry, slug: str, lang: str) -> opendata.Listing:
    """A directory entry as plain data, with its addresses, for the open-data builders."""
    url_it = firm_url(slug, entry.firm_id, "it")
    return opendata.Listing(
        firm_id=entry.firm_id,
        name=entry.name,
        page_url=url_it if lang == "it" else firm_url(slug, entry.firm_id, lang),
        id_base=url_it if "#" not in url_it else url_it.split("#")[0] + f"{entry.firm_id}/",
        url_it=url_it,
        updated=entry.updated_at,
        website=entry.website,
        grade=entry.grade,
        qualification=entry.qualification,
        certificates=tuple(
            opendata.Certificate(
                code=str(row.get("code", "")),
                name=_name(row, lang),
                valid_until=str(row.get("valid_until") or ""),
            )
            for row in entry.certificates or []
        ),
        processes=tuple(
            opendata.Process(code=str(row.get("code", "")), name=_name(row, lang))
            for row in entry.processes or []
        ),
        places=tuple(
            opendata.Place(
                name=str(_name(row, lang) or ""),
                locality=str(row.get("locality") or ""),
                code=str(row.get("municipality") or ""),
                country=str(row.get("country") or ""),
                lat=_float(row.get("lat")),
                lon=_float(row.get("lon")),
            )
            for row in entry.places or []
        ),
    )


def _updated(district: District) -> datetime | None:
    return _entries(district).aggregate(latest=Max("updated_at"))["latest"]


def _filename(district: District, suffix: str) -> str:
    return f"filiera-{district.slug}-firms.{suffix}"


@public_page
def open_data(request, slug: str, lang: str):
    district = published_district(slug)
    files = {
        "csv": absolute(public_url("showcase_csv", lang, slug=slug)),
        "jsonld": absolute(public_url("showcase_jsonld", lang, slug=slug)),
        "embed": absolute(public_url("showcase_embed", lang, slug=slug)),
        "widget": absolute(public_url("showcase_widget", lang, slug=slug)),
        "sitemap": absolute("/sitemap.xml"),
    }
    context = public_context(
        district,
        lang,
        "showcase_open_data",
        _("The firms of %(district)s as open data: CSV and JSON-LD, free to reuse.")
        % {"district": district.name},
        slug=slug,
    )
    updated = _updated(district)
    catalogue = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": files["jsonld"],
        "name": _("Firms of %(district)s") % {"district": district.name},
        "url": context["canonical"],
        "license": opendata.LICENCE_URL,
        "publisher": {"@type": "Organization", "name": district.managing_body or district.name},
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": files["csv"]},
            {"@type": "DataDownload", "encodingFormat": JSONLD_TYPE, "contentUrl": files["jsonld"]},
        ],
    }
    if updated is not None:
        catalogue["dateModified"] = updated.isoformat(timespec="seconds")
    context.update(
        files=files,
        firm_count=_entries(district).count(),
        updated=updated,
        columns=opendata.CSV_COLUMNS,
        licence_url=opendata.LICENCE_URL,
        licence_name=opendata.LICENCE_NAME,
        publisher=district.managing_body or district.name,
        catalogue_json=json.dumps(catalogue, ensure_ascii=False).replace("</", "<\\/"),
        example_firm=absolute(public_url("showcase_firms", "it", slug=slug)) + "<firm_id>/",
    )
    return render(request, "district/public/open_data.html", context)


@public_page
def firms_csv(request, slug: str, lang: str):
    district = published_district(slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(opendata.CSV_COLUMNS)
    for entry in _entries(district):
        writer.writerow(opendata.csv_row(listing(entry, slug, lang)))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(district, "csv")}"'
    return _cached(response)


@public_page
def firms_jsonld(request, slug: str, lang: str):
    district = published_district(slug)
    dataset = opendata.Dataset(
        url=absolute(public_url("showcase_jsonld", "it", slug=slug)),
        name=_("Firms of %(district)s") % {"district": district.name},
        publisher=district.managing_body or district.name,
        page_url=absolute(public_url("showcase_open_data", lang, slug=slug)),
        process_scheme_id=absolute("/processes/"),
        process_scheme_name=PROCESS_SCHEME_NAME,
        modified=_updated(district),
    )
    document = opendata.graph((listing(e, slug, lang) for e in _entries(district)), dataset)
    body = json.dumps(document, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type=f"{JSONLD_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_filename(district, "jsonld")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return _cached(response)


@xframe_options_exempt
@public_page
def embed(request, slug: str, lang: str):
    """A small list of the district's qualified firms, for other sites' iframes."""
    district = published_district(slug)
    rows = [
        {"name": entry.name, "grade": entry.grade, "url": firm_url(slug, entry.firm_id, lang)}
        for entry in _entries(district).only("firm_id", "name", "grade")
    ]
    context = {
        "district": district,
        "lang": lang,
        "rows": rows,
        "showcase_url": absolute(public_url("showcase_firms", lang, slug=slug)),
    }
    # Rendered without the request: no session, no cookie, nothing that varies by visitor.
    return _cached(HttpResponse(render_to_string("district/public/embed.html", context)))


@public_page
def widget(request, slug: str, lang: str):
    """The script another site includes: it puts the embed page in an iframe."""
    district = published_district(slug)
    embeds = {code: absolute(public_url("showcase_embed", code, slug=slug)) for code in LANGS}
    titles = {}
    for code in LANGS:
        with translation.override(code):
            titles[code] = _("Qualified firms of %(district)s") % {"district": district.name}
    context = {
        "slug_json": json.dumps(slug),
        "embeds_json": json.dumps(embeds),
        "titles_json": json.dumps(titles, ensure_ascii=True),
    }
    response = HttpResponse(
        render_to_string("district/widget.js", context),
        content_type="text/javascript; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return _cached(response)


def robots(request):
    return HttpResponse(robots_txt(), content_type="text/plain; charset=utf-8")


urlpatterns: list = [
    *both("showcase/<slug:slug>/open-data/", open_data, "showcase_open_data"),
    *both("showcase/<slug:slug>/firms.csv", firms_csv, "showcase_csv"),
    *both("showcase/<slug:slug>/firms.jsonld", firms_jsonld, "showcase_jsonld"),
    *both("showcase/<slug:slug>/embed/", embed, "showcase_embed"),
    *both("showcase/<slug:slug>/widget.js", widget, "showcase_widget"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots, name="robots_txt"),
]
