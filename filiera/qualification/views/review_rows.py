"""What the review pages show of an assessment: each applicable question with the firm's answer,
its evidence on a given day and the credit that answer earns, in plain words.

Kept apart from the views so the review page and the correction pages read answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from filiera.qualification import scoring
from filiera.qualification.methodology.schema import Area, Methodology, Question
from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.qualification.services.scores import context_of

YESNO_LABELS = {
    "yes": gettext_lazy("Yes"),
    "partial": gettext_lazy("Partly"),
    "no": gettext_lazy("No"),
    "na": gettext_lazy("Not applicable"),
}

QUALIFICATION_LABELS = {
    scoring.QUALIFIED: gettext_lazy("Qualified"),
    scoring.QUALIFIED_WITH_PLAN: gettext_lazy("Qualified with an improvement plan"),
    scoring.NOT_QUALIFIED: gettext_lazy("Not qualified"),
}

STATE_HELP = {
    Assessment.Status.DRAFT: gettext_lazy(
        "The firm is still filling in this assessment. There is nothing to review yet."
    ),
    Assessment.Status.SUBMITTED: gettext_lazy(
        "The firm has sent this assessment. Take it in review to check answers and documents, "
        "or return it to the firm with a comment if something is clearly missing."
    ),
    Assessment.Status.IN_REVIEW: gettext_lazy(
        "The assessment is in review. Check each answer against its documents. Correct an "
        "answer when the documents say otherwise, and say why. Return it to the firm if "
        "something must be fixed, or verify it when everything is right."
    ),
    Assessment.Status.RETURNED: gettext_lazy(
        "The assessment is back with the firm, to fix what the comment asks. It comes back "
        "here when the firm sends it again."
    ),
    Assessment.Status.VERIFIED: gettext_lazy(
        "The assessment is verified and its score is official. You can still correct an "
        "answer: the firm is told and may dispute the correction within 14 days."
    ),
}

CORRECTABLE = (Assessment.Status.IN_REVIEW, Assessment.Status.VERIFIED)


def language() -> str:
    return get_language() or "it"


def display_value(question: Question | None, value: str) -> str:
    """A stored answer as a person reads it (labels instead of codes, units after numbers)."""
    if not value:
        return "—"
    if value == "na":
        return str(YESNO_LABELS["na"])
    if question is None:
        return value
    if question.type == "yesno":
        return str(YESNO_LABELS.get(value, value))
    if question.type == "choice":
        choice = next((c for c in question.choices if c.code == value), None)
        return choice.label.get(language()) if choice else value
    if question.type == "number":
        shown = value.replace(".", formats.get_format("DECIMAL_SEPARATOR"))
        return f"{shown} {question.unit}".strip()
    if question.type == "date":
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


@dataclass
class EvidenceRow:
    evidence: Evidence
    name: str
    valid: bool


@dataclass
class Credit:
    """The credit state of one answer: a short code for tests and styling, and its words."""

    code: str
    text: str
    earns: bool


@dataclass
class QuestionRow:
    question: Question
    text: str
    answer: Answer | None
    shown: str
    evidence: list[EvidenceRow]
    credit: Credit
    corrections: list = field(default_factory=list)
    form: object | None = None


@dataclass
class AreaRow:
    area: Area
    name: str
    result: scoring.AreaResult | None
    questions: list[QuestionRow]


def evidence_name(methodology: Methodology, evidence: Evidence) -> str:
    certificate = methodology.certificate(evidence.certificate)
    kind = certificate.name.get(language()) if certificate else evidence.certificate
    return f"{evidence.title} ({kind})" if evidence.title else kind


def credit_of(question: Question, answer: Answer | None, on: date, grace_days: int) -> Credit:
    """Why this answer earns (or does not earn) its points on day ``on`` (scoring rules 2-4)."""
    value = answer.value if answer else ""
    if not value:
        return Credit("unanswered", _("Not answered: earns nothing."), False)
    if value == "na":
        return Credit("na", _("Not applicable: left out of the score."), False)
    until = answer.evidence_until if answer else None
    required = question.evidence == "required"
    if until is not None and until >= on:
        if answer and answer.reviewed:
            return Credit("verified", _("Backed by valid documents and checked."), True)
        return Credit("evidenced", _("Backed by valid documents."), True)
    if until is not None:
        last = until + timedelta(days=grace_days)
        if required and last < on:
            return Credit("lapsed", _("Documents expired: earns nothing."), False)
        if required:
            return Credit(
                "grace",
                _("Documents expired: credit kept until %(day)s, then nothing.")
                % {"day": formats.date_format(last, "SHORT_DATE_FORMAT")},
                True,
            )
    if required:
        return Credit("no_evidence", _("No valid documents: earns nothing."), False)
    if answer and answer.reviewed:
        return Credit("reviewed", _("Declared by the firm and checked."), True)
    return Credit("declared", _("Declared by the firm, no documents."), True)


def area_rows(
    assessment: Assessment, result: scoring.ScoreResult | None, on: date
) -> list[AreaRow]:
    """Every area with its applicable questions, answers, documents and credit."""
    methodology = assessment.version.parsed()
    ctx = context_of(assessment.context)
    lang = language()
    answers = {
        a.question: a
        for a in assessment.answers.prefetch_related("evidence", "corrections__verifier")
    }
    rows = []
    for area in methodology.areas:
        questions = []
        for question in area.questions:
            if not scoring.applies(question, ctx):
                continue
            answer = answers.get(question.code)
            attached = list(answer.evidence.all()) if answer else []
            questions.append(
                QuestionRow(
                    question=question,
                    text=question.text.get(lang),
                    answer=answer,
                    shown=display_value(question, answer.value if answer else ""),
                    evidence=[
                        EvidenceRow(e, evidence_name(methodology, e), e.is_valid_on(on))
                        for e in attached
                    ],
                    credit=credit_of(question, answer, on, methodology.evidence_grace_days),
                    corrections=list(answer.corrections.all()) if answer else [],
                )
            )
        if questions:
            rows.append(
                AreaRow(
                    area=area,
                    name=area.name.get(lang),
                    result=result.areas.get(area.code) if result else None,
                    questions=questions,
                )
            )
    return rows
