"""A product clicked through end to end, as the brand's owner would do it.

The owner of the brand Lanificio Gamma opens "Products" from the firm's page and adds a
knitted T-shirt with its GTIN (first with a wrong check digit: the field says which digit is
expected). It gives the composition, first with shares adding up to 98 % (the page marks row 2
and saves nothing), then right; then the label composition with EU fibre names (a body of
95 % cotton and 5 % elastane). It says where the T-shirt is made: the making at firm A's site
(firm A, a supplier, knits for the brand and shares its sites) with its process and dates,
spinning and dyeing in countries, each row showing the zone the footprint counts it as. The
product page then shows the label, the step's process and dates, the footprint total and the
per-stage chart; a what-if with the making in China shows the comparison with the product as it
is.

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
    form.locator("input[name=gtin]").fill("8012345000013")
    screenshot(page, "product-form")
    form.locator("button[type=submit]").click()
    expect(page.locator("input[name=gtin][aria-invalid=true]")).to_be_visible()
    expect(page.locator("#fields-identifiers")).to_contain_text("2")  # the expected digit
    assert not Product.objects.filter(brand=brand_c).exists()
    page.locator("#product-form input[name=gtin]").fill("8012345000012")
    page.locator("#product-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/composition/$"))
    product = Product.objects.get(brand=brand_c)
    assert product.gtin == "08012345000012"
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

    # 3. The label: a body of 95 % cotton and 5 % elastane (EU fibre names).
    page.locator("#label-link").click()
    expect(page).to_have_url(f"{detail_url}label/")
    label = page.locator("#label-form")
    label.locator("input[name=row1-component]").fill("corpo")
    label.locator("input[name=row1-component_en]").fill("body")
    label.locator("select[name=row1-fibre]").select_option("5")
    label.locator("input[name=row1-percent]").fill("95")
    label.locator("select[name=row2-fibre]").select_option("43")
    label.locator("input[name=row2-percent]").fill("5")
    screenshot(page, "label")
    page.locator("#save-label").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#label-table li[data-fibre]")).to_have_count(2)
    assert list(product.components.get().fibres.values_list("fibre", flat=True)) == ["5", "43"]

    # 4. Where it is made: making at firm A's site with its process and dates, spinning and
    # dyeing by country.
    page.locator("#steps-link").click()
    expect(page).to_have_url(f"{detail_url}steps/")
    site = firm_a.sites.get()
    making = page.locator("#step-making")
    zone = making.locator("[data-zone]")
    unknown = zone.inner_text()
    making.locator("select[data-step-site]").select_option(str(site.pk))
    expect(zone).not_to_have_text(unknown)  # now counted as Western Europe (Italy)
    making.locator("select[name=making-process]").select_option("MU.KNIT_TO_SHAPE")
    making.locator("input[name=making-started_on]").fill("2025-03-03")
    making.locator("input[name=making-finished_on]").fill("2025-03-21")
    page.locator("#step-spinning select[data-step-country]").select_option("TR")
    page.locator("#step-dyeing select[data-step-country]").select_option("IT")
    screenshot(page, "steps")
    page.locator("#save-steps").click()
    expect(page).to_have_url(detail_url)
    expect(page.locator("#steps-table tr[data-stage=making]")).to_have_attribute(
        "data-site", str(site.pk)
    )
    expect(page.locator("#steps-table tr[data-stage=making]")).to_contain_text(firm_a.legal_name)
    expect(page.locator("#steps-table tr[data-stage=spinning]")).to_have_attribute(
        "data-zone", "TR"
    )
    making_row = page.locator("#steps-table tr[data-stage=making]")
    expect(making_row).to_have_attribute("data-process", "MU.KNIT_TO_SHAPE")
    expect(making_row).to_have_attribute("data-started", "2025-03-03")
    expect(making_row).to_have_attribute("data-finished", "2025-03-21")
    step = product.steps.get(stage="making")
    assert (step.site, step.process_id, str(step.finished_on)) == (
        site,
        "MU.KNIT_TO_SHAPE",
        "2025-03-21",
    )

    # 5. The footprint: the total and the chart by stage.
    stored = FootprintResult.objects.get(product=product)
    assert stored.query["countryMaking"] == "REO" and stored.query["countrySpinning"] == "TR"
    total = page.locator("#footprint-ecs")
    expect(total).to_be_visible()
    assert float(total.get_attribute("data-ecs")) == pytest.approx(stored.ecs, rel=1e-6)
    expect(page.locator("#footprint svg").first).to_be_visible()
    expect(page.locator("#footprint-stages tbody tr")).not_to_have_count(0)
    screenshot(page, "footprint")

    # 6. What if the making were done in China?
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

    # 7. The product list shows the footprint too.
    page.goto(f"{base}/firms/{brand_c.pk}/products/")
    expect(page.locator(f"#products-table tr[data-product='{product.pk}']")).to_contain_text(
        "TS-01"
    )
