"""The open-data page, the embeddable list and its script, the sitemap and robots.txt."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from filiera.district.models import Event, GoodPractice, Network
from filiera.district.sitemaps import reversible
from tests.district.factories_public import entry, news, showcase

SITE = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def published(carpi, firm_a, firm_b):
    showcase(carpi)
    entry(carpi, firm_a)
    entry(carpi, firm_b, grade="")
    return carpi


def test_open_data_page(client, published):
    response = client.get("/showcase/carpi/open-data/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{SITE}/showcase/carpi/firms.csv" in body
    assert f"{SITE}/showcase/carpi/firms.jsonld" in body
    assert "https://creativecommons.org/licenses/by/4.0/" in body
    assert 'rel="license"' in body
    assert not response.cookies
    catalogue = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    data = json.loads(catalogue.group(1))
    assert data["@type"] == "Dataset" and len(data["distribution"]) == 2
    english = client.get("/en/showcase/carpi/open-data/")
    assert english.status_code == 200
    assert f"{SITE}/en/showcase/carpi/firms.csv" in english.content.decode()


def test_open_data_page_404_when_unpublished(client, carpi):
    showcase(carpi, published=False)
    assert client.get("/showcase/carpi/open-data/").status_code == 404


def test_embed_lists_firms_and_may_be_framed(client, published, firm_a, firm_b):
    response = client.get("/showcase/carpi/embed/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert not response.cookies
    body = response.content.decode()
    assert '<html lang="it">' in body
    assert firm_a.legal_name in body and firm_b.legal_name in body
    assert body.count('target="_blank" rel="noopener"') == 3  # two firms and the directory
    assert body.count('class="grade"') == 1  # firm_b does not publish its grade
    assert '<meta name="robots" content="noindex">' in body
    english = client.get("/en/showcase/carpi/embed/")
    assert english.status_code == 200 and '<html lang="en">' in english.content.decode()
    assert "/en/showcase/carpi/firms" in english.content.decode()


def test_other_pages_still_refuse_frames(client, published):
    response = client.get("/showcase/carpi/open-data/")
    assert response["X-Frame-Options"] == "DENY"


def test_embed_404_when_unpublished(client, carpi, firm_a):
    showcase(carpi, published=False)
    entry(carpi, firm_a)
    assert client.get("/showcase/carpi/embed/").status_code == 404
    assert client.get("/showcase/carpi/widget.js").status_code == 404


def test_widget_script(client, published):
    response = client.get("/showcase/carpi/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "max-age=300" in response["Cache-Control"]
    assert not response.cookies
    script = response.content.decode()
    assert f'"{SITE}/showcase/carpi/embed/"' in script
    assert f'"{SITE}/en/showcase/carpi/embed/"' in script
    assert "data-filiera-showcase" in script
    assert '"loading", "lazy"' in script and 'frame.width = "100%"' in script
    assert "frame.title" in script
    assert "<" not in script.split("(function")[1].replace("i < nodes", "")


def test_sitemap_lists_published_pages_only(client, published, firm_a, prato, brand_c):
    item = news(published, title_it="Pubblicata")
    draft = news(published, published=False)
    showcase(prato, published=False)
    entry(prato, brand_c)
    practice = GoodPractice.objects.create(
        title_it="P",
        title_en="P",
        summary_it="s",
        summary_en="s",
        theme=GoodPractice.Theme.NETWORKS,
        district=published,
        status="published",
    )
    hidden_practice = GoodPractice.objects.create(
        title_it="D",
        title_en="D",
        summary_it="s",
        summary_en="s",
        theme=GoodPractice.Theme.NETWORKS,
        district=published,
    )
    network = Network.objects.create(
        district=published, name="R", kind="contract", purpose_it="p", public=True
    )
    private_network = Network.objects.create(
        district=published, name="S", kind="contract", purpose_it="p"
    )
    from django.utils import timezone

    now = timezone.now()
    event = Event.objects.create(
        district=published, kind="lab", title_it="E", starts_at=now, ends_at=now, public=True
    )
    cancelled = Event.objects.create(
        district=published,
        kind="lab",
        title_it="C",
        starts_at=now,
        ends_at=now,
        public=True,
        cancelled=True,
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    locs = [u.find("s:loc", NS).text for u in root.findall("s:url", NS)]
    assert all(loc.startswith(SITE + "/") for loc in locs)
    paths = {loc.removeprefix(SITE) for loc in locs}
    for lang in ("", "/en"):
        for page in ("", "news/", "open-data/", "firms/"):
            assert f"{lang}/showcase/carpi/{page}" in paths
        assert f"{lang}/showcase/carpi/news/{item.pk}/" in paths
    text = response.content.decode()
    assert f"/news/{draft.pk}/" not in text
    assert "/showcase/prato/" not in text
    for url_name, path, pk in (
        ("showcase_practice", "practices", practice.pk),
        ("showcase_network", "networks", network.pk),
        ("showcase_event", "events", event.pk),
    ):
        # Listed once the page exists (another part of the showcase makes it).
        if reversible(url_name, slug="carpi", pk=pk):
            assert f"/showcase/carpi/{path}/{pk}/" in paths
    for name, pk in (
        ("practices", hidden_practice.pk),
        ("networks", private_network.pk),
        ("events", cancelled.pk),
    ):
        assert f"/showcase/carpi/{name}/{pk}/" not in text
    # Each address names its other language.
    first = root.find("s:url", NS)
    langs = {link.get("hreflang") for link in first.findall("x:link", NS)}
    assert langs == {"it", "en"}


def test_sitemap_absolute_from_site_url(client, published, settings):
    settings.SITE_URL = "https://vetrina.example.org"
    text = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://vetrina.example.org/showcase/carpi/</loc>" in text
    assert "http://testserver" not in text


def test_sitemap_empty_without_published_showcase(client, carpi):
    showcase(carpi, published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    assert root.findall("s:url", NS) == []


def test_robots(client, settings):
    settings.SITE_URL = "https://vetrina.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Allow: /showcase/" in lines and "Allow: /en/showcase/" in lines
    for private in ("/d/", "/firms/", "/accounts/", "/api/", "/news/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: https://vetrina.example.org/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)
