"""The footprint on the product page, and the what-if comparisons.

``footprint_context(request, product)`` gives what ``footprint/_product_footprint.html`` shows;
the product page merges it into its own context. The what-if page answers the comparison forms:
a bare block for htmx, a whole page otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from filiera.footprint import charts, drivers, engine, labels, services, whatif
from filiera.footprint.models import FootprintResult
from filiera.footprint.product_query import STEP_FIELDS
from filiera.products.models import Product, ProductStep
from filiera.products.views.common import product_for
from filiera.registry import countries

METHOD_NAME = "Ecobalyse textile"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def whole(value: float) -> str:
    """As the tables show it: no decimals, thousands grouped in the user's language."""
    return str(floatformat(value, "0g"))


def method_facts() -> dict[str, str]:
    return {
        "name": METHOD_NAME,
        "version": engine.VERSION,
        "label": f"{METHOD_NAME} v{engine.VERSION}",
        "unit": engine.UNIT,
        "attribution": engine.ATTRIBUTION,
        "source_url": engine.SOURCE_URL,
        "licence": "Licence Ouverte 2.0",
        "licence_url": LICENCE_URL,
    }


def stage_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Stages then complements, with µPt (before durability) and share of that total."""
    total = float(result["ecsWithoutDurability"])
    rows = []
    for group, names, kind in (
        ("stages", labels.STAGES, "stage"),
        ("complements", labels.COMPLEMENTS, "complement"),
    ):
        for key, name in names.items():
            value = float(result[group].get(key, 0.0))
            rows.append(
                {
                    "key": key,
                    "label": str(name),
                    "kind": kind,
                    "ecs": value,
                    "percent": 100 * value / total if total else 0.0,
                }
            )
    return rows


def chart_for(rows: list[dict[str, Any]]) -> str:
    return charts.stage_bars(
        [charts.Bar(r["key"], r["label"], r["ecs"], r["kind"]) for r in rows],
        title=_("Footprint by stage"),
        desc=_(
            "Environmental cost of each stage of the product's life, in µPt, before the "
            "durability coefficient. The table below gives the same figures."
        ),
        fmt=whole,
    )


def step_zones(product: Product, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Where each step counts: its country (the site's, else the one named on the step; the
    site itself is not named here, as it may no longer be shared) and the method's zone."""
    steps = {s.stage: s for s in ProductStep.objects.filter(product=product).select_related("site")}
    zones = result.get("zones", {})
    rows = []
    for stage, name in labels.STEP_STAGES.items():
        step = steps.get(stage)
        code = step.effective_country if step else ""
        country = countries.get(code) if code else None
        zone = zones.get(stage) or engine.zone_for_country(code)
        rows.append(
            {
                "stage": stage,
                "label": str(name),
                "country": code,
                "country_name": country.name if country else code,
                "zone": zone,
                "zone_label": str(labels.ZONES.get(zone, zone)),
                "unknown": zone == engine.UNKNOWN_ZONE,
            }
        )
    return rows


def whatif_choices() -> dict[str, Any]:
    return {
        "materials": [(key, str(name)) for key, name in labels.MATERIALS.items()],
        "steps": [(key, str(labels.STEP_STAGES[key])) for key in STEP_FIELDS],
        "zones": [
            (key, str(name)) for key, name in labels.ZONES.items() if key != engine.UNKNOWN_ZONE
        ],
        "durability": [
            (value, whatif.describe("durability", value)) for value in whatif.DURABILITY
        ],
    }


def problem_text(product: Product) -> str:
    """Why the product has no footprint, in plain words."""
    return services.footprint_problem(product) or _("The footprint cannot be computed yet.")


def panel(product: Product, stored: FootprintResult | None) -> dict[str, Any]:
    """What the footprint block of the product page shows."""
    context: dict[str, Any] = {
        "product": product,
        "stored": stored,
        "method": method_facts(),
        "whatif_url": reverse("product_footprint_whatif", args=[product.brand_id, product.pk]),
        "choices": whatif_choices(),
    }
    if stored is None:
        context["problem"] = problem_text(product)
        return context
    result = stored.result
    rows = stage_rows(result)
    top = drivers.top_drivers(result, 3)
    zones = step_zones(product, result)
    context |= {
        "ecs": stored.ecs,
        "ecs_without_durability": float(result["ecsWithoutDurability"]),
        "durability": float(result["durability"]["holistic"]),
        "use_cycles": result.get("useCycles"),
        "rows": rows,
        "chart": chart_for(rows),
        "drivers": [d | {"percent": drivers.percent(d["share"])} for d in top],
        "driver_sentence": drivers.sentence(top[0] if top else None),
        "zones": zones,
        "unknown_steps": [z for z in zones if z["unknown"]],
        "suggestions": whatif.suggestions(product, stored.query, result),
    }
    return context


def footprint_context(request: HttpRequest, product: Product) -> dict[str, Any]:
    """Context for ``footprint/_product_footprint.html``: the stored result (computed again
    first when the product changed), chart, table, drivers, what-ifs, method and attribution."""
    return {"footprint": panel(product, services.fresh_footprint(product))}


@login_required
@require_GET
def product_footprint_whatif(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    """The product's footprint against the same product with one change (``kind``/``value``)."""
    _firm, product = product_for(request.user, pk, product_id)
    kind = request.GET.get("kind", "").strip()
    value = request.GET.get("value", "").strip()
    stored = services.fresh_footprint(product)
    context: dict[str, Any] = {
        "product": product,
        "firm": product.brand,
        "kind": kind,
        "value": value,
        "method": method_facts(),
        "whatif_url": reverse("product_footprint_whatif", args=[product.brand_id, product.pk]),
        "choices": whatif_choices(),
        "stored": stored,
    }
    status = 200
    if stored is None:
        context["problem"] = problem_text(product)
    elif kind or value:
        try:
            context["comparison"] = whatif.alternatives(
                product, stored.query, kind, value, current=stored.result
            )
        except whatif.WhatIfError as err:
            context["error"] = err.translated()
            context["error_field"] = err.field
            status = 400
    htmx = bool(request.headers.get("HX-Request"))
    template = "footprint/_whatif.html" if htmx else "footprint/whatif_page.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two bodies
    return response
