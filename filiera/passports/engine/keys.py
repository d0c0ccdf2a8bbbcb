"""Issuer keys: Ed25519 key pairs, their public JWK, and the private key stored encrypted.

A private key is kept as its 32 raw bytes, encrypted with AES-256-GCM under a key derived with
HKDF-SHA256 from the platform's key secret (a fresh random salt per key, a fixed ``info`` label).
The stored form is ``version (1 byte) | salt (16) | nonce (12) | ciphertext and tag``. The caller
may bind the ciphertext to a label (the key's ``kid``) so a stored key cannot be swapped for
another one. A wrong secret, a damaged value or a swapped one raise ``KeySecretError``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from filiera.core.usererror import N_, UserError

VERSION = 1
SALT_BYTES = 16
NONCE_BYTES = 12
PRIVATE_BYTES = 32
INFO = b"filiera passports: issuer private key v1"


class KeySecretError(UserError):
    """A stored private key cannot be decrypted with the secret given."""


class KeyFormatError(UserError):
    """A public key that is not an Ed25519 JSON Web Key."""


@dataclass(frozen=True)
class KeyPair:
    kid: str  # RFC 7638 thumbprint of the public key
    public_jwk: dict[str, str]  # {"kty": "OKP", "crv": "Ed25519", "x": ...}
    private_bytes: bytes  # the 32-byte seed; never stored unencrypted

    def __repr__(self) -> str:  # keep the private key out of logs and tracebacks
        return f"KeyPair(kid={self.kid!r})"


def generate() -> KeyPair:
    """A new Ed25519 key pair."""
    private = Ed25519PrivateKey.generate()
    return pair_from_private_bytes(private.private_bytes_raw())


def pair_from_private_bytes(private_bytes: bytes) -> KeyPair:
    key = signing_key(private_bytes)
    return KeyPair(kid=key.thumbprint(), public_jwk=public_jwk(key), private_bytes=private_bytes)


def public_jwk(key: OKPKey) -> dict[str, str]:
    """The public half of ``key`` as a JWK with only its required members."""
    value = key.as_dict(private=False)
    return {"kty": "OKP", "crv": str(value["crv"]), "x": str(value["x"])}


def signing_key(private_bytes: bytes) -> OKPKey:
    """The joserfc key that signs with the raw private key ``private_bytes``."""
    if len(private_bytes) != PRIVATE_BYTES:
        raise KeyFormatError(N_("An Ed25519 private key has 32 bytes."))
    return OKPKey.import_key(Ed25519PrivateKey.from_private_bytes(private_bytes))


def verifying_key(jwk: Mapping[str, Any]) -> OKPKey:
    """The joserfc key for a public JWK; ``KeyFormatError`` unless it is an Ed25519 OKP key."""
    if not isinstance(jwk, Mapping):
        raise KeyFormatError(N_("The public key is not a JSON Web Key."))
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise KeyFormatError(
            N_("The public key is not an Ed25519 key (kty %(kty)s, crv %(crv)s)."),
            kty=jwk.get("kty", "-"),
            crv=jwk.get("crv", "-"),
        )
    if "d" in jwk:
        raise KeyFormatError(N_("The public key also holds a private key."))
    x = jwk.get("x")
    if not isinstance(x, str):
        raise KeyFormatError(N_("The public key has no “x” value."))
    try:
        return OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": x})
    except (JoseError, ValueError, TypeError) as exc:
        raise KeyFormatError(N_("The public key cannot be read: %(reason)s"), reason=exc) from exc


def _derived(secret: str, salt: bytes) -> AESGCM:
    if not secret:
        raise KeySecretError(N_("No key secret is set (PASSPORT_KEY_SECRET)."))
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO)
    return AESGCM(hkdf.derive(secret.encode("utf-8")))


def encrypt_private_key(private_bytes: bytes, secret: str, *, label: str = "") -> bytes:
    """``private_bytes`` encrypted under ``secret``; ``label`` (e.g. the kid) must be given again
    to decrypt."""
    if len(private_bytes) != PRIVATE_BYTES:
        raise KeyFormatError(N_("An Ed25519 private key has 32 bytes."))
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    sealed = _derived(secret, salt).encrypt(nonce, private_bytes, label.encode("utf-8"))
    return bytes([VERSION]) + salt + nonce + sealed


def decrypt_private_key(stored: bytes, secret: str, *, label: str = "") -> bytes:
    """The raw private key in ``stored``; ``KeySecretError`` when ``secret`` (or ``label``) is not
    the one it was encrypted with, or the stored value is damaged."""
    stored = bytes(stored)
    head = 1 + SALT_BYTES + NONCE_BYTES
    if len(stored) != head + PRIVATE_BYTES + 16 or stored[0] != VERSION:
        raise KeySecretError(N_("The stored private key is damaged or in an unknown format."))
    salt, nonce = stored[1 : 1 + SALT_BYTES], stored[1 + SALT_BYTES : head]
    try:
        return _derived(secret, salt).decrypt(nonce, stored[head:], label.encode("utf-8"))
    except InvalidTag:
        raise KeySecretError(
            N_(
                "The issuer's private key cannot be decrypted: the key secret "
                "(PASSPORT_KEY_SECRET) is not the one it was stored with, or the stored key "
                "was changed."
            )
        ) from None
