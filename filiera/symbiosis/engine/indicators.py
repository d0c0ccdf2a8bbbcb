"""Circularity indicators of firms and districts, eco-district eligibility and the position of
a firm among its district peers (plain Python, no Django). Definitions: ``docs/symbiosis.md``.

Inputs are plain data the Django side reads in a few aggregate queries:

* ``FirmInput``: a firm's declared yearly material needs and offers (t/year, active flows of
  the material kinds), its own yearly totals when it gave them, its flow counts, its grade;
* ``Exchange``: what one match carried in the window (the sum of its realised quantities,
  in the offer's base unit), with the two firms, the offer's kind and code and the distance;
* ``Link``: an exchange in force or done (an active or closed match) between two firms.

Quantities: tonnes for materials, MWh for energy, m3 for water; CO2e in tonnes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from filiera.qualification.benchmarks import MIN_COHORT, percentile, quantile
from filiera.symbiosis.engine.avoided import ENERGY, MATERIAL_KINDS, group_of

GRADES = ("A", "B", "C", "D", "E")
MEASURES = ("circular_performance", "territorial_integration", "industrial_symbiosis")


@dataclass(frozen=True, slots=True)
class FirmInput:
    firm_id: int
    needs_t: float = 0.0  # active declared material needs, t/year
    offers_t: float = 0.0  # active declared material offers, t/year
    inflow_t: float | None = None  # the firm's own yearly material inflow (profile)
    outflow_t: float | None = None  # the firm's own yearly material outflow (profile)
    flows: int = 0  # active flows of any kind
    local_flows: int = 0  # of which with an engaged match with a firm of the district
    grade: str = ""


@dataclass(frozen=True, slots=True)
class Exchange:
    match_id: int
    offer_firm: int
    need_firm: int
    kind: str  # the offer's kind
    ewc: str
    base_unit: str
    amount: float  # realised in the window, in base_unit
    distance_km: float
    need_id: int = 0
    need_amount_year: float | None = None  # the need's declared t/year (None: inactive, not t)


@dataclass(frozen=True, slots=True)
class Link:
    offer_firm: int
    need_firm: int


@dataclass(frozen=True, slots=True)
class Settings:
    """Avoided t CO2e per unit by material group (None: not set) and the transport factor."""

    avoided: Mapping[str, float | None] = field(default_factory=dict)
    kg_co2e_per_tkm: float = 0.1


@dataclass(frozen=True, slots=True)
class Co2e:
    avoided_t: float = 0.0  # net: gross avoided minus transport, over counted exchanges
    gross_t: float = 0.0
    transport_t: float = 0.0  # transport of the counted exchanges
    uncounted_t: float = 0.0  # tonnes whose material group has no factor set

    def __add__(self, other: Co2e) -> Co2e:
        return Co2e(
            self.avoided_t + other.avoided_t,
            self.gross_t + other.gross_t,
            self.transport_t + other.transport_t,
            self.uncounted_t + other.uncounted_t,
        )


def is_material(exchange: Exchange) -> bool:
    return exchange.kind in MATERIAL_KINDS and exchange.base_unit == "t"


def co2e_of(exchange: Exchange, settings: Settings) -> Co2e:
    """Materials: t x factor - t x km x transport factor; energy: MWh x factor (no transport);
    anything else: nothing. A material without a factor counts as ``uncounted_t``."""
    if is_material(exchange):
        factor = settings.avoided.get(group_of(exchange.kind, exchange.ewc) or "")
        if factor is None:
            return Co2e(uncounted_t=exchange.amount)
        gross = exchange.amount * factor
        transport = exchange.amount * exchange.distance_km * settings.kg_co2e_per_tkm / 1000
        return Co2e(gross - transport, gross, transport)
    if exchange.kind == ENERGY and exchange.base_unit == "MWh":
        factor = settings.avoided.get(ENERGY)
        if factor is not None:
            gross = exchange.amount * factor
            return Co2e(gross, gross)
    return Co2e()


def _sum(exchanges: Iterable[Exchange], kind: str, unit: str) -> float:
    return sum(e.amount for e in exchanges if e.kind == kind and e.base_unit == unit)


def share(part: float, whole: float | None) -> float | None:
    """``part / whole`` capped at 1; ``None`` when the whole is unknown or zero."""
    if not whole or whole <= 0:
        return None
    return min(1.0, part / whole)


# Firms ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FirmIndicators:
    firm_id: int
    received_t: float
    sent_t: float  # tonnes diverted
    inflow_share: float | None  # 0-1
    inflow_basis: str  # "profile", "declared" or ""
    outflow_share: float | None
    outflow_basis: str
    co2e: Co2e
    water_m3: float
    energy_mwh: float
    exchanges: int  # active or closed matches the firm is a side of
    partners: int  # distinct firms in those
    flows: int
    local_flows: int
    grade: str

    @property
    def diverted_t(self) -> float:
        return self.sent_t

    @property
    def circular_performance(self) -> float | None:
        """Mean of the known circular shares, in %."""
        known = [s for s in (self.inflow_share, self.outflow_share) if s is not None]
        return 100 * sum(known) / len(known) if known else None

    @property
    def territorial_integration(self) -> float | None:
        """Share of the firm's flows with an engaged match in the district, in %."""
        return 100 * self.local_flows / self.flows if self.flows else None

    @property
    def industrial_symbiosis(self) -> float:
        """Distinct firms the firm exchanges with (active or closed exchanges)."""
        return float(self.partners)

    def value(self, measure: str) -> float | None:
        return getattr(self, measure)


def _basis(own: float | None, declared: float) -> tuple[float | None, str]:
    if own is not None and own > 0:
        return own, "profile"
    if declared > 0:
        return declared, "declared"
    return None, ""


def firm_indicators(
    firm: FirmInput,
    exchanges: Iterable[Exchange],
    links: Iterable[Link],
    settings: Settings,
) -> FirmIndicators:
    """One firm's figures from the exchanges and links it takes part in (others are ignored)."""
    pk = firm.firm_id
    mine = [e for e in exchanges if pk in (e.offer_firm, e.need_firm)]
    sent = [e for e in mine if e.offer_firm == pk]
    received_t = sum(e.amount for e in mine if e.need_firm == pk and is_material(e))
    sent_t = sum(e.amount for e in sent if is_material(e))
    inflow_whole, inflow_basis = _basis(firm.inflow_t, firm.needs_t)
    outflow_whole, outflow_basis = _basis(firm.outflow_t, firm.offers_t)
    co2e = sum((co2e_of(e, settings) for e in sent), Co2e())
    my_links = [link for link in links if pk in (link.offer_firm, link.need_firm)]
    partners = {
        link.need_firm if link.offer_firm == pk else link.offer_firm
        for link in my_links
        if link.offer_firm != link.need_firm
    }
    return FirmIndicators(
        firm_id=pk,
        received_t=received_t,
        sent_t=sent_t,
        inflow_share=share(received_t, inflow_whole),
        inflow_basis=inflow_basis if inflow_whole else "",
        outflow_share=share(sent_t, outflow_whole),
        outflow_basis=outflow_basis if outflow_whole else "",
        co2e=co2e,
        water_m3=_sum(mine, "water", "m3"),
        energy_mwh=_sum(mine, ENERGY, "MWh"),
        exchanges=len(my_links),
        partners=len(partners),
        flows=firm.flows,
        local_flows=firm.local_flows,
        grade=firm.grade,
    )


def all_firm_indicators(
    firms: Iterable[FirmInput],
    exchanges: Iterable[Exchange],
    links: Iterable[Link],
    settings: Settings,
) -> dict[int, FirmIndicators]:
    """``firm_indicators`` of many firms, each exchange and link read once."""
    by_firm_ex: dict[int, list[Exchange]] = defaultdict(list)
    for e in exchanges:
        by_firm_ex[e.offer_firm].append(e)
        if e.need_firm != e.offer_firm:
            by_firm_ex[e.need_firm].append(e)
    by_firm_links: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        by_firm_links[link.offer_firm].append(link)
        if link.need_firm != link.offer_firm:
            by_firm_links[link.need_firm].append(link)
    return {
        f.firm_id: firm_indicators(
            f, by_firm_ex.get(f.firm_id, ()), by_firm_links.get(f.firm_id, ()), settings
        )
        for f in firms
    }


# Districts -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DistrictIndicators:
    firms: int
    firms_with_flows: int
    diverted_t: float  # realised t sent by district firms
    co2e: Co2e
    water_m3: float
    energy_mwh: float
    exchanges: int  # matches with realised quantities sent by district firms
    circular_use_t: float  # U: realised t received by district firms
    uncovered_needs_t: float  # M: declared material needs of district firms not covered
    cmu: float | None  # U / (M + U)
    offered_t: float
    matched_offered_t: float
    outputs_matched: float | None  # matched_offered_t / offered_t
    links: int  # distinct pairs of firms with an active or closed exchange
    links_per_firm: float | None


def district_indicators(
    firms: Iterable[FirmInput],
    exchanges: Iterable[Exchange],
    links: Iterable[Link],
    settings: Settings,
    *,
    matched_offered_t: float = 0.0,
) -> DistrictIndicators:
    """The district's figures: ``firms`` are its member firms; ``exchanges`` and ``links`` may
    involve firms elsewhere (each figure says which side must be a member);
    ``matched_offered_t`` is the part of the members' offered t/year with an engaged or
    allocated match whose receiver is a member."""
    members = {f.firm_id: f for f in firms}
    exchanges = list(exchanges)
    sent = [e for e in exchanges if e.offer_firm in members]
    received = [e for e in exchanges if e.need_firm in members and is_material(e)]
    needs_t = sum(f.needs_t for f in members.values())
    by_need: dict[int, float] = defaultdict(float)
    declared: dict[int, float] = {}
    for e in received:
        if e.need_amount_year is not None:
            by_need[e.need_id] += e.amount
            declared[e.need_id] = e.need_amount_year
    covered = sum(min(amount, declared[need]) for need, amount in by_need.items())
    circular_use = sum(e.amount for e in received)
    uncovered = max(0.0, needs_t - covered)
    offered = sum(f.offers_t for f in members.values())
    pairs = {
        frozenset((link.offer_firm, link.need_firm))
        for link in links
        if link.offer_firm != link.need_firm
        and (link.offer_firm in members or link.need_firm in members)
    }
    with_flows = sum(1 for f in members.values() if f.flows)
    return DistrictIndicators(
        firms=len(members),
        firms_with_flows=with_flows,
        diverted_t=sum(e.amount for e in sent if is_material(e)),
        co2e=sum((co2e_of(e, settings) for e in sent), Co2e()),
        water_m3=_sum(sent, "water", "m3"),
        energy_mwh=_sum(sent, ENERGY, "MWh"),
        exchanges=sum(1 for e in sent if e.amount > 0),
        circular_use_t=circular_use,
        uncovered_needs_t=uncovered,
        cmu=share(circular_use, uncovered + circular_use),
        offered_t=offered,
        matched_offered_t=min(matched_offered_t, offered),
        outputs_matched=share(matched_offered_t, offered),
        links=len(pairs),
        links_per_firm=len(pairs) / with_flows if with_flows else None,
    )


# Eligibility ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A district's eco-district rules; ``None`` (or "" for the grade): no rule."""

    min_inflow_pct: float | None = None
    min_outflow_pct: float | None = None
    min_grade: str = ""
    min_exchanges: int | None = None

    @property
    def any(self) -> bool:
        return any(
            v not in (None, "")
            for v in (self.min_inflow_pct, self.min_outflow_pct, self.min_grade, self.min_exchanges)
        )


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule checked: ``rule`` is inflow, outflow, grade or exchanges; ``value`` is None
    when the firm has no value for it (which fails the rule)."""

    rule: str
    met: bool
    value: float | str | None
    threshold: float | str


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def eligibility(values: FirmIndicators, rules: Thresholds) -> tuple[bool, list[Reason]]:
    """Whether the firm meets every rule the district set, and each rule's outcome (met or
    not, with the firm's value). With no rule set, every firm is eligible, with no reasons."""
    reasons = []
    for rule, value, minimum in (
        ("inflow", _pct(values.inflow_share), rules.min_inflow_pct),
        ("outflow", _pct(values.outflow_share), rules.min_outflow_pct),
    ):
        if minimum is not None:
            reasons.append(Reason(rule, value is not None and value >= minimum, value, minimum))
    if rules.min_grade:
        grade = values.grade if values.grade in GRADES else None
        met = grade is not None and GRADES.index(grade) <= GRADES.index(rules.min_grade)
        reasons.append(Reason("grade", met, grade, rules.min_grade))
    if rules.min_exchanges is not None:
        met = values.exchanges >= rules.min_exchanges
        reasons.append(Reason("exchanges", met, values.exchanges, rules.min_exchanges))
    return all(r.met for r in reasons), reasons


# Positioning ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Position:
    """The firm's value on one measure, its percentile among its district peers (ties count
    half, the firm included) and the peers' median; both ``None`` below MIN_COHORT peers."""

    measure: str
    value: float | None
    percentile: float | None
    median: float | None
    cohort: int


def positioning(
    firm_id: int, peers: Mapping[int, FirmIndicators], measures: Iterable[str] = MEASURES
) -> list[Position]:
    """The firm against ``peers`` (the district's firms with flows, the firm included) on each
    measure; peers without a value are left out of that measure's cohort."""
    own = peers.get(firm_id)
    result = []
    for measure in measures:
        values = sorted(v for p in peers.values() if (v := p.value(measure)) is not None)
        value = own.value(measure) if own is not None else None
        enough = len(values) >= MIN_COHORT
        result.append(
            Position(
                measure=measure,
                value=value,
                percentile=percentile(value, values) if enough and value is not None else None,
                median=quantile(values, 0.5) if enough else None,
                cohort=len(values),
            )
        )
    return result
