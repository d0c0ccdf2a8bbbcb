"""Shapes of the qualification API: methodologies, assessments, answers, scores and evidence.

Outputs are plain dicts built by the ``*_out`` helpers from objects whose related rows are
already loaded, so building them runs no queries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from filiera.api.firms import MAX_ID
from filiera.qualification.methodology.schema import Methodology as MethodologyDefinition
from filiera.qualification.models import (
    Answer,
    Assessment,
    Evidence,
    MethodologyVersion,
    Score,
)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Literals rather than the models' enums: their class names (``Status``) would clash in OpenAPI.
AssessmentStatus = Literal["draft", "submitted", "in_review", "returned", "verified"]
ScoreKind = Literal["official", "rescore"]


class TextOut(Schema):
    it: str
    en: str


# Methodologies -------------------------------------------------------------------------------


class MethodologyVersionOut(Schema):
    slug: str
    version: int
    name: TextOut
    district: str | None = Field(description="Slug of the district that owns it; null: shipped.")
    based_on: str | None = Field(description="`slug@version` of the version it derives from.")
    status: str = Field(description="`published`, or `draft` (seen only by the district's staff).")
    published_at: datetime | None


class MethodologyVersionPage(Schema):
    items: list[MethodologyVersionOut]
    next_cursor: str | None


class MethodologyVersionDetail(MethodologyVersionOut):
    definition: MethodologyDefinition = Field(
        description="The whole definition as stored: areas, questions, certificates, grades."
    )


def version_out(version: MethodologyVersion) -> dict:
    methodology = version.methodology
    return {
        "slug": methodology.slug,
        "version": version.number,
        "name": {"it": methodology.name_it, "en": methodology.name_en},
        "district": methodology.district.slug if methodology.district else None,
        "based_on": version.based_on.key if version.based_on else None,
        "status": version.status,
        "published_at": version.published_at,
    }


# Assessments ---------------------------------------------------------------------------------


class AssessmentOut(Schema):
    id: int
    firm: int
    district: str = Field(description="Slug of the district whose verifiers review it.")
    period: str
    methodology: str = Field(description="`slug@version` the answers are given under.")
    status: AssessmentStatus
    overall: float | None = Field(description="Latest official score, 0-100; null before it.")
    grade: str = Field(description="A-E, empty before the first official score.")
    qualification: str = Field(
        description="`qualified`, `qualified_with_plan`, `not_qualified`; empty before scoring."
    )
    submitted_at: datetime | None
    verified_at: datetime | None


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    next_cursor: str | None


class AreaProgress(Schema):
    code: str
    name: TextOut
    applicable: int = Field(description="Questions this firm must answer in the area.")
    answered: int
    missing: list[str] = Field(description="Codes of the applicable questions not answered yet.")


class AssessmentDetail(AssessmentOut):
    editable: bool = Field(description="True while the firm may change answers (draft, returned).")
    review_comment: str
    carried_from: int | None = Field(description="The earlier assessment answers can come from.")
    applicable: int
    answered: int
    areas: list[AreaProgress]


class AssessmentIn(Schema):
    period: str = Field(description="The year or period covered, e.g. `2026`.", examples=["2026"])


def assessment_out(assessment: Assessment) -> dict:
    return {
        "id": assessment.pk,
        "firm": assessment.firm_id,
        "district": assessment.district.slug,
        "period": assessment.period,
        "methodology": assessment.version.key,
        "status": assessment.status,
        "overall": assessment.overall,
        "grade": assessment.grade,
        "qualification": assessment.qualification,
        "submitted_at": assessment.submitted_at,
        "verified_at": assessment.verified_at,
    }


# Answers -------------------------------------------------------------------------------------


class AnswerOut(Schema):
    question: str
    value: str = Field(
        description="`yes`/`partial`/`no`/`na`, a choice code, a number with a dot, a date "
        "(YYYY-MM-DD) or text; empty: unanswered."
    )
    comment: str
    evidence: list[int] = Field(description="Ids of the attached evidence.")
    evidence_until: date | None = Field(
        description="Latest end of validity of the attached evidence; 9999-12-31 when one "
        "never expires; null without evidence."
    )
    reviewed: bool
    updated_at: datetime


class AnswerPage(Schema):
    items: list[AnswerOut]
    next_cursor: str | None


class AnswerIn(Schema):
    value: str | int | float = Field(
        description="The answer (see `AnswerOut.value`); an empty string clears it."
    )
    comment: str | None = Field(None, max_length=2000, description="A note; left out: unchanged.")
    evidence: list[Id] | None = Field(
        None,
        description="Ids of the firm's evidence to attach (replaces the list); left out: "
        "unchanged; `[]` detaches all.",
    )


def answer_out(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "value": answer.value,
        "comment": answer.comment,
        "evidence": sorted(e.pk for e in answer.evidence.all()),
        "evidence_until": answer.evidence_until,
        "reviewed": answer.reviewed,
        "updated_at": answer.updated_at,
    }


# Scores --------------------------------------------------------------------------------------


class ScoreAreaOut(Schema):
    code: str
    score: float | None = Field(description="0-100; null when no question of the area applies.")
    grade: str
    gated: bool = Field(description="A critical level 1 item is not met: levels 2-3 count 0.")
    red_flags: list[str]
    levels: dict[str, float | None] = Field(description="Score of each level, keyed `1`-`3`.")
    answered: int
    applicable: int
    weight: float


class ScoreResultOut(Schema):
    methodology: str
    on: date | None
    overall: float | None
    grade: str
    status: str
    areas: dict[str, ScoreAreaOut]
    red_flags: list[str]
    assurance: dict[str, int] = Field(
        description="Answers per assurance level: declared, evidenced, reviewed, verified."
    )
    assurance_shares: dict[str, float]
    answered: int
    applicable: int


class EvaluationOut(Schema):
    methodology: str = Field(description="`slug@version` scored under.")
    weighting: int | None = Field(description="Id of the area weighting used; null: the version's.")
    evaluated_on: date
    overall: float | None
    grade: str
    status: str
    result: ScoreResultOut


class ScoreOut(EvaluationOut):
    id: int
    kind: ScoreKind
    reason: str = Field(description="Why it was computed: submitted, verified, corrected…")
    created_at: datetime


class ScorePage(Schema):
    items: list[ScoreOut]
    next_cursor: str | None


def score_out(score: Score) -> dict:
    return {
        "id": score.pk,
        "kind": score.kind,
        "reason": score.reason,
        "methodology": score.version.key,
        "weighting": score.weighting_id,
        "evaluated_on": score.evaluated_on,
        "overall": score.overall,
        "grade": score.grade,
        "status": score.status,
        "result": score.result,
        "created_at": score.created_at,
    }


# Evidence ------------------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    firm: int
    certificate: str = Field(description="A certificate code of the methodology, or `other`.")
    title: str
    issuer: str
    number: str
    valid_from: date | None
    valid_until: date | None = Field(description="Null: it does not expire.")
    valid_today: bool
    file_name: str
    content_type: str
    size: int = Field(description="Bytes.")
    file_url: str = Field(
        description="Path of the page that serves the file to people signed in who may see it."
    )
    created_at: datetime
    updated_at: datetime


class EvidencePage(Schema):
    items: list[EvidenceOut]
    next_cursor: str | None


def evidence_out(evidence: Evidence, file_url: str, today: date) -> dict:
    return {
        "id": evidence.pk,
        "firm": evidence.firm_id,
        **{name: getattr(evidence, name) for name in EVIDENCE_PLAIN_FIELDS},
        "valid_today": evidence.is_valid_on(today),
        "file_url": file_url,
    }


EVIDENCE_PLAIN_FIELDS = [
    "certificate", "title", "issuer", "number", "valid_from", "valid_until", "file_name",
    "content_type", "size", "created_at", "updated_at",
]  # fmt: skip
