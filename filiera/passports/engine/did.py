"""``did:web`` identifiers and DID documents (W3C DID Core 1.0, did:web method).

A did:web names a host, with its port percent-encoded (``%3A``), and optionally a path whose
segments are separated by colons. Its DID document lives at
``https://<host>[:<port>]/<path>/did.json``, or ``https://<host>/.well-known/did.json`` when
there is no path::

    did:web:example.com                           https://example.com/.well-known/did.json
    did:web:example.com%3A8443:issuers:carpi      https://example.com:8443/issuers/carpi/did.json

Issuer DID documents list their keys as ``JsonWebKey`` verification methods. Every key that
signed something and was not revoked (the active one and the retired ones) is in
``assertionMethod``, so what it signed still verifies; ``authentication`` lists the active key
only. A revoked key is left out of the document altogether.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from filiera.core.usererror import N_, UserError

PREFIX = "did:web:"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
JWK_CONTEXT = "https://w3id.org/security/jwk/v1"
METHOD_TYPE = "JsonWebKey"
MEDIA_TYPE = "application/did+ld+json"

# DID Core idchar: ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
_SEGMENT = re.compile(r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+")
_HOST = re.compile(r"[A-Za-z0-9.-]+")


class DidError(UserError):
    """A DID that is not a did:web this module can resolve."""


@dataclass(frozen=True)
class DidWeb:
    host: str  # lower case, without the port
    port: int | None
    path: tuple[str, ...]  # decoded segments

    @property
    def authority(self) -> str:
        return self.host if self.port is None else f"{self.host}:{self.port}"


@dataclass(frozen=True)
class DidKey:
    """A key for the DID document: ``fragment`` is the key id after ``#``."""

    fragment: str
    public_jwk: Mapping[str, Any]
    active: bool = True


def did_web(base_url: str, *path: str) -> str:
    """The did:web for the host (and port) of ``base_url`` and the given path segments."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if not host or not _HOST.fullmatch(host):
        raise DidError(N_("%(url)s has no host name a did:web can use."), url=base_url)
    authority = host if parts.port is None else f"{host}%3A{parts.port}"
    segments = [quote(segment, safe="") for segment in path]
    if any(not segment for segment in segments):
        raise DidError(N_("A did:web path segment cannot be empty."))
    return ":".join([PREFIX + authority, *segments])


def did_of(kid: str) -> str:
    """The DID part of a key id ``did#fragment``."""
    return kid.split("#", 1)[0]


def parse(did: str) -> DidWeb:
    """The host, port and path of a did:web; ``DidError`` when it is not one."""
    if not isinstance(did, str) or not did.startswith(PREFIX):
        raise DidError(N_("%(did)s is not a did:web identifier."), did=str(did)[:200])
    if any(mark in did for mark in "#?/"):
        raise DidError(N_("%(did)s is a DID URL, not a DID."), did=did[:200])
    authority, *segments = did.removeprefix(PREFIX).split(":")
    if not all(_SEGMENT.fullmatch(s) for s in [authority, *segments]):
        raise DidError(N_("%(did)s has characters a DID cannot have."), did=did[:200])
    host, _, port_text = unquote(authority).partition(":")
    if not _HOST.fullmatch(host) or (port_text and not port_text.isdigit()):
        raise DidError(N_("%(did)s does not name a valid host."), did=did[:200])
    port = int(port_text) if port_text else None
    if port is not None and not 0 < port < 65536:
        raise DidError(N_("%(did)s does not name a valid port."), did=did[:200])
    return DidWeb(host.lower(), port, tuple(unquote(s) for s in segments))


def document_url(did: str, *, scheme: str = "https") -> str:
    """Where the DID document of ``did`` is published (did:web always uses https)."""
    name = parse(did)
    path = "/".join(quote(s, safe="") for s in name.path) if name.path else ".well-known"
    return f"{scheme}://{name.authority}/{path}/did.json"


def key_id(did: str, fragment: str) -> str:
    return f"{did}#{fragment}"


def build_document(did: str, keys: Iterable[DidKey]) -> dict[str, Any]:
    """The DID document of ``did`` listing ``keys`` (active first, then the others)."""
    keys = sorted(keys, key=lambda k: not k.active)
    methods = [
        {
            "id": key_id(did, key.fragment),
            "type": METHOD_TYPE,
            "controller": did,
            "publicKeyJwk": dict(key.public_jwk),
        }
        for key in keys
    ]
    return {
        "@context": [DID_CONTEXT, JWK_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
        "authentication": [key_id(did, k.fragment) for k in keys if k.active],
    }


def _reference(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
        return entry["id"]
    return None


def _absolute(did: str, reference: str) -> str:
    return did + reference if reference.startswith("#") else reference


def find_key(document: Mapping[str, Any], kid: str) -> dict[str, Any] | None:
    """The public JWK for ``kid`` (``did#fragment``) in ``document``, when the document is the
    DID's own and lists that key as an assertion method; ``None`` otherwise."""
    did = document.get("id")
    if not isinstance(did, str) or did != did_of(kid):
        return None
    assertion = {
        _absolute(did, ref)
        for ref in map(_reference, document.get("assertionMethod") or [])
        if ref is not None
    }
    if kid not in assertion:
        return None
    candidates = list(document.get("verificationMethod") or [])
    # An assertion method may also be embedded in the list itself.
    candidates += [m for m in document.get("assertionMethod") or [] if isinstance(m, Mapping)]
    for method in candidates:
        if not isinstance(method, Mapping) or not isinstance(method.get("id"), str):
            continue
        if _absolute(did, method["id"]) != kid:
            continue
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, Mapping):
            return dict(jwk)
    return None
