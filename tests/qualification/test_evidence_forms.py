"""Evidence forms: uploading (alone or for one question) and changing a document."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.qualification.models import Answer, Evidence
from filiera.qualification.services import assessments as flow
from tests.qualification.conftest import PDF, add_evidence, pdf_upload
from tests.qualification.test_evidence_pages import png_bytes, post_data, stored_files


@pytest.fixture
def evidence_a(base_version, firm_a, owner_a):
    return add_evidence(owner_a, firm_a, certificate="iso_14001", days=400)


# Upload ------------------------------------------------------------------------------------


def test_upload_stores_the_document_with_its_sniffed_type(
    firm_a, owner_a, base_version, client_for
):
    url = reverse("evidence_create", args=[firm_a.pk])
    response = client_for(owner_a).post(url, post_data(file=pdf_upload("iso.pdf")))
    assert response.status_code == 302
    assert response.url == reverse("firm_evidence", args=[firm_a.pk])
    evidence = Evidence.objects.get(firm=firm_a)
    assert (evidence.certificate, evidence.issuer, evidence.number) == (
        "iso_14001",
        "Bureau Esempio",
        "IT-123",
    )
    assert evidence.valid_until == date(2029, 1, 9)
    assert evidence.content_type == "application/pdf"
    assert evidence.file_name == "iso.pdf"
    assert evidence.uploaded_by == owner_a
    assert AuditEvent.objects.filter(action="add_evidence", object_id=str(evidence.pk)).exists()


def test_a_png_named_pdf_is_stored_as_png(firm_a, editor_a, base_version, client_for):
    upload = SimpleUploadedFile("scan.pdf", png_bytes(), content_type="application/pdf")
    response = client_for(editor_a).post(
        reverse("evidence_create", args=[firm_a.pk]), post_data(file=upload)
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(firm=firm_a)
    assert evidence.content_type == "image/png"
    download = client_for(editor_a).get(reverse("evidence_file", args=[evidence.pk]))
    assert download["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "limit"),
    [
        ("note.pdf", b"just some words, not a document", None),
        ("empty.pdf", b"", None),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, None),
        ("big.pdf", PDF, 10),
    ],
)
def test_bad_files_are_refused_naming_the_field_and_nothing_is_saved(
    firm_a, owner_a, base_version, client_for, settings, name, content, limit
):
    if limit is not None:
        settings.EVIDENCE_MAX_BYTES = limit
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client_for(owner_a).post(
        reverse("evidence_create", args=[firm_a.pk]), post_data(file=upload)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    label = str(response.context["form"].fields["file"].label)
    assert errors["file"][0].startswith(f"{label}:")
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_a_file_is_required_on_upload(firm_a, owner_a, base_version, client_for):
    response = client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), post_data())
    assert list(response.context["form"].errors) == ["file"]
    assert not Evidence.objects.exists()


def test_dates_out_of_order_are_refused_on_valid_until(firm_a, owner_a, base_version, client_for):
    data = post_data(valid_from="2026-05-01", valid_until="2026-04-30", file=pdf_upload())
    response = client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), data)
    errors = response.context["form"].errors
    assert list(errors) == ["valid_until"]
    label = str(response.context["form"].fields["valid_until"].label)
    assert errors["valid_until"][0].startswith(f"{label}:")
    assert not Evidence.objects.exists()


def test_other_documents_need_a_title(firm_a, owner_a, base_version, client_for):
    data = post_data(certificate="other", file=pdf_upload())
    response = client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), data)
    assert list(response.context["form"].errors) == ["title"]
    data["title"] = "Attestato antincendio"
    data["file"] = pdf_upload()
    response = client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), data)
    assert response.status_code == 302
    assert Evidence.objects.get(firm=firm_a).title == "Attestato antincendio"


def test_unknown_kinds_are_refused(firm_a, owner_a, base_version, client_for):
    data = post_data(certificate="made_up", file=pdf_upload())
    response = client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), data)
    assert list(response.context["form"].errors) == ["certificate"]


def test_valid_until_is_filled_from_the_usual_validity(firm_a, owner_a, base_version, client_for):
    data = post_data(certificate="durc", valid_from="2026-03-01", valid_until="", file=pdf_upload())
    response = client_for(owner_a).post(
        reverse("evidence_create", args=[firm_a.pk]), data, follow=True
    )
    evidence = Evidence.objects.get(firm=firm_a)
    assert evidence.valid_until == date(2026, 3, 1) + timedelta(days=120)
    texts = [str(m) for m in response.context["messages"]]
    assert any("120" in text for text in texts), texts


def test_no_dates_means_no_expiry(firm_a, owner_a, base_version, client_for):
    data = post_data(certificate="dvr", valid_from="", valid_until="", file=pdf_upload())
    client_for(owner_a).post(reverse("evidence_create", args=[firm_a.pk]), data)
    evidence = Evidence.objects.get(firm=firm_a)
    assert evidence.valid_from is None and evidence.valid_until is None


def test_the_form_offers_the_catalogue_and_its_hints(firm_a, owner_a, base_version, client_for):
    url = reverse("evidence_create", args=[firm_a.pk])
    html = client_for(owner_a).get(url).content.decode()
    assert 'value="durc"' in html and 'value="other"' in html and "<optgroup" in html
    hints = client_for(owner_a).get(
        url, {"certificate": "durc", "issuer": ""}, headers={"HX-Request": "true"}
    )
    fragment = hints.content.decode()
    assert fragment.lstrip().startswith('<div id="kind-hints">')
    assert 'placeholder="INPS / INAIL"' in fragment
    assert 'data-validity-days="120"' in fragment


# Upload for one question -------------------------------------------------------------------


def test_upload_from_a_question_attaches_the_document(draft_a, owner_a, client_for):
    earlier = add_evidence(owner_a, draft_a.firm, certificate="durc", days=60)
    flow.save_answer(owner_a, draft_a, "SOC-1.01", "yes", evidence=[earlier])
    url = reverse("evidence_create", args=[draft_a.firm_id])
    query = f"?question=SOC-1.01&assessment={draft_a.pk}"
    form = client_for(owner_a).get(url + query)
    assert form.context["form"]["certificate"].value() == "durc"
    assert b"SOC-1.01" in form.content
    response = client_for(owner_a).post(
        url + query, post_data(certificate="durc", file=pdf_upload())
    )
    assert response.status_code == 302
    new = Evidence.objects.exclude(pk=earlier.pk).get()
    answer = Answer.objects.get(assessment=draft_a, question="SOC-1.01")
    assert set(answer.evidence.all()) == {earlier, new}
    # back to the question itself on its area page
    assert response.url == reverse("assessment_area", args=[draft_a.pk, "social"]) + "#q-SOC-1.01"


@pytest.mark.parametrize("case", ["submitted", "other_firm", "unknown_question"])
def test_upload_for_a_question_the_user_cannot_change_only_saves_the_document(
    case, submitted_a, draft_b, owner_a, client_for
):
    assessment = draft_b if case == "other_firm" else submitted_a
    code = "NOPE-9" if case == "unknown_question" else "SOC-1.01"
    url = reverse("evidence_create", args=[submitted_a.firm_id])
    query = f"?question={code}&assessment={assessment.pk}"
    before = set(Answer.objects.filter(evidence__isnull=False).values_list("pk", "evidence"))
    response = client_for(owner_a).post(
        url + query, post_data(certificate="durc", file=pdf_upload())
    )
    assert response.status_code == 302
    assert response.url == reverse("firm_evidence", args=[submitted_a.firm_id])
    new = Evidence.objects.get(certificate="durc")
    assert not new.answers.exists()
    after = set(Answer.objects.filter(evidence__isnull=False).values_list("pk", "evidence"))
    assert after == before


# Change ------------------------------------------------------------------------------------


def test_edit_keeps_the_file_unless_a_new_one_is_chosen(evidence_a, owner_a, client_for):
    url = reverse("evidence_edit", args=[evidence_a.pk])
    old_file = evidence_a.file.name
    response = client_for(owner_a).post(url, post_data(number="IT-999"))
    assert response.status_code == 302
    evidence_a.refresh_from_db()
    assert evidence_a.number == "IT-999" and evidence_a.file.name == old_file
    jpeg = SimpleUploadedFile("photo.pdf", png_bytes("JPEG"), content_type="application/pdf")
    client_for(owner_a).post(url, post_data(file=jpeg))
    evidence_a.refresh_from_db()
    assert evidence_a.content_type == "image/jpeg"
    assert evidence_a.file_name == "photo.pdf"
    assert evidence_a.file.name != old_file


def test_edit_refuses_a_bad_replacement_and_keeps_everything(evidence_a, owner_a, client_for):
    url = reverse("evidence_edit", args=[evidence_a.pk])
    bad = SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf")
    response = client_for(owner_a).post(url, post_data(number="CHANGED", file=bad))
    assert list(response.context["form"].errors) == ["file"]
    evidence_a.refresh_from_db()
    assert evidence_a.number == "N-1" and evidence_a.content_type == "application/pdf"


def test_edit_form_shows_the_current_values(evidence_a, owner_a, client_for):
    response = client_for(owner_a).get(reverse("evidence_edit", args=[evidence_a.pk]))
    form = response.context["form"]
    assert form["certificate"].value() == "iso_14001"
    assert form["number"].value() == "N-1"
    assert not form.fields["file"].required


def test_upload_and_attach_keeps_nothing_when_the_answer_refuses(submitted_a, owner_a, settings):
    from filiera.core.usererror import UserError
    from filiera.qualification.services.evidence_attach import add_and_attach

    files_before = stored_files(settings)
    count = Evidence.objects.count()
    with pytest.raises(UserError):
        add_and_attach(
            owner_a,
            submitted_a.firm,
            file=pdf_upload(),
            content_type="application/pdf",
            assessment=submitted_a,  # submitted: answers can no longer change
            question="SOC-1.01",
            certificate="durc",
        )
    assert Evidence.objects.count() == count
    assert stored_files(settings) == files_before
