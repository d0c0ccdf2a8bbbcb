"""Evaluations by district experts: who may (managers and verifiers of any district, not the
author), marks from 1 to 5, one evaluation per expert (a second replaces the first), only
published practices, audited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.district.models import PracticeEvaluation
from filiera.district.services import practices as services
from tests.conftest import PERSONAS
from tests.district import factories_practices as f

carpi_practice, carpi_draft, prato_practice = (
    f.carpi_practice,
    f.carpi_draft,
    f.prato_practice,
)
MARKS = {"relevance": "5", "concreteness": "4", "added_value": "3", "transferability": "2"}


def url(practice) -> str:
    return reverse("practice_evaluate", args=[practice.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_district_experts_evaluate_except_the_author(client_for, request, carpi_practice, persona):
    # carpi_practice was written by the Carpi manager.
    user = request.getfixturevalue(persona)
    client = client_for(user)
    allowed = persona in f.EXPERTS - {"manager"}
    assert client.get(url(carpi_practice)).status_code == (200 if allowed else 403)
    response = client.post(url(carpi_practice), {**MARKS, "comment": "Bene"})
    assert response.status_code == (302 if allowed else 403)
    saved = PracticeEvaluation.objects.filter(practice=carpi_practice, evaluator=user)
    assert saved.exists() == allowed


def test_anonymous_visitors_are_sent_to_sign_in(client_for, carpi_practice):
    response = client_for(None).get(url(carpi_practice))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_drafts_are_not_evaluated(client_for, request, carpi_draft, persona):
    client = client_for(request.getfixturevalue(persona))
    expected = 403 if persona in f.CARPI_STAFF else 404
    assert client.get(url(carpi_draft)).status_code == expected
    assert client.post(url(carpi_draft), MARKS).status_code == expected
    assert not PracticeEvaluation.objects.exists()


def test_the_evaluate_button_shows_for_those_who_may(client_for, request, carpi_practice):
    detail = reverse("practice_detail", args=[carpi_practice.pk])
    for persona in PERSONAS:
        html = client_for(request.getfixturevalue(persona)).get(detail).content.decode()
        assert ('id="practice-evaluate"' in html) == (persona in f.EXPERTS - {"manager"}), persona


@pytest.mark.parametrize("bad", ["0", "6", "", "three", "4.5"])
def test_marks_go_from_1_to_5(client_for, verifier, carpi_practice, bad):
    response = client_for(verifier).post(url(carpi_practice), {**MARKS, "relevance": bad})
    assert response.status_code == 200
    assert "relevance" in response.context["form"].errors
    assert not PracticeEvaluation.objects.exists()


def test_the_service_checks_the_range_and_names_the_field(verifier, carpi_practice):
    with pytest.raises(services.PracticeError) as caught:
        services.evaluate(verifier, carpi_practice, {**MARKS, "transferability": 9})
    assert caught.value.field == "transferability"
    assert not PracticeEvaluation.objects.exists()


def test_the_author_cannot_evaluate_through_the_service(manager, carpi_practice):
    with pytest.raises(services.PracticeError):
        services.evaluate(manager, carpi_practice, MARKS)


def test_one_evaluation_per_expert_the_second_replaces_the_first(
    client_for, verifier, carpi_practice
):
    client = client_for(verifier)
    client.post(url(carpi_practice), {**MARKS, "comment": "Prima"})
    page = client.get(url(carpi_practice))
    assert page.context["existing"] is not None
    assert re.search(r'name="relevance" value="5"[^>]*checked', page.content.decode())
    client.post(url(carpi_practice), {**MARKS, "relevance": "1", "comment": "Seconda"})
    saved = PracticeEvaluation.objects.get(practice=carpi_practice)
    assert (saved.relevance, saved.comment) == (1, "Seconda")
    events = AuditEvent.objects.filter(action="evaluate", object_id=str(carpi_practice.pk))
    assert events.count() == 2
    assert events.order_by("id").last().changes["relevance"] == [5, 1]


def test_averages_follow_the_evaluations(
    client_for, owner_b, verifier, prato_manager, carpi_practice
):
    client_for(verifier).post(url(carpi_practice), MARKS)
    marks = {"relevance": "3", "concreteness": "4", "added_value": "5", "transferability": "4"}
    client_for(prato_manager).post(url(carpi_practice), marks)
    detail = reverse("practice_detail", args=[carpi_practice.pk])
    context = client_for(owner_b).get(detail).context
    averages = {code: value for code, _label, value in context["marks"].criteria}
    assert averages == {
        "relevance": 4.0,
        "concreteness": 4.0,
        "added_value": 4.0,
        "transferability": 3.0,
    }
    assert context["marks"].count == 2 and context["marks"].overall == 3.75
