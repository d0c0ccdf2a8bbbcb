"""The assessment workflow end to end through the services, on the shipped methodology."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.qualification.models import Assessment, Score
from filiera.qualification.services import assessments as flow

from .conftest import add_evidence


def test_a_full_cycle_scores_and_audits_every_transition(submitted_a, verifier, owner_a):
    assert submitted_a.status == Assessment.Status.SUBMITTED
    assert submitted_a.grade == "A" and submitted_a.qualification == "qualified"
    flow.take_in_review(verifier, submitted_a)
    flow.return_to_firm(verifier, submitted_a, "Allegate il DURC aggiornato")
    assert submitted_a.status == Assessment.Status.RETURNED
    flow.submit(owner_a, submitted_a)
    flow.take_in_review(verifier, submitted_a)
    flow.verify(verifier, submitted_a)
    actions = list(
        AuditEvent.objects.filter(
            object_id=str(submitted_a.pk), object_type="qualification.assessment"
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    for expected in ("start_assessment", "submit", "take_in_review", "return", "verify"):
        assert expected in actions
    assert submitted_a.answers.filter(reviewed=False).count() == 0
    latest = Score.objects.filter(assessment=submitted_a).first()
    assert latest.result["assurance"]["verified"] > 0


def test_submitting_with_unanswered_questions_names_them(draft_a, owner_a):
    with pytest.raises(UserError) as err:
        flow.submit(owner_a, draft_a)
    assert "ENV-1" in str(err.value) or "unanswered" in str(err.value)
    draft_a.refresh_from_db()
    assert draft_a.status == Assessment.Status.DRAFT


def test_bad_answers_are_refused_naming_the_question(draft_a, owner_a):
    with pytest.raises(UserError, match=r"ENV-1\.01"):
        flow.save_answer(owner_a, draft_a, "ENV-1.01", "forse")
    assert (
        not draft_a.answers.exists()
        or not draft_a.answers.filter(question="ENV-1.01").exclude(value="").exists()
    )


def test_a_valid_certificate_prefills_the_questions_it_answers(base_version, firm_a, owner_a):
    add_evidence(owner_a, firm_a, certificate="durc", days=100)
    assessment = flow.start(owner_a, firm_a, "2027")
    durc = assessment.answers.get(question="SOC-1.01")
    assert durc.value == "yes"
    assert durc.evidence.get().certificate == "durc"
    assert durc.evidence_until == date.today() + timedelta(days=100)


def test_confirm_unchanged_carries_last_cycle_answers(verified_a, owner_a, firm_a):
    following = flow.start(owner_a, firm_a, "2027", prefill=False)
    assert following.carried_from == verified_a
    copied = flow.confirm_unchanged(owner_a, following, "social")
    assert copied > 10
    assert following.answers.filter(question="SOC-1.03").get().value == "yes"


def test_a_correction_rescores_and_can_be_disputed_then_reverted(verified_a, verifier, owner_a):
    answer = verified_a.answers.get(question="SOC-1.04")
    correction = flow.correct(verifier, answer, "no", "Due lavoratori senza contratto")
    verified_a.refresh_from_db()
    assert verified_a.qualification == "not_qualified"  # undeclared work is a red flag
    flow.dispute(owner_a, correction, "Erano stagisti con convenzione")
    flow.resolve_dispute(verifier, correction, "reverted", "Convenzioni verificate")
    verified_a.refresh_from_db()
    assert verified_a.qualification == "qualified"
