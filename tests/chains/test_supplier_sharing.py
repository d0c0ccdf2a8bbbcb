"""What a supplier lets a client see: accepting and refusing invitations, changing the consent,
stopping sharing, answering a request (with the VSME cap notice), the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from filiera.chains.models import AccessLog, Consent, Level, SupplyInvitation, SupplyRelation
from filiera.chains.services import invitations, sharing


@pytest.fixture
def invitation(brand_c, brand_owner, firm_a) -> SupplyInvitation:
    """Lanificio Gamma invites firm A, asking for answers and sites (beyond the VSME cap)."""
    return invitations.invite(
        brand_owner,
        brand_c,
        vat=firm_a.vat,
        tier=1,
        processes=["MU.KNIT_TO_SHAPE"],
        message="Lavoriamo insieme",
        requested_level=Level.ANSWERS,
        requested_sites=True,
    )


def _sharing_url(firm, client):
    return reverse("supplier_sharing", args=[firm.pk, client.pk])


def test_accept_creates_the_relation_and_shares_the_grade_only(
    invitation, firm_a, brand_c, owner_a, client_for
):
    site = firm_a.sites.get()
    url = reverse("supplier_invitation", args=[firm_a.pk, invitation.pk])
    response = client_for(owner_a).post(url, {"action": "accept", "site": site.pk})
    assert response.status_code == 302 and response["Location"] == _sharing_url(firm_a, brand_c)
    relation = SupplyRelation.objects.get(client=brand_c, supplier=firm_a)
    assert relation.site == site and relation.tier == 1
    assert list(relation.processes.values_list("code", flat=True)) == ["MU.KNIT_TO_SHAPE"]
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert (consent.level, consent.profile, consent.sites) == (Level.GRADE, False, False)
    assert consent.request_open and consent.requested_level == Level.ANSWERS
    invitation.refresh_from_db()
    assert invitation.status == SupplyInvitation.Status.ACCEPTED


def test_accept_refuses_a_site_of_another_firm(invitation, firm_a, firm_b, editor_a, client_for):
    url = reverse("supplier_invitation", args=[firm_a.pk, invitation.pk])
    response = client_for(editor_a).post(url, {"action": "accept", "site": firm_b.sites.get().pk})
    assert response.status_code == 200
    assert "site" in response.context["card"].accept_form.errors
    assert not SupplyRelation.objects.exists()


def test_refuse_with_a_reason_the_client_reads(
    invitation, firm_a, brand_c, owner_a, brand_owner, client_for
):
    url = reverse("supplier_invitation", args=[firm_a.pk, invitation.pk])
    response = client_for(owner_a).post(url, {"action": "refuse", "reason": "Siamo al completo"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "refused" and invitation.refusal_reason == "Siamo al completo"
    assert not SupplyRelation.objects.exists() and not Consent.objects.exists()
    body = client_for(brand_owner).get(reverse("chain_invite", args=[brand_c.pk])).content
    assert "Siamo al completo" in body.decode()
    # Answered once: the page shows the status and no more buttons.
    body = client_for(owner_a).get(url).content.decode()
    assert 'data-status="refused"' in body and 'value="accept"' not in body


def test_change_what_a_client_sees(chain, firm_a, brand_c, editor_a, client_for):
    url = _sharing_url(firm_a, brand_c)
    response = client_for(editor_a).post(
        url, {"action": "save", "level": Level.AREAS, "profile": "on"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert (consent.level, consent.profile, consent.sites) == (Level.AREAS, True, False)
    body = client_for(editor_a).get(url).content.decode()
    assert 'data-level="2"' in body


def test_bad_level_is_named_and_nothing_changes(chain, firm_a, brand_c, owner_a, client_for):
    response = client_for(owner_a).post(
        _sharing_url(firm_a, brand_c), {"action": "save", "level": 9}
    )
    assert response.status_code == 200 and "level" in response.context["form"].errors
    assert Consent.objects.get(supplier=firm_a, client=brand_c).level == Level.GRADE


def test_preview_sentence_follows_the_choice(chain, firm_a, brand_c, owner_a, client_for):
    response = client_for(owner_a).get(
        _sharing_url(firm_a, brand_c),
        {"preview": "1", "level": Level.NONE, "sites": "on"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="sees-preview"' in body and brand_c.legal_name in body
    assert "<html" not in body


def test_stop_sharing_asks_first_then_takes_effect(chain, firm_a, brand_c, owner_a, client_for):
    url = _sharing_url(firm_a, brand_c)
    client = client_for(owner_a)
    response = client.post(url, {"action": "revoke"})
    assert response.status_code == 200 and 'id="confirm-revoke"' in response.content.decode()
    assert Consent.objects.get(supplier=firm_a, client=brand_c).level == Level.GRADE
    response = client.post(url, {"action": "revoke", "confirm": "1"})
    assert response.status_code == 302
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.level == Level.NONE and consent.revoked_at is not None
    assert not consent.shares_anything
    assert 'data-level="0"' in client.get(url).content.decode()


def _ask(brand_owner, brand_c, firm_a, level):
    return sharing.request_sharing(brand_owner, brand_c, firm_a, level=level, message="Serve")


@pytest.mark.parametrize(("level", "notice"), [(Level.AREAS, False), (Level.ANSWERS, True)])
def test_vsme_notice_only_beyond_the_cap(
    chain, firm_a, brand_c, brand_owner, owner_a, client_for, level, notice
):
    _ask(brand_owner, brand_c, firm_a, level)
    client = client_for(owner_a)
    for url in (reverse("supplier_clients", args=[firm_a.pk]), _sharing_url(firm_a, brand_c)):
        body = client.get(url).content.decode()
        assert f'id="request-{brand_c.pk}"' in body or 'id="request"' in body
        assert ("data-vsme-cap" in body) is notice, url


def test_decline_a_request(chain, firm_a, brand_c, brand_owner, owner_a, client_for):
    _ask(brand_owner, brand_c, firm_a, Level.EVIDENCE)
    response = client_for(owner_a).post(
        _sharing_url(firm_a, brand_c), {"action": "decline", "next": "clients"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("supplier_clients", args=[firm_a.pk])
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.request_declined_at is not None and consent.level == Level.GRADE
    body = client_for(owner_a).get(reverse("supplier_clients", args=[firm_a.pk])).content
    assert 'id="requests-empty"' in body.decode()


def test_share_as_asked(chain, firm_a, brand_c, brand_owner, owner_a, client_for):
    _ask(brand_owner, brand_c, firm_a, Level.AREAS)
    client_for(owner_a).post(_sharing_url(firm_a, brand_c), {"action": "grant"})
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.level == Level.AREAS and not consent.request_open


def test_access_log_lists_who_looked(chain, firm_a, brand_c, brand_owner, owner_a, client_for):
    now = timezone.now()
    for days in range(30):
        AccessLog.objects.create(
            supplier=firm_a,
            client=brand_c,
            user=brand_owner,
            scope="grade",
            day=now.date() - dt.timedelta(days=days),
            first_at=now - dt.timedelta(days=days),
            last_at=now - dt.timedelta(days=days),
        )
    client = client_for(owner_a)
    body = client.get(_sharing_url(firm_a, brand_c)).content.decode()
    assert "brand_owner" in body and "?page=2" in body
    assert client.get(_sharing_url(firm_a, brand_c), {"page": 2}).status_code == 200
    clients_page = client.get(reverse("supplier_clients", args=[firm_a.pk])).content.decode()
    assert f'data-last-seen="{timezone.localdate(now).isoformat()}"' in clients_page


def test_the_client_relations_are_shown_not_editable(chain, firm_a, brand_c, owner_a, client_for):
    body = client_for(owner_a).get(_sharing_url(firm_a, brand_c)).content.decode()
    assert 'id="relations"' in body and firm_a.sites.get().name in body
    assert 'name="tier"' not in body
