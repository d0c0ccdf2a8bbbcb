"""Upload a document and attach it to an answer in one step (the upload link of a question).

Both writes happen in one transaction: if the answer cannot take the document, nothing is kept,
not even the stored file.
"""

from __future__ import annotations

from django.db import transaction

from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.qualification.services.assessments import save_answer
from filiera.qualification.services.evidence import add_evidence
from filiera.registry.models import Firm


def add_and_attach(
    actor,
    firm: Firm,
    *,
    file,
    assessment: Assessment | None = None,
    question: str = "",
    **fields,
) -> Evidence:
    """Add the evidence; with ``assessment`` and ``question``, add it to that answer's evidence
    (keeping what is already attached). Permission checks are the caller's."""
    evidence: Evidence | None = None
    try:
        with transaction.atomic():
            evidence = add_evidence(actor, firm, file=file, **fields)
            if assessment is not None and question:
                answer = Answer.objects.filter(assessment=assessment, question=question).first()
                chosen = list(answer.evidence.all()) if answer is not None else []
                save_answer(actor, assessment, question, None, evidence=[*chosen, evidence])
    except Exception:
        stored = evidence.file.name if evidence is not None else None
        if evidence is not None and stored:
            evidence.file.storage.delete(stored)
        raise
    return evidence
