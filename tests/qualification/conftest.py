"""Qualification fixtures: the shipped methodology (loaded by the migrations), assessments of
firm A in several states, and a helper that answers every applicable question."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from filiera.qualification import scoring
from filiera.qualification.models import Assessment, Evidence
from filiera.qualification.selectors import current_version
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import evidence as evidence_services
from filiera.qualification.services.scores import context_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "certificato.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def base_version(db):
    version = current_version(None)
    assert version is not None, "the shipped methodology is loaded by the migrations"
    return version


def add_evidence(actor, firm, certificate="iso_14001", days=365, **extra) -> Evidence:
    today = date.today()
    return evidence_services.add_evidence(
        actor,
        firm,
        file=pdf_upload(),
        certificate=certificate,
        issuer=extra.pop("issuer", "Ente di certificazione"),
        number=extra.pop("number", "N-1"),
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=days),
        **extra,
    )


def value_for(question, good: bool = True) -> str:
    if question.type == "yesno":
        return "yes" if good else "no"
    if question.type == "choice":
        ranked = sorted(question.choices, key=lambda c: (c.credit is None, -(c.credit or 0)))
        return ranked[0].code if good else ranked[-1].code
    if question.type == "number":
        return "10"
    if question.type == "date":
        return date.today().isoformat()
    return "documento"


def fill(actor, assessment: Assessment, *, good: bool = True, evidence: Evidence | None = None):
    """Answer every applicable question; attach ``evidence`` where evidence is required."""
    methodology = assessment.version.parsed()
    ctx = context_of(assessment.context)
    for area in methodology.areas:
        for q in area.questions:
            if not q.enabled or not scoring.applies(q, ctx):
                continue
            attach = [evidence] if evidence is not None and q.evidence == "required" else None
            flow.save_answer(actor, assessment, q.code, value_for(q, good), evidence=attach)


@pytest.fixture
def draft_a(base_version, firm_a, owner_a) -> Assessment:
    return flow.start(owner_a, firm_a, "2026")


@pytest.fixture
def submitted_a(draft_a, owner_a) -> Assessment:
    evidence = add_evidence(owner_a, draft_a.firm)
    fill(owner_a, draft_a, evidence=evidence)
    return flow.submit(owner_a, draft_a)


@pytest.fixture
def verified_a(submitted_a, verifier) -> Assessment:
    flow.take_in_review(verifier, submitted_a)
    return flow.verify(verifier, submitted_a)


@pytest.fixture
def draft_b(base_version, firm_b, owner_b) -> Assessment:
    return flow.start(owner_b, firm_b, "2026")
