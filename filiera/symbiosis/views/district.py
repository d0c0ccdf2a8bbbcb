"""The district's industrial symbiosis, for its staff: the circularity figures, the flows between
sectors, the map of realised exchanges, the allocation's picks (managers run it again) and the
eco-district eligibility of every firm; and the eco-district rules, which managers set.

District staff see firms' names here: they facilitate exchanges. Anyone else gets 404; a
verifier may look but not change (403 on the rules and the allocation run).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.registry.models import District
from filiera.symbiosis import dashboard, indicators
from filiera.symbiosis.access import (
    can_manage_district_symbiosis,
    can_view_district_symbiosis,
)
from filiera.symbiosis.engine import avoided
from filiera.symbiosis.forms_district import PolicyForm
from filiera.symbiosis.indicator_labels import district_figures, number, reason_text
from filiera.symbiosis.sankey import sankey
from filiera.symbiosis.services.allocation import run_allocation
from filiera.symbiosis.services.circularity import save_policy
from filiera.symbiosis.views import circularity

PAGE_SIZE = 50


def district_for(user, slug: str, *, manage: bool = False) -> District:
    """The district, 404 unless the user is on its staff, 403 when managing is asked of a
    verifier."""
    district = get_object_or_404(District, slug=slug)
    if not can_view_district_symbiosis(user, district):
        raise Http404("No such district")
    if manage and not can_manage_district_symbiosis(user, district):
        raise PermissionDenied
    return district


def _tonnes(value: float) -> str:
    return f"{number(value, 1)} t"


@login_required
def district_symbiosis(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_for(request.user, slug)
    data = indicators.for_district(district)
    basis = request.GET.get("basis", "realised")
    basis = basis if basis in dashboard.BASES else "realised"
    bands, labels, sector_rows = dashboard.sankey_bands(data, basis)
    chart = sankey(
        bands,
        labels,
        title=_("Tonnes between sectors"),
        desc=_("Sending sectors on the left, receiving sectors on the right."),
        chart_id="symbiosis-sankey",
        fmt=_tonnes,
    )
    map_rows, exchange_count = dashboard.map_rows(data, district)
    top_picks, pick_count, pick_t = dashboard.pick_summary(district)
    only = request.GET.get("eligible", "")
    only = only if only in ("yes", "no") else ""
    rows, eligible = dashboard.eligibility_rows(data, only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = district_figures(data.totals)
    page_rows = [
        {"row": row, "reasons": [(reason_text(r), r.met) for r in row.reasons]}
        for row in page.object_list
    ]
    return render(
        request,
        "symbiosis/district_symbiosis.html",
        {
            "district": district,
            "data": data,
            "figures": figures,
            "fig": {f.key: f for f in figures},
            "basis": basis,
            "chart": chart if bands else "",
            "sector_rows": sector_rows,
            "map_rows": map_rows,
            "map_points": [row.point() for row in map_rows],
            "exchange_count": exchange_count,
            "picks": top_picks,
            "pick_count": pick_count,
            "pick_t": pick_t,
            "page": page,
            "page_rows": page_rows,
            "eligible": eligible,
            "only": only,
            "rules": data.rules,
            "can_manage": can_manage_district_symbiosis(request.user, district),
        },
    )


@login_required
@require_POST
def district_allocate(request: HttpRequest, slug: str) -> HttpResponse:
    """Run the district allocation again over the current suggestions (managers)."""
    district = district_for(request.user, slug, manage=True)
    result = run_allocation(district, user=request.user)
    if result.get("picked"):
        text = ngettext(
            "Allocation done: %(n)s suggestion picked, %(t)s t/year diverted.",
            "Allocation done: %(n)s suggestions picked, %(t)s t/year diverted.",
            result["picked"],
        )
        messages.success(
            request, text % {"n": result["picked"], "t": number(result.get("diverted_t", 0), 1)}
        )
    else:
        messages.info(request, _("Allocation done: no suggestion in tonnes to pick yet."))
    return redirect(reverse("district_symbiosis", args=[district.slug]) + "#allocation")


def factor_row(group: avoided.Group, factor: float | None) -> dict:
    """A line of the factor table: the group's name, its factor in effect and where it comes
    from (the shipped table's source, or this installation's own setting)."""
    if factor is None:
        value, source = _("not set"), "—"
    else:
        value = f"{number(factor)} / {group.unit}"
        source = group.source if factor == group.factor else _("set for this installation")
    label = group.label_it if get_language() == "it" else group.label_en
    return {"key": group.key, "label": label, "factor": value, "source": source}


@login_required
def district_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """The eco-district rules (managers): thresholds every firm is checked against and the
    transport factor of the figures."""
    district = district_for(request.user, slug, manage=True)
    policy = indicators.policy_of(district)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            save_policy(district, user=request.user, data=form.cleaned_data)
        except ValidationError as err:
            for field, errors in err.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Eco-district rules saved."))
            return redirect("district_symbiosis", slug=district.slug)
    factors = avoided.factors(indicators.avoided_overrides())
    groups = [factor_row(group, factors.get(group.key)) for group in avoided.groups()]
    return render(
        request,
        "symbiosis/district_rules.html",
        {"district": district, "form": form, "policy": policy, "groups": groups},
    )


urlpatterns: list = [
    path("districts/<slug:slug>/symbiosis/", district_symbiosis, name="district_symbiosis"),
    path(
        "districts/<slug:slug>/symbiosis/allocate/",
        district_allocate,
        name="district_symbiosis_allocate",
    ),
    path("districts/<slug:slug>/symbiosis/rules/", district_rules, name="district_symbiosis_rules"),
    *circularity.urlpatterns,
]
