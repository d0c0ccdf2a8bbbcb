"""The e-mailed link for a firm not yet on Filiera: sign up, register the firm, accept."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.chains.services import invitations
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm, FirmMembership
from tests.conftest import PASSWORD


@pytest.fixture
def invitation(brand_c, brand_owner) -> SupplyInvitation:
    return invitations.invite(
        brand_owner,
        brand_c,
        email="info@tintoria.example",
        name="Tintoria Delta",
        tier=2,
        processes=["MU.EMBROIDERY"],
        requested_level=Level.EVIDENCE,
    )


def _url(invitation):
    return reverse("supply_join", args=[invitation.token])


def test_new_firm_end_to_end(invitation, brand_c, prato, client_for):
    client = client_for(None)
    page = client.get(_url(invitation))
    body = page.content.decode()
    assert page.status_code == 200 and brand_c.legal_name in body
    assert 'id="join-signup"' in body and f"?next={_url(invitation)}" in body
    assert "data-vsme-cap" in body  # it asks for evidence files: beyond the VSME cap

    response = client.post(
        _url(invitation),
        {
            "username": "delta",
            "email": "info@tintoria.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == _url(invitation)
    user = get_user_model().objects.get(username="delta")
    assert user.check_password(PASSWORD)

    page = client.get(_url(invitation))
    assert page.status_code == 200 and 'id="join-form"' in page.content.decode()
    vat = italian_vat(2001)
    response = client.post(
        _url(invitation),
        {
            "legal_name": "Tintoria Delta S.r.l.",
            "vat": vat,
            "municipality_text": "100005",
            "site_name": "Stabilimento",
        },
    )
    firm = Firm.objects.get(vat=vat)
    assert response.status_code == 302
    assert response["Location"] == reverse("supplier_invitation", args=[firm.pk, invitation.pk])
    assert FirmMembership.objects.get(firm=firm, user=user).role == "owner"
    assert list(firm.districts.all()) == [prato]
    assert firm.sites.get().name == "Stabilimento"
    invitation.refresh_from_db()
    assert invitation.supplier == firm and invitation.is_pending

    site = firm.sites.get()
    response = client.post(response["Location"], {"action": "accept", "site": site.pk})
    assert response.status_code == 302
    relation = SupplyRelation.objects.get(client=brand_c, supplier=firm)
    assert relation.site == site and relation.tier == 2
    consent = Consent.objects.get(supplier=firm, client=brand_c)
    assert consent.level == Level.GRADE and consent.requested_level == Level.EVIDENCE
    # The link is used up.
    assert client.get(_url(invitation)).status_code == 410


def test_sign_up_errors_are_named(invitation, owner_a, client_for):
    response = client_for(None).post(
        _url(invitation),
        {"username": "owner_a", "email": owner_a.email, "password1": "x", "password2": "y"},
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"username", "email", "password2"} <= set(errors)
    assert get_user_model().objects.count() == 2  # the brand's owner and owner_a only


def test_new_firm_errors_are_named(invitation, firm_a, outsider, client_for):
    response = client_for(outsider).post(
        _url(invitation),
        {"legal_name": "", "vat": firm_a.vat, "municipality_text": "Nowhere (XX)"},
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"legal_name", "vat", "municipality_text"} <= set(errors)
    assert Firm.objects.count() == 2  # firm A and the brand
    invitation.refresh_from_db()
    assert invitation.supplier is None


def test_join_with_a_firm_i_run(invitation, firm_b, owner_b, client_for):
    client = client_for(owner_b)
    body = client.get(_url(invitation)).content.decode()
    assert firm_b.legal_name in body
    response = client.post(_url(invitation), {"firm": firm_b.pk})
    assert response["Location"] == reverse("supplier_invitation", args=[firm_b.pk, invitation.pk])
    invitation.refresh_from_db()
    assert invitation.supplier == firm_b
    # Once the firm is known, the link leads its people to the invitation.
    again = client.get(_url(invitation))
    assert again.status_code == 302 and again["Location"] == response["Location"]


def test_a_viewer_cannot_join_with_the_firm(invitation, firm_a, viewer_a, client_for):
    response = client_for(viewer_a).post(_url(invitation), {"firm": firm_a.pk})
    assert response.status_code == 200 and "firm" not in response.context["form"].fields
    invitation.refresh_from_db()
    assert invitation.supplier is None


def test_unknown_and_used_links(invitation, brand_owner, client_for):
    assert client_for(None).get("/join/not-a-token/").status_code == 404
    invitations.cancel(brand_owner, invitation)
    response = client_for(None).get(_url(invitation))
    assert response.status_code == 410 and 'id="join-invalid"' in response.content.decode()


def test_link_for_a_known_firm_asks_its_people_to_log_in(
    brand_c, brand_owner, firm_a, outsider, client_for
):
    invitation = invitations.invite(brand_owner, brand_c, vat=firm_a.vat, tier=1)
    response = client_for(None).get(_url(invitation))
    assert response.status_code == 200 and 'id="join-taken"' in response.content.decode()
    assert client_for(outsider).get(_url(invitation)).status_code == 403
