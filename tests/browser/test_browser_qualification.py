"""The qualification flow clicked through end to end, as the firm and the verifier would.

The owner of firm A starts a self-assessment, answers questions of one area by clicking (each
answer saves itself), uploads a certificate from a question's upload link and submits; a
verifier of the district returns it with a comment; the owner fixes the answer and submits again;
the verifier verifies; the owner opens the scorecard and downloads its PDF.

To keep the test short, the questions the owner does not click are answered in the set-up
through the services, as if the owner had filled them in on another day.

Texts: labels of the interface are found through the Italian catalogue (``it``), so the test
reads what an Italian user reads once the catalogue is compiled, and still runs before that.
Texts of the methodology (area names, questions) are Italian already.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from playwright.sync_api import Page, expect

from filiera.qualification import scoring
from filiera.qualification.models import Assessment
from filiera.qualification.selectors import current_version
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import evidence as evidence_services
from filiera.qualification.services.scores import context_of

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERIOD = "2026"
AREA = "environment"  # "Ambiente", the first area
CLICKED = "ENV-1.04"  # a yes/no question the owner answers, and fixes after the review
UPLOADED = "ENV-1.02"  # yes/no, evidence required (an AUA): the owner uploads it
COMMENT = "ENV-1.04: le bollette che avete caricato coprono tutto l'anno, rispondete Sì."


def it(msgid: str) -> str:
    """The interface text as the Italian catalogue gives it."""
    with translation.override("it"):
        return translation.gettext(msgid)


def by_id(page: Page, element_id: str):
    """An element by id (question codes have dots, which CSS selectors would need escaped)."""
    return page.locator(f'[id="{element_id}"]')


def logout(page: Page) -> None:
    page.locator('header form[action="/accounts/logout/"] button[type=submit]').click()
    page.wait_for_load_state()


def value_for(question) -> str:
    """A good answer to any question type."""
    if question.type == "yesno":
        return "yes"
    if question.type == "choice":
        ranked = sorted(question.choices, key=lambda c: (c.credit is None, -(c.credit or 0)))
        return ranked[0].code
    if question.type == "number":
        return "10"
    if question.type == "date":
        return date.today().isoformat()
    return "documento"


def answer_the_rest(owner, assessment: Assessment, skip: set[str]) -> int:
    """Answer, through the services, every applicable question but ``skip``; a document the
    firm already has backs the answers that need one."""
    today = date.today()
    document = evidence_services.add_evidence(
        owner,
        assessment.firm,
        file=SimpleUploadedFile("iso14001.pdf", PDF, content_type="application/pdf"),
        certificate="iso_14001",
        issuer="Ente di certificazione",
        number="N-1",
        valid_from=today - timedelta(days=30),
        valid_until=today + timedelta(days=365),
    )
    ctx = context_of(assessment.context)
    count = 0
    for area in assessment.version.parsed().areas:
        for q in area.questions:
            if q.code in skip or not q.enabled or not scoring.applies(q, ctx):
                continue
            attach = [document] if q.evidence == "required" else None
            flow.save_answer(owner, assessment, q.code, value_for(q), evidence=attach)
            count += 1
    return count


def click_answer(page: Page, code: str, label: str) -> None:
    """Click one answer of a question and wait until the page says it is saved."""
    question = by_id(page, f"q-{code}")
    question.get_by_role("radio", name=label, exact=True).check()
    expect(question.locator(".saved[role=status]")).to_be_visible()
    expect(question.get_by_role("radio", name=label, exact=True)).to_be_checked()


def test_firm_self_assesses_verifier_returns_then_verifies_and_firm_downloads_scorecard(
    page, live_server, login, owner_a, verifier, firm_a, tmp_path, screenshot
):
    version = current_version(None)
    assert version is not None, "the shipped methodology is re-loaded after each flush"
    questions = {q.code: q for area in version.parsed().areas for q in area.questions}
    methodology = version.parsed()
    area = next(a for a in methodology.areas if a.code == AREA)
    area_name = area.name.get("it")

    # 1. The owner opens the firm's page, its qualification page, and starts an assessment.
    login(page, live_server, "owner_a")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/")
    panel = page.locator("main section.firm-panel")
    expect(panel.locator(".grade.grade-none")).to_be_visible()  # no grade yet
    panel.get_by_role("button", name=it("Qualification")).click()
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/qualification/")
    expect(page.get_by_role("heading", level=1)).to_have_text(it("Sustainability qualification"))

    start = page.locator(f'main form[action="/firms/{firm_a.pk}/assessments/new/"]')
    start.get_by_label(it("Period")).fill(PERIOD)
    start.get_by_role("button", name=it("Start")).click()
    assessment = Assessment.objects.get(firm=firm_a, period=PERIOD)
    overview_url = f"{live_server.url}/assessments/{assessment.pk}/"
    expect(page).to_have_url(overview_url)
    expect(page.locator("main .status-box .status")).to_have_class(re.compile(r"status-draft"))

    # Most answers were given "earlier"; the owner clicks the rest of the environment area.
    answered = answer_the_rest(owner_a, assessment, skip={CLICKED, UPLOADED})
    assert answered > 20
    page.reload()
    page.get_by_role("button", name=it("Answer the questions")).click()
    area_url = f"{live_server.url}/assessments/{assessment.pk}/areas/{AREA}/"
    expect(page).to_have_url(area_url)  # the first area with questions still open
    expect(page.get_by_role("heading", level=1)).to_have_text(area_name)

    click_answer(page, CLICKED, it("Partly"))
    click_answer(page, UPLOADED, it("Yes"))
    screenshot(page, "answered")

    # The certificate: "Note and documents", then the upload link of the question.
    uploaded = by_id(page, f"q-{UPLOADED}")
    expect(uploaded.locator(".badge.evidence")).to_be_visible()  # evidence required
    uploaded.locator("details.extras > summary").click()
    uploaded.get_by_role("link", name=it("Upload a new document")).click()
    expect(page).to_have_url(re.compile(rf"/firms/{firm_a.pk}/evidence/new/\?"))
    assert f"question={UPLOADED}" in page.url and f"assessment={assessment.pk}" in page.url
    expect(page.locator("main .evidence-target")).to_contain_text(UPLOADED)
    form = page.locator('main form[enctype="multipart/form-data"]')
    kind = form.get_by_label(it("Kind of document"))
    expect(kind).to_have_value("aua")  # the question's certificate is chosen already
    form.get_by_label(it("Number")).fill("AUA-2025-117")
    form.get_by_label(it("Valid from")).fill((date.today() - timedelta(days=60)).isoformat())
    certificate = tmp_path / "aua.pdf"
    certificate.write_bytes(PDF)
    form.get_by_label(it("File")).set_input_files(certificate)
    screenshot(page, "upload")
    form.get_by_role("button", name=it("Save")).click()

    # Back on the area page, with the document attached to the question.
    expect(page).to_have_url(area_url)
    expect(page.locator("main .message.success").first).to_be_visible()
    uploaded = by_id(page, f"q-{UPLOADED}")
    expect(uploaded.locator("details.extras > summary")).to_contain_text("(1)")
    aua = assessment.firm.evidence.get(certificate="aua")
    expect(by_id(page, f"q-{UPLOADED}-e{aua.pk}")).to_be_checked()
    expect(uploaded.get_by_role("radio", name=it("Yes"), exact=True)).to_be_checked()
    expect(by_id(page, "area-progress").locator("progress")).to_have_attribute(
        "value", re.compile(r"^\d+$")
    )
    screenshot(page, "attached")

    # Submit from the overview.
    page.get_by_role("link", name=it("Overview")).click()
    expect(page).to_have_url(overview_url)
    page.get_by_role("button", name=it("Submit for review")).click()
    expect(page).to_have_url(overview_url)
    expect(page.locator("main .status-box .status")).to_have_class(re.compile(r"status-submitted"))
    expect(page.get_by_role("button", name=it("Submit for review"))).to_have_count(0)
    logout(page)

    # 2. The verifier finds it from the district's home and returns it with a comment.
    review_url = f"{live_server.url}/assessments/{assessment.pk}/review/"
    login(page, live_server, "verifier")
    expect(page).to_have_url(f"{live_server.url}/d/carpi/")
    expect(page.locator("#review-queue-link")).to_contain_text("1")
    page.locator("#review-queue-link").click()
    expect(page).to_have_url(f"{live_server.url}/d/carpi/reviews/")
    row = page.locator(f'#review-queue tr[data-assessment="{assessment.pk}"]')
    expect(row.locator(".status")).to_have_class(re.compile(r"status-submitted"))
    row.get_by_role("link", name=firm_a.legal_name).click()
    expect(page).to_have_url(review_url)
    state = page.locator("#state [data-status]")
    expect(state).to_have_attribute("data-status", "submitted")
    answer = by_id(page, f"q-{UPLOADED}")
    expect(answer.locator(f'.evidence[data-evidence="{aua.pk}"]')).to_have_attribute(
        "data-valid", "yes"
    )
    expect(by_id(page, f"q-{CLICKED}").locator("dd.answer")).to_have_attribute(
        "data-value", "partial"
    )

    page.get_by_role("button", name=it("Take in review")).click()
    expect(state).to_have_attribute("data-status", "in_review")
    page.locator("#return > summary").click()
    page.get_by_label(it("Comment for the firm")).fill(COMMENT)
    screenshot(page, "return")
    page.get_by_role("button", name=it("Return with comments")).click()
    expect(page).to_have_url(review_url)
    expect(state).to_have_attribute("data-status", "returned")
    expect(page.locator("#review-comment")).to_contain_text(COMMENT)
    logout(page)

    # 3. The owner reads the comment, fixes the answer by clicking, and submits again.
    login(page, live_server, "owner_a")
    page.goto(f"/firms/{firm_a.pk}/qualification/")
    page.locator(f'main table a[href="/assessments/{assessment.pk}/"]').click()
    expect(page).to_have_url(overview_url)
    expect(page.locator("main .status-box .status")).to_have_class(re.compile(r"status-returned"))
    expect(page.locator("main blockquote.review-comment")).to_contain_text(COMMENT)
    screenshot(page, "returned")
    page.locator(f'main table.areas a[href="/assessments/{assessment.pk}/areas/{AREA}/"]').click()
    expect(page).to_have_url(area_url)
    click_answer(page, CLICKED, it("Yes"))
    page.get_by_role("link", name=it("Overview")).click()
    page.get_by_role("button", name=it("Submit for review")).click()
    expect(page.locator("main .status-box .status")).to_have_class(re.compile(r"status-submitted"))
    logout(page)

    # 4. The verifier takes it in review again and verifies it.
    login(page, live_server, "verifier")
    page.locator("#review-queue-link").click()
    page.locator(f'#review-queue tr[data-assessment="{assessment.pk}"]').get_by_role(
        "link", name=firm_a.legal_name
    ).click()
    expect(page).to_have_url(review_url)
    expect(by_id(page, f"q-{CLICKED}").locator("dd.answer")).to_have_attribute("data-value", "yes")
    page.get_by_role("button", name=it("Take in review")).click()
    expect(state).to_have_attribute("data-status", "in_review")
    page.get_by_role("button", name=it("Verify")).click()
    expect(state).to_have_attribute("data-status", "verified")
    expect(page.locator("#grade")).to_have_text(re.compile(r"^[A-E]$"))
    screenshot(page, "verified")
    logout(page)

    # 5. The owner opens the scorecard: an official grade, and the PDF to download.
    login(page, live_server, "owner_a")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/")
    expect(panel.locator(".grade")).to_have_text(re.compile(r"^[A-E]$"))
    panel.get_by_role("button", name=it("Qualification")).click()
    page.locator(f'main a[href="/assessments/{assessment.pk}/scorecard/"]').first.click()
    expect(page).to_have_url(f"{live_server.url}/assessments/{assessment.pk}/scorecard/")
    badge = page.locator("main .scorecard-summary .grade")
    expect(badge).to_have_text(re.compile(r"^[A-E]$"))
    expect(badge).not_to_have_class(re.compile(r"provisional"))
    expect(page.locator("main .scorecard-summary p.status")).to_have_class(
        re.compile(r"status-\w+")
    )
    expect(page.locator("main p.provisional")).to_have_count(0)
    screenshot(page, "scorecard")
    with page.expect_download() as info:
        page.get_by_role("button", name=it("Download PDF")).click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.VERIFIED
    assert assessment.grade == badge.inner_text().strip()
    assert assessment.answers.get(question=CLICKED).value == "yes"
    assert list(assessment.answers.get(question=UPLOADED).evidence.all()) == [aua]
    assert questions[UPLOADED].evidence == "required"
