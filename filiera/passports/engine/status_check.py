"""The status check of a verification: fetch the issuer's Bitstring Status List credential, verify
it with the same machinery as the credential (signed by the same issuer, unchanged, current),
and read the credential's bit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from filiera.core.usererror import N_, UserError
from filiera.passports.engine import did as dids
from filiera.passports.engine import status_list, vcjwt
from filiera.passports.engine.checks import (
    Check,
    FetchStatusList,
    ResolveDid,
    failed,
    failed_from,
    find_issuer_key,
    ok,
    parse_time,
    skipped,
)

PURPOSES = ("revocation", "suspension")


class StatusUnavailable(UserError):
    """The status list cannot be fetched or trusted: the status is unknown."""


def _token(fetched: str | Mapping[str, Any]) -> str:
    value: Any = fetched
    if isinstance(value, str) and value.strip()[:1] == "{":
        try:
            value = json.loads(value)
        except ValueError:
            raise StatusUnavailable(
                N_("The status list is neither a signed list nor JSON.")
            ) from None
    if isinstance(value, Mapping):
        if vcjwt.is_enveloped(value):
            return vcjwt.unwrap(value)
        raise StatusUnavailable(N_("The status list is not signed."))
    if not isinstance(value, str):
        raise StatusUnavailable(N_("The status list is not a signed credential."))
    return value.strip()


def trusted_list(
    url: str,
    issuer: str | None,
    resolve_did: ResolveDid,
    fetch_status_list: FetchStatusList,
    now: datetime,
) -> dict[str, Any]:
    """The payload of the status list at ``url`` once it is verified: signed by ``issuer``,
    unchanged, published at ``url`` and current. ``StatusUnavailable`` (or another
    ``UserError``) otherwise."""
    try:
        fetched = fetch_status_list(url)
    except UserError:
        raise
    except Exception as exc:  # a fetcher given by the caller may fail in any way
        raise StatusUnavailable(
            N_("The status list %(url)s cannot be fetched: %(reason)s"),
            url=url,
            reason=str(exc)[:200],
        ) from None
    if fetched is None:
        raise StatusUnavailable(N_("The status list %(url)s cannot be found."), url=url)
    token = _token(fetched)
    header, payload = vcjwt.decode_unverified(token)
    kid = header.get("kid")
    if not isinstance(kid, str) or dids.did_of(kid) != issuer:
        raise StatusUnavailable(
            N_("The status list is not signed by the credential's issuer (%(issuer)s)."),
            issuer=issuer or "-",
        )
    key_check, jwk = find_issuer_key(kid, _issuer_id(payload), resolve_did)
    if key_check.ok is not True or jwk is None:
        raise StatusUnavailable(
            N_("The status list's issuer cannot be checked: %(reason)s"),
            reason=key_check.message,
        )
    try:
        vcjwt.verify_signature(token, jwk)
    except vcjwt.SignatureError:
        raise StatusUnavailable(
            N_("The status list's signature does not match: it was changed after signing.")
        ) from None
    if payload.get("id") != url:
        raise StatusUnavailable(
            N_("The status list says it is %(id)s, not %(url)s."),
            id=str(payload.get("id"))[:200],
            url=url,
        )
    if "validUntil" in payload:
        try:
            expired = parse_time(payload["validUntil"]) <= now
        except ValueError:
            expired = True
        if expired:
            raise StatusUnavailable(N_("The status list is out of date."))
    return payload


def _issuer_id(payload: Mapping[str, Any]) -> str | None:
    issuer = payload.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def check_status(
    credential: Mapping[str, Any],
    issuer: str | None,
    resolve_did: ResolveDid,
    fetch_status_list: FetchStatusList,
    now: datetime,
) -> Check:
    status = credential.get("credentialStatus")
    if status is None:
        return skipped(
            "status", N_("The credential has no status entry: its issuer cannot revoke it.")
        )
    entries = status if isinstance(status, list) else [status]
    results: list[tuple[str, int, str]] = []
    for entry in entries:
        try:
            url, index, purpose = status_list.read_entry(entry)
        except UserError as exc:
            return failed_from("status", "status_unavailable", exc)
        if purpose not in PURPOSES:
            continue
        try:
            payload = trusted_list(url, issuer, resolve_did, fetch_status_list, now)
            bits = status_list.read_list(payload, purpose)
            set_ = status_list.get_bit(bits, index)
        except UserError as exc:
            return failed_from("status", "status_unavailable", exc)
        if set_ and purpose == "revocation":
            return failed("status", "revoked", N_("Revoked: the issuer withdrew this credential."))
        if set_:
            return failed(
                "status", "suspended", N_("Suspended: the issuer has suspended this credential.")
            )
        results.append((url, index, purpose))
    if not results:
        return skipped("status", N_("The credential has no revocation entry to check."))
    url, index, _ = results[0]
    return ok(
        "status",
        N_("Not revoked: entry %(index)s of the issuer's status list %(url)s is clear."),
        index=index,
        url=url,
    )
