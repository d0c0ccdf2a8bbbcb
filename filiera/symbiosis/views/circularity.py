"""A firm's circularity: its indicators, whether it meets each of its districts' eco-district
rules (and why), its position among the district's firms, and its yearly material totals.

Seen by whoever sees the firm's symbiosis pages (its people, the staff of its districts); the
totals are changed by its owners and editors. Positions compare the firm with the district's
firms that declared flows, and appear only when at least 5 firms have a value: the page never
shows another firm's figures.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from filiera.qualification.benchmarks import MIN_COHORT
from filiera.registry.models import Firm
from filiera.symbiosis import indicators
from filiera.symbiosis.access import can_edit_flows, can_view_symbiosis
from filiera.symbiosis.forms_district import ProfileForm
from filiera.symbiosis.indicator_labels import (
    MEASURE_HELP,
    MEASURE_LABELS,
    MEASURE_UNITS,
    firm_figures,
    reason_text,
)
from filiera.symbiosis.models import CircularityProfile
from filiera.symbiosis.services.circularity import save_profile


def _district_sections(firm: Firm) -> tuple[list[dict], indicators.Circularity]:
    sections = []
    first = None
    for district in firm.districts.order_by("name"):
        data = indicators.for_district(district)
        first = first or data
        eligible, reasons = data.eligibility(firm.pk)
        sections.append(
            {
                "district": district,
                "has_rules": data.rules.any,
                "eligible": eligible,
                "reasons": [(reason_text(r), r.met) for r in reasons],
                "positions": [
                    {
                        "position": p,
                        "label": MEASURE_LABELS[p.measure],
                        "help": MEASURE_HELP[p.measure],
                        "unit": MEASURE_UNITS[p.measure],
                    }
                    for p in data.positions(firm.pk)
                ],
            }
        )
    return sections, first or indicators.for_firm_alone(firm)


@login_required
def firm_circularity(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_object_or_404(Firm, pk=pk)
    if not can_view_symbiosis(request.user, firm):
        raise Http404("No such firm")
    can_edit = can_edit_flows(request.user, firm)
    profile = CircularityProfile.objects.filter(firm=firm).first()
    form = None
    if can_edit:
        form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                save_profile(firm, user=request.user, data=form.cleaned_data)
            except ValidationError as err:
                for field, errors in err.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Yearly totals saved."))
                return redirect("firm_circularity", pk=firm.pk)
    sections, data = _district_sections(firm)
    values = data.firms[firm.pk]
    return render(
        request,
        "symbiosis/firm_circularity.html",
        {
            "firm": firm,
            "figures": firm_figures(values),
            "values": values,
            "since": data.since,
            "on": data.on,
            "sections": sections,
            "form": form,
            "profile": profile,
            "min_cohort": MIN_COHORT,
            "tab": "circularity",
        },
    )


urlpatterns: list = [
    path("firms/<int:pk>/circularity/", firm_circularity, name="firm_circularity"),
]
