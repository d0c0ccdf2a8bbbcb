"""Supplier-side pages (my clients, what a client sees, one invitation): who may open and use
them, and who is denied (404 when the firm is hidden, 403 when visible but not allowed, anonymous
sent to log in)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from filiera.chains.models import Consent, Level, SupplyInvitation
from filiera.chains.services import invitations
from tests.conftest import PERSONAS

FIRM_A = {"admin", "owner_a", "editor_a", "viewer_a"}
EDITORS_A = {"admin", "owner_a", "editor_a"}
# Carpi's staff see firm A in the registry, but chain pages are for the firm's own people.
SEES_FIRM_A = {"manager", "verifier"}


def expected(name: str, allowed: set[str], visible: set[str] = SEES_FIRM_A) -> int:
    if name in allowed:
        return 200
    return 403 if name in visible or name in FIRM_A else 404


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c, brand_y_owner):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    people["brand_y_owner"] = brand_y_owner
    return people


@pytest.fixture
def invitation(chain, brand_y, brand_y_owner, firm_a) -> SupplyInvitation:
    """brand_y invites firm A (already on Filiera) to be a supplier."""
    return invitations.invite(
        brand_y_owner, brand_y, vat=firm_a.vat, tier=1, processes=["MU.KNIT_TO_SHAPE"]
    )


def _pages(firm_a, brand_c, invitation):
    return [
        reverse("supplier_clients", args=[firm_a.pk]),
        reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk]),
        reverse("supplier_invitation", args=[firm_a.pk, invitation.pk]),
    ]


def test_pages_open_to_the_suppliers_people_only(everyone, firm_a, brand_c, invitation, client_for):
    for url in _pages(firm_a, brand_c, invitation):
        for name, user in everyone.items():
            response = client_for(user).get(url)
            assert response.status_code == expected(name, FIRM_A), (url, name)
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_clients_page_shows_clients_and_pending_invitations(
    firm_a, brand_c, brand_y, invitation, owner_a, client_for
):
    response = client_for(owner_a).get(reverse("supplier_clients", args=[firm_a.pk]))
    body = response.content.decode()
    assert brand_c.legal_name in body and f'id="client-{brand_c.pk}"' in body
    assert f'id="invitation-{invitation.pk}"' in body and brand_y.legal_name in body
    assert reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk]) in body
    assert 'value="accept"' in body and 'value="refuse"' in body


def test_viewer_reads_but_gets_no_buttons(firm_a, brand_c, invitation, viewer_a, client_for):
    client = client_for(viewer_a)
    body = client.get(reverse("supplier_clients", args=[firm_a.pk])).content.decode()
    assert f'id="invitation-{invitation.pk}"' in body and 'value="accept"' not in body
    body = client.get(reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk])).content.decode()
    assert 'id="consent-form"' not in body and 'value="revoke"' not in body


def test_actions_need_an_owner_or_editor(everyone, firm_a, brand_c, invitation, client_for):
    """Every POST: viewers and Carpi's staff 403, other firms 404; nothing changes."""
    posts = [
        (reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk]), {"action": "save", "level": 3}),
        (
            reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk]),
            {"action": "revoke", "confirm": "1"},
        ),
        (reverse("supplier_invitation", args=[firm_a.pk, invitation.pk]), {"action": "accept"}),
        (
            reverse("supplier_invitation", args=[firm_a.pk, invitation.pk]),
            {"action": "refuse", "reason": "no"},
        ),
    ]
    for url, data in posts:
        for name, user in everyone.items():
            if name in EDITORS_A:
                continue
            response = client_for(user).post(url, data)
            assert response.status_code == expected(name, set()), (url, name)
        response = client_for(None).post(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"]
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.level == Level.GRADE and consent.revoked_at is None
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_a_firm_that_is_not_a_client_is_not_found(firm_a, brand_y, firm_b, owner_a, client_for):
    client = client_for(owner_a)
    assert client.get(reverse("supplier_sharing", args=[firm_a.pk, brand_y.pk])).status_code == 404
    assert client.get(reverse("supplier_sharing", args=[firm_a.pk, 999999])).status_code == 404


def test_an_invitation_to_another_firm_is_not_found(
    chain, brand_c, brand_owner, firm_a, firm_b, owner_a, owner_b, client_for
):
    to_b = invitations.invite(
        brand_owner, brand_c, vat=firm_b.vat, tier=2, processes=["MU.EMBROIDERY"]
    )
    url = reverse("supplier_invitation", args=[firm_a.pk, to_b.pk])
    assert client_for(owner_a).get(url).status_code == 404
    assert client_for(owner_a).post(url, {"action": "accept"}).status_code == 404
    ok = client_for(owner_b).get(reverse("supplier_invitation", args=[firm_b.pk, to_b.pk]))
    assert ok.status_code == 200


def test_a_client_sees_nothing_of_the_suppliers_pages(
    chain, firm_a, brand_c, brand_owner, client_for
):
    """The client's people reach no supplier-side page, not even the page about themselves."""
    client = client_for(brand_owner)
    assert client.get(reverse("supplier_clients", args=[firm_a.pk])).status_code == 404
    url = reverse("supplier_sharing", args=[firm_a.pk, brand_c.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "save", "level": 4}).status_code == 404
    assert Consent.objects.get(supplier=firm_a, client=brand_c).level == Level.GRADE


def test_firm_page_links_its_people_to_the_chain_pages(firm_a, owner_a, manager, client_for):
    url = reverse("firm_detail", args=[firm_a.pk])
    body = client_for(owner_a).get(url).content.decode()
    assert reverse("supplier_clients", args=[firm_a.pk]) in body
    assert reverse("chain_dashboard", args=[firm_a.pk]) in body
    body = client_for(manager).get(url).content.decode()
    assert reverse("supplier_clients", args=[firm_a.pk]) not in body
