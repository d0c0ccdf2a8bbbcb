"""The dashboard's files: CSV and XLSX per section, the PDF report and the map's JSON."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from filiera.district import insight_pdf, insight_sections
from filiera.district.insight import Filters
from filiera.district.insight_engine import SUPPRESSED
from filiera.district.insight_sections import KEYS
from filiera.district.services.insight import refresh_district
from tests.district.conftest import certificate, scored
from tests.district.factories_insight import AREAS, make_firms

pytestmark = pytest.mark.django_db
EN = {"headers": {"accept-language": "en"}}
IT = {"headers": {"accept-language": "it"}}


@pytest.fixture
def district(carpi, base_version):
    firms = make_firms(carpi, 6, start=100, ateco="14.10.20")
    firms += make_firms(carpi, 3, start=200, ateco="13.10.00", municipality="036040")
    for firm in firms[:5]:
        scored(firm, grade="A", areas=AREAS)
    scored(firms[5], grade="E")
    for firm in firms[:6]:
        certificate(firm, "durc", days=30)
    refresh_district(carpi.pk)
    return carpi


def export(client, chart, fmt, lang=EN, **params):
    url = reverse("district_insight_export", kwargs={"slug": "carpi", "chart": chart, "fmt": fmt})
    return client.get(url, params, **lang)


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_section_as_csv_and_xlsx(client_for, manager, district):
    client = client_for(manager)
    for chart in KEYS:
        if chart == "indicators":
            continue  # no chain or symbiosis data in this district
        rows = read_csv(export(client, chart, "csv"))
        assert len(rows) > 1, chart
        response = export(client, chart, "xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [
            [c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
        ]
        assert [str(v) for v in values[0]] == rows[0], chart
        assert len(values) == len(rows), chart


def test_csv_values_as_on_the_page(client_for, manager, district):
    client = client_for(manager)
    rows = read_csv(export(client, "grades", "csv"))
    assert rows[0] == ["Area", "Firms with a grade", "A", "B", "C", "D", "E", "Share A-B (%)"]
    assert rows[1] == ["Overall", "6", "5", "0", "0", "0", SUPPRESSED, "83.3"]
    certificates = read_csv(export(client, "certificates", "csv"))
    assert certificates[0] == ["Table", "Figure", "Count"]
    assert ["Overview", "Valid certificates", "6"] in certificates


def test_header_in_the_page_language(client_for, manager, district):
    with translation.override("it"):
        expected = [gettext("Area"), gettext("Firms with a grade")]
    rows = read_csv(export(client_for(manager), "grades", "csv", lang=IT))
    assert rows[0][:2] == expected


def test_exports_follow_the_filters(client_for, manager, district):
    client = client_for(manager)
    rows = read_csv(export(client, "onboarding", "csv", sector="14"))
    assert rows[1][1] == "6"
    too_few = read_csv(export(client, "onboarding", "csv", sector="13"))
    assert len(too_few) == 1  # the header only: fewer than 5 firms
    sheet = load_workbook(io.BytesIO(export(client, "trends", "xlsx", sector="13").content)).active
    assert sheet.max_row == 1


def test_unknown_export_is_404(client_for, manager, district):
    client = client_for(manager)
    assert export(client, "nothing", "csv").status_code == 404
    assert export(client, "grades", "json").status_code == 404


def test_pdf_report(client_for, manager, district):
    response = client_for(manager).get(reverse("district_insight_report", args=["carpi"]), **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pages(response.content) >= 2


def pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", content))


def test_pdf_content_and_suppression(district):
    with translation.override("en"):
        board = insight_sections.build(district, Filters())
        content = insight_pdf.build_report(
            board, title="District report", cover=["cover line"], footer="foot", compress=False
        )
    assert b"Distretto di Carpi" in content and b"cover line" in content
    assert b"Grade distribution, overall and per area" in content
    assert b"(<5)" in content  # the hidden count of grade E
    assert pages(content) == 1 + len(board.sections)


def test_pdf_with_too_few_firms_has_only_its_cover(client_for, manager, district):
    url = reverse("district_insight_report", args=["carpi"])
    content = client_for(manager).get(url, {"sector": "13"}, **EN).content
    assert content.startswith(b"%PDF")
    with translation.override("en"):
        board = insight_sections.build(district, Filters(sector="13"))
        plain = insight_pdf.build_report(board, title="t", cover=[], footer="", compress=False)
    assert pages(plain) == 1


def test_map_json(client_for, manager, district):
    client = client_for(manager)
    url = reverse("district_insight_map", args=["carpi"])
    data = client.get(url).json()
    assert data["firms"] == 9 and len(data["points"]) == 9
    grades = sorted(point[2] for point in data["points"])
    assert grades == ["", "", "", "A", "A", "A", "A", "A", "E"]
    lat, lon = data["points"][0][:2]
    assert 44 < lat < 45.5 and 10 < lon < 11.5
    assert client.get(url, {"sector": "14"}).json()["firms"] == 6
    few = client.get(url, {"sector": "13"}).json()
    assert few["points"] == [] and few["firms"] == SUPPRESSED
