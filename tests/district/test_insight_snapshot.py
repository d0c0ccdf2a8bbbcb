"""The district-wide figures of the snapshot: supply chains and symbiosis when present, the
same as the district's own pages, and not filtered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.chains.models import SupplyRelation
from filiera.district.insight_engine import SUPPRESSED
from filiera.district.models import DistrictSnapshot
from filiera.district.services.insight import refresh_district
from filiera.symbiosis.models import Flow
from tests.district.factories_insight import make_firm, make_firms

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(carpi, base_version):
    brand = make_firm(carpi, 1, role="brand", ateco="14.13.10", employees=30)
    suppliers = make_firms(carpi, 6, start=10)
    for supplier in suppliers:
        SupplyRelation.objects.create(client=brand, supplier=supplier, tier=1)
    for firm in suppliers[:5]:
        site = firm.sites.get()
        Flow.objects.create(
            firm=firm, site=site, lat=site.lat, lon=site.lon, direction="offer", kind="waste",
            ewc="040222", description="Ritagli di maglieria", quantity=10, unit="t",
            period="year", amount_year=10, base_unit="t", legal_status="waste",
        )  # fmt: skip
    refresh_district(carpi.pk)
    return carpi


def test_snapshot_holds_chain_and_symbiosis_figures(district):
    figures = DistrictSnapshot.objects.get(district=district).figures
    overview = figures["chains"][0]
    assert overview["title"]["en"] == "Overview" and overview["title"]["it"]
    by_key = {f["key"]: f for f in overview["figures"]}
    assert by_key["relations"]["value"] == 6
    assert by_key["suppliers"]["value"] == 6
    assert by_key["brands_with_chains"]["value"] == SUPPRESSED  # one brand
    symbiosis = {f["key"]: f for f in figures["symbiosis"]}
    assert symbiosis["firms_with_flows"]["value"] == 5
    assert symbiosis["links"]["value"] == 0
    assert symbiosis["cmu"]["label"]["en"] == "Circular material use rate"


def test_few_firms_with_flows_hide_symbiosis_figures(carpi, base_version):
    firms = make_firms(carpi, 5)
    site = firms[0].sites.get()
    Flow.objects.create(
        firm=firms[0], site=site, lat=site.lat, lon=site.lon, direction="offer", kind="waste",
        ewc="040222", description="Ritagli", quantity=10, unit="t", period="year",
        amount_year=10, base_unit="t", legal_status="waste",
    )  # fmt: skip
    refresh_district(carpi.pk)
    symbiosis = {
        f["key"]: f for f in DistrictSnapshot.objects.get(district=carpi).figures["symbiosis"]
    }
    assert symbiosis["firms_with_flows"]["value"] == SUPPRESSED
    assert symbiosis["diverted_t"]["value"] == SUPPRESSED
    assert symbiosis["cmu"]["value"] == SUPPRESSED


def test_indicators_section_ignores_filters(client_for, manager, district):
    client = client_for(manager)
    url = reverse("district_insight", args=["carpi"])
    board = client.get(url, headers={"accept-language": "en"}).context["board"]
    section = board.section("indicators")
    assert [t.title for t in section.tables][-1] == "Industrial symbiosis"
    filtered = client.get(url, {"size": "micro"}, headers={"accept-language": "en"}).context[
        "board"
    ]
    assert filtered.firms < board.firms
    assert filtered.section("indicators").tables[0].rows == section.tables[0].rows
    rows = (
        client.get(
            reverse(
                "district_insight_export",
                kwargs={"slug": "carpi", "chart": "indicators", "fmt": "csv"},
            ),
            headers={"accept-language": "en"},
        )
        .content.decode("utf-8-sig")
        .splitlines()
    )
    assert rows[0] == "Table,Figure,Value,Unit"
    assert any(line.startswith("Industrial symbiosis,") for line in rows)
