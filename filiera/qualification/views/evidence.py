"""Evidence pages: the firm's certificates and documents, upload, change, delete and download.

Seeing evidence follows the firm (its members, the staff of its districts); changing it is for
the firm's owners and editors. Files are served only through :func:`download`, never from
``MEDIA_URL`` (which is served in development only).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from filiera.core.downloads import OCTET_STREAM, stored_file
from filiera.core.usererror import UserError
from filiera.qualification import access
from filiera.qualification.evidence_info import (
    Validity,
    catalogue_for,
    grace_days,
    kind_name,
    validity,
)
from filiera.qualification.forms_evidence import FIELDS, EvidenceForm
from filiera.qualification.methodology.schema import Question
from filiera.qualification.models import Assessment, Evidence
from filiera.qualification.services import evidence as services
from filiera.qualification.services.evidence_attach import add_and_attach
from filiera.qualification.uploads import is_inline
from filiera.qualification.views.common import get_evidence_for
from filiera.qualification.views.review_rows import display_value
from filiera.registry.models import Firm
from filiera.registry.views.firms import get_firm_for


def area_url(assessment: Assessment, area_code: str) -> str | None:
    """The page of one area of an assessment (another topic's page), if it exists."""
    try:
        return reverse("assessment_area", args=[assessment.pk, area_code])
    except NoReverseMatch:
        return None


# Lists and details -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    evidence: Evidence
    name: str
    status: Validity

    @property
    def uses(self) -> int:
        return getattr(self.evidence, "uses", 0)


@login_required
def firm_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk)
    catalogue = catalogue_for(firm)
    today, language, grace = timezone.localdate(), get_language(), grace_days(catalogue)
    rows = [
        Row(evidence, kind_name(evidence, catalogue, language), validity(evidence, today, grace))
        for evidence in firm.evidence.annotate(uses=Count("answers"))
    ]
    rows.sort(key=lambda r: (r.status.rank, r.evidence.valid_until or today.max, -r.evidence.pk))
    return render(
        request,
        "qualification/evidence_list.html",
        {"firm": firm, "rows": rows, "can_edit": access.can_edit_evidence(request.user, firm)},
    )


def _uses(evidence: Evidence, language: str) -> list[dict]:
    """The answers that use this evidence, with their question and assessment."""
    rows = []
    answers = services.answers_using(evidence).select_related("assessment__version")
    for answer in answers.order_by("-assessment__period", "question"):
        assessment = answer.assessment
        methodology = assessment.version.parsed()
        question = methodology.question(answer.question)
        area = methodology.area_of(answer.question)
        rows.append(
            {
                "answer": answer,
                "assessment": assessment,
                "code": answer.question,
                "text": question.text.get(language) if question else "",
                "value": display_value(question, answer.value),
                "url": area_url(assessment, area.code) if area else None,
            }
        )
    return rows


def _sent_reminders(evidence: Evidence) -> list:
    """The reminders actually e-mailed. A run that finds a document late also marks the earlier
    reminders as done without sending them: of the marks made on one day, only the smallest
    (the latest reminder) was sent."""
    sent: dict = {}
    for reminder in evidence.reminders.order_by("sent_at", "days_before"):
        day = timezone.localdate(reminder.sent_at)
        if day not in sent or reminder.days_before < sent[day].days_before:
            sent[day] = reminder
    return sorted(sent.values(), key=lambda r: r.sent_at)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for(request.user, pk)
    catalogue = catalogue_for(evidence.firm)
    language = get_language()
    return render(
        request,
        "qualification/evidence_detail.html",
        {
            "evidence": evidence,
            "firm": evidence.firm,
            "name": kind_name(evidence, catalogue, language),
            "status": validity(evidence, timezone.localdate(), grace_days(catalogue)),
            "uses": _uses(evidence, language),
            "reminders": _sent_reminders(evidence),
            "can_edit": access.can_edit_evidence(request.user, evidence),
        },
    )


# Upload and change -------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerTarget:
    """The answer an upload is for (``?question=CODE&assessment=ID``)."""

    assessment: Assessment
    question: Question
    area_code: str

    @property
    def url(self) -> str | None:
        """Back to the question itself on its area page."""
        url = area_url(self.assessment, self.area_code)
        return f"{url}#q-{self.question.code}" if url else None


def _answer_target(request: HttpRequest, firm: Firm) -> AnswerTarget | None:
    """The answer to attach the upload to, when the user may change it now; else ``None``."""
    code, pk = request.GET.get("question", ""), request.GET.get("assessment", "")
    if not code or not pk.isdigit():
        return None
    assessment = (
        Assessment.objects.select_related("version", "firm").filter(pk=int(pk), firm=firm).first()
    )
    if assessment is None or not assessment.is_editable_by_firm:
        return None
    if not access.can_answer(request.user, assessment):
        return None
    methodology = assessment.version.parsed()
    question, area = methodology.question(code), methodology.area_of(code)
    if question is None or area is None or not question.enabled:
        return None
    return AnswerTarget(assessment, question, area.code)


def _initial(request: HttpRequest, evidence: Evidence | None, default_kind: str = "") -> dict:
    initial = {name: getattr(evidence, name) for name in FIELDS} if evidence else {}
    if default_kind and not evidence:
        initial["certificate"] = default_kind
    for name in ("certificate", "issuer"):  # the kind picker asks for fresh hints with these
        if name in request.GET:
            initial[name] = request.GET[name]
    return initial


def _form(request: HttpRequest, firm: Firm, initial: dict, evidence: Evidence | None = None):
    return EvidenceForm(
        request.POST or None,
        request.FILES or None,
        catalogue=catalogue_for(firm),
        language=get_language(),
        instance=evidence,
        initial=initial,
        max_size=filesizeformat(settings.EVIDENCE_MAX_BYTES),
        hints_url=request.path,
    )


def _render_form(request: HttpRequest, form: EvidenceForm, context: dict) -> HttpResponse:
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "qualification/evidence_kind_hints.html", {"form": form})
    return render(request, "qualification/evidence_form.html", {"form": form, **context})


def _announce_filled(request: HttpRequest, form: EvidenceForm) -> None:
    if not form.filled_until:
        return
    certificate = form.chosen_certificate()
    messages.info(
        request,
        _(
            "Valid until was empty: it is set to %(date)s, the usual validity of %(days)s days"
            " from “Valid from”. Change it if the document says otherwise."
        )
        % {
            "date": date_filter(form.cleaned_data["valid_until"], "DATE_FORMAT"),
            "days": certificate.validity_days if certificate else "",
        },
    )


@login_required
def create(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for(request.user, pk, access.can_edit_evidence)
    target = _answer_target(request, firm)
    default_kind = (
        target.question.certificates[0] if target and target.question.certificates else ""
    )
    form = _form(request, firm, _initial(request, None, default_kind))
    if request.method == "POST" and form.is_valid():
        values = form.service_kwargs()
        try:
            evidence = add_and_attach(
                request.user,
                firm,
                assessment=target.assessment if target else None,
                question=target.question.code if target else "",
                **values,
            )
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            messages.success(request, _("Document saved."))
            _announce_filled(request, form)
            if target is not None:
                messages.success(
                    request,
                    _("It is attached to question %(code)s.") % {"code": target.question.code},
                )
                return redirect(target.url or evidence.get_absolute_url())
            return redirect("firm_evidence", firm.pk)
    cancel = (target.url if target else None) or reverse("firm_evidence", args=[firm.pk])
    return _render_form(
        request,
        form,
        {
            "firm": firm,
            "target": target,
            "target_text": target.question.text.get(get_language()) if target else "",
            "cancel_url": cancel,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for(request.user, pk, access.can_edit_evidence)
    form = _form(request, evidence.firm, _initial(request, evidence), evidence)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_evidence(request.user, evidence, **form.service_kwargs())
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            messages.success(request, _("Changes saved."))
            _announce_filled(request, form)
            return redirect(evidence)
    return _render_form(
        request,
        form,
        {"firm": evidence.firm, "evidence": evidence, "cancel_url": evidence.get_absolute_url()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for(request.user, pk, access.can_edit_evidence)
    if request.method == "POST":
        firm = evidence.firm
        services.remove_evidence(request.user, evidence)
        messages.success(request, _("Document deleted."))
        return redirect("firm_evidence", firm.pk)
    language = get_language()
    return render(
        request,
        "qualification/evidence_confirm_delete.html",
        {
            "evidence": evidence,
            "firm": evidence.firm,
            "name": kind_name(evidence, catalogue_for(evidence.firm), language),
            "uses": _uses(evidence, language),
        },
    )


# The file itself ---------------------------------------------------------------------------


def file_response(evidence: Evidence) -> FileResponse:
    """The stored file of a document (404 when it is gone): PDFs and images open in the page,
    anything else downloads; never cached by shared caches."""
    inline = is_inline(evidence.content_type)
    return stored_file(
        evidence.file,
        name=evidence.file_name,
        content_type=evidence.content_type if inline else OCTET_STREAM,
        inline=inline,
    )


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file, to people who may see the evidence."""
    return file_response(get_evidence_for(request.user, pk))
