"""Assessments: a firm's list, starting one, one assessment with its progress, submitting it.

Everyone who sees the firm sees its assessments; only the firm's owners and editors start,
answer and submit (the same rules as the pages, ``filiera.qualification.access``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router
from ninja.errors import HttpError, ValidationError

from filiera.api.errors import forbidden
from filiera.api.firms import MAX_ID, get_firm
from filiera.api.pagination import PageParams, page_keys
from filiera.api.qualification_schemas import (
    AssessmentDetail,
    AssessmentIn,
    AssessmentPage,
    assessment_out,
)
from filiera.core.usererror import N_, UserError
from filiera.qualification import access
from filiera.qualification.models import Assessment
from filiera.qualification.services import assessments as flow
from filiera.qualification.services.scores import context_of

router = Router(tags=["assessments"])
Status = Assessment.Status
MISSING = N_("This question is not answered yet.")


def get_assessment(user, assessment_id: int, check=None) -> Assessment:
    """The assessment, or 404 when the user may not see it; 403 when ``check`` refuses."""
    assessment = (
        Assessment.objects.select_related("firm", "district", "version__methodology")
        .filter(pk=assessment_id)
        .first()
        if 0 < assessment_id <= MAX_ID
        else None
    )
    if assessment is None or not access.can_view_assessment(user, assessment):
        raise Http404("No such assessment")
    if check is not None and not check(user, assessment):
        raise forbidden()
    return assessment


def not_editable(assessment: Assessment, template: str, **params) -> HttpError:
    """409: the request is fine, the assessment's state refuses it (the services' own words)."""
    message = UserError(template, status=assessment.get_status_display(), **params).translated()
    return HttpError(409, message)


def progress(assessment: Assessment) -> dict:
    """Applicable, answered and missing questions, per area and in all (as submit counts them)."""
    ctx = context_of(assessment.context)
    answered = set(assessment.answers.exclude(value="").values_list("question", flat=True))
    areas = []
    for area in assessment.version.parsed().areas:
        codes = flow.required_questions(area, ctx)
        missing = [code for code in codes if code not in answered]
        areas.append(
            {
                "code": area.code,
                "name": {"it": area.name.it, "en": area.name.en},
                "applicable": len(codes),
                "answered": len(codes) - len(missing),
                "missing": missing,
            }
        )
    return {
        "applicable": sum(a["applicable"] for a in areas),
        "answered": sum(a["answered"] for a in areas),
        "areas": areas,
    }


def detail_out(assessment: Assessment) -> dict:
    return {
        **assessment_out(assessment),
        "editable": assessment.is_editable_by_firm,
        "review_comment": assessment.review_comment,
        "carried_from": assessment.carried_from_id,
        **progress(assessment),
    }


@router.get(
    "/firms/{firm_id}/assessments", response=AssessmentPage, summary="List a firm's assessments"
)
def list_assessments(request: HttpRequest, firm_id: int, params: Query[PageParams]):
    """The firm's assessments, oldest period first, a page at a time."""
    firm = get_firm(request.user, firm_id)
    keys = ("period", "id")
    rows, next_cursor = page_keys(
        Assessment.objects.filter(firm=firm).order_by(*keys), keys, params
    )
    page = (
        Assessment.objects.filter(id__in=[pk for _period, pk in rows])
        .select_related("district", "version__methodology")
        .order_by(*keys)
    )
    return {"items": [assessment_out(a) for a in page], "next_cursor": next_cursor}


@router.post(
    "/firms/{firm_id}/assessments",
    response={201: AssessmentDetail},
    summary="Start an assessment",
)
def start_assessment(request: HttpRequest, firm_id: int, payload: AssessmentIn):
    """The firm's owners and editors start the assessment of a period under the current
    methodology of the firm's district; valid certificates answer what they can."""
    firm = get_firm(request.user, firm_id, access.is_firm_editor)
    try:
        assessment = flow.start(request.user, firm, payload.period)
    except UserError as err:  # the period's own problems name it; others concern the firm
        loc = ["body", "period"] if err.template.startswith("Period") else ["body"]
        raise ValidationError(
            [{"type": "value_error", "loc": loc, "msg": err.translated()}]
        ) from None
    return 201, detail_out(get_assessment(request.user, assessment.pk))


@router.get("/assessments/{assessment_id}", response=AssessmentDetail, summary="Get an assessment")
def get_assessment_detail(request: HttpRequest, assessment_id: int):
    """One assessment with the progress of each area: what applies, what is answered, what is
    still missing before it can be submitted."""
    return detail_out(get_assessment(request.user, assessment_id))


@router.post(
    "/assessments/{assessment_id}/submit",
    response=AssessmentDetail,
    summary="Submit an assessment",
)
def submit_assessment(request: HttpRequest, assessment_id: int):
    """Send a draft (or a returned assessment) to the district's verifiers; it gets its official
    score. Every applicable question must be answered: otherwise 422 with one item per missing
    question, `loc` = `["answers", CODE]`. An assessment already submitted answers 409."""
    assessment = get_assessment(request.user, assessment_id, access.can_answer)
    if not assessment.is_editable_by_firm:
        raise not_editable(
            assessment,
            N_("This assessment is %(status)s: this step is not possible now."),
        )
    try:
        flow.submit(request.user, assessment)
    except UserError as err:
        missing = flow.missing_questions(assessment)
        errors = [
            {"type": "missing", "loc": ["answers", code], "msg": gettext(MISSING)}
            for code in missing
        ] or [{"type": "value_error", "loc": ["answers"], "msg": err.translated()}]
        raise ValidationError(errors) from None
    return detail_out(get_assessment(request.user, assessment.pk))
