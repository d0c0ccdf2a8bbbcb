"""A passport clicked through end to end: issued by the brand, read from the QR code's address by
anyone, revoked.

The owner of the brand Lanificio Gamma adds a wool jumper with its GTIN through the product
pages: what it is made of (for the footprint and for the label) and where it is made, at the
sites of three suppliers of its chain (spinning, knitting, and embroidery as another step). The
suppliers' qualifications were verified by their district and they agreed to appear in
passports. The brand issues the passport and reads the Digital Link shown next to the QR code.
A visitor without an account opens that address: the public page shows the footprint, the
verified signature and one verified badge per supplier. The brand revokes the passport; the
visitor's page then says it was revoked, and when.

The interface speaks Italian (the context's locale); the test finds things by ids and data.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from filiera.chains.models import Consent, Level
from filiera.passports.models import Credential, Passport
from filiera.products.models import Product
from tests.chains.conftest import relate  # noqa: F401 (fixture)
from tests.passports.conftest import spinner, suppliers  # noqa: F401 (fixtures)
from tests.qualification.conftest import base_version, draft_a, submitted_a, verified_a  # noqa: F401

# ruff: noqa: F811 (fixtures imported above)

pytestmark = pytest.mark.browser

GTIN = "09506000134352"


@pytest.fixture
def shared_sites(brand_c, suppliers):
    """The three suppliers share their sites with the brand (the spinner, at tier 2, too)."""
    Consent.objects.update_or_create(
        supplier=suppliers["spinner"], client=brand_c, defaults={"level": Level.GRADE}
    )
    Consent.objects.filter(client=brand_c).update(sites=True)
    return {role: firm.sites.order_by("id").first() for role, firm in suppliers.items()}


def test_brand_issues_a_passport_anyone_reads_it_the_brand_revokes_it(
    page, browser, live_server, login, screenshot, settings, brand_owner, brand_c, shared_sites
):
    base = live_server.url
    settings.SITE_URL = settings.RESOLVER_URL = base  # the QR codes point to this server

    # 1. The product, through the product pages.
    login(page, live_server, "brand_owner")
    page.goto(f"{base}/firms/{brand_c.pk}/products/new/")
    form = page.locator("#product-form")
    form.locator("input[name=name]").fill("Maglia girocollo in lana")
    form.locator("input[name=gtin]").fill(GTIN)
    form.locator("select[name=category]").select_option("pull")
    form.locator("input[name=mass_kg]").fill("0.35")
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith("/new/"))
    product = Product.objects.get(brand=brand_c)
    detail = f"{base}/firms/{brand_c.pk}/products/{product.pk}/"

    page.goto(f"{detail}composition/")
    composition = page.locator("#composition-form")
    composition.locator("select[name=row1-material]").select_option("ei-laine-par-defaut")
    composition.locator("input[name=row1-share]").fill("100")
    composition.locator("select[name=row1-country]").select_option("IT")
    composition.locator("button[type=submit]").click()
    expect(page).to_have_url(detail)

    page.goto(f"{detail}label/")
    label = page.locator("#label-form")
    label.locator("input[name=row1-component]").fill("Corpo")
    label.locator("input[name=row1-component_en]").fill("Body")
    label.locator("select[name=row1-fibre]").select_option("1")
    label.locator("input[name=row1-percent]").fill("100")
    page.locator("#save-label").click()
    expect(page).to_have_url(detail)

    # Three steps at the suppliers' sites: spinning, making, and embroidery as another step.
    page.goto(f"{detail}steps/")
    steps = page.locator("#steps-form")
    steps.locator("select[name=spinning-site]").select_option(str(shared_sites["spinner"].pk))
    steps.locator("select[name=making-site]").select_option(str(shared_sites["knitter"].pk))
    page.locator("#add-other-step").click()
    other = page.locator("#other-step-1")
    other.locator("select[name=other-1-site]").select_option(str(shared_sites["embroiderer"].pk))
    other.locator("select[name=other-1-process]").select_option("MU.EMBROIDERY")
    screenshot(page, "steps")
    page.locator("#save-steps").click()
    expect(page).to_have_url(detail)
    assert product.steps.exclude(site=None).count() == 3

    # 2. The passport, and the Digital Link next to its QR code.
    page.locator("#passports-link").click()
    page.locator("#issue-button").click()
    group = page.locator(".passport-group[data-granularity=model]")
    expect(group).to_be_visible()
    expect(group.locator("img.qr")).to_be_visible()
    link = group.locator("a.digital-link").get_attribute("href")
    assert link == f"{base}/01/{GTIN}"
    passport = Passport.objects.get(product=product)
    assert passport.linked.filter(kind=Credential.Kind.DCC).count() == 3
    screenshot(page, "brand-passports")

    # 3. Anyone opens it from the QR code's address.
    visitor_context = browser.new_context(locale="it-IT", viewport={"width": 390, "height": 844})
    errors: list[str] = []
    visitor = visitor_context.new_page()
    visitor.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        visitor.goto(link)
        expect(visitor.locator("#passport-name")).to_have_text("Maglia girocollo in lana")
        expect(visitor.locator("#footprint-total")).to_be_visible()
        ecs = float(visitor.locator("#footprint-total").get_attribute("data-ecs"))
        assert ecs == pytest.approx(product.footprint.ecs, rel=1e-4)
        expect(visitor.locator("#footprint svg")).to_be_visible()
        expect(visitor.locator("#badge-signature")).to_have_attribute("data-verified", "true")
        badges = visitor.locator("#qualifications li[data-verified=true] .badge-verified")
        expect(badges).to_have_count(3)
        expect(visitor.locator("#steps li[data-facility]")).to_have_count(3)
        expect(visitor.locator("#passport-map .leaflet-interactive")).to_have_count(3)
        expect(visitor.locator("#banner-revoked")).to_have_count(0)
        screenshot(visitor, "public-page")

        # 4. The brand revokes the passport.
        page.locator(".passport-group[data-granularity=model] a.revoke-link").first.click()
        page.locator("#revoke-form textarea[name=reason]").fill("Composizione sbagliata")
        page.locator("#revoke-button").click()
        expect(
            page.locator(".passport-group[data-granularity=model] tr[data-version='1']")
        ).to_have_attribute("data-status", "revoked")

        # 5. The visitor's page says it was revoked, and when.
        visitor.reload()
        banner = visitor.locator("#banner-revoked")
        expect(banner).to_be_visible()
        passport.credential.refresh_from_db()
        day = passport.credential.revoked_at.date().isoformat()
        expect(banner).to_have_attribute("data-revoked-on", day)
        expect(visitor.locator("#badge-revoked")).to_be_visible()
        expect(visitor.locator("#revocation-reason")).to_have_count(0)  # for authorities only
        screenshot(visitor, "public-page-revoked")
    finally:
        visitor_context.close()
    assert not errors, errors
