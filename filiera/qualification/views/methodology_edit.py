"""The draft editor of a district's own methodology version, and publishing it.

Only the managers of the owning district change a draft; its verifiers see it (403 here), other
people do not (404). Every change goes through ``services.methodologies.change_draft``, which
validates the whole definition and saves nothing when something is wrong.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from filiera.core.usererror import UserError
from filiera.qualification import selectors
from filiera.qualification.forms_methodology import (
    AddQuestionForm,
    WeightsForm,
    add_question,
    suggest_code,
)
from filiera.qualification.models import MethodologyVersion
from filiera.qualification.services import methodologies as services
from filiera.qualification.views.methodology_common import (
    LEVEL_LABELS,
    can_edit_version,
    difference,
    get_version_for,
)

_QUESTION_PATH = re.compile(r"areas\[(\d+)\]\.questions\[(\d+)\]\.?")
_AREA_PATH = re.compile(r"areas\[(\d+)\]\.?")


def _problems(err: UserError, version: MethodologyVersion, data: dict) -> list[str]:
    """The service's problems, one per line, with positions replaced by question codes."""
    text = str(err.params.get("problems", ""))
    if not text:
        return [err.translated()]
    areas = data.get("areas", [])

    def question(match: re.Match) -> str:
        a, q = int(match[1]), int(match[2])
        try:
            return f"{areas[a]['questions'][q]['code']} · "
        except (IndexError, KeyError, TypeError):
            return match[0]

    def area(match: re.Match) -> str:
        try:
            return f"{areas[int(match[1])]['code']} · "
        except (IndexError, KeyError, TypeError):
            return match[0]

    lines = []
    for line in text.splitlines():
        line = line.removeprefix(f"{version}: ")
        line = _AREA_PATH.sub(area, _QUESTION_PATH.sub(question, line))
        lines.append(line)
    return lines


def _editable(request: HttpRequest, slug: str, number: int) -> MethodologyVersion:
    return get_version_for(request.user, slug, number, can_edit_version)


def _refuse_published(request: HttpRequest, version: MethodologyVersion) -> HttpResponse:
    messages.error(request, _("A published version cannot change: derive a new version."))
    return redirect("methodology_version", version.methodology.slug, version.number)


def _add_form(parsed, area_code: str, district_slug: str, language: str, data=None):
    return AddQuestionForm(
        data,
        prefix=f"new-{area_code}",
        methodology=parsed,
        language=language,
        initial={"code": suggest_code(parsed, area_code, district_slug)},
    )


@login_required
def edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _editable(request, slug, number)
    if version.is_published:
        return _refuse_published(request, version)
    language = (get_language() or "it")[:2]
    parsed = version.parsed()
    district = version.methodology.district
    assert district is not None  # can_edit_version: only a district's own methodology
    district_slug = district.slug
    weights = WeightsForm(methodology=parsed, language=language)
    add_forms = {a.code: _add_form(parsed, a.code, district_slug, language) for a in parsed.areas}
    problems: list[str] = []
    open_area = ""
    if request.method == "POST":
        area_code = request.POST.get("add_to", "")
        if area_code:
            if area_code not in add_forms:
                messages.error(request, _("Choose the area of the new question."))
                return redirect("methodology_edit", slug, number)
            form = _add_form(parsed, area_code, district_slug, language, request.POST)
            add_forms[area_code] = form
            open_area = area_code
            if form.is_valid():
                data = add_question(version.definition, area_code, form.question())
                try:
                    services.change_draft(request.user, version, data)
                except UserError as err:
                    problems = _problems(err, version, data)
                else:
                    messages.success(
                        request,
                        _("Question %(code)s added.") % {"code": form.cleaned_data["code"]},
                    )
                    url = reverse("methodology_edit", args=[slug, number])
                    return redirect(f"{url}#area-{area_code}")
        else:
            weights = WeightsForm(request.POST, methodology=parsed, language=language)
            if weights.is_valid():
                data = weights.apply(version.definition)
                try:
                    services.change_draft(request.user, version, data)
                except UserError as err:
                    problems = _problems(err, version, data)
                else:
                    messages.success(request, _("Changes saved."))
                    return redirect("methodology_edit", slug, number)
    base = version.based_on.parsed() if version.based_on is not None else None
    base_codes = {q.code for a in base.areas for q in a.questions} if base else set()
    areas = []
    for area in parsed.areas:
        areas.append(
            {
                "area": area,
                "name": area.name.get(language),
                "weight": weights[WeightsForm.area_key(area.code)],
                "questions": [
                    {
                        "q": q,
                        "text": q.text.get(language),
                        "level": LEVEL_LABELS[q.level],
                        "weight": weights[WeightsForm.weight_key(q.code)],
                        "enabled": weights[WeightsForm.enabled_key(q.code)],
                        "added": bool(base) and q.code not in base_codes,
                    }
                    for q in area.questions
                ],
                "add_form": add_forms[area.code],
                "open": area.code == open_area,
            }
        )
    context = {
        "version": version,
        "methodology": version.methodology,
        "name": parsed.name.get(language),
        "weights": weights,
        "areas": areas,
        "problems": problems,
        "diff": difference(base, parsed, language) if base else None,
    }
    return render(request, "qualification/methodology_edit.html", context)


@login_required
def publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Confirm, then publish: the version never changes again and the district starts using it."""
    version = _editable(request, slug, number)
    if version.is_published:
        return _refuse_published(request, version)
    district = version.methodology.district
    assert district is not None  # can_edit_version: only a district's own methodology
    language = (get_language() or "it")[:2]
    if request.method == "POST":
        try:
            services.publish(request.user, version)
        except UserError as err:
            messages.error(request, err.translated())
            return redirect("methodology_edit", slug, number)
        current = selectors.current_version(district)
        if current is not None and current.pk == version.pk:
            messages.success(
                request,
                _("Version %(number)s published: new assessments of %(district)s use it.")
                % {"number": version.number, "district": district.name},
            )
        else:
            messages.success(request, _("Version %(number)s published.") % {"number": number})
        return redirect("methodology_version", slug, number)
    base = version.based_on.parsed() if version.based_on is not None else None
    parsed = version.parsed()
    context = {
        "version": version,
        "methodology": version.methodology,
        "district": district,
        "name": parsed.name.get(language),
        "diff": difference(base, parsed, language) if base else None,
        "current": selectors.current_version(district),
    }
    return render(request, "qualification/methodology_publish.html", context)
