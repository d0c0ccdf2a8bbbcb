"""Issuers, signing and revocation with the database: what is signed verifies, revoked says
revoked, a rotated key keeps old credentials valid, a wrong key secret is a clear error."""

from __future__ import annotations

import hashlib

import pytest
from django.conf import settings

from filiera.core.models import AuditEvent
from filiera.passports.engine import did as dids
from filiera.passports.engine import keys, status_list, vcjwt
from filiera.passports.models import Credential, IssuerKey, StatusList
from filiera.passports.services import issuers, signing
from filiera.passports.verification import verify_with_platform
from tests.passports.factories_trust import sample


@pytest.fixture
def brand_issuer(brand_c):
    return issuers.issuer_for_firm(brand_c)


def sign(issuer, model="dpp", **options):
    return signing.sign_and_store(kind=model, issuer=issuer, document=sample(model), **options)


def test_a_firm_issuer_is_made_once_with_a_first_key(brand_c):
    issuer = issuers.issuer_for_firm(brand_c)
    assert issuer.slug == f"brand-{brand_c.pk}"
    assert issuer.name == brand_c.legal_name
    assert issuers.issuer_for_firm(brand_c) == issuer
    [key] = issuer.keys.all()
    assert key.retired_at is None and key.public_jwk["crv"] == "Ed25519"
    assert len(bytes(key.private_key)) == 77  # stored encrypted, never the raw 32 bytes
    host = dids.parse(dids.did_web(settings.SITE_URL))
    assert issuers.issuer_did(issuer) == dids.did_web(settings.SITE_URL, "issuers", issuer.slug)
    assert dids.parse(issuers.issuer_did(issuer)).host == host.host
    event = AuditEvent.objects.get(action="create_issuer")
    assert event.firm_id == brand_c.pk and event.changes["key"] == [None, key.kid]


def test_a_district_issuer(carpi):
    issuer = issuers.issuer_for_district(carpi)
    assert issuer.slug == "district-carpi" and issuer.district == carpi
    assert AuditEvent.objects.get(action="create_issuer").district_id == carpi.pk


def test_the_issuer_follows_the_firms_name(brand_c, brand_issuer):
    brand_c.legal_name = "Lanificio Gamma Nuovo S.p.A."
    brand_c.save()
    assert issuers.issuer_for_firm(brand_c).name == "Lanificio Gamma Nuovo S.p.A."


def test_sign_and_store_completes_signs_and_stores(brand_issuer):
    credential = sign(brand_issuer)
    document = credential.document
    assert document["id"] == f"{settings.SITE_URL}/credentials/{credential.uid}"
    assert document["issuer"] == {
        "type": ["CredentialIssuer"],
        "id": issuers.issuer_did(brand_issuer),
        "name": brand_issuer.name,
    }
    assert document["validFrom"].endswith("Z")
    assert document["validUntil"] == "2034-03-15T12:00:00Z"  # kept from the built document
    assert credential.valid_until.year == 2034
    list_url = f"{settings.SITE_URL}/credentials/status/{brand_issuer.slug}/1"
    assert document["credentialStatus"] == status_list.entry(list_url, 0)
    assert list(document)[:5] == ["@context", "type", "id", "issuer", "validFrom"]
    assert list(document)[-1] == "credentialStatus"
    header, payload = vcjwt.decode_unverified(credential.jwt)
    assert payload == document
    assert header["kid"] == f"{issuers.issuer_did(brand_issuer)}#{credential.key.kid}"
    assert credential.etag == hashlib.sha256(credential.jwt.encode()).hexdigest()
    assert (credential.status_list.number, credential.status_index) == (1, 0)
    assert sign(brand_issuer).status_index == 1


def test_what_is_signed_verifies(brand_issuer):
    credential = sign(brand_issuer)
    result = verify_with_platform(credential.jwt)
    assert result.ok, result.as_dict()
    assert result.issuer == issuers.issuer_did(brand_issuer)
    assert result.check("schema").ok is True
    assert verify_with_platform(vcjwt.enveloped(credential.jwt)).ok


def test_every_kind_verifies(carpi):
    issuer = issuers.issuer_for_district(carpi)
    for model in ("dcc", "dfr"):
        result = verify_with_platform(sign(issuer, model).jwt)
        assert result.ok, result.as_dict()
        assert result.kind == model


def test_valid_until_and_tier(brand_issuer):
    from datetime import UTC, datetime

    until = datetime(2030, 1, 31, 23, 59, 59, tzinfo=UTC)
    credential = sign(brand_issuer, "dfr", valid_until=until, tier="value_chain", basis="abc")
    assert credential.document["validUntil"] == "2030-01-31T23:59:59Z"
    assert credential.valid_until == until
    assert (credential.tier, credential.basis, credential.kind) == ("value_chain", "abc", "dfr")


def test_bad_kind_or_tier_is_refused(brand_issuer):
    with pytest.raises(ValueError):
        signing.sign_and_store(kind="status", issuer=brand_issuer, document=sample())
    with pytest.raises(ValueError):
        signing.sign_and_store(kind="dpp", issuer=brand_issuer, document=sample(), tier="x")


def test_nothing_is_kept_when_signing_fails(brand_issuer, monkeypatch):
    sign(brand_issuer)

    def broken(*args, **kwargs):
        raise RuntimeError("signing failed")

    monkeypatch.setattr(signing.vcjwt, "sign", broken)
    with pytest.raises(RuntimeError):
        sign(brand_issuer)
    assert StatusList.objects.get(issuer=brand_issuer).next_index == 1
    assert Credential.objects.count() == 1


def test_revoke_sets_the_bit_and_verify_says_revoked(brand_issuer, brand_owner):
    kept, revoked = sign(brand_issuer), sign(brand_issuer)
    signing.revoke(revoked, user=brand_owner, reason="Wrong composition")
    revoked.refresh_from_db()
    assert revoked.revoked_at and revoked.revocation_reason == "Wrong composition"
    assert revoked.revoked_by == brand_owner
    bits = bytes(StatusList.objects.get(issuer=brand_issuer).bits)
    assert status_list.get_bit(bits, revoked.status_index)
    assert not status_list.get_bit(bits, kept.status_index)
    result = verify_with_platform(revoked.jwt)
    assert not result.ok and result.revoked
    assert verify_with_platform(kept.jwt).ok
    event = AuditEvent.objects.get(action="revoke_credential")
    assert event.actor == brand_owner and event.firm_id == brand_issuer.firm_id
    assert event.changes["reason"] == [None, "Wrong composition"]


def test_revoke_needs_a_reason_and_happens_once(brand_issuer, brand_owner):
    credential = sign(brand_issuer)
    with pytest.raises(signing.SigningError) as raised:
        signing.revoke(credential, user=brand_owner, reason="  ")
    assert raised.value.field == "reason"
    with pytest.raises(signing.SigningError):
        signing.revoke(credential, user=brand_owner, reason="x" * 201)
    signing.revoke(credential, user=brand_owner, reason="Recalled")
    with pytest.raises(signing.SigningError, match="already revoked"):
        signing.revoke(credential, user=brand_owner, reason="Again")


def test_the_status_list_is_signed_again_only_when_it_changes(brand_issuer, brand_owner):
    credential = sign(brand_issuer)
    found = signing.find_status_list(brand_issuer.slug, 1)
    first = signing.status_list_jwt(found)
    sign(brand_issuer)  # a new index does not change the list
    assert signing.status_list_jwt(signing.find_status_list(brand_issuer.slug, 1)) == first
    signing.revoke(credential, user=brand_owner, reason="Recalled")
    second = signing.status_list_jwt(signing.find_status_list(brand_issuer.slug, 1))
    assert second != first
    listed = verify_with_platform(second)
    assert listed.ok and listed.kind == "status"
    url = signing.status_list_url(found)
    assert signing.local_status_list(url) == second
    assert signing.local_status_list(url + "0") is None
    assert signing.local_status_list("https://elsewhere.example/credentials/status/x/1") is None
    assert signing.local_status_list(f"{settings.SITE_URL}/credentials/status/nobody/1") is None


def test_a_full_list_is_followed_by_the_next_one(brand_issuer):
    sign(brand_issuer)
    StatusList.objects.filter(issuer=brand_issuer).update(next_index=131_072)
    credential = sign(brand_issuer)
    assert (credential.status_list.number, credential.status_index) == (2, 0)
    assert credential.document["credentialStatus"]["statusListCredential"].endswith("/2")
    assert sign(brand_issuer).status_index == 1
    assert verify_with_platform(credential.jwt).ok
    assert AuditEvent.objects.filter(action="create_status_list").count() == 2


def test_rotation_keeps_old_credentials_valid_and_signs_with_the_new_key(brand_issuer, brand_owner):
    old = sign(brand_issuer)
    old_key = old.key
    new_key = issuers.rotate_key(brand_issuer, user=brand_owner)
    assert new_key.kid != old_key.kid
    old_key.refresh_from_db()
    assert old_key.retired_at is not None
    assert IssuerKey.objects.filter(issuer=brand_issuer, retired_at__isnull=True).get() == new_key
    new = sign(brand_issuer)
    assert new.key == new_key
    assert vcjwt.decode_unverified(new.jwt)[0]["kid"].endswith("#" + new_key.kid)
    assert verify_with_platform(old.jwt).ok
    assert verify_with_platform(new.jwt).ok
    document = issuers.did_document(brand_issuer)
    did = issuers.issuer_did(brand_issuer)
    assert [m["id"] for m in document["verificationMethod"]] == [
        f"{did}#{new_key.kid}",
        f"{did}#{old_key.kid}",
    ]
    assert document["authentication"] == [f"{did}#{new_key.kid}"]
    event = AuditEvent.objects.get(action="rotate_issuer_key")
    assert event.actor == brand_owner and event.changes["key"] == [old_key.kid, new_key.kid]


def test_a_withdrawn_key_no_longer_verifies(brand_issuer):
    from django.utils import timezone

    credential = sign(brand_issuer)
    IssuerKey.objects.filter(pk=credential.key_id).update(revoked_at=timezone.now())
    result = verify_with_platform(credential.jwt)
    assert not result.ok
    assert result.check("issuer").code == "unknown_key"
    # The issuer gets a new key to sign with.
    assert sign(brand_issuer).key_id != credential.key_id


def test_a_wrong_key_secret_is_a_clear_error(brand_issuer, settings):
    sign(brand_issuer)
    settings.PASSPORT_KEY_SECRET = "not the secret the keys were stored with"
    with pytest.raises(keys.KeySecretError) as raised:
        sign(brand_issuer)
    assert "PASSPORT_KEY_SECRET" in str(raised.value)
    assert Credential.objects.count() == 1


def test_the_decrypted_key_is_cached_per_process(brand_issuer, monkeypatch):
    sign(brand_issuer)
    calls = []
    real = keys.decrypt_private_key
    monkeypatch.setattr(
        issuers.keys, "decrypt_private_key", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    issuers._SIGNERS.clear()
    for _ in range(5):
        sign(brand_issuer)
    assert len(calls) == 1


def test_local_did_document(brand_issuer, carpi):
    did = issuers.issuer_did(brand_issuer)
    assert issuers.local_did_document(did) == issuers.did_document(brand_issuer)
    assert issuers.local_did_document(did.replace(brand_issuer.slug, "nobody")) is None
    assert (
        issuers.local_did_document("did:web:elsewhere.example:issuers:" + brand_issuer.slug) is None
    )
    assert issuers.local_did_document("not a did") is None
    assert issuers.local_did_document(dids.did_web(settings.SITE_URL)) is None
