"""Cursor pagination: every row once, in a stable order, in the same number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filiera.registry import services
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import FacilityId, Firm, FirmActivity, Municipality, Site

FIRMS = 23


@pytest.fixture
def many_firms(carpi, prato):
    """Firms with repeated names (ties broken by id), each with two activities and two sites."""
    firms = Firm.objects.bulk_create(
        Firm(legal_name=f"Ditta {'ABCDE'[i % 5]}", vat=italian_vat(5000 + i), role="subcontractor")
        for i in range(FIRMS)
    )
    for firm in firms:
        firm.districts.add(carpi if firm.pk % 4 else prato)
    FirmActivity.objects.bulk_create(
        FirmActivity(firm=firm, code=code, is_primary=code == "14.10")
        for firm in firms
        for code in ("14.10", "13.20")
    )
    carpi_town = Municipality.objects.get(pk="036005")
    codes = services.issue_facility_ids(2 * FIRMS)
    sites = Site.objects.bulk_create(
        Site(
            firm=firm,
            name=f"Sito {n}",
            municipality=carpi_town,
            lat=44.78,
            lon=10.88,
            facility_id=codes.pop(),
        )
        for firm in firms
        for n in range(2)
    )
    FacilityId.objects.bulk_create(FacilityId(code=s.facility_id, site=s) for s in sites)
    for site in sites:
        site.processes.set(["MU.SEWING", "MU.PRESSING"])
    return firms


def walk(client, path: str, limit: int, **params) -> tuple[list[dict], list[int]]:
    """Every item of every page, and the number of queries each page took."""
    items, counts, cursor = [], [], None
    while True:
        query = params | {"limit": limit} | ({"cursor": cursor} if cursor else {})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **query)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        counts.append(len(queries))
        cursor = body["next_cursor"]
        if cursor is None:
            return items, counts


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_firm_pages_cover_every_firm_once_in_order(api_for, many_firms, persona):
    client = api_for(persona)
    client.get("/districts")  # the token's first use stamps it: keep that out of the counts
    items, counts = walk(client, "/firms", limit=4)
    visible = (
        Firm.objects.all() if persona == "admin" else Firm.objects.filter(districts__slug="carpi")
    )
    expected = list(visible.order_by("legal_name", "id").values_list("id", flat=True))
    assert [firm["id"] for firm in items] == expected
    assert len(counts) == -(-len(expected) // 4)
    assert len(set(counts)) == 1, counts
    assert all(len(firm["ateco"]) == 2 and len(firm["sites"]) == 2 for firm in items)


def test_firm_pages_take_the_same_queries_whatever_their_size(api_for, many_firms, admin):
    client = api_for("admin")
    client.get("/districts")
    _items, small = walk(client, "/firms", limit=2)
    _items, large = walk(client, "/firms", limit=200)
    assert set(small) == set(large) and len(large) == 1
    assert large[0] <= 10


def test_filtered_firm_pages(api_for, many_firms, admin):
    items, _counts = walk(api_for("admin"), "/firms", limit=3, q="Ditta B")
    assert [f["id"] for f in items] == sorted(f.pk for f in many_firms if f.legal_name == "Ditta B")


def test_rows_added_behind_the_cursor_cause_no_repeats(api_for, many_firms, admin):
    client = api_for("admin")
    first = client.get("/firms", limit=5).json()
    Firm.objects.create(legal_name="AAA Nuova", vat=italian_vat(9999), role="brand")
    rest, _counts = walk(client, "/firms", limit=50, cursor=first["next_cursor"])
    seen = [f["id"] for f in first["items"] + rest]
    assert len(seen) == len(set(seen)) == FIRMS


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_site_pages_cover_every_site_once_in_order(api_for, many_firms, persona):
    client = api_for(persona)
    client.get("/districts")
    items, counts = walk(client, "/sites", limit=7)
    visible = (
        Site.objects.all()
        if persona == "admin"
        else Site.objects.filter(firm__districts__slug="carpi")
    )
    assert [s["facility_id"] for s in items] == list(
        visible.order_by("id").values_list("facility_id", flat=True)
    )
    assert len(set(counts)) == 1, counts
    assert all(s["processes"] == ["MU.PRESSING", "MU.SEWING"] for s in items)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "not base64!"}, "cursor"),
        ({"cursor": "WyJhIl0"}, "cursor"),  # ["a"]: the wrong shape
        ({"cursor": "eyJhIjogMX0"}, "cursor"),  # {"a": 1}
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
    ],
)
@pytest.mark.parametrize("path", ["/firms", "/sites"])
def test_bad_paging_is_422(api_for, admin, path, params, field):
    response = api_for("admin").get(path, **params)
    assert response.status_code == 422
    assert [item["loc"] for item in response.json()["detail"]] == [["query", field]]
