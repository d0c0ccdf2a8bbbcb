"""The flows import pages: a firm's own page for its owners and editors, the district's page for
its managers; a good file imported, a bad one listed row by row with nothing saved, a dry run,
the template, a file too large; every persona's answer."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.symbiosis.models import Flow
from tests.conftest import PERSONAS
from tests.symbiosis.factories_import import csv_bytes, good_rows

EN = {"headers": {"accept-language": "en"}}
# Who may open each page (the others: 403 for those who see the firm's flows, else 404).
FIRM_PAGE = {"admin": 200, "owner_a": 200, "editor_a": 200, "viewer_a": 403}
FIRM_PAGE |= {"manager": 403, "verifier": 403}  # district staff read flows, not import them
DISTRICT_PAGE = {"admin": 200, "manager": 200}


def firm_url(firm) -> str:
    return reverse("flow_import", args=[firm.pk])


def district_url(district) -> str:
    return reverse("district_flow_import", args=[district.slug])


def upload(content: bytes, name: str = "flows.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def rows(firm_a, firm_b):
    return good_rows(firm_a, firm_b)


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_who_may_open_a_firms_import_page(request, client_for, firm_a, persona, rows):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    response = client.get(firm_url(firm_a), **EN)
    if user is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == FIRM_PAGE.get(persona, 404)
    post = client.post(firm_url(firm_a), {"file": upload(csv_bytes(rows[:2]))}, **EN)
    assert post.status_code == (302 if user is None else FIRM_PAGE.get(persona, 404))
    assert Flow.objects.exists() == (FIRM_PAGE.get(persona) == 200)


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_who_may_open_a_districts_import_page(request, client_for, carpi, persona, rows):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    response = client.get(district_url(carpi), **EN)
    if user is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == DISTRICT_PAGE.get(persona, 404)
    post = client.post(district_url(carpi), {"file": upload(csv_bytes(rows))}, **EN)
    assert post.status_code == (302 if user is None else DISTRICT_PAGE.get(persona, 404))
    assert Flow.objects.exists() == (persona in DISTRICT_PAGE)


def test_the_page_and_its_template(client_for, owner_a, firm_a):
    response = client_for(owner_a).get(firm_url(firm_a), **EN)
    body = response.content.decode()
    assert 'id="import-form"' in body and firm_a.vat in body
    template = client_for(owner_a).get(firm_url(firm_a) + "?download=template")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode().strip() == (
        "ref,vat,site_name,direction,kind,ewc,description,quantity,unit,period,"
        "max_distance_km,available_from,available_until,accepted_ewc,attributes,"
        "description_en,legal_status,accepts_hazardous"
    )
    flows = client_for(owner_a).get(reverse("flow_list", args=[firm_a.pk]), **EN)
    assert firm_url(firm_a) in flows.content.decode()


def test_a_good_file_on_a_firms_page(client_for, editor_a, firm_a, rows):
    for row in rows[:2]:
        row["vat"] = ""
    response = client_for(editor_a).post(firm_url(firm_a), {"file": upload(csv_bytes(rows[:2]))})
    report = response.context["report"]
    assert report.ok and report.created == 2
    assert 'id="flows-created">2<' in response.content.decode()
    assert Flow.objects.filter(firm=firm_a, created_by=editor_a).count() == 2
    event = AuditEvent.objects.get(action="import", firm_id=firm_a.pk)
    assert event.actor == editor_a


def test_another_firms_row_is_refused_on_a_firms_page(client_for, owner_a, firm_a, rows):
    response = client_for(owner_a).post(firm_url(firm_a), {"file": upload(csv_bytes(rows))}, **EN)
    body = response.content.decode()
    assert 'id="import-errors"' in body and 'data-line="4" data-column="vat"' in body
    assert not Flow.objects.exists()


def test_a_bad_file_lists_every_problem(client_for, manager, carpi, rows):
    rows[0]["ewc"] = "04 02 23"
    rows[2]["quantity"] = "-5"
    response = client_for(manager).post(
        district_url(carpi), {"file": upload(csv_bytes(rows))}, **EN
    )
    body = response.content.decode()
    assert 'data-line="2" data-column="ewc"' in body
    assert 'data-line="4" data-column="quantity"' in body
    assert "2 rows of 3 have errors" in body
    assert not Flow.objects.exists()


def test_a_dry_run_saves_nothing(client_for, manager, carpi, rows):
    response = client_for(manager).post(
        district_url(carpi), {"file": upload(csv_bytes(rows)), "dry_run": "on"}, **EN
    )
    report = response.context["report"]
    assert report.dry_run and report.created == 3
    assert "Dry run" in response.content.decode()
    assert not Flow.objects.exists()
    response = client_for(manager).post(district_url(carpi), {"file": upload(csv_bytes(rows))})
    assert response.context["report"].created == 3 and Flow.objects.count() == 3


def test_an_unreadable_or_too_large_file(client_for, owner_a, firm_a, settings, rows):
    response = client_for(owner_a).post(firm_url(firm_a), {"file": upload(b"name\nX\n")}, **EN)
    assert 'id="file-error"' in response.content.decode()
    assert "Nothing was imported" in response.context["file_error"]
    response = client_for(owner_a).post(firm_url(firm_a), {}, **EN)
    assert response.context["form"].errors and "report" not in response.context
    settings.IMPORT_MAX_BYTES = 50
    response = client_for(owner_a).post(firm_url(firm_a), {"file": upload(csv_bytes(rows))})
    assert response.context["file_error"] and not Flow.objects.exists()
