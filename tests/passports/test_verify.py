"""Engine verification with stub resolvers: valid, tampered, revoked, wrong issuer, expired,
unsigned, and the other ways a credential fails."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from filiera.passports.engine import keys, status_list, vcjwt
from filiera.passports.engine.verify import NAMES
from tests.passports.factories_trust import SCHEMAS, make_issuer


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def states(result) -> dict[str, bool | None]:
    return {c.name: c.ok for c in result.checks}


@pytest.fixture
def issuer():
    return make_issuer()


@pytest.fixture
def token(issuer):
    return issuer.sign(issuer.credential())


def test_a_good_credential_passes_every_check(issuer, token):
    result = issuer.verify(token)
    assert result.ok, result.as_dict()
    assert [c.name for c in result.checks] == list(NAMES)
    assert all(c.ok is True for c in result.checks)
    assert result.kind == "dpp"
    assert result.issuer == issuer.did
    assert result.issuer_name == "Example Company Pty Ltd"
    assert result.signed
    assert result.credential["credentialSubject"]["product"]["name"] == "EV battery 300Ah."
    assert not result.codes


def test_every_untp_kind_is_recognised(issuer):
    for model in ("dpp", "dcc", "dfr", "dte"):
        result = issuer.verify(issuer.sign(issuer.credential(model)))
        assert result.ok, (model, result.as_dict())
        assert result.kind == model


def test_an_envelope_as_json_text_or_object(issuer, token):
    envelope = vcjwt.enveloped(token)
    for data in (envelope, json.dumps(envelope), "data:application/vc+jwt," + token):
        result = issuer.verify(data)
        assert result.ok
    assert "envelope" in issuer.verify(envelope).check("format").message


def tamper_payload(token: str) -> str:
    header, payload, signature = token.split(".")
    credential = json.loads(unb64(payload))
    credential["credentialSubject"]["product"]["name"] = "A cheaper battery"
    return ".".join([header, b64(json.dumps(credential).encode()), signature])


def tamper_header(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    return ".".join(
        [b64(json.dumps({**json.loads(unb64(header)), **changes}).encode()), payload, signature]
    )


def test_tampering_anywhere_is_a_signature_failure(issuer, token):
    other = issuer.sign({**issuer.credential(), "id": "https://other.example/1"})
    header, payload, _ = token.split(".")
    tampered = {
        "payload": tamper_payload(token),
        "signature": ".".join([header, payload, other.split(".")[2]]),
        "header cty": tamper_header(token, cty="json"),
        "header typ": tamper_header(token, typ="JWT"),
    }
    for what, bad in tampered.items():
        result = issuer.verify(bad)
        assert not result.ok, what
        assert result.check("signature").ok is False, what
        assert result.check("signature").code == "tampered", what


def test_a_header_naming_another_key_fails(issuer, token):
    result = issuer.verify(tamper_header(token, kid=issuer.did + "#not-a-key"))
    assert not result.ok
    assert result.check("issuer").code == "unknown_key"
    assert result.check("signature").ok is False


def test_a_revoked_credential_says_revoked(issuer, token):
    issuer.revoke(7)
    result = issuer.verify(token)
    assert not result.ok and result.revoked
    assert result.check("status").code == "revoked"
    assert result.check("signature").ok is True
    # Another credential of the same list is not affected.
    assert issuer.verify(issuer.sign(issuer.credential(index=8))).ok


def test_signed_by_another_issuer(issuer):
    impostor = make_issuer(host="impostor.example")
    # The impostor signs a credential that names the real issuer.
    credential = issuer.credential()
    token = impostor.sign(credential)
    result = impostor.verify(token)
    assert not result.ok
    assert result.check("issuer").code == "wrong_issuer"
    assert impostor.did in result.check("issuer").message


def test_a_key_the_issuer_does_not_list(issuer):
    stranger = keys.generate()
    token = vcjwt.sign(
        issuer.credential(), private_key=stranger.private_bytes, kid=f"{issuer.did}#{stranger.kid}"
    )
    result = issuer.verify(token)
    assert not result.ok
    assert result.check("issuer").code == "unknown_key"
    assert result.check("signature").code == "no_key"


def test_a_retired_key_still_verifies(issuer):
    old = issuer.pair
    token = issuer.sign(issuer.credential(), pair=old)
    issuer.retired.append(old)
    issuer.pair = keys.generate()
    assert issuer.verify(token).ok
    issuer.retired.clear()  # withdrawn from the DID document
    assert issuer.verify(token).check("issuer").code == "unknown_key"


def test_an_unknown_did(issuer, token):
    result = issuer.verify(token, resolve_did=lambda did: None)
    assert not result.ok
    assert result.check("issuer").code == "unknown_issuer"


def test_a_resolver_that_fails(issuer, token):
    def broken(did):
        raise OSError("network unreachable")

    result = issuer.verify(token, resolve_did=broken)
    assert result.check("issuer").code == "unknown_issuer"
    assert "network unreachable" in result.check("issuer").message


def test_expired_and_not_yet_valid(issuer, token):
    expired = issuer.verify(token, now=datetime(2034, 3, 15, 12, 0, tzinfo=UTC))
    assert not expired.ok and expired.check("validity").code == "expired"
    assert "2034-03-15 12:00 UTC" in expired.check("validity").message
    early = issuer.verify(token, now=datetime(2024, 3, 15, 11, 59, tzinfo=UTC))
    assert not early.ok and early.check("validity").code == "not_yet_valid"


def test_a_credential_without_dates_or_with_a_bad_date(issuer):
    credential = issuer.credential()
    del credential["validFrom"], credential["validUntil"]
    assert issuer.verify(issuer.sign(credential)).check("validity").ok is True
    credential["validUntil"] = "next year"
    result = issuer.verify(issuer.sign(credential))
    assert result.check("validity").code == "bad_date"


def test_an_unsigned_credential_fails_as_not_signed(issuer):
    result = issuer.verify(issuer.credential())
    assert not result.ok and not result.signed
    assert result.check("signature").code == "not_signed"
    assert result.check("header").ok is None and result.check("issuer").ok is None
    assert result.check("schema").ok is True
    assert result.kind == "dpp"
    # The same as JSON text.
    assert issuer.verify(json.dumps(issuer.credential())).check("signature").code == "not_signed"


@pytest.mark.parametrize(
    "data",
    [
        "",
        "   ",
        "hello",
        "a.b",
        '{"a": ',
        "[1, 2]",
        '{"name": "not a credential"}',
        b"\xff\xfe",
        {"type": "EnvelopedVerifiableCredential", "id": "https://x"},
    ],
)
def test_unreadable_input(issuer, data):
    result = issuer.verify(data)
    assert not result.ok
    assert result.check("format").code == "unreadable"
    assert all(c.ok is None for c in result.checks[1:])
    assert result.kind is None and result.credential is None


def test_no_status_entry_is_skipped_not_failed(issuer):
    credential = issuer.credential()
    del credential["credentialStatus"]
    result = issuer.verify(issuer.sign(credential))
    assert result.ok
    assert result.check("status").ok is None


def test_status_list_problems_fail_the_status_check(issuer, token):
    other = make_issuer(host="impostor.example")
    cases = {
        "missing": lambda url: None,
        "unsigned": lambda url: status_list.list_credential(
            url=url,
            issuer=issuer.did,
            valid_from="2024-01-01T00:00:00Z",
            bits=status_list.new_bits(),
        ),
        "other issuer": lambda url: other.sign(
            status_list.list_credential(
                url=url,
                issuer=other.did,
                valid_from="2024-01-01T00:00:00Z",
                bits=status_list.new_bits(),
            )
        ),
        "tampered": lambda url: tamper_header(issuer.list_token(), cty="x"),
        "another list": lambda url: issuer.sign(
            status_list.list_credential(
                url=url + "0",
                issuer=issuer.did,
                valid_from="2024-01-01T00:00:00Z",
                bits=status_list.new_bits(),
            )
        ),
        "out of date": lambda url: issuer.sign(
            status_list.list_credential(
                url=url,
                issuer=issuer.did,
                valid_from="2024-01-01T00:00:00Z",
                valid_until="2025-01-01T00:00:00Z",
                bits=status_list.new_bits(),
            )
        ),
        "broken fetcher": lambda url: 1 / 0,
    }
    for what, fetch in cases.items():
        result = issuer.verify(token, fetch_status_list=fetch)
        assert not result.ok, what
        assert result.check("status").code == "status_unavailable", what


def test_the_status_list_may_come_as_an_envelope(issuer, token):
    issuer.revoke(7)
    result = issuer.verify(
        token, fetch_status_list=lambda url: vcjwt.enveloped(issuer.list_token())
    )
    assert result.revoked


def test_schema_problems_fail_and_name_the_path(issuer):
    credential = issuer.credential()
    credential["credentialSubject"]["product"]["name"] = 300
    result = issuer.verify(issuer.sign(credential))
    assert not result.ok
    check = result.check("schema")
    assert check.code == "schema"
    assert any(line.startswith("$.credentialSubject.product.name") for line in check.details)
    assert result.check("signature").ok is True


def test_extension_fields_are_reported_but_do_not_fail(issuer):
    credential = issuer.credential()
    credential["issuer"]["vat"] = "IT01234567890"
    result = issuer.verify(issuer.sign(credential))
    assert result.ok
    assert "extension" in result.check("schema").message


def test_without_schemas_the_schema_check_is_skipped(issuer, token):
    result = issuer.verify(token, schema_dir=None)
    assert result.ok
    assert result.check("schema").ok is None


def test_a_status_list_credential_verifies_with_the_vcdm_schema(issuer):
    result = issuer.verify(issuer.list_token(), schema_dir=None)
    assert result.kind == "status"
    assert result.check("schema").ok is True


def test_as_dict_is_json(issuer, token):
    issuer.revoke(7)
    data = issuer.verify(token).as_dict()
    json.dumps(data)
    assert data["valid"] is False
    assert {"name": "status", "result": "failed", "code": "revoked"}.items() <= next(
        c for c in data["checks"] if c["name"] == "status"
    ).items()


def test_the_schema_folder_of_the_tests_is_used():
    assert (SCHEMAS / "LICENSE-spec-untp-GPL-3.0.txt").is_file()
