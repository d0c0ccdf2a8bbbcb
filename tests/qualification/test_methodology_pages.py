"""Methodology pages: who may read, download, derive, edit, publish and re-score, and what the
readable version shows."""

from __future__ import annotations

import json

import pytest
import yaml
from django.urls import reverse

from filiera.qualification.models import MethodologyVersion
from filiera.qualification.services import methodologies
from tests.conftest import PERSONAS

CARPI_STAFF = {"admin", "manager", "verifier"}
CARPI_MANAGERS = {"admin", "manager"}
MANAGERS = {"admin", "manager", "prato_manager"}


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def carpi_draft(base_version, manager, carpi) -> MethodologyVersion:
    return methodologies.derive(manager, base_version, carpi)


def _url(name: str, version: MethodologyVersion) -> str:
    return reverse(name, args=[version.methodology.slug, version.number])


def _check(everyone, client_for, url: str, allowed: set[str], hidden: set[str] | None = None):
    """``allowed`` get 200; ``hidden`` get 404; everyone else gets 403."""
    for name, user in everyone.items():
        status = client_for(user).get(url).status_code
        if name in allowed:
            expected = 200
        elif hidden is not None and name in hidden:
            expected = 404
        else:
            expected = 403
        assert status == expected, (url, name, status)


# Who may do what --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(base_version, carpi_draft, client_for):
    urls = [reverse("methodology_list")]
    for name in ("methodology_version", "methodology_json", "methodology_yaml"):
        urls += [_url(name, base_version), _url(name, carpi_draft)]
    for name in ("methodology_edit", "methodology_publish", "methodology_rescore"):
        urls.append(_url(name, carpi_draft))
    urls.append(_url("methodology_rescore", base_version))
    for url in urls:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    response = client_for(None).post(_url("methodology_derive", base_version))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_every_logged_in_person_reads_the_shipped_version(everyone, base_version, client_for):
    everybody = set(PERSONAS)
    _check(everyone, client_for, reverse("methodology_list"), everybody)
    for name in ("methodology_version", "methodology_json", "methodology_yaml"):
        _check(everyone, client_for, _url(name, base_version), everybody)


def test_a_district_draft_is_seen_by_its_staff_only(everyone, carpi_draft, client_for):
    hidden = set(PERSONAS) - CARPI_STAFF
    for name in ("methodology_version", "methodology_json", "methodology_yaml"):
        _check(everyone, client_for, _url(name, carpi_draft), CARPI_STAFF, hidden)


def test_only_the_districts_managers_edit_and_publish_its_draft(everyone, carpi_draft, client_for):
    hidden = set(PERSONAS) - CARPI_STAFF  # the verifier sees the draft but may not change it
    for name in ("methodology_edit", "methodology_publish"):
        _check(everyone, client_for, _url(name, carpi_draft), CARPI_MANAGERS, hidden)


def test_writes_to_a_draft_are_denied_like_reads(everyone, carpi_draft, client_for):
    before = carpi_draft.definition
    area = before["areas"][0]["code"]
    for name in ("verifier", "prato_manager", "owner_a", "outsider"):
        client = client_for(everyone[name])
        expected = 403 if name == "verifier" else 404
        response = client.post(_url("methodology_edit", carpi_draft), {f"area:{area}:weight": 5})
        assert response.status_code == expected, name
        response = client.post(_url("methodology_publish", carpi_draft))
        assert response.status_code == expected, name
    carpi_draft.refresh_from_db()
    assert carpi_draft.definition == before
    assert carpi_draft.status == MethodologyVersion.Status.DRAFT


def test_a_published_district_version_is_readable_by_everyone(
    everyone, carpi_draft, manager, client_for
):
    methodologies.publish(manager, carpi_draft)
    _check(everyone, client_for, _url("methodology_version", carpi_draft), set(PERSONAS))


def test_the_rescore_page_is_for_district_managers(everyone, base_version, client_for):
    _check(everyone, client_for, _url("methodology_rescore", base_version), MANAGERS)


def test_a_districts_own_version_is_rescored_by_that_district_only(
    everyone, carpi_draft, manager, client_for
):
    methodologies.publish(manager, carpi_draft)
    _check(everyone, client_for, _url("methodology_rescore", carpi_draft), CARPI_MANAGERS)


# The list ---------------------------------------------------------------------------------


def test_the_list_shows_shipped_and_own_methodologies(
    base_version, carpi_draft, verifier, owner_a, prato_manager, client_for
):
    staff_page = client_for(verifier).get(reverse("methodology_list")).content.decode()
    assert base_version.methodology.slug in staff_page
    assert carpi_draft.methodology.slug in staff_page
    assert _url("methodology_version", carpi_draft) in staff_page
    for user in (owner_a, prato_manager):
        page = client_for(user).get(reverse("methodology_list")).content.decode()
        assert base_version.methodology.slug in page
        assert carpi_draft.methodology.slug not in page


def test_the_list_counts_assessments_per_version(submitted_a, manager, client_for):
    response = client_for(manager).get(reverse("methodology_list"))
    version = next(
        v
        for m, versions in response.context["rows"]
        for v in versions
        if v.pk == submitted_a.version_id
    )
    assert version.assessment_count == 1


# The readable version ---------------------------------------------------------------------


def test_the_version_page_shows_every_question_and_its_rules(base_version, owner_a, client_for):
    parsed = base_version.parsed()
    response = client_for(owner_a).get(_url("methodology_version", base_version) + "?lang=en")
    page = response.content.decode()
    for area in parsed.areas:
        assert f'id="area-{area.code}"' in page
        for q in area.questions:
            assert f'id="q-{q.code}"' in page
    wet = parsed.question("ENV-1.01")
    assert wet.text.en in page
    assert "only firms with wet processes" in page
    for certificate in parsed.certificates:
        assert certificate.code in page
    durc = parsed.certificate("durc")
    assert f"{durc.validity_days} days" in page
    for field in parsed.profile:
        assert field.code in page
    assert _url("methodology_json", base_version) in page
    assert _url("methodology_yaml", base_version) in page


def test_the_version_page_switches_language(base_version, owner_a, client_for):
    parsed = base_version.parsed()
    q = parsed.areas[0].questions[0]
    client = client_for(owner_a)
    italian = client.get(_url("methodology_version", base_version)).content.decode()
    english = client.get(_url("methodology_version", base_version) + "?lang=en").content.decode()
    assert q.text.it in italian and q.text.en not in italian
    assert q.text.en in english and q.text.it not in english
    assert "?lang=en" in italian and "?lang=it" in english


def test_applicability_is_written_in_words(base_version):
    from filiera.qualification.methodology.schema import Question
    from filiera.qualification.views.methodology_common import applicability

    text = {"it": "Domanda?", "en": "Question?"}
    sizes = Question(
        code="X-1",
        level=1,
        text=text,
        applies_if={"size_classes": ["small", "medium", "large"]},
    )
    roles = Question(
        code="X-2", level=1, text=text, applies_if={"roles": ["subcontractor", "manufacturer"]}
    )
    from django.utils import translation

    with translation.override("en"):
        assert applicability(sizes) == "only firms of size small, medium or large"
        assert applicability(roles) == "only firms whose role is subcontractor or manufacturer"
        assert applicability(Question(code="X-3", level=1, text=text)) == ""


def test_downloads_hold_the_whole_definition(base_version, owner_a, client_for):
    client = client_for(owner_a)
    response = client.get(_url("methodology_json", base_version))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == base_version.definition
    response = client.get(_url("methodology_yaml", base_version))
    assert yaml.safe_load(response.content) == base_version.definition


# Deriving ---------------------------------------------------------------------------------


def test_a_manager_derives_a_district_version(base_version, manager, carpi, client_for):
    response = client_for(manager).post(
        _url("methodology_derive", base_version), {"district": carpi.slug}
    )
    draft = MethodologyVersion.objects.get(methodology__district=carpi)
    assert response.status_code == 302
    assert response.url == _url("methodology_edit", draft)
    assert draft.based_on == base_version
    assert draft.status == MethodologyVersion.Status.DRAFT


def test_firm_people_and_verifiers_may_not_derive(
    base_version, owner_a, verifier, carpi, client_for
):
    for user in (owner_a, verifier):
        response = client_for(user).post(
            _url("methodology_derive", base_version), {"district": carpi.slug}
        )
        assert response.status_code == 403
    assert not MethodologyVersion.objects.filter(methodology__district=carpi).exists()


def test_a_manager_may_not_derive_for_another_district(
    base_version, prato_manager, carpi, prato, client_for
):
    response = client_for(prato_manager).post(
        _url("methodology_derive", base_version), {"district": carpi.slug}
    )
    assert response.status_code == 302
    assert response.url == _url("methodology_version", base_version)
    assert not MethodologyVersion.objects.filter(methodology__district=carpi).exists()


def test_a_manager_of_several_districts_chooses_one(
    base_version, manager, carpi, prato, client_for
):
    from filiera.registry.models import DistrictMembership

    DistrictMembership.objects.create(user=manager, district=prato, role="manager")
    page = client_for(manager).get(_url("methodology_version", base_version)).content.decode()
    assert '<select name="district"' in page
    response = client_for(manager).post(
        _url("methodology_derive", base_version), {"district": prato.slug}
    )
    assert response.status_code == 302
    assert MethodologyVersion.objects.filter(methodology__district=prato).count() == 1


def test_a_second_draft_is_refused(base_version, carpi_draft, manager, carpi, client_for):
    response = client_for(manager).post(
        _url("methodology_derive", base_version), {"district": carpi.slug}, follow=True
    )
    assert response.redirect_chain[-1][0] == _url("methodology_version", base_version)
    assert MethodologyVersion.objects.filter(methodology__district=carpi).count() == 1
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_new_version_of_the_districts_own_methodology_continues_its_numbers(
    carpi_draft, manager, carpi, client_for
):
    methodologies.publish(manager, carpi_draft)
    response = client_for(manager).post(
        _url("methodology_derive", carpi_draft), {"district": carpi.slug}
    )
    second = MethodologyVersion.objects.get(based_on=carpi_draft)
    assert response.url == _url("methodology_edit", second)
    assert second.methodology == carpi_draft.methodology
    assert second.number == 2


def test_rescoring_is_denied_to_others(everyone, verified_a, base_version, carpi, client_for):
    from filiera.qualification.models import Score

    url = _url("methodology_rescore", base_version)
    for name in ("verifier", "owner_a", "viewer_a", "brand_owner", "outsider"):
        response = client_for(everyone[name]).post(url, {"district": carpi.slug})
        assert response.status_code == 403, name
    response = client_for(everyone["prato_manager"]).post(url, {"district": carpi.slug})
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not Score.objects.filter(kind=Score.Kind.RESCORE).exists()
