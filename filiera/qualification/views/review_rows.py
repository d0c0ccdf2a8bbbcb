"""What the review pages show of an assessment: each applicable question with the firm's answer,
its evidence on a given day and the credit that answer earns, in plain words.

Kept apart from the views so the review page and the correction pages read answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from filiera.qualification import scoring
from filiera.qualification.methodology.schema import Area, Methodology, Question
from filiera.qualification.models import Answer, Assessment, Correction, Evidence
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

STATE_HELP: dict[str, Promise] = {
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


class PkUrl:
    """The links of one URL name for many primary keys, reversed once: ``reverse`` costs about
    50 µs, a few milliseconds on a page with a link per question. Empty when the name is not
    routed."""

    SENTINEL = "2147483647"

    def __init__(self, name: str) -> None:
        try:
            self.pattern = reverse(name, args=[int(self.SENTINEL)])
        except NoReverseMatch:
            self.pattern = ""

    def __call__(self, pk: int) -> str:
        return self.pattern.replace(self.SENTINEL, str(pk)) if self.pattern else ""


@dataclass
class EvidenceRow:
    evidence: Evidence
    name: str
    valid: bool
    detail_url: str = ""
    file_url: str = ""


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
    level: str = ""
    # Where the verifier opens the correction form; empty when answers cannot be corrected.
    correct_url: str = ""
    # Only the answer whose correction was refused carries its bound form; every other one
    # loads its (unbound) form on demand from ``answer_correct``.
    form: object | None = None


@dataclass
class AreaRow:
    area: Area
    name: str
    result: scoring.AreaResult | None
    questions: list[QuestionRow]


def certificate_names(methodology: Methodology, lang: str) -> dict[str, str]:
    """Certificate code → name in ``lang``, once per page instead of a search per document."""
    return {c.code: c.name.get(lang) for c in methodology.certificates}


def evidence_label(certificates: dict[str, str], evidence: Evidence) -> str:
    kind = certificates.get(evidence.certificate, evidence.certificate)
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


@dataclass
class LoadedAnswers:
    """An assessment's answers by question code, with their documents and corrections."""

    by_code: dict[str, Answer]
    evidence: dict[int, list[Evidence]]  # answer pk → its documents
    corrections: dict[int, list[Correction]]  # answer pk → its corrections, newest first

    def score_inputs(self) -> dict[str, scoring.AnswerInput]:
        """What the scoring engine reads of the answers already loaded (no second query)."""
        return {
            code: scoring.AnswerInput(a.value, a.evidence_until, a.reviewed)
            for code, a in self.by_code.items()
        }

    def all_corrections(self) -> list[Correction]:
        """Every correction of the assessment, newest first."""
        every = [c for listed in self.corrections.values() for c in listed]
        return sorted(every, key=lambda c: (c.created_at, c.pk), reverse=True)


def load_answers(assessment: Assessment) -> LoadedAnswers:
    """Three queries whatever the number of questions. Grouped by hand rather than with
    ``prefetch_related``, which builds two related managers per answer (most of the page's
    time for a hundred answers with no correction at all)."""
    answers = list(Answer.objects.filter(assessment=assessment))
    by_pk = {a.pk: a for a in answers}
    evidence: dict[int, list[Evidence]] = {}
    attached = Evidence.objects.filter(answers__assessment=assessment).annotate(
        answer_pk=F("answers__id")
    )  # in the model's order (latest validity first), as each answer lists them
    for document in attached:
        evidence.setdefault(document.answer_pk, []).append(document)
    corrections: dict[int, list[Correction]] = {}
    for correction in Correction.objects.filter(answer__assessment=assessment):
        correction.answer = by_pk[correction.answer_id]
        corrections.setdefault(correction.answer_id, []).append(correction)
    return LoadedAnswers({a.question: a for a in answers}, evidence, corrections)


def area_rows(
    assessment: Assessment,
    result: scoring.ScoreResult | None,
    on: date,
    answers: LoadedAnswers | None = None,
    *,
    correctable: bool = False,
) -> list[AreaRow]:
    """Every area with its applicable questions, answers, documents and credit; with
    ``correctable``, each answer's link to its correction form."""
    methodology = assessment.version.parsed()
    ctx = context_of(assessment.context)
    lang = language()
    if answers is None:
        answers = load_answers(assessment)
    certificates = certificate_names(methodology, lang)
    levels = {n: _("level %(level)s") % {"level": n} for n in (1, 2, 3)}
    detail_url, file_url = PkUrl("evidence_detail"), PkUrl("evidence_file")
    correct_url = PkUrl("answer_correct") if correctable else None
    rows = []
    for area in methodology.areas:
        questions = []
        for question in area.questions:
            if not scoring.applies(question, ctx):
                continue
            answer = answers.by_code.get(question.code)
            attached = answers.evidence.get(answer.pk, []) if answer else []
            questions.append(
                QuestionRow(
                    question=question,
                    text=question.text.get(lang),
                    answer=answer,
                    shown=display_value(question, answer.value if answer else ""),
                    evidence=[
                        EvidenceRow(
                            e,
                            evidence_label(certificates, e),
                            e.is_valid_on(on),
                            detail_url(e.pk),
                            file_url(e.pk),
                        )
                        for e in attached
                    ],
                    credit=credit_of(question, answer, on, methodology.evidence_grace_days),
                    corrections=answers.corrections.get(answer.pk, []) if answer else [],
                    level=levels[question.level],
                    correct_url=correct_url(answer.pk) if correct_url and answer else "",
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
