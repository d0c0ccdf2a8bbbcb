"""The rules of a flow, one set for the form, the file import and the API.

``clean_flow(data, firm=…)`` takes what people typed or a file holds (text or typed values) and
returns the model's fields, cleaned, with the errors by field name (translated into the active
language, each starting with the field's name so a file report reads on its own):

- the EWC code is normalised to six digits and must be in the list; a waste needs one; the
  hazardous flag comes from the list's entry (the asterisk);
- the unit must be known and fit the kind (tonnes for a material, MWh for energy, m3 for
  water…); the quantity is a number ≥ 0; the amount per year in the base unit is derived;
- "available until" may not come before "available from";
- the site must be one of the firm's (by object, id or name; the only site when there is one);
- a receiver's authorised codes must each be in the list;
- attributes come as a dict or as ``key=value;key=value``;
- the legal status defaults from the kind (waste → waste, by-product → by-product, end of
  waste → end of waste, anything else → product).

The uniqueness of ``ref`` within the firm is the services' check (an update keeps its own).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from filiera.registry.models import Firm, Site
from filiera.symbiosis.engine import ewc as ewc_list
from filiera.symbiosis.engine import units
from filiera.symbiosis.models import Flow

Kind = Flow.Kind
MATERIAL_KINDS = frozenset(
    {Kind.WASTE, Kind.BY_PRODUCT, Kind.END_OF_WASTE, Kind.SECONDARY_MATERIAL}
)
LEGAL_OF_KIND: dict[str, str] = {
    Kind.WASTE: Flow.LegalStatus.WASTE,
    Kind.BY_PRODUCT: Flow.LegalStatus.BY_PRODUCT,
    Kind.END_OF_WASTE: Flow.LegalStatus.END_OF_WASTE,
}
MAX_QUANTITY = Decimal("99999999999.999")  # 14 digits, 3 after the point
MAX_DISTANCE_KM = 5000
DEFAULT_DISTANCE_KM = 50
CODES_SPLIT = re.compile(r"[|,;\n]+")
TRUE = {"1", "true", "yes", "y", "si", "sì", "x", "on"}
FALSE = {"", "0", "false", "no", "n", "off"}
# Flow fields ``clean_flow`` returns (the services set the rest).
FIELDS = (
    "site",
    "ref",
    "direction",
    "kind",
    "ewc",
    "description",
    "description_en",
    "quantity",
    "unit",
    "period",
    "amount_year",
    "base_unit",
    "attributes",
    "available_from",
    "available_until",
    "hazardous",
    "accepts_hazardous",
    "legal_status",
    "max_distance_km",
    "accepted_ewc",
)


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_decimal(value: Any) -> Decimal | None:
    """A number as people write it (``1.5``, ``1,5``); None when it is not one."""
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    raw = text(value).replace(" ", "")
    if "," in raw and "." in raw:  # 1.234,5 → 1234.5
        raw = raw.replace(".", "").replace(",", ".")
    try:
        number = Decimal(raw.replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_date(value: Any) -> date | None:
    """A date from a date, ``2025-03-31`` or ``31/03/2025``; raises ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ValueError(raw)


def parse_attributes(value: Any) -> dict[str, Any]:
    """A dict, or ``key=value;key=value``; raises ValueError with the bad part."""
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = []
        for part in re.split(r"[;\n]+", text(value)):
            part = part.strip()
            if not part:
                continue
            key, sep, raw = part.partition("=")
            if not sep or not key.strip():
                raise ValueError(part)
            pairs.append((key, raw))
    out: dict[str, Any] = {}
    for key, raw in pairs:
        name = text(key).lower().replace(" ", "_")
        if not name:
            continue
        out[name] = _attribute(name, raw)
    return out


def _attribute(name: str, raw: Any) -> Any:
    if name == "coated":
        return parse_bool(raw)
    if name == "elastane_pct":
        number = parse_decimal(text(raw).removesuffix("%") if isinstance(raw, str) else raw)
        if number is None or not 0 <= number <= 100:
            raise ValueError(f"{name}={raw}")
        return float(number)
    if isinstance(raw, (bool, int, float)):
        return raw
    return text(raw)


def split_codes(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [text(v) for v in value if text(v)]
    return [c.strip() for c in CODES_SPLIT.split(text(value)) if c.strip()]


def code_problem(exc: ewc_list.EwcError) -> str:
    if exc.reason == "format":
        return _("EWC code: “%(code)s” is not six digits, e.g. 04 02 22.") % {"code": exc.code}
    return _("EWC code: %(code)s is not in the European List of Waste.") % {
        "code": ewc_list.spaced(exc.code)
    }


def _site(data: dict[str, Any], firm: Firm) -> tuple[Site | None, str | None]:
    value = data.get("site")
    sites = firm.sites.all()
    if isinstance(value, Site):
        return (value, None) if value.firm_id == firm.pk else (None, "mine")
    if not is_blank(value):
        raw = text(value)
        site = sites.filter(pk=int(raw)).first() if raw.isdigit() else None
        return (site, None) if site is not None else (None, "mine")
    name = text(data.get("site_name"))
    if name:
        found = [s for s in sites if s.name.strip().lower() == name.lower()]
        return (found[0], None) if len(found) == 1 else (None, "name")
    only = list(sites[:2])
    return (only[0], None) if len(only) == 1 else (None, "missing")


def _choice(value: Any, choices, default: str = "") -> str | None:
    raw = text(value).lower() or default
    return raw if raw in choices else None


def clean_flow(data: dict[str, Any], *, firm: Firm) -> tuple[dict[str, Any], dict[str, str]]:
    """The flow's cleaned model fields and the errors by field name (empty when valid)."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}

    site, problem = _site(data, firm)
    if problem == "name":
        errors["site"] = _("Site: this firm has no site named “%(name)s”.") % {
            "name": text(data.get("site_name"))
        }
    elif problem == "missing":
        errors["site"] = _("Site: choose the site where it is.")
    elif problem:
        errors["site"] = _("Site: choose one of the firm's own sites.")
    out["site"] = site

    ref = text(data.get("ref"))
    if len(ref) > 64:
        errors["ref"] = _("Reference: at most 64 characters.")
    out["ref"] = ref

    direction = _choice(data.get("direction"), Flow.Direction.values)
    if direction is None:
        errors["direction"] = _("Direction: write offer or need.")
    out["direction"] = direction or ""
    need = direction == Flow.Direction.NEED

    kind = _choice(data.get("kind"), Kind.values)
    if kind is None:
        errors["kind"] = _("Kind: choose one of %(kinds)s.") % {"kinds": ", ".join(Kind.values)}
    out["kind"] = kind or ""

    _clean_code(data, kind, out, errors)

    description = text(data.get("description"))
    if not description:
        errors["description"] = _("Description: write what it is.")
    out["description"] = description
    out["description_en"] = text(data.get("description_en"))

    _clean_amount(data, kind, out, errors)
    _clean_window(data, out, errors)

    try:
        out["attributes"] = parse_attributes(data.get("attributes") or {})
    except ValueError as exc:
        out["attributes"] = {}
        errors["attributes"] = _(
            "Attributes: “%(part)s” is not written as name=value "
            "(e.g. fibre=wool;colour=grey; coated yes or no; elastane_pct 0 to 100)."
        ) % {"part": str(exc)}

    legal = _choice(
        data.get("legal_status"),
        Flow.LegalStatus.values,
        LEGAL_OF_KIND.get(kind or "", Flow.LegalStatus.PRODUCT),
    )
    if legal is None:
        errors["legal_status"] = _("Legal status: choose one of %(choices)s.") % {
            "choices": ", ".join(Flow.LegalStatus.values)
        }
    out["legal_status"] = legal or ""

    distance = data.get("max_distance_km")
    if is_blank(distance):
        out["max_distance_km"] = DEFAULT_DISTANCE_KM
    else:
        number = parse_decimal(distance)
        if (
            number is None
            or number != number.to_integral_value()
            or not 1 <= number <= MAX_DISTANCE_KM
        ):
            errors["max_distance_km"] = _(
                "Maximum distance: a whole number of kilometres from 1 to %(max)s."
            ) % {"max": MAX_DISTANCE_KM}
            out["max_distance_km"] = DEFAULT_DISTANCE_KM
        else:
            out["max_distance_km"] = int(number)

    accepted: list[str] = []
    bad: list[str] = []
    for code in split_codes(data.get("accepted_ewc")) if need else []:
        try:
            compact = ewc_list.normalise(code)
        except ewc_list.EwcError:
            bad.append(code)
            continue
        if compact not in accepted:
            accepted.append(compact)
    if bad:
        errors["accepted_ewc"] = _(
            "Authorised EWC codes: %(codes)s not in the European List of Waste."
        ) % {"codes": ", ".join(bad)}
    out["accepted_ewc"] = accepted
    try:
        out["accepts_hazardous"] = need and parse_bool(data.get("accepts_hazardous"))
    except ValueError:
        errors["accepts_hazardous"] = _("Authorised for hazardous waste: write yes or no.")
        out["accepts_hazardous"] = False
    return out, errors


def _clean_code(data: dict[str, Any], kind: str | None, out: dict, errors: dict) -> None:
    raw = text(data.get("ewc"))
    out["ewc"], out["hazardous"] = "", False
    if raw:
        try:
            code = ewc_list.normalise(raw)
        except ewc_list.EwcError as exc:
            errors["ewc"] = code_problem(exc)
            return
        entry = ewc_list.entry(code)
        out["ewc"] = code
        out["hazardous"] = bool(entry and entry.hazardous)
    elif kind == Kind.WASTE:
        errors["ewc"] = _("EWC code: a waste needs its code, e.g. 04 02 22.")
    if not out["ewc"] and kind not in (Kind.WASTE, None):
        try:
            out["hazardous"] = parse_bool(data.get("hazardous"))
        except ValueError:
            out["hazardous"] = False


def _clean_amount(data: dict[str, Any], kind: str | None, out: dict, errors: dict) -> None:
    quantity = parse_decimal(data.get("quantity"))
    if quantity is None:
        errors["quantity"] = _("Quantity: write a number, e.g. 12.5.")
    elif quantity < 0 or quantity > MAX_QUANTITY:
        errors["quantity"] = _("Quantity: a number from 0 to 99,999,999,999.")
        quantity = None
    else:
        quantity = quantity.quantize(Decimal("0.001"))
    out["quantity"] = quantity

    period = _choice(data.get("period"), Flow.Period.values, Flow.Period.YEAR)
    if period is None:
        errors["period"] = _("Period: write year, month, week or once.")
    out["period"] = period or ""

    unit = text(data.get("unit"))
    out["unit"], out["amount_year"], out["base_unit"] = unit, None, ""
    if not unit:
        errors["unit"] = _("Unit: write the unit, e.g. t, kg, MWh or m3.")
        return
    try:
        unit = units.symbol(unit)
    except units.UnitError:
        errors["unit"] = _("Unit: %(unit)s is not a unit we know; use one of %(units)s.") % {
            "unit": unit,
            "units": ", ".join(u for symbols in units.UNITS.values() for u in symbols),
        }
        return
    out["unit"] = unit
    if kind and units.DIMENSION_OF[unit] not in units.KIND_DIMENSIONS.get(kind, ()):
        errors["unit"] = _("Unit: %(unit)s does not fit this kind; use one of %(units)s.") % {
            "unit": unit,
            "units": ", ".join(units.units_for_kind(kind)),
        }
        return
    if quantity is None or period is None:
        return
    try:
        amount = units.per_year(float(quantity), unit, period)
    except units.UnitError:
        errors["unit"] = _("Unit: %(unit)s cannot be used here.") % {"unit": unit}
        return
    out["amount_year"], out["base_unit"] = float(amount.value), amount.base_unit


def _clean_window(data: dict[str, Any], out: dict, errors: dict) -> None:
    for name, label in (
        ("available_from", _("Available from")),
        ("available_until", _("Available until")),
    ):
        value = data.get(name)
        out[name] = None
        if is_blank(value):
            continue
        try:
            out[name] = parse_date(value)
        except ValueError:
            errors[name] = _("%(field)s: write a date as 2025-03-31 or 31/03/2025.") % {
                "field": label
            }
    start, end = out["available_from"], out["available_until"]
    if start and end and end < start:
        errors["available_until"] = _("Available until: the date comes before “available from”.")


def flow_data(flow: Flow) -> dict[str, Any]:
    """A stored flow as ``clean_flow`` takes it (to merge a partial change into)."""
    return {
        "site": flow.site,
        "ref": flow.ref,
        "direction": flow.direction,
        "kind": flow.kind,
        "ewc": flow.ewc,
        "description": flow.description,
        "description_en": flow.description_en,
        "quantity": flow.quantity,
        "unit": flow.unit,
        "period": flow.period,
        "attributes": dict(flow.attributes or {}),
        "available_from": flow.available_from,
        "available_until": flow.available_until,
        "hazardous": flow.hazardous,
        "accepts_hazardous": flow.accepts_hazardous,
        "legal_status": flow.legal_status,
        "max_distance_km": flow.max_distance_km,
        "accepted_ewc": list(flow.accepted_ewc or []),
    }
