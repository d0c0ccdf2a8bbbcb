"""A firm owner edits one of the firm's sites in the browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_owner_edits_a_site_and_sees_field_errors(
    page, live_server, login, owner_a, firm_a, screenshot
):
    site = firm_a.sites.get()
    login(page, live_server, "owner_a")

    # A single-firm owner lands on the firm's page.
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/")
    expect(page.locator("h1")).to_have_text(firm_a.legal_name)

    page.locator(f'main a[href="/sites/{site.facility_id}/"]').click()
    expect(page).to_have_url(f"{live_server.url}/sites/{site.facility_id}/")
    page.locator(f'main a[href="/sites/{site.facility_id}/edit/"]').click()
    expect(page).to_have_url(f"{live_server.url}/sites/{site.facility_id}/edit/")

    form = page.locator("main form[method=post]")
    form.locator("input[name=workers]").fill("37")
    form.locator("input[name=municipality_text]").fill("")
    form.locator("input[name=municipality_text]").press_sequentially("Soliera (MO)")
    processes = form.locator("details").filter(has=page.locator("input[name=processes]"))
    if processes.get_attribute("open") is None:
        processes.locator("summary").click()
    pressing = processes.locator('input[name=processes][value="MU.PRESSING"]')
    expect(pressing).to_be_visible()
    pressing.check()
    screenshot(page, "form")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/sites/{site.facility_id}/")
    expect(page.locator("main .message.success[role=status]")).to_be_visible()
    facts = page.locator("main dl.facts")
    expect(facts.locator("dd").filter(has_text=re.compile(r"^\s*37\s*$"))).to_have_count(1)
    expect(facts).to_contain_text("Soliera (MO)")
    expect(facts).to_contain_text("Stiro")  # MU.PRESSING's Italian name
    screenshot(page, "saved")

    site.refresh_from_db()
    assert site.workers == 37
    assert site.municipality_id == "036044"
    assert set(site.processes.values_list("code", flat=True)) == {"MU.KNIT_TO_SHAPE", "MU.PRESSING"}

    # A municipality that does not exist: the field says so and nothing is saved.
    page.locator(f'main a[href="/sites/{site.facility_id}/edit/"]').click()
    form.locator("input[name=workers]").fill("99")
    form.locator("input[name=municipality_text]").fill("Atlantide")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/sites/{site.facility_id}/edit/")
    expect(page.locator("main .message.error[role=alert]")).to_be_visible()
    field = page.locator("main .field-error").filter(
        has=page.locator("input[name=municipality_text]")
    )
    expect(field.locator("input")).to_have_attribute("aria-invalid", "true")
    expect(field.locator(".errorlist")).to_contain_text("Atlantide")
    expect(page.locator("main .field-error")).to_have_count(1)
    screenshot(page, "error")

    site.refresh_from_db()
    assert (site.workers, site.municipality_id) == (37, "036044")
