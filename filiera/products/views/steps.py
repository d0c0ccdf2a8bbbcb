"""Where each step of a product is done: a site of the firm or of its chain, or else a country.
Each row shows the zone the footprint method counts that country as (Italy: Western Europe)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from filiera.products import selectors, services
from filiera.products.forms import StepRowForm, step_forms
from filiera.products.models import ProductStep
from filiera.products.services import ProductError
from filiera.products.views.common import product_for, zone_name
from filiera.registry import countries


def _current_country(form: StepRowForm, sites: dict[str, dict]) -> str:
    site = str(form["site"].value() or "")
    if site in sites:
        return sites[site]["country"]
    return str(form["country"].value() or "")


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
    forms = step_forms(data, product)
    error = ""
    if data is not None and all(form.is_valid() for form in forms.values()):
        try:
            services.set_steps(
                request.user, product, [form.row(stage) for stage, form in forms.items()]
            )
        except ProductError as err:
            error = err.translated()
            if err.row is not None:
                form = list(forms.values())[err.row - 1]
                form.add_error(err.field if err.field in form.fields else None, error)
        else:
            messages.success(request, _("Steps saved."))
            return redirect(product)
    elif data is not None:
        error = _("Please correct the rows marked below.")
    rows = []
    labels = dict(ProductStep.Stage.choices)
    for stage, form in forms.items():
        country = _current_country(form, sites)
        zone, zone_label = zone_name(country)
        site = str(form["site"].value() or "")
        rows.append(
            {
                "stage": stage,
                "label": labels[stage],
                "form": form,
                "site": site,
                # A site recorded earlier that is no longer shared with the firm.
                "hidden_site": bool(site) and site not in sites,
                "country": str(form["country"].value() or ""),
                "zone": zone,
                "zone_label": zone_label,
            }
        )
    return render(
        request,
        "products/product_steps.html",
        {
            "firm": firm,
            "product": product,
            "rows": rows,
            "sites": list(sites.values()),
            "own_sites": [s for s in sites.values() if s["own"]],
            "chain_sites": [s for s in sites.values() if not s["own"]],
            "countries": countries.choices(),
            "zones": {code: zone_name(code)[1] for code, _name in countries.choices()}
            | {"": zone_name("")[1]},
            "error": error,
        },
    )
