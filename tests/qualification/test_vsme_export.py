"""VSME Basic module from an assessment: the builder, profile answers, JSON, XLSX and pages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from filiera.core.models import AuditEvent
from filiera.core.usererror import UserError
from filiera.qualification import vsme, vsme_export
from filiera.qualification.models import Answer
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import profile as profile_services
from filiera.qualification.services.scores import answer_inputs, evaluate

from .conftest import add_evidence, fill

ANSWERS = {
    "PRO-01": "individual",
    "PRO-02": "12",
    "PRO-07": "1500000.50",
    "SOC-1.07": "yes",
    "ETH-3.03": "no",
    "ENV-1.05": "1250.5",
    "CIR-1.05": "na",
    "SOC-2.04": "partial",
}


def _rows(report) -> dict:
    return {row.concept: row for row in report.rows}


def test_build_reports_answers_by_concept(base_version):
    methodology = base_version.parsed()
    report = vsme_export.build(methodology, ANSWERS, "it")
    assert report.total == len(vsme.basic_module()) == 100
    rows = _rows(report)
    basis = rows["vsme:BasisForReporting"]
    assert (basis.value, basis.source, basis.status) == (
        "Individuale (solo questa impresa)",
        "PRO-01",
        "covered",
    )
    staff = rows["vsme:NumberOfEmployees"]
    assert (staff.value, staff.unit, staff.disclosure) == (12, "persone", "B1")
    assert isinstance(staff.value, int)
    assert rows["vsme:Turnover"].value == 1500000.5
    wages = "vsme:EmployeesReceivePayEqualOrAboveMinimumWageDeterminedByNationalLawOrCollectiveAgreement"
    assert rows[wages].value is True
    assert rows["vsme:PracticePolicyAndOrFutureInitiativeIsPubliclyAvailable"].value is False
    fuels = rows["vsme:EnergyConsumptionFromFuels"]
    assert (fuels.value, fuels.unit, fuels.source) == (1250.5, "MWh", "ENV-1.05")
    hazardous = rows["vsme:TotalHazardousWasteGeneratedMass"]  # answered "not applicable"
    assert (hazardous.status, hazardous.value, hazardous.source) == ("missing", None, "CIR-1.05")
    unmapped = rows["vsme:TotalEnergyConsumption"]  # mapped to PRO-09, unanswered
    assert (unmapped.status, unmapped.source) == ("missing", "PRO-09")
    assert report.covered == 6
    assert report.missing == 94
    english = _rows(vsme_export.build(methodology, ANSWERS, "en"))
    assert english["vsme:BasisForReporting"].value == "Individual (this firm only)"
    assert english["vsme:NumberOfEmployees"].label_it and english["vsme:NumberOfEmployees"].label_en


def test_the_first_source_with_a_value_wins(base_version):
    methodology = base_version.parsed()
    concept = "vsme:SustainabilityIssueAddressedByPracticePolicyAndOrFutureInitiative"
    sources = [s.code for s in vsme_export.sources(methodology)[concept]]
    assert sources == ["SOC-2.03", "ETH-2.01"]
    row = _rows(vsme_export.build(methodology, {"ETH-2.01": "policy.pdf"}))[concept]
    assert (row.value, row.source) == ("policy.pdf", "ETH-2.01")


# Profile answers ----------------------------------------------------------------------------


def test_profile_answers_are_checked_by_type(draft_a, owner_a):
    profile_services.save_profile_answer(owner_a, draft_a, "PRO-02", "12")
    profile_services.save_profile_answer(owner_a, draft_a, "PRO-07", "1500000")
    assert profile_services.profile_answers(draft_a) == {"PRO-02": "12", "PRO-07": "1500000"}
    with pytest.raises(UserError, match="PRO-02"):
        profile_services.save_profile_answer(owner_a, draft_a, "PRO-02", "dodici")
    with pytest.raises(UserError, match="PRO-01"):
        profile_services.save_profile_answer(owner_a, draft_a, "PRO-01", "group")
    with pytest.raises(UserError, match=r"ENV-1\.01"):
        profile_services.save_profile_answer(owner_a, draft_a, "ENV-1.01", "yes")
    assert AuditEvent.objects.filter(action="answer", changes__has_key="PRO-02.value").exists()


def test_saving_the_profile_is_all_or_nothing(draft_a, owner_a):
    with pytest.raises(UserError, match="PRO-03"):
        profile_services.save_profile(owner_a, draft_a, {"PRO-02": "12", "PRO-03": "-1"})
    assert not Answer.objects.filter(assessment=draft_a, question__startswith="PRO-").exists()
    assert profile_services.save_profile(owner_a, draft_a, {"PRO-02": "12", "PRO-03": ""}) == 1
    assert not Answer.objects.filter(assessment=draft_a, question="PRO-03").exists()


@pytest.fixture
def reported(draft_a, owner_a):
    """Firm A's assessment with a profile, every question answered, submitted."""
    profile_services.save_profile(
        owner_a, draft_a, {"PRO-01": "individual", "PRO-02": "12", "PRO-08": "Maglieria"}
    )
    fill(owner_a, draft_a, evidence=add_evidence(owner_a, draft_a.firm))
    return flow.submit(owner_a, draft_a)


def test_profile_answers_do_not_change_the_score(reported):
    inputs = answer_inputs(reported.pk)
    assert "PRO-02" in inputs
    without = {code: a for code, a in inputs.items() if not code.startswith("PRO-")}
    assert evaluate(reported, answers=without).as_dict() == evaluate(reported).as_dict()


def test_submitted_assessments_keep_their_profile(reported, owner_a):
    with pytest.raises(UserError):
        profile_services.save_profile_answer(owner_a, reported, "PRO-02", "13")
    assert profile_services.profile_answers(reported)["PRO-02"] == "12"


# Exports --------------------------------------------------------------------------------------


def test_json_lists_covered_and_missing_datapoints(reported, owner_a, client_for):
    response = client_for(owner_a).get(reverse("assessment_vsme_json", args=[reported.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["firm"] == "Maglificio Alfa S.r.l." and data["period"] == "2026"
    assert data["summary"]["total"] == 100
    rows = {row["concept"]: row for row in data["datapoints"]}
    assert len(rows) == 100
    assert rows["vsme:NumberOfEmployees"] == {
        "disclosure": "B1",
        "concept": "vsme:NumberOfEmployees",
        "label_en": vsme.datapoint("vsme:NumberOfEmployees").label_en,
        "label_it": vsme.datapoint("vsme:NumberOfEmployees").label_it,
        "value": 12,
        "unit": "persone",
        "source": "PRO-02",
        "status": "covered",
    }
    assert rows["vsme:EnergyConsumptionFromFuels"]["value"] == 10  # fill() answers 10
    assert rows["vsme:TotalEnergyConsumption"]["status"] == "missing"
    assert rows["vsme:TotalEnergyConsumption"]["value"] is None
    covered = [r for r in data["datapoints"] if r["status"] == "covered"]
    assert data["summary"]["covered"] == len(covered)


def test_xlsx_has_a_summary_and_one_row_per_datapoint(reported, owner_a, client_for):
    response = client_for(owner_a).get(reverse("assessment_vsme_xlsx", args=[reported.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary, sheet = book.worksheets
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert "Maglificio Alfa S.r.l." in facts.values() and 100 in facts.values()
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 101 and len(rows[0]) == 8
    by_concept = {row[1]: row for row in rows[1:]}
    staff = by_concept["vsme:NumberOfEmployees"]
    assert staff[0] == "B1" and staff[4] == 12 and staff[5] == "persone" and staff[6] == "PRO-02"
    dp = vsme.datapoint("vsme:NumberOfEmployees")
    assert (staff[2], staff[3]) == (dp.label_en, dp.label_it)


def test_text_typed_by_people_never_becomes_a_formula():
    row = vsme_export.Row(
        "B1", "vsme:X", "X", "X", '=HYPERLINK("http://x")', "", "PRO-08", "covered"
    )
    content = vsme_export.xlsx_bytes(
        vsme_export.Report([row]),
        headers=("a",) * 8,
        status_labels={},
        summary=(("Firm", "=1+1"),),
        sheet_names=("Summary", "Datapoints"),
    )
    book = load_workbook(io.BytesIO(content))
    assert book.worksheets[0]["B1"].value == "=1+1"
    assert book.worksheets[0]["B1"].data_type == "s"
    assert book.worksheets[1]["E2"].data_type == "s"


# Pages and who may open them -----------------------------------------------------------------

READERS = {"admin", "manager", "verifier", "owner_a", "editor_a", "viewer_a"}
EDITORS = {"admin", "owner_a", "editor_a"}
PERSONAS = [*sorted(READERS), "owner_b", "brand_owner", "outsider", "prato_manager"]


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def test_vsme_pages_deny_what_they_must(draft_a, everyone, client_for):
    pages = [
        (reverse("assessment_vsme", args=[draft_a.pk]), READERS),
        (reverse("assessment_vsme_json", args=[draft_a.pk]), READERS),
        (reverse("assessment_vsme_xlsx", args=[draft_a.pk]), READERS),
        (reverse("assessment_profile", args=[draft_a.pk]), EDITORS),
    ]
    for url, allowed in pages:
        for name, user in everyone.items():
            expected = 200 if name in allowed else (403 if name in READERS else 404)
            assert client_for(user).get(url).status_code == expected, (url, name)
        response = client_for(None).get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    url = reverse("assessment_profile", args=[draft_a.pk])
    for name in ("viewer_a", "manager", "verifier", "owner_b", "outsider"):
        response = client_for(everyone[name]).post(url, {"PRO-02": "99"})
        assert response.status_code in (403, 404), name
    assert not Answer.objects.filter(question="PRO-02").exists()


def test_vsme_page_shows_coverage_and_links(reported, owner_a, client_for):
    response = client_for(owner_a).get(reverse("assessment_vsme", args=[reported.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total == 100 and report.covered > 0
    body = response.content.decode()
    assert reverse("assessment_vsme_json", args=[reported.pk]) in body
    assert reverse("assessment_vsme_xlsx", args=[reported.pk]) in body
    assert 'data-concept="vsme:NumberOfEmployees"' in body
    # submitted: the profile can no longer be filled from here
    assert reverse("assessment_profile", args=[reported.pk]) not in body


def test_profile_form_saves_and_names_bad_fields(draft_a, firm_a, owner_a, client_for):
    url = reverse("assessment_profile", args=[draft_a.pk])
    client = client_for(owner_a)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["PRO-02"].value() == "12"  # suggested from the firm's record
    response = client.post(url, {"PRO-01": "consolidated", "PRO-02": "dodici", "PRO-05": "4"})
    assert response.status_code == 200
    assert "PRO-02" in response.context["form"].errors
    assert not Answer.objects.filter(assessment=draft_a, question__startswith="PRO-").exists()
    response = client.post(url, {"PRO-01": "consolidated", "PRO-02": "11", "PRO-05": "4"})
    assert response.status_code == 302
    assert response.url == reverse("assessment_vsme", args=[draft_a.pk])
    assert profile_services.profile_answers(draft_a) == {
        "PRO-01": "consolidated",
        "PRO-02": "11",
        "PRO-05": "4",
    }


def test_profile_form_is_read_only_after_submission(reported, owner_a, client_for):
    url = reverse("assessment_profile", args=[reported.pk])
    client = client_for(owner_a)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["editable"]
    assert all(field.disabled for field in page.context["form"].fields.values())
    response = client.post(url, {"PRO-02": "99"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert profile_services.profile_answers(reported)["PRO-02"] == "12"


def test_next_cycle_offers_last_years_profile(reported, firm_a, owner_a, client_for):
    following = flow.start(owner_a, firm_a, "2027")
    assert following.carried_from == reported
    page = client_for(owner_a).get(reverse("assessment_profile", args=[following.pk]))
    form = page.context["form"]
    assert form["PRO-01"].value() == "individual" and form["PRO-08"].value() == "Maglieria"
    assert profile_services.profile_answers(following) == {}  # offered, not saved
