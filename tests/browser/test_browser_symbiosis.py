"""Industrial symbiosis clicked through end to end, as the two firms and the district would.

The owner of firm A (a knitting firm in Carpi) opens "Resources and symbiosis" from the firm's
page and declares its knitting cuttings as an offer: while the description is typed the form
suggests EWC codes, and the owner picks 04 02 22. The suggestions page then shows the carding
mill in Prato that takes such cuttings, unnamed ("a firm in PO, about 100 km away"), with the
reasons of the fit as bars; the owner says it is interested. The carding mill's owner finds the
suggestion with the other side's interest and says yes: the contacts are shared and both firms
see each other's name and people. The carding mill records the agreement and a realised
quantity (which starts the exchange); firm A finds it on its exchanges. The Carpi district's symbiosis dashboard shows the
tonnes diverted grown by that quantity.

The interface speaks Italian (the context's locale); the test finds things by their ids, names
and data, as the texts may change.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from filiera.symbiosis.models import Delivery, Flow, Match
from tests.symbiosis.conftest import carder, carder_need, carder_owner  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

DELIVERED_T = 9.5


def logout(page: Page) -> None:
    """Log out with the header's button ("Esci") and wait for the login page."""
    page.locator("header").get_by_role("button", name="Esci").click()
    page.wait_for_url("**/accounts/login/")


def diverted(page: Page, base: str) -> float:
    """The tonnes diverted on the Carpi district's symbiosis dashboard."""
    page.goto(f"{base}/districts/carpi/symbiosis/")
    return float(page.locator("#symbiosis-diverted").get_attribute("data-value") or "nan")


def test_scraps_find_a_receiver_and_the_exchange_counts_for_the_district(
    page,
    live_server,
    login,
    screenshot,
    manager,
    owner_a,
    firm_a,
    carder,  # noqa: F811
    carder_owner,  # noqa: F811
    carder_need,  # noqa: F811
):
    base = live_server.url
    flows_url = f"{base}/firms/{firm_a.pk}/flows/"

    # 0. The district manager notes the tonnes diverted so far.
    login(page, live_server, "manager")
    before = diverted(page, base)
    logout(page)

    # 1. Firm A's owner declares its knitting cuttings; the form suggests the EWC code.
    login(page, live_server, "owner_a")
    page.goto(f"{base}/firms/{firm_a.pk}/")
    page.locator("#symbiosis-link").click()
    expect(page).to_have_url(flows_url)
    expect(page.locator("#no-offers")).to_be_visible()
    page.locator("#offer-new").click()
    form = page.locator("#flow-form")
    expect(form.locator("input[name=direction][value=offer]")).to_be_checked()
    form.locator("select[name=kind]").select_option("waste")
    form.locator("textarea[name=description]").fill("Ritagli di maglieria in lana, colori misti")
    pick = page.locator("#ewc-suggestions button[data-code='040222']")
    expect(pick).to_be_visible()
    expect(page.locator("#ewc-suggestions button[data-ewc]")).to_have_count(3)
    screenshot(page, "ewc-suggestions")
    pick.click()
    expect(form.locator("input[name=ewc]")).to_have_value("04 02 22")
    expect(pick).to_have_attribute("aria-pressed", "true")
    form.locator("input[name=quantity]").fill("10")
    form.locator("select[name=unit]").select_option("t")
    form.locator("select[name=period]").select_option("month")
    form.locator("input[name=max_distance_km]").fill("150")
    page.locator("#fields-qualities summary").click()
    form.locator("input[name=fibre]").fill("wool")
    form.locator("select[name=construction]").select_option("knitted")
    page.locator("#flow-save").click()
    expect(page).to_have_url(flows_url)
    expect(page.locator("#offers-table tr[data-ewc='040222']")).to_have_count(1)
    offer = Flow.objects.get(firm=firm_a)
    assert (offer.ewc, offer.amount_year, offer.attributes["fibre"]) == ("040222", 120.0, "wool")

    # 2. The suggestion, with its reasons and without the other firm's name; interest.
    page.locator("#tab-suggestions").click()
    expect(page).to_have_url(f"{base}/firms/{firm_a.pk}/suggestions/")
    match = Match.objects.get(offer=offer, need=carder_need)
    card = page.locator(f"#match-{match.pk}")
    expect(card).to_have_attribute("data-status", "suggested")
    expect(card.locator("li[data-component]")).to_have_count(6)
    expect(card.locator("[data-hidden-counterpart]")).to_contain_text("PO")
    expect(page.locator("main")).not_to_contain_text(carder.legal_name)
    screenshot(page, "suggestion")
    card.locator("button[data-action=interest]").click()
    expect(page.locator(f"#match-{match.pk}")).to_have_attribute("data-status", "interest")
    expect(page.locator(f"#match-{match.pk} [data-interest]")).to_be_visible()
    logout(page)

    # 3. The carding mill sees the interest, still unnamed, and says yes: contacts shared.
    login(page, live_server, "carder_owner")
    page.goto(f"{base}/firms/{carder.pk}/")
    page.locator("#symbiosis-link").click()
    page.locator("#tab-suggestions").click()
    card = page.locator(f"#match-{match.pk}")
    expect(card).to_have_attribute("data-status", "interest")
    expect(page.locator("main")).not_to_contain_text(firm_a.legal_name)
    card.locator("button[data-action=interest]").click()
    expect(page).to_have_url(f"{base}/firms/{carder.pk}/matches/{match.pk}/")
    contacts = page.locator("[data-contacts]")
    expect(contacts).to_contain_text(firm_a.legal_name)
    expect(contacts).to_contain_text(owner_a.email)
    screenshot(page, "contacts-shared")

    # 4. The carding mill records the agreement and a realised quantity.
    agree = page.locator("#agree")
    agree.locator("input[name=quantity]").fill("120")
    agree.locator("select[name=unit]").select_option("t")
    agree.locator("select[name=period]").select_option("year")
    agree.locator("button[data-action=agree]").click()
    expect(page.locator(f"#match-{match.pk}")).to_have_attribute("data-status", "agreed")
    today = timezone.localdate()
    record = page.locator("#record")
    record.locator("input[name=period_start]").fill((today - timedelta(days=30)).isoformat())
    record.locator("input[name=period_end]").fill(today.isoformat())
    record.locator("input[name=quantity]").fill("9.5")
    record.locator("select[name=unit]").select_option("t")
    record.locator("button[data-action=record]").click()
    expect(page.locator("#deliveries-table tr[data-delivery]")).to_have_count(1)
    # The first realised quantity starts the exchange.
    expect(page.locator(f"#match-{match.pk}")).to_have_attribute("data-status", "active")
    assert Delivery.objects.get(match=match).amount == DELIVERED_T
    screenshot(page, "delivery")
    logout(page)

    # 5. Firm A sees the carding mill's contacts and the quantity on its exchanges.
    login(page, live_server, "owner_a")
    page.goto(f"{base}/firms/{firm_a.pk}/exchanges/")
    card = page.locator(f"#match-{match.pk}")
    expect(card).to_have_attribute("data-status", "active")
    expect(card.locator("[data-contacts]")).to_contain_text(carder.legal_name)
    expect(card.locator("[data-contacts]")).to_contain_text(carder_owner.email)
    expect(card.locator("[data-realised]")).to_have_attribute("data-realised", re.compile(r"^9\.5"))
    logout(page)

    # 6. The district's tonnes diverted grew by the realised quantity.
    login(page, live_server, "manager")
    after = diverted(page, base)
    screenshot(page, "district")
    assert after == pytest.approx(before + DELIVERED_T)
