"""The product page: its data, composition, steps with site, firm and country, and the
footprint section (total and per-stage chart)."""

from __future__ import annotations

from filiera.footprint.models import FootprintResult
from filiera.products import services


def test_the_page_shows_the_product_composition_steps_and_footprint(
    client_for, viewer_a, owner_a, composed, supply_chain
):
    spinner_site = supply_chain["spinner"].sites.get()
    services.set_steps(owner_a, composed, [("spinning", spinner_site, ""), ("making", None, "RO")])
    response = client_for(viewer_a).get(composed.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert [m["material"] for m in response.context["materials"]] == [
        "ei-laine-par-defaut",
        "ei-pa",
    ]
    steps = {s["row"].stage: s for s in response.context["steps"]}
    assert steps["spinning"]["row"].site == spinner_site and steps["spinning"]["zone"] == "REO"
    assert steps["making"]["row"].country == "RO" and steps["making"]["row"].site is None
    assert steps["dyeing"]["zone"] == "---"
    assert supply_chain["spinner"].legal_name in body and spinner_site.name in body
    ecs = FootprintResult.objects.get(product=composed).ecs
    assert 'id="footprint-ecs"' in body and f"{ecs:.4f}" in body
    assert "<svg" in body  # the per-stage chart
    assert not response.context["can_edit"]
    assert 'id="edit-link"' not in body


def test_without_composition_the_page_says_what_is_missing(client_for, owner_a, product):
    response = client_for(owner_a).get(product.get_absolute_url())
    body = response.content.decode()
    assert 'id="no-composition"' in body and 'id="footprint-problem"' in body
    assert 'id="edit-link"' in body
