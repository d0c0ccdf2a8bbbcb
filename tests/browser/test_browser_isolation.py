"""Tenant isolation seen from the browser: another firm's pages do not exist for you."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_owner_b_cannot_reach_or_find_firm_a(
    page, live_server, login, owner_b, firm_a, firm_b, screenshot
):
    site_a = firm_a.sites.get()
    login(page, live_server, "owner_b")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_b.pk}/")

    for url in (
        f"/firms/{firm_a.pk}/",
        f"/sites/{site_a.facility_id}/",
        f"/firms/{firm_a.pk}/edit/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        assert firm_a.legal_name not in page.content()
        assert site_a.name not in page.content()
    screenshot(page, "404")

    page.goto("/firms/")
    results = page.locator("#results")
    expect(results.locator(f'a[href="/firms/{firm_b.pk}/"]')).to_have_text(firm_b.legal_name)
    expect(results.locator(f'a[href="/firms/{firm_a.pk}/"]')).to_have_count(0)
    expect(results).not_to_contain_text("Alfa")

    # Searching for it by name or VAT number finds nothing either.
    for query in ("Alfa", firm_a.vat):
        search = page.locator("main form[role=search] input[name=q]")
        search.fill(query)
        search.press("Enter")
        expect(results.locator(f'a[href="/firms/{firm_b.pk}/"]')).to_have_count(0)
        expect(results.locator("tbody tr")).to_have_count(1)  # the "no firm matches" row
        expect(results).not_to_contain_text(firm_a.legal_name)
    screenshot(page, "directory")
