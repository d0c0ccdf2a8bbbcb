"""Sharing: the supplier sets and revokes what each client sees; clients ask, suppliers decline;
relations are changed and ended; the access log is one upsert per day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from filiera.chains.models import AccessLog, Consent, Level, Scope
from filiera.chains.services import relations, sharing
from filiera.chains.services.access_log import record_access
from filiera.chains.services.relations import ChainError
from filiera.core.models import AuditEvent


def _error(call, field):
    with pytest.raises(ChainError) as info:
        call()
    assert info.value.field == field, str(info.value)


def test_set_consent_and_revoke(chain, brand_c, firm_a, owner_a):
    consent = sharing.set_consent(
        owner_a, firm_a, brand_c, level=Level.ANSWERS, profile=True, sites=True
    )
    assert (consent.level, consent.profile, consent.sites) == (Level.ANSWERS, True, True)
    event = AuditEvent.objects.get(action="change_sharing")
    assert event.firm_id == firm_a.pk
    assert event.changes["level"] == [Level.GRADE, Level.ANSWERS]
    consent = sharing.revoke(owner_a, firm_a, brand_c)
    assert not consent.shares_anything and consent.revoked_at is not None
    assert AuditEvent.objects.get(action="revoke_sharing").changes["level"] == [3, 0]
    consent = sharing.set_consent(
        owner_a, firm_a, brand_c, level=Level.GRADE, profile=False, sites=False
    )
    assert consent.revoked_at is None and consent.level == Level.GRADE


def test_set_consent_errors(chain, brand_c, brand_y, firm_a, firm_b, owner_a, owner_b):
    _error(
        lambda: sharing.set_consent(owner_a, firm_a, brand_c, level=9, profile=False, sites=False),
        "level",
    )
    _error(
        lambda: sharing.set_consent(owner_a, firm_a, brand_y, level=1, profile=False, sites=False),
        "client",
    )
    _error(
        lambda: sharing.set_consent(owner_a, firm_a, firm_a, level=1, profile=False, sites=False),
        "client",
    )
    assert not Consent.objects.filter(client=brand_y).exists()
    # firm_b is in brand_c's chain through firm_a: it may share with the brand directly.
    consent = sharing.set_consent(owner_b, firm_b, brand_c, level=1, profile=True, sites=False)
    assert consent.profile


def test_request_and_decline(chain, brand_c, brand_owner, firm_a, firm_b, owner_a, owner_b):
    consent = sharing.request_sharing(
        brand_owner, brand_c, firm_a, level=Level.EVIDENCE, sites=True, message="Per l'audit"
    )
    assert consent.request_open and consent.request_beyond_vsme
    assert consent.level == Level.GRADE  # nothing more shared until the supplier agrees
    assert mail.outbox[-1].to == ["owner_a@example.test"]
    assert f"/firms/{firm_a.pk}/clients/{brand_c.pk}/" in mail.outbox[-1].body
    consent = sharing.decline_request(owner_a, consent)
    assert consent.request_declined_at is not None and not consent.request_open
    _error(lambda: sharing.decline_request(owner_a, consent), None)
    assert AuditEvent.objects.filter(action="decline_sharing_request").count() == 1


def test_request_to_a_deeper_supplier_shares_nothing_yet(chain, brand_c, brand_owner, firm_b):
    consent = sharing.request_sharing(brand_owner, brand_c, firm_b, level=Level.GRADE)
    assert consent.level == Level.NONE and not consent.shares_anything
    assert consent.requested_level == Level.GRADE


def test_request_errors(chain, brand_c, brand_y, brand_owner, firm_a, firm_b):
    _error(lambda: sharing.request_sharing(brand_owner, brand_y, firm_a, level=2), "supplier")
    _error(lambda: sharing.request_sharing(brand_owner, brand_c, brand_c, level=2), "supplier")
    _error(lambda: sharing.request_sharing(brand_owner, brand_c, firm_a, level=1), "level")
    _error(lambda: sharing.request_sharing(brand_owner, brand_c, firm_a, level="x"), "level")
    assert not Consent.objects.filter(requested_at__isnull=False).exists()


def test_granting_closes_the_request(chain, brand_c, brand_owner, firm_a, owner_a):
    sharing.request_sharing(brand_owner, brand_c, firm_a, level=Level.AREAS, profile=True)
    partly = sharing.set_consent(
        owner_a, firm_a, brand_c, level=Level.AREAS, profile=False, sites=False
    )
    assert partly.request_open  # the profile is still asked
    full = sharing.set_consent(
        owner_a, firm_a, brand_c, level=Level.AREAS, profile=True, sites=False
    )
    assert not full.request_open and full.requested_level is None


def test_chain_with_a_cycle_is_walked(relate, brand_c, firm_a, firm_b, brand_owner):
    relate(brand_c, firm_a)
    relate(firm_a, firm_b)
    relate(firm_b, firm_a)
    assert relations.in_chain(brand_c.pk, firm_b.pk)
    assert not relations.in_chain(firm_a.pk, brand_c.pk)


def test_update_and_end_relation(chain, brand_c, brand_owner, firm_a, firm_b):
    relation, _second = chain
    today = date.today()
    relations.update_relation(
        brand_owner,
        relation,
        tier=2,
        processes=["MU.EMBROIDERY"],
        site=None,
        since=today - timedelta(days=10),
        until=None,
    )
    relation.refresh_from_db()
    assert relation.tier == 2 and relation.site is None
    event = AuditEvent.objects.get(action="change_relation", firm_id=brand_c.pk)
    assert event.changes["processes"] == [["MU.KNIT_TO_SHAPE"], ["MU.EMBROIDERY"]]
    kw = {"tier": 1, "processes": [], "site": None, "since": None, "until": None}
    _error(lambda: relations.update_relation(brand_owner, relation, **kw | {"tier": 5}), "tier")
    _error(
        lambda: relations.update_relation(
            brand_owner, relation, **kw | {"site": firm_b.sites.get()}
        ),
        "site",
    )
    _error(
        lambda: relations.update_relation(
            brand_owner, relation, **kw | {"since": today, "until": today - timedelta(days=1)}
        ),
        "until",
    )
    relation.refresh_from_db()
    assert relation.tier == 2
    _error(
        lambda: relations.end_relation(brand_owner, relation, today - timedelta(days=30)), "until"
    )
    relations.end_relation(brand_owner, relation, today - timedelta(days=1))
    assert not relations.in_chain(brand_c.pk, firm_a.pk)


def test_access_log_is_one_upsert_per_day(chain, brand_c, brand_owner, firm_a, firm_b):
    record_access(brand_owner, brand_c.pk, [firm_a.pk, firm_b.pk], [Scope.GRADE, Scope.SITES])
    assert AccessLog.objects.count() == 4
    first = AccessLog.objects.get(supplier=firm_a, scope=Scope.GRADE)
    record_access(brand_owner, brand_c.pk, [firm_a.pk], [Scope.GRADE], via="page")
    assert AccessLog.objects.count() == 4
    again = AccessLog.objects.get(pk=first.pk)
    assert again.first_at == first.first_at and again.last_at > first.last_at
    record_access(brand_owner, brand_c.pk, [firm_a.pk], [Scope.GRADE], via="export")
    assert AccessLog.objects.count() == 5


def test_access_log_skips_anonymous(chain, brand_c, firm_a):
    from django.contrib.auth.models import AnonymousUser

    record_access(None, brand_c.pk, [firm_a.pk], [Scope.GRADE])
    record_access(AnonymousUser(), brand_c.pk, [firm_a.pk], [Scope.GRADE])
    record_access(AnonymousUser(), brand_c.pk, [], [Scope.GRADE])
    assert not AccessLog.objects.exists()
