"""Answers of an assessment: the list, and saving one answer (the pages' autosave, over JSON).

Saving goes through ``services.assessments.save_answer``: one atomic, audited change. Bad input
answers 422 naming the field (``value``, ``evidence``, ``comment``, or the question ``code`` in
the path); an assessment the firm may no longer change answers 409.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from filiera.api.errors import field_error
from filiera.api.pagination import PageParams, page_keys
from filiera.api.qualification_assessments import get_assessment, not_editable
from filiera.api.qualification_schemas import AnswerIn, AnswerOut, AnswerPage, answer_out
from filiera.core.usererror import N_, UserError
from filiera.qualification import access
from filiera.qualification.models import Answer, Evidence
from filiera.qualification.services import assessments as flow

router = Router(tags=["assessments"])
NOT_THE_FIRMS = N_("No evidence of this firm has the id %(ids)s.")


def load_answers(ids: list[int]) -> list[Answer]:
    """The answers with their evidence ids, in a fixed number of queries."""
    return list(
        Answer.objects.filter(id__in=ids)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("id")))
        .order_by("id")
    )


@router.get("/assessments/{assessment_id}/answers", response=AnswerPage, summary="List the answers")
def list_answers(request: HttpRequest, assessment_id: int, params: Query[PageParams]):
    """The answers given so far, in the order they were first saved, a page at a time."""
    assessment = get_assessment(request.user, assessment_id)
    rows, next_cursor = page_keys(assessment.answers.order_by("id"), ("id",), params)
    answers = load_answers([pk for (pk,) in rows])
    return {"items": [answer_out(a) for a in answers], "next_cursor": next_cursor}


@router.put(
    "/assessments/{assessment_id}/answers/{code}", response=AnswerOut, summary="Save an answer"
)
def save_answer(request: HttpRequest, assessment_id: int, code: str, payload: AnswerIn):
    """Answer the question `code` (e.g. `ENV-1.02`). `comment` and `evidence` left out keep
    their values. The firm's owners and editors answer while the assessment is a draft or was
    returned; afterwards 409."""
    assessment = get_assessment(request.user, assessment_id, access.can_answer)
    if not assessment.is_editable_by_firm:
        raise not_editable(
            assessment, N_("This assessment is %(status)s: answers can no longer be changed.")
        )
    question = assessment.version.parsed().question(code)
    if question is None or not question.enabled:
        message = UserError(N_("%(code)s: no such question in this methodology."), code=code)
        raise field_error("path", "code", message.translated())
    evidence = None
    if payload.evidence is not None:
        wanted = list(dict.fromkeys(payload.evidence))
        evidence = list(Evidence.objects.filter(firm_id=assessment.firm_id, id__in=wanted))
        unknown = sorted(set(wanted) - {e.pk for e in evidence})
        if unknown:
            ids = ", ".join(map(str, unknown))
            raise field_error("body", "evidence", gettext(NOT_THE_FIRMS) % {"ids": ids})
    try:
        answer = flow.save_answer(
            request.user,
            assessment,
            code,
            str(payload.value),
            comment=payload.comment,
            evidence=evidence,
        )
    except UserError as err:
        raise field_error("body", "value", err.translated()) from None
    return answer_out(load_answers([answer.pk])[0])
