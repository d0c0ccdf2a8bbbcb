"""VC-JWT: sign and verify round trip; every kind of tampering is a signature failure."""

from __future__ import annotations

import base64
import json

import pytest

from filiera.passports.engine import keys, vcjwt
from tests.passports.factories_trust import sample

KID = "did:web:issuer.example:issuers:brand#key-1"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@pytest.fixture
def pair():
    return keys.generate()


@pytest.fixture
def token(pair):
    return vcjwt.sign(sample("dpp"), private_key=pair.private_bytes, kid=KID)


def test_the_header_and_payload_are_the_vc_jose_cose_ones(token):
    header, payload = vcjwt.decode_unverified(token)
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": KID}
    assert payload == sample("dpp")
    # The payload is the credential as compact JSON, UTF-8, in the credential's own key order.
    raw = unb64(token.split(".")[1])
    assert raw == json.dumps(sample("dpp"), separators=(",", ":"), ensure_ascii=False).encode()


def test_round_trip_with_a_joserfc_key_and_non_ascii_text(pair):
    credential = {"name": "Maglione in lana · è già così", "n": [1, 2.5, None, True]}
    token = vcjwt.sign(credential, private_key=keys.signing_key(pair.private_bytes), kid=KID)
    assert vcjwt.verify_signature(token, pair.public_jwk) == credential
    assert vcjwt.verify_signature(" " + token + "\n", keys.verifying_key(pair.public_jwk))


def test_signing_is_deterministic(pair):
    first = vcjwt.sign(sample(), private_key=pair.private_bytes, kid=KID)
    assert vcjwt.sign(sample(), private_key=pair.private_bytes, kid=KID) == first


def edit_payload(token: str) -> str:
    header, payload, signature = token.split(".")
    credential = json.loads(unb64(payload))
    credential["credentialSubject"]["product"]["name"] = "Something else"
    return ".".join([header, b64(json.dumps(credential).encode()), signature])


def edit_header(token: str, **changes) -> str:
    header, payload, signature = token.split(".")
    fields = {**json.loads(unb64(header)), **changes}
    return ".".join([b64(json.dumps(fields).encode()), payload, signature])


def swap_signature(token: str, other: str) -> str:
    return ".".join([*token.split(".")[:2], other.split(".")[2]])


def flip_signature_bit(token: str) -> str:
    header, payload, signature = token.split(".")
    raw = bytearray(unb64(signature))
    raw[10] ^= 0x01
    return ".".join([header, payload, b64(bytes(raw))])


def test_every_kind_of_tampering_fails_the_signature(pair, token):
    other = vcjwt.sign({"another": "credential"}, private_key=pair.private_bytes, kid=KID)
    tampered = {
        "payload edited": edit_payload(token),
        "signature swapped": swap_signature(token, other),
        "signature bit flipped": flip_signature_bit(token),
        "kid edited": edit_header(token, kid=KID.replace("key-1", "key-2")),
        "typ edited": edit_header(token, typ="JWT"),
        "header member added": edit_header(token, crit=["b64"], b64=True),
        "header member added (free)": edit_header(token, x5u="https://attacker.example/"),
    }
    for what, bad in tampered.items():
        with pytest.raises(vcjwt.SignatureError):
            vcjwt.verify_signature(bad, pair.public_jwk)
            pytest.fail(what)


def test_another_key_fails_the_signature(token):
    with pytest.raises(vcjwt.SignatureError, match="another key"):
        vcjwt.verify_signature(token, keys.generate().public_jwk)


def test_an_algorithm_other_than_eddsa_is_a_signature_failure(token, pair):
    for alg in ("none", "HS256", "Ed25519"):
        with pytest.raises(vcjwt.SignatureError):
            vcjwt.verify_signature(edit_header(token, alg=alg), pair.public_jwk)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "three parts"),
        ("abc", "three parts"),
        ("a.b.c.d", "three parts"),
        ("..", "empty"),
        ("e30.e30.!!", "signature"),
        ("bm90IGpzb24.e30.AA", "header is not JSON"),
        ("W10.e30.AA", "header is not a JSON object"),
        ("e30.bm90IGpzb24.AA", "payload is not JSON"),
        ("e30=.e30.AA", "base64url"),
        ("e31.e30.AA", "canonical"),
    ],
)
def test_malformed_tokens_are_named(text, fragment):
    with pytest.raises(vcjwt.TokenError) as raised:
        vcjwt.decode_unverified(text)
    assert fragment in str(raised.value)


def test_envelope_round_trip(token):
    envelope = vcjwt.enveloped(token)
    assert envelope == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "data:application/vc+jwt," + token,
        "type": "EnvelopedVerifiableCredential",
    }
    assert vcjwt.unwrap(envelope) == token
    assert vcjwt.unwrap({**envelope, "type": ["EnvelopedVerifiableCredential"]}) == token


@pytest.mark.parametrize(
    "value",
    [
        {"type": "VerifiableCredential", "id": "data:application/vc+jwt,abc"},
        {"type": "EnvelopedVerifiableCredential", "id": "https://example.com/1"},
        {"type": "EnvelopedVerifiableCredential"},
    ],
)
def test_unwrap_refuses_anything_but_an_envelope(value):
    with pytest.raises(vcjwt.TokenError):
        vcjwt.unwrap(value)


def test_looks_like_token(token):
    assert vcjwt.looks_like_token(token)
    assert not vcjwt.looks_like_token('{"a": 1}')
    assert not vcjwt.looks_like_token("a.b")
