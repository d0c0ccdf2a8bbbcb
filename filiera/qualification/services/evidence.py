"""Writes to evidence: upload, change, remove. Answers that use a piece of evidence keep their
``evidence_until`` in step, and verified assessments are re-scored when validity changes."""

from __future__ import annotations

from django.db import transaction

from filiera.core import audit
from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.qualification.services.assessments import evidence_until
from filiera.qualification.services.scores import record_official
from filiera.registry.models import Firm

FIELDS = ["certificate", "title", "issuer", "number", "valid_from", "valid_until", "file_name"]


def _record(actor, action: str, evidence: Evidence, changes: dict) -> None:
    audit.record(actor, action, evidence, changes=changes, firm_id=evidence.firm_id)


@transaction.atomic
def add_evidence(actor, firm: Firm, *, file, content_type: str | None = None, **fields) -> Evidence:
    evidence = Evidence(firm=firm, **fields)
    evidence.file = file
    evidence.file_name = getattr(file, "name", "")[:200]
    evidence.size = getattr(file, "size", 0) or 0
    evidence.content_type = content_type or getattr(file, "content_type", "") or ""
    evidence.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
    evidence.save()
    _record(actor, "add_evidence", evidence, audit.facts(**audit.snapshot(evidence, FIELDS)))
    return evidence


@transaction.atomic
def update_evidence(
    actor, evidence: Evidence, file=None, content_type: str | None = None, **fields
) -> Evidence:
    before = audit.snapshot(evidence, FIELDS)
    for name, value in fields.items():
        setattr(evidence, name, value)
    if file is not None:
        evidence.file = file
        evidence.file_name = getattr(file, "name", "")[:200]
        evidence.size = getattr(file, "size", 0) or 0
        evidence.content_type = content_type or getattr(file, "content_type", "") or ""
    evidence.save()
    changes = audit.diff(before, audit.snapshot(evidence, FIELDS))
    if changes:
        _record(actor, "change_evidence", evidence, changes)
    if "valid_until" in changes:
        # A new end of validity starts the reminders afresh (a renewed document is reminded again).
        evidence.reminders.all().delete()
        refresh_answers(evidence.answers.all(), reason="evidence_changed")
    return evidence


@transaction.atomic
def remove_evidence(actor, evidence: Evidence) -> None:
    answers = list(evidence.answers.all())
    _record(actor, "remove_evidence", evidence, audit.facts(**audit.snapshot(evidence, FIELDS)))
    evidence.file.delete(save=False)
    evidence.delete()
    refresh_answers(answers, reason="evidence_removed")


def refresh_answers(answers, reason: str) -> set[int]:
    """Recompute ``evidence_until`` of these answers; re-score the verified or submitted
    assessments they belong to. Returns the ids of the re-scored assessments."""
    touched: set[int] = set()
    for answer in answers:
        answer.evidence_until = evidence_until(answer.evidence.all())
        answer.save(update_fields=["evidence_until"])
        touched.add(answer.assessment_id)
    scored = Assessment.objects.filter(pk__in=touched).exclude(
        status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED]
    )
    for assessment in scored.select_related("version"):
        record_official(assessment, reason)
    return set(scored.values_list("pk", flat=True))


def answers_using(evidence: Evidence):
    return Answer.objects.filter(evidence=evidence).select_related("assessment")
