"""The firm's side of a self-assessment: the firm's qualification page, starting an assessment,
the assessment overview and submitting it. Area pages and autosave: ``assessments_area``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.qualification import access, scoring
from filiera.qualification.forms_assessments import StartForm
from filiera.qualification.models import Assessment, Correction, Score
from filiera.qualification.services import assessments as flow
from filiera.qualification.services.scores import context_of, evaluate
from filiera.qualification.views import assessments_data as data
from filiera.qualification.views.common import get_assessment_for
from filiera.registry.models import Firm
from filiera.registry.views.firms import get_firm_for

HISTORY_LIMIT = 100
Status = Assessment.Status


# The firm's qualification page -------------------------------------------------------------


@login_required
def firm_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    taken = set(Assessment.objects.filter(firm=firm).values_list("period", flat=True))
    return _firm_page(request, firm, StartForm.blank(taken))


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.is_firm_editor)
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            assessment = flow.start(request.user, firm, form.cleaned_data["period"])
        except UserError as err:
            form.add_error("period", err.translated())
        else:
            messages.success(request, _("Assessment started: answer the questions area by area."))
            return redirect(assessment)
    return _firm_page(request, firm, form, status=400)


def _firm_page(request: HttpRequest, firm: Firm, form: StartForm, status: int = 200):
    assessments = list(
        Assessment.objects.filter(firm=firm).select_related("version__methodology", "score")
    )
    scored = max(
        (a for a in assessments if a.score_id), key=lambda a: (a.created_at, a.pk), default=None
    )
    version = scored.version if scored else data.catalogue_version(firm)
    methodology = version.parsed() if version else None
    names = data.certificate_names(methodology)
    return render(
        request,
        "qualification/firm_qualification.html",
        {
            "firm": firm,
            "assessments": assessments,
            "form": form,
            "can_start": access.is_firm_editor(request.user, firm),
            "open_assessment": next((a for a in assessments if a.is_editable_by_firm), None),
            "scored": scored,
            "score_areas": _score_areas(scored.score, methodology)
            if scored and scored.score and methodology
            else [],
            "expiring": data.expiring_evidence(firm, names),
        },
        status=status,
    )


def _score_areas(score: Score, methodology) -> list[dict]:
    language = data.lang()
    stored = score.areas
    return [
        {"name": area.name.get(language), **stored[area.code]}
        for area in methodology.areas
        if area.code in stored and stored[area.code].get("applicable")
    ]


# The assessment overview -------------------------------------------------------------------


NEXT_STEPS = {
    Status.DRAFT: gettext_lazy(
        "Answer the questions area by area: every answer is saved as you go. When all are "
        "answered, submit the assessment and the district's verifiers will review it."
    ),
    Status.SUBMITTED: gettext_lazy(
        "Submitted. A verifier of the district will take it in review; until then the answers "
        "cannot be changed."
    ),
    Status.IN_REVIEW: gettext_lazy(
        "A verifier is checking the answers and the documents. They may correct an answer "
        "(you can dispute it) or return the assessment to you with comments."
    ),
    Status.RETURNED: gettext_lazy(
        "The verifier returned the assessment with comments: change what they ask, then "
        "submit it again."
    ),
    Status.VERIFIED: gettext_lazy(
        "Verified: the grade below is the official one. It stays valid while your documents "
        "are valid; keep them up to date."
    ),
}


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    return render(request, "qualification/assessment_detail.html", _overview(request, assessment))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_answer)
    try:
        flow.submit(request.user, assessment)
    except UserError as err:
        # The service rolled back, but left the firm's refreshed context on ``assessment``:
        # the missing questions listed are the ones submitting asks for.
        missing = flow.missing_questions(assessment)
        assessment.refresh_from_db(fields=["status", "context"])
        context = _overview(request, assessment)
        context["submit_error"] = err.translated()
        context["missing"] = _missing_by_area(assessment, missing)
        return render(request, "qualification/assessment_detail.html", context, status=400)
    messages.success(request, _("Assessment submitted: the district's verifiers will review it."))
    return redirect(assessment)


def _missing_by_area(assessment: Assessment, codes: list[str]) -> list[dict]:
    methodology = assessment.version.parsed()
    language = data.lang()
    wanted = set(codes)
    groups = []
    for area in methodology.areas:
        found = [q.code for q in area.questions if q.code in wanted]
        if found:
            url = reverse("assessment_area", args=[assessment.pk, area.code])
            groups.append(
                {
                    "name": area.name.get(language),
                    "url": url,
                    "questions": [(code, f"{url}#q-{code}") for code in found],
                }
            )
    return groups


def _overview(request: HttpRequest, assessment: Assessment) -> dict:
    methodology = assessment.version.parsed()
    ctx = context_of(assessment.context)
    rows = assessment.answers.values_list("question", "value", "evidence_until", "reviewed")
    inputs = {q: scoring.AnswerInput(v, until, reviewed) for q, v, until, reviewed in rows}
    answered = {code for code, item in inputs.items() if item.value}
    areas = data.progress(methodology, ctx, answered)
    score = assessment.score if assessment.status == Status.VERIFIED else None
    official = score is not None
    if score is not None:
        result = score.result
        overall, grade, scores = result["overall"], result["grade"], result["areas"]
    else:
        live = evaluate(assessment, answers=inputs)
        overall, grade = live.overall, live.grade
        scores = {code: area.as_dict() for code, area in live.areas.items()}
    # A score of an area with no answer yet says nothing: it is left out until one is given.
    area_rows = [
        {
            "progress": p,
            "url": reverse("assessment_area", args=[assessment.pk, p.code]),
            "score": scores.get(p.code, {}).get("score") if p.answered or official else None,
            "grade": scores.get(p.code, {}).get("grade", ""),
        }
        for p in areas
    ]
    can_answer = access.can_answer(request.user, assessment)
    corrections = Correction.objects.filter(answer__assessment=assessment).select_related(
        "answer", "verifier"
    )
    events = AuditEvent.objects.filter(
        object_type=Assessment._meta.label_lower, object_id=str(assessment.pk)
    ).select_related("actor")
    return {
        "assessment": assessment,
        "firm": assessment.firm,
        "methodology": methodology,
        "next_step": NEXT_STEPS.get(Status(assessment.status), ""),
        "areas": area_rows,
        "total": data.totals(areas),
        "overall": overall if answered or official else None,
        "grade": grade if answered or official else "",
        "provisional": not official,
        "can_answer": can_answer,
        "can_submit": can_answer and assessment.is_editable_by_firm,
        "can_review": access.can_review(request.user, assessment)
        and assessment.status != Status.DRAFT,
        "corrections": [(c, can_answer and c.can_be_disputed()) for c in corrections],
        "events": events[:HISTORY_LIMIT],
        "event_count": events.count(),
        # "Answer the questions" opens the first area with questions still to answer.
        "first_area": next(
            (p.code for p in areas if not p.complete), areas[0].code if areas else ""
        ),
    }
