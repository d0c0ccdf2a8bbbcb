"""Inviting suppliers: find the firm, refuse bad input naming its field, accept, refuse, cancel,
join through the e-mailed link."""

from __future__ import annotations

import pytest
from django.core import mail

from filiera.chains.models import Consent, Level, SupplyInvitation, SupplyRelation
from filiera.chains.services import invitations
from filiera.chains.services.relations import ChainError
from filiera.core.models import AuditEvent
from filiera.registry.identifiers import italian_vat
from filiera.registry.models import Firm, FirmMembership, Municipality


def _invite(actor, client, **kw):
    kw.setdefault("tier", 1)
    return invitations.invite(actor, client, **kw)


def _error(call, field):
    with pytest.raises(ChainError) as info:
        call()
    assert info.value.field == field, str(info.value)
    return info.value


def test_invite_known_firm_by_vat_mails_its_people(brand_c, brand_owner, firm_a, owner_a):
    invitation = _invite(
        brand_owner,
        brand_c,
        vat=firm_a.vat.removeprefix("IT"),
        tier=1,
        processes=["MU.KNIT_TO_SHAPE"],
        message="Lavoriamo insieme",
        requested_level=Level.AREAS,
    )
    assert invitation.supplier == firm_a
    assert invitation.vat == firm_a.vat
    assert invitation.is_pending
    assert list(invitation.processes.values_list("code", flat=True)) == ["MU.KNIT_TO_SHAPE"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner_a@example.test"]
    assert f"/firms/{firm_a.pk}/invitations/{invitation.pk}/" in mail.outbox[0].body
    events = AuditEvent.objects.filter(action="invite_supplier", object_id=str(invitation.pk))
    assert set(events.values_list("firm_id", flat=True)) == {brand_c.pk, firm_a.pk}


def test_invite_known_firm_by_person_email(brand_c, brand_owner, firm_a, owner_a):
    invitation = _invite(brand_owner, brand_c, email="OWNER_A@example.test")
    assert invitation.supplier == firm_a


def test_invite_known_firm_by_firm_email(brand_c, brand_owner, firm_b):
    Firm.objects.filter(pk=firm_b.pk).update(email="info@beta.example")
    invitation = _invite(brand_owner, brand_c, email="info@beta.example")
    assert invitation.supplier == firm_b
    assert mail.outbox[0].to == ["info@beta.example"]


def test_invite_unknown_firm_mails_join_link(brand_c, brand_owner):
    invitation = _invite(
        brand_owner, brand_c, vat=italian_vat(5555), email="nuovo@example.test", name="Nuova"
    )
    assert invitation.supplier is None
    assert mail.outbox[0].to == ["nuovo@example.test"]
    assert f"/join/{invitation.token}/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="invite_supplier", firm_id=brand_c.pk).count() == 1


def test_invite_errors_name_their_field(brand_c, brand_owner, firm_a):
    _error(lambda: _invite(brand_owner, brand_c), "vat")
    _error(lambda: _invite(brand_owner, brand_c, vat="IT01234567891"), "vat")  # check digit
    _error(lambda: _invite(brand_owner, brand_c, vat="12345"), "vat")
    _error(lambda: _invite(brand_owner, brand_c, vat="FR123"), "vat")
    _error(lambda: _invite(brand_owner, brand_c, email="not-an-address"), "email")
    err = _error(lambda: _invite(brand_owner, brand_c, vat=italian_vat(7777)), "email")
    assert "not on the platform" in str(err)
    _error(lambda: _invite(brand_owner, brand_c, vat=firm_a.vat, tier=7), "tier")
    _error(lambda: _invite(brand_owner, brand_c, vat=firm_a.vat, processes=["NOPE"]), "processes")
    _error(lambda: _invite(brand_owner, brand_c, vat=firm_a.vat, processes=["FF"]), "processes")
    _error(lambda: _invite(brand_owner, brand_c, vat=brand_c.vat), "vat")  # itself
    assert not SupplyInvitation.objects.exists()
    assert not mail.outbox


def test_foreign_vat_with_prefix_is_accepted(brand_c, brand_owner):
    invitation = _invite(brand_owner, brand_c, vat="DE 136695976", email="gmbh@example.test")
    assert invitation.vat == "DE136695976"


def test_no_second_pending_invitation_nor_duplicate_relation(
    brand_c, brand_owner, firm_a, owner_a, relate
):
    _invite(brand_owner, brand_c, vat=firm_a.vat, processes=["MU.KNIT_TO_SHAPE"])
    _error(lambda: _invite(brand_owner, brand_c, email="owner_a@example.test"), "email")
    SupplyInvitation.objects.update(status=SupplyInvitation.Status.REFUSED)
    relate(brand_c, firm_a, processes=("MU.KNIT_TO_SHAPE",))
    _error(
        lambda: _invite(brand_owner, brand_c, vat=firm_a.vat, processes=["MU.KNIT_TO_SHAPE"]),
        "processes",
    )
    # Other processes are a new piece of work: allowed.
    _invite(brand_owner, brand_c, vat=firm_a.vat, processes=["MU.EMBROIDERY"])


def test_unknown_firm_pending_by_email(brand_c, brand_owner):
    _invite(brand_owner, brand_c, email="x@example.test")
    _error(lambda: _invite(brand_owner, brand_c, email="X@example.test"), "email")


def test_accept_creates_relation_and_grade_only_consent(brand_c, brand_owner, firm_a, owner_a):
    invitation = _invite(
        brand_owner,
        brand_c,
        vat=firm_a.vat,
        tier=1,
        processes=["MU.KNIT_TO_SHAPE"],
        requested_level=Level.ANSWERS,
        requested_sites=True,
        message="Serve per il report",
    )
    mail.outbox.clear()
    site = firm_a.sites.get()
    relation = invitations.accept(owner_a, invitation, site=site)
    assert (relation.client, relation.supplier, relation.site, relation.tier) == (
        brand_c,
        firm_a,
        site,
        1,
    )
    assert relation.since is not None and relation.until is None
    assert list(relation.processes.values_list("code", flat=True)) == ["MU.KNIT_TO_SHAPE"]
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert (consent.level, consent.profile, consent.sites) == (Level.GRADE, False, False)
    assert consent.request_open
    assert consent.requested_level == Level.ANSWERS and consent.requested_sites
    assert consent.request_beyond_vsme
    assert consent.request_message == "Serve per il report"
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.relation == relation
    assert mail.outbox[0].to == ["brand_owner@example.test"]
    assert AuditEvent.objects.filter(action="accept_supply_invitation").count() == 2


def test_accept_keeps_existing_consent(brand_c, brand_owner, firm_a, owner_a):
    Consent.objects.create(supplier=firm_a, client=brand_c, level=Level.NONE)
    invitation = _invite(brand_owner, brand_c, vat=firm_a.vat)
    invitations.accept(owner_a, invitation)
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.level == Level.NONE
    assert consent.requested_level == Level.GRADE and consent.request_open


def test_accept_grade_only_asks_nothing_more(brand_c, brand_owner, firm_a, owner_a):
    invitations.accept(owner_a, _invite(brand_owner, brand_c, vat=firm_a.vat))
    consent = Consent.objects.get(supplier=firm_a, client=brand_c)
    assert consent.level == Level.GRADE and not consent.request_open


def test_accept_refuses_a_site_of_another_firm(brand_c, brand_owner, firm_a, owner_a, firm_b):
    invitation = _invite(brand_owner, brand_c, vat=firm_a.vat)
    _error(lambda: invitations.accept(owner_a, invitation, site=firm_b.sites.get()), "site")
    assert not SupplyRelation.objects.exists() and not Consent.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_refuse_and_cancel_only_pending(brand_c, brand_owner, firm_a, owner_a, firm_b):
    first = _invite(brand_owner, brand_c, vat=firm_a.vat)
    invitations.refuse(owner_a, first, reason="Non abbiamo capacità")
    first.refresh_from_db()
    assert first.status == "refused" and first.refusal_reason == "Non abbiamo capacità"
    _error(lambda: invitations.accept(owner_a, first), None)
    _error(lambda: invitations.cancel(brand_owner, first), None)
    second = _invite(brand_owner, brand_c, vat=firm_b.vat)
    invitations.cancel(brand_owner, second)
    assert SupplyInvitation.objects.get(pk=second.pk).status == "cancelled"
    assert not SupplyRelation.objects.exists()


def test_join_registers_a_new_firm_in_the_client_district(brand_c, brand_owner, make_user, prato):
    invitation = _invite(
        brand_owner, brand_c, email="nuovo@example.test", tier=3, processes=["MU.EMBROIDERY"]
    )
    user = make_user("nuovo")
    _error(lambda: invitations.accept(user, invitation), None)  # no firm yet
    _error(lambda: invitations.join(user, invitation, vat=italian_vat(4242)), "legal_name")
    _error(lambda: invitations.join(user, invitation, legal_name="Nuova"), "vat")
    _error(
        lambda: invitations.join(user, invitation, legal_name="Nuova", vat=italian_vat(4242)),
        "municipality",
    )
    _error(lambda: invitations.join(user, invitation, legal_name="Nuova", vat=brand_c.vat), "vat")
    assert not Firm.objects.filter(legal_name="Nuova").exists()
    firm = invitations.join(
        user,
        invitation,
        legal_name="Nuova Ricami S.r.l.",
        vat=italian_vat(4242),
        municipality=Municipality.objects.get(pk="036005"),
        site_name="Laboratorio",
    )
    assert list(firm.districts.all()) == [prato]
    assert FirmMembership.objects.get(user=user, firm=firm).role == "owner"
    site = firm.sites.get()
    assert site.name == "Laboratorio"
    assert list(site.processes.values_list("code", flat=True)) == ["MU.EMBROIDERY"]
    invitation.refresh_from_db()
    assert invitation.supplier == firm and invitation.is_pending
    relation = invitations.accept(user, invitation, site=site)
    assert relation.supplier == firm and relation.tier == 3


def test_join_with_a_firm_the_user_runs(brand_c, brand_owner, firm_a, owner_a, viewer_a):
    invitation = _invite(brand_owner, brand_c, email="chiunque@example.test")
    _error(lambda: invitations.join(viewer_a, invitation, firm=firm_a), "firm")
    _error(lambda: invitations.join(brand_owner, invitation, firm=brand_c), "firm")
    assert invitations.join(owner_a, invitation, firm=firm_a) == firm_a
    invitation.refresh_from_db()
    assert invitation.supplier == firm_a
    assert AuditEvent.objects.filter(action="join_supply_invitation", firm_id=firm_a.pk).exists()
