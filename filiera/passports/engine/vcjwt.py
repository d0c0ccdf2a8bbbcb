"""Credentials secured as VC-JWT (W3C VC-JOSE-COSE): a compact JWS whose payload is the
credential itself, signed with Ed25519.

Header: ``{"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": "<did>#<key id>"}``. The
payload is the credential as compact JSON (UTF-8). An enveloped credential carries the token in
its ``id`` as ``data:application/vc+jwt,<token>``.

RFC 9864 deprecates the ``EdDSA`` algorithm name in favour of ``Ed25519``; verifiers of
VC-JOSE-COSE and UNTP credentials expect ``EdDSA``, so it is the one signed and accepted here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import OKPKey
from joserfc.jws import JWSAlgModel, JWSRegistry

from filiera.core.usererror import N_, UserError
from filiera.passports.engine import keys

ALG = "EdDSA"
TYP = "vc+jwt"
CTY = "vc"
MEDIA_TYPE = "application/vc+jwt"
DATA_PREFIX = "data:application/vc+jwt,"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
ENVELOPED = "EnvelopedVerifiableCredential"
MAX_TOKEN = 8_000_000  # characters; a credential is a few kilobytes

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


class TokenError(UserError):
    """Text that is not a well-formed compact JWS, or an envelope without one."""


class SignatureError(UserError):
    """A token whose signature does not verify with the key given."""


class _Registry(JWSRegistry):
    """Only EdDSA, without joserfc's deprecation warning on every call, and room for credentials
    larger than joserfc's default limits."""

    max_header_length = 4096
    max_payload_length = MAX_TOKEN
    max_signature_length = 1024

    def get_alg(self, name: str) -> JWSAlgModel:
        if name != ALG:
            raise JoseError(f"Algorithm {name!r} is not allowed")
        return self.algorithms[ALG]


# Header members outside joserfc's registry (none are used here) are left to the signature
# check: a header edited after signing fails that check anyway.
_REGISTRY = _Registry(algorithms=[ALG], strict_check_header=False)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(segment: str, part: str) -> bytes:
    """Strict base64url without padding: the encoding of the bytes must be ``segment`` itself."""
    if not _B64URL.fullmatch(segment) or len(segment) % 4 == 1:
        raise TokenError(N_("The token's %(part)s is not base64url text."), part=part)
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise TokenError(N_("The token's %(part)s is not base64url text."), part=part) from None
    if _b64encode(data) != segment:
        raise TokenError(N_("The token's %(part)s is not canonical base64url."), part=part)
    return data


def _json_object(data: bytes, part: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise TokenError(N_("The token's %(part)s is not JSON."), part=part) from None
    if not isinstance(value, dict):
        raise TokenError(N_("The token's %(part)s is not a JSON object."), part=part)
    return value


def encode_payload(credential: Mapping[str, Any]) -> bytes:
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(credential: Mapping[str, Any], *, private_key: OKPKey | bytes, kid: str) -> str:
    """The compact JWS of ``credential`` signed with ``private_key`` (a joserfc key, or the 32
    raw bytes) under the key id ``kid`` (``did#fragment``)."""
    key = private_key if isinstance(private_key, OKPKey) else keys.signing_key(private_key)
    header = {"alg": ALG, "typ": TYP, "cty": CTY, "kid": kid}
    return jws.serialize_compact(header, encode_payload(credential), key, registry=_REGISTRY)


def looks_like_token(text: str) -> bool:
    """Whether ``text`` has the shape of a compact JWS (three base64url parts)."""
    parts = text.strip().split(".")
    return len(parts) == 3 and all(_B64URL.fullmatch(p) for p in parts) and bool(parts[0])


def split(token: str) -> tuple[str, str, str]:
    if not isinstance(token, str):
        raise TokenError(N_("The token is not text."))
    token = token.strip()
    if len(token) > MAX_TOKEN:
        raise TokenError(N_("The token is too long."))
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError(
            N_("A signed credential has three parts separated by dots; this text has %(n)s."),
            n=len(parts),
        )
    if not all(parts):
        raise TokenError(N_("A part of the token is empty."))
    return parts[0], parts[1], parts[2]


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the payload of ``token``, without checking the signature. ``TokenError``
    when it is not a compact JWS with a JSON object in each of its first two parts."""
    header_part, payload_part, signature_part = split(token)
    header = _json_object(_b64decode(header_part, "header"), "header")
    payload = _json_object(_b64decode(payload_part, "payload"), "payload")
    _b64decode(signature_part, "signature")
    return header, payload


def verify_signature(token: str, public_jwk: Mapping[str, Any] | OKPKey) -> dict[str, Any]:
    """The payload of ``token`` once its signature is checked with ``public_jwk``.

    ``TokenError`` when the token is malformed; ``SignatureError`` when the header does not say
    EdDSA or the signature does not match the header and payload (anything changed after
    signing, or a different key); ``keys.KeyFormatError`` when the key is not an Ed25519 key.
    """
    header, payload = decode_unverified(token)
    if header.get("alg") != ALG:
        raise SignatureError(
            N_("The token is not signed with EdDSA (its header says %(alg)s)."),
            alg=header.get("alg", "-"),
        )
    key = public_jwk if isinstance(public_jwk, OKPKey) else keys.verifying_key(public_jwk)
    try:
        jws.deserialize_compact(token.strip(), key, registry=_REGISTRY)
    except BadSignatureError:
        raise SignatureError(
            N_(
                "The signature does not match: the credential was changed after it was signed, "
                "or it was signed with another key."
            )
        ) from None
    except (JoseError, ValueError) as exc:
        raise SignatureError(
            N_("The signature cannot be checked: %(reason)s"), reason=exc
        ) from None
    return payload


def enveloped(token: str) -> dict[str, Any]:
    """The ``EnvelopedVerifiableCredential`` that carries ``token``."""
    return {"@context": [VC_CONTEXT], "id": DATA_PREFIX + token, "type": ENVELOPED}


def is_enveloped(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    kind = value.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return ENVELOPED in kinds


def unwrap(envelope: Mapping[str, Any]) -> str:
    """The token inside an ``EnvelopedVerifiableCredential``; ``TokenError`` for anything else."""
    if not is_enveloped(envelope):
        raise TokenError(N_("This is not an EnvelopedVerifiableCredential."))
    value = envelope.get("id")
    if not isinstance(value, str) or not value.startswith(DATA_PREFIX):
        raise TokenError(
            N_("The envelope's id is not a data: URL of type application/vc+jwt."),
        )
    return value.removeprefix(DATA_PREFIX)
