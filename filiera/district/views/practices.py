"""The good-practice library: list, read, write, publish. Evaluating and adopting live in
``practices_actions``; the public pages in ``practices_public``.

Signed-in users read the published practices of every district; drafts are for the staff of
the origin district (see ``selectors_practices`` for every rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.district import selectors_practices as sel
from filiera.district.forms_practices import FilterForm, PracticeForm
from filiera.district.models import GoodPractice, PracticeAdoption, PracticeEvaluation
from filiera.district.public import reader_lang, text
from filiera.district.services import practices as services
from filiera.district.views import practices_actions
from filiera.registry import access
from filiera.registry.models import District

PAGE_SIZE = 24


def _detail_url(practice: GoodPractice) -> str:
    return reverse("practice_detail", args=[practice.pk])


def _district_choices() -> list[tuple[int, str]]:
    ids = sel.published().values("district_id")
    return list(District.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    lang = reader_lang()
    names = sel.catalogue(lang)
    form = FilterForm(request.GET or None, names=names, districts=_district_choices())
    queryset = sel.published()
    if q := form.value("q"):
        queryset = sel.search(queryset, q)
    if theme := form.value("theme"):
        queryset = queryset.filter(theme=theme)
    if area := form.value("area"):
        queryset = sel.with_code(queryset, "areas", area)
    if district := form.value("district"):
        queryset = queryset.filter(district_id=district)
    page = Paginator(sel.with_stats(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [sel.card(p, lang, names, _detail_url(p)) for p in page.object_list]
    drafts = [sel.card(p, lang, names, _detail_url(p)) for p in sel.drafts_for(request.user)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "district/practice_list.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "drafts": drafts,
            "filtered": any(form.value(name) for name in ("q", "theme", "area", "district")),
            "query": query.urlencode(),
            "can_create": sel.can_create(request.user),
        },
    )


def _adopt_options(user, practice: GoodPractice) -> list[tuple[str, str]]:
    """Firms the user edits and districts they manage that have not adopted it yet."""
    taken = PracticeAdoption.objects.filter(practice=practice)
    r = access.roles(user)
    firm_ids = [pk for pk, role in r.firm_roles.items() if role in access.EDITING_ROLES]
    options: list[tuple[str, str]] = []
    firms = access.visible_firms(user).filter(pk__in=firm_ids).order_by("legal_name")
    firms = firms.exclude(pk__in=taken.filter(firm__isnull=False).values("firm_id"))
    for firm in firms.exclude(pk=practice.firm_id or 0):
        options.append((f"firm-{firm.pk}", firm.legal_name))
    districts = access.managed_districts(user).exclude(pk=practice.district_id)
    districts = districts.exclude(pk__in=taken.filter(district__isnull=False).values("district_id"))
    for district in districts.order_by("name"):
        options.append((f"district-{district.pk}", district.name))
    return options


@dataclass
class OwnAdoption:
    adoption: PracticeAdoption
    name: str
    can_withdraw: bool


def _own_adoptions(user, practice: GoodPractice) -> list[OwnAdoption]:
    """Adoptions the user may see by name: by firms they belong to, by firms of the districts
    they work for, by those districts; each says whether the user may withdraw it."""
    r = access.roles(user)
    found = PracticeAdoption.objects.filter(practice=practice).select_related("firm", "district")
    if not r.superuser:
        staffed = list(r.staffed_districts)
        found = found.filter(
            Q(firm_id__in=list(r.firm_roles))
            | Q(firm__districts__in=staffed)
            | Q(district_id__in=staffed)
        ).distinct()
    rows = []
    for adoption in found.order_by("district_id", "firm__legal_name"):
        if adoption.firm is not None:
            name = adoption.firm.legal_name
            allowed = access.is_editor(user, adoption.firm)
        elif adoption.district is not None:
            name = adoption.district.name
            allowed = access.can_manage_district(user, adoption.district)
        else:
            continue
        rows.append(OwnAdoption(adoption, name, allowed))
    return rows


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = sel.get_practice_for(request.user, pk)
    lang = reader_lang()
    names = sel.catalogue(lang)
    user = request.user
    can_manage = sel.can_manage(user, practice)
    expert = sel.is_expert(user)
    published = practice.status == sel.PUBLISHED
    evaluations = []
    if expert:
        evaluations = list(
            PracticeEvaluation.objects.filter(practice=practice)
            .select_related("evaluator")
            .order_by("-updated_at", "-id")
        )
    mine = next((e for e in evaluations if e.evaluator_id == user.pk), None)
    return render(
        request,
        "district/practice_detail.html",
        {
            "practice": practice,
            "title": text(practice, "title", lang),
            "summary": text(practice, "summary", lang),
            "body": text(practice, "body", lang),
            "results": text(practice, "results", lang),
            "areas": names.area_names(practice.areas),
            "questions": [(code, names.questions.get(code, "")) for code in practice.questions],
            "firm_name": sel.firm_name(practice),
            "hidden_firm": practice.firm if can_manage and not practice.firm_consents else None,
            "marks": sel.marks(practice),
            "adoptions": sel.adoption_counts(practice),
            "own_adoptions": _own_adoptions(user, practice),
            "adopt_options": _adopt_options(user, practice) if published else [],
            "evaluations": evaluations,
            "my_evaluation": mine,
            "can_manage": can_manage,
            "can_evaluate": sel.can_evaluate(user, practice),
            "published": published,
        },
    )


def _names() -> sel.Catalogue:
    return sel.catalogue(reader_lang())


def _practice_form(request: HttpRequest, practice: GoodPractice | None, districts) -> HttpResponse:
    form = PracticeForm(
        request.POST or None,
        instance=practice or GoodPractice(),
        districts=districts,
        names=_names(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_practice(request.user, practice, form.cleaned_data)
        except services.PracticeError as err:
            form.add_error(err.field if err.field in form.fields else None, err.translated())
        else:
            messages.success(request, _("Practice saved."))
            return redirect(_detail_url(saved))
    return render(request, "district/practice_form.html", {"form": form, "practice": practice})


@login_required
def practice_create(request: HttpRequest) -> HttpResponse:
    if not sel.can_create(request.user):
        raise PermissionDenied
    return _practice_form(request, None, access.managed_districts(request.user).order_by("name"))


@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = sel.get_practice_for(request.user, pk, sel.can_manage)
    return _practice_form(request, practice, District.objects.filter(pk=practice.district_id))


@login_required
@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """``publish=1`` publishes the practice, anything else takes it back to draft."""
    practice = sel.get_practice_for(request.user, pk, sel.can_manage)
    publish = request.POST.get("publish") == "1"
    try:
        services.set_published(request.user, practice, publish)
    except services.PracticeError as err:
        messages.error(request, err.translated())
        return redirect("practice_edit", pk=practice.pk)
    if publish:
        messages.success(request, _("Practice published: every district can read it now."))
    else:
        messages.success(request, _("Practice back to draft: only your district sees it."))
    return redirect(_detail_url(practice))


urlpatterns: list = [
    path("practices/", practice_list, name="practice_list"),
    path("practices/new/", practice_create, name="practice_create"),
    path("practices/<int:pk>/", practice_detail, name="practice_detail"),
    path("practices/<int:pk>/edit/", practice_edit, name="practice_edit"),
    path("practices/<int:pk>/publish/", practice_publish, name="practice_publish"),
    *practices_actions.urlpatterns,
]
