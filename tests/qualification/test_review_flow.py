"""The review workflow through its pages: take, return with a comment, resubmit, correct, verify;
disputes within 14 days and their decision; the e-mails each step sends."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from filiera.qualification.models import Assessment, Correction
from filiera.qualification.services import assessments as flow

Status = Assessment.Status


def _post(client, name: str, pk: int, data: dict | None = None):
    return client.post(reverse(name, args=[pk]), data or {})


def test_take_return_resubmit_correct_verify(submitted_a, verifier, owner_a, client_for):
    client = client_for(verifier)
    pk = submitted_a.pk
    review_url = reverse("assessment_review", args=[pk])

    response = _post(client, "review_take", pk)
    assert response.status_code == 302 and response.url == review_url
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.IN_REVIEW
    assert submitted_a.reviewer == verifier

    # An empty comment is refused, naming the field; nothing changes.
    response = _post(client, "review_return", pk, {"comment": "  "})
    assert response.status_code == 400
    assert "comment" in response.context["return_form"].errors
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.IN_REVIEW
    assert mail.outbox == []

    response = _post(client, "review_return", pk, {"comment": "Carica il DURC aggiornato"})
    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.RETURNED
    assert submitted_a.review_comment == "Carica il DURC aggiornato"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner_a.email]
    assert "Carica il DURC aggiornato" in mail.outbox[0].body

    # The firm sends it again; the verifier takes it once more.
    flow.submit(owner_a, submitted_a)
    assert _post(client, "review_take", pk).status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.IN_REVIEW

    answer = submitted_a.answers.get(question="SOC-1.04")
    prefix = f"c{answer.pk}"
    # A correction without a reason is refused, naming the field; the answer stays.
    response = _post(client, "answer_correct", answer.pk, {f"{prefix}-value": "no"})
    assert response.status_code == 400
    form = next(
        q.form
        for area in response.context["rows"]
        for q in area.questions
        if q.answer and q.answer.pk == answer.pk
    )
    assert "reason" in form.errors
    page = response.content.decode()
    alert = page.index('role="alert"><a href="#q-SOC-1.04">')  # at the top, to the question
    article = page[page.index('<article id="q-SOC-1.04"') :]
    article = article[: article.index("</article>")]
    assert alert < page.index('<article id="q-SOC-1.04"')
    assert f'name="{prefix}-reason"' in article
    assert 'class="errorlist' in article  # the error stands by the field
    assert re.findall(r'name="c(\d+)-reason"', page) == [str(answer.pk)]  # only that form
    answer.refresh_from_db()
    assert answer.value == "yes"
    assert not Correction.objects.exists()

    response = _post(
        client,
        "answer_correct",
        answer.pk,
        {f"{prefix}-value": "no", f"{prefix}-reason": "Due lavoratori senza contratto"},
    )
    assert response.status_code == 302
    assert response.url.endswith("#q-SOC-1.04")
    answer.refresh_from_db()
    assert answer.value == "no"
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value) == ("yes", "no")
    assert correction.verifier == verifier
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [owner_a.email]
    assert "SOC-1.04" in mail.outbox[1].subject
    assert reverse("correction_detail", args=[correction.pk]) in mail.outbox[1].body

    response = _post(client, "review_verify", pk)
    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.VERIFIED
    assert submitted_a.qualification == "not_qualified"  # undeclared work is a red flag
    assert len(mail.outbox) == 3
    assert mail.outbox[2].to == [owner_a.email]


def test_a_bad_corrected_value_is_refused_naming_the_question(submitted_a, verifier, client_for):
    flow.take_in_review(verifier, submitted_a)
    answer = submitted_a.answers.get(question="SOC-1.04")
    response = _post(
        client_for(verifier),
        "answer_correct",
        answer.pk,
        {f"c{answer.pk}-value": "yes", f"c{answer.pk}-reason": "Controllato"},
    )
    assert response.status_code == 400  # same value as before
    assert "SOC-1.04" in response.content.decode()
    assert not Correction.objects.exists()


def test_corrections_need_the_assessment_in_review(submitted_a, verifier, client_for):
    answer = submitted_a.answers.get(question="SOC-1.04")
    response = _post(
        client_for(verifier),
        "answer_correct",
        answer.pk,
        {f"c{answer.pk}-value": "no", f"c{answer.pk}-reason": "Controllato"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.value == "yes"
    assert not Correction.objects.exists()


def test_verify_before_taking_in_review_is_refused(submitted_a, verifier, client_for):
    response = _post(client_for(verifier), "review_verify", submitted_a.pk)
    assert response.status_code == 302
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.SUBMITTED
    assert mail.outbox == []


@pytest.fixture
def corrected(verified_a, verifier) -> Correction:
    answer = verified_a.answers.get(question="SOC-1.04")
    return flow.correct(verifier, answer, "no", "Due lavoratori senza contratto")


def test_the_firm_sees_every_change(corrected, viewer_a, client_for):
    assessment = corrected.answer.assessment
    client = client_for(viewer_a)
    listing = client.get(reverse("assessment_corrections", args=[assessment.pk]))
    assert listing.status_code == 200
    assert [row["correction"] for row in listing.context["rows"]] == [corrected]
    detail = client.get(reverse("correction_detail", args=[corrected.pk]))
    page = detail.content.decode()
    assert 'id="old-value" data-value="yes"' in page
    assert 'id="new-value" data-value="no"' in page
    assert "Due lavoratori senza contratto" in page
    assert detail.context["dispute_form"] is None  # a viewer cannot dispute


def test_a_dispute_within_14_days_reaches_the_verifiers(
    corrected, owner_a, verifier, manager, client_for
):
    client = client_for(owner_a)
    detail = client.get(reverse("correction_detail", args=[corrected.pk]))
    assert detail.context["dispute_form"] is not None
    response = _post(client, "correction_dispute", corrected.pk, {"text": ""})
    assert response.status_code == 400
    assert "text" in response.context["dispute_form"].errors

    response = _post(client, "correction_dispute", corrected.pk, {"text": "Erano stagisti"})
    assert response.status_code == 302
    corrected.refresh_from_db()
    assert corrected.dispute == "Erano stagisti"
    assert corrected.disputed_by == owner_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [verifier.email]  # the district's verifier, not its manager
    assert "Erano stagisti" in mail.outbox[0].body


def test_a_dispute_after_14_days_is_refused(corrected, owner_a, client_for):
    Correction.objects.filter(pk=corrected.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    client = client_for(owner_a)
    assert (
        client.get(reverse("correction_detail", args=[corrected.pk])).context["dispute_form"]
        is None
    )
    response = _post(client, "correction_dispute", corrected.pk, {"text": "Troppo tardi"})
    assert response.status_code == 400
    assert response.context["dispute_form"].non_field_errors()
    corrected.refresh_from_db()
    assert corrected.disputed_at is None
    assert mail.outbox == []


def test_resolving_reverted_restores_the_answer_and_rescores(
    corrected, owner_a, verifier, client_for
):
    assessment = corrected.answer.assessment
    assessment.refresh_from_db()
    assert assessment.qualification == "not_qualified"
    flow.dispute(owner_a, corrected, "Erano stagisti con convenzione")
    client = client_for(verifier)

    response = _post(client, "correction_resolve", corrected.pk, {"note": "Verificato"})
    assert response.status_code == 400
    assert "decision" in response.context["resolve_form"].errors

    response = _post(
        client,
        "correction_resolve",
        corrected.pk,
        {"decision": "reverted", "note": "Convenzioni verificate"},
    )
    assert response.status_code == 302
    corrected.refresh_from_db()
    assert corrected.resolution == Correction.Resolution.REVERTED
    assert corrected.resolved_by == verifier
    corrected.answer.refresh_from_db()
    assert corrected.answer.value == "yes"
    assessment.refresh_from_db()
    assert assessment.qualification == "qualified"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner_a.email]

    # Decided once: a second decision is refused.
    response = _post(
        client, "correction_resolve", corrected.pk, {"decision": "upheld", "note": "Ci ripenso"}
    )
    assert response.status_code == 400
    corrected.refresh_from_db()
    assert corrected.resolution == Correction.Resolution.REVERTED
