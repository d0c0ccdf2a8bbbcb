"""Evidence pages: who may do what; the list, detail, delete and file download.

Uploading and changing documents: test_evidence_forms.py."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from filiera.core.models import AuditEvent
from filiera.qualification.models import Answer, Evidence
from tests.conftest import PERSONAS
from tests.qualification.conftest import PDF, add_evidence, pdf_upload

VIEWERS = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
EDITORS = {"admin", "owner_a", "editor_a"}
HIDDEN = {"prato_manager", "owner_b", "brand_owner", "outsider"}


def png_bytes(fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), "teal").save(buffer, fmt)
    return buffer.getvalue()


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "evidence"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def evidence_a(base_version, firm_a, owner_a):
    return add_evidence(owner_a, firm_a, certificate="iso_14001", days=400)


def post_data(**extra):
    data = {
        "certificate": "iso_14001",
        "title": "",
        "issuer": "Bureau Esempio",
        "number": "IT-123",
        "valid_from": "2026-01-10",
        "valid_until": "2029-01-09",
    }
    data.update(extra)
    return data


# Who may open what -----------------------------------------------------------------------


def _pages(firm_a, evidence):
    return [
        (reverse("firm_evidence", args=[firm_a.pk]), VIEWERS),
        (reverse("evidence_detail", args=[evidence.pk]), VIEWERS),
        (reverse("evidence_file", args=[evidence.pk]), VIEWERS),
        (reverse("evidence_create", args=[firm_a.pk]), EDITORS),
        (reverse("evidence_edit", args=[evidence.pk]), EDITORS),
        (reverse("evidence_delete", args=[evidence.pk]), EDITORS),
    ]


def test_every_evidence_page_allows_its_roles_and_denies_the_others(
    everyone, firm_a, evidence_a, client_for
):
    for url, allowed in _pages(firm_a, evidence_a):
        for name, user in everyone.items():
            status = client_for(user).get(url).status_code
            if name in allowed:
                assert status == 200, (url, name, status)
            elif name in HIDDEN:
                assert status == 404, (url, name, status)
            else:
                assert status == 403, (url, name, status)


def test_anonymous_visitors_are_sent_to_log_in(firm_a, evidence_a, client_for):
    for url, _allowed in _pages(firm_a, evidence_a):
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_writes_are_denied_to_everyone_but_the_firm_editors(
    everyone, firm_a, evidence_a, client_for
):
    for name in ("manager", "verifier", "viewer_a", *HIDDEN):
        client = client_for(everyone[name])
        expected = 404 if name in HIDDEN else 403
        create = client.post(
            reverse("evidence_create", args=[firm_a.pk]), post_data(file=pdf_upload())
        )
        assert create.status_code == expected, name
        edit = client.post(reverse("evidence_edit", args=[evidence_a.pk]), post_data(number="X"))
        assert edit.status_code == expected, name
        delete = client.post(reverse("evidence_delete", args=[evidence_a.pk]))
        assert delete.status_code == expected, name
    evidence_a.refresh_from_db()
    assert evidence_a.number == "N-1"
    assert Evidence.objects.filter(firm=firm_a).count() == 1


# The list ----------------------------------------------------------------------------------


def test_list_names_kinds_from_the_catalogue_and_shows_status(
    firm_a, owner_a, base_version, client_for
):
    add_evidence(owner_a, firm_a, certificate="iso_14001", days=400)
    add_evidence(owner_a, firm_a, certificate="durc", days=30)
    add_evidence(owner_a, firm_a, certificate="gots", days=-5)
    add_evidence(owner_a, firm_a, certificate="grs", days=-60)
    add_evidence(owner_a, firm_a, certificate="other", title="Attestato antincendio", days=200)
    response = client_for(owner_a).get(reverse("firm_evidence", args=[firm_a.pk]))
    html = response.content.decode()
    assert "ISO 14001 \u2013 Sistema di gestione ambientale" in html
    assert "DURC \u2013 Documento unico di regolarità contributiva" in html
    assert "Attestato antincendio" in html
    assert 'data-status="expiring" data-days="30"' in html
    assert 'data-status="grace" data-days="5"' in html
    assert 'data-status="expired" data-days="60"' in html
    assert html.count('data-status="valid"') == 2
    assert reverse("evidence_create", args=[firm_a.pk]) in html
    # What needs action comes first: the document in its grace period, then the expiring one.
    assert html.index('data-status="grace"') < html.index('data-status="expiring"')


def test_list_counts_the_answers_using_each_document(submitted_a, owner_a, client_for):
    evidence = Evidence.objects.get(firm=submitted_a.firm)
    uses = Answer.objects.filter(evidence=evidence).count()
    assert uses > 0
    html = client_for(owner_a).get(reverse("firm_evidence", args=[submitted_a.firm_id])).content
    assert f'data-uses="{uses}"'.encode() in html
    assert reverse("evidence_file", args=[evidence.pk]).encode() in html


def test_readers_see_no_add_button(firm_a, viewer_a, verifier, base_version, client_for):
    for user in (viewer_a, verifier):
        html = client_for(user).get(reverse("firm_evidence", args=[firm_a.pk])).content.decode()
        assert reverse("evidence_create", args=[firm_a.pk]) not in html


# Detail, delete, download ------------------------------------------------------------------


def test_detail_lists_answers_and_reminders(submitted_a, owner_a, client_for):
    evidence = Evidence.objects.get(firm=submitted_a.firm)
    evidence.reminders.create(days_before=90)
    html = client_for(owner_a).get(reverse("evidence_detail", args=[evidence.pk])).content
    html = html.decode()
    for answer in Answer.objects.filter(evidence=evidence):
        assert f'data-answer="{answer.pk}"' in html
        assert answer.question in html
    assert submitted_a.period in html
    assert 'data-days-before="90"' in html


def test_reminders_marked_but_not_sent_are_not_listed(evidence_a, owner_a, client_for):
    # A run that first sees a document at 20 days sends the 30-day reminder and only marks 90.
    evidence_a.reminders.create(days_before=90)
    evidence_a.reminders.create(days_before=30)
    html = client_for(owner_a).get(reverse("evidence_detail", args=[evidence_a.pk])).content
    assert b'data-days-before="30"' in html
    assert b'data-days-before="90"' not in html


def test_delete_warns_about_answers_then_removes_document_and_file(
    submitted_a, owner_a, client_for, settings
):
    evidence = Evidence.objects.get(firm=submitted_a.firm)
    answers = list(Answer.objects.filter(evidence=evidence))
    url = reverse("evidence_delete", args=[evidence.pk])
    page = client_for(owner_a).get(url).content.decode()
    for answer in answers:
        assert f'data-answer="{answer.pk}"' in page
    assert stored_files(settings)
    response = client_for(owner_a).post(url)
    assert response.status_code == 302
    assert response.url == reverse("firm_evidence", args=[submitted_a.firm_id])
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert stored_files(settings) == []
    for answer in answers:
        answer.refresh_from_db()
        assert not answer.evidence.exists() and answer.evidence_until is None
    assert AuditEvent.objects.filter(action="remove_evidence").exists()


def test_download_serves_the_file_inline_with_safe_headers(evidence_a, verifier, client_for):
    response = client_for(verifier).get(reverse("evidence_file", args=[evidence_a.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="certificato.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_download_of_an_unchecked_type_is_an_attachment(evidence_a, owner_a, client_for):
    Evidence.objects.filter(pk=evidence_a.pk).update(content_type="text/html")
    response = client_for(owner_a).get(reverse("evidence_file", args=[evidence_a.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_of_a_missing_file_is_not_found(evidence_a, owner_a, client_for):
    evidence_a.file.storage.delete(evidence_a.file.name)
    response = client_for(owner_a).get(reverse("evidence_file", args=[evidence_a.pk]))
    assert response.status_code == 404


def test_evidence_files_are_not_served_from_media_url(evidence_a, owner_a, client_for, settings):
    assert not settings.DEBUG
    response = client_for(owner_a).get(evidence_a.file.url)
    assert response.status_code == 404
