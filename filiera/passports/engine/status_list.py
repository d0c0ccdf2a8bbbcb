"""W3C Bitstring Status List v1.0: revocation as one bit per credential.

Bit ``i`` of the list is bit ``7 - i % 8`` of byte ``i // 8``: index 0 is the most significant
(left-most) bit of the first byte. The list travels GZIP-compressed and then encoded as
multibase base64url without padding (a ``u`` prefix) in ``encodedList``; it has at least
131,072 bits (16 KB) so one credential's index says little about who holds it.

A credential points at its bit with a ``BitstringStatusListEntry``; the list itself is a
``BitstringStatusListCredential`` signed by the same issuer.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import zlib
from collections.abc import Mapping
from typing import Any

from filiera.core.usererror import N_, UserError

MIN_BITS = 131_072
MAX_BITS = 64 * MIN_BITS  # a decoded list larger than 1 MB is refused
REVOCATION = "revocation"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
LIST_CREDENTIAL = "BitstringStatusListCredential"
LIST_SUBJECT = "BitstringStatusList"
ENTRY = "BitstringStatusListEntry"
_B64URL = re.compile(r"[A-Za-z0-9_-]*")


class StatusListError(UserError):
    """A status list or a status entry that cannot be read."""


def new_bits(size: int = MIN_BITS) -> bytes:
    """An all-zero list of ``size`` bits (a multiple of 8, at least ``MIN_BITS``)."""
    if size < MIN_BITS or size % 8:
        raise ValueError(f"a status list has a multiple of 8 bits, at least {MIN_BITS}")
    return bytes(size // 8)


def get_bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(
            N_("Status index %(index)s is outside the list (%(size)s entries)."),
            index=index,
            size=len(bits) * 8,
        )
    return bool(bits[index // 8] >> (7 - index % 8) & 1)


def set_bit(bits: bytes, index: int, value: bool = True) -> bytes:
    """A copy of ``bits`` with bit ``index`` set (or cleared)."""
    get_bit(bits, index)  # range check
    data = bytearray(bits)
    mask = 1 << (7 - index % 8)
    if value:
        data[index // 8] |= mask
    else:
        data[index // 8] &= ~mask & 0xFF
    return bytes(data)


def encode(bits: bytes) -> str:
    """``encodedList``: GZIP (no timestamp, so the same list always encodes the same), then
    multibase base64url without padding."""
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bits of an ``encodedList``; ``StatusListError`` when it is not multibase base64url
    GZIP data of at least ``MIN_BITS`` bits."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError(
            N_("The status list is not multibase base64url text (it must start with “u”).")
        )
    text = encoded[1:]
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise StatusListError(N_("The status list is not base64url text."))
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise StatusListError(N_("The status list is not base64url text.")) from None
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing only
    try:
        bits = inflater.decompress(packed, MAX_BITS // 8 + 1)
    except zlib.error:
        raise StatusListError(N_("The status list is not GZIP data.")) from None
    if len(bits) > MAX_BITS // 8 or inflater.unconsumed_tail:
        raise StatusListError(N_("The status list is too large."))
    if not inflater.eof:
        raise StatusListError(N_("The status list's GZIP data is cut short."))
    if len(bits) * 8 < MIN_BITS:
        raise StatusListError(
            N_("The status list has %(size)s entries; a list has at least %(min)s."),
            size=len(bits) * 8,
            min=MIN_BITS,
        )
    return bits


def entry(list_url: str, index: int, purpose: str = REVOCATION) -> dict[str, Any]:
    """The ``credentialStatus`` of a credential whose status is bit ``index`` of the list
    published at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY,
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def list_credential(
    *,
    url: str,
    issuer: str | Mapping[str, Any],
    valid_from: str,
    bits: bytes,
    purpose: str = REVOCATION,
    valid_until: str | None = None,
) -> dict[str, Any]:
    """The (unsigned) ``BitstringStatusListCredential`` published at ``url``."""
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": valid_from,
    }
    if valid_until:
        credential["validUntil"] = valid_until
    credential["credentialSubject"] = {
        "id": f"{url}#list",
        "type": LIST_SUBJECT,
        "statusPurpose": purpose,
        "encodedList": encode(bits),
    }
    return credential


def _types(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def read_entry(status: Any) -> tuple[str, int, str]:
    """(list URL, index, purpose) of a ``BitstringStatusListEntry``."""
    if not isinstance(status, Mapping) or ENTRY not in _types(status.get("type")):
        raise StatusListError(
            N_("The credential's status entry is not a BitstringStatusListEntry.")
        )
    url = status.get("statusListCredential")
    if not isinstance(url, str) or not url:
        raise StatusListError(N_("The status entry does not say where its list is."))
    raw = status.get("statusListIndex")
    if not isinstance(raw, str) or not raw.isdigit() or (len(raw) > 1 and raw[0] == "0"):
        raise StatusListError(N_("The status entry's index is not a whole number written as text."))
    purpose = status.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise StatusListError(N_("The status entry has no purpose."))
    return url, int(raw), purpose


def read_list(credential: Mapping[str, Any], purpose: str) -> bytes:
    """The bits of a ``BitstringStatusListCredential`` for ``purpose``."""
    if LIST_CREDENTIAL not in _types(credential.get("type")):
        raise StatusListError(N_("The status list is not a BitstringStatusListCredential."))
    subject = credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or LIST_SUBJECT not in _types(subject.get("type")):
        raise StatusListError(N_("The status list's subject is not a BitstringStatusList."))
    if purpose not in _types(subject.get("statusPurpose")):
        raise StatusListError(
            N_("The status list is not a %(purpose)s list."),
            purpose=purpose,
        )
    return decode(subject.get("encodedList"))  # type: ignore[arg-type]
