"""Generated firms and resource flows over Italian districts, for the symbiosis benchmarks.

    from symbiosis_data import generate, flow_data
    firms, flows = generate(firms=20_000, flows=100_000, seed=1)

Firms are spread over the districts of ``symbiosis_places`` (by share), each at one of the
district's municipalities with a few km of scatter; each gets a sector from its district's mix
and at least one flow; the other flows go to firms at random, larger firms drawing more. A flow
follows a template of its firm's sector (``symbiosis_sectors``): kind, legal status, EWC code,
authorised codes for receivers, unit and period, a quantity drawn log-uniform in the template's
range, a radius, textile attributes, a description in Italian and English; a fifth of the flows
have an availability window. Ids are 1-based positions. Nothing here touches a database:
``FirmSpec``/``FlowSpec`` carry model field names, so a benchmark can write them.
"""

from __future__ import annotations

import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from symbiosis_places import DISTRICTS  # noqa: E402
from symbiosis_sectors import (  # noqa: E402
    COLOURS,
    CONSTRUCTIONS,
    FIBRES,
    SECTORS,
    SUFFIXES,
    Template,
)

SCATTER_KM = 2.5
PLACE_IN_TEXT = 0.4  # share of descriptions naming the municipality
TODAY = date(2026, 1, 1)
FIBRE_ATTRIBUTE = {
    "cotton and elastane": "cotton 95% elastane 5%",
    "wool and polyamide": "wool 80% polyamide 20%",
}
COLOUR_ATTRIBUTE = {"mixed colours": "mixed"}


@dataclass
class FirmSpec:
    id: int
    name: str
    district: str  # slug
    sector: str
    municipality: str
    province: str
    lat: float
    lon: float


@dataclass
class FlowSpec:
    id: int
    firm_id: int
    ref: str
    direction: str
    kind: str
    legal_status: str
    ewc: str
    description: str
    description_en: str
    quantity: float
    unit: str
    period: str
    amount_year: float
    base_unit: str
    max_distance_km: int
    hazardous: bool = False
    accepts_hazardous: bool = False
    accepted_ewc: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    available_from: date | None = None
    available_until: date | None = None


def _pick(rng: random.Random, weighted: list[tuple]) -> tuple:
    return rng.choices(weighted, weights=[w[-1] for w in weighted])[0]


def _place(rng: random.Random, lat: float, lon: float) -> tuple[float, float]:
    dlat = rng.gauss(0, SCATTER_KM) / 111.2
    dlon = rng.gauss(0, SCATTER_KM) / (111.2 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def generate_firms(count: int, rng: random.Random) -> list[FirmSpec]:
    slugs = list(DISTRICTS)
    shares = [DISTRICTS[s][1] for s in slugs]
    firms = []
    for index in range(count):
        slug = rng.choices(slugs, weights=shares)[0]
        _name, _share, mix, places = DISTRICTS[slug]
        sector = rng.choices(list(mix), weights=list(mix.values()))[0]
        municipality, province, lat, lon = rng.choice(places)
        lat, lon = _place(rng, lat, lon)
        firms.append(
            FirmSpec(index + 1, f"{sector.title()} {municipality} {index + 1}", slug, sector,
                     municipality, province, lat, lon)
        )  # fmt: skip
    return firms


def _window(rng: random.Random) -> tuple[date | None, date | None]:
    draw = rng.random()
    if draw < 0.8:
        return None, None
    start = TODAY + timedelta(days=rng.randint(-180, 365))
    if draw < 0.92:
        return start, None
    return start, start + timedelta(days=rng.randint(60, 540))


def _quantity(rng: random.Random, template: Template) -> float:
    value = math.exp(rng.uniform(math.log(template.low), math.log(template.high)))
    return float(round(value)) if value >= 20 else round(value, 1)


def make_flow(rng: random.Random, flow_id: int, firm: FirmSpec, template: Template) -> FlowSpec:
    from filiera.symbiosis.engine import units

    fibre_it, fibre_en, _ = _pick(rng, FIBRES)
    colour_it, colour_en, _ = _pick(rng, COLOURS)
    cons_it, cons_en, _ = _pick(rng, CONSTRUCTIONS)
    suffix_it, suffix_en, _ = _pick(rng, SUFFIXES) if template.direction == "offer" else ("", "", 0)
    if rng.random() < PLACE_IN_TEXT:
        suffix_it += f", ritiro a {firm.municipality}"
        suffix_en += f", pick-up in {firm.municipality}"
    words = {"f": fibre_it, "F": fibre_en, "c": colour_it, "C": colour_en, "k": cons_it,
             "K": cons_en}  # fmt: skip
    attributes: dict[str, str] = {}
    if template.attrs:
        attributes["fibre"] = FIBRE_ATTRIBUTE.get(fibre_en, fibre_en)
        if template.direction == "offer" or rng.random() < 0.3:
            attributes["colour"] = COLOUR_ATTRIBUTE.get(colour_en, colour_en)
    if template.attrs == "cloth":
        attributes["construction"] = cons_en
    quantity = _quantity(rng, template)
    amount = units.per_year(quantity, template.unit, template.period)
    start, until = _window(rng)
    en = template.en.format(**words) + suffix_en
    return FlowSpec(
        id=flow_id,
        firm_id=firm.id,
        ref=f"F{flow_id:06d}",
        direction=template.direction,
        kind=template.kind,
        legal_status=template.legal,
        ewc=template.ewc,
        description=template.it.format(**words) + suffix_it,
        description_en=en[0].upper() + en[1:],
        quantity=quantity,
        unit=template.unit,
        period=template.period,
        amount_year=round(amount.value, 6),
        base_unit=amount.base_unit,
        max_distance_km=rng.randint(*template.radius),
        hazardous=template.hazardous,
        accepts_hazardous=template.accepts_hazardous,
        accepted_ewc=list(template.accepted),
        attributes=attributes,
        available_from=start,
        available_until=until,
    )


def generate(
    firms: int = 20_000, flows: int = 100_000, seed: int = 1
) -> tuple[list[FirmSpec], list[FlowSpec]]:
    """``firms`` firms and ``flows`` flows (at least one per firm), reproducible by ``seed``."""
    rng = random.Random(seed)
    firm_list = generate_firms(firms, rng)
    sizes = [rng.lognormvariate(0, 0.8) for _ in firm_list]
    owners = list(range(firms)) + rng.choices(range(firms), weights=sizes, k=max(flows - firms, 0))
    owners.sort()
    flow_list = []
    for flow_id, owner in enumerate(owners[:flows], start=1):
        firm = firm_list[owner]
        templates = SECTORS[firm.sector]
        template = rng.choices(templates, weights=[t.weight for t in templates])[0]
        flow_list.append(make_flow(rng, flow_id, firm, template))
    return firm_list, flow_list


def flow_data(firms: list[FirmSpec], flows: list[FlowSpec]) -> list:
    """The flows as the engine reads them (``FlowData``), at their firm's position."""
    from filiera.symbiosis.engine.matching import FlowData

    place = {f.id: (f.lat, f.lon) for f in firms}
    return [
        FlowData(
            id=f.id, ref=f.ref, firm_id=f.firm_id, direction=f.direction, kind=f.kind,
            ewc=f.ewc, accepted_ewc=tuple(f.accepted_ewc), hazardous=f.hazardous,
            accepts_hazardous=f.accepts_hazardous, legal_status=f.legal_status,
            amount_year=f.amount_year, base_unit=f.base_unit, lat=place[f.firm_id][0],
            lon=place[f.firm_id][1], max_distance_km=f.max_distance_km,
            available_from=f.available_from, available_until=f.available_until,
            attributes=f.attributes, text=f"{f.description} {f.description_en}",
        )
        for f in flows
    ]  # fmt: skip


def describe(firms: list[FirmSpec], flows: list[FlowSpec]) -> str:
    offers = sum(f.direction == "offer" for f in flows)
    coded = sum(bool(f.ewc) for f in flows)
    texts = len({(f.description, f.description_en) for f in flows})
    districts = len({f.district for f in firms})
    return (
        f"{len(firms):,} firms in {districts} districts, {len(flows):,} flows ({offers:,} offers, "
        f"{len(flows) - offers:,} needs; {coded:,} with an EWC code; {texts:,} distinct descriptions)"
    )
