"""The verifier's pages: the district's review queue and the review of one assessment, with its
transitions (take in review, return with a comment, verify). Writes go through
``services.assessments``; e-mails go out through ``notify`` once a service succeeded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.qualification import access, notify
from filiera.qualification.forms_review import CorrectionForm, QueueFilterForm, ReturnForm
from filiera.qualification.models import Assessment, Correction
from filiera.qualification.services import assessments as flow
from filiera.qualification.services.scores import evaluate
from filiera.qualification.views.common import get_assessment_for
from filiera.qualification.views.review_rows import (
    CORRECTABLE,
    QUALIFICATION_LABELS,
    STATE_HELP,
    area_rows,
    load_answers,
)
from filiera.registry.views.district import get_district_for

Status = Assessment.Status
PER_PAGE = 50


def absolute(request: HttpRequest, name: str, pk: int) -> str:
    """An absolute link for e-mails; empty when the page does not exist (yet)."""
    try:
        return request.build_absolute_uri(reverse(name, args=[pk]))
    except NoReverseMatch:
        return ""


def firm_link(request: HttpRequest, assessment: Assessment) -> str:
    """Where the firm reads its assessment: its own page, else the list of corrections."""
    return absolute(request, "assessment_detail", assessment.pk) or absolute(
        request, "assessment_corrections", assessment.pk
    )


def open_disputes(queue):
    """Corrections disputed and not yet decided, on the assessments of ``queue``."""
    return (
        Correction.objects.filter(
            answer__assessment__in=queue, disputed_at__isnull=False, resolution=""
        )
        .select_related("answer__assessment__firm", "verifier", "disputed_by")
        .order_by("disputed_at", "id")
    )


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The district's assessments waiting for a verifier, oldest submission first."""
    district = get_district_for(request.user, slug)
    mine = access.review_queue(request.user).filter(district=district)
    form = QueueFilterForm(request.GET or None)
    statuses = form.statuses()
    listed = mine if statuses is None else mine.filter(status__in=statuses)
    listed = listed.select_related("firm", "version__methodology", "reviewer").order_by(
        F("submitted_at").asc(nulls_last=True), "id"
    )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "district": district,
        "form": form,
        "page": page,
        "assessments": page.object_list,
        "disputes": open_disputes(mine),
        "status_query": request.GET.get("status", ""),
    }
    return render(request, "qualification/review_queue.html", context)


def render_review(
    request: HttpRequest,
    assessment: Assessment,
    *,
    failed: tuple[int, CorrectionForm] | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The review page; the actions re-render it with their bound forms when input is wrong.

    No correction form is built here: each answer's "Correct this answer" loads its form on
    demand (``answer_correct``), except the one answer whose correction ``failed`` (its pk and
    bound form), shown open with its errors."""
    today = timezone.localdate()
    answers = load_answers(assessment)
    result = evaluate(assessment, on=today, answers=answers.score_inputs())
    rows = area_rows(
        assessment, result, today, answers, correctable=assessment.status in CORRECTABLE
    )
    failed_code = None
    if failed is not None:
        failed_pk, form = failed
        for area in rows:
            for row in area.questions:
                if row.answer is not None and row.answer.pk == failed_pk:
                    row.form, failed_code = form, row.question.code
    corrections = answers.all_corrections()
    can_return = assessment.status in (Status.SUBMITTED, Status.IN_REVIEW)
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "rows": rows,
        "result": result,
        "qualification": QUALIFICATION_LABELS.get(result.status, result.status),
        "state_help": STATE_HELP.get(assessment.status, ""),
        "can_take": assessment.status == Status.SUBMITTED,
        "can_return": can_return,
        "can_verify": assessment.status == Status.IN_REVIEW,
        "can_correct": assessment.status in CORRECTABLE,
        "return_form": return_form or (ReturnForm() if can_return else None),
        "corrections": corrections,
        "today": today,
        "failed_code": failed_code,
    }
    return render(request, "qualification/review_assessment.html", context, status=status)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything a verifier needs to judge one assessment, and the actions it allows now."""
    assessment = get_assessment_for(request.user, pk, access.can_review)
    return render_review(request, assessment)


def _after(assessment: Assessment) -> HttpResponse:
    return redirect("assessment_review", assessment.pk)


@login_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_review)
    try:
        flow.take_in_review(request.user, assessment)
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(request, _("You took the assessment in review."))
    return _after(assessment)


@login_required
@require_POST
def return_to_firm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_review)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return render_review(request, assessment, return_form=form, status=400)
    try:
        flow.return_to_firm(request.user, assessment, form.cleaned_data["comment"])
    except UserError as err:
        messages.error(request, err.translated())
        return _after(assessment)
    notify.assessment_returned(assessment, firm_link(request, assessment))
    messages.success(request, _("The assessment went back to the firm with your comment."))
    return _after(assessment)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_review)
    try:
        flow.verify(request.user, assessment)
    except UserError as err:
        messages.error(request, err.translated())
        return _after(assessment)
    notify.assessment_verified(assessment, firm_link(request, assessment))
    messages.success(request, _("The assessment is verified: its score is now official."))
    return _after(assessment)
