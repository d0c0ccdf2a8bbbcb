"""The daily evidence run (``filiera.qualification.expiry`` and ``expire_evidence``): reminders
at 90/30/7 days sent once, the expiry notice, and re-scoring when evidence lapses."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from filiera.core.models import AuditEvent
from filiera.qualification import expiry, scoring
from filiera.qualification.models import Score
from filiera.qualification.services import evidence as evidence_services
from filiera.qualification.services.scores import answer_inputs, evaluate
from tests.qualification.conftest import add_evidence


def run_days(start, end):
    """Run every day from ``start`` to ``end`` included; the days on which mail went out."""
    from django.core import mail

    days = []
    day = start
    while day <= end:
        before = len(mail.outbox)
        expiry.run(day)
        if len(mail.outbox) > before:
            days.append(day)
        day += timedelta(days=1)
    return days


def marks(evidence) -> set[int]:
    return set(evidence.reminders.values_list("days_before", flat=True))


# Reminders -------------------------------------------------------------------------------


def test_reminders_at_90_30_and_7_days_then_the_expiry_notice_each_once(
    firm_a, owner_a, viewer_a, base_version, mailoutbox
):
    evidence = add_evidence(owner_a, firm_a, certificate="durc", days=100, number="DURC-7")
    until = evidence.valid_until
    mailed = run_days(until - timedelta(days=100), until + timedelta(days=5))
    assert [(until - day).days for day in mailed] == [90, 30, 7, -1]
    assert len(mailoutbox) == 4
    assert all(message.to == [owner_a.email] for message in mailoutbox)  # not the viewer
    assert all(firm_a.legal_name in message.subject for message in mailoutbox)
    assert "DURC-7" in mailoutbox[0].body
    # The catalogue name, not the code "durc".
    assert "DURC \u2013 Documento unico di regolarità contributiva" in mailoutbox[0].body
    assert marks(evidence) == {90, 30, 7, expiry.EXPIRED}


def test_a_document_first_seen_at_20_days_gets_only_the_30_day_reminder(
    firm_a, owner_a, base_version, mailoutbox
):
    evidence = add_evidence(owner_a, firm_a, days=20)
    until = evidence.valid_until
    report = expiry.run(until - timedelta(days=20))
    assert report.as_dict()["reminders"] == 1
    assert len(mailoutbox) == 1
    assert marks(evidence) == {90, 30}  # the 90-day one is done with, never sent late
    assert run_days(until - timedelta(days=19), until - timedelta(days=8)) == []
    assert run_days(until - timedelta(days=7), until - timedelta(days=7)) == [
        until - timedelta(days=7)
    ]
    assert len(mailoutbox) == 2


def test_running_twice_the_same_day_sends_nothing_new(firm_a, owner_a, base_version, mailoutbox):
    evidence = add_evidence(owner_a, firm_a, days=30)
    day = evidence.valid_until - timedelta(days=30)
    first = expiry.run(day).as_dict()
    second = expiry.run(day).as_dict()
    assert first["reminders"] == 1 and first["emails"] == 1
    assert second == {"reminders": 0, "expired": 0, "rescored": 0, "emails": 0}
    assert len(mailoutbox) == 1


def test_one_mail_per_firm_lists_all_its_documents(firm_a, owner_a, base_version, mailoutbox):
    add_evidence(owner_a, firm_a, certificate="durc", days=30, number="A-1")
    add_evidence(owner_a, firm_a, certificate="gots", days=7, number="B-2")
    add_evidence(owner_a, firm_a, days=900)  # far from its end: nothing to say
    report = expiry.run(date.today())
    assert report.reminders == 2 and report.emails == 1
    assert "A-1" in mailoutbox[0].body and "B-2" in mailoutbox[0].body


def test_an_expired_document_gets_one_notice_and_an_audit_event(
    firm_a, owner_a, base_version, mailoutbox
):
    evidence = add_evidence(owner_a, firm_a, days=-3)
    day = evidence.valid_until + timedelta(days=3)
    report = expiry.run(day)
    assert report.expired == 1 and report.reminders == 0
    assert len(mailoutbox) == 1
    assert marks(evidence) == {90, 30, 7, expiry.EXPIRED}  # no late reminders either
    events = AuditEvent.objects.filter(action="evidence_expired", object_id=str(evidence.pk))
    assert events.count() == 1
    assert events.get().firm_id == firm_a.pk
    expiry.run(day)
    expiry.run(day + timedelta(days=1))
    assert len(mailoutbox) == 1
    assert events.count() == 1


def test_the_firm_address_is_used_when_no_owner_has_one(firm_a, owner_a, base_version, mailoutbox):
    owner_a.email = ""
    owner_a.save()
    firm_a.email = "ufficio@alfa.example"
    firm_a.save()
    evidence = add_evidence(owner_a, firm_a, days=7)
    expiry.run(evidence.valid_until - timedelta(days=7))
    assert mailoutbox[0].to == ["ufficio@alfa.example"]


def test_a_renewed_document_is_reminded_again(firm_a, owner_a, base_version, mailoutbox):
    evidence = add_evidence(owner_a, firm_a, days=30)
    old_until = evidence.valid_until
    expiry.run(old_until - timedelta(days=30))
    assert marks(evidence) == {90, 30}
    new_until = old_until + timedelta(days=365)
    evidence_services.update_evidence(owner_a, evidence, valid_until=new_until)
    assert marks(evidence) == set()
    assert run_days(new_until - timedelta(days=91), new_until - timedelta(days=89)) == [
        new_until - timedelta(days=90)
    ]


# Re-scoring ------------------------------------------------------------------------------


def _official(assessment):
    return Score.objects.filter(assessment=assessment, kind=Score.Kind.OFFICIAL).order_by(
        "-created_at", "-id"
    )


def as_if_valid(assessment, on):
    """The score on ``on`` had the evidence never expired."""
    inputs = {
        code: scoring.AnswerInput(a.value, date.max if a.evidence_until else None, a.reviewed)
        for code, a in answer_inputs(assessment.pk).items()
    }
    return evaluate(assessment, on=on, answers=inputs)


def test_a_submitted_assessment_is_rescored_when_its_evidence_lapses(submitted_a, base_version):
    evidence = submitted_a.firm.evidence.get()
    until = evidence.valid_until
    grace = base_version.parsed().evidence_grace_days
    first = _official(submitted_a).first()
    assert first.result["assurance"]["evidenced"] > 0

    assert expiry.run(until).rescored == 0  # still valid on its last day
    assert expiry.run(until + timedelta(days=1)).rescored == 1
    lapsed = _official(submitted_a).first()
    assert lapsed.reason == "evidence_expired"
    assert lapsed.evaluated_on == until + timedelta(days=1)
    # In the grace period the credit stays; the assurance falls back to "declared". (Dated
    # answers age meanwhile, so compare with the same day scored as if the evidence were valid.)
    assert lapsed.overall == as_if_valid(submitted_a, until + timedelta(days=1)).overall
    assert lapsed.result["assurance"]["evidenced"] == 0
    assert (
        lapsed.result["assurance"]["declared"]
        == first.result["assurance"]["declared"] + first.result["assurance"]["evidenced"]
    )
    submitted_a.refresh_from_db()
    assert submitted_a.score_id == lapsed.pk

    assert expiry.run(until + timedelta(days=1)).rescored == 0  # same day: nothing new
    assert expiry.run(until + timedelta(days=grace)).rescored == 0  # last day of grace
    assert expiry.run(until + timedelta(days=grace + 1)).rescored == 1
    lost = _official(submitted_a).first()
    assert lost.reason == "evidence_expired"
    assert lost.overall < as_if_valid(submitted_a, until + timedelta(days=grace + 1)).overall
    submitted_a.refresh_from_db()
    assert (submitted_a.score_id, submitted_a.overall) == (lost.pk, lost.overall)
    assert _official(submitted_a).count() == 3


def test_a_verified_assessment_is_rescored_too(verified_a, base_version):
    evidence = verified_a.firm.evidence.get()
    first = _official(verified_a).first()
    assert first.result["assurance"]["verified"] > 0
    skipped = evidence.valid_until + timedelta(days=base_version.parsed().evidence_grace_days + 5)
    # A missed stretch of days is caught up in one run: one new score, credit already lost.
    assert expiry.run(skipped).rescored == 1
    latest = _official(verified_a).first()
    assert latest.reason == "evidence_expired"
    assert latest.result["assurance"]["verified"] == 0
    assert latest.result["assurance"]["reviewed"] > 0
    assert latest.overall < as_if_valid(verified_a, skipped).overall


def test_drafts_are_not_rescored(draft_a, owner_a, base_version):
    evidence = add_evidence(owner_a, draft_a.firm, days=10)
    from tests.qualification.conftest import fill

    fill(owner_a, draft_a, evidence=evidence)
    assert expiry.run(evidence.valid_until + timedelta(days=60)).rescored == 0
    assert not Score.objects.filter(assessment=draft_a).exists()


# The command -----------------------------------------------------------------------------


def test_the_command_prints_the_report_as_json(firm_a, owner_a, base_version, mailoutbox):
    evidence = add_evidence(owner_a, firm_a, days=7)
    out = io.StringIO()
    day = evidence.valid_until - timedelta(days=7)
    call_command("expire_evidence", "--date", day.isoformat(), stdout=out)
    assert json.loads(out.getvalue()) == {"reminders": 1, "expired": 0, "rescored": 0, "emails": 1}
    assert len(mailoutbox) == 1


def test_the_command_can_enqueue_the_run(firm_a, owner_a, base_version, mailoutbox):
    evidence = add_evidence(owner_a, firm_a, days=30)
    out = io.StringIO()
    day = evidence.valid_until - timedelta(days=30)
    call_command("expire_evidence", "--date", day.isoformat(), "--enqueue", stdout=out)
    assert out.getvalue().startswith("enqueued ")
    # The tests' task backend runs the task at once.
    assert marks(evidence) == {90, 30}
    assert len(mailoutbox) == 1


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--date"):
        call_command("expire_evidence", "--date", "31/12/2026")
