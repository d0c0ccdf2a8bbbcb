"""The brand's alerts: only about suppliers still sharing their grade; marking them read."""

# The shared fixtures are imported from test_brand_common: pytest passes them in by name.
# ruff: noqa: F811

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.chains.models import ChainAlert
from filiera.chains.services import sharing
from tests.chains.test_brand_common import (  # noqa: F401 (fixtures)
    EXPECTED,
    brand_members,
    persona_statuses,
    scene,
)

Kind = ChainAlert.Kind


def url(brand):
    return reverse("chain_alerts", args=[brand.pk])


@pytest.fixture
def alerts(scene):
    brand, a, b = scene["brand"], scene["a"], scene["b"]
    return {
        "drop": ChainAlert.objects.create(
            client=brand,
            supplier=a,
            kind=Kind.GRADE_DROP,
            key="drop:1",
            detail={"supplier": a.legal_name, "old": "A", "new": "C"},
        ),
        "unnamed": ChainAlert.objects.create(
            client=brand,
            supplier=None,
            kind=Kind.NOT_ASSESSED,
            key="unassessed:9",
            detail={"tier": 2, "processes": ["MU.EMBROIDERY"]},
        ),
        "hidden": ChainAlert.objects.create(
            client=brand,
            supplier=b,
            kind=Kind.EVIDENCE_EXPIRING,
            key="evidence:1",
            detail={"supplier": b.legal_name, "document": "DURC", "valid_until": "2026-01-01"},
        ),
    }


@pytest.mark.django_db
def test_personas(request, client_for, alerts, scene, brand_members):
    assert persona_statuses(request, client_for, url(scene["brand"])) == EXPECTED
    for user in brand_members.values():
        assert client_for(user).get(url(scene["brand"])).status_code == 200
    assert client_for(None).get(url(scene["brand"])).status_code == 302


@pytest.mark.django_db
def test_only_alerts_of_suppliers_sharing_their_grade(client_for, brand_owner, alerts, scene):
    client = client_for(brand_owner)
    html = client.get(url(scene["brand"])).content.decode()
    assert f'id="alert-{alerts["drop"].pk}"' in html
    assert f'id="alert-{alerts["unnamed"].pk}"' in html
    assert f'id="alert-{alerts["hidden"].pk}"' not in html
    assert scene["b"].legal_name not in html
    sharing.revoke(None, scene["a"], scene["brand"])
    html = client.get(url(scene["brand"])).content.decode()
    assert f'id="alert-{alerts["drop"].pk}"' not in html
    assert scene["a"].legal_name not in html


@pytest.mark.django_db
def test_mark_read(client_for, brand_owner, brand_members, alerts, scene):
    target = url(scene["brand"])
    viewer = client_for(brand_members["viewer"])
    assert viewer.post(target, {"alert": [alerts["drop"].pk]}).status_code == 403
    editor = client_for(brand_members["editor"])
    response = editor.post(target, {"alert": [alerts["drop"].pk, alerts["hidden"].pk]})
    assert response.status_code == 302
    alerts["drop"].refresh_from_db()
    alerts["hidden"].refresh_from_db()
    assert alerts["drop"].read_at is not None
    assert alerts["hidden"].read_at is None  # not visible to the brand: left alone
    client_for(brand_owner).post(target, {"all": "1"})
    alerts["unnamed"].refresh_from_db()
    assert alerts["unnamed"].read_at is not None
    html = client_for(brand_owner).get(target, {"show": "all"}).content.decode()
    assert f'id="alert-{alerts["drop"].pk}"' in html


@pytest.mark.django_db
def test_unread_count_on_the_dashboard(client_for, brand_owner, alerts, scene):
    response = client_for(brand_owner).get(reverse("chain_dashboard", args=[scene["brand"].pk]))
    assert response.context["unread_alerts"] == 2


@pytest.mark.django_db
def test_others_may_not_mark_read(client_for, prato_manager, brand_y_owner, alerts, scene):
    target = url(scene["brand"])
    assert client_for(prato_manager).post(target, {"all": "1"}).status_code == 403
    assert client_for(brand_y_owner).post(target, {"all": "1"}).status_code == 404
    assert client_for(None).post(target, {"all": "1"}).status_code == 302
    assert not ChainAlert.objects.filter(read_at__isnull=False).exists()
