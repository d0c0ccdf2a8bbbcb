"""Qualification over the API: methodologies, assessments, answers, submission, scores, evidence.

Who may do what is checked persona by persona in ``test_qualification_api_isolation.py``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from filiera.core.models import AuditEvent
from filiera.qualification import scoring
from filiera.qualification.models import Answer, Assessment, Score, Weighting
from filiera.qualification.selectors import current_version
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import evidence as evidence_services
from filiera.qualification.services import methodologies
from filiera.qualification.services.scores import context_of, evaluate
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# Helpers and fixtures (the qualification tests' own live in another package) ----------------


def put(client, path: str, body: dict, **headers):
    return client.client.put(
        "/api/v1" + path, json.dumps(body), content_type="application/json", headers=headers
    )


def add_evidence(actor, firm, certificate="iso_14001", days=365):
    upload = SimpleUploadedFile("certificato.pdf", PDF, content_type="application/pdf")
    today = date.today()
    return evidence_services.add_evidence(
        actor, firm, file=upload, certificate=certificate, issuer="Ente", number="N-1",
        valid_from=today - timedelta(days=30), valid_until=today + timedelta(days=days),
    )  # fmt: skip


def good_value(question) -> str:
    if question.type == "choice":
        return max(question.choices, key=lambda c: c.credit or 0).code
    return {"yesno": "yes", "number": "10", "date": date.today().isoformat()}.get(
        question.type, "documento"
    )


def fill(actor, assessment, evidence=None) -> None:
    """Answer every applicable question well; attach ``evidence`` where it is required."""
    ctx = context_of(assessment.context)
    for area in assessment.version.parsed().areas:
        for q in area.questions:
            if q.enabled and scoring.applies(q, ctx):
                attach = [evidence] if evidence and q.evidence == "required" else None
                flow.save_answer(actor, assessment, q.code, good_value(q), evidence=attach)


@pytest.fixture
def base_version(db):
    return current_version(None)


@pytest.fixture
def draft_a(base_version, firm_a, owner_a):
    return flow.start(owner_a, firm_a, "2026")


@pytest.fixture
def submitted_a(draft_a, owner_a):
    fill(owner_a, draft_a, evidence=add_evidence(owner_a, draft_a.firm))
    return flow.submit(owner_a, draft_a)


@pytest.fixture
def verified_a(submitted_a, verifier):
    flow.take_in_review(verifier, submitted_a)
    return flow.verify(verifier, submitted_a)


@pytest.fixture
def draft_b(base_version, firm_b, owner_b):
    return flow.start(owner_b, firm_b, "2026")


def locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


def nothing_changed(before: tuple) -> bool:
    return before == trace()


def trace() -> tuple:
    return (
        AuditEvent.objects.count(),
        Assessment.objects.count(),
        list(Answer.objects.values_list("question", "value", "comment", "updated_at")),
        Score.objects.count(),
    )


# Methodologies -------------------------------------------------------------------------------


def test_methodologies_list_published_versions(api_for, base_version, manager, carpi):
    draft = methodologies.derive(manager, base_version, carpi)
    body = api_for("manager").get("/methodologies").json()
    assert body["next_cursor"] is None
    assert body["items"] == [
        {
            "slug": "filiera-base", "version": 1, "name": {"it": "Filiera base", "en": "Filiera base"},
            "district": None, "based_on": None, "status": "published",
            "published_at": body["items"][0]["published_at"],
        }
    ]  # fmt: skip
    methodologies.publish(manager, draft)
    items = api_for("outsider").get("/methodologies").json()["items"]
    assert [(m["slug"], m["district"], m["based_on"]) for m in items] == [
        ("carpi-filiera-base", "carpi", "filiera-base@1"),
        ("filiera-base", None, None),
    ]
    page = api_for("outsider").get("/methodologies", limit=1).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = api_for("outsider").get("/methodologies", limit=1, cursor=page["next_cursor"]).json()
    assert [m["slug"] for m in page["items"] + rest["items"]] == [m["slug"] for m in items]


def test_methodology_detail_is_the_stored_definition(api_for, base_version, owner_a):
    body = api_for("owner_a").get("/methodologies/filiera-base/1").json()
    assert body["slug"] == "filiera-base" and body["status"] == "published"
    assert body["definition"] == base_version.definition
    assert [a["code"] for a in body["definition"]["areas"]] == [
        "environment", "chemicals", "social", "ethics", "circularity", "traceability",
    ]  # fmt: skip


def test_district_draft_is_seen_by_its_staff_only(api_for, base_version, carpi, manager, verifier):
    draft = methodologies.derive(manager, base_version, carpi)
    path = f"/methodologies/{draft.methodology.slug}/{draft.number}"
    body = api_for("verifier").get(path).json()
    assert (body["status"], body["district"], body["based_on"]) == (
        "draft",
        "carpi",
        "filiera-base@1",
    )
    assert body["definition"]["based_on"] == "filiera-base@1"


@pytest.mark.parametrize("path", ["/methodologies/nope/1", "/methodologies/filiera-base/0",
                                  "/methodologies/filiera-base/" + "9" * 30])  # fmt: skip
def test_unknown_methodology_versions_are_404(api_for, base_version, admin, path):
    assert api_for("admin").get(path).status_code == 404


# Assessments ---------------------------------------------------------------------------------


def test_firm_assessments_list(api_for, verified_a, owner_a, viewer_a):
    later = flow.start(owner_a, verified_a.firm, "2027")
    body = api_for("viewer_a").get(f"/firms/{verified_a.firm_id}/assessments").json()
    first, second = body["items"]
    assert (first["id"], second["id"]) == (verified_a.pk, later.pk)
    verified_a.refresh_from_db()
    assert first == {
        "id": verified_a.pk, "firm": verified_a.firm_id, "district": "carpi", "period": "2026",
        "methodology": "filiera-base@1", "status": "verified", "overall": verified_a.overall,
        "grade": verified_a.grade, "qualification": verified_a.qualification,
        "submitted_at": first["submitted_at"], "verified_at": first["verified_at"],
    }  # fmt: skip
    assert first["submitted_at"] and first["verified_at"] and first["grade"] in "ABCDE"
    assert (second["status"], second["overall"], second["grade"]) == ("draft", None, "")


def test_start_an_assessment(api_for, base_version, firm_a, editor_a):
    response = api_for("editor_a").post(f"/firms/{firm_a.pk}/assessments", {"period": " 2026 "})
    assert response.status_code == 201, response.content
    body = response.json()
    assessment = Assessment.objects.get(pk=body["id"])
    assert (assessment.period, assessment.created_by, body["status"]) == ("2026", editor_a, "draft")
    assert body["editable"] is True and body["answered"] == 0
    assert body["applicable"] == sum(area["applicable"] for area in body["areas"]) > 0
    assert AuditEvent.objects.filter(action="start_assessment", firm_id=firm_a.pk).count() == 1


@pytest.mark.parametrize("period", ["", "   ", "x" * 21, "2026", None])
def test_bad_period_is_422_naming_period(api_for, draft_a, owner_a, period):
    before = trace()
    body = {} if period is None else {"period": period}
    response = api_for("owner_a").post(f"/firms/{draft_a.firm_id}/assessments", body)
    assert locs(response) == [["body", "period"]]
    assert nothing_changed(before)


def test_detail_shows_progress_per_area(api_for, draft_a, owner_a):
    client = api_for("owner_a")
    before = client.get(f"/assessments/{draft_a.pk}").json()
    environment = before["areas"][0]
    code = environment["missing"][0]
    assert environment["name"] == {"it": "Ambiente", "en": "Environment"}
    assert (
        put(client, f"/assessments/{draft_a.pk}/answers/{code}", {"value": "no"}).status_code == 200
    )
    after = client.get(f"/assessments/{draft_a.pk}").json()
    assert after["answered"] == before["answered"] + 1
    assert after["areas"][0]["answered"] == environment["answered"] + 1
    assert code not in after["areas"][0]["missing"]
    missing = [c for area in after["areas"] for c in area["missing"]]
    assert missing == flow.missing_questions(draft_a)


# Answers -------------------------------------------------------------------------------------


def test_save_an_answer_with_comment_and_evidence(api_for, draft_a, owner_a):
    evidence = add_evidence(owner_a, draft_a.firm)
    client = api_for("owner_a")
    path = f"/assessments/{draft_a.pk}/answers/ENV-1.02"
    body = {"value": "yes", "comment": "Autorizzazione 2024", "evidence": [evidence.pk]}
    response = put(client, path, body)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert saved | {"updated_at": None} == {
        "question": "ENV-1.02", "value": "yes", "comment": "Autorizzazione 2024",
        "evidence": [evidence.pk], "evidence_until": evidence.valid_until.isoformat(),
        "reviewed": False, "updated_at": None,
    }  # fmt: skip
    # Left out, comment and evidence stay; an empty value clears the answer.
    again = put(client, path, {"value": ""}).json()
    assert (again["value"], again["comment"], again["evidence"]) == (
        "", "Autorizzazione 2024", [evidence.pk],
    )  # fmt: skip
    assert put(client, path, {"value": "no", "evidence": []}).json()["evidence"] == []
    listed = client.get(f"/assessments/{draft_a.pk}/answers").json()["items"]
    assert [(a["question"], a["value"]) for a in listed] == [("ENV-1.02", "no")]
    events = AuditEvent.objects.filter(action="answer", firm_id=draft_a.firm_id)
    assert events.count() == 3


def test_numbers_may_be_sent_as_json_numbers(api_for, draft_a, owner_a):
    client = api_for("owner_a")
    body = put(client, f"/assessments/{draft_a.pk}/answers/ENV-1.05", {"value": 1250.5}).json()
    assert body["value"] == "1250.5"
    body = put(client, f"/assessments/{draft_a.pk}/answers/ENV-1.05", {"value": "1 300,25"}).json()
    assert body["value"] == "1300.25"


@pytest.mark.parametrize(
    ("code", "body", "loc"),
    [
        ("ENV-1.02", {"value": "maybe"}, ["body", "value"]),
        ("ENV-1.05", {"value": "a lot"}, ["body", "value"]),
        ("ENV-1.05", {"value": -3}, ["body", "value"]),
        ("ENV-3.02", {"value": "31/12/2025"}, ["body", "value"]),
        ("ENV-2.03", {"value": "not-a-choice"}, ["body", "value"]),
        ("ENV-1.02", {}, ["body", "value"]),
        ("ENV-1.02", {"value": "yes", "comment": "x" * 2001}, ["body", "comment"]),
        ("ENV-1.02", {"value": "yes", "evidence": [999_999]}, ["body", "evidence"]),
        ("ENV-1.02", {"value": "yes", "evidence": ["uno"]}, ["body", "evidence", 0]),
        ("ENV-1.02", {"value": "yes", "evidence": "FIRM_B"}, ["body", "evidence"]),
        ("NOPE-9", {"value": "yes"}, ["path", "code"]),
    ],
)
def test_bad_answers_are_422_naming_the_field(api_for, draft_a, firm_b, owner_a, code, body, loc):
    if body.get("evidence") == "FIRM_B":  # someone else's evidence looks like none at all
        body = body | {"evidence": [add_evidence(None, firm_b).pk]}
    before = trace()
    response = put(api_for("owner_a"), f"/assessments/{draft_a.pk}/answers/{code}", body)
    assert locs(response) == [loc]
    if loc[1] in ("value", "code") and "value" in body:
        assert code in response.json()["detail"][0]["msg"]  # the message names the question
    assert nothing_changed(before)


def test_messages_follow_the_requested_language(api_for, draft_a, owner_a):
    path = f"/assessments/{draft_a.pk}/answers/ENV-1.02"
    response = put(api_for("owner_a"), path, {"value": "maybe"}, accept_language="en")
    assert response.json()["detail"][0]["msg"] == (
        "ENV-1.02: answer yes, partly, no or not applicable."
    )


def test_answers_cannot_change_once_submitted(api_for, submitted_a, owner_a):
    before = trace()
    path = f"/assessments/{submitted_a.pk}/answers/ENV-1.02"
    response = put(api_for("owner_a"), path, {"value": "no"})
    assert response.status_code == 409 and response.json()["detail"]
    assert nothing_changed(before)


# Submission ----------------------------------------------------------------------------------


def test_submitting_an_incomplete_assessment_lists_what_is_missing(api_for, draft_a, owner_a):
    flow.save_answer(owner_a, draft_a, "ENV-1.02", "yes")
    before = trace()
    response = api_for("owner_a").post(f"/assessments/{draft_a.pk}/submit", {})
    missing = flow.missing_questions(draft_a)
    assert locs(response) == [["answers", code] for code in missing]
    assert "ENV-1.02" not in missing and len(missing) > 10
    draft_a.refresh_from_db()
    assert draft_a.status == "draft" and nothing_changed(before)


def test_submit_then_again(api_for, draft_a, owner_a):
    fill(owner_a, draft_a, evidence=add_evidence(owner_a, draft_a.firm))
    client = api_for("owner_a")
    response = client.post(f"/assessments/{draft_a.pk}/submit", {})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["editable"], body["grade"]) == ("submitted", False, "A")
    assert body["answered"] == body["applicable"]
    assert client.post(f"/assessments/{draft_a.pk}/submit", {}).status_code == 409
    assert Score.objects.filter(assessment=draft_a).count() == 1


# Scores --------------------------------------------------------------------------------------


def test_score_snapshots(api_for, verified_a, manager):
    body = api_for("manager").get(f"/assessments/{verified_a.pk}/scores").json()
    assert [(s["kind"], s["reason"]) for s in body["items"]] == [
        ("official", "submitted"), ("official", "verified"),
    ]  # fmt: skip
    latest = body["items"][-1]
    score = Score.objects.get(pk=latest["id"])
    assert latest["methodology"] == "filiera-base@1" and latest["weighting"] is None
    assert (latest["overall"], latest["grade"], latest["status"]) == (
        score.overall, score.grade, score.status,
    )  # fmt: skip
    assert latest["result"]["areas"]["environment"]["levels"].keys() == {"1", "2", "3"}
    assert latest["evaluated_on"] == score.evaluated_on.isoformat()


def test_score_on_the_fly_stores_nothing(api_for, verified_a, manager, carpi, prato):
    client = api_for("manager")
    scores = Score.objects.count()
    body = client.get(f"/assessments/{verified_a.pk}/score").json()
    expected = evaluate(verified_a)
    assert (body["methodology"], body["weighting"]) == ("filiera-base@1", None)
    assert (body["overall"], body["grade"]) == (expected.overall, expected.grade)
    weighting = Weighting.objects.create(
        name="Solo ambiente", methodology=verified_a.version.methodology, district=carpi,
        area_weights={"environment": 1, "chemicals": 0, "social": 0, "ethics": 0,
                      "circularity": 0, "traceability": 0},
    )  # fmt: skip
    body = client.get(
        f"/assessments/{verified_a.pk}/score", version="filiera-base@1", weighting=weighting.pk
    ).json()
    assert body["weighting"] == weighting.pk
    assert body["overall"] == body["result"]["areas"]["environment"]["score"]
    assert Score.objects.count() == scores


def test_score_under_a_district_draft(api_for, verified_a, manager, owner_a, carpi):
    draft = methodologies.derive(manager, verified_a.version, carpi)
    query = {"version": draft.key}
    body = api_for("manager").get(f"/assessments/{verified_a.pk}/score", **query).json()
    assert body["methodology"] == "carpi-filiera-base@1"
    response = api_for("owner_a").get(f"/assessments/{verified_a.pk}/score", **query)
    assert locs(response) == [["query", "version"]]  # the draft is hidden from the firm


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"version": "filiera-base"}, "version"),
        ({"version": "filiera-base@9"}, "version"),
        ({"version": "nope@1"}, "version"),
        ({"weighting": 999_999}, "weighting"),
        ({"weighting": "PRATO"}, "weighting"),
        ({"weighting": 0}, "weighting"),
    ],
)
def test_bad_score_queries_are_422(api_for, verified_a, owner_a, prato, query, field):
    if query.get("weighting") == "PRATO":  # another district's weighting is not there for you
        other = Weighting.objects.create(
            name="Prato", methodology=verified_a.version.methodology, district=prato
        )
        query = {"weighting": other.pk}
    response = api_for("owner_a").get(f"/assessments/{verified_a.pk}/score", **query)
    assert locs(response) == [["query", field]]


# Evidence ------------------------------------------------------------------------------------


def test_evidence_metadata_without_contents(api_for, firm_a, firm_b, owner_a, verifier):
    mine = add_evidence(owner_a, firm_a, certificate="durc", days=-1)
    add_evidence(None, firm_b)
    body = api_for("verifier").get(f"/firms/{firm_a.pk}/evidence").json()
    (item,) = body["items"]
    assert item | {"created_at": None, "updated_at": None} == {
        "id": mine.pk, "firm": firm_a.pk, "certificate": "durc", "title": "", "issuer": "Ente",
        "number": "N-1", "valid_from": mine.valid_from.isoformat(),
        "valid_until": mine.valid_until.isoformat(), "valid_today": False,
        "file_name": "certificato.pdf", "content_type": "application/pdf", "size": len(PDF),
        "file_url": f"/evidence/{mine.pk}/file/", "created_at": None, "updated_at": None,
    }  # fmt: skip
    assert "PDF-1.4" not in json.dumps(body)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/assessments/abc", 422), ("/assessments/0", 404), ("/assessments/" + "9" * 30, 404),
     ("/firms/0/evidence", 404), ("/assessments/0/scores", 404)],
)  # fmt: skip
def test_odd_ids_answer_in_json(api_for, admin, path, status):
    response = api_for("admin").get(path)
    assert response.status_code == status and "detail" in response.json()


def test_a_firm_without_district_cannot_start(api_for, base_version, admin):
    lonely = Firm.objects.create(legal_name="Sola S.r.l.", vat=italian_vat(7001), role="brand")
    response = api_for("admin").post(f"/firms/{lonely.pk}/assessments", {"period": "2026"})
    assert locs(response) == [["body"]]
    assert not Assessment.objects.exists()
