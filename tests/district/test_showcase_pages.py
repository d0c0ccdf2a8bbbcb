"""The public showcase pages: the district home, the directory and a firm's page show published
data only, 404 when the showcase, the listing or the qualification is missing, and set no
cookie for anonymous visitors (except the firm page's contact form)."""

from __future__ import annotations

import json
import re

import pytest

from filiera.district.models import NewsItem, Showcase, ShowcaseEntry
from filiera.district.services import showcase as services
from tests.district.conftest import list_firm, publish, scored
from tests.district.factories_showcase import (
    PRIVATE,
    PUBLISHED,
    WEBSITE,
    clear_cache,
    publish_firm,
    published_a,
)

pytestmark = pytest.mark.usefixtures("clear_cache")
__all__ = ["clear_cache", "published_a"]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def urls(firm_id: int) -> list[str]:
    return [
        f"{prefix}/showcase/carpi/{path}"
        for prefix in ("", "/en")
        for path in ("", "firms/", f"firms/{firm_id}/")
    ]


def test_pages_show_published_data_in_both_languages(client, published_a, firm_a):
    home, firms, firm = (page(client, url) for url in urls(firm_a.pk)[:3])
    for html in (home, firms, firm):
        assert "Maglificio Alfa S.r.l." in html
        assert PUBLISHED["products_it"] in html
        assert 'lang="it"' in html
    assert "Il distretto della maglieria" in home and "lavora la maglia da settant" in home
    assert PUBLISHED["summary_it"] in firm and PUBLISHED["capacity_it"] in firm
    assert WEBSITE in firm and "ISO 14001" in firm and "Carpi (MO)" in firm
    english = page(client, f"/en/showcase/carpi/firms/{firm_a.pk}/")
    assert PUBLISHED["summary_en"] in english and PUBLISHED["products_en"] in english
    assert PUBLISHED["summary_it"] not in english
    assert 'hreflang="it"' in english and 'lang="en"' in english


def test_english_falls_back_to_italian(client, published_a, firm_a):
    list_firm(firm_a, summary_en="", products_en="")
    services.refresh_firm(firm_a.pk)
    html = page(client, f"/en/showcase/carpi/firms/{firm_a.pk}/")
    assert PUBLISHED["summary_it"] in html and PUBLISHED["products_it"] in html


def test_private_data_never_shows(client, published_a, firm_a, carpi):
    for url in urls(firm_a.pk):
        html = page(client, url)
        for marker in PRIVATE:
            assert marker not in html, (url, marker)


@pytest.mark.parametrize(
    ("profile", "publication", "gone"),
    [
        ({"show_website": False}, {}, [WEBSITE]),
        ({"show_municipality": False}, {}, ["Carpi (MO)", "showcase-points"]),
        ({"show_processes": False}, {}, ["Knitting-to-shape", "Maglieria a forma"]),
        ({}, {"grade": False}, ["Grade B", "badge-grade"]),
        ({}, {"certificates": False}, ["ISO 14001"]),
    ],
)
def test_switched_off_fields_leave_every_page(
    client, published_a, firm_a, profile, publication, gone
):
    if profile:
        list_firm(firm_a, **profile)
    if publication:
        publish(firm_a, **{"grade": True, "certificates": True, **publication})
    services.refresh_firm(firm_a.pk)
    for url in urls(firm_a.pk):
        html = client.get(url, headers={"accept-language": "en"}).content.decode()
        for text in gone:
            assert text not in html, (url, text)


def test_unpublished_showcase_is_404(client, published_a, firm_a, carpi):
    Showcase.objects.filter(district=carpi).update(published=False)
    for url in urls(firm_a.pk):
        assert client.get(url).status_code == 404, url


def test_no_showcase_or_unknown_district_is_404(client, carpi):
    for url in ("/showcase/carpi/", "/showcase/carpi/firms/", "/showcase/nowhere/"):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("state", ["unlisted", "unqualified", "other_firm"])
def test_firm_page_404_without_entry(client, published_a, firm_a, firm_b, state):
    firm = firm_a
    if state == "unlisted":
        list_firm(firm_a, listed=False)
    elif state == "unqualified":
        scored(firm_a, period="2027", qualification="not_qualified", grade="E")
    else:
        firm = firm_b  # in the district, never listed
    services.refresh_firm(firm.pk)
    assert client.get(f"/showcase/carpi/firms/{firm.pk}/").status_code == 404
    assert client.get("/showcase/carpi/firms/999999/").status_code == 404


def test_firm_of_another_district_is_404(client, published_a, brand_c, prato):
    Showcase.objects.create(district=prato, published=True)
    publish_firm(brand_c, prato)
    assert client.get(f"/showcase/prato/firms/{brand_c.pk}/").status_code == 200
    assert client.get(f"/showcase/carpi/firms/{brand_c.pk}/").status_code == 404


def test_anonymous_pages_set_no_cookie(client, published_a, firm_a):
    list_firm(firm_a, accepts_contacts=False)
    services.refresh_firm(firm_a.pk)
    for url in urls(firm_a.pk):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def test_firm_page_carries_json_ld_with_published_fields(client, published_a, firm_a):
    html = page(client, f"/en/showcase/carpi/firms/{firm_a.pk}/")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "Organization" and data["name"] == "Maglificio Alfa S.r.l."
    assert data["url"].endswith(f"/en/showcase/carpi/firms/{firm_a.pk}/")
    assert data["sameAs"] == [WEBSITE]
    assert data["address"][0]["addressLocality"] == "Carpi"
    assert data["hasCertification"][0]["name"].startswith("ISO 14001")
    assert data["description"] == PUBLISHED["summary_en"]
    publish(firm_a, grade=False, certificates=False)
    list_firm(firm_a, show_website=False, show_municipality=False, show_processes=False)
    services.refresh_firm(firm_a.pk)
    html = page(client, f"/en/showcase/carpi/firms/{firm_a.pk}/")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    for key in ("sameAs", "address", "hasCertification", "knowsAbout"):
        assert key not in data


def test_meta_description_and_open_graph(client, published_a, firm_a):
    firm = page(client, f"/en/showcase/carpi/firms/{firm_a.pk}/")
    assert f'<meta name="description" content="{PUBLISHED["summary_en"]}' in firm
    assert '<meta property="og:title" content="Maglificio Alfa S.r.l.' in firm
    home = page(client, "/en/showcase/carpi/")
    assert '<meta name="description" content="The knitwear district">' in home
    firms = page(client, "/showcase/carpi/firms/")
    assert 'rel="canonical" href="http' in firms


def test_home_shows_counts_firms_and_latest_news(client, published_a, carpi):
    for n in range(4):
        NewsItem.objects.create(
            district=carpi, title_it=f"Notizia zxq{n}", body_it="testo", published=True
        )
    NewsItem.objects.create(
        district=carpi, title_it="Bozza zxqdraft", body_it="testo", published=False
    )
    html = page(client, "/showcase/carpi/")
    assert "zxq3" in html and "zxq2" in html and "zxq1" in html
    assert "zxq0" not in html and "zxqdraft" not in html  # three newest, published only
    assert "<strong>1</strong>" in html
    assert "/showcase/carpi/practices/" in html and "/showcase/carpi/events/" in html


def test_home_counts_only_published_entries(client, published_a, carpi, firm_b):
    ShowcaseEntry.objects.create(district=carpi, firm=firm_b, name="Ricamificio", processes=[])
    html = page(client, "/en/showcase/carpi/")
    assert re.search(r"<strong>2</strong>\s*qualified firms listed", html)
