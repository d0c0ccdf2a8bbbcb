"""Export of the directory: staff only, only visible firms, same columns as the import."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from filiera.core.models import AuditEvent
from filiera.registry import services
from filiera.registry.identifiers import italian_vat
from filiera.registry.importing.columns import EXPORT_COLUMNS
from filiera.registry.importing.service import import_file
from filiera.registry.models import Municipality, Site

URL = reverse("firm_export")


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_manager_exports_csv_one_row_per_site(manager, firm_a, firm_b, brand_c, client_for):
    services.create_site(
        None,
        firm_a,
        name="Magazzino",
        municipality=Municipality.objects.get(pk="036044"),
        lat=44.75,
        lon=10.94,
        processes=["MU.PACKAGING", "MU.QC"],
        workers=3,
    )
    response = client_for(manager).get(URL, {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [r["vat"] for r in rows] == [firm_a.vat, firm_a.vat, firm_b.vat]  # not the Prato brand
    magazzino = next(r for r in rows if r["site_name"] == "Magazzino")
    assert magazzino["processes"] == "MU.PACKAGING|MU.QC" and magazzino["lat"] == "44.75"
    assert (
        magazzino["municipality"] == "036044" and magazzino["municipality_name"] == "Soliera (MO)"
    )
    sede = next(r for r in rows if r["site_name"] == "Maglificio Alfa S.r.l. · sede")
    assert sede["lat"] == "" and sede["ateco"] == "14.10.20" and sede["employees"] == "12"
    assert sede["turnover_eur"] == "1500000" and sede["facility_id"].startswith("FIL-")


def test_filters_of_the_directory_apply(manager, firm_a, firm_b, client_for):
    rows = csv_rows(client_for(manager).get(URL, {"format": "csv", "process": "MU.EMBROIDERY"}))
    assert [r["name"] for r in rows] == [firm_b.legal_name]


def test_prato_manager_sees_only_prato_firms(prato_manager, firm_a, firm_b, brand_c, client_for):
    rows = csv_rows(client_for(prato_manager).get(URL, {"format": "csv"}))
    assert [r["vat"] for r in rows] == [brand_c.vat]
    rows = csv_rows(client_for(prato_manager).get(URL, {"format": "csv", "district": "carpi"}))
    assert rows == []


def test_verifier_and_superuser_may_export(verifier, admin, firm_a, brand_c, client_for):
    assert len(csv_rows(client_for(verifier).get(URL))) == 1
    assert len(csv_rows(client_for(admin).get(URL))) == 2


@pytest.mark.parametrize("persona", ["owner_a", "outsider"])
def test_firm_owners_and_outsiders_are_refused(persona, request, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL, {"format": "csv"}).status_code == 403
    assert client_for(user).get(URL, {"format": "xlsx"}).status_code == 403


def test_anonymous_is_sent_to_log_in(firm_a, client_for):
    response = client_for(None).get(URL, {"format": "csv"})
    assert response.status_code == 302 and reverse("login") in response.url


def test_unknown_format_is_a_bad_request(manager, client_for):
    assert client_for(manager).get(URL, {"format": "pdf"}).status_code == 400


def test_formula_like_text_is_protected_and_reimports_unchanged(manager, carpi, firm_a, client_for):
    services.update_firm(None, firm_a, legal_name="=Maglificio Alfa")
    csv_response = client_for(manager).get(URL, {"format": "csv"})
    data = b"".join(csv_response.streaming_content)
    assert csv_rows_from(data)[0]["name"] == "'=Maglificio Alfa"
    report = import_file(io.BytesIO(data), "export.csv", district=carpi, actor=manager)
    assert report.ok and report.firms_unchanged == 1 and report.sites_unchanged == 1
    xlsx = client_for(manager).get(URL, {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet.cell(2, 2).value == "=Maglificio Alfa" and sheet.cell(2, 2).data_type == "s"


def csv_rows_from(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_xlsx_round_trip_changes_nothing(manager, carpi, firm_a, firm_b, client_for):
    services.create_site(
        None,
        firm_b,
        name="Laboratorio 2",
        municipality=Municipality.objects.get(pk="036005"),
        lat=44.79,
        lon=10.88,
        processes=["MU.SEWING"],
        workers=2,
        osh_id="IT2024000XYZ001",
    )
    services.create_firm(
        None, districts=[carpi], legal_name="Senza Sedi", vat=italian_vat(9990), role="service"
    )
    response = client_for(manager).get(URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    events = AuditEvent.objects.count()
    sites = Site.objects.count()
    report = import_file(io.BytesIO(response.content), "export.xlsx", district=carpi, actor=manager)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.firms_created, report.firms_updated, report.firms_unchanged) == (0, 0, 3)
    assert (report.sites_created, report.sites_updated, report.sites_unchanged) == (0, 0, 3)
    assert Site.objects.count() == sites
    assert AuditEvent.objects.exclude(action="import").count() == events
