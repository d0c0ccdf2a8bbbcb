"""What the verification page and ``filiera verify`` show: check names and the facts a person
reads first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from filiera.passports.engine import verify

CHECK_LABELS = {
    "format": gettext_lazy("Format"),
    "header": gettext_lazy("Signature header"),
    "issuer": gettext_lazy("Issuer and key"),
    "signature": gettext_lazy("Signature"),
    "validity": gettext_lazy("Validity dates"),
    "status": gettext_lazy("Revocation"),
    "schema": gettext_lazy("Schema"),
}
KIND_LABELS = {
    "dpp": gettext_lazy("Digital Product Passport"),
    "dcc": gettext_lazy("Digital Conformity Credential"),
    "dfr": gettext_lazy("Digital Facility Record"),
    "dte": gettext_lazy("Digital Traceability Event"),
    "status": gettext_lazy("status list"),
}


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value[:300]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def subject_facts(credential: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The main facts of a credential's subject, as (label, text), for people to read."""
    if not isinstance(credential, Mapping):
        return []
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    if not isinstance(subject, Mapping):
        return []
    facts: list[tuple[str, str]] = []
    product = subject.get("product")
    facility = subject.get("facility")
    if isinstance(product, Mapping):
        facts += [
            (_("Product"), _text(product.get("name"))),
            (_("Product identifier"), _text(product.get("registeredId") or product.get("id"))),
            (_("Batch"), _text(product.get("batchNumber"))),
            (_("Serial number"), _text(product.get("serialNumber"))),
        ]
    elif isinstance(facility, Mapping):
        facts += [
            (_("Facility"), _text(facility.get("name"))),
            (_("Facility identifier"), _text(facility.get("registeredId") or facility.get("id"))),
            (_("Country"), _text(facility.get("countryOfOperation"))),
        ]
    else:
        facts += [
            (_("Subject"), _text(subject.get("name"))),
            (_("Subject identifier"), _text(subject.get("id"))),
        ]
    facts += [
        (_("Credential"), _text(credential.get("id"))),
        (_("Valid from"), _text(credential.get("validFrom"))),
        (_("Valid until"), _text(credential.get("validUntil"))),
    ]
    return [(label, value) for label, value in facts if value]


def verdict(result: verify.Verification) -> tuple[str, str]:
    """(code, headline) of the result as a whole."""
    codes = result.codes
    if result.ok:
        return "valid", _("Valid: the credential is authentic, unchanged and not revoked.")
    if "unreadable" in codes:
        return "unreadable", _("Not a credential: the input cannot be read.")
    if "tampered" in codes:
        return "tampered", _("Tampered: the credential was changed after it was signed.")
    if "revoked" in codes:
        return "revoked", _("Revoked: the issuer withdrew this credential.")
    if "not_signed" in codes:
        return "not_signed", _("Not signed: nothing proves who issued this credential.")
    if "expired" in codes:
        return "expired", _("Expired: the credential is past its validity date.")
    return "invalid", _("Not valid: see the checks below.")


def verification_context(result: verify.Verification) -> dict[str, Any]:
    code, headline = verdict(result)
    return {
        "result": result,
        "verdict": code,
        "headline": headline,
        "kind_label": KIND_LABELS.get(result.kind or "", ""),
        "facts": subject_facts(result.credential),
        "checks": [
            {
                "name": check.name,
                "label": CHECK_LABELS.get(check.name, check.name),
                "state": {True: "ok", False: "failed", None: "skipped"}[check.ok],
                "message": check.translated(),
                "code": check.code,
                "details": check.details,
            }
            for check in result.checks
        ],
    }
