"""Product identifiers: GTIN (GS1 check digit) and customs commodity code."""

from __future__ import annotations

import re

from biip.checksums import gs1_standard_check_digit
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_problem(value: str) -> str | None:
    """Why ``value`` is not a GTIN, or None. Digits only, 8/12/13/14 long, right check digit."""
    if not value.isdigit() or not value.isascii():
        return str(_("A GTIN has digits only."))
    if len(value) not in GTIN_LENGTHS:
        return str(_("A GTIN has 8, 12, 13 or 14 digits."))
    expected = str(gs1_standard_check_digit(value[:-1]))
    if value[-1] != expected:
        return str(
            _("Wrong check digit: the last digit should be %(expected)s.") % {"expected": expected}
        )
    return None


def normalize_gtin(value: str) -> str:
    """The 14-digit form of a valid GTIN (left-padded with zeros), as Digital Link uses it."""
    return value.strip().zfill(14)


def validate_gtin(value: str) -> None:
    problem = gtin_problem(value.strip())
    if problem:
        raise ValidationError(problem)


COMMODITY_CODE = re.compile(r"^\d{6}(\d{2})?(\d{2})?$")


def validate_commodity_code(value: str) -> None:
    """HS (6 digits), CN (8) or TARIC (10) code, digits only."""
    if not COMMODITY_CODE.match(value):
        raise ValidationError(
            _("A commodity code has 6, 8 or 10 digits (HS, CN or TARIC), without spaces or dots.")
        )
