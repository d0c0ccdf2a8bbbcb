"""One supplier as the brand sees it: exactly what its consent allows, read fresh."""

# The shared fixtures are imported from test_brand_common: pytest passes them in by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from filiera.chains.models import AccessLog, Level, Scope
from filiera.chains.services import sharing
from filiera.qualification.models import Evidence
from tests.chains.test_brand_common import (  # noqa: F401 (fixtures)
    EXPECTED,
    brand_members,
    persona_statuses,
    scene,
    share,
)


def url(brand, supplier):
    return reverse("chain_supplier", args=[brand.pk, supplier.pk])


def scopes(brand, supplier, via="page"):
    return set(
        AccessLog.objects.filter(client=brand, supplier=supplier, via=via).values_list(
            "scope", flat=True
        )
    )


@pytest.mark.django_db
def test_personas(request, client_for, scene, brand_members):
    target = url(scene["brand"], scene["a"])
    assert persona_statuses(request, client_for, target) == EXPECTED
    for user in brand_members.values():
        assert client_for(user).get(target).status_code == 200
    assert client_for(None).get(target).status_code == 302


@pytest.mark.django_db
def test_grade_only(client_for, brand_owner, scene):
    response = client_for(brand_owner).get(url(scene["brand"], scene["a"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"grade grade-{scene['assessment'].grade}" in html
    for marker in ('id="areas-table"', 'id="answers-heading"', 'id="evidence"', 'id="profile"'):
        assert marker not in html
    assert 'id="sites"' not in html
    assert scopes(scene["brand"], scene["a"]) == {Scope.GRADE}


@pytest.mark.django_db
def test_each_level_adds_its_data(client_for, brand_owner, scene):
    brand, a = scene["brand"], scene["a"]
    client = client_for(brand_owner)
    share(a, brand, Level.AREAS)
    html = client.get(url(brand, a)).content.decode()
    assert 'id="areas-table"' in html and 'id="answers-heading"' not in html
    share(a, brand, Level.ANSWERS)
    html = client.get(url(brand, a)).content.decode()
    answered = scene["assessment"].answers.exclude(value="").first()
    assert f'id="answer-{answered.question}"' in html and 'id="evidence"' not in html
    share(a, brand, Level.EVIDENCE, profile=True, sites=True)
    html = client.get(url(brand, a)).content.decode()
    evidence = Evidence.objects.filter(firm=a).first()
    link = reverse("chain_supplier_evidence", args=[brand.pk, a.pk, evidence.pk])
    assert link in html
    assert a.vat_display in html and a.sites.first().name in html
    assert scopes(brand, a) == {
        Scope.GRADE,
        Scope.AREAS,
        Scope.ANSWERS,
        Scope.EVIDENCE,
        Scope.PROFILE,
        Scope.SITES,
    }


@pytest.mark.django_db
def test_evidence_download_follows_the_consent(client_for, brand_owner, scene, firm_b, owner_b):
    from tests.qualification.conftest import add_evidence

    brand, a = scene["brand"], scene["a"]
    evidence = Evidence.objects.filter(firm=a).first()
    link = reverse("chain_supplier_evidence", args=[brand.pk, a.pk, evidence.pk])
    client = client_for(brand_owner)
    assert client.get(link).status_code == 404  # grade only
    share(a, brand, Level.EVIDENCE)
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = add_evidence(owner_b, firm_b)
    wrong = reverse("chain_supplier_evidence", args=[brand.pk, a.pk, other.pk])
    assert client.get(wrong).status_code == 404
    sharing.revoke(None, a, brand)
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_hidden_suppliers_are_not_found(client_for, brand_owner, brand_y_owner, brand_y, scene):
    brand, a, b = scene["brand"], scene["a"], scene["b"]
    client = client_for(brand_owner)
    assert client.get(url(brand, b)).status_code == 404  # undisclosed tier 2
    assert client.get(url(brand, brand)).status_code == 404
    assert client_for(brand_y_owner).get(url(brand_y, a)).status_code == 404  # not Y's
    share(a, brand_y)  # a consent alone does not put it in Y's chain
    assert client_for(brand_y_owner).get(url(brand_y, a)).status_code == 404
    sharing.revoke(None, a, brand)
    assert client.get(url(brand, a)).status_code == 404


@pytest.mark.django_db
def test_tier_two_supplier_sharing_with_the_brand_is_shown(client_for, brand_owner, scene):
    share(scene["b"], scene["brand"])
    response = client_for(brand_owner).get(url(scene["brand"], scene["b"]))
    assert response.status_code == 200
    assert scene["b"].legal_name in response.content.decode()


@pytest.mark.django_db
def test_ask_for_more_form(client_for, brand_owner, brand_members, scene):
    try:
        action = reverse("chain_request_sharing", args=[scene["brand"].pk, scene["a"].pk])
    except NoReverseMatch:
        pytest.skip("the request page is not routed yet")
    target = url(scene["brand"], scene["a"])
    assert f'action="{action}"' in client_for(brand_owner).get(target).content.decode()
    viewer = brand_members["viewer"]
    assert f'action="{action}"' not in client_for(viewer).get(target).content.decode()
