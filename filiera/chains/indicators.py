"""Supply-chain indicators of one client (a brand or any firm with suppliers): plain Python, no
Django, fed by ``filiera.chains.facts``.

Definitions
-----------
- **Chain**: every supply link reachable from the brand by following client → supplier, each
  link once (cycles are followed once); links whose supplier is the brand itself are dropped.
- **Suppliers** = distinct firms reached (the brand excluded). A supplier's tier in the chain is
  the lowest tier among the links into it inside the chain; its processes are the union of the
  processes on those links. A firm without facts counts as not shared.
- **Counts** per tier (1-4), per process and overall: ``total``, ``not_shared`` (the firm shares
  nothing with the brand), ``assessed`` (shared, with a scored assessment), ``qualified``
  (shared, qualified or qualified with a plan) and ``share_qualified`` = qualified / total
  (``None`` when total is 0).
- **Score distribution**: suppliers per grade A-E, ``not_assessed`` (shared, no assessment) and
  ``not_shared``; and assessed suppliers per 10-point bin of the overall score (0-9.9, 10-19.9,
  ..., 90-100).
- **Weakest link per process**: among shared and assessed suppliers performing the process, the
  lowest overall score (ties: lowest firm id): process, firm, grade, overall.
- **Expiring**: shared suppliers whose soonest expired or expiring evidence date
  (``expiring_on``) is on or before ``on + horizon_days``, by date then firm; ``expired`` when
  that date is before ``on``.
- **Not assessed**: shared suppliers without an assessment (firm ids, ascending).
- **Steps** = (link, process) pairs of the chain; a link without processes is one step with
  process ``""``. **Traceability coverage** per tier (of the link) and overall = steps whose
  link names a site that is known (present in ``places``) / steps (``None`` without steps).
- **Short supply chain**: for every step with a known place, d = haversine distance in km from
  the place to the origin (the brand's main site). Index = 100 x Σ w·1/(1 + d/100) / Σ w with
  w = ``process_weights.get(process, 1.0)``, rounded to 1 decimal (100 = all work at the brand's
  door, 50 = all work 100 km away); ``mean_km`` is the weighted mean, ``median_km`` the plain
  median over located steps (1 decimal). Shares of located steps (weighted, 4 decimals), each
  "within": ``district`` (municipality among the origin's district municipalities),
  ``region`` (same country as the origin, and same non-empty region), ``italy`` (country IT),
  ``eu`` (EU-27 country, ``EU_COUNTRIES``), and ``outside_eu`` (the rest). Also
  ``located_steps`` and ``unlocated_steps``. Without an origin, the index, the distances and
  the shares are ``None``.
- Ratios are rounded to 4 decimals.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from filiera.chains.indicator_results import (
    ChainIndicators,
    Counts,
    Coverage,
    Expiring,
    ShortChain,
    WeakLink,
)

__all__ = [
    "ChainGraph",
    "ChainIndicators",
    "Counts",
    "Coverage",
    "Expiring",
    "Link",
    "Origin",
    "Place",
    "ShortChain",
    "SupplierFacts",
    "WeakLink",
    "compute",
    "indicators",
    "indicators_for_brands",
]


TIERS = (1, 2, 3, 4)
GRADES = ("A", "B", "C", "D", "E")
QUALIFIED = frozenset({"qualified", "qualified_with_plan"})
EARTH_RADIUS_KM = 6371.0088
# The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR).
EU_COUNTRIES = frozenset(
    {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"}
    | {"IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
)
SHARE_KEYS = ("district", "region", "italy", "eu", "outside_eu")


@dataclass(frozen=True, slots=True)
class Link:
    client: int
    supplier: int
    tier: int
    processes: tuple[str, ...] = ()
    site: int | None = None


@dataclass(frozen=True, slots=True)
class SupplierFacts:
    firm: int
    shared: bool
    assessed: bool = False
    grade: str = ""
    overall: float | None = None
    qualified: bool = False
    expiring_on: date | None = None


@dataclass(frozen=True, slots=True)
class Place:
    site: int
    lat: float
    lon: float
    country: str
    region: str = ""
    municipality: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    lat: float
    lon: float
    country: str
    region: str
    district_municipalities: frozenset[str] = frozenset()


class ChainGraph:
    """Active supply links indexed by client."""

    __slots__ = ("_out", "size")

    def __init__(self, links: Iterable[Link]) -> None:
        out: dict[int, list[Link]] = {}
        size = 0
        for link in links:
            out.setdefault(link.client, []).append(link)
            size += 1
        self._out: dict[int, tuple[Link, ...]] = {k: tuple(v) for k, v in out.items()}
        self.size = size

    def clients(self) -> list[int]:
        """Firms with at least one supplier, ascending."""
        return sorted(self._out)

    def suppliers_of(self, client: int) -> tuple[Link, ...]:
        return self._out.get(client, ())

    def reachable_from_any(self, brand_ids: Iterable[int]) -> list[Link]:
        """Every link reachable from at least one of the brands, each once (what to load)."""
        seen = set(brand_ids)
        queue = list(seen)
        out = self._out
        result: list[Link] = []
        for firm in queue:
            for link in out.get(firm, ()):
                result.append(link)
                if link.supplier not in seen:
                    seen.add(link.supplier)
                    queue.append(link.supplier)
        return result

    def reachable(self, brand_id: int) -> list[Link]:
        """Every link reachable from the brand, each once, breadth first (nearest first)."""
        out = self._out
        seen = {brand_id}
        queue = [brand_id]
        result: list[Link] = []
        append = result.append
        for firm in queue:  # the queue grows while it is read
            for link in out.get(firm, ()):
                supplier = link.supplier
                if supplier == brand_id:
                    continue
                append(link)
                if supplier not in seen:
                    seen.add(supplier)
                    queue.append(supplier)
        return result


def chain_suppliers(links: Iterable[Link]) -> dict[int, tuple[int, frozenset[str]]]:
    """Each supplier of a chain with its tier (lowest) and processes (union of its links)."""
    tiers: dict[int, int] = {}
    processes: dict[int, set[str]] = {}
    for link in links:
        supplier = link.supplier
        tier = tiers.get(supplier)
        if tier is None or link.tier < tier:
            tiers[supplier] = link.tier
        processes.setdefault(supplier, set()).update(link.processes)
    return {s: (t, frozenset(processes[s])) for s, t in tiers.items()}


# Engine ----------------------------------------------------------------------------------


class PlaceIndex:
    """Places prepared once for many brands. Sites at the same spot (most sites sit at their
    municipality's point) share one location, so each brand computes one distance per
    location: ``site_location`` maps a site (and ``None``) to a location number, 0 = unknown;
    ``locations[n]`` holds radians, cosine of the latitude, country, region, municipality and
    EU membership."""

    __slots__ = ("locations", "site_location")

    def __init__(self, places: Mapping[int, Place]) -> None:
        radians, cos = math.radians, math.cos
        numbers: dict[tuple, int] = {}
        self.locations: list[tuple | None] = [None]
        self.site_location: dict[int | None, int] = {None: 0}
        for site, p in places.items():
            key = (p.lat, p.lon, p.country, p.region, p.municipality)
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(self.locations)
                lat = radians(p.lat)
                self.locations.append(
                    (
                        lat,
                        radians(p.lon),
                        cos(lat),
                        p.country,
                        p.region,
                        p.municipality,
                        p.country in EU_COUNTRIES,
                    )
                )
            self.site_location[site] = number

    def get(self, site: int | None):
        return self.locations[self.site_location.get(site, 0)]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def indicators(
    brand_id: int,
    graph: ChainGraph,
    facts: Mapping[int, SupplierFacts],
    places: Mapping[int, Place] | PlaceIndex,
    origin: Origin | None,
    on: date,
    horizon_days: int = 90,
    process_weights: Mapping[str, float] | None = None,
) -> ChainIndicators:
    """The indicators of ``brand_id``'s chain (definitions in the module docstring)."""
    index = places if isinstance(places, PlaceIndex) else PlaceIndex(places)
    return compute(
        brand_id, graph.reachable(brand_id), facts, index, origin, on, horizon_days, process_weights
    )


def indicators_for_brands(
    brand_ids: Iterable[int],
    graph: ChainGraph,
    facts_for: Callable[[int], Mapping[int, SupplierFacts]],
    places: Mapping[int, Place] | PlaceIndex,
    origins: Mapping[int, Origin | None],
    on: date,
    horizon_days: int = 90,
    process_weights: Mapping[str, float] | None = None,
) -> dict[int, ChainIndicators]:
    """Indicators of many brands, the places prepared once; ``facts_for(brand)`` gives what
    each supplier shares with that brand."""
    index = places if isinstance(places, PlaceIndex) else PlaceIndex(places)
    return {
        brand: _indicators(
            brand,
            graph._out,
            facts_for(brand),
            index,
            origins.get(brand),
            on,
            horizon_days,
            process_weights,
        )
        for brand in brand_ids
    }


class ConsentView(Mapping):
    """One client's view of facts loaded once for every firm: a firm reads as shared only when
    it is in ``shared`` (missing facts then mean "shared, not assessed"); others read as
    missing, i.e. not shared. Lets many brands use one load of the facts."""

    __slots__ = ("facts", "shared")

    def __init__(self, facts: Mapping[int, SupplierFacts], shared: set[int] | frozenset[int]):
        self.facts, self.shared = facts, shared

    def get(self, firm, default=None):
        if firm not in self.shared:
            return default
        return self.facts.get(firm) or SupplierFacts(firm, True)

    def __getitem__(self, firm) -> SupplierFacts:
        found = self.get(firm)
        if found is None:
            raise KeyError(firm)
        return found

    def __iter__(self):
        return iter(self.shared)

    def __len__(self) -> int:
        return len(self.shared)


def compute(
    brand_id: int,
    links: list[Link],
    facts: Mapping[int, SupplierFacts],
    places: PlaceIndex,
    origin: Origin | None,
    on: date,
    horizon_days: int = 90,
    process_weights: Mapping[str, float] | None = None,
) -> ChainIndicators:
    """The indicators over an already reached chain (``links`` from ``ChainGraph.reachable``)."""
    return _indicators(
        brand_id, ChainGraph(links)._out, facts, places, origin, on, horizon_days, process_weights
    )


def _indicators(
    brand_id: int,
    out: Mapping[int, tuple[Link, ...]],
    facts: Mapping[int, SupplierFacts],
    places: PlaceIndex,
    origin: Origin | None,
    on: date,
    horizon_days: int,
    process_weights: Mapping[str, float] | None,
) -> ChainIndicators:
    """Walks the chain (as ``ChainGraph.reachable``) and counts in the same pass."""
    tiers: dict[int, int] = {}  # the firms reached, with their tier
    processes: dict[int, tuple | set] = {}
    # Steps counted by location and tier together (key = location x 16 + tier; location 0 =
    # unknown site), so that a link costs one counter and the rest is done per location.
    counted: dict[int, int] = {}
    weighted: dict[int, float] = {}
    weight = process_weights.get if process_weights else None
    location_of = places.site_location.get
    queue = [brand_id]
    links = 0
    for firm in queue:  # the queue grows while it is read
        for link in out.get(firm, ()):
            supplier = link.supplier
            if supplier == brand_id:
                continue
            links += 1
            tier, link_processes = link.tier, link.processes
            known = tiers.get(supplier)
            if known is None:
                tiers[supplier] = tier
                processes[supplier] = link_processes
                queue.append(supplier)
            else:
                if tier < known:
                    tiers[supplier] = tier
                had = processes[supplier]
                if link_processes and had is not link_processes:
                    if isinstance(had, set):
                        had.update(link_processes)
                    else:
                        processes[supplier] = set(had).union(link_processes)
            key = location_of(link.site, 0) * 16 + tier
            counted[key] = counted.get(key, 0) + (len(link_processes) or 1)
            if weight is not None:
                w = (
                    sum(weight(p, 1.0) for p in link_processes)
                    if link_processes
                    else weight("", 1.0)
                )
                weighted[key] = weighted.get(key, 0.0) + w
    steps = dict.fromkeys(TIERS, 0)
    located = dict.fromkeys(TIERS, 0)
    location_steps: dict[int, int] = {}
    location_weight: dict[int, float] = {}
    for key, n in counted.items():
        location, tier = divmod(key, 16)
        steps[tier] = steps.get(tier, 0) + n
        if location:
            located[tier] = located.get(tier, 0) + n
            location_steps[location] = location_steps.get(location, 0) + n
            w = weighted[key] if weight is not None else float(n)
            location_weight[location] = location_weight.get(location, 0.0) + w
    short = _short_chain(origin, places.locations, location_steps, location_weight)
    return _summary(
        brand_id, links, tiers, processes, facts, on, horizon_days, steps, located, short
    )


def _summary(
    brand_id, links: int, tiers, processes, facts, on, horizon_days, steps, located, short
) -> ChainIndicators:
    horizon = on + timedelta(days=horizon_days)
    # Per tier and process, suppliers by state: not shared, not assessed, assessed, qualified.
    by_tier: dict[int, list[int]] = {t: [0, 0, 0, 0] for t in TIERS}
    by_process: dict[str, list[int]] = {}
    grades = dict.fromkeys((*GRADES, "not_assessed", "not_shared"), 0)
    bins = [0] * 10
    weakest: dict[str, tuple[float, int, str]] = {}
    expiring: list[tuple[date, int]] = []
    not_assessed: list[int] = []
    if type(facts) is ConsentView:  # the same rule as ConsentView.get, inline
        base, shared = facts.facts.get, facts.shared
    else:
        base, shared = facts.get, None
    # ``processes`` has the keys of ``tiers`` in the same order (both written on first visit).
    for (supplier, tier), supplier_processes in zip(tiers.items(), processes.values(), strict=True):
        if shared is not None and supplier not in shared:
            f, state = None, 0
        else:
            f = base(supplier)
            if f is None:
                state = 0 if shared is None else 1
            elif not f.shared:
                state = 0
            elif not f.assessed:
                state = 1
            else:
                state = 3 if f.qualified else 2
        try:
            by_tier[tier][state] += 1
        except KeyError:
            by_tier[tier] = [0, 0, 0, 0]
            by_tier[tier][state] += 1
        for p in supplier_processes:
            r = by_process.get(p)
            if r is None:
                r = by_process[p] = [0, 0, 0, 0]
            r[state] += 1
        if state == 0:
            continue
        if f is None:
            not_assessed.append(supplier)
            continue
        if f.expiring_on is not None and f.expiring_on <= horizon:
            expiring.append((f.expiring_on, supplier))
        if state == 1:
            not_assessed.append(supplier)
            continue
        if f.grade in grades:
            grades[f.grade] += 1
        overall = f.overall
        if overall is not None:
            bins[min(9, max(0, int(overall // 10)))] += 1
            for p in supplier_processes:
                best = weakest.get(p)
                if best is None or overall < best[0] or (overall == best[0] and supplier < best[1]):
                    weakest[p] = (overall, supplier, f.grade)
    expiring.sort()
    totals = [sum(r[i] for r in by_tier.values()) for i in range(4)]
    grades["not_shared"], grades["not_assessed"] = totals[0], len(not_assessed)
    located_steps = sum(located.values())
    return ChainIndicators(
        brand=brand_id,
        on=on,
        horizon_days=horizon_days,
        links=links,
        suppliers=len(tiers),
        totals=_counts(totals),
        by_tier={t: _counts(r) for t, r in by_tier.items()},
        by_process={p: _counts(r) for p, r in by_process.items()},
        grades=grades,
        score_bins=tuple(bins),
        weakest=tuple(
            WeakLink(p, firm, grade, overall)
            for p, (overall, firm, grade) in sorted(weakest.items())
        ),
        expiring=tuple(Expiring(firm, day, day < on) for day, firm in expiring),
        not_assessed=tuple(sorted(not_assessed)),
        traceability=Coverage(sum(steps.values()), located_steps),
        traceability_by_tier={t: Coverage(steps[t], located[t]) for t in sorted(steps)},
        short_chain=ShortChain(
            index=short[0],
            mean_km=short[1],
            median_km=short[2],
            located_steps=located_steps,
            unlocated_steps=sum(steps.values()) - located_steps,
            shares=short[3],
        ),
    )


def _counts(states: list[int]) -> Counts:
    not_shared, not_assessed, assessed, qualified = states
    total = not_shared + not_assessed + assessed + qualified
    return Counts(total, not_shared, assessed + qualified, qualified)


def _short_chain(origin, locations, location_steps, location_weight):
    """(index, mean_km, median_km, shares) over the located steps, one distance per location."""
    total = sum(location_weight.values())
    if origin is None or not location_steps or not total:
        return None, None, None, None
    o_lat, o_lon = math.radians(origin.lat), math.radians(origin.lon)
    o_cos = math.cos(o_lat)
    o_country, o_region, o_district = origin.country, origin.region, origin.district_municipalities
    sin, asin, sqrt = math.sin, math.asin, math.sqrt
    close = weighted_km = 0.0
    within = [0.0, 0.0, 0.0, 0.0]  # district, region, Italy, EU
    distances: list[tuple[float, int]] = []
    for location, n in location_steps.items():
        lat, lon, cos_lat, country, region, municipality, in_eu = locations[location]
        a = sin((lat - o_lat) / 2) ** 2 + o_cos * cos_lat * sin((lon - o_lon) / 2) ** 2
        d = 2 * EARTH_RADIUS_KM * asin(sqrt(a if a < 1.0 else 1.0))
        w = location_weight[location]
        distances.append((d, n))
        close += w / (1.0 + d / 100.0)
        weighted_km += w * d
        if municipality in o_district:
            within[0] += w
        if region and region == o_region and country == o_country:
            within[1] += w
        if country == "IT":
            within[2] += w
        if in_eu:
            within[3] += w
    shares = {key: round(within[i] / total, 4) for i, key in enumerate(SHARE_KEYS[:4])}
    shares["outside_eu"] = round(1 - within[3] / total, 4)
    return (
        round(100 * close / total, 1),
        round(weighted_km / total, 1),
        round(_median(distances), 1),
        shares,
    )


def _median(counted: list[tuple[float, int]]) -> float:
    """Median of values given with their multiplicity."""
    counted.sort()
    size = sum(n for _, n in counted)
    low, high = (size - 1) // 2, size // 2  # the middle position(s), 0-based
    seen, below = 0, 0.0
    for value, n in counted:
        if seen <= low < seen + n:
            below = value
        if seen + n > high:
            return (below + value) / 2
        seen += n
    raise ValueError("no values")
