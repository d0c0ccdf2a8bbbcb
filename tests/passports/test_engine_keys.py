"""Issuer keys: Ed25519 pairs, their public JWK, and the private key sealed under the secret."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from filiera.passports.engine import keys


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_new_pair_has_an_ed25519_public_jwk_and_a_thumbprint_kid():
    pair = keys.generate()
    assert set(pair.public_jwk) == {"kty", "crv", "x"}
    assert pair.public_jwk["kty"] == "OKP" and pair.public_jwk["crv"] == "Ed25519"
    assert len(pair.private_bytes) == 32
    assert len(pair.kid) == 43  # base64url SHA-256 (RFC 7638 thumbprint)
    assert keys.generate().kid != pair.kid
    assert "private" not in repr(pair) and pair.private_bytes.hex() not in repr(pair)


def test_the_public_jwk_is_the_raw_public_key_of_the_private_one():
    private = Ed25519PrivateKey.generate()
    pair = keys.pair_from_private_bytes(private.private_bytes_raw())
    assert pair.public_jwk["x"] == b64(private.public_key().public_bytes_raw())


def test_the_sealed_key_opens_with_the_same_secret_and_label():
    pair = keys.generate()
    sealed = keys.encrypt_private_key(pair.private_bytes, "district secret", label=pair.kid)
    assert pair.private_bytes not in sealed
    assert len(sealed) == 1 + 16 + 12 + 32 + 16
    assert keys.decrypt_private_key(sealed, "district secret", label=pair.kid) == pair.private_bytes
    # A fresh salt and nonce each time.
    assert keys.encrypt_private_key(pair.private_bytes, "district secret") != sealed


@pytest.mark.parametrize(
    ("secret", "label"), [("another secret", "kid-1"), ("district secret", "kid-2")]
)
def test_a_wrong_secret_or_label_is_a_clear_error(secret, label):
    pair = keys.generate()
    sealed = keys.encrypt_private_key(pair.private_bytes, "district secret", label="kid-1")
    with pytest.raises(keys.KeySecretError) as raised:
        keys.decrypt_private_key(sealed, secret, label=label)
    assert "PASSPORT_KEY_SECRET" in str(raised.value)


def test_a_damaged_sealed_key_or_an_empty_secret_is_refused():
    pair = keys.generate()
    sealed = bytearray(keys.encrypt_private_key(pair.private_bytes, "s"))
    sealed[-1] ^= 1
    with pytest.raises(keys.KeySecretError):
        keys.decrypt_private_key(bytes(sealed), "s")
    with pytest.raises(keys.KeySecretError, match="damaged"):
        keys.decrypt_private_key(b"\x01short", "s")
    with pytest.raises(keys.KeySecretError, match="No key secret"):
        keys.encrypt_private_key(pair.private_bytes, "")


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-256", "x": "a", "y": "b"},
        {"kty": "OKP", "crv": "X25519", "x": b64(bytes(32))},
        {"kty": "OKP", "crv": "Ed25519"},
        {"kty": "OKP", "crv": "Ed25519", "x": "too-short"},
        "not a key",
    ],
)
def test_a_public_key_that_is_not_ed25519_is_refused(jwk):
    with pytest.raises(keys.KeyFormatError):
        keys.verifying_key(jwk)


def test_a_public_jwk_that_holds_the_private_key_is_refused():
    pair = keys.generate()
    with pytest.raises(keys.KeyFormatError, match="private"):
        keys.verifying_key({**pair.public_jwk, "d": b64(pair.private_bytes)})
