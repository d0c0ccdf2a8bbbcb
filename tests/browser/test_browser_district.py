"""The district's good practices and public showcase clicked through, as people would.

1. The Carpi district manager writes a good practice on water saving for the question firm A
   missed, and publishes it. Firm A's owner opens the improvement plan: the practice is shown
   under the action it helps close; the owner adopts it there and the plan marks it adopted.
2. A visitor opens the Carpi showcase, goes to the firms, filters by the knitting process and
   finds firm A (the embroidery firm is not in the results); on the firm's page the visitor
   writes to the firm. The firm receives the e-mail with the visitor as reply-to, and the page
   never shows the firm's own address.

The interface speaks Italian (the context's locale); the test finds things by ids, names and
data, as the texts may change.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from filiera.district.models import ContactRequest, GoodPractice, PracticeAdoption
from filiera.district.services import showcase as showcase_services
from filiera.qualification.models import ImprovementAction
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import plans
from tests.district.conftest import (  # noqa: F401 (fixtures)
    base_version,
    carpi_showcase,
    list_firm,
    publish,
    scored,
)
from tests.qualification.conftest import add_evidence, fill

pytestmark = pytest.mark.browser

GAP = "ENV-2.02"  # a non-critical yes/no question of the environment area
KNITTING = "MU.KNIT_TO_SHAPE"


@pytest.fixture
def plan_a(base_version, firm_a, owner_a):  # noqa: F811
    """Firm A submitted an assessment answering "no" to GAP; its plan holds that action."""
    assessment = flow.start(owner_a, firm_a, "2026")
    fill(owner_a, assessment, evidence=add_evidence(owner_a, firm_a))
    flow.save_answer(owner_a, assessment, GAP, "no")
    flow.submit(owner_a, assessment)
    plans.refresh_plan(owner_a, firm_a)
    return ImprovementAction.objects.get(firm=firm_a, question=GAP)


def logout(page: Page) -> None:
    page.locator("header").get_by_role("button", name="Esci").click()
    page.wait_for_url("**/accounts/login/")


def test_a_published_practice_is_adopted_from_the_improvement_plan(
    page, live_server, login, screenshot, manager, owner_a, firm_a, plan_a
):
    base = live_server.url

    # 1. The manager writes the practice, tied to the question firm A missed, and publishes it.
    login(page, live_server, "manager")
    page.goto(f"{base}/practices/new/")
    form = page.locator("#practice-form")
    form.locator("[name=title_it]").fill("Recupero dell'acqua di lavaggio")
    form.locator("[name=summary_it]").fill("Una tintoria riusa l'acqua dell'ultimo risciacquo.")
    form.locator("[name=body_it]").fill(
        "Vasche di raccolta, filtro a sabbia, riuso nel prelavaggio."
    )
    form.locator("[name=title_en]").fill("Reusing rinse water")
    form.locator("[name=summary_en]").fill("A dye house reuses the water of the last rinse.")
    form.locator("[name=body_en]").fill("Collection tanks, a sand filter, reuse in pre-washing.")
    form.locator("[name=theme]").select_option("eco_innovation")
    form.locator("input[name=areas][value=environment]").check()
    form.locator("select[name=questions]").select_option([GAP])
    form.locator("button[type=submit]").click()
    page.locator("#practice-publish").click()
    practice = GoodPractice.objects.get(title_en="Reusing rinse water")
    expect(page).to_have_url(f"{base}/practices/{practice.pk}/")
    practice.refresh_from_db()
    assert practice.status == GoodPractice.Status.PUBLISHED
    screenshot(page, "practice-published")
    logout(page)

    # 2. Firm A's owner finds it under the plan's action and adopts it there.
    login(page, live_server, "owner_a")
    page.goto(f"{base}/firms/{firm_a.pk}/plan/")
    item = page.locator(f"#action-{plan_a.pk} li[data-practice='{practice.pk}']")
    expect(item).to_be_visible()
    item.locator("form[action*='/adopt/'] button").click()
    item = page.locator(f"#action-{plan_a.pk} li[data-practice='{practice.pk}']")
    expect(item.locator(".practice-adopted")).to_be_visible()
    screenshot(page, "plan-adopted")
    adoption = PracticeAdoption.objects.get(practice=practice)
    assert (adoption.firm_id, adoption.action_id) == (firm_a.pk, plan_a.pk)

    # 3. The practice counts the adoption.
    page.goto(f"{base}/practices/{practice.pk}/")
    expect(page.locator("#adoptions [data-by-firms]")).to_have_attribute("data-by-firms", "1")


@pytest.fixture
def showcase_firms(carpi_showcase, firm_a, firm_b, base_version):  # noqa: F811
    """Firm A (knitting) and firm B (embroidery) are qualified and listed; A shows its grade."""
    firm_a.email = "ufficio@alfa.example.test"
    firm_a.save()
    for firm, products in ((firm_a, "Maglieria in cashmere"), (firm_b, "Ricami su capi")):
        scored(firm, overall=82, grade="B")
        list_firm(firm, products_it=products, summary_it=f"{firm.legal_name}, Carpi.")
    publish(firm_a, grade=True, certificates=False)
    showcase_services.refresh_district(carpi_showcase.district_id)
    return carpi_showcase


def test_a_visitor_finds_a_knitting_firm_and_writes_to_it(
    page, live_server, screenshot, showcase_firms, firm_a, firm_b, mailoutbox
):
    base = live_server.url
    page.goto(f"{base}/showcase/carpi/")
    page.locator("header nav").get_by_role("link", name="Imprese").click()
    expect(page).to_have_url(f"{base}/showcase/carpi/firms/")
    page.locator("#id_process").select_option(KNITTING)
    page.locator("form.showcase-search button[type=submit]").click()
    cards = page.locator("article.firm-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(firm_a.legal_name)
    expect(page.locator("main")).not_to_contain_text(firm_b.legal_name)
    screenshot(page, "search-knitting")

    cards.first.get_by_role("link", name=firm_a.legal_name).click()
    expect(page).to_have_url(f"{base}/showcase/carpi/firms/{firm_a.pk}/")
    contact = page.locator("section.contact-form form")
    contact.locator("[name=name]").fill("Giulia Compratrice")
    contact.locator("[name=company]").fill("Boutique Esempio")
    contact.locator("[name=email]").fill("giulia@boutique.example.test")
    contact.locator("[name=message]").fill("Cerchiamo 300 maglioni in cashmere per l'autunno.")
    contact.locator("button[type=submit]").click()
    expect(page.locator("section.contact-form [role=status]")).to_be_visible()
    screenshot(page, "contact-sent")
    assert "ufficio@alfa.example.test" not in page.content()

    request = ContactRequest.objects.get(firm=firm_a)
    assert request.email == "giulia@boutique.example.test"
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert "ufficio@alfa.example.test" in sent.to
    assert sent.reply_to == ["giulia@boutique.example.test"]
    assert "300 maglioni" in sent.body
