"""What the verification of a credential and of its status list share: a check's result and
finding the issuer's key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from filiera.core.usererror import N_, UserError
from filiera.passports.engine import did as dids

ResolveDid = Callable[[str], Mapping[str, Any] | None]
FetchStatusList = Callable[[str], str | Mapping[str, Any] | None]


@dataclass(frozen=True)
class Check:
    name: str  # one of NAMES
    ok: bool | None  # None: skipped
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)
    code: str = ""  # why it failed, for pages and scripts: "tampered", "revoked", "expired"…
    details: tuple[str, ...] = ()  # e.g. schema problems

    @property
    def message(self) -> str:
        return self.template % dict(self.params) if self.params else self.template

    def translated(self) -> str:
        from django.utils.translation import gettext

        text = gettext(self.template)
        return text % dict(self.params) if self.params else text


def ok(name: str, template: str, **params: Any) -> Check:
    return Check(name, True, template, params)


def failed(name: str, code: str, template: str, **params: Any) -> Check:
    return Check(name, False, template, params, code=code)


def skipped(name: str, template: str, **params: Any) -> Check:
    return Check(name, None, template, params)


def failed_from(name: str, code: str, error: UserError) -> Check:
    return Check(name, False, error.template, error.params, code=code)


def issuer_of(credential: Mapping[str, Any]) -> tuple[str | None, str]:
    """(issuer id, issuer name) as the credential states them."""
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer, ""
    if isinstance(issuer, Mapping):
        name = issuer.get("name")
        ident = issuer.get("id")
        return (ident if isinstance(ident, str) else None), (name if isinstance(name, str) else "")
    return None, ""


def parse_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_issuer_key(
    kid: Any, issuer: str | None, resolve_did: ResolveDid
) -> tuple[Check, dict[str, Any] | None]:
    """The issuer check and, when the issuer's DID document lists the key ``kid``, its JWK."""
    if not isinstance(kid, str) or "#" not in kid:
        return failed("issuer", "unknown_key", N_("The issuer's key is not named.")), None
    did = dids.did_of(kid)
    try:
        document = resolve_did(did)
    except UserError as exc:
        return failed_from("issuer", "unknown_issuer", exc), None
    except Exception as exc:  # a resolver given by the caller may fail in any way
        return failed(
            "issuer",
            "unknown_issuer",
            N_("The issuer's DID document cannot be read: %(reason)s"),
            reason=str(exc)[:200],
        ), None
    if document is None:
        return failed(
            "issuer",
            "unknown_issuer",
            N_("The DID document of %(did)s cannot be found, so the issuer cannot be checked."),
            did=did,
        ), None
    jwk = dids.find_key(document, kid)
    if jwk is None:
        return failed(
            "issuer",
            "unknown_key",
            N_(
                "The DID document of %(did)s does not list the key %(kid)s: it was never the "
                "issuer's key, or the issuer withdrew it."
            ),
            did=did,
            kid=kid,
        ), None
    if issuer != did:
        return failed(
            "issuer",
            "wrong_issuer",
            N_("The credential says it was issued by %(issuer)s, but it is signed by %(did)s."),
            issuer=issuer or "-",
            did=did,
        ), jwk
    return ok("issuer", N_("Signed by %(did)s with a key its DID document lists."), did=did), jwk
