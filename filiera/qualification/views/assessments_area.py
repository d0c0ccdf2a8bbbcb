"""One area of an assessment: the questions to answer, autosave of each answer (htmx, or a plain
POST without JavaScript), and carrying the previous cycle's answers forward."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.qualification import access
from filiera.qualification.forms_assessments import AnswerForm
from filiera.qualification.methodology.schema import Area
from filiera.qualification.models import Answer, Assessment, Evidence
from filiera.qualification.services import assessments as flow
from filiera.qualification.services.scores import context_of
from filiera.qualification.views import assessments_data as data
from filiera.qualification.views.common import get_assessment_for


def _area_or_404(assessment: Assessment, code: str) -> Area:
    area = next((a for a in assessment.version.parsed().areas if a.code == code), None)
    if area is None:
        raise Http404("No such area")
    return area


def _firm_evidence(assessment: Assessment):
    return Evidence.objects.filter(firm_id=assessment.firm_id).order_by(
        "certificate", "-valid_until", "-id"
    )


def _builder(assessment: Assessment, evidence) -> data.RowBuilder:
    methodology = assessment.version.parsed()
    names = data.certificate_names(methodology)
    return data.RowBuilder(assessment, methodology, data.evidence_options(evidence, names), names)


def _can_edit(request: HttpRequest, assessment: Assessment) -> bool:
    return assessment.is_editable_by_firm and access.can_answer(request.user, assessment)


@login_required
def area(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    current = _area_or_404(assessment, area)
    methodology = assessment.version.parsed()
    ctx = context_of(assessment.context)
    answers: dict[str, tuple[str, str, list[int]]] = {
        q: (value, comment, [])
        for q, value, comment in Answer.objects.filter(assessment=assessment).values_list(
            "question", "value", "comment"
        )
    }
    # The attached documents of every answer in one query (a prefetch without model objects).
    attached = Answer.evidence.through.objects.filter(answer__assessment=assessment)
    for code, evidence_id in attached.values_list("answer__question", "evidence_id"):
        answers[code][2].append(evidence_id)
    answered = {code for code, (value, _c, _e) in answers.items() if value}
    builder = _builder(assessment, _firm_evidence(assessment))
    rows = []
    for question in data.asked(current, ctx):
        value, comment, evidence_ids = answers.get(question.code, ("", "", []))
        rows.append(builder.row(question, value=value, comment=comment, evidence_ids=evidence_ids))
    tabs = data.progress(methodology, ctx, answered)
    index = next(i for i, p in enumerate(tabs) if p.code == current.code)
    editable = _can_edit(request, assessment)
    return render(
        request,
        "qualification/assessment_area.html",
        {
            "assessment": assessment,
            "firm": assessment.firm,
            "area": current,
            "area_name": current.name.get(data.lang()),
            "area_description": current.description.get(data.lang()) if current.description else "",
            "tabs": tabs,
            "here": tabs[index],
            "previous": tabs[index - 1] if index > 0 else None,
            "next": tabs[index + 1] if index + 1 < len(tabs) else None,
            "levels": data.group_by_level(rows),
            "editable": editable,
            "can_carry": editable and assessment.carried_from_id is not None,
            "upload_url": _upload_url(assessment) if editable else "",
        },
    )


def _upload_url(assessment: Assessment) -> str:
    """The upload page; each question adds ``&question=CODE`` so the upload is attached to it."""
    return f"{reverse('evidence_create', args=[assessment.firm_id])}?assessment={assessment.pk}"


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_answer)
    methodology = assessment.version.parsed()
    question = methodology.question(code)
    current = methodology.area_of(code)
    if question is None or current is None or not question.enabled:
        raise Http404("No such question")
    evidence = _firm_evidence(assessment)
    stored = Answer.objects.filter(assessment=assessment, question=code).first()
    before = (stored.comment, {e.pk for e in stored.evidence.all()}) if stored else ("", set())
    form = AnswerForm(request.POST, firm_evidence=evidence)
    error = ""
    saved = None
    if form.is_valid():
        try:
            saved = flow.save_answer(request.user, assessment, code, **form.parts())
        except UserError as err:
            error = err.translated()
    else:
        error = f"{code}: {form.first_error()}"
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("%(code)s: answer saved.") % {"code": code})
        area_url = reverse("assessment_area", args=[assessment.pk, current.code])
        return redirect(f"{area_url}#q-{code}")
    # The note or the documents changed: the block comes back with them still open.
    extras = _posted_extras(request, before)
    builder = _builder(assessment, evidence)
    if saved is not None:
        row = builder.row(
            question,
            value=saved.value,
            comment=saved.comment,
            evidence_ids=saved.evidence.values_list("id", flat=True),
            saved=True,
            open_extras=extras,
        )
    else:
        row = builder.row(
            question,
            value=request.POST.get("value", stored.value if stored else ""),
            comment=request.POST.get("comment", before[0]),
            evidence_ids=_posted_ids(request),
            error=error,
            open_extras=extras,
        )
    ctx = context_of(assessment.context)
    answered = set(
        Answer.objects.filter(assessment=assessment)
        .exclude(value="")
        .values_list("question", flat=True)
    )
    here = next(p for p in data.progress(methodology, ctx, answered) if p.code == current.code)
    return render(
        request,
        "qualification/assessment_answer.html",
        {
            "assessment": assessment,
            "q": row,
            "here": here,
            "editable": True,
            "upload_url": _upload_url(assessment),
        },
    )


def _posted_extras(request: HttpRequest, before: tuple[str, set[int]]) -> bool:
    comment, ids = before
    if "comment" in request.POST and request.POST["comment"].strip() != comment:
        return True
    return "with_evidence" in request.POST and set(_posted_ids(request)) != ids


def _posted_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("evidence") if v.isdigit()]


@login_required
@require_POST
def carry(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_answer)
    current = _area_or_404(assessment, area)
    try:
        copied = flow.confirm_unchanged(request.user, assessment, current.code)
    except UserError as err:
        messages.error(request, err.translated())
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s answer carried over from the previous assessment.",
                "%(count)s answers carried over from the previous assessment.",
                copied,
            )
            % {"count": copied},
        )
    return redirect("assessment_area", assessment.pk, current.code)
