"""Review pages and actions: who may open or use each one, and who is denied (404 hidden, 403
visible but not allowed, anonymous sent to log in). The workflow itself is in test_review_flow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from filiera.qualification.models import Assessment, Correction
from filiera.qualification.services import assessments as flow
from filiera.registry.models import DistrictMembership, FirmMembership
from tests.conftest import PERSONAS

from .conftest import fill

STAFF = {"admin", "manager", "verifier"}
FIRM_A = {"owner_a", "editor_a", "viewer_a"}
FIRM_EDITORS = {"owner_a", "editor_a"}


def expected(name: str, allowed: set[str], visible: set[str]) -> int:
    """200 for the allowed, 403 for those who see the assessment, 404 for everyone else."""
    if name in allowed:
        return 200
    return 403 if name in visible else 404


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def disputed(submitted_a, verifier, owner_a) -> Correction:
    """A correction of firm A's assessment, in review, disputed by the firm."""
    flow.take_in_review(verifier, submitted_a)
    answer = submitted_a.answers.get(question="SOC-1.04")
    correction = flow.correct(verifier, answer, "no", "Due lavoratori senza contratto")
    return flow.dispute(owner_a, correction, "Erano stagisti con convenzione")


def _reads(assessment: Assessment, correction: Correction, district_slug: str):
    """(url, allowed, visible-but-denied) of every page (GET) of the topic."""
    readers = STAFF | FIRM_A
    return [
        (reverse("review_queue", args=[district_slug]), STAFF, set()),
        (reverse("assessment_review", args=[assessment.pk]), STAFF, FIRM_A),
        (reverse("answer_correct", args=[correction.answer.pk]), STAFF, FIRM_A),
        (reverse("correction_detail", args=[correction.pk]), readers, set()),
        (reverse("assessment_corrections", args=[assessment.pk]), readers, set()),
    ]


def test_every_page_allows_its_roles_and_denies_the_others(everyone, disputed, carpi, client_for):
    assessment = disputed.answer.assessment
    for url, allowed, visible in _reads(assessment, disputed, carpi.slug):
        for name, user in everyone.items():
            for headers in ({}, {"HX-Request": "true"}):
                status = client_for(user).get(url, headers=headers).status_code
                assert status == expected(name, allowed, visible), (url, name, headers)


def test_anonymous_visitors_are_sent_to_log_in(disputed, carpi, client_for):
    assessment = disputed.answer.assessment
    urls = [url for url, _a, _v in _reads(assessment, disputed, carpi.slug)]
    urls += [url for url, _a in _writes(assessment, disputed)]
    anonymous = client_for(None)
    for url in urls:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


def _writes(assessment: Assessment, correction: Correction):
    """(url, who may POST) of every action; the others see 403 when they see the assessment."""
    answer = correction.answer
    return [
        (reverse("review_take", args=[assessment.pk]), STAFF),
        (reverse("review_return", args=[assessment.pk]), STAFF),
        (reverse("review_verify", args=[assessment.pk]), STAFF),
        (reverse("answer_correct", args=[answer.pk]), STAFF),
        (reverse("correction_resolve", args=[correction.pk]), STAFF),
        (reverse("correction_dispute", args=[correction.pk]), FIRM_EDITORS | {"admin"}),
    ]


def test_actions_deny_everyone_else_and_change_nothing(everyone, disputed, client_for):
    assessment = disputed.answer.assessment
    readers = STAFF | FIRM_A
    for url, allowed in _writes(assessment, disputed):
        for name, user in everyone.items():
            if name in allowed:
                continue
            response = client_for(user).post(
                url, {"comment": "x", "decision": "reverted", "note": "x", "text": "x"}
            )
            assert response.status_code == expected(name, allowed, readers), (url, name)
    assessment.refresh_from_db()
    disputed.refresh_from_db()
    assert assessment.status == Assessment.Status.IN_REVIEW
    assert disputed.resolution == ""
    assert disputed.answer.value == "no"


def test_the_actions_refuse_get(disputed, verifier, client_for):
    """All but the correction, whose GET gives its form (see test_the_correction_form_...)."""
    assessment = disputed.answer.assessment
    correct_url = reverse("answer_correct", args=[disputed.answer.pk])
    for url, _allowed in _writes(assessment, disputed):
        if url != correct_url:
            assert client_for(verifier).get(url).status_code == 405, url


@pytest.fixture
def staff_member_of_a(make_user, carpi, firm_a):
    """A verifier of the district who also edits firm A: never the reviewer of their own firm."""
    user = make_user("verifier_and_editor")
    DistrictMembership.objects.create(user=user, district=carpi, role="verifier")
    FirmMembership.objects.create(user=user, firm=firm_a, role="editor")
    return user


def test_district_staff_cannot_review_their_own_firm(staff_member_of_a, submitted_a, client_for):
    client = client_for(staff_member_of_a)
    assert client.get(reverse("assessment_review", args=[submitted_a.pk])).status_code == 403
    assert client.post(reverse("review_take", args=[submitted_a.pk])).status_code == 403
    queue = client.get(reverse("review_queue", args=["carpi"]))
    assert queue.status_code == 200
    assert submitted_a not in list(queue.context["assessments"])
    submitted_a.refresh_from_db()
    assert submitted_a.status == Assessment.Status.SUBMITTED


def test_the_queue_lists_what_waits_oldest_first(
    submitted_a, draft_b, owner_b, verifier, client_for
):
    fill(owner_b, draft_b)
    flow.submit(owner_b, draft_b)
    client = client_for(verifier)
    response = client.get(reverse("review_queue", args=["carpi"]))
    listed = list(response.context["assessments"])
    assert listed == [submitted_a, draft_b]  # firm A sent first
    flow.take_in_review(verifier, draft_b)
    flow.verify(verifier, draft_b)
    response = client.get(reverse("review_queue", args=["carpi"]))
    assert list(response.context["assessments"]) == [submitted_a]
    response = client.get(reverse("review_queue", args=["carpi"]), {"status": "verified"})
    assert list(response.context["assessments"]) == [draft_b]
    response = client.get(reverse("review_queue", args=["carpi"]), {"status": "all"})
    assert set(response.context["assessments"]) == {submitted_a, draft_b}
    row = f'data-assessment="{submitted_a.pk}"'
    assert row in response.content.decode()


def test_the_queue_shows_open_disputes(disputed, manager, client_for):
    response = client_for(manager).get(reverse("review_queue", args=["carpi"]))
    assert list(response.context["disputes"]) == [disputed]
    assert reverse("correction_detail", args=[disputed.pk]) in response.content.decode()
    flow.resolve_dispute(manager, disputed, "upheld", "Contratti mancanti")
    response = client_for(manager).get(reverse("review_queue", args=["carpi"]))
    assert list(response.context["disputes"]) == []


def test_the_district_home_links_to_the_queue_with_its_count(
    submitted_a, manager, verifier, client_for
):
    for user in (manager, verifier):
        page = client_for(user).get(reverse("district_home", args=["carpi"])).content.decode()
        assert 'id="review-queue-link"' in page
        assert reverse("review_queue", args=["carpi"]) in page
        assert "(1)" in page


def test_the_review_page_shows_answers_documents_and_credit(submitted_a, verifier, client_for):
    answer = submitted_a.answers.filter(evidence__isnull=False).first()
    evidence = answer.evidence.get()
    client = client_for(verifier)
    response = client.get(reverse("assessment_review", args=[submitted_a.pk]))
    page = response.content.decode()
    rows = [q for area in response.context["rows"] for q in area.questions]
    assert len(rows) == response.context["result"].applicable
    assert f'data-evidence="{evidence.pk}"' in page
    assert 'data-valid="yes"' in page
    assert reverse("review_take", args=[submitted_a.pk]) in page
    assert reverse("answer_correct", args=[answer.pk]) not in page  # not in review yet
    assert 'id="area-grades"' in page
    assert response.context["result"].grade == submitted_a.grade

    # Required documents taken away: the page says the answer earns nothing.
    answer.evidence.clear()
    answer.evidence_until = None
    answer.save()
    flow.take_in_review(verifier, submitted_a)
    response = client.get(reverse("assessment_review", args=[submitted_a.pk]))
    row = next(
        q
        for area in response.context["rows"]
        for q in area.questions
        if q.question.code == answer.question
    )
    assert row.credit.code == "no_evidence"
    assert not row.credit.earns
    page = response.content.decode()
    assert 'data-credit="no_evidence"' in page
    assert reverse("answer_correct", args=[answer.pk]) in page  # in review: corrections allowed


def _correction_forms(page: str) -> set[int]:
    """The answers whose correction form is on the page (by the prefix of their fields)."""
    return {int(pk) for pk in re.findall(r'name="c(\d+)-reason"', page)}


def test_the_review_page_loads_each_correction_form_on_demand(submitted_a, verifier, client_for):
    flow.take_in_review(verifier, submitted_a)
    answer = submitted_a.answers.get(question="SOC-1.04")
    url = reverse("answer_correct", args=[answer.pk])
    client = client_for(verifier)
    response = client.get(reverse("assessment_review", args=[submitted_a.pk]))
    page = response.content.decode()
    answered = [q for area in response.context["rows"] for q in area.questions if q.answer]
    assert _correction_forms(page) == set()  # no form built for a hundred questions
    assert page.count('hx-trigger="toggle once"') == len(answered)
    assert f'hx-get="{url}"' in page
    assert f'<a href="{url}">' in page  # without JavaScript: the form's own page

    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body
    assert f'<form method="post" action="{url}"' in body
    assert _correction_forms(body) == {answer.pk}
    assert "csrfmiddlewaretoken" in body
    assert '<option value="yes" selected>' in body  # the firm's answer to start from

    standalone = client.get(url)
    assert standalone.status_code == 200
    body = standalone.content.decode()
    assert "<html" in body
    assert _correction_forms(body) == {answer.pk}
    assert f"{reverse('assessment_review', args=[submitted_a.pk])}#q-SOC-1.04" in body
    assert 'class="answer" data-value="yes"' in body


def test_the_correction_form_waits_for_the_review(submitted_a, verifier, client_for):
    answer = submitted_a.answers.get(question="SOC-1.04")
    url = reverse("answer_correct", args=[answer.pk])
    for headers in ({}, {"HX-Request": "true"}):
        response = client_for(verifier).get(url, headers=headers)
        assert response.status_code == 200, headers
        body = response.content.decode()
        assert _correction_forms(body) == set(), headers
        assert 'class="message error" role="alert"' in body, headers


# Session, user, assessment, the user's memberships (2), the firm's districts, answers,
# documents, corrections, the districts of the navigation, the reviewer: none per question.
REVIEW_PAGE_QUERIES = 11


def test_the_review_page_reads_the_same_few_queries_whatever_it_shows(
    submitted_a, verifier, client_for, django_assert_max_num_queries
):
    flow.take_in_review(verifier, submitted_a)
    client = client_for(verifier)
    url = reverse("assessment_review", args=[submitted_a.pk])
    client.get(url)
    with django_assert_max_num_queries(REVIEW_PAGE_QUERIES) as captured:
        assert client.get(url).status_code == 200
    before = len(captured)
    yes = submitted_a.answers.filter(value="yes").order_by("id")[:4]
    assert len(yes) == 4
    for answer in yes:
        flow.correct(verifier, answer, "no", "I documenti dicono altro")
    with django_assert_max_num_queries(before):
        response = client.get(url)
    page = response.content.decode()
    assert len(response.context["corrections"]) == 4
    for answer in yes:
        assert f"<code>{answer.question}</code>" in page
