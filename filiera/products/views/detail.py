"""The product page: its data and identifiers, what it is made of (the footprint's materials and
the label's fibres by component), recycled content, substances of concern, the texts for the
wearer, images, where and when each step is done, batches, and its environmental footprint (the
footprint section comes from ``filiera.footprint``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from filiera.footprint import labels
from filiera.footprint.views import footprint_context
from filiera.products import selectors
from filiera.products.access import can_edit_products
from filiera.products.models import Product
from filiera.products.views.common import product_for, zone_name
from filiera.registry import countries

BATCHES_SHOWN = 10


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
        if row.stage == "other":  # the footprint does not count it
            rows.append({"row": row, "zone": "", "zone_label": ""})
            continue
        zone, zone_label = zone_name(row.country)
        rows.append({"row": row, "zone": zone, "zone_label": zone_label})
    return rows


def wearer_texts(product: Product) -> list[dict]:
    """The texts for the wearer that the product has, in the current language."""
    titles = {
        "care": _("Care instructions"),
        "durability": _("Durability and repair"),
        "end_of_life": _("End of life"),
    }
    return [
        {"key": key, "title": title, "text": selectors.wearer_text(product, key)}
        for key, title in titles.items()
        if selectors.wearer_text(product, key)
    ]


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
        "components": selectors.label_composition(product),
        "substances": selectors.substances_of(product),
        "images": selectors.images_of(product),
        "wearer": wearer_texts(product),
        "batches": list(selectors.batches_of(product)[:BATCHES_SHOWN]),
        "batch_count": product.batches.count(),
        "can_edit": can_edit_products(request.user, firm),
    }
    # The footprint section: total, per-stage chart, drivers, what-ifs, method and attribution.
    context.update(footprint_context(request, product))
    # The product's own keys win over anything the footprint section sets.
    context.update(firm=firm, product=product)
    return render(request, "products/product_detail.html", context)
