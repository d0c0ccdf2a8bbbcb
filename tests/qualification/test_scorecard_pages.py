"""The scorecard page and re-weighting: who may see it, what it shows, and that a weighting or
another version re-scores the same answers exactly as ``services.scores.evaluate`` does."""

from __future__ import annotations

import re
from html import escape

import pytest
from django.urls import reverse

from filiera.core.models import AuditEvent
from filiera.qualification.models import Weighting
from filiera.qualification.selectors import official_history
from filiera.qualification.services import assessments as flow
from filiera.qualification.services import methodologies
from filiera.qualification.services import weightings as weighting_services
from filiera.qualification.services.scores import evaluate

from .conftest import add_evidence, fill

READERS = ("admin", "owner_a", "editor_a", "viewer_a", "manager", "verifier")
HIDDEN = ("owner_b", "brand_owner", "outsider", "prato_manager")
SIX_AREAS = ("environment", "chemicals", "social", "ethics", "circularity", "traceability")


def persona(request, name):
    return request.getfixturevalue(name)


def overall_on_page(response) -> float | None:
    found = re.search(r'data-overall="([^"]*)"', response.content.decode())
    assert found, "the page shows the overall score"
    return float(found.group(1)) if found.group(1) else None


@pytest.fixture
def mixed_a(draft_a, owner_a):
    """Submitted, good everywhere but chemicals, so area weights change the overall."""
    evidence = add_evidence(owner_a, draft_a.firm)
    fill(owner_a, draft_a, evidence=evidence)
    for q in draft_a.version.parsed().areas[1].questions:  # chemicals
        if q.type == "yesno" and not q.red_flag and draft_a.answers.filter(question=q.code):
            flow.save_answer(owner_a, draft_a, q.code, "no")
    return flow.submit(owner_a, draft_a)


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READERS)
def test_members_and_district_staff_see_the_scorecard(request, name, submitted_a, client_for):
    response = client_for(persona(request, name)).get(
        reverse("assessment_scorecard", args=[submitted_a.pk])
    )
    assert response.status_code == 200
    assert "Maglificio Alfa" in response.content.decode()


@pytest.mark.parametrize("name", HIDDEN)
def test_others_get_404(request, name, submitted_a, firm_b, brand_c, client_for):
    response = client_for(persona(request, name)).get(
        reverse("assessment_scorecard", args=[submitted_a.pk])
    )
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(submitted_a, client_for):
    url = reverse("assessment_scorecard", args=[submitted_a.pk])
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# What it shows -----------------------------------------------------------------------------


def test_official_score_areas_assurance_and_history(mixed_a, owner_a, client_for):
    response = client_for(owner_a).get(reverse("assessment_scorecard", args=[mixed_a.pk]))
    html = response.content.decode()
    assert overall_on_page(response) == mixed_a.overall
    assert 'class="provisional"' not in html
    for code in SIX_AREAS:
        assert f'id="area-{code}"' in html
    chemicals = mixed_a.score.result["areas"]["chemicals"]
    assert chemicals["score"] < 100
    for level in ("declared", "evidenced", "reviewed", "verified"):
        assert f'id="assurance-{level}"' in html
    assert html.count("<svg") == 3  # areas, assurance mix, history
    history = list(official_history(mixed_a.firm))
    assert len(history) == 1
    table = html.split('id="history-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + len(history)
    assert "filiera-base" not in html or "Filiera base" in html
    assert reverse("assessment_scorecard_pdf", args=[mixed_a.pk]) in html


def test_a_draft_shows_a_provisional_score(draft_a, owner_a, client_for):
    flow.save_answer(owner_a, draft_a, "ENV-1.01", "yes")
    response = client_for(owner_a).get(reverse("assessment_scorecard", args=[draft_a.pk]))
    html = response.content.decode()
    assert 'class="provisional"' in html
    assert overall_on_page(response) == evaluate(draft_a).overall
    assert 'id="history-table"' not in html


def test_red_flags_are_named_with_their_question(verified_a, verifier, owner_a, client_for):
    answer = verified_a.answers.get(question="SOC-1.04")
    flow.correct(verifier, answer, "no", "Due lavoratori senza contratto")
    response = client_for(owner_a).get(reverse("assessment_scorecard", args=[verified_a.pk]))
    html = response.content.decode()
    notes = html.split('id="notes-social"')[1].split("</article>")[0]
    assert "<code>SOC-1.04</code>" in notes
    text = verified_a.version.parsed().question("SOC-1.04").text.it
    assert escape(text) in notes
    # Every official score (submitted, verified, corrected) is a point of the history.
    assert html.count("<circle") == len(official_history(verified_a.firm)) == 3


# Re-weighting ------------------------------------------------------------------------------


def _weights(**over):
    return {code: over.get(code, 0) for code in SIX_AREAS}


def test_a_district_weighting_rescores_on_the_fly(mixed_a, manager, owner_a, carpi, client_for):
    weighting = weighting_services.create_weighting(
        manager,
        name="Solo chimica",
        methodology=mixed_a.version.methodology,
        area_weights=_weights(chemicals=10, environment=2),
        district=carpi,
    )
    expected = evaluate(
        mixed_a, area_weights=weighting.area_weights, on=mixed_a.score.evaluated_on
    ).overall
    assert expected != mixed_a.overall
    url = reverse("assessment_scorecard", args=[mixed_a.pk])
    for user in (owner_a, manager):
        page = client_for(user).get(url)
        assert f'value="w{weighting.pk}"' in page.content.decode()
        response = client_for(user).get(url, {"weights": f"w{weighting.pk}"})
        html = response.content.decode()
        assert overall_on_page(response) == expected
        assert 'id="rescored-note"' in html and "Solo chimica" in html
    mixed_a.refresh_from_db()
    assert mixed_a.overall != expected  # the official score is untouched


def test_weightings_of_other_districts_and_unknown_keys_are_ignored(
    mixed_a, prato, prato_manager, owner_a, client_for
):
    other = weighting_services.create_weighting(
        prato_manager,
        name="Prato",
        methodology=mixed_a.version.methodology,
        area_weights=_weights(chemicals=10),
        district=prato,
    )
    url = reverse("assessment_scorecard", args=[mixed_a.pk])
    response = client_for(owner_a).get(url, {"weights": f"w{other.pk}"})
    assert f'value="w{other.pk}"' not in response.content.decode()
    assert overall_on_page(response) == mixed_a.overall
    assert 'id="rescored-note"' not in response.content.decode()


def test_another_published_version_of_the_family_rescores(
    mixed_a, manager, owner_a, base_version, carpi, client_for
):
    derived = methodologies.derive(manager, base_version, carpi)
    data = dict(derived.definition)
    data["areas"] = [dict(a, weight=(5 if a["code"] == "chemicals" else 1)) for a in data["areas"]]
    methodologies.change_draft(manager, derived, data)
    methodologies.publish(manager, derived)
    expected = evaluate(mixed_a, version=derived, on=mixed_a.score.evaluated_on).overall
    assert expected != mixed_a.overall
    response = client_for(owner_a).get(
        reverse("assessment_scorecard", args=[mixed_a.pk]), {"weights": f"v{derived.pk}"}
    )
    assert overall_on_page(response) == expected


# Weightings: pages, validation, permissions --------------------------------------------------


def _post(areas: dict, name="Ambiente prima") -> dict:
    return {"name": name, "methodology": "filiera-base", **{f"w_{k}": v for k, v in areas.items()}}


def test_a_brand_creates_and_edits_its_weighting(brand_c, brand_owner, client_for):
    client = client_for(brand_owner)
    url = reverse("weighting_list", args=[brand_c.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(_weights(environment="7,5", social=3)))
    assert response.status_code == 302
    weighting = Weighting.objects.get(firm=brand_c)
    assert weighting.area_weights["environment"] == 7.5 and weighting.area_weights["ethics"] == 0
    assert AuditEvent.objects.filter(action="change_weighting", firm_id=brand_c.pk).exists()
    edit = reverse("weighting_edit", args=[weighting.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _post(_weights(environment=1, social=10), name="Sociale"))
    assert response.status_code == 302
    weighting.refresh_from_db()
    assert weighting.name == "Sociale" and weighting.area_weights["social"] == 10
    changes = AuditEvent.objects.filter(action="change_weighting").first().changes
    assert changes["weight.social"] == [3.0, 10.0]


@pytest.mark.parametrize(
    ("value", "area_name"), [("abc", "Ambiente"), ("11", "Ambiente"), ("-1", "Ambiente")]
)
def test_bad_weights_name_the_area_and_save_nothing(
    value, area_name, brand_c, brand_owner, client_for
):
    url = reverse("weighting_list", args=[brand_c.pk])
    response = client_for(brand_owner).post(url, _post(_weights(environment=value, social=2)))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field-error"' in html and area_name in html
    assert "“" + value + "”" in html or value in html
    assert not Weighting.objects.exists()


def test_all_zero_weights_are_refused(brand_c, brand_owner, client_for):
    url = reverse("weighting_list", args=[brand_c.pk])
    response = client_for(brand_owner).post(url, _post(_weights()))
    assert response.status_code == 200 and not Weighting.objects.exists()


WEIGHTING_PAGES = {
    # page → (allowed, 403, 404)
    "brand": ({"brand_owner", "admin"}, {"prato_manager"}, {"owner_a", "manager", "outsider"}),
    "district": ({"manager", "admin"}, {"verifier"}, {"owner_a", "prato_manager", "brand_owner"}),
}


@pytest.mark.parametrize("page", list(WEIGHTING_PAGES))
def test_weighting_pages_allow_only_their_keepers(
    request, page, brand_c, carpi, firm_a, manager, client_for
):
    if page == "brand":
        url = reverse("weighting_list", args=[brand_c.pk])
    else:
        url = reverse("district_weightings", args=[carpi.slug])
    weighting = weighting_services.create_weighting(
        manager if page == "district" else None,
        name="Prova",
        methodology=Weighting._meta.get_field("methodology").related_model.objects.get(
            slug="filiera-base"
        ),
        area_weights=_weights(environment=1),
        firm=brand_c if page == "brand" else None,
        district=carpi if page == "district" else None,
    )
    edit = reverse("weighting_edit", args=[weighting.pk])
    allowed, forbidden, hidden = WEIGHTING_PAGES[page]
    for name in allowed | forbidden | hidden:
        client = client_for(persona(request, name))
        for target in (url, edit):
            status = client.get(target).status_code
            expected = 200 if name in allowed else 403 if name in forbidden else 404
            assert status == expected, (page, target, name, status)
        if name not in allowed:
            client.post(url, _post(_weights(environment=1), name="Intrusa"))
    assert not Weighting.objects.filter(name="Intrusa").exists()
    for target in (url, edit):
        response = client_for(None).get(target)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_brand_applies_its_weighting_to_the_answers_it_can_see(
    brand_c, brand_owner, base_version, manager, submitted_a, client_for
):
    assessment = flow.start(brand_owner, brand_c, "2026")
    fill(brand_owner, assessment, evidence=add_evidence(brand_owner, brand_c))
    weighting = weighting_services.create_weighting(
        brand_owner,
        name="Sociale prima",
        methodology=base_version.methodology,
        area_weights=_weights(social=10, ethics=1),
        firm=brand_c,
    )
    page = client_for(brand_owner).get(reverse("assessment_scorecard", args=[assessment.pk]))
    assert f'value="w{weighting.pk}"' in page.content.decode()
    response = client_for(brand_owner).get(
        reverse("assessment_scorecard", args=[assessment.pk]), {"weights": f"w{weighting.pk}"}
    )
    expected = evaluate(assessment, area_weights=weighting.area_weights).overall
    assert overall_on_page(response) == expected
    # The brand's weighting is its own: it is not offered on another firm's scorecard.
    other = client_for(manager).get(reverse("assessment_scorecard", args=[submitted_a.pk]))
    assert f'value="w{weighting.pk}"' not in other.content.decode()


def test_a_firm_that_is_not_a_brand_has_no_weightings_page(firm_a, owner_a, client_for):
    response = client_for(owner_a).get(reverse("weighting_list", args=[firm_a.pk]))
    assert response.status_code == 404


# Public verification page and its settings -----------------------------------------------


def _public(client, publication):
    return client.get(reverse("scorecard_public", args=[publication.token]))


def test_the_public_page_shows_only_what_the_firm_publishes(
    verified_a, owner_a, client_for, settings
):
    add_evidence(owner_a, verified_a.firm, certificate="durc", days=100)
    client_for(owner_a).get(reverse("assessment_scorecard_pdf", args=[verified_a.pk]))
    publication = verified_a.firm.scorecard_publication
    assert not (publication.show_grade or publication.show_areas or publication.show_certificates)
    anonymous = client_for(None)
    html = _public(anonymous, publication).content.decode()
    assert "Maglificio Alfa" in html and "Distretto di Carpi" in html
    assert 'data-basis="verified"' in html and 'data-status="qualified"' in html
    assert "data-grade" not in html and 'class="grade' not in html
    assert "data-area-grade" not in html and 'id="public-certificates"' not in html

    settings_url = reverse("scorecard_publication", args=[verified_a.firm.pk])
    response = client_for(owner_a).post(settings_url, {"show_grade": "on"})
    assert response.status_code == 302
    html = _public(anonymous, publication).content.decode()
    assert f'data-grade="{verified_a.grade}"' in html
    assert "data-area-grade" not in html

    client_for(owner_a).post(
        settings_url, {"show_grade": "on", "show_areas": "on", "show_certificates": "on"}
    )
    html = _public(anonymous, publication).content.decode()
    assert html.count("data-area-grade=") == 6
    certificates = html.split('id="public-certificates"')[1].split("</ul>")[0]
    assert "DURC" in certificates
    assert "/media/" not in html and "evidence/" not in html  # never the files
    assert (
        AuditEvent.objects.filter(action="publish_scorecard", firm_id=verified_a.firm.pk).count()
        == 3
    )


def test_the_public_page_says_when_the_score_is_not_verified(submitted_a, owner_a, client_for):
    client_for(owner_a).get(reverse("assessment_scorecard_pdf", args=[submitted_a.pk]))
    publication = submitted_a.firm.scorecard_publication
    html = _public(client_for(None), publication).content.decode()
    assert 'data-basis="official"' in html


def test_an_unknown_token_is_404(client_for, db):
    response = client_for(None).get(
        reverse("scorecard_public", args=["00000000-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


PUBLICATION_ALLOWED = {"admin", "owner_a", "editor_a"}
PUBLICATION_FORBIDDEN = {"viewer_a", "manager", "verifier"}


@pytest.mark.parametrize("name", sorted(PUBLICATION_ALLOWED | PUBLICATION_FORBIDDEN | set(HIDDEN)))
def test_publication_settings_permissions(request, name, firm_a, firm_b, brand_c, client_for):
    client = client_for(persona(request, name))
    url = reverse("scorecard_publication", args=[firm_a.pk])
    expected = 200 if name in PUBLICATION_ALLOWED else 403 if name in PUBLICATION_FORBIDDEN else 404
    assert client.get(url).status_code == expected
    response = client.post(url, {"show_grade": "on"})
    assert response.status_code == (302 if expected == 200 else expected)
    published = getattr(firm_a, "scorecard_publication", None)
    if expected != 200:
        assert published is None


def test_publication_settings_anonymous_and_preview(firm_a, owner_a, client_for):
    url = reverse("scorecard_publication", args=[firm_a.pk])
    response = client_for(None).get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    html = client_for(owner_a).get(url).content.decode()
    assert 'id="public-card"' in html and 'id="public-url"' not in html
    client_for(owner_a).post(url, {"show_areas": "on"})
    firm_a.refresh_from_db()
    html = client_for(owner_a).get(url).content.decode()
    token = str(firm_a.scorecard_publication.token)
    assert f"http://testserver/v/{token}/" in html
