"""Corrections: a verifier changes an answer with a reason; the firm sees every change, may
dispute it within 14 days, and a verifier decides the dispute (keep it or restore the answer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from filiera.core.usererror import UserError
from filiera.qualification import access, notify
from filiera.qualification.forms_review import CorrectionForm, DisputeForm, ResolveForm
from filiera.qualification.models import Correction
from filiera.qualification.services import assessments as flow
from filiera.qualification.views.common import (
    get_answer_for,
    get_assessment_for,
    get_correction_for,
)
from filiera.qualification.views.review import absolute, render_review
from filiera.qualification.views.review_rows import CORRECTABLE, display_value, language


def _can_dispute(user, assessment) -> bool:
    return access.is_firm_editor(user, assessment.firm)


def _correct_problem(assessment, question) -> str:
    """Why no answer of ``assessment`` can be corrected now (empty when it can)."""
    if assessment.status not in CORRECTABLE:
        return _("Take the assessment in review before correcting answers.")
    if question is None:
        return _("This question is no longer in the methodology.")
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A verifier corrects one answer; the firm is told at once.

    GET gives the correction form: the bare form for htmx (the review page loads it when the
    verifier opens "Correct this answer"), or a small page of its own without JavaScript."""
    answer = get_answer_for(request.user, pk, access.can_review)
    assessment = get_assessment_for(request.user, answer.assessment_id, access.can_review)
    review_url = reverse("assessment_review", args=[assessment.pk])
    question = assessment.version.parsed().question(answer.question)
    problem = _correct_problem(assessment, question)
    if request.method == "GET":
        return _render_correct(request, assessment, answer, question, problem)
    if problem or question is None:
        messages.error(request, problem)
        return redirect(review_url)
    form = CorrectionForm(question, request.POST, prefix=f"c{answer.pk}")
    if form.is_valid():
        try:
            correction = flow.correct(
                request.user, answer, form.cleaned_data["value"], form.cleaned_data["reason"]
            )
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            notify.answer_corrected(
                correction, absolute(request, "correction_detail", correction.pk)
            )
            messages.success(
                request, _("Answer %(code)s corrected. The firm is told.") % {"code": question.code}
            )
            return redirect(f"{review_url}#q-{question.code}")
    return render_review(request, assessment, failed=(answer.pk, form), status=400)


def _render_correct(
    request: HttpRequest, assessment, answer, question, problem: str
) -> HttpResponse:
    """The correction form of one answer, or why it cannot be corrected now."""
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "answer": answer,
        "problem": problem,
        "form": None
        if problem
        else CorrectionForm(question, prefix=f"c{answer.pk}", initial={"value": answer.value}),
    }
    if request.headers.get("HX-Request"):
        response = render(request, "qualification/review_correct_form.html", context)
    else:
        context["question_text"] = question.text.get(language()) if question else answer.question
        context["shown"] = display_value(question, answer.value)
        response = render(request, "qualification/review_correct.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two bodies
    return response


def _render_detail(
    request: HttpRequest,
    correction: Correction,
    *,
    dispute_form: DisputeForm | None = None,
    resolve_form: ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answer = correction.answer
    assessment = answer.assessment
    question = assessment.version.parsed().question(answer.question)
    can_dispute = _can_dispute(request.user, assessment) and correction.can_be_disputed()
    can_resolve = (
        access.can_review(request.user, assessment)
        and correction.disputed_at is not None
        and not correction.resolution
    )
    context = {
        "correction": correction,
        "assessment": assessment,
        "firm": assessment.firm,
        "question": question,
        "question_text": question.text.get(language()) if question else answer.question,
        "old": display_value(question, correction.old_value),
        "new": display_value(question, correction.new_value),
        "current": display_value(question, answer.value),
        "can_review": access.can_review(request.user, assessment),
        "dispute_form": dispute_form or (DisputeForm() if can_dispute else None),
        "resolve_form": resolve_form or (ResolveForm() if can_resolve else None),
    }
    return render(request, "qualification/correction_detail.html", context, status=status)


def _load(request: HttpRequest, pk: int, check=None) -> Correction:
    correction = get_correction_for(request.user, pk, check)
    return (
        Correction.objects.select_related(
            "answer__assessment__firm",
            "answer__assessment__district",
            "answer__assessment__version__methodology",
            "verifier",
            "disputed_by",
            "resolved_by",
        )
        .filter(pk=correction.pk)
        .get()
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One correction as the firm and the verifiers see it: what changed, why, and its dispute."""
    return _render_detail(request, _load(request, pk))


@login_required
@require_POST
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    correction = _load(request, pk, _can_dispute)
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            flow.dispute(request.user, correction, form.cleaned_data["text"])
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            notify.correction_disputed(
                correction, absolute(request, "correction_detail", correction.pk)
            )
            messages.success(request, _("Your dispute was sent to the district's verifiers."))
            return redirect("correction_detail", correction.pk)
    return _render_detail(request, correction, dispute_form=form, status=400)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    correction = _load(request, pk, access.can_review)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            flow.resolve_dispute(
                request.user, correction, form.cleaned_data["decision"], form.cleaned_data["note"]
            )
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            notify.dispute_resolved(
                correction, absolute(request, "correction_detail", correction.pk)
            )
            messages.success(request, _("Decision saved. The firm is told."))
            return redirect("correction_detail", correction.pk)
    return _render_detail(request, correction, resolve_form=form, status=400)


@login_required
def assessment_corrections(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change a verifier made to the firm's answers, newest first."""
    assessment = get_assessment_for(request.user, pk)
    methodology = assessment.version.parsed()
    corrections = (
        Correction.objects.filter(answer__assessment=assessment)
        .select_related("answer", "verifier")
        .order_by("-created_at", "-id")
    )
    rows = []
    for correction in corrections:
        question = methodology.question(correction.answer.question)
        rows.append(
            {
                "correction": correction,
                "text": question.text.get(language()) if question else "",
                "old": display_value(question, correction.old_value),
                "new": display_value(question, correction.new_value),
            }
        )
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "rows": rows,
        "can_review": access.can_review(request.user, assessment),
    }
    return render(request, "qualification/correction_list.html", context)
