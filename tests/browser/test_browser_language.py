"""Switching the interface language from the header."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_language_switch_in_the_header(page, live_server, login, owner_a, firm_a, screenshot):
    login(page, live_server, "owner_a")
    firm_page = f"{live_server.url}/firms/{firm_a.pk}/"
    expect(page).to_have_url(firm_page)
    languages = page.locator("header form.lang")
    firms_link = page.locator('header nav a[href="/firms/"]')

    languages.locator("button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(firm_page)  # the switch stays on the same page
    expect(firms_link).to_have_text("Firms")
    expect(languages.locator("button.current")).to_have_attribute("value", "en")
    screenshot(page, "en")

    languages.locator("button[value=it]").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page).to_have_url(firm_page)
    expect(firms_link).to_have_text("Imprese")
    expect(languages.locator("button.current")).to_have_attribute("value", "it")
    screenshot(page, "it")
