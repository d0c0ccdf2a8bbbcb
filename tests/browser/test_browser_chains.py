"""The supply-chain flow clicked through end to end, as the brand and its supplier would.

The owner of the brand Lanificio Gamma opens its chain from the firm's page and invites firm A
by its P.IVA, as a tier-1 knitter, asking to see its area scores; the invitation waits in the
list of invitations sent. The owner of firm A finds it under "My clients", accepts it (the
client then sees the grade only, the default) and, on the page of what that client sees,
chooses to share the area scores as well. The brand finds firm A in its supplier table with a
score for each area, and the areas on the supplier's own page. Then firm A stops sharing: from
that moment the brand's dashboard no longer names it, and the supplier's page answers 404.

Firm A's assessment is filled in and submitted in the set-up through the services, as if the
owner had done it on another day, so that firm A has an official score with area scores.

The interface speaks Italian (the context's locale); the test reads and clicks the Italian
labels, as a person would. Levels, statuses and suppliers are checked on the markup's data.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.qualification.selectors import current_version
from filiera.qualification.services import assessments as flow
from filiera.registry.models import Process
from tests.qualification.conftest import add_evidence, fill

pytestmark = pytest.mark.browser

PROCESS = "MU.KNIT_TO_SHAPE"  # what firm A does for the brand


def logout(page: Page) -> None:
    """Log out with the header's button ("Esci") and wait for the login page."""
    page.locator("header").get_by_role("button", name="Esci").click()
    page.wait_for_url("**/accounts/login/")


@pytest.fixture
def scored_a(firm_a, owner_a):
    """Firm A's assessment, answered and submitted: an official score with area scores."""
    assert current_version(None) is not None, "the shipped methodology is re-loaded"
    assessment = flow.start(owner_a, firm_a, "2026")
    fill(owner_a, assessment, evidence=add_evidence(owner_a, firm_a))
    assessment = flow.submit(owner_a, assessment)
    assert assessment.score is not None and assessment.score.result["areas"]
    return assessment


def test_brand_invites_supplier_shares_area_scores_then_revokes(
    page, live_server, login, screenshot, brand_owner, brand_c, owner_a, firm_a, scored_a
):
    base = live_server.url
    dashboard_url = f"{base}/firms/{brand_c.pk}/chain/"
    supplier_url = f"{dashboard_url}suppliers/{firm_a.pk}/"
    sharing_url = f"{base}/firms/{firm_a.pk}/clients/{brand_c.pk}/"
    process = Process.objects.get(code=PROCESS)

    # 1. The brand's owner opens its chain from the firm's page and invites firm A.
    login(page, live_server, "brand_owner")
    expect(page).to_have_url(f"{base}/firms/{brand_c.pk}/")
    page.locator("#chain-links").get_by_role("button", name="Filiera", exact=True).click()
    expect(page).to_have_url(dashboard_url)
    expect(page.locator(f'#suppliers-table tr[data-supplier="{firm_a.pk}"]')).to_have_count(0)
    page.locator("#invite-button").click()
    expect(page).to_have_url(f"{base}/firms/{brand_c.pk}/chain/invite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invita un fornitore")

    form = page.locator("#invite-form")
    form.locator("input[name=vat]").fill(firm_a.vat_display)
    form.locator("input[name=tier][value='1']").check()
    form.locator("details summary").filter(has_text="Scegli le lavorazioni").click()
    knitting = form.get_by_label(process.name_it, exact=True)
    expect(knitting).to_have_attribute("value", PROCESS)
    knitting.check()
    form.locator("input[name=requested_level][value='2']").check()  # area scores
    screenshot(page, "invite")
    form.get_by_role("button", name="Invia l'invito").click()

    expect(page).to_have_url(re.compile(rf"/firms/{brand_c.pk}/chain/invite/#sent$"))
    invitation = SupplyInvitation.objects.get(client=brand_c, supplier=firm_a)
    assert invitation.tier == 1 and invitation.requested_level == Level.AREAS
    assert list(invitation.processes.values_list("code", flat=True)) == [PROCESS]
    sent = page.locator(f"#sent tr#invitation-{invitation.pk}")
    expect(sent).to_contain_text(firm_a.legal_name)
    expect(sent.locator(".status-badge")).to_have_class(re.compile(r"\bstatus-pending\b"))
    screenshot(page, "invitation-sent")
    logout(page)

    # 2. Firm A's owner finds the invitation among its clients and accepts it.
    login(page, live_server, "owner_a")
    expect(page).to_have_url(f"{base}/firms/{firm_a.pk}/")
    page.locator("#chain-links").get_by_role("button", name="I miei clienti").click()
    clients_url = f"{base}/firms/{firm_a.pk}/clients/"
    expect(page).to_have_url(clients_url)
    card = page.locator(f"#pending #invitation-{invitation.pk}")
    expect(card).to_contain_text(brand_c.legal_name)
    expect(card).to_contain_text(process.name_it)
    site = card.locator("select[name=site]")
    if site.count():  # firm A has one site: it is chosen already
        expect(site).to_have_value(str(firm_a.sites.get().pk))
    screenshot(page, "invitation-received")
    card.get_by_role("button", name="Accetta").click()

    # Accepted: the client sees the grade only, and its request for more is open.
    expect(page).to_have_url(sharing_url)
    sees_now = page.locator("#sees-now")
    expect(sees_now).to_have_attribute("data-level", str(Level.GRADE))
    expect(page.locator("#request")).to_be_visible()
    relation = SupplyRelation.objects.get(client=brand_c, supplier=firm_a)
    assert relation.tier == 1 and relation.site == firm_a.sites.get()

    page.get_by_role("link", name=re.compile("I miei clienti")).click()
    expect(page).to_have_url(clients_url)
    expect(page.locator(f"#pending #invitation-{invitation.pk}")).to_have_count(0)
    expect(page.locator(f"#requests #request-{brand_c.pk}")).to_contain_text(brand_c.legal_name)
    row = page.locator(f"#clients tr#client-{brand_c.pk}")
    expect(row).to_contain_text(process.name_it)
    row.get_by_role("link", name=brand_c.legal_name).click()
    expect(page).to_have_url(sharing_url)

    # Firm A chooses to share its area scores too.
    consent_form = page.locator("#consent-form")
    consent_form.locator("input[name=level][value='2']").check()
    expect(page.locator("#sees-preview")).to_be_visible()
    consent_form.get_by_role("button", name="Salva").click()
    expect(page).to_have_url(sharing_url)
    expect(sees_now).to_have_attribute("data-level", str(Level.AREAS))
    expect(page.locator("#request")).to_have_count(0)  # the request is answered
    screenshot(page, "sharing-areas")
    assert Consent.objects.get(supplier=firm_a, client=brand_c).level == Level.AREAS
    logout(page)

    # 3. The brand sees firm A in its chain, with a score for each area.
    login(page, live_server, "brand_owner")
    page.locator("#chain-links").get_by_role("button", name="Filiera", exact=True).click()
    expect(page).to_have_url(dashboard_url)
    supplier_row = page.locator(f'#suppliers-table tr[data-supplier="{firm_a.pk}"]')
    expect(supplier_row).to_have_count(1)
    expect(supplier_row.locator("th")).to_have_text(firm_a.legal_name)
    area_cells = supplier_row.locator("td.area")
    assert area_cells.count() >= 3
    for cell in area_cells.all():
        expect(cell).to_have_text(re.compile(r"^\d+,\d"))  # e.g. "82,5 B"
    screenshot(page, "dashboard-shared")

    supplier_row.get_by_role("link", name=firm_a.legal_name).click()
    expect(page).to_have_url(supplier_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(firm_a.legal_name)
    areas = page.locator("#areas-table tbody tr")
    expect(areas).to_have_count(len(scored_a.score.result["areas"]))
    expect(areas.first.locator("td.num")).to_have_text(re.compile(r"^\d+,\d$"))
    expect(page.locator("#answers-heading")).to_have_count(0)  # answers are not shared
    screenshot(page, "supplier-areas")
    logout(page)

    # 4. Firm A stops sharing with the brand, confirming it.
    login(page, live_server, "owner_a")
    page.goto(sharing_url)
    expect(sees_now).to_have_attribute("data-level", str(Level.AREAS))
    page.locator("#stop").get_by_role("button", name="Smetti di condividere").click()
    confirm = page.locator("#confirm-revoke")
    expect(confirm).to_contain_text(brand_c.legal_name)
    screenshot(page, "confirm-revoke")
    confirm.get_by_role("button", name="Sì, smetti di condividere").click()
    expect(page).to_have_url(sharing_url)
    expect(sees_now).to_have_attribute("data-level", str(Level.NONE))
    expect(page.locator("#stop").get_by_role("button")).to_have_count(0)
    screenshot(page, "revoked")
    assert Consent.objects.get(supplier=firm_a, client=brand_c).revoked_at is not None
    logout(page)

    # 5. The brand no longer sees firm A: not named on the dashboard, its page is gone.
    login(page, live_server, "brand_owner")
    page.goto(dashboard_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Filiera")
    expect(page.locator(f'tr[data-supplier="{firm_a.pk}"]')).to_have_count(0)
    expect(page.locator("#suppliers-table tbody tr")).to_have_count(1)  # an undisclosed one
    expect(page.locator("body")).not_to_contain_text(firm_a.legal_name)
    screenshot(page, "dashboard-revoked")
    response = page.goto(supplier_url)
    assert response is not None and response.status == 404
