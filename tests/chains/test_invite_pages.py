"""The client's invitation pages: invite a supplier, follow and cancel invitations, ask a
supplier of the chain to share more. Who may use them, and what bad input does."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from filiera.chains.models import Consent, Level, SupplyInvitation
from filiera.chains.services import invitations
from filiera.registry.models import FirmMembership
from tests.conftest import PERSONAS

BRAND = {"admin", "brand_owner"}


def expected(name: str, allowed: set[str]) -> int:
    """Brand C is in Prato: Prato's manager and its viewer see the firm but may not act."""
    if name in allowed:
        return 200
    return 403 if name in {"prato_manager", "brand_viewer"} else 404


@pytest.fixture
def brand_viewer(make_user, brand_c):
    user = make_user("brand_viewer")
    FirmMembership.objects.create(user=user, firm=brand_c, role="viewer")
    return user


@pytest.fixture
def everyone(request, firm_a, firm_b, brand_c, brand_viewer, brand_y_owner):
    people = {name: request.getfixturevalue(name) for name in PERSONAS}
    people |= {"brand_viewer": brand_viewer, "brand_y_owner": brand_y_owner}
    return people


def test_invite_pages_for_the_clients_owners_and_editors(everyone, brand_c, client_for):
    for url in (
        reverse("chain_invite", args=[brand_c.pk]),
        reverse("chain_bulk_invite", args=[brand_c.pk]),
    ):
        for name, user in everyone.items():
            assert client_for(user).get(url).status_code == expected(name, BRAND), (url, name)
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_invite_a_firm_on_filiera_by_vat(brand_c, brand_owner, firm_a, owner_a, client_for):
    mail.outbox.clear()
    url = reverse("chain_invite", args=[brand_c.pk])
    response = client_for(brand_owner).post(
        url,
        {
            "vat": firm_a.vat.removeprefix("IT"),
            "tier": 1,
            "processes": ["MU.KNIT_TO_SHAPE", "MU.EMBROIDERY"],
            "message": "Benvenuti",
            "requested_level": Level.AREAS,
            "requested_sites": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#sent")
    invitation = SupplyInvitation.objects.get(client=brand_c)
    assert invitation.supplier == firm_a and invitation.requested_level == Level.AREAS
    assert invitation.requested_sites and not invitation.requested_profile
    assert set(invitation.processes.values_list("code", flat=True)) == {
        "MU.KNIT_TO_SHAPE",
        "MU.EMBROIDERY",
    }
    assert [m.to for m in mail.outbox] == [[owner_a.email]]
    body = client_for(brand_owner).get(url).content.decode()
    assert f'id="invitation-{invitation.pk}"' in body and firm_a.legal_name in body


def test_invite_a_new_firm_by_email(brand_c, brand_owner, client_for):
    mail.outbox.clear()
    client_for(brand_owner).post(
        reverse("chain_invite", args=[brand_c.pk]),
        {"email": "Info@Tintoria.example", "name": "Tintoria Delta", "tier": 2},
    )
    invitation = SupplyInvitation.objects.get(client=brand_c)
    assert invitation.supplier is None and invitation.email == "info@tintoria.example"
    assert mail.outbox[0].to == ["info@tintoria.example"]
    assert reverse("supply_join", args=[invitation.token]) in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"tier": 1}, "vat"),
        ({"vat": "12345", "tier": 1}, "vat"),
        ({"email": "not-an-address", "tier": 1}, "email"),
        ({"email": "x@example.test"}, "tier"),
        ({"email": "x@example.test", "tier": 7}, "tier"),
        ({"email": "x@example.test", "tier": 1, "processes": ["NOPE"]}, "processes"),
    ],
)
def test_bad_input_is_named_and_nothing_saved(brand_c, brand_owner, client_for, data, field):
    response = client_for(brand_owner).post(reverse("chain_invite", args=[brand_c.pk]), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not SupplyInvitation.objects.exists()


def test_service_error_lands_on_its_field(brand_c, brand_owner, firm_a, client_for):
    """A second invitation to the same firm: the service's error shows on the VAT field."""
    data = {"vat": firm_a.vat, "tier": 1}
    client = client_for(brand_owner)
    client.post(reverse("chain_invite", args=[brand_c.pk]), data)
    response = client.post(reverse("chain_invite", args=[brand_c.pk]), data)
    assert response.status_code == 200 and "vat" in response.context["form"].errors
    assert SupplyInvitation.objects.count() == 1
    own = client.post(reverse("chain_invite", args=[brand_c.pk]), {"vat": brand_c.vat, "tier": 1})
    assert "vat" in own.context["form"].errors


def test_cancel_an_invitation(everyone, brand_c, brand_owner, firm_a, client_for):
    invitation = invitations.invite(brand_owner, brand_c, vat=firm_a.vat, tier=1)
    url = reverse("chain_invitation_cancel", args=[brand_c.pk, invitation.pk])
    assert client_for(brand_owner).get(url).status_code == 405
    for name, user in everyone.items():
        if name not in BRAND:
            assert client_for(user).post(url).status_code == expected(name, set()), name
    invitation.refresh_from_db()
    assert invitation.is_pending
    response = client_for(brand_owner).post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == SupplyInvitation.Status.CANCELLED


def test_cancel_through_another_firm_is_not_found(
    brand_c, brand_owner, brand_y, brand_y_owner, firm_a, client_for
):
    invitation = invitations.invite(brand_owner, brand_c, vat=firm_a.vat, tier=1)
    url = reverse("chain_invitation_cancel", args=[brand_y.pk, invitation.pk])
    assert client_for(brand_y_owner).post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_request_sharing_from_a_supplier_of_the_chain(
    everyone, chain, brand_c, brand_owner, firm_a, firm_b, client_for
):
    url = reverse("chain_request_sharing", args=[brand_c.pk, firm_b.pk])
    data = {"level": Level.ANSWERS, "sites": "on", "message": "Per il bilancio"}
    assert client_for(brand_owner).get(url).status_code == 405
    for name, user in everyone.items():
        if name not in BRAND:
            assert client_for(user).post(url, data).status_code == expected(name, set()), name
    assert not Consent.objects.filter(supplier=firm_b, client=brand_c).exists()
    response = client_for(brand_owner).post(url, data)
    assert response.status_code == 302
    consent = Consent.objects.get(supplier=firm_b, client=brand_c)
    assert consent.requested_level == Level.ANSWERS and consent.requested_sites
    assert consent.level == Level.NONE and consent.request_message == "Per il bilancio"


def test_request_sharing_outside_the_chain_is_refused(
    chain, brand_c, brand_owner, brand_y, client_for
):
    response = client_for(brand_owner).post(
        reverse("chain_request_sharing", args=[brand_c.pk, brand_y.pk]), {"level": Level.AREAS}
    )
    assert response.status_code == 302
    assert not Consent.objects.filter(supplier=brand_y).exists()
