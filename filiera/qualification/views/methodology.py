"""Methodologies as people read them: the list, one version in full, its downloads, and
"derive a district version" for district managers."""

from __future__ import annotations

import json

import yaml
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from filiera.core.usererror import UserError
from filiera.qualification.forms_methodology import DeriveForm
from filiera.qualification.models import Methodology, MethodologyVersion
from filiera.qualification.services import methodologies as services
from filiera.qualification.views.methodology_common import (
    EVIDENCE_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    TYPE_LABELS,
    answer_type,
    applicability,
    can_derive,
    can_edit_version,
    get_version_for,
    managed_districts_for,
    process_names,
    vsme_labels,
)
from filiera.registry import access as registry_access

Status = MethodologyVersion.Status


@login_required
def methodology_list(request: HttpRequest) -> HttpResponse:
    """The shipped methodologies and, for district staff, their districts' own."""
    r = registry_access.roles(request.user)
    methodologies = Methodology.objects.select_related("district")
    if not r.superuser:
        methodologies = methodologies.filter(
            Q(district__isnull=True) | Q(district__in=r.staffed_districts)
        )
    versions = (
        MethodologyVersion.objects.filter(methodology__in=methodologies)
        .select_related("based_on__methodology")
        .annotate(assessment_count=Count("assessments"))
        .order_by("-number")
    )
    by_methodology: dict[int, list] = {}
    for version in versions:
        by_methodology.setdefault(version.methodology_id, []).append(version)
    rows = [(m, by_methodology.get(m.pk, [])) for m in methodologies.order_by("district", "slug")]
    context = {
        "rows": rows,
        "managed": set(
            registry_access.managed_districts(request.user).values_list("id", flat=True)
        ),
    }
    return render(request, "qualification/methodology_list.html", context)


def _content_language(request: HttpRequest) -> str:
    """The language of the methodology's texts: ``?lang=`` when given, else the page's."""
    wanted = request.GET.get("lang", "")
    codes = [code for code, _name in settings.LANGUAGES]
    return wanted if wanted in codes else (get_language() or "it")[:2]


def _area_rows(parsed, language: str) -> list[dict]:
    codes = {code for a in parsed.areas for q in a.questions for code in q.applies_if.processes_any}
    names = process_names(sorted(codes))
    areas = []
    for area in parsed.areas:
        levels = []
        for level in (1, 2, 3):
            questions = [
                {
                    "q": q,
                    "text": q.text.get(language),
                    "help": q.help.get(language) if q.help else "",
                    "type": answer_type(q, language),
                    "evidence": EVIDENCE_LABELS[q.evidence],
                    "certificates": [
                        c.name.get(language)
                        for code in q.certificates
                        if (c := parsed.certificate(code)) is not None
                    ],
                    "applies": applicability(q, names),
                    "vsme": vsme_labels(q.vsme, language),
                }
                for q in area.questions
                if q.level == level
            ]
            if questions:
                levels.append((LEVEL_LABELS[level], questions))
        areas.append(
            {
                "area": area,
                "name": area.name.get(language),
                "description": area.description.get(language) if area.description else "",
                "levels": levels,
                "count": len(area.questions),
            }
        )
    return areas


@login_required
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The whole methodology, readable by a person, in the chosen language."""
    version = get_version_for(request.user, slug, number)
    language = _content_language(request)
    other = next((code for code, _name in settings.LANGUAGES if code != language), language)
    managed = registry_access.managed_districts(request.user).order_by("name")
    with translation.override(language):
        parsed = version.parsed()
        context = {
            "version": version,
            "methodology": version.methodology,
            "parsed": parsed,
            "name": parsed.name.get(language),
            "description": parsed.description.get(language) if parsed.description else "",
            "areas": _area_rows(parsed, language),
            "certificates": [
                (c, c.name.get(language), KIND_LABELS.get(c.kind, c.kind))
                for c in parsed.certificates
            ],
            "profile": [
                (
                    p,
                    p.label.get(language),
                    p.help.get(language) if p.help else "",
                    TYPE_LABELS.get(p.type, p.type),
                    " / ".join(c.label.get(language) for c in p.choices),
                    vsme_labels(p.vsme, language),
                )
                for p in parsed.profile
            ],
            "language": language,
            "other_language": other,
            "can_edit": can_edit_version(request.user, version) and not version.is_published,
            "can_derive": version.is_published and managed.exists(),
            "can_rescore": version.is_published
            and managed_districts_for(request.user, version).exists(),
            "derive_form": DeriveForm(districts=managed) if version.is_published else None,
            "assessment_count": version.assessments.count(),
        }
        response = render(request, "qualification/methodology_version.html", context)
    return response


def _download(version: MethodologyVersion, body: str, extension: str, content_type: str):
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    filename = f"{version.methodology.slug}-v{version.number}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def version_json(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version_for(request.user, slug, number)
    body = json.dumps(version.definition, ensure_ascii=False, indent=2)
    return _download(version, body + "\n", "json", "application/json")


@login_required
def version_yaml(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_version_for(request.user, slug, number)
    body = yaml.safe_dump(
        version.definition, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    return _download(version, body, "yaml", "application/yaml")


@login_required
@require_POST
def derive(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A district manager starts the district's own draft from a published version."""
    version = get_version_for(request.user, slug, number, lambda user, _v: can_derive(user))
    form = DeriveForm(request.POST, districts=registry_access.managed_districts(request.user))
    if not form.is_valid():
        messages.error(
            request, "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect("methodology_version", slug, number)
    try:
        draft = services.derive(request.user, version, form.cleaned_data["district"])
    except UserError as err:
        messages.error(request, err.translated())
        return redirect("methodology_version", slug, number)
    messages.success(
        request,
        translation.gettext("Draft version created: change it, then publish it."),
    )
    return redirect("methodology_edit", draft.methodology.slug, draft.number)
