"""Reading one cell of a products sheet: the label composition, the footprint materials, and
the product fields the services take typed (numbers, yes/no, choices, GTIN, commodity code).

Each function returns the value or raises ``CellError`` with a message for people.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError

from filiera.core.usererror import N_, UserError
from filiera.footprint import labels
from filiera.products import fibres, identifiers
from filiera.products.models import Product
from filiera.products.services.common import HUNDRED, decimal, whole_number
from filiera.registry import countries

DECIMAL_FIELDS = (
    "mass_kg",
    "recycled_pre_consumer",
    "recycled_post_consumer",
    "printing_ratio",
    "price_eur",
)
INTEGER_FIELDS = ("catalogue_references",)
BOOLEAN_FIELDS = ("fading", "upcycled", "repair_service")
CHOICE_FIELDS = ("category", "fabric_process", "making_complexity", "dyeing_process", "printing")
YES = {"yes", "y", "si", "sì", "true", "1", "x", "vero"}
NO = {"no", "n", "false", "0", "falso"}


class CellError(Exception):
    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.error = UserError(template, **params)


# Fibre names ---------------------------------------------------------------------------------


def _plain_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("-", " ").split())


@cache
def fibre_index() -> dict[str, str]:
    """Every way a file may name a fibre (key, English or Italian EU name; any case, accents
    optional) → its key."""
    index: dict[str, str] = {}
    for key, fibre in fibres.fibres().items():
        for name in (fibre.name_en, fibre.name_it):
            index.setdefault(_plain_name(name), key)
    for key, fibre in fibres.fibres().items():  # "polyamide or nylon": each name alone too
        for name in (fibre.name_en, fibre.name_it):
            opened = re.sub(r"[()]", " ", _plain_name(name))
            for part in re.split(r"\bor\b|\bo\b|/", opened):
                if part.strip():
                    index.setdefault(" ".join(part.split()), key)
    for key in fibres.fibres():
        index[key.casefold()] = key
    return index


FIBRE_FIRST = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%?\s+(.+)$")
FIBRE_LAST = re.compile(r"^(.+?)\s+(\d+(?:[.,]\d+)?)\s*%?$")


def _fibre_part(part: str, component: str) -> tuple[str, Decimal]:
    text = part.strip()
    found = FIBRE_FIRST.match(text)
    if found:
        raw_percent, raw_name = found.groups()
    else:
        found = FIBRE_LAST.match(text)
        if not found:
            raise CellError(
                N_("in %(component)s, “%(part)s”: write the share and the fibre, e.g. 95 cotton."),
                component=component,
                part=text,
            )
        raw_name, raw_percent = found.groups()
    key = fibre_index().get(_plain_name(raw_name)) or fibre_index().get(raw_name.strip().casefold())
    if key is None:
        raise CellError(
            N_(
                "in %(component)s, “%(name)s” is not a fibre name of the EU textile labelling "
                "regulation (in English or Italian)."
            ),
            component=component,
            name=raw_name.strip(),
        )
    percent = decimal(raw_percent)
    if percent <= 0 or percent > HUNDRED or percent != percent.quantize(Decimal("0.01")):
        raise CellError(
            N_("in %(component)s, “%(part)s”: the share must be more than 0 and at most 100."),
            component=component,
            part=text,
        )
    return key, percent


def parse_composition(text: str) -> list[tuple[str, str, str, Decimal]]:
    """``shell: 95 cotton | 5 elastane; lining: 100 polyester`` → rows for ``set_components``.
    A component may be named in both languages: ``guscio / shell: …``."""
    rows: list[tuple[str, str, str, Decimal]] = []
    seen: set[str] = set()
    for chunk in re.split(r"[;\n]", text):
        if not chunk.strip():
            continue
        if ":" not in chunk:
            raise CellError(
                N_(
                    "name each component before its fibres, e.g. “shell: 95 cotton | 5 elastane; "
                    "lining: 100 polyester”."
                )
            )
        raw_name, fibre_text = chunk.split(":", 1)
        name, _sep, name_en = raw_name.partition(" / ")
        name, name_en = " ".join(name.split()), " ".join(name_en.split())
        if not name:
            raise CellError(N_("a component has no name before “:”."))
        if name.casefold() in seen:
            raise CellError(N_("the component %(component)s is given twice."), component=name)
        seen.add(name.casefold())
        parts = [p for p in fibre_text.split("|") if p.strip()]
        if not parts:
            raise CellError(N_("%(component)s has no fibres."), component=name)
        total = Decimal(0)
        keys: set[str] = set()
        for n, part in enumerate(parts):
            key, percent = _fibre_part(part, name)
            if key in keys:
                raise CellError(
                    N_("in %(component)s, %(fibre)s is given twice."),
                    component=name,
                    fibre=fibres.name(key, "en"),
                )
            keys.add(key)
            total += percent
            rows.append((name if n == 0 else "", name_en if n == 0 else "", key, percent))
        if total != HUNDRED:
            raise CellError(
                N_("the fibres of %(component)s add up to %(total)s %%, not 100 %%."),
                component=name,
                total=f"{total.normalize():f}",
            )
    return rows


def parse_materials(text: str) -> list[tuple[str, Decimal, str]]:
    """``ei-coton:98:TR | elasthane:2`` → rows for ``set_composition``."""
    rows: list[tuple[str, Decimal, str]] = []
    for part in re.split(r"[|;\n]", text):
        if not part.strip():
            continue
        bits = [b.strip() for b in part.split(":")]
        if len(bits) not in (2, 3):
            raise CellError(
                N_("“%(part)s”: write material:share, e.g. ei-coton:100 (or ei-coton:100:IN)."),
                part=part.strip(),
            )
        material, raw_share = bits[0], bits[1]
        if material not in labels.MATERIALS:
            raise CellError(
                N_("“%(material)s” is not a material of the footprint method (e.g. ei-coton)."),
                material=material,
            )
        share = decimal(raw_share)
        if not share.is_finite() or share <= 0 or share > HUNDRED:
            raise CellError(
                N_("“%(part)s”: the share must be more than 0 and at most 100."),
                part=part.strip(),
            )
        code = bits[2].upper() if len(bits) == 3 else ""
        if code and not countries.is_code(code):
            raise CellError(
                N_("“%(value)s” is not a country code (two letters, e.g. PT)."), value=bits[2]
            )
        rows.append((material, share, code))
    total = sum((share for _m, share, _c in rows), Decimal(0))
    if rows and abs(total - HUNDRED) > Decimal("0.01"):
        raise CellError(
            N_("the shares add up to %(total)s %%, not 100 %%."), total=f"{total.normalize():f}"
        )
    return rows


# Product fields ------------------------------------------------------------------------------


def _choices(name: str) -> set[str]:
    return {
        str(value)
        for value, _label in getattr(Product._meta.get_field(name), "choices", None) or []
    }


def value_of(name: str, raw: str) -> Any:
    """A product field's cell as the service takes it; ``CellError`` when it cannot be read."""
    if name in DECIMAL_FIELDS:
        number = decimal(raw)
        if not number.is_finite():
            raise CellError(N_("“%(value)s” is not a number."), value=raw)
        return number
    if name in INTEGER_FIELDS:
        try:
            return whole_number(raw)
        except ValueError:
            raise CellError(N_("“%(value)s” is not a whole number."), value=raw) from None
    if name in BOOLEAN_FIELDS:
        key = raw.strip().casefold()
        if key in YES:
            return True
        if key in NO:
            return False
        raise CellError(N_("write yes or no, not “%(value)s”."), value=raw)
    if name in CHOICE_FIELDS:
        value = raw.strip()
        if value not in _choices(name):
            raise CellError(
                N_("“%(value)s” is not one of: %(choices)s."),
                value=value,
                choices=", ".join(sorted(_choices(name))),
            )
        return value
    if name == "gtin":
        value = "".join(raw.split())
        problem = identifiers.gtin_problem(value)
        if problem:
            raise CellError("%(message)s", message=problem)
        return identifiers.normalize_gtin(value)
    if name == "commodity_code":
        value = "".join(ch for ch in raw if ch not in " .")
        try:
            identifiers.validate_commodity_code(value)
        except ValidationError as exc:
            raise CellError("%(message)s", message=exc.messages[0]) from None
        return value
    return raw.strip()
