"""Writes to assessments: starting, answering, carrying answers forward, the review workflow,
corrections and disputes. Each function is atomic and leaves an audit event; pages and the API
check permissions first (``filiera.qualification.access``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.qualification import answers as answer_rules
from filiera.qualification import scoring
from filiera.qualification.methodology.schema import Area
from filiera.qualification.models import Answer, Assessment, Correction, Evidence
from filiera.qualification.selectors import current_version, previous_assessment
from filiera.qualification.services.scores import context_of, firm_context, record_official
from filiera.registry.models import District, Firm

Status = Assessment.Status


def _audit(actor, action: str, assessment: Assessment, **changes) -> None:
    audit.record(
        actor,
        action,
        assessment,
        changes={k: v if isinstance(v, list) else [None, v] for k, v in changes.items()},
        firm_id=assessment.firm_id,
        district_id=assessment.district_id,
    )


def evidence_until(evidence: Iterable[Evidence]) -> date | None:
    """The latest end of validity among ``evidence`` (``date.max`` if one never expires)."""
    ends = [e.until_for_scoring for e in evidence]
    return max(ends) if ends else None


@transaction.atomic
def start(
    actor, firm: Firm, period: str, *, district: District | None = None, prefill: bool = True
) -> Assessment:
    period = (period or "").strip()
    if not period:
        raise UserError(N_("Period: write the year or period the assessment covers."))
    if len(period) > 20:
        raise UserError(N_("Period: keep it under 20 characters, e.g. 2026."))
    district = district or firm.districts.order_by("id").first()
    if district is None:
        raise UserError(N_("The firm belongs to no district yet: a district must review it."))
    if Assessment.objects.filter(firm=firm, period=period).exists():
        raise UserError(
            N_("Period: the firm already has an assessment for %(period)s."), period=period
        )
    version = current_version(district)
    if version is None:
        raise UserError(N_("No published methodology is available yet."))
    assessment = Assessment.objects.create(
        firm=firm,
        district=district,
        period=period,
        version=version,
        context=firm_context(firm),
        carried_from=previous_assessment(firm, before=None),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _audit(actor, "start_assessment", assessment, period=period, methodology=str(version))
    if prefill:
        prefill_from_certificates(actor, assessment)
    return assessment


def _require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable_by_firm:
        raise UserError(
            N_("This assessment is %(status)s: answers can no longer be changed."),
            status=assessment.get_status_display(),
        )


def _question(assessment: Assessment, code: str):
    question = assessment.version.parsed().question(code)
    if question is None or not question.enabled:
        raise UserError(N_("%(code)s: no such question in this methodology."), code=code)
    return question


@transaction.atomic
def save_answer(
    actor,
    assessment: Assessment,
    code: str,
    value: str | None,
    *,
    comment: str | None = None,
    evidence: Iterable[Evidence] | None = None,
) -> Answer:
    """Save one answer (autosave calls this for each change). ``None`` leaves a part unchanged."""
    _require_editable(assessment)
    question = _question(assessment, code)
    answer, _created = Answer.objects.get_or_create(assessment=assessment, question=code)
    before = {"value": answer.value, "comment": answer.comment, "evidence": _evidence_ids(answer)}
    if value is not None:
        answer.value = answer_rules.normalise(question, value)
    if comment is not None:
        answer.comment = comment.strip()[:2000]
    if evidence is not None:
        chosen = list(evidence)
        foreign = [e for e in chosen if e.firm_id != assessment.firm_id]
        if foreign:
            raise UserError(N_("%(code)s: that evidence belongs to another firm."), code=code)
        answer.evidence.set(chosen)
        answer.evidence_until = evidence_until(chosen)
    answer.reviewed = False
    answer.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    answer.save()
    after = {"value": answer.value, "comment": answer.comment, "evidence": _evidence_ids(answer)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor,
            "answer",
            assessment,
            changes={f"{code}.{k}": v for k, v in changes.items()},
            firm_id=assessment.firm_id,
            district_id=assessment.district_id,
        )
    return answer


def _evidence_ids(answer: Answer) -> list[int]:
    return sorted(answer.evidence.values_list("id", flat=True)) if answer.pk else []


@transaction.atomic
def prefill_from_certificates(actor, assessment: Assessment, on: date | None = None) -> int:
    """Answer "yes" to unanswered questions that a valid certificate of the firm answers."""
    on = on or timezone.localdate()
    methodology = assessment.version.parsed()
    valid = [e for e in assessment.firm.evidence.all() if e.is_valid_on(on)]
    if not valid:
        return 0
    by_kind: dict[str, list[Evidence]] = {}
    for item in valid:
        by_kind.setdefault(item.certificate, []).append(item)
    existing = {a.question: a for a in assessment.answers.prefetch_related("evidence")}
    filled = 0
    for area in methodology.areas:
        for question in area.questions:
            matches = [e for c in question.certificates for e in by_kind.get(c, [])]
            if not question.enabled or not matches or question.type not in ("yesno", "file"):
                continue
            answer = existing.get(question.code)
            if answer is not None and answer.value:
                continue
            answer = answer or Answer(assessment=assessment, question=question.code)
            answer.value = "yes" if question.type == "yesno" else matches[0].file_name or "file"
            answer.evidence_until = evidence_until(matches)
            answer.save()
            answer.evidence.add(*matches)
            filled += 1
    if filled:
        _audit(actor, "answer", assessment, prefilled_from_certificates=filled)
    return filled


@transaction.atomic
def confirm_unchanged(actor, assessment: Assessment, area_code: str) -> int:
    """Carry the previous cycle's answers of one area into this assessment, where still empty."""
    _require_editable(assessment)
    source = assessment.carried_from
    if source is None:
        raise UserError(N_("There is no earlier assessment to carry answers from."))
    area = next((a for a in assessment.version.parsed().areas if a.code == area_code), None)
    if area is None:
        raise UserError(N_("%(code)s: no such area in this methodology."), code=area_code)
    codes = {q.code for q in area.questions if q.enabled}
    current = {a.question: a for a in assessment.answers.filter(question__in=codes)}
    copied = 0
    for old in source.answers.filter(question__in=codes).prefetch_related("evidence"):
        answer = current.get(old.question)
        if answer is not None and answer.value:
            continue
        answer = answer or Answer(assessment=assessment, question=old.question)
        answer.value, answer.comment = old.value, old.comment
        chosen = list(old.evidence.all())
        answer.evidence_until = evidence_until(chosen)
        answer.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        answer.save()
        answer.evidence.set(chosen)
        copied += 1
    _audit(actor, "carry_forward", assessment, area=area_code, answers=copied)
    return copied


def required_questions(area: Area, ctx: scoring.FirmContext) -> list[str]:
    """Codes of the area's questions that must be answered before submitting: those asked of
    the firm that count (data-only questions weigh 0), in methodology order."""
    return [q.code for q in area.questions if q.weight > 0 and scoring.applies(q, ctx)]


def missing_questions(assessment: Assessment) -> list[str]:
    """Codes of the required questions still unanswered, in methodology order."""
    ctx = context_of(assessment.context)
    answered = set(assessment.answers.exclude(value="").values_list("question", flat=True))
    return [
        code
        for area in assessment.version.parsed().areas
        for code in required_questions(area, ctx)
        if code not in answered
    ]


def _move(
    actor, assessment: Assessment, allowed: tuple[str, ...], target: str, action: str, **extra
):
    if assessment.status not in allowed:
        raise UserError(
            N_("This assessment is %(status)s: this step is not possible now."),
            status=assessment.get_status_display(),
        )
    before = assessment.status
    assessment.status = target
    for name, value in extra.items():
        setattr(assessment, name, value)
    assessment.save()
    _audit(actor, action, assessment, status=[before, target])


@transaction.atomic
def submit(actor, assessment: Assessment) -> Assessment:
    missing = missing_questions_after_context(assessment)
    if missing:
        raise UserError(
            N_("%(count)s questions are still unanswered, first %(first)s."),
            count=len(missing),
            first=", ".join(missing[:3]),
        )
    _move(
        actor,
        assessment,
        (Status.DRAFT, Status.RETURNED),
        Status.SUBMITTED,
        "submit",
        submitted_at=timezone.now(),
    )
    record_official(assessment, "submitted")
    return assessment


def missing_questions_after_context(assessment: Assessment) -> list[str]:
    """Refresh the firm's context (it is frozen on submission), then list what is missing."""
    assessment.context = firm_context(assessment.firm)
    assessment.save(update_fields=["context"])
    return missing_questions(assessment)


@transaction.atomic
def take_in_review(actor, assessment: Assessment) -> Assessment:
    _move(
        actor, assessment, (Status.SUBMITTED,), Status.IN_REVIEW, "take_in_review", reviewer=actor
    )
    return assessment


@transaction.atomic
def return_to_firm(actor, assessment: Assessment, comment: str) -> Assessment:
    comment = (comment or "").strip()
    if not comment:
        raise UserError(N_("Comment: tell the firm what to fix."))
    _move(
        actor,
        assessment,
        (Status.SUBMITTED, Status.IN_REVIEW),
        Status.RETURNED,
        "return",
        review_comment=comment,
        reviewer=actor,
    )
    return assessment


@transaction.atomic
def verify(actor, assessment: Assessment) -> Assessment:
    _move(
        actor,
        assessment,
        (Status.IN_REVIEW,),
        Status.VERIFIED,
        "verify",
        verified_at=timezone.now(),
        reviewer=actor,
    )
    assessment.answers.update(reviewed=True)
    record_official(assessment, "verified")
    return assessment


@transaction.atomic
def correct(actor, answer: Answer, value: str, reason: str) -> Correction:
    """A verifier changes an answer, saying why; the firm sees it and may dispute it."""
    assessment = answer.assessment
    if assessment.status not in (Status.IN_REVIEW, Status.VERIFIED):
        raise UserError(N_("Take the assessment in review before correcting answers."))
    reason = (reason or "").strip()
    if not reason:
        raise UserError(N_("Reason: say why the answer is corrected."))
    question = _question(assessment, answer.question)
    new_value = answer_rules.normalise(question, value)
    if new_value == answer.value:
        raise UserError(
            N_("%(code)s: the new answer is the same as the old one."), code=question.code
        )
    correction = Correction.objects.create(
        answer=answer, verifier=actor, old_value=answer.value, new_value=new_value, reason=reason
    )
    audit.record(
        actor,
        "correct",
        assessment,
        changes={f"{answer.question}.value": [answer.value, new_value], "reason": [None, reason]},
        firm_id=assessment.firm_id,
        district_id=assessment.district_id,
    )
    answer.value, answer.reviewed = new_value, True
    answer.save(update_fields=["value", "reviewed", "updated_at"])
    if assessment.status == Status.VERIFIED:
        record_official(assessment, "corrected")
    return correction


@transaction.atomic
def dispute(actor, correction: Correction, text: str) -> Correction:
    text = (text or "").strip()
    if not text:
        raise UserError(N_("Dispute: say why the correction is wrong."))
    if not correction.can_be_disputed():
        raise UserError(N_("This correction can no longer be disputed (14 days have passed)."))
    correction.dispute, correction.disputed_at, correction.disputed_by = text, timezone.now(), actor
    correction.save()
    assessment = correction.answer.assessment
    _audit(actor, "dispute", assessment, question=correction.answer.question, dispute=text)
    return correction


@transaction.atomic
def resolve_dispute(actor, correction: Correction, resolution: str, note: str) -> Correction:
    if not correction.disputed_at or correction.resolution:
        raise UserError(N_("This correction has no open dispute."))
    if resolution not in (Correction.Resolution.UPHELD, Correction.Resolution.REVERTED):
        raise UserError(N_("Decision: uphold the correction or restore the firm's answer."))
    correction.resolution = resolution
    correction.resolution_note = (note or "").strip()
    correction.resolved_by, correction.resolved_at = actor, timezone.now()
    correction.save()
    answer = correction.answer
    assessment = answer.assessment
    if resolution == Correction.Resolution.REVERTED:
        answer.value = correction.old_value
        answer.save(update_fields=["value", "updated_at"])
        if assessment.status == Status.VERIFIED:
            record_official(assessment, "dispute")
    _audit(actor, "resolve_dispute", assessment, question=answer.question, resolution=resolution)
    return correction
