"""What the supplier page shows at each level of sharing, read through the qualification
helpers (scorecard cards for the areas, the review pages' answer display)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from filiera.chains import facts as chain_facts
from filiera.chains.models import Level
from filiera.qualification.evidence_info import catalogue_for, kind_name
from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.qualification.selectors_peers import latest_scored
from filiera.qualification.views.review_rows import display_value
from filiera.qualification.views.scorecard_data import STATUS_LABELS, Card, card_from
from filiera.registry.models import Firm
from filiera.registry.reference import ateco_title


def language() -> str:
    return get_language() or "it"


@dataclass
class AnswerLine:
    code: str
    text: str
    shown: str
    comment: str


@dataclass
class Qualification:
    assessment: Assessment | None
    grade: str = ""
    status: str = ""
    status_label: str = ""
    evaluated_on: date | None = None
    overall: float | None = None
    expiring_on: date | None = None
    card: Card | None = None  # area scores, only when shared
    answers: list[tuple[str, list[AnswerLine]]] = field(default_factory=list)


def qualification(supplier: Firm, brand: Firm, level: int) -> Qualification:
    """The latest official result at the shared level: grade, status and date; the area scores
    from ``AREAS``; every answer from ``ANSWERS``."""
    facts = chain_facts.supplier_facts([supplier.pk], client_id=brand.pk).get(supplier.pk)
    expiring = facts.expiring_on if facts is not None and facts.shared else None
    assessment = latest_scored(supplier)
    if assessment is None or assessment.score is None:
        return Qualification(None, expiring_on=expiring)
    score = assessment.score
    result = Qualification(
        assessment,
        grade=score.grade,
        status=score.status,
        status_label=str(STATUS_LABELS.get(score.status, score.status)),
        evaluated_on=score.evaluated_on,
        overall=score.overall,
        expiring_on=expiring,
    )
    if level >= Level.AREAS:
        result.card = card_from(
            score.result, score.version, language(), evaluated_on=score.evaluated_on
        )
    if level >= Level.ANSWERS:
        result.answers = answers(assessment)
    return result


def answers(assessment: Assessment) -> list[tuple[str, list[AnswerLine]]]:
    """The answers, area by area in the methodology's order (question texts in the reader's
    language; values as the review pages show them)."""
    definition = assessment.version.parsed()
    lang = language()
    stored = {
        code: (value, comment)
        for code, value, comment in Answer.objects.filter(assessment=assessment).values_list(
            "question", "value", "comment"
        )
    }
    groups = []
    for area in definition.areas:
        lines = []
        for question in area.questions:
            if question.code not in stored:
                continue
            value, comment = stored[question.code]
            if not value:
                continue
            lines.append(
                AnswerLine(
                    question.code,
                    question.text.get(lang),
                    display_value(question, value),
                    comment,
                )
            )
        if lines:
            groups.append((area.name.get(lang), lines))
    return groups


def evidence_rows(brand: Firm, supplier: Firm) -> list[dict]:
    catalogue = catalogue_for(supplier)
    lang = language()
    today = timezone.localdate()
    rows = []
    for evidence in Evidence.objects.filter(firm=supplier).order_by("certificate", "-valid_until"):
        rows.append(
            {
                "id": evidence.pk,
                "name": kind_name(evidence, catalogue, lang),
                "issuer": evidence.issuer,
                "number": evidence.number,
                "valid_until": evidence.valid_until,
                "expired": evidence.valid_until is not None and evidence.valid_until < today,
                "url": reverse(
                    "chain_supplier_evidence", args=[brand.pk, supplier.pk, evidence.pk]
                ),
            }
        )
    return rows


def profile(supplier: Firm) -> dict:
    lang = language()
    description = supplier.description_en if lang.startswith("en") else supplier.description_it
    return {
        "description": description or supplier.description_it or supplier.description_en,
        "size": supplier.get_size_class_display() if supplier.size_class else "",
        "employees": supplier.employees,
        "role": supplier.get_role_display(),
        "vat": supplier.vat_display,
        "activities": [
            (a.code, ateco_title(a.code))
            for a in supplier.activities.order_by("-is_primary", "code")
        ],
        "email": supplier.email,
        "website": supplier.website,
        "districts": [d.name for d in supplier.districts.all()],
    }


def sites(supplier: Firm) -> list:
    return list(
        supplier.sites.select_related("municipality").prefetch_related("processes").order_by("id")
    )
