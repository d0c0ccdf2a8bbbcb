"""The firm directory's search: text, process, product, certification and municipality; pages of
20; a map of the published places; few queries, and a cache that never serves stale results."""

from __future__ import annotations

import json
import re

import pytest

from filiera.district.services import showcase as services
from filiera.registry import services as registry
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Municipality
from tests.district.conftest import list_firm
from tests.district.factories_showcase import (
    clear_cache,
    many_entries,
    publish_firm,
    published_a,
)

pytestmark = pytest.mark.usefixtures("clear_cache")
__all__ = ["clear_cache", "published_a"]


def names(client, query: str = "", lang: str = "") -> list[str]:
    response = client.get(f"{lang}/showcase/carpi/firms/?{query}")
    assert response.status_code == 200
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.fixture
def two_firms(published_a, firm_b, carpi):
    """Firm A (knitting, Carpi, ISO 14001) and firm B (embroidery, Sassuolo, no certificate)."""
    publish_firm(firm_b, carpi, products_it="ricami su maglia", products_en="embroidery")
    firm_b.evidence.all().delete()
    services.refresh_firm(firm_b.pk)
    return published_a


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Maglificio Alfa S.r.l.", "Ricamificio Beta S.n.c."]),
        ("q=alfa", ["Maglificio Alfa S.r.l."]),
        ("q=RICAMO", ["Ricamificio Beta S.n.c."]),  # a process name, any case
        ("q=sassuolo", ["Ricamificio Beta S.n.c."]),  # a place
        ("q=ISO+14001", ["Maglificio Alfa S.r.l."]),  # a certificate
        ("q=maglia+ricami", ["Ricamificio Beta S.n.c."]),  # every word must match
        ("q=nothing-like-this", []),
        ("process=MU.KNIT_TO_SHAPE", ["Maglificio Alfa S.r.l."]),
        ("process=MU.EMBROIDERY", ["Ricamificio Beta S.n.c."]),
        ("product=Sweaters", ["Maglificio Alfa S.r.l."]),
        ("product=ricami", ["Ricamificio Beta S.n.c."]),
        ("certification=iso_14001", ["Maglificio Alfa S.r.l."]),
        ("municipality=036040", ["Ricamificio Beta S.n.c."]),
        ("municipality=036005&process=MU.KNIT_TO_SHAPE", ["Maglificio Alfa S.r.l."]),
        ("municipality=036005&process=MU.EMBROIDERY", []),
    ],
)
def test_filters(client, two_firms, query, expected):
    assert names(client, query) == expected


def test_unknown_choice_is_named_and_left_out(client, two_firms):
    response = client.get("/en/showcase/carpi/firms/?process=NOPE&q=alfa")
    html = response.content.decode()
    assert response.status_code == 200
    assert "were not understood" in html and "Process" in html
    assert names(client, "process=NOPE&q=alfa") == ["Maglificio Alfa S.r.l."]


def test_hidden_processes_and_places_are_not_searchable(client, two_firms, firm_a):
    list_firm(firm_a, show_processes=False, show_municipality=False)
    services.refresh_firm(firm_a.pk)
    assert "MU.KNIT_TO_SHAPE" not in client.get("/showcase/carpi/firms/").content.decode()
    assert "036005" not in client.get("/showcase/carpi/firms/").content.decode()
    assert names(client, "q=carpi") == []
    assert names(client, "q=maglia+forma") == []


def test_choices_list_published_values_with_counts(client, two_firms):
    html = client.get("/en/showcase/carpi/firms/").content.decode()
    assert '<option value="MU.KNIT_TO_SHAPE">Knitting-to-shape' in html
    assert '<option value="iso_14001">ISO 14001' in html and "(1)</option>" in html
    assert '<option value="036040">Sassuolo (MO) (1)</option>' in html


def test_form_has_labels_and_works_without_javascript(client, two_firms):
    html = client.get("/showcase/carpi/firms/").content.decode()
    assert 'method="get"' in html
    for field in ("q", "process", "product", "certification", "municipality"):
        assert f'<label for="id_{field}"' in html
    assert "csrfmiddlewaretoken" not in html


def test_map_data_holds_published_places_only(client, two_firms, firm_b):
    list_firm(firm_b, show_municipality=False)
    services.refresh_firm(firm_b.pk)
    html = client.get("/showcase/carpi/firms/").content.decode()
    found = re.search(r'<script id="showcase-points" type="application/json">(.*?)</script>', html)
    assert found is not None
    points = json.loads(found.group(1))
    assert [p["name"] for p in points] == ["Maglificio Alfa S.r.l."]
    assert set(points[0]) == {"firm", "name", "place", "lat", "lon", "url"}
    assert points[0]["place"] == "Carpi (MO)"


def _many(carpi, count: int):
    carpi_point = Municipality.objects.get(pk="036005")
    firms = []
    for n in range(count):
        firm = registry.create_firm(
            None,
            districts=[carpi],
            legal_name=f"Impresa {n:03d}",
            vat=italian_vat(5000 + n),
            role="subcontractor",
        )
        firms.append(firm)
    place = {"name": "Carpi (MO)", "municipality": "036005", "country": "IT"}
    place |= {"lat": round(carpi_point.lat, 2), "lon": round(carpi_point.lon, 2)}
    return many_entries(carpi, firms, places=[place])


def test_pages_of_twenty(client, carpi, carpi_showcase):
    _many(carpi, 45)
    first = names(client)
    assert len(first) == 20 and first[0] == "Impresa 000"
    third = names(client, "page=3")
    assert third == [f"Impresa {n:03d}" for n in range(40, 45)]
    assert names(client, "page=99") == third  # past the end: the last page
    assert names(client, "page=abc") == first
    html = client.get("/en/showcase/carpi/firms/?q=impresa&page=2").content.decode()
    assert "45 firms found" in html and "page 2 of 3" in html
    assert 'href="?q=impresa&amp;page=3"' in html and 'href="?q=impresa&amp;page=1"' in html


def test_few_queries_and_cached_pages(
    client, carpi, carpi_showcase, django_assert_max_num_queries, django_assert_num_queries
):
    _many(carpi, 30)
    with django_assert_max_num_queries(5):  # the district, the figures, the count, the rows
        client.get("/showcase/carpi/firms/?q=impresa&page=2")
    with django_assert_max_num_queries(3):  # another search: the figures are cached
        client.get("/showcase/carpi/firms/?q=impresa+01")
    with django_assert_num_queries(1):  # the same search again: the district only
        client.get("/showcase/carpi/firms/?q=impresa&page=2")


def test_cache_follows_every_change(client, two_firms, firm_b):
    assert names(client, "q=ricamificio") == ["Ricamificio Beta S.n.c."]
    list_firm(firm_b, listed=False)
    services.refresh_firm(firm_b.pk)
    assert names(client, "q=ricamificio") == []
    assert "Sassuolo" not in client.get("/showcase/carpi/firms/").content.decode()
