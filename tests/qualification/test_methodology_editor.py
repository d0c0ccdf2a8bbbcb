"""The draft editor, publishing, and re-scoring under a district's own version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.qualification import scoring, selectors
from filiera.qualification.models import Assessment, MethodologyVersion, Score, Weighting
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import methodologies
from filiera.qualification.services.scores import evaluate

from .conftest import add_evidence, fill


@pytest.fixture
def carpi_draft(base_version, manager, carpi) -> MethodologyVersion:
    return methodologies.derive(manager, base_version, carpi)


def _url(name: str, version: MethodologyVersion) -> str:
    return reverse(name, args=[version.methodology.slug, version.number])


def _weights_post(version: MethodologyVersion, **changes) -> dict:
    """The weights form as the page submits it, with ``changes`` (field name → value)."""
    data = {}
    for area in version.definition["areas"]:
        data[f"area:{area['code']}:weight"] = area["weight"]
        for q in area["questions"]:
            data[f"q:{q['code']}:weight"] = q["weight"]
            if q.get("enabled", True):
                data[f"q:{q['code']}:enabled"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _question(version: MethodologyVersion, code: str) -> dict:
    return next(q for a in version.definition["areas"] for q in a["questions"] if q["code"] == code)


def _area(version: MethodologyVersion, code: str) -> dict:
    return next(a for a in version.definition["areas"] if a["code"] == code)


# Weights and switches ---------------------------------------------------------------------


def test_the_editor_changes_weights_and_switches_questions_off(carpi_draft, manager, client_for):
    client = client_for(manager)
    data = _weights_post(
        carpi_draft,
        **{"area:environment:weight": "3", "q:ENV-1.04:weight": "2.5", "q:ENV-1.05:enabled": None},
    )
    response = client.post(_url("methodology_edit", carpi_draft), data)
    assert response.status_code == 302
    carpi_draft.refresh_from_db()
    assert _area(carpi_draft, "environment")["weight"] == 3
    assert _question(carpi_draft, "ENV-1.04")["weight"] == 2.5
    assert _question(carpi_draft, "ENV-1.05")["enabled"] is False
    assert _question(carpi_draft, "ENV-1.06")["enabled"] is True
    diff = client.get(_url("methodology_edit", carpi_draft)).context["diff"]
    assert [code for code, _text in diff.switched_off] == ["ENV-1.05"]
    assert [(code, old, new) for code, _t, old, new in diff.question_weights] == [
        ("ENV-1.04", 1, 2.5)
    ]
    assert [(old, new) for _name, old, new in diff.area_weights] == [(1, 3)]


@pytest.mark.parametrize("value", ["11", "-1", "molto"])
def test_weights_out_of_range_are_refused_naming_the_field(carpi_draft, manager, client_for, value):
    before = carpi_draft.definition
    data = _weights_post(carpi_draft, **{"q:ENV-1.04:weight": value, "area:social:weight": "4"})
    response = client_for(manager).post(_url("methodology_edit", carpi_draft), data)
    assert response.status_code == 200
    errors = response.context["weights"].errors
    assert list(errors) == ["q:ENV-1.04:weight"]
    assert 'href="#id_q:ENV-1.04:weight"' in response.content.decode()
    carpi_draft.refresh_from_db()
    assert carpi_draft.definition == before  # not even the valid social weight


def test_problems_found_by_the_service_name_the_question(carpi_draft):
    from filiera.core.usererror import UserError
    from filiera.qualification.views.methodology_edit import _problems

    data = carpi_draft.definition
    data["areas"][0]["questions"][1]["weight"] = -2
    with pytest.raises(UserError) as err:
        methodologies.change_draft(None, carpi_draft, data)
    code = data["areas"][0]["questions"][1]["code"]
    assert any(
        line.startswith(f"{code} · weight") for line in _problems(err.value, carpi_draft, data)
    )


# Adding a question ------------------------------------------------------------------------


def _new_question(prefix: str, **changes) -> dict:
    data = {
        "add_to": prefix.removeprefix("new-"),
        f"{prefix}-code": "CARPI-ENV-01",
        f"{prefix}-level": "1",
        f"{prefix}-type": "number",
        f"{prefix}-unit": "kWh",
        f"{prefix}-text_it": "Quanta energia solare produci in un anno?",
        f"{prefix}-text_en": "How much solar energy do you produce in a year?",
        f"{prefix}-weight": "2",
        f"{prefix}-evidence": "optional",
        f"{prefix}-certificates": ["iso_14001"],
    }
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return {k: v for k, v in data.items() if v is not None}


def test_the_code_of_a_new_question_is_suggested(carpi_draft, manager, client_for):
    response = client_for(manager).get(_url("methodology_edit", carpi_draft))
    forms = {row["area"].code: row["add_form"] for row in response.context["areas"]}
    assert forms["environment"].initial["code"] == "CARPI-ENV-01"
    assert forms["social"].initial["code"] == "CARPI-SOC-01"


def test_a_manager_adds_a_question(carpi_draft, manager, client_for):
    response = client_for(manager).post(
        _url("methodology_edit", carpi_draft), _new_question("new-environment")
    )
    assert response.status_code == 302
    carpi_draft.refresh_from_db()
    added = _question(carpi_draft, "CARPI-ENV-01")
    assert added["unit"] == "kWh" and added["weight"] == 2 and added["level"] == 1
    assert added["certificates"] == ["iso_14001"]
    assert added["text"]["en"].startswith("How much solar")
    levels = [q["level"] for q in _area(carpi_draft, "environment")["questions"]]
    assert levels == sorted(levels)  # placed with the other level 1 questions
    diff = client_for(manager).get(_url("methodology_edit", carpi_draft)).context["diff"]
    assert [code for code, _t, _a in diff.added] == ["CARPI-ENV-01"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "ENV-1.01"}, "code"),  # used by a shipped question
        ({"code": "PRO-01"}, "code"),  # used by a profile field
        ({"text_en": ""}, "text_en"),
        ({"unit": ""}, "unit"),
        ({"level": "2", "critical": "on"}, "critical"),
        ({"weight": "12"}, "weight"),
        ({"help_it": "Solo in italiano"}, "help_en"),
        ({"certificates": ["nessuno"]}, "certificates"),
    ],
)
def test_a_bad_new_question_is_refused_naming_the_field(
    carpi_draft, manager, client_for, changes, field
):
    before = carpi_draft.definition
    response = client_for(manager).post(
        _url("methodology_edit", carpi_draft), _new_question("new-environment", **changes)
    )
    assert response.status_code == 200
    form = next(r["add_form"] for r in response.context["areas"] if r["area"].code == "environment")
    assert field in form.errors
    carpi_draft.refresh_from_db()
    assert carpi_draft.definition == before


def test_a_code_added_twice_is_refused(carpi_draft, manager, client_for):
    client = client_for(manager)
    assert (
        client.post(
            _url("methodology_edit", carpi_draft), _new_question("new-environment")
        ).status_code
        == 302
    )
    response = client.post(_url("methodology_edit", carpi_draft), _new_question("new-social"))
    assert response.status_code == 200
    carpi_draft.refresh_from_db()
    codes = [q["code"] for a in carpi_draft.definition["areas"] for q in a["questions"]]
    assert codes.count("CARPI-ENV-01") == 1


# Publishing -------------------------------------------------------------------------------


def test_publishing_asks_first_then_the_district_uses_the_version(
    carpi_draft, manager, carpi, client_for
):
    client = client_for(manager)
    page = client.get(_url("methodology_publish", carpi_draft))
    assert page.status_code == 200
    carpi_draft.refresh_from_db()
    assert carpi_draft.status == MethodologyVersion.Status.DRAFT
    response = client.post(_url("methodology_publish", carpi_draft))
    assert response.url == _url("methodology_version", carpi_draft)
    carpi_draft.refresh_from_db()
    assert carpi_draft.is_published and carpi_draft.published_at is not None
    assert selectors.current_version(carpi) == carpi_draft


def test_a_published_version_cannot_be_edited(carpi_draft, manager, client_for):
    methodologies.publish(manager, carpi_draft)
    before = carpi_draft.definition
    client = client_for(manager)
    for name in ("methodology_edit", "methodology_publish"):
        response = client.post(
            _url(name, carpi_draft), _weights_post(carpi_draft, **{"area:social:weight": 9})
        )
        assert response.status_code == 302
        assert response.url == _url("methodology_version", carpi_draft)
    carpi_draft.refresh_from_db()
    assert carpi_draft.definition == before


def test_a_shipped_version_cannot_be_edited(base_version, admin, manager, client_for):
    for user in (admin, manager):
        assert client_for(user).get(_url("methodology_edit", base_version)).status_code == 403


# Re-scoring -------------------------------------------------------------------------------


@pytest.fixture
def weak_environment_a(draft_a, owner_a, verifier) -> Assessment:
    """Firm A, verified, with every environment yes/no question answered "no"."""
    evidence = add_evidence(owner_a, draft_a.firm)
    fill(owner_a, draft_a, evidence=evidence)
    for q in draft_a.version.parsed().areas[0].questions:
        if q.type == "yesno" and draft_a.answers.filter(question=q.code).exists():
            flow.save_answer(owner_a, draft_a, q.code, "no")
    flow.submit(owner_a, draft_a)
    flow.take_in_review(verifier, draft_a)
    return flow.verify(verifier, draft_a)


def test_rescoring_under_a_published_district_version_leaves_the_official_grade(
    weak_environment_a, carpi_draft, manager, carpi, client_for
):
    assessment = weak_environment_a
    official = assessment.score.result["areas"]
    assert official["environment"]["score"] < 100
    client = client_for(manager)
    data = _weights_post(carpi_draft, **{"area:environment:weight": "0"})
    assert client.post(_url("methodology_edit", carpi_draft), data).status_code == 302
    client.post(_url("methodology_publish", carpi_draft))
    carpi_draft.refresh_from_db()

    response = client.post(_url("methodology_rescore", carpi_draft), {"district": carpi.slug})
    assert response.status_code == 302
    page = client.get(response.url)
    rescore = Score.objects.get(assessment=assessment, kind=Score.Kind.RESCORE)
    # By hand: the overall is now the mean of the other five areas (all weigh 1).
    others = [a["score"] for code, a in official.items() if code != "environment"]
    assert rescore.overall == scoring.round1(sum(others) / len(others))
    assert rescore.overall == evaluate(assessment, version=carpi_draft).overall
    assert rescore.version == carpi_draft and rescore.weighting is None
    row = page.context["rows"][0]
    assert row["official"] == assessment.overall
    assert row["rescored"] == rescore.overall
    assert row["change"] == round(rescore.overall - assessment.overall, 1) > 0
    assessment.refresh_from_db()
    assert assessment.score.kind == Score.Kind.OFFICIAL
    assert assessment.overall < rescore.overall


def test_rescoring_with_a_weighting(verified_a, base_version, manager, carpi, client_for):
    weighting = Weighting.objects.create(
        name="Solo ambiente",
        methodology=base_version.methodology,
        district=carpi,
        area_weights={
            "environment": 1,
            "chemicals": 0,
            "social": 0,
            "ethics": 0,
            "circularity": 0,
            "traceability": 0,
        },
    )
    client = client_for(manager)
    response = client.post(
        _url("methodology_rescore", base_version),
        {"district": carpi.slug, "weighting": weighting.pk},
    )
    assert response.status_code == 302
    rescore = Score.objects.get(assessment=verified_a, kind=Score.Kind.RESCORE)
    assert rescore.weighting == weighting
    assert rescore.overall == verified_a.score.result["areas"]["environment"]["score"]


def test_a_weighting_of_another_district_is_refused(
    verified_a, base_version, manager, carpi, prato, client_for
):
    weighting = Weighting.objects.create(
        name="Prato", methodology=base_version.methodology, district=prato, area_weights={}
    )
    response = client_for(manager).post(
        _url("methodology_rescore", base_version),
        {"district": carpi.slug, "weighting": weighting.pk},
    )
    assert response.status_code == 200
    assert "weighting" in response.context["form"].errors
    assert not Score.objects.filter(kind=Score.Kind.RESCORE).exists()


def test_large_districts_are_rescored_by_a_task(
    verified_a, base_version, manager, carpi, client_for, monkeypatch
):
    from filiera.qualification.services import rescoring

    monkeypatch.setattr(rescoring, "INLINE_LIMIT", 0)
    response = client_for(manager).post(
        _url("methodology_rescore", base_version), {"district": carpi.slug}
    )
    assert response.status_code == 302
    # The test settings run tasks at once.
    assert Score.objects.filter(assessment=verified_a, kind=Score.Kind.RESCORE).count() == 1


def test_a_draft_is_not_rescored(carpi_draft, manager, carpi, client_for):
    response = client_for(manager).post(
        _url("methodology_rescore", carpi_draft), {"district": carpi.slug}
    )
    assert response.status_code == 302
    assert response.url == _url("methodology_version", carpi_draft)
    assert not Score.objects.filter(kind=Score.Kind.RESCORE).exists()
