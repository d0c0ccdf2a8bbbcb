"""Filters of the symbiosis pages: quantities without trailing zeros, in the reader's format."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def qty(value) -> str:
    """``9.5`` → "9,5" in Italian, "9.5" in English; at most three decimals, none trailing."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.001"))
    except (InvalidOperation, ValueError):
        return str(value)
    number = number.normalize()
    decimals = max(0, -number.as_tuple().exponent)  # type: ignore[operator]
    return number_format(number, decimal_pos=decimals, force_grouping=True)
