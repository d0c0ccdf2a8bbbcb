"""District chain statistics: staff only, aggregates only, every small cohort hidden."""

from __future__ import annotations

import io
import re
from csv import reader
from html import unescape as html_unescape

import pytest
from django.urls import reverse

from filiera.registry.models import Firm
from tests.conftest import PERSONAS, _firm

ALLOWED = {"admin", "manager", "verifier"}


def figure(html: str, key: str) -> str:
    match = re.search(
        rf'data-figure="{key}">\s*<th[^>]*>.*?</th>\s*<td[^>]*>(.*?)</td>', html, re.S
    )
    assert match, key
    return html_unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def suppliers(district, n: int, start: int = 3000) -> list[Firm]:
    return [_firm(f"Fornitore {i} S.r.l.", start + i, district) for i in range(n)]


@pytest.fixture
def url(carpi):
    return reverse("district_chains", args=[carpi.slug])


@pytest.mark.parametrize("persona", [*PERSONAS, "brand_y_owner"])
def test_only_district_staff_see_the_page(client_for, request, url, brand_y, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(url)
    assert response.status_code == (200 if persona in ALLOWED else 404)
    csv = client_for(user).get(url.replace("chains/", "chains.csv"))
    assert csv.status_code == (200 if persona in ALLOWED else 404)


def test_anonymous_visitors_are_sent_to_sign_in(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_four_suppliers_are_hidden_five_are_shown(client_for, manager, url, carpi, brand_y, relate):
    firms = suppliers(carpi, 4)
    for firm in firms:
        relate(brand_y, firm, tier=2)
    html = client_for(manager).get(url).content.decode()
    assert figure(html, "suppliers") == "<5"
    assert figure(html, "suppliers_tier_2") == "<5"
    assert figure(html, "qualified") == "<5"
    assert figure(html, "firms_in_chains") == "5"  # the brand and its four suppliers
    assert figure(html, "brands_with_chains") == "<5"
    relate(brand_y, suppliers(carpi, 1, start=3100)[0], tier=2)
    html = client_for(manager).get(url).content.decode()
    assert figure(html, "suppliers") == "5"
    assert figure(html, "suppliers_tier_2") == "5"
    assert figure(html, "qualified").startswith("0")  # none assessed yet
    assert figure(html, "not_assessed") == "5"
    assert figure(html, "relations") == "5"


def test_relations_hidden_below_five_firms(client_for, manager, url, carpi, brand_y, relate):
    for firm in suppliers(carpi, 3):
        relate(brand_y, firm)
    html = client_for(manager).get(url).content.decode()
    assert figure(html, "relations") == "<5"


def test_brand_averages_need_five_brands(client_for, manager, url, carpi, relate):
    brands = [
        _firm(f"Marchio {i} S.p.A.", 3200 + i, carpi, role="brand", employees=60) for i in range(4)
    ]
    for i, brand in enumerate(brands):
        relate(brand, suppliers(carpi, 1, start=3300 + i)[0])
    html = client_for(manager).get(url).content.decode()
    assert figure(html, "traceability") == "<5"
    assert figure(html, "share_district") == "<5"
    fifth = _firm("Marchio 5 S.p.A.", 3210, carpi, role="brand", employees=60)
    relate(fifth, suppliers(carpi, 1, start=3310)[0])
    html = client_for(manager).get(url).content.decode()
    assert figure(html, "brands_with_chains") == "5"
    assert figure(html, "traceability").startswith("100")  # every link names its site
    assert figure(html, "share_italy").startswith("100")


def test_no_firm_is_named_nor_its_grade_shown(
    client_for, manager, url, carpi, brand_y, relate, firm_a, submitted_a
):
    relate(brand_y, firm_a)
    for firm in suppliers(carpi, 5):
        relate(brand_y, firm)
    response = client_for(manager).get(url)
    html = response.content.decode()
    csv = client_for(manager).get(url.replace("chains/", "chains.csv")).content.decode()
    for name in Firm.objects.values_list("legal_name", flat=True):
        assert name not in html and name not in csv
    assert figure(html, f"grade_{submitted_a.grade}") == "<5"  # one assessed firm only
    assert figure(html, "suppliers") == "6"
    values = {row[1]: row[3] for row in reader(io.StringIO(csv))}
    assert values["suppliers"] == "6"
    assert values[f"grade_{submitted_a.grade}"] == "<5"
