"""The firm's side of a self-assessment: tenant isolation on every view, the firm's
qualification page and starting, the overview and submitting. Area pages:
``test_assessment_pages_area.py``."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from filiera.qualification.models import Assessment
from filiera.qualification.services import assessments as flow
from tests.conftest import PERSONAS

from .conftest import add_evidence, fill

READERS = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
ANSWERERS = {"admin", "owner_a", "editor_a"}
FORBIDDEN = {"manager", "verifier", "viewer_a"}  # see it, may not answer: 403
HIDDEN = {"prato_manager", "owner_b", "brand_owner", "outsider"}  # 404
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def _reader_pages(assessment):
    return [
        reverse("firm_qualification", args=[assessment.firm_id]),
        reverse("assessment_detail", args=[assessment.pk]),
        reverse("assessment_area", args=[assessment.pk, "environment"]),
    ]


# Isolation ---------------------------------------------------------------------------------


def test_pages_open_for_readers_and_are_hidden_from_the_others(everyone, draft_a, client_for):
    for url in _reader_pages(draft_a):
        for name, user in everyone.items():
            status = client_for(user).get(url).status_code
            assert status == (200 if name in READERS else 404), (url, name, status)


def test_anonymous_visitors_are_sent_to_log_in(draft_a, client_for):
    posts = [
        reverse("assessment_start", args=[draft_a.firm_id]),
        reverse("assessment_submit", args=[draft_a.pk]),
        reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"]),
        reverse("assessment_carry", args=[draft_a.pk, "environment"]),
    ]
    client = client_for(None)
    for url in _reader_pages(draft_a):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in posts:
        response = client.post(url, {"value": "yes", "period": "2030"})
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert not draft_a.answers.filter(value="yes").exists()
    assert Assessment.objects.count() == 1


def test_writes_are_refused_to_everyone_who_may_not_answer(everyone, draft_a, client_for):
    posts = [
        (reverse("assessment_start", args=[draft_a.firm_id]), {"period": "2030"}),
        (reverse("assessment_submit", args=[draft_a.pk]), {}),
        (reverse("assessment_answer", args=[draft_a.pk, "ENV-1.04"]), {"value": "yes"}),
        (reverse("assessment_carry", args=[draft_a.pk, "environment"]), {}),
    ]
    for name in FORBIDDEN | HIDDEN:
        client = client_for(everyone[name])
        for url, payload in posts:
            status = client.post(url, payload, **HX).status_code
            assert status == (403 if name in FORBIDDEN else 404), (url, name, status)
    assert not draft_a.answers.filter(question="ENV-1.04", value="yes").exists()
    assert Assessment.objects.count() == 1
    draft_a.refresh_from_db()
    assert draft_a.status == Assessment.Status.DRAFT


def test_other_firms_assessments_are_hidden_from_firm_a(draft_b, owner_a, client_for):
    client = client_for(owner_a)
    assert client.get(reverse("assessment_detail", args=[draft_b.pk])).status_code == 404
    response = client.post(reverse("assessment_answer", args=[draft_b.pk, "ENV-1.04"]), {})
    assert response.status_code == 404


# The firm's qualification page and starting -------------------------------------------------


def test_the_qualification_page_lists_assessments_and_offers_a_start(
    draft_a, owner_a, viewer_a, client_for
):
    page = client_for(owner_a).get(reverse("firm_qualification", args=[draft_a.firm_id]))
    html = page.content.decode()
    assert reverse("assessment_detail", args=[draft_a.pk]) in html
    assert reverse("assessment_start", args=[draft_a.firm_id]) in html
    year = date.today().year
    assert f'value="{year + 1 if year == 2026 else year}"' in html  # the first free year
    assert reverse("firm_evidence", args=[draft_a.firm_id]) in html
    assert reverse("firm_plan", args=[draft_a.firm_id]) in html
    assert reverse("firm_benchmarks", args=[draft_a.firm_id]) in html
    viewer_page = client_for(viewer_a).get(reverse("firm_qualification", args=[draft_a.firm_id]))
    assert reverse("assessment_start", args=[draft_a.firm_id]) not in viewer_page.content.decode()


def test_the_qualification_page_summarises_the_latest_score(verified_a, owner_a, client_for):
    page = client_for(owner_a).get(reverse("firm_qualification", args=[verified_a.firm_id]))
    html = page.content.decode()
    assert f'grade-{verified_a.grade}"' in html
    assert reverse("assessment_scorecard", args=[verified_a.pk]) in html


def test_starting_an_assessment_redirects_to_its_overview(
    base_version, firm_a, editor_a, client_for
):
    response = client_for(editor_a).post(
        reverse("assessment_start", args=[firm_a.pk]), {"period": "2027"}
    )
    assessment = Assessment.objects.get(firm=firm_a, period="2027")
    assert response.status_code == 302
    assert response.url == reverse("assessment_detail", args=[assessment.pk])


def test_starting_the_same_period_twice_is_refused(draft_a, owner_a, client_for):
    response = client_for(owner_a).post(
        reverse("assessment_start", args=[draft_a.firm_id]), {"period": "2026"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert "2026" in response.content.decode()
    assert Assessment.objects.filter(firm=draft_a.firm).count() == 1


# Overview and submit ------------------------------------------------------------------------


def test_the_overview_shows_progress_areas_and_history(draft_a, owner_a, client_for):
    flow.save_answer(owner_a, draft_a, "ENV-1.04", "yes")
    html = client_for(owner_a).get(reverse("assessment_detail", args=[draft_a.pk])).content.decode()
    for area in draft_a.version.parsed().areas:
        assert reverse("assessment_area", args=[draft_a.pk, area.code]) in html
    assert 'id="history"' in html and "<details" in html
    assert "<progress" in html
    assert 'provisional"' in html
    assert reverse("assessment_submit", args=[draft_a.pk]) in html


def test_submitting_with_missing_answers_lists_them_as_links(draft_a, owner_a, client_for):
    flow.save_answer(owner_a, draft_a, "ENV-1.04", "yes")
    response = client_for(owner_a).post(reverse("assessment_submit", args=[draft_a.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    missing = flow.missing_questions(draft_a)
    assert "ENV-1.04" not in missing
    first = missing[0]
    area = draft_a.version.parsed().area_of(first).code
    assert f"{reverse('assessment_area', args=[draft_a.pk, area])}#q-{first}" in html
    draft_a.refresh_from_db()
    assert draft_a.status == Assessment.Status.DRAFT


def test_submitting_a_complete_assessment_moves_it_to_submitted(draft_a, owner_a, client_for):
    fill(owner_a, draft_a, evidence=add_evidence(owner_a, draft_a.firm))
    response = client_for(owner_a).post(reverse("assessment_submit", args=[draft_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("assessment_detail", args=[draft_a.pk])
    draft_a.refresh_from_db()
    assert draft_a.status == Assessment.Status.SUBMITTED and draft_a.grade


def test_a_returned_assessment_shows_the_comment_and_corrections(
    submitted_a, verifier, owner_a, client_for
):
    flow.take_in_review(verifier, submitted_a)
    answer = submitted_a.answers.get(question="ENV-1.04")
    correction = flow.correct(verifier, answer, "partial", "Manca il registro")
    flow.return_to_firm(verifier, submitted_a, "Allegate il DURC aggiornato")
    html = client_for(owner_a).get(reverse("assessment_detail", args=[submitted_a.pk])).content
    html = html.decode()
    assert "Allegate il DURC aggiornato" in html
    assert "Manca il registro" in html
    assert reverse("correction_dispute", args=[correction.pk]) in html
    assert reverse("assessment_submit", args=[submitted_a.pk]) in html


def test_a_verifier_sees_corrections_without_a_dispute_link(submitted_a, verifier, client_for):
    flow.take_in_review(verifier, submitted_a)
    answer = submitted_a.answers.get(question="ENV-1.04")
    correction = flow.correct(verifier, answer, "partial", "Manca il registro")
    html = client_for(verifier).get(reverse("assessment_detail", args=[submitted_a.pk])).content
    assert reverse("correction_dispute", args=[correction.pk]) not in html.decode()
    assert reverse("assessment_submit", args=[submitted_a.pk]) not in html.decode()


def test_a_verified_assessment_shows_its_official_grade(verified_a, manager, client_for):
    html = client_for(manager).get(reverse("assessment_detail", args=[verified_a.pk]))
    html = html.content.decode()
    assert f'class="grade grade-{verified_a.grade}"' in html
    assert "provisional" not in html
    assert reverse("assessment_submit", args=[verified_a.pk]) not in html
    area = client_for(manager).get(reverse("assessment_area", args=[verified_a.pk, "social"]))
    assert "hx-post" not in area.content.decode()
