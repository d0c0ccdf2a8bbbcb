"""The import page: district managers only, report of errors, summary, size limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from filiera.registry.identifiers import italian_vat
from filiera.registry.importing.columns import COLUMNS
from filiera.registry.models import Firm, Site

DATA = Path(__file__).parent / "data"
URL = reverse("import_companies", args=["carpi"])


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def english(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_manager_sees_the_form_and_the_template_link(manager, client_for):
    response = client_for(manager).get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert "?download=template" in response.content.decode()


def test_template_csv_has_the_header_row(manager, client_for):
    response = client_for(manager).get(URL, {"download": "template"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").strip() == ",".join(COLUMNS)


def test_manager_imports_a_file_and_sees_the_summary(manager, carpi):
    response = english(manager).post(URL, {"file": upload("firms.csv")})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok and report.firms_created == 4 and report.sites_created == 5
    page = response.content.decode()
    assert "Imported 5 rows" in page and 'id="firms-created">4<' in page
    assert Firm.objects.filter(districts=carpi).count() == 4


def test_dry_run_shows_counts_and_saves_nothing(manager, carpi):
    response = english(manager).post(URL, {"file": upload("firms.csv"), "dry_run": "on"})
    report = response.context["report"]
    assert report.ok and report.dry_run and report.sites_created == 5
    assert "Dry run" in response.content.decode()
    assert not Firm.objects.exists()


def test_row_errors_are_listed_and_nothing_is_saved(manager, carpi):
    response = english(manager).post(URL, {"file": upload("bad_rows.csv")})
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "<td>4</td><td><code>municipality</code></td>" in page
    assert "Atlantide" in page
    assert len(response.context["report"].errors) == 12
    assert not Firm.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("latin1.csv", None, "CSV UTF-8"),
        ("empty.csv", None, "The file is empty"),
        ("missing_column.csv", None, "“municipality” is missing"),
        ("firms.xlsx", b"PK\x03\x04 broken", "XLSX file cannot be read"),
    ],
)
def test_file_problems_give_one_clear_message(manager, carpi, name, content, expected):
    response = english(manager).post(URL, {"file": upload(name, content)})
    error = response.context["file_error"]
    assert expected in error and "Nothing was imported" in error
    assert expected in response.content.decode()


def test_a_50_mb_upload_is_refused_with_a_clear_message(manager, carpi, tmp_path, settings):
    assert settings.IMPORT_MAX_BYTES == 20 * 1024 * 1024
    big = tmp_path / "big.csv"
    line = f"{italian_vat(1)},Alfa,Carpi (MO)\n".encode()
    with big.open("wb") as out:
        out.write(b"vat,name,municipality\n")
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size > 50 * 1024 * 1024
    with big.open("rb") as stream:
        response = english(manager).post(URL, {"file": stream})
    assert response.status_code == 200
    assert response.wsgi_request.import_too_large  # refused while receiving, never stored whole
    assert "larger than 20 MB" in response.context["file_error"]
    assert "report" not in response.context
    assert not Firm.objects.exists()


def test_the_csrf_check_still_applies(manager, carpi):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post(URL, {"file": upload("firms.csv")})
    assert response.status_code == 403
    assert not Firm.objects.exists()


@pytest.mark.parametrize("persona", ["verifier", "owner_a", "outsider", "prato_manager"])
def test_others_cannot_use_the_import_page(persona, request, carpi, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    sites_before = Site.objects.count()
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"download": "template"}).status_code == 404
    assert client.post(URL, {"file": upload("firms.csv")}).status_code == 404
    assert not Firm.objects.filter(vat=italian_vat(3001)).exists()
    assert Site.objects.count() == sites_before


def test_anonymous_is_sent_to_log_in(carpi, client_for):
    response = client_for(None).post(URL, {"file": upload("firms.csv")})
    assert response.status_code == 302 and reverse("login") in response.url
    assert not Firm.objects.exists()


def test_superuser_may_import(admin, carpi, client_for):
    response = client_for(admin).post(URL, {"file": upload("firms.csv")})
    assert response.context["report"].ok
