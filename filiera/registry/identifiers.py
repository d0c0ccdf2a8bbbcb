"""Identifiers of firms and facilities: validation and normalisation (plain Python).

Each ``normalise_*`` function returns the canonical form or raises ``ValueError`` with a message
meant for people (translated by the caller).
"""

from __future__ import annotations

import secrets

from stdnum import ean, lei
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_37_36
from stdnum.it import iva

from filiera.core.usererror import N_, UserError

FACILITY_PREFIX = "FIL"
_FACILITY_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read as 1 and 0
_FACILITY_BODY = 8


class IdentifierError(UserError):
    """A malformed identifier."""


def normalise_vat(raw: str) -> tuple[str, str]:
    """Return ``(canonical VAT, ISO country)`` for an Italian P.IVA or a foreign VAT number.

    Italian numbers may come with or without the ``IT`` prefix and are stored with it.
    Foreign numbers must carry their two-letter country prefix.
    """
    value = "".join(raw.split()).upper().replace(".", "").replace("-", "")
    if not value:
        raise IdentifierError(N_("VAT number is empty"))
    if value.isdigit() or value.startswith("IT"):
        digits = value.removeprefix("IT")
        if len(digits) != 11 or not digits.isdigit():
            raise IdentifierError(N_("an Italian VAT number (P.IVA) has 11 digits"))
        if not iva.is_valid(digits):
            raise IdentifierError(N_("the Italian VAT number (P.IVA) has a wrong check digit"))
        return "IT" + digits, "IT"
    country = value[:2]
    if not country.isalpha():
        raise IdentifierError(N_("a foreign VAT number must start with its country code, e.g. FR…"))
    if country in _EU_PREFIXES:
        try:
            return eu_vat.validate(value), ("GR" if country == "EL" else country)
        except ValidationError as exc:
            raise IdentifierError(
                N_("not a valid %(country)s VAT number"), country=country
            ) from exc
    if len(value) < 5 or not value[2:].isalnum():
        raise IdentifierError(N_("not a valid VAT number"))
    return value, country


_EU_PREFIXES = {code.upper() for code in eu_vat.MEMBER_STATES} | {"EL", "XI"}


def normalise_lei(raw: str) -> str:
    try:
        return lei.validate(raw)
    except ValidationError as exc:
        raise IdentifierError(
            N_("not a valid LEI (20 characters, ISO 17442 check digits)")
        ) from exc


def normalise_gln(raw: str) -> str:
    value = "".join(raw.split())
    if len(value) != 13:
        raise IdentifierError(N_("a GLN has 13 digits"))
    try:
        return ean.validate(value)
    except ValidationError as exc:
        raise IdentifierError(N_("not a valid GLN (wrong check digit)")) from exc


def new_facility_id() -> str:
    """A fresh random Filiera facility ID, e.g. ``FIL-7K3M9Q2X-4``; uniqueness is the caller's job."""
    body = "".join(secrets.choice(_FACILITY_ALPHABET) for _ in range(_FACILITY_BODY))
    return f"{FACILITY_PREFIX}-{body}-{mod_37_36.calc_check_digit(body)}"


def normalise_facility_id(raw: str) -> str:
    """Canonical form of a facility ID typed by a person (case and separators forgiven)."""
    value = "".join(ch for ch in raw.upper() if ch.isalnum())
    if (
        not value.startswith(FACILITY_PREFIX)
        or len(value) != len(FACILITY_PREFIX) + _FACILITY_BODY + 1
    ):
        raise IdentifierError(N_("a Filiera facility ID looks like FIL-XXXXXXXX-C"))
    body, check = value[len(FACILITY_PREFIX) : -1], value[-1]
    if not mod_37_36.is_valid(body + check):
        raise IdentifierError(N_("the facility ID has a wrong check character"))
    return f"{FACILITY_PREFIX}-{body}-{check}"


def italian_vat(serial: int, office: int = 36) -> str:
    """A well-formed P.IVA from a 7-digit serial and a 3-digit tax office (for demo and test data)."""
    from stdnum import luhn

    body = f"{serial % 10_000_000 or 1:07d}{office:03d}"
    return "IT" + body + luhn.calc_check_digit(body)
