"""Verifying a credential: is it well formed, signed by its issuer's key, unchanged, valid now,
not revoked, and does it follow its schema?

``verify`` takes a compact VC-JWT, the JSON of an ``EnvelopedVerifiableCredential`` carrying one,
or a plain JSON credential (which fails: it is not signed). It never touches the network: the
caller gives ``resolve_did(did) -> DID document | None`` and ``fetch_status_list(url) -> the
signed status list (token, envelope) | None``. Each check is reported with a plain message:

format     the input is a credential
header     alg EdDSA, typ vc+jwt, a kid naming the issuer's key
issuer     the credential's issuer is the DID of the kid; its DID document lists that key
signature  the signature matches (anything changed after signing fails here)
validity   validFrom and validUntil around ``now``
status     the bit in the issuer's Bitstring Status List (revoked fails)
schema     the W3C VCDM 2.0 and UNTP 0.6.1 JSON Schemas

A check is ok (True), failed (False) or skipped (None); the credential is valid when no check
failed. Messages are ``N_`` templates: ``Check.message`` is the English text,
``Check.translated()`` the text in the active language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filiera.core.usererror import N_, UserError
from filiera.passports.engine import schema as schemas
from filiera.passports.engine import vcjwt
from filiera.passports.engine.checks import (
    Check,
    FetchStatusList,
    ResolveDid,
    failed,
    failed_from,
    find_issuer_key,
    issuer_of,
    ok,
    parse_time,
    skipped,
)
from filiera.passports.engine.status_check import check_status

NAMES = ("format", "header", "issuer", "signature", "validity", "status", "schema")
KINDS = {
    "DigitalProductPassport": "dpp",
    "DigitalConformityCredential": "dcc",
    "DigitalFacilityRecord": "dfr",
    "DigitalTraceabilityEvent": "dte",
    "BitstringStatusListCredential": "status",
}
MAX_DETAILS = 20


@dataclass
class Verification:
    ok: bool
    checks: list[Check]
    kind: str | None  # dpp, dcc, dfr, dte, status, or None when unknown
    issuer: str | None  # the issuer's DID as the credential states it
    credential: dict[str, Any] | None  # the payload (unverified when a check failed)
    issuer_name: str = ""
    signed: bool = False

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def codes(self) -> set[str]:
        return {c.code for c in self.checks if c.ok is False and c.code}

    @property
    def revoked(self) -> bool:
        return "revoked" in self.codes

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.ok,
            "kind": self.kind,
            "issuer": self.issuer,
            "issuer_name": self.issuer_name,
            "checks": [
                {
                    "name": c.name,
                    "result": {True: "ok", False: "failed", None: "skipped"}[c.ok],
                    "message": c.message,
                    **({"code": c.code} if c.code else {}),
                    **({"details": list(c.details)} if c.details else {}),
                }
                for c in self.checks
            ],
        }


# Reading the input ---------------------------------------------------------------------------


def read_input(data: str | bytes | Mapping[str, Any]) -> tuple[str | None, dict | None, bool]:
    """(token, plain credential, enveloped): exactly one of the first two is set.
    ``vcjwt.TokenError`` when the input is neither."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise vcjwt.TokenError(N_("The file is not text (UTF-8).")) from None
    if isinstance(data, str):
        text = data.strip().removeprefix("\ufeff")
        if not text:
            raise vcjwt.TokenError(N_("There is nothing to verify: the text is empty."))
        if text[0] in '{["':
            try:
                data = json.loads(text)
            except (ValueError, RecursionError) as exc:
                raise vcjwt.TokenError(
                    N_("The text is neither a signed credential nor valid JSON: %(reason)s"),
                    reason=str(exc)[:200],
                ) from None
            if isinstance(data, str):
                return read_input(data)
        else:
            return text.removeprefix(vcjwt.DATA_PREFIX), None, False
    if not isinstance(data, Mapping):
        raise vcjwt.TokenError(N_("This JSON is not a credential (it is not an object)."))
    if vcjwt.is_enveloped(data):
        return vcjwt.unwrap(data), None, True
    if "@context" in data or "credentialSubject" in data:
        return None, dict(data), False
    raise vcjwt.TokenError(N_("This JSON is not a credential."))


def kind_of(credential: Mapping[str, Any]) -> str | None:
    types = credential.get("type")
    for name in types if isinstance(types, list) else [types]:
        if isinstance(name, str) and name in KINDS:
            return KINDS[name]
    return None


# The checks ----------------------------------------------------------------------------------


def check_header(header: Mapping[str, Any]) -> Check:
    if header.get("alg") != vcjwt.ALG:
        return failed(
            "header",
            "header",
            N_("The header says the algorithm is %(alg)s; it must be EdDSA."),
            alg=str(header.get("alg", "-"))[:40],
        )
    if header.get("typ") != vcjwt.TYP:
        return failed(
            "header",
            "header",
            N_("The header says the type is %(typ)s; it must be vc+jwt."),
            typ=str(header.get("typ", "-"))[:40],
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or "#" not in kid:
        return failed("header", "header", N_("The header does not name the signing key (kid)."))
    return ok("header", N_("Signed with EdDSA (Ed25519) as a vc+jwt, key %(kid)s."), kid=kid)


def check_signature(token: str, jwk: Mapping[str, Any] | None) -> Check:
    if jwk is None:
        return failed(
            "signature",
            "no_key",
            N_("The signature cannot be checked without the issuer's key."),
        )
    try:
        vcjwt.verify_signature(token, jwk)
    except vcjwt.SignatureError as exc:
        return failed_from("signature", "tampered", exc)
    except UserError as exc:
        return failed_from("signature", "bad_key", exc)
    return ok(
        "signature",
        N_("The signature matches: the credential is exactly as its issuer signed it."),
    )


def _shown(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_validity(credential: Mapping[str, Any], now: datetime) -> Check:
    bounds = {}
    for name in ("validFrom", "validUntil"):
        if name in credential:
            try:
                bounds[name] = parse_time(credential[name])
            except ValueError:
                return failed(
                    "validity",
                    "bad_date",
                    N_("%(field)s is not a date and time: %(value)s"),
                    field=name,
                    value=str(credential[name])[:60],
                )
    start, end = bounds.get("validFrom"), bounds.get("validUntil")
    if start and now < start:
        return failed(
            "validity",
            "not_yet_valid",
            N_("Not valid yet: valid from %(start)s."),
            start=_shown(start),
        )
    if end and now >= end:
        return failed("validity", "expired", N_("Expired on %(end)s."), end=_shown(end))
    if start and end:
        return ok(
            "validity",
            N_("Valid from %(start)s until %(end)s."),
            start=_shown(start),
            end=_shown(end),
        )
    if start:
        return ok("validity", N_("Valid since %(start)s."), start=_shown(start))
    return ok("validity", N_("The credential states no validity dates."))


def check_schema(credential: Mapping[str, Any], schema_dir: Path | None) -> Check:
    try:
        problems = schemas.validate(credential, schema_dir)
    except schemas.SchemasUnavailable as exc:
        return Check("schema", None, exc.template, exc.params)
    model = schemas.untp_model(credential)
    errors = schemas.errors(problems)
    notes = schemas.warnings(problems)
    if errors:
        return Check(
            "schema",
            False,
            N_("%(n)s problems against the credential's schema, the first at %(path)s."),
            {"n": len(errors), "path": errors[0].path},
            code="schema",
            details=tuple(str(p) for p in errors[:MAX_DETAILS]),
        )
    if schemas.is_status_list(credential) or model is None:
        return ok("schema", N_("Follows the W3C Verifiable Credentials 2.0 schema."))
    if notes:
        return Check(
            "schema",
            True,
            N_("Follows the UNTP %(model)s 0.6.1 schema, with %(n)s extension fields."),
            {"model": model.upper(), "n": len(notes)},
            details=tuple(str(p) for p in notes[:MAX_DETAILS]),
        )
    return ok(
        "schema",
        N_("Follows the W3C Verifiable Credentials 2.0 and UNTP %(model)s 0.6.1 schemas."),
        model=model.upper(),
    )


# The whole verification ----------------------------------------------------------------------


def verify(
    data: str | bytes | Mapping[str, Any],
    *,
    resolve_did: ResolveDid,
    fetch_status_list: FetchStatusList,
    schema_dir: Path | None = None,
    now: datetime | None = None,
) -> Verification:
    now = now or datetime.now(UTC)
    try:
        token, plain, envelope = read_input(data)
        header, payload = vcjwt.decode_unverified(token) if token is not None else ({}, plain)
    except vcjwt.TokenError as exc:
        checks = [failed_from("format", "unreadable", exc)]
        checks += [skipped(n, N_("Not checked: the input cannot be read.")) for n in NAMES[1:]]
        return Verification(False, checks, None, None, None)
    assert payload is not None
    issuer, issuer_name = issuer_of(payload)
    if token is None:
        checks = [
            ok("format", N_("A credential in plain JSON, without a signature.")),
            skipped("header", N_("Not checked: there is no signature.")),
            skipped("issuer", N_("Not checked: without a signature nothing proves the issuer.")),
            failed(
                "signature",
                "not_signed",
                N_(
                    "The credential is not signed: anyone could have written it. Ask its issuer "
                    "for the signed credential (VC-JWT)."
                ),
            ),
        ]
    else:
        issuer_check, jwk = find_issuer_key(header.get("kid"), issuer, resolve_did)
        checks = [
            ok("format", N_("A signed credential (VC-JWT) in an envelope."))
            if envelope
            else ok("format", N_("A signed credential (VC-JWT).")),
            check_header(header),
            issuer_check,
            check_signature(token, jwk),
        ]
    checks.append(check_validity(payload, now))
    checks.append(check_status(payload, issuer, resolve_did, fetch_status_list, now))
    checks.append(check_schema(payload, schema_dir))
    return Verification(
        ok=all(c.ok is not False for c in checks),
        checks=checks,
        kind=kind_of(payload),
        issuer=issuer,
        credential=payload,
        issuer_name=issuer_name,
        signed=token is not None,
    )
