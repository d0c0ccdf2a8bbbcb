"""The qualification flow clicked through end to end, as the firm and the verifier would.

The owner of firm A starts a self-assessment, answers questions of one area by clicking (each
answer saves itself), uploads a certificate from a question's upload link and submits; a
verifier of the district returns it with a comment; the owner fixes the answer and submits again;
the verifier verifies; the owner opens the scorecard and downloads its PDF.

To keep the test short, the questions the owner does not click are answered in the set-up
through the services, as if the owner had filled them in on another day.

The interface speaks Italian (the context's locale); the test reads and clicks the Italian
labels, as a person would. Codes, statuses and grades are checked on the markup's data too.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
SCORE_STATUS = {  # the scorecard's status line, in Italian
    "qualified": "Qualificata",
    "qualified_with_plan": "Qualificata con piano di miglioramento",
    "not_qualified": "Non qualificata",
}
COMMENT = "ENV-1.04: le bollette che avete caricato coprono tutto l'anno, rispondete Sì."


def by_id(page: Page, element_id: str):
    """An element by id (question codes have dots, which CSS selectors would need escaped)."""
    return page.locator(f'[id="{element_id}"]')


def logout(page: Page) -> None:
    """Log out with the header's button ("Esci") and wait for the login page."""
    page.locator("header").get_by_role("button", name="Esci").click()
    page.wait_for_url("**/accounts/login/")


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


def click_answer(page: Page, question, label: str) -> None:
    """Click one answer of a question (its radios are grouped under the question's text) and
    wait until the block, swapped by htmx, says it is saved."""
    choices = page.get_by_role("group", name=question.text.get("it"), exact=True)
    choices.get_by_role("radio", name=label, exact=True).check()
    block = by_id(page, f"q-{question.code}")
    expect(block.get_by_role("status")).to_have_text("Salvato")
    expect(choices.get_by_role("radio", name=label, exact=True)).to_be_checked()


def test_firm_self_assesses_verifier_returns_then_verifies_and_firm_downloads_scorecard(
    page, live_server, login, owner_a, verifier, firm_a, tmp_path, screenshot
):
    version = current_version(None)
    assert version is not None, "the shipped methodology is re-loaded after each flush"
    methodology = version.parsed()
    area_name = next(a for a in methodology.areas if a.code == AREA).name.get("it")
    clicked, uploaded_q = methodology.question(CLICKED), methodology.question(UPLOADED)
    assert (clicked.type, uploaded_q.type) == ("yesno", "yesno")
    assert uploaded_q.evidence == "required" and "aua" in uploaded_q.certificates

    # 1. The owner opens the firm's page, its qualification page, and starts an assessment.
    login(page, live_server, "owner_a")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/")
    panel = page.locator("main section.firm-panel")
    expect(panel.locator(".grade.grade-none")).to_be_visible()  # no grade yet
    panel.get_by_role("button", name="Qualifica").click()
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/qualification/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualifica di sostenibilità")

    start = page.locator(f'main form[action="/firms/{firm_a.pk}/assessments/new/"]')
    start.get_by_label("Periodo").fill(PERIOD)
    start.get_by_role("button", name="Inizia").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    assessment = Assessment.objects.get(firm=firm_a, period=PERIOD)
    overview_url = f"{live_server.url}/assessments/{assessment.pk}/"
    expect(page).to_have_url(overview_url)
    status = page.locator("main .status-box .status")
    expect(status).to_have_class(re.compile(r"status-draft"))
    expect(status).to_have_text("bozza")

    # Most answers were given "earlier"; the owner clicks the rest of the environment area.
    answered = answer_the_rest(owner_a, assessment, skip={CLICKED, UPLOADED})
    assert answered > 20
    page.reload()
    page.get_by_role("button", name="Rispondi alle domande").click()
    area_url = f"{live_server.url}/assessments/{assessment.pk}/areas/{AREA}/"
    expect(page).to_have_url(area_url)  # the first area with questions still open
    expect(page.get_by_role("heading", level=1)).to_have_text(area_name)

    click_answer(page, clicked, "In parte")
    click_answer(page, uploaded_q, "Sì")
    screenshot(page, "answered")

    # The certificate: the question says it needs one and offers the upload link at once.
    uploaded = by_id(page, f"q-{UPLOADED}")
    expect(uploaded.locator(".badge.evidence")).to_be_visible()  # evidence required
    expect(uploaded.locator(".needs-document")).to_be_visible()
    uploaded.locator(".needs-document").get_by_role(
        "link", name="Carica un nuovo documento"
    ).click()
    expect(page).to_have_url(re.compile(rf"/firms/{firm_a.pk}/evidence/new/\?"))
    assert f"question={UPLOADED}" in page.url and f"assessment={assessment.pk}" in page.url
    expect(page.locator("main .evidence-target")).to_contain_text(UPLOADED)
    form = page.locator('main form[enctype="multipart/form-data"]')
    kind = form.get_by_label("Tipo di documento")
    expect(kind).to_have_value("aua")  # the question's certificate is chosen already
    form.get_by_label("Numero").fill("AUA-2025-117")
    form.get_by_label("Valido dal").fill((date.today() - timedelta(days=60)).isoformat())
    certificate = tmp_path / "aua.pdf"
    certificate.write_bytes(PDF)
    form.get_by_label("File").set_input_files(certificate)
    screenshot(page, "upload")
    form.get_by_role("button", name="Salva").click()

    # Back on the area page, with the document attached to the question.
    expect(page).to_have_url(f"{area_url}#q-{UPLOADED}")  # back at the question
    expect(page.get_by_text(f"È allegato alla domanda {UPLOADED}.")).to_be_visible()
    uploaded = by_id(page, f"q-{UPLOADED}")
    expect(uploaded.locator("details.extras > summary")).to_have_text("Nota e documenti (1)")
    aua = assessment.firm.evidence.get(certificate="aua")
    expect(by_id(page, f"q-{UPLOADED}-e{aua.pk}")).to_be_checked()
    expect(uploaded.get_by_role("radio", name="Sì", exact=True)).to_be_checked()
    applicable = by_id(page, "area-progress").locator("progress").get_attribute("max")
    expect(by_id(page, "area-progress")).to_contain_text(f"{applicable} su {applicable}")
    screenshot(page, "attached")

    # Submit from the overview.
    page.get_by_role("link", name="Riepilogo").click()
    expect(page).to_have_url(overview_url)
    page.get_by_role("button", name="Invia per la verifica").click()
    expect(page).to_have_url(overview_url)
    expect(status).to_have_class(re.compile(r"status-submitted"))
    expect(status).to_have_text("inviata")
    expect(page.get_by_role("button", name="Invia per la verifica")).to_have_count(0)
    logout(page)

    # 2. The verifier finds it from the district's home and returns it with a comment.
    review_url = f"{live_server.url}/assessments/{assessment.pk}/review/"
    login(page, live_server, "verifier")
    expect(page).to_have_url(f"{live_server.url}/d/carpi/")
    page.get_by_role("button", name="Valutazioni da verificare (1)").click()
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

    page.get_by_role("button", name="Prendi in verifica").click()
    expect(state).to_have_attribute("data-status", "in_review")
    page.get_by_text("Restituisci all'impresa con commenti").click()
    page.get_by_label("Commento per l'impresa").fill(COMMENT)
    page.get_by_role("button", name="Restituisci con commenti").click()
    expect(page).to_have_url(review_url)
    expect(state).to_have_attribute("data-status", "returned")
    expect(page.locator("#review-comment")).to_contain_text(COMMENT)
    logout(page)

    # 3. The owner reads the comment, fixes the answer by clicking, and submits again.
    login(page, live_server, "owner_a")
    expect(panel.locator(f".status-{Assessment.Status.RETURNED}")).to_be_visible()
    panel.get_by_role("link", name=PERIOD, exact=True).click()  # the latest assessment
    expect(page).to_have_url(overview_url)
    expect(status).to_have_class(re.compile(r"status-returned"))
    expect(status).to_have_text("restituita con commenti")
    expect(page.locator("main blockquote.review-comment")).to_contain_text(COMMENT)
    screenshot(page, "returned")
    page.locator("main table.areas").get_by_role("link", name=area_name, exact=True).click()
    expect(page).to_have_url(area_url)
    click_answer(page, clicked, "Sì")
    page.get_by_role("link", name="Riepilogo").click()
    page.get_by_role("button", name="Invia per la verifica").click()
    expect(status).to_have_class(re.compile(r"status-submitted"))
    logout(page)

    # 4. The verifier takes it in review again and verifies it.
    login(page, live_server, "verifier")
    page.get_by_role("button", name="Valutazioni da verificare (1)").click()
    page.locator(f'#review-queue tr[data-assessment="{assessment.pk}"]').get_by_role(
        "link", name=firm_a.legal_name
    ).click()
    expect(page).to_have_url(review_url)
    expect(by_id(page, f"q-{CLICKED}").locator("dd.answer")).to_have_attribute("data-value", "yes")
    page.get_by_role("button", name="Prendi in verifica").click()
    expect(state).to_have_attribute("data-status", "in_review")
    page.get_by_role("button", name="Conferma come verificata").click()
    expect(state).to_have_attribute("data-status", "verified")
    expect(page.locator("#grade")).to_have_text(re.compile(r"^[A-E]$"))
    logout(page)

    # 5. The owner opens the scorecard: an official grade, and the PDF to download.
    login(page, live_server, "owner_a")
    expect(page).to_have_url(f"{live_server.url}/firms/{firm_a.pk}/")
    expect(panel.locator(".grade")).to_have_text(re.compile(r"[A-E]$"))
    panel.get_by_role("button", name="Qualifica").click()
    page.get_by_role("link", name="Apri la scheda dei risultati").click()
    expect(page).to_have_url(f"{live_server.url}/assessments/{assessment.pk}/scorecard/")
    badge = page.locator("main .scorecard-summary .grade")
    expect(badge).to_have_text(re.compile(r"[A-E]$"))
    expect(badge).not_to_have_class(re.compile(r"provisional"))
    assessment.refresh_from_db()
    official = assessment.score
    assert official is not None and assessment.status == Assessment.Status.VERIFIED
    expect(badge).to_have_text(re.compile(rf"{official.grade}$"))  # after the hidden "grade" word
    status = page.locator("main .scorecard-summary p.status")
    expect(status).to_have_class(re.compile(rf"\bstatus-{official.status}\b"))
    expect(status).to_have_text(SCORE_STATUS[official.status])
    expect(page.locator("main p.provisional")).to_have_count(0)
    screenshot(page, "scorecard")
    with page.expect_download() as info:
        page.get_by_role("button", name="Scarica il PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    assert assessment.answers.get(question=CLICKED).value == "yes"
    assert list(assessment.answers.get(question=UPLOADED).evidence.all()) == [aua]
