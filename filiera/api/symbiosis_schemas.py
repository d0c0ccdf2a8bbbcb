"""Shapes of the symbiosis API: a firm's flows, its suggestions, and EWC code suggestions.

What a value may be is decided by the rules the flow form and the file import use
(``filiera.symbiosis.validation.clean_flow``): kinds, units, codes and periods appear here only
as documentation (``enum`` shown to clients, not enforced by pydantic), so a bad value answers
422 with the same message as on the pages, at the field it names. EWC codes are written spaced
(``04 02 22``), as in the list and in the import file; ``hazardous`` says whether the entry is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from filiera.api.pagination import PageParams
from filiera.symbiosis.models import Flow, Match


def doc(description: str, *, default: Any = None, **schema: Any) -> Any:
    """A field documented with ``description`` and JSON Schema keywords shown to clients."""
    return Field(default, description=description, json_schema_extra=schema or None)


def spaced(code: str) -> str:
    """``040222`` → ``04 02 22``."""
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2)) if code else ""


DIRECTIONS = list(Flow.Direction.values)
KINDS = list(Flow.Kind.values)
PERIODS = list(Flow.Period.values)
LEGAL = list(Flow.LegalStatus.values)
STATUSES = list(Match.Status.values)
Attributes = dict[str, str | float | bool]

SITE = "Filiera facility ID of one of the firm's sites (`FIL-…`)."
EWC = "EWC (List of Waste) code, e.g. `04 02 22`; required for a waste."
UNIT = "`t`, `kg`, `q`, `m3`, `l`, `MWh`, `kWh`, `GJ`, `pcs`, `m2`, `h`…, fitting the kind."
ATTRIBUTES = (
    "Quality attributes by name, e.g. `fibre`, `colour`, `construction` (knitted or woven), "
    "`coated` (true or false), `elastane_pct` (0 to 100)."
)
ACCEPTED = "For a need: the EWC codes the receiver is authorised to take."
DISTANCE = "How far the firm will move it, or fetch it from, in km (1 to 5,000; default 50)."


# Flows ---------------------------------------------------------------------------------------


class FlowPatch(Schema):
    """Send only what changes; the other fields keep their values."""

    site: str | None = doc(SITE)
    ref: str | None = doc("The firm's own code for the flow, unique within the firm.")
    direction: str | None = doc("`offer` (an output) or `need` (an input).", enum=DIRECTIONS)
    kind: str | None = doc("What it is.", enum=KINDS)
    ewc: str | None = doc(EWC)
    description: str | None = doc("In Italian.")
    description_en: str | None = doc("In English.")
    quantity: Decimal | None = doc("How much, per period; 0 or more.")
    unit: str | None = doc(UNIT)
    period: str | None = doc("Per `year`, `month`, `week`, or `once`.", enum=PERIODS)
    available_from: date | None = None
    available_until: date | None = None
    attributes: Attributes | None = doc(ATTRIBUTES)
    legal_status: str | None = doc("Default from the kind.", enum=LEGAL)
    max_distance_km: int | None = doc(DISTANCE)
    accepted_ewc: list[str] | None = doc(ACCEPTED)
    accepts_hazardous: bool | None = doc("For a need: authorised to take hazardous waste.")


class FlowIn(FlowPatch):
    """A new flow. `site` may be left out when the firm has one site."""

    direction: str = doc("`offer` (an output) or `need` (an input).", default=..., enum=DIRECTIONS)
    kind: str = doc("What it is.", default=..., enum=KINDS)
    description: str = doc("In Italian.", default=...)
    quantity: Decimal = doc("How much, per period; 0 or more.", default=...)
    unit: str = doc(UNIT, default=...)


class FlowOut(Schema):
    id: int
    firm: int
    site: str = Field(description="The site's Filiera facility ID.")
    site_name: str
    ref: str
    direction: str
    kind: str
    ewc: str = Field(description="Spaced, e.g. `04 02 22`; empty when none.")
    hazardous: bool = Field(description="From the EWC entry, for wastes.")
    description: str
    description_en: str
    quantity: float
    unit: str
    period: str
    amount_year: float | None = Field(
        description="The quantity per year in `base_unit` (for `once`: the amount)."
    )
    base_unit: str = Field(examples=["t"])
    attributes: dict[str, Any]
    available_from: date | None
    available_until: date | None
    legal_status: str
    max_distance_km: int
    accepted_ewc: list[str]
    accepts_hazardous: bool
    active: bool = Field(description="False once archived: no longer suggested.")
    created_at: datetime
    updated_at: datetime


class FlowPage(Schema):
    items: list[FlowOut]
    next_cursor: str | None


class FlowQuery(PageParams):
    direction: str = doc("`offer` or `need`; empty: both.", default="", enum=["", *DIRECTIONS])
    kind: str = doc("Only this kind.", default="", enum=["", *KINDS])
    archived: bool = Field(False, description="The archived flows instead of the active ones.")


def flow_out(flow: Flow) -> dict[str, Any]:
    return {
        "id": flow.pk,
        "firm": flow.firm_id,
        "site": flow.site.facility_id,
        "site_name": flow.site.name,
        "ref": flow.ref,
        "direction": flow.direction,
        "kind": flow.kind,
        "ewc": spaced(flow.ewc),
        "hazardous": flow.hazardous,
        "description": flow.description,
        "description_en": flow.description_en,
        "quantity": float(flow.quantity),
        "unit": flow.unit,
        "period": flow.period,
        "amount_year": flow.amount_year,
        "base_unit": flow.base_unit,
        "attributes": dict(flow.attributes or {}),
        "available_from": flow.available_from,
        "available_until": flow.available_until,
        "legal_status": flow.legal_status,
        "max_distance_km": flow.max_distance_km,
        "accepted_ewc": [spaced(code) for code in flow.accepted_ewc or []],
        "accepts_hazardous": flow.accepts_hazardous,
        "active": flow.active,
        "created_at": flow.created_at,
        "updated_at": flow.updated_at,
    }


# Suggestions ---------------------------------------------------------------------------------


class ReasonOut(Schema):
    name: str = Field(description="code, material, text, quantity, time or distance.")
    label: str
    value: float = Field(description="0 to 1.")
    weight: float = Field(description="Its share of the score, 0 to 1.")


class OtherFlowOut(Schema):
    """The other firm's flow, described without naming the firm."""

    direction: str
    kind: str
    ewc: str
    hazardous: bool
    description: str
    description_en: str
    quantity: float
    unit: str
    period: str
    amount_year: float | None
    base_unit: str
    attributes: dict[str, Any]
    available_from: date | None
    available_until: date | None
    province: str = Field(description="Province code, e.g. `PO` (country code abroad).")


class PersonOut(Schema):
    name: str
    email: str
    role: str


class CounterpartOut(Schema):
    firm: int
    name: str
    site: str
    municipality: str
    email: str
    website: str
    people: list[PersonOut]


class SuggestionOut(Schema):
    id: int
    status: str = Field(description=", ".join(STATUSES))
    side: str = Field(description="The firm's side: `offer` or `need`.")
    flow: int = Field(description="The firm's own flow.")
    flow_ref: str
    score: float = Field(description="0 to 1, higher is better.")
    distance_km: float
    components: dict[str, float] = Field(description="The score's parts by name, each 0 to 1.")
    reasons: list[ReasonOut] = Field(description="The parts with labels, largest share first.")
    allocated_t: float | None = Field(
        description="Tonnes per year the district optimum gives this pair; null when not picked."
    )
    other_flow: OtherFlowOut
    interest_mine: bool
    interest_theirs: bool
    identities_shared: bool = Field(description="Both firms accepted: each sees the other.")
    counterpart: CounterpartOut | None = Field(
        description="The other firm: null until both accepted (district staff see it always)."
    )
    declined_by: str = Field(description="`offer`, `need`, or empty.")
    decline_reason: str


class SuggestionPage(Schema):
    items: list[SuggestionOut]
    next_cursor: str | None


class SuggestionQuery(PageParams):
    status: list[str] = doc(
        "Only these statuses (repeat the parameter); empty: all.",
        default=[],
        items={"enum": STATUSES},
    )


# EWC -----------------------------------------------------------------------------------------


class EwcQuery(Schema):
    text: str = Field(
        description="What the waste is, in Italian or English.", min_length=1, max_length=1000
    )
    limit: int = Field(3, ge=1, le=10, description="How many codes.")


class EwcSuggestionOut(Schema):
    code: str = Field(description="Spaced, e.g. `04 02 22`.")
    display: str = Field(description="As printed in the list, `*` when hazardous.")
    hazardous: bool
    text_en: str
    text_it: str
    text_it_official: bool = Field(
        description="False when the Italian text is not yet the official wording."
    )
    score: float = Field(description="0 to 1, higher is nearer.")
