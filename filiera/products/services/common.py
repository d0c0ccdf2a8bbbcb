"""What every product service shares: the error naming a field and a row, reading numbers,
countries and dates as people write them, and recording a change on the product's history."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats

from filiera.core import audit
from filiera.core.usererror import N_, UserError
from filiera.footprint.services import refresh_footprint
from filiera.products.models import Product
from filiera.registry import countries
from filiera.registry.models import Site

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
SiteRef = Site | int | str | None  # a site, its id (a form's text too) or no site


class ProductError(UserError):
    """Bad input to a product service: ``field`` names the form field, ``row`` (from 1) the
    row of the composition, the steps, the components or the substances it concerns, when there
    is one."""

    def __init__(
        self, field: str | None, template: str, *, row: int | None = None, **params: Any
    ) -> None:
        if row is not None:
            params["row"] = row
        super().__init__(template, **params)
        self.field = field
        self.row = row


def refresh(product: Product) -> None:
    """Recompute the stored footprint from the product's current inputs (same transaction)."""
    refresh_footprint(product)


def record(actor, product: Product, changes: dict[str, Any], action: str = "update") -> None:
    """Note a change of the product's data on the brand's history (nothing when unchanged)."""
    if not changes:
        return
    audit.record(actor, action, product, changes=changes, firm_id=product.brand_id)


def touch(product: Product) -> None:
    product.save(update_fields=["updated_at"])


def number(value: Decimal) -> str:
    """A decimal as the current language writes it (``33,5`` in Italian)."""
    return formats.number_format(value.normalize(), use_l10n=True)


def plain(value: Decimal) -> str:
    """A stored decimal as people type it: 60, 33.5."""
    return f"{value.normalize():f}"


def decimal(raw: Any) -> Decimal:
    """``raw`` as a decimal (comma or point; a trailing % is forgiven); NaN when it is not one."""
    if isinstance(raw, Decimal):
        return raw
    text = str(raw if raw is not None else "").strip().removesuffix("%").strip()
    try:
        return Decimal(text.replace(",", "."))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def country(row: int | None, raw: Any, step: str = "") -> str:
    code = str(raw or "").strip().upper()
    if code and not countries.is_code(code):
        if step:
            raise ProductError(
                "country",
                N_("%(step)s, country: “%(value)s” is not a country code (two letters, e.g. PT)."),
                row=row,
                step=step,
                value=raw,
            )
        raise ProductError(
            "country",
            N_("Row %(row)s, country: “%(value)s” is not a country code (two letters, e.g. PT)."),
            row=row,
            value=raw,
        )
    return code


ITALIAN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date(raw: Any) -> datetime.date | None:
    """A date given as a date, as ``2025-03-31`` or as ``31/03/2025``; None when empty.

    Raises ``ValueError`` when the text is not a date."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        return None
    if "T" in text or " " in text:  # a spreadsheet's date and time: the date counts
        text = re.split(r"[T ]", text, maxsplit=1)[0]
    found = ITALIAN_DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        return datetime.date(year, month, day)
    return datetime.date.fromisoformat(text)


def whole_number(raw: Any) -> int | None:
    """A whole number ≥ 0, or None when empty; raises ``ValueError`` when it is not one."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not text:
            return None
        if text.endswith(".0"):  # a spreadsheet's number
            text = text[:-2]
        if not text.isdigit():
            raise ValueError(raw)
        value = int(text)
    if value < 0:
        raise ValueError(raw)
    return value
