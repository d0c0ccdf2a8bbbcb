"""Weightings: a brand's or a district's own area weights, listed, created and edited.

A brand's owners and editors keep the brand's weightings; a district's managers keep the
district's. Anyone else who may see the brand or the district gets 403; the rest 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from filiera.core.usererror import UserError
from filiera.qualification import access
from filiera.qualification.forms_scorecard import WeightingForm
from filiera.qualification.models import Methodology, Weighting
from filiera.qualification.services import weightings as services
from filiera.registry import access as registry_access
from filiera.registry.models import District, Firm


def _brand_for(user, pk: int) -> Firm:
    firm = get_object_or_404(Firm, pk=pk)
    if not registry_access.can_view_firm(user, firm) or firm.role != Firm.Role.BRAND:
        raise Http404("No such page")
    if not access.is_firm_editor(user, firm):
        raise PermissionDenied
    return firm


def _district_for(user, slug: str) -> District:
    district = get_object_or_404(District, slug=slug)
    if not registry_access.can_view_district(user, district):
        raise Http404("No such district")
    if not registry_access.can_manage_district(user, district):
        raise PermissionDenied
    return district


def _chosen_methodology(request: HttpRequest, usable) -> Methodology | None:
    slug = request.POST.get("methodology") or request.GET.get("methodology")
    return (usable.filter(slug=slug).first() if slug else None) or usable.first()


def _list_page(
    request: HttpRequest,
    *,
    firm: Firm | None,
    district: District | None,
    districts,
    weightings,
) -> HttpResponse:
    usable = services.usable_methodologies(districts)
    methodology = _chosen_methodology(request, usable)
    areas = services.areas_of(methodology) if methodology else []
    form = WeightingForm(request.POST or None, areas=areas)
    if request.method == "POST" and methodology is not None and form.is_valid():
        try:
            services.create_weighting(
                request.user,
                name=form.cleaned_data["name"],
                methodology=methodology,
                area_weights=form.cleaned_data["weights"],
                firm=firm,
                district=district,
            )
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            messages.success(request, _("Weighting saved."))
            return redirect(request.path)
    return render(
        request,
        "qualification/scorecard_weightings.html",
        {
            "firm": firm,
            "district": district,
            "weightings": _with_area_names(weightings.select_related("methodology")),
            "methodologies": usable,
            "methodology": methodology,
            "form": form,
        },
    )


def _with_area_names(weightings) -> list[tuple[Weighting, list[tuple[str, float]]]]:
    """Each weighting with its weights as (area name, weight), in the methodology's order."""
    names: dict[int, dict[str, str]] = {}
    rows: list[tuple[Weighting, list[tuple[str, float]]]] = []
    for weighting in weightings:
        if weighting.methodology_id not in names:
            names[weighting.methodology_id] = {
                code: name for code, name, _w in services.areas_of(weighting.methodology)
            }
        known = names[weighting.methodology_id]
        order = list(known) + [c for c in weighting.area_weights if c not in known]
        rows.append(
            (
                weighting,
                [
                    (known.get(code) or code, float(weighting.area_weights[code]))
                    for code in order
                    if code in weighting.area_weights
                ],
            )
        )
    return rows


@login_required
def firm_weightings(request: HttpRequest, pk: int) -> HttpResponse:
    """A brand's own weightings: the list and a form to add one."""
    firm = _brand_for(request.user, pk)
    return _list_page(
        request,
        firm=firm,
        district=None,
        districts=firm.districts.all(),
        weightings=Weighting.objects.filter(firm=firm),
    )


@login_required
def district_weightings(request: HttpRequest, slug: str) -> HttpResponse:
    """A district's weightings: the list and a form to add one (managers)."""
    district = _district_for(request.user, slug)
    return _list_page(
        request,
        firm=None,
        district=district,
        districts=[district],
        weightings=Weighting.objects.filter(district=district),
    )


def _weighting_for(user, pk: int) -> Weighting:
    weighting = get_object_or_404(
        Weighting.objects.select_related("firm", "district", "methodology"), pk=pk
    )
    if weighting.firm is not None:
        _brand_for(user, weighting.firm.pk)
    elif weighting.district is not None:
        _district_for(user, weighting.district.slug)
    elif not registry_access.roles(user).superuser:
        raise Http404("No such weighting")
    return weighting


@login_required
def weighting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    weighting = _weighting_for(request.user, pk)
    areas = services.areas_of(weighting.methodology)
    form = WeightingForm(
        request.POST or None,
        areas=areas,
        initial={"name": weighting.name},
        initial_weights=weighting.area_weights,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_weighting(
                request.user,
                weighting,
                name=form.cleaned_data["name"],
                area_weights=form.cleaned_data["weights"],
            )
        except UserError as err:
            form.add_error(None, err.translated())
        else:
            messages.success(request, _("Weighting saved."))
            return redirect(_back(weighting))
    return render(
        request,
        "qualification/scorecard_weighting_form.html",
        {"weighting": weighting, "form": form, "back": _back(weighting)},
    )


def _back(weighting: Weighting) -> str:
    if weighting.firm_id:
        return reverse("weighting_list", args=[weighting.firm_id])
    if weighting.district is not None:
        return reverse("district_weightings", args=[weighting.district.slug])
    return "/"
