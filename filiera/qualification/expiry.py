"""The daily evidence run: reminders before expiry, and re-scoring when validity lapses.

Credit follows the dates (see ``scoring``): after ``valid_until`` an answer falls back to
"declared"; after the methodology's grace period an answer that requires evidence earns nothing.
This run makes those changes visible: it stores a new official score for every submitted,
in-review or verified assessment whose stored score predates a lapse, and it tells the firm —
by e-mail at 90, 30 and 7 days before, and when a document has expired. Running it twice on the
same day changes nothing; a missed day is caught up on the next run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from filiera.core import audit
from filiera.qualification.evidence_info import catalogue_for, kind_name
from filiera.qualification.models import (
    Answer,
    Assessment,
    Evidence,
    EvidenceReminder,
    MethodologyVersion,
)
from filiera.qualification.notify import firm_recipients
from filiera.qualification.services.scores import record_official

REMINDER_DAYS = (90, 30, 7)
EXPIRED = 0  # the EvidenceReminder mark for "the firm was told it expired"


@dataclass
class Report:
    reminders: int = 0
    expired: int = 0
    rescored: int = 0
    emails: int = 0
    firms: set[int] = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "reminders": self.reminders,
            "expired": self.expired,
            "rescored": self.rescored,
            "emails": self.emails,
        }


def due_threshold(valid_until: date, on: date) -> int | None:
    """The reminder due for a document valid until ``valid_until``: the smallest of 90/30/7
    that the days left have reached, or ``EXPIRED`` once it has lapsed."""
    left = (valid_until - on).days
    if left < 0:
        return EXPIRED
    reached = [d for d in REMINDER_DAYS if left <= d]
    return min(reached) if reached else None


def run(on: date) -> Report:
    report = Report()
    _remind(on, report)
    _rescore(on, report)
    return report


def _remind(on: date, report: Report) -> None:
    horizon = on + timedelta(days=max(REMINDER_DAYS))
    candidates = Evidence.objects.filter(
        valid_until__lte=horizon, valid_until__gte=on - timedelta(days=60)
    )
    sent = set(
        EvidenceReminder.objects.filter(evidence__in=candidates).values_list(
            "evidence_id", "days_before"
        )
    )
    per_firm: dict[int, list[tuple[Evidence, int]]] = defaultdict(list)
    for evidence in candidates.select_related("firm"):
        assert evidence.valid_until is not None  # the query keeps only dated documents
        threshold = due_threshold(evidence.valid_until, on)
        if threshold is None or (evidence.pk, threshold) in sent:
            continue
        # A document first seen close to its end gets only the latest reminder: mark the earlier
        # (larger) thresholds too, so they are never sent late.
        marks = [
            d for d in (*REMINDER_DAYS, EXPIRED) if d >= threshold and (evidence.pk, d) not in sent
        ]
        try:
            with transaction.atomic():
                EvidenceReminder.objects.bulk_create(
                    [EvidenceReminder(evidence=evidence, days_before=d) for d in marks]
                )
        except IntegrityError:  # another run got there first
            continue
        per_firm[evidence.firm_id].append((evidence, threshold))
        if threshold == EXPIRED:
            report.expired += 1
            audit.record(
                None,
                "evidence_expired",
                evidence,
                changes=audit.facts(valid_until=evidence.valid_until),
                firm_id=evidence.firm_id,
            )
        else:
            report.reminders += 1
    for items in per_firm.values():
        report.emails += _email(items, on)


def _email(items: list[tuple[Evidence, int]], on: date) -> int:
    firm = items[0][0].firm
    recipients = firm_recipients(firm)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        catalogue = catalogue_for(firm)  # name documents as the firm knows them, not by code
        rows = [
            (
                kind_name(e, catalogue, settings.LANGUAGE_CODE),
                e,
                d,
                ((e.valid_until or on) - on).days,
            )
            for e, d in items
        ]
        body = render_to_string(
            "qualification/evidence_reminder_email.txt", {"firm": firm, "items": rows}
        )
        subject = _("Filiera: documents about to expire for %(firm)s") % {"firm": firm.legal_name}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return 1


def _rescore(on: date, report: Report) -> None:
    """Store a new official score where a validity end or a grace end passed since the last one."""
    assessments = Assessment.objects.exclude(
        status__in=[Assessment.Status.DRAFT, Assessment.Status.RETURNED]
    ).filter(score__isnull=False)
    lapsed = (
        Answer.objects.filter(assessment__in=assessments, evidence_until__lt=on)
        .values_list(
            "assessment_id",
            "evidence_until",
            "assessment__score__evaluated_on",
            "assessment__version_id",
        )
        .distinct()
    )
    grace_by_version: dict[int, int] = {}
    due: set[int] = set()
    for assessment_id, until, scored_on, version_id in lapsed:
        if version_id not in grace_by_version:
            grace_by_version[version_id] = (
                MethodologyVersion.objects.get(pk=version_id).parsed().evidence_grace_days
            )
        grace = grace_by_version[version_id]
        if until is None or scored_on is None:  # never: the query filters on both
            continue
        for boundary in (until + timedelta(days=1), until + timedelta(days=grace + 1)):
            if scored_on < boundary <= on:
                due.add(assessment_id)
    for assessment in Assessment.objects.filter(pk__in=due).select_related("version"):
        record_official(assessment, "evidence_expired", on=on)
        report.rescored += 1
        report.firms.add(assessment.firm_id)
