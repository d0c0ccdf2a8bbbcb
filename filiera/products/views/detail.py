"""The product page: its data, what it is made of, where each step is done, and its
environmental footprint (the footprint section comes from ``filiera.footprint``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from filiera.footprint import labels
from filiera.footprint.views import footprint_context
from filiera.products import selectors
from filiera.products.access import can_edit_products
from filiera.products.models import Product
from filiera.products.views.common import product_for, zone_name
from filiera.registry import countries


def material_rows(product: Product) -> list[dict]:
    return [
        {
            "material": m.material,
            "name": str(labels.MATERIALS.get(m.material, m.material)),
            "share": m.share,
            "country": m.country,
            "country_name": countries.name(m.country) if m.country else "",
        }
        for m in selectors.composition(product)
    ]


def step_rows(product: Product) -> list[dict]:
    rows = []
    for row in selectors.step_rows(product):
        zone, zone_label = zone_name(row.country)
        rows.append({"row": row, "zone": zone, "zone_label": zone_label})
    return rows


@login_required
def product_detail(request: HttpRequest, pk: int, product_id: int) -> HttpResponse:
    firm, product = product_for(request.user, pk, product_id)
    materials = material_rows(product)
    context = {
        "firm": firm,
        "product": product,
        "materials": materials,
        "share_total": sum((m["share"] for m in materials), 0),
        "steps": step_rows(product),
        "can_edit": can_edit_products(request.user, firm),
    }
    # The footprint section: total, per-stage chart, drivers, what-ifs, method and attribution.
    context.update(footprint_context(request, product))
    # The product's own keys win over anything the footprint section sets.
    context.update(firm=firm, product=product)
    return render(request, "products/product_detail.html", context)
