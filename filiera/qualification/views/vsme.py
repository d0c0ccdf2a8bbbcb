"""VSME Basic module from an assessment (page, JSON, XLSX) and the profile form that feeds it.

Who sees the assessment sees its VSME data; the firm's owners and editors fill the profile
while the assessment is a draft or has been returned.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filiera.core.usererror import UserError
from filiera.qualification import access, vsme, vsme_export
from filiera.qualification.models import Assessment
from filiera.qualification.plan_forms import ProfileForm
from filiera.qualification.services import profile as profile_services
from filiera.qualification.views.common import get_assessment_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Registry facts that can suggest a profile answer the firm has not given yet.
FROM_REGISTRY = {"vsme:NumberOfEmployees": "employees", "vsme:Turnover": "turnover_eur"}


def _report(assessment: Assessment, language: str) -> vsme_export.Report:
    answers = dict(assessment.answers.values_list("question", "value"))
    return vsme_export.build(assessment.version.parsed(), answers, language)


def _about(assessment: Assessment, language: str) -> dict:
    return {
        "assessment": assessment.pk,
        "firm": assessment.firm.legal_name,
        "vat": assessment.firm.vat,
        "period": assessment.period,
        "methodology": assessment.version.key,
        "status": assessment.status,
        "language": language,
    }


def _filename(assessment: Assessment, suffix: str) -> str:
    return f"vsme-{assessment.firm.vat}-{assessment.period}.{suffix}".replace(" ", "_")


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value == "partial":
        return _("partly")
    return str(value)


@login_required
def assessment_vsme(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    language = get_language() or "it"
    report = _report(assessment, language)
    groups: dict[str, list] = {}
    for row in report.rows:
        dp = vsme.datapoint(row.concept)
        label = vsme.label(dp, language) if dp else row.concept
        groups.setdefault(row.disclosure, []).append(
            {"row": row, "label": label, "value": _shown(row.value)}
        )
    can_answer = access.can_answer(request.user, assessment)
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "report": report,
        "groups": [
            (code, items, sum(1 for i in items if i["row"].status == vsme_export.COVERED))
            for code, items in groups.items()
        ],
        "percent": round(100 * report.covered / report.total) if report.total else 0,
        "can_fill_profile": can_answer and assessment.is_editable_by_firm,
        "has_profile": bool(assessment.version.parsed().profile),
    }
    return render(request, "qualification/vsme.html", context)


@login_required
def assessment_vsme_json(request: HttpRequest, pk: int) -> JsonResponse:
    assessment = get_assessment_for(request.user, pk)
    language = get_language() or "it"
    data = vsme_export.as_json(_report(assessment, language), **_about(assessment, language))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{_filename(assessment, "json")}"'
    return response


@login_required
def assessment_vsme_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk)
    language = get_language() or "it"
    report = _report(assessment, language)
    content = vsme_export.xlsx_bytes(
        report,
        headers=(
            _("Disclosure"),
            _("Concept"),
            _("Label (English)"),
            _("Label (Italian)"),
            _("Value"),
            _("Unit"),
            _("Source question"),
            _("Status"),
        ),
        status_labels={vsme_export.COVERED: _("covered"), vsme_export.MISSING: _("missing")},
        summary=(
            (_("Firm"), assessment.firm.legal_name),
            (_("VAT number"), assessment.firm.vat),
            (_("Period"), assessment.period),
            (_("Methodology"), str(assessment.version)),
            (_("Assessment status"), assessment.get_status_display()),
            (_("Basic module datapoints"), report.total),
            (_("Datapoints covered"), report.covered),
            (_("Datapoints missing"), report.missing),
            (
                _("Covered"),
                _("%(covered)s of %(total)s") % {"covered": report.covered, "total": report.total},
            ),
            (_("Source of the datapoints"), vsme_export.TAXONOMY),
        ),
        sheet_names=(_("Summary"), _("Datapoints")),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment, "xlsx")}"'
    return response


def _suggestions(assessment: Assessment) -> dict[str, str]:
    """Values offered for profile items still unanswered (saved only when the person saves):
    the previous cycle's answers, else the firm's record (employees, turnover)."""
    found: dict[str, str] = {}
    for item in assessment.version.parsed().profile:
        for concept in item.vsme:
            value = getattr(assessment.firm, FROM_REGISTRY.get(concept, ""), None)
            if value is not None and item.code not in found:
                found[item.code] = str(value)
    if assessment.carried_from is not None:
        previous = profile_services.profile_answers(assessment.carried_from)
        found |= {code: value for code, value in previous.items() if value}
    return found


@login_required
def assessment_profile(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, pk, access.can_answer)
    language = get_language() or "it"
    profile = profile_services.profile_fields(assessment)
    editable = assessment.is_editable_by_firm
    stored = profile_services.profile_answers(assessment)
    initial = (_suggestions(assessment) if editable else {}) | {
        code: value for code, value in stored.items() if value
    }
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(
        data, profile=profile, language=language, initial=initial, disabled=not editable
    )
    if request.method == "POST" and form.is_valid():
        values = {item.code: form.data.get(item.code, "") for item in profile}
        try:
            profile_services.save_profile(request.user, assessment, values)
        except UserError as err:
            code = err.params.get("code")
            form.add_error(code if code in form.fields else None, err.translated())
        else:
            messages.success(request, _("Profile saved."))
            return redirect("assessment_vsme", pk=assessment.pk)
    context = {
        "assessment": assessment,
        "firm": assessment.firm,
        "form": form,
        "editable": editable,
    }
    return render(request, "qualification/vsme_profile.html", context)
