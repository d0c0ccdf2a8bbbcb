"""Where, when and how each step of a product is done: for the four stages of the footprint
method and any number of other steps (printing, washing…), a site of the firm or of its chain
(or else a country), the process and the dates. Each stage row shows the zone the footprint
method counts its country as (Italy: Western Europe).

"Add another step" and "Remove this step" work without scripts: adding posts the page back with
one more empty row and saves nothing; a ticked "remove" leaves the step out when saving.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from filiera.products import selectors, services
from filiera.products.forms import (
    MAX_OTHER_STEPS,
    OtherStepForm,
    StepRowForm,
    other_step_forms,
    step_forms,
)
from filiera.products.models import ProductStep
from filiera.products.services import ProductError
from filiera.products.views.common import product_for, zone_name
from filiera.registry import countries


def _current_country(form: StepRowForm, sites: dict[str, dict]) -> str:
    site = str(form["site"].value() or "")
    if site in sites:
        return sites[site]["country"]
    return str(form["country"].value() or "")


def _row(form: StepRowForm, sites: dict[str, dict], **extra: Any) -> dict[str, Any]:
    country = _current_country(form, sites)
    zone, zone_label = zone_name(country)
    site = str(form["site"].value() or "")
    return {
        "form": form,
        "site": site,
        # A site recorded earlier that is no longer shared with the firm.
        "hidden_site": bool(site) and site not in sites,
        "country": str(form["country"].value() or ""),
        "zone": zone,
        "zone_label": zone_label,
        **extra,
    }


def _save(request: HttpRequest, product, forms: dict[str, StepRowForm], others: list) -> str:
    """Save the rows; the error to show ("" when saved)."""
    kept: list[OtherStepForm] = [form for form in others if not form.removed]
    ordered: list[StepRowForm] = [*forms.values(), *kept]
    rows = [form.row(stage) for stage, form in forms.items()] + [form.row() for form in kept]
    try:
        services.set_steps(request.user, product, rows)
    except ProductError as err:
        error = err.translated()
        if err.row is not None and 1 <= err.row <= len(ordered):
            form = ordered[err.row - 1]
            form.add_error(err.field if err.field in form.fields else None, error)
        return error
    return ""


@login_required
def product_steps(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id, edit=True)
    choices = list(selectors.step_site_choices(firm))
    sites = {
        str(site.pk): {
            "id": str(site.pk),
            "label": selectors.site_label(site),
            "country": site.country,
            "own": site.firm_id == firm.pk,
        }
        for site in choices
    }
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_other" in data
    forms = step_forms(data, product)
    others = other_step_forms(data, product, extra=1 if adding else 0)
    error = ""
    if data is not None and not adding:
        if all(form.is_valid() for form in [*forms.values(), *others]):
            error = _save(request, product, forms, others)
            if not error:
                messages.success(request, _("Steps saved."))
                return redirect(product)
        else:
            error = _("Please correct the rows marked below.")
    labels = dict(ProductStep.Stage.choices)
    rows = [_row(form, sites, stage=stage, label=labels[stage]) for stage, form in forms.items()]
    other_rows = [
        _row(form, sites, stage="other", label=_("Other step %(number)s") % {"number": n}, n=n)
        for n, form in enumerate(others, start=1)
    ]
    return render(
        request,
        "products/product_steps.html",
        {
            "firm": firm,
            "product": product,
            "rows": rows,
            "other_rows": other_rows,
            "others": len(others),
            "can_add": len(others) < MAX_OTHER_STEPS,
            "sites": list(sites.values()),
            "own_sites": [s for s in sites.values() if s["own"]],
            "chain_sites": [s for s in sites.values() if not s["own"]],
            "countries": countries.choices(),
            "zones": {code: zone_name(code)[1] for code, _name in countries.choices()}
            | {"": zone_name("")[1]},
            "error": error,
        },
    )
