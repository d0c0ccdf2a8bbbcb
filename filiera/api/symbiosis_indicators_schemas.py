"""Shapes of the circularity API: a firm's indicators with its eligibility and positions, a
district's indicators, the allocation's picks and the eligibility list.

Shares are percentages (0-100) with one decimal; ``null`` when they cannot be computed (no
materials declared, no yearly totals). Quantities: tonnes (t), MWh, m3; CO2e in tonnes.
Definitions: the documentation page on industrial symbiosis (``docs/symbiosis.md``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

from filiera.api.pagination import PageParams

Basis = Literal["profile", "declared", ""]
Rule = Literal["inflow", "outflow", "grade", "exchanges"]
Measure = Literal["circular_performance", "territorial_integration", "industrial_symbiosis"]


class Co2eOut(Schema):
    avoided_t: float = Field(description="Net t CO2e avoided over the exchanges with a factor.")
    gross_t: float = Field(description="t CO2e avoided before transport.")
    transport_t: float = Field(description="t CO2e of moving what those exchanges carried.")
    uncounted_t: float = Field(description="Tonnes exchanged whose material has no factor set.")


class FirmFigures(Schema):
    inflow_share: float | None = Field(description="Circular inflow, %.")
    inflow_basis: Basis = Field(
        description="Over the firm's yearly totals (`profile`), its declared needs "
        "(`declared`), or nothing known (``)."
    )
    outflow_share: float | None = Field(description="Circular outflow, %.")
    outflow_basis: Basis
    received_t: float
    diverted_t: float = Field(description="Tonnes the firm passed on to other firms.")
    co2e: Co2eOut
    water_m3: float
    energy_mwh: float
    exchanges: int = Field(description="Active or closed exchanges the firm is a side of.")
    partners: int = Field(description="Distinct firms in those exchanges.")


class ReasonOut(Schema):
    rule: Rule
    met: bool
    value: float | str | None = Field(description="The firm's value; null when it has none.")
    threshold: float | str
    text: str = Field(description="The outcome in words, in the request's language.")


class PositionOut(Schema):
    measure: Measure
    value: float | None
    percentile: float | None = Field(
        description="Share of the district's firms with flows below the firm (ties count "
        "half), 0-100; null with fewer than 5 firms having a value."
    )
    median: float | None = Field(description="The district's median; null below 5 firms.")


class FirmDistrictOut(Schema):
    slug: str
    name: str
    rules_set: bool
    eligible: bool | None = Field(description="Null when the district has set no rule.")
    reasons: list[ReasonOut]
    positions: list[PositionOut]


class FirmCircularityOut(Schema):
    firm: int
    since: date = Field(description="Realised quantities count from this day…")
    on: date = Field(description="…to this day (12 months).")
    indicators: FirmFigures
    districts: list[FirmDistrictOut]


class Thresholds(Schema):
    min_circular_inflow: float | None
    min_circular_outflow: float | None
    min_grade: str
    min_active_exchanges: int | None


class DistrictFigures(Schema):
    diverted_t: float
    co2e: Co2eOut
    water_m3: float
    energy_mwh: float
    exchanges: int = Field(description="Matches with realised quantities sent by its firms.")
    circular_use_t: float = Field(description="U: realised tonnes received by its firms.")
    uncovered_needs_t: float = Field(description="M: declared material needs not covered.")
    cmu: float | None = Field(description="Circular material use rate U / (M + U), %.")
    offered_t: float
    matched_offered_t: float
    outputs_matched: float | None = Field(
        description="Share of the offered tonnes matched within the district, %."
    )
    links: int
    links_per_firm: float | None
    firms: int
    firms_with_flows: int


class DistrictCircularityOut(Schema):
    district: str
    since: date
    on: date
    indicators: DistrictFigures
    rules: Thresholds | None = Field(description="Null when the district has set no rule.")
    eligible_firms: int | None


class FlowRef(Schema):
    id: int
    ref: str
    firm: dict = Field(description="`{id, legal_name}`.")
    kind: str
    ewc: str
    description: str


class PickOut(Schema):
    match: int
    offer: FlowRef
    need: FlowRef
    distance_km: float
    allocated_t: float = Field(description="Tonnes per year the district optimum gives the pair.")
    score: float
    status: str


class PickPage(Schema):
    items: list[PickOut]
    next_cursor: str | None
    picked: int
    picked_t: float


class EligibilityOut(Schema):
    firm: dict = Field(description="`{id, legal_name}`.")
    eligible: bool
    reasons: list[ReasonOut]


class EligibilityPage(Schema):
    items: list[EligibilityOut]
    next_cursor: str | None


class EligibilityQuery(PageParams):
    eligible: bool | None = Field(None, description="Only the eligible firms, or only the others.")
