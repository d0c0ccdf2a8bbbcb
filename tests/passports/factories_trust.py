"""Helpers for the trust tests: the UNTP samples, and a small issuer outside the database (a
key pair, its did:web and DID document, a status list) with stub resolvers for ``verify``."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from filiera.passports.engine import did, keys, status_list, vcjwt, verify

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "untp-0.6.1"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@cache
def _sample_text(model: str) -> str:
    path = SCHEMAS / "data-models" / f"untp-{model}" / "artefacts" / f"untp-{model}-instance.json"
    return path.read_text(encoding="utf-8")


def sample(model: str = "dpp") -> dict[str, Any]:
    """A fresh copy of the UNTP 0.6.1 sample credential of ``model``."""
    return json.loads(_sample_text(model))


@dataclass
class Issuer:
    """An issuer that lives in memory: ``resolve_did`` and ``fetch`` are verify's resolvers."""

    did: str
    pair: keys.KeyPair
    list_url: str
    bits: bytes = field(default_factory=status_list.new_bits, repr=False)
    retired: list[keys.KeyPair] = field(default_factory=list)

    @property
    def kid(self) -> str:
        return did.key_id(self.did, self.pair.kid)

    def document(self) -> dict[str, Any]:
        listed = [did.DidKey(self.pair.kid, self.pair.public_jwk)]
        listed += [did.DidKey(p.kid, p.public_jwk, active=False) for p in self.retired]
        return did.build_document(self.did, listed)

    def credential(self, model: str = "dpp", index: int = 7) -> dict[str, Any]:
        """The sample credential, issued by this issuer, with status entry ``index``."""
        credential = sample(model)
        credential["issuer"]["id"] = self.did
        credential["credentialStatus"] = status_list.entry(self.list_url, index)
        return credential

    def sign(self, credential: dict[str, Any], pair: keys.KeyPair | None = None) -> str:
        pair = pair or self.pair
        return vcjwt.sign(
            credential, private_key=pair.private_bytes, kid=did.key_id(self.did, pair.kid)
        )

    def revoke(self, index: int) -> None:
        self.bits = status_list.set_bit(self.bits, index)

    def list_token(self) -> str:
        unsigned = status_list.list_credential(
            url=self.list_url, issuer=self.did, valid_from="2024-01-01T00:00:00Z", bits=self.bits
        )
        return self.sign(unsigned)

    def resolve_did(self, name: str) -> dict[str, Any] | None:
        return self.document() if name == self.did else None

    def fetch(self, url: str) -> str | None:
        return self.list_token() if url == self.list_url else None

    def verify(self, data: Any, **options: Any) -> verify.Verification:
        options.setdefault("schema_dir", SCHEMAS)
        options.setdefault("now", NOW)
        options.setdefault("resolve_did", self.resolve_did)
        options.setdefault("fetch_status_list", self.fetch)
        return verify.verify(data, **options)


def make_issuer(host: str = "issuer.example", slug: str = "brand") -> Issuer:
    name = did.did_web(f"https://{host}", "issuers", slug)
    return Issuer(
        did=name,
        pair=keys.generate(),
        list_url=f"https://{host}/credentials/status/{slug}/1",
    )


def deep(value: Any) -> Any:
    return copy.deepcopy(value)
