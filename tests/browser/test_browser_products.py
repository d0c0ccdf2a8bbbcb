"""A product clicked through end to end, as the brand's owner would do it.

The owner of the brand Lanificio Gamma opens "Products" from the firm's page and adds a
knitted T-shirt. It gives the composition, first with shares adding up to 98 % (the page
marks row 2 and saves nothing), then right. It says where the T-shirt is made: the making at
firm A's site (firm A knits for the brand and shares its sites), spinning and dyeing in
countries, each row showing the zone the footprint counts it as. The product page then shows
the footprint total and the per-stage chart; a what-if with the making in China shows the
comparison with the product as it is.

The interface speaks Italian (the context's locale); the test finds things by their ids, names
and data, as the texts may change.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from filiera.footprint.models import FootprintResult
from filiera.products.models import Product
from tests.chains.conftest import relate  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def chain_with_sites(brand_c, firm_a, relate):  # noqa: F811
    """Firm A knits for the brand and shares its sites with it."""
    return relate(brand_c, firm_a, tier=1, processes=("MU.KNIT_TO_SHAPE",), sites=True)


def composition(page: Page, rows: list[tuple[str, str, str]]) -> None:
    form = page.locator("#composition-form")
    for n, (material, share, country) in enumerate(rows, start=1):
        form.locator(f"select[name=row{n}-material]").select_option(material)
        form.locator(f"input[name=row{n}-share]").fill(share)
        form.locator(f"select[name=row{n}-country]").select_option(country)
    form.locator("button[type=submit]").click()


def test_brand_owner_creates_a_product_and_reads_its_footprint(
    page, live_server, login, screenshot, brand_owner, brand_c, firm_a, chain_with_sites
):
    base = live_server.url

    # 1. From the firm's page to the products, and a new product.
    login(page, live_server, "brand_owner")
    expect(page).to_have_url(f"{base}/firms/{brand_c.pk}/")
    page.locator("#products-link").click()
    expect(page).to_have_url(f"{base}/firms/{brand_c.pk}/products/")
    expect(page.locator("#no-products")).to_be_visible()
    page.locator("#product-new").click()
    form = page.locator("#product-form")
    form.locator("input[name=name]").fill("T-shirt in jersey")
    form.locator("input[name=model_code]").fill("TS-01")
    form.locator("select[name=category]").select_option("tshirt")
    form.locator("input[name=mass_kg]").fill("0.17")
    screenshot(page, "product-form")
    form.locator("button[type=submit]").click()
    product = Product.objects.get(brand=brand_c)
    detail_url = f"{base}/firms/{brand_c.pk}/products/{product.pk}/"
    expect(page).to_have_url(f"{detail_url}composition/")

    # 2. The composition: a wrong total marks row 2 and saves nothing; then the right one.
    composition(page, [("ei-coton", "95", "IN"), ("elasthane", "3", "")])
    expect(page.locator("#composition-error")).to_be_visible()
    expect(page.locator("#row-2")).to_have_class(re.compile(r"\brow-error\b"))
    expect(page.locator("#row-1")).not_to_have_class(re.compile(r"\brow-error\b"))
    expect(page.locator("#share-total")).to_have_class(re.compile(r"\boff\b"))
    screenshot(page, "composition-wrong-total")
    assert not product.materials.exists()
    page.locator("input[name=row2-share]").fill("5")
    expect(page.locator("#share-total")).not_to_have_class(re.compile(r"\boff\b"))
    page.locator("#composition-form button[type=submit]").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#composition-table tr[data-material]")).to_have_count(2)
    assert sorted(product.materials.values_list("material", flat=True)) == [
        "ei-coton",
        "elasthane",
    ]

    # 3. Where it is made: making at firm A's site, spinning and dyeing by country.
    page.locator("#steps-link").click()
    expect(page).to_have_url(f"{detail_url}steps/")
    site = firm_a.sites.get()
    making = page.locator("#step-making")
    zone = making.locator("[data-zone]")
    unknown = zone.inner_text()
    making.locator("select[data-step-site]").select_option(str(site.pk))
    expect(zone).not_to_have_text(unknown)  # now counted as Western Europe (Italy)
    page.locator("#step-spinning select[data-step-country]").select_option("TR")
    page.locator("#step-dyeing select[data-step-country]").select_option("IT")
    screenshot(page, "steps")
    page.locator("#steps-form button[type=submit]").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#steps-table tr[data-stage=making]")).to_have_attribute(
        "data-site", str(site.pk)
    )
    expect(page.locator("#steps-table tr[data-stage=making]")).to_contain_text(firm_a.legal_name)
    expect(page.locator("#steps-table tr[data-stage=spinning]")).to_have_attribute(
        "data-zone", "TR"
    )

    # 4. The footprint: the total and the chart by stage.
    stored = FootprintResult.objects.get(product=product)
    assert stored.query["countryMaking"] == "REO" and stored.query["countrySpinning"] == "TR"
    total = page.locator("#footprint-ecs")
    expect(total).to_be_visible()
    assert float(total.get_attribute("data-ecs")) == pytest.approx(stored.ecs, rel=1e-6)
    expect(page.locator("#footprint svg").first).to_be_visible()
    expect(page.locator("#footprint-stages tbody tr")).not_to_have_count(0)
    screenshot(page, "footprint")

    # 5. What if the making were done in China?
    step_form = page.locator(".whatif-forms form").nth(1)
    step_form.locator("select[name=kind]").select_option("making")
    step_form.locator("select[name=value]").select_option("CN")
    step_form.locator("button[type=submit]").click()
    totals = page.locator("#footprint-whatif .whatif-totals")
    expect(totals).to_be_visible()
    current = float(totals.get_attribute("data-current"))
    alternative = float(totals.get_attribute("data-alternative"))
    assert current == pytest.approx(stored.ecs, rel=1e-6)
    assert alternative > current  # Chinese electricity weighs more than Western Europe's
    expect(page.locator("#whatif-stages #whatif-row-making")).to_be_visible()
    screenshot(page, "what-if")

    # 6. The product list shows the footprint too.
    page.goto(f"{base}/firms/{brand_c.pk}/products/")
    expect(page.locator(f"#products-table tr[data-product='{product.pk}']")).to_contain_text(
        "TS-01"
    )
