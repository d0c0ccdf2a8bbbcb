"""The brand's chain dashboard: who sees it, what each supplier shows, filters, access log."""

# The shared fixtures are imported from test_brand_common: pytest passes them in by name.
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from filiera.chains.models import AccessLog, Consent, Level, Scope
from filiera.chains.services import sharing
from tests.chains.test_brand_common import (  # noqa: F401 (fixtures)
    EXPECTED,
    brand_members,
    persona_statuses,
    prato_verifier,
    scene,
    share,
)


def url(brand):
    return reverse("chain_dashboard", args=[brand.pk])


def table_of(html: str) -> str:
    return html.split('id="suppliers-table"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_personas(request, client_for, scene, brand_members, prato_verifier):
    brand = scene["brand"]
    assert persona_statuses(request, client_for, url(brand)) == EXPECTED
    for user in brand_members.values():
        assert client_for(user).get(url(brand)).status_code == 200
    assert client_for(prato_verifier).get(url(brand)).status_code == 403
    response = client_for(None).get(url(brand))
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.django_db
def test_grade_only_supplier_shows_grade_not_areas(client_for, brand_owner, scene):
    a, b = scene["a"], scene["b"]
    html = client_for(brand_owner).get(url(scene["brand"])).content.decode()
    assert a.legal_name in html
    assert reverse("chain_supplier", args=[scene["brand"].pk, a.pk]) in html
    assert f"grade grade-{scene['assessment'].grade}" in table_of(html)
    assert 'class="num area"' not in html
    assert b.legal_name not in html  # undisclosed tier-2 supplier
    assert 'id="row-2"' in html  # ... still listed, without a name


@pytest.mark.django_db
def test_area_level_supplier_shows_area_scores(client_for, brand_owner, scene):
    share(scene["a"], scene["brand"], Level.AREAS)
    html = client_for(brand_owner).get(url(scene["brand"])).content.decode()
    assert 'class="num area"' in html
    areas = scene["assessment"].score.result["areas"]
    some = next(v for v in areas.values() if v.get("score") is not None)
    assert f"{some['score']:.1f}".replace(".", ",") in html or f"{some['score']:.1f}" in html


@pytest.mark.django_db
def test_revoking_removes_the_supplier_at_once(client_for, brand_owner, scene):
    client = client_for(brand_owner)
    assert scene["a"].legal_name in client.get(url(scene["brand"])).content.decode()
    sharing.revoke(None, scene["a"], scene["brand"])
    html = client.get(url(scene["brand"])).content.decode()
    assert scene["a"].legal_name not in html
    assert "grade grade-" not in table_of(html)


@pytest.mark.django_db
def test_supplier_of_one_brand_is_invisible_to_another(
    client_for, brand_y_owner, brand_y, scene, relate
):
    a = scene["a"]
    client = client_for(brand_y_owner)
    assert a.legal_name not in client.get(url(brand_y)).content.decode()
    relate(brand_y, a, consent=False)  # in Y's chain, sharing nothing with Y
    html = client.get(url(brand_y)).content.decode()
    assert a.legal_name not in html and 'id="row-1"' in html
    share(a, brand_y)
    assert a.legal_name in client.get(url(brand_y)).content.decode()


@pytest.mark.django_db
def test_filters_by_tier_and_process(client_for, brand_owner, scene):
    client = client_for(brand_owner)
    html = client.get(url(scene["brand"]), {"tier": 2}).content.decode()
    assert 'id="row-1"' in html and 'id="row-2"' not in html
    assert scene["a"].legal_name not in table_of(html)
    html = client.get(url(scene["brand"]), {"process": "MU.KNIT_TO_SHAPE"}).content.decode()
    table = table_of(html)
    assert scene["a"].legal_name in table and 'id="row-2"' not in table
    partial = client.get(
        url(scene["brand"]),
        {"tier": 1},
        headers={"HX-Request": "true", "HX-Target": "chain-results"},
    ).content.decode()
    assert "<html" not in partial and 'id="suppliers-table"' in partial
    bad = client.get(url(scene["brand"]), {"tier": "9", "process": "NOPE"})
    assert bad.status_code == 200 and 'id="row-2"' in bad.content.decode()


@pytest.mark.django_db
def test_access_is_logged_per_scope(client_for, brand_owner, scene):
    share(scene["a"], scene["brand"], Level.AREAS, sites=True)
    client_for(brand_owner).get(url(scene["brand"]))
    logged = set(
        AccessLog.objects.filter(client=scene["brand"]).values_list("supplier_id", "scope", "via")
    )
    a = scene["a"].pk
    assert logged == {(a, Scope.GRADE, "page"), (a, Scope.AREAS, "page"), (a, Scope.SITES, "page")}


@pytest.mark.django_db
def test_map_only_has_sites_of_suppliers_sharing_them(client_for, brand_owner, scene):
    html = client_for(brand_owner).get(url(scene["brand"])).content.decode()
    assert 'id="chain-points"' not in html
    Consent.objects.filter(supplier=scene["a"], client=scene["brand"]).update(sites=True)
    html = client_for(brand_owner).get(url(scene["brand"])).content.decode()
    points = json.loads(html.split('id="chain-points"')[1].split(">", 1)[1].split("</script>")[0])
    assert [p["supplier_id"] for p in points] == [scene["a"].pk]
    assert points[0]["site"].startswith(scene["a"].sites.first().name)


@pytest.mark.django_db
def test_indicators_and_counts(client_for, brand_owner, scene):
    response = client_for(brand_owner).get(url(scene["brand"]))
    ind = response.context["ind"]
    assert ind.suppliers == 2
    assert ind.totals.not_shared == 1
    assert response.context["pending_invitations"] == 0


@pytest.mark.django_db
def test_cycles_render(client_for, brand_owner, scene, relate):
    relate(scene["b"], scene["a"], tier=2)  # a ← b ← a
    relate(scene["b"], scene["brand"], tier=3, consent=False)  # back to the brand
    response = client_for(brand_owner).get(url(scene["brand"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="edge back"' in html
    assert scene["b"].legal_name not in html
