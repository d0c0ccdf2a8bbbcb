"""Supply-chain indicators benchmark: every brand of a 50,000-firm, 200,000-relation graph.

    python bench/bench_chains.py [--firms 50000] [--relations 200000] [--runs 5] [--db-runs 3]

Generates a tier-structured graph: brands (1% of the firms, chain sizes spread like real ones:
a few very large) buy from tier-1 firms, which buy from tier 2, then 3, then 4; a few
relations skip a tier and a few go back up (cycles); suppliers are shared between clients,
mostly picked in their client's own district, some far away (abroad more often at tiers 3 and
4). Every firm gets a site (some two), about half a scored assessment, some an expiring
document; each supplier shares its grade with its direct client (mostly), and some deeper
suppliers with the brand too. Then:

1. the engine alone (``indicators_for_brands``, data already in memory): indicators of every
   brand, median of ``--runs``;
2. the same graph written with ``bulk_create`` into a throwaway database, and
   ``filiera.chains.facts.all_brand_indicators()`` timed end to end (reading relations,
   processes, consents, assessments, evidence, sites and origins, then the engine), median of
   ``--db-runs``; its results must equal the engine's. Target: 10 s in all;
3. one brand's own path as a dashboard would take it (``chain_graph``, ``supplier_facts``,
   ``places``, ``origin_of``, ``indicators``) for the largest chain, median of ``--runs``.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from benchdb import database_version, throwaway_database

TARGET_S = 10.0
# Layers of the chain: share of the firms and the processes they perform.
LAYERS = {
    0: (0.01, ()),
    1: (0.15, ("MU.SEWING", "MU.CUTTING", "MU.KNIT_TO_SHAPE", "MU.EMBROIDERY", "MU.PRESSING")),
    2: (0.24, ("FF.WEAVING", "FF.KNIT_WEFT", "WP.FABRIC_DYEING", "WP.PRINTING", "WP.FINISH_MECH")),
    3: (0.28, ("YN.SPIN_COMBED", "YN.SPIN_CARDED", "YN.TWISTING", "YN.YARN_DYEING", "FP.SCOURING")),
    4: (0.32, ("RM.ANIMAL", "RM.PLANT", "RM.POLYMER", "RM.RECOVERY")),
}
# Relations between layers (client layer, supplier layer): share of all relations.
EDGES = {
    (0, 1): 0.05, (1, 2): 0.22, (2, 3): 0.30, (3, 4): 0.35,
    (0, 2): 0.01, (1, 3): 0.03, (2, 4): 0.03,
    (2, 1): 0.004, (3, 2): 0.003, (4, 3): 0.003,
}  # fmt: skip
PROVINCES = ("PO", "MO", "BI", "CO", "VI", "TV", "NA", "BA", "FI", "FM")
ABROAD = {
    "RO": (45.75, 21.23), "PT": (41.15, -8.61), "ES": (39.47, -0.38), "FR": (45.76, 4.84),
    "TR": (41.01, 28.97), "TN": (36.80, 10.18), "CN": (31.23, 121.47), "IN": (11.11, 77.34),
    "AU": (-34.0, 148.0), "BD": (23.81, 90.41),
}  # fmt: skip
ABROAD_SHARE = {0: 0.0, 1: 0.05, 2: 0.10, 3: 0.20, 4: 0.35}


@dataclass
class World:
    on: date
    layer: list[int] = field(default_factory=list)  # per firm id (index), 0 unused
    home: list[str] = field(default_factory=list)  # province or country code
    links: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    places: dict = field(default_factory=dict)
    site_firm: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    consents: dict = field(default_factory=dict)  # (supplier, client) -> level
    evidence: dict = field(default_factory=dict)  # firm -> valid_until
    scores: dict = field(default_factory=dict)  # firm -> (overall, grade, qualification)
    districts: dict = field(default_factory=dict)  # province -> municipality codes
    abroad_sites: bool = False

    def brands(self) -> list[int]:
        return sorted({link.client for link in self.links if self.layer[link.client] == 0})

    def shared(self) -> dict[int, set[int]]:
        result: dict[int, set[int]] = {}
        for (supplier, client), level in self.consents.items():
            if level >= 1:
                result.setdefault(client, set()).add(supplier)
        return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=50_000)
    parser.add_argument("--relations", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5, help="timed engine runs")
    parser.add_argument("--db-runs", type=int, default=3, help="timed database runs")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


def run(args: argparse.Namespace) -> int:
    from django.db import connection

    started = time.perf_counter()
    world = generate(args)
    print(
        f"Chain benchmark on {connection.vendor} {database_version(connection)}: "
        f"{args.firms:,} firms, {len(world.links):,} relations, {len(world.places):,} sites, "
        f"{len(world.consents):,} consents, {len(world.scores):,} scored firms "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    engine_results, engine_s = engine_only(world, args.runs)
    write(world)
    problems = database_path(world, args.db_runs, engine_results)
    one_brand(world, engine_results, args.runs)
    if engine_s > TARGET_S:
        problems.append(f"engine took {engine_s:.2f} s, target {TARGET_S:.0f} s")
    print()
    for problem in problems:
        print(f"MISSED: {problem}")
    return 1 if problems else 0


# The graph -------------------------------------------------------------------------------


def generate(args: argparse.Namespace) -> World:
    from filiera.chains.indicators import ChainGraph, Link, Origin, Place, SupplierFacts
    from filiera.registry.models import Municipality, Site

    rng = random.Random(args.seed)
    world = World(on=date.today())
    world.abroad_sites = any(f.name == "country" for f in Site._meta.get_fields())
    towns = {
        province: list(
            Municipality.objects.filter(province=province)
            .order_by("istat_code")
            .values_list("istat_code", "lat", "lon", "region")[:12]
        )
        for province in PROVINCES
    }
    world.districts = {p: [t[0] for t in towns[p]] for p in PROVINCES}
    pools: dict[tuple[int, str], list[int]] = {}
    by_layer: dict[int, list[int]] = {layer: [] for layer in LAYERS}
    world.layer, world.home = [-1], [""]
    bounds = []
    total = 0.0
    for layer, (share, _) in LAYERS.items():
        total += share
        bounds.append((round(total * args.firms), layer))
    for firm in range(1, args.firms + 1):
        layer = next(layer for bound, layer in bounds if firm <= bound)
        if rng.random() < ABROAD_SHARE[layer]:
            home = rng.choice(list(ABROAD))
        else:
            home = rng.choice(PROVINCES)
        world.layer.append(layer)
        world.home.append(home)
        by_layer[layer].append(firm)
        pools.setdefault((layer, home), []).append(firm)
    # Sites: one per firm (id = firm id), a second one for some.
    processes_of = {}
    next_site = args.firms + 1
    for firm in range(1, args.firms + 1):
        home, layer = world.home[firm], world.layer[firm]
        own = LAYERS[layer][1]
        processes_of[firm] = tuple(sorted(rng.sample(own, rng.choice((1, 1, 2))))) if own else ()
        sites = [firm] + ([next_site] if rng.random() < 0.1 else [])
        next_site += len(sites) - 1
        for site in sites:
            world.site_firm[site] = firm
            if home in ABROAD:
                if not world.abroad_sites:
                    continue
                lat, lon = ABROAD[home]
                place = Place(site, lat + rng.uniform(-1, 1), lon + rng.uniform(-1, 1), home)
            else:
                code, lat, lon, region = rng.choice(towns[home])
                place = Place(site, lat, lon, "IT", region, code)
            world.places[site] = place
    sites_of: dict[int, list[int]] = {}
    for site, firm in world.site_firm.items():
        sites_of.setdefault(firm, []).append(site)
    # Relations: clients drawn with weights (brands: a few very large), suppliers mostly local.
    weight = {
        firm: (min(12.0, rng.paretovariate(2.0)) if world.layer[firm] == 0 else 1.0)
        for firm in range(1, args.firms + 1)
    }
    pairs = set()
    for (client_layer, supplier_layer), share in EDGES.items():
        clients = by_layer[client_layer]
        weights = [weight[c] for c in clients]
        wanted = round(share * args.relations)
        made = 0
        for client in rng.choices(clients, weights, k=wanted * 2):
            if made == wanted:
                break
            local = pools.get((supplier_layer, world.home[client]))
            pool = local if local and rng.random() < 0.75 else by_layer[supplier_layer]
            supplier = rng.choice(pool)
            if supplier == client or (client, supplier) in pairs:
                continue
            pairs.add((client, supplier))
            made += 1
            own = processes_of[supplier]
            procs = own if rng.random() < 0.5 else (rng.choice(own),)
            site = rng.choice(sites_of[supplier]) if rng.random() < 0.85 else None
            if site is not None and site not in world.places:
                site = None
            world.links.append(Link(client, supplier, max(1, supplier_layer), procs, site))
            level = rng.choices((1, 2, 0), (75, 10, 15))[0]
            world.consents[(supplier, client)] = level
    # Facts: about half the firms scored, some with a document expiring or expired.
    for firm in range(1, args.firms + 1):
        if rng.random() < 0.55:
            overall = round(min(100.0, max(0.0, rng.gauss(60, 16))), 1)
            grade = (
                "A"
                if overall >= 80
                else "B"
                if overall >= 65
                else "C"
                if overall >= 50
                else "D"
                if overall >= 35
                else "E"
            )
            qualification = (
                "qualified"
                if overall >= 65
                else "qualified_with_plan"
                if overall >= 50
                else "not_qualified"
            )
            world.scores[firm] = (overall, grade, qualification)
        if rng.random() < 0.4:
            world.evidence[firm] = world.on + timedelta(days=rng.randint(-60, 720))
    horizon = world.on + timedelta(days=90)
    for firm in world.scores.keys() | world.evidence.keys():
        overall, grade, qualification = world.scores.get(firm, (None, "", ""))
        until = world.evidence.get(firm)
        world.facts[firm] = SupplierFacts(
            firm, True, firm in world.scores, grade, overall,
            qualification in ("qualified", "qualified_with_plan"),
            until if until is not None and until <= horizon else None,
        )  # fmt: skip
    # Some deeper suppliers share their grade with the brand as well.
    graph = ChainGraph(world.links)
    for brand in world.brands():
        for link in graph.reachable(brand):
            key = (link.supplier, brand)
            if key not in world.consents and rng.random() < 0.05:
                world.consents[key] = 1
        place = world.places[brand]
        province = world.home[brand]
        world.origins[brand] = Origin(
            place.lat, place.lon, "IT", place.region, frozenset(world.districts[province])
        )
    return world


# Timings ---------------------------------------------------------------------------------


def engine_only(world: World, runs: int):
    from filiera.chains.facts import SharedFacts
    from filiera.chains.indicators import ChainGraph, PlaceIndex, indicators_for_brands

    brands = world.brands()
    shared = world.shared()
    times, cpu, results = [], [], {}
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        graph = ChainGraph(world.links)
        index = PlaceIndex(world.places)
        results = indicators_for_brands(
            brands,
            graph,
            lambda brand: SharedFacts(world.facts, shared.get(brand, set())),
            index,
            world.origins,
            world.on,
        )
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    sizes = [r.suppliers for r in results.values()]
    links = [r.links for r in results.values()]
    median = statistics.median(times)
    print()
    print(
        f"{len(brands):,} brands; chain size (suppliers): mean {statistics.mean(sizes):,.0f}, "
        f"median {statistics.median(sizes):,.0f}, max {max(sizes):,}; links reached: mean "
        f"{statistics.mean(links):,.0f}, max {max(links):,}, {sum(links):,} in all"
    )
    print(
        f"Engine only (graph index + indicators of every brand): median {median:.2f} s of {runs} "
        f"runs ({', '.join(f'{t:.2f}' for t in times)} s; CPU median "
        f"{statistics.median(cpu):.2f} s); {sum(links) / median / 1e6:.2f} M links/s"
    )
    return results, median


def write(world: World) -> None:
    from django.db import transaction

    from filiera.chains.models import Consent, SupplyRelation
    from filiera.qualification.models import Assessment, Evidence, Score
    from filiera.qualification.selectors import current_version
    from filiera.registry.models import District, Firm, Site

    started = time.perf_counter()
    version = current_version(None)
    batch = 5000
    has_country = world.abroad_sites
    with transaction.atomic():
        districts = {
            p: District.objects.create(name=f"Bench {p}", slug=f"bench-{p.lower()}")
            for p in PROVINCES
        }
        for p, district in districts.items():
            district.municipalities.add(*world.districts[p])
        roles = ["brand", "manufacturer", "material_supplier", "subcontractor", "material_supplier"]
        Firm.objects.bulk_create(
            (
                Firm(id=f, legal_name=f"Bench {f}", vat=f"BENCH{f:09d}", role=roles[world.layer[f]],
                     country="IT" if world.home[f] in districts else world.home[f])
                for f in range(1, len(world.layer))
            ),
            batch_size=batch,
        )  # fmt: skip
        Firm.districts.through.objects.bulk_create(
            (
                Firm.districts.through(firm_id=f, district_id=districts[world.home[f]].pk)
                for f in range(1, len(world.layer))
                if world.home[f] in districts
            ),
            batch_size=batch,
        )
        fallback = world.districts[PROVINCES[0]][0]
        Site.objects.bulk_create(
            (
                Site(
                    id=s, firm_id=world.site_firm[s], name=f"Site {s}", lat=p.lat, lon=p.lon,
                    municipality_id=p.municipality or (None if has_country else fallback),
                    facility_id=f"BN{s:09d}", **({"country": p.country} if has_country else {}),
                )
                for s, p in world.places.items()
            ),
            batch_size=batch,
        )  # fmt: skip
        SupplyRelation.objects.bulk_create(
            (
                SupplyRelation(id=i, client_id=k.client, supplier_id=k.supplier, tier=k.tier, site_id=k.site)
                for i, k in enumerate(world.links, 1)
            ),
            batch_size=batch,
        )  # fmt: skip
        Through = SupplyRelation.processes.through
        Through.objects.bulk_create(
            (
                Through(supplyrelation_id=i, process_id=p)
                for i, k in enumerate(world.links, 1)
                for p in k.processes
            ),
            batch_size=batch,
        )
        Consent.objects.bulk_create(
            (
                Consent(supplier_id=s, client_id=c, level=lv)
                for (s, c), lv in world.consents.items()
            ),
            batch_size=batch,
        )
        any_district = next(iter(districts.values()))
        Assessment.objects.bulk_create(
            (
                Assessment(id=f, firm_id=f, district=districts.get(world.home[f], any_district),
                           period="2026", version=version, status="verified", score_id=f,
                           overall=o, grade=g, qualification=q)
                for f, (o, g, q) in world.scores.items()
            ),
            batch_size=batch,
        )  # fmt: skip
        Score.objects.bulk_create(
            (
                Score(id=f, assessment_id=f, version=version, evaluated_on=world.on, overall=o,
                      grade=g, status=q, result={})
                for f, (o, g, q) in world.scores.items()
            ),
            batch_size=batch,
        )  # fmt: skip
        Evidence.objects.bulk_create(
            (
                Evidence(firm_id=f, certificate="iso_14001", valid_until=d, file="bench/x.pdf")
                for f, d in world.evidence.items()
            ),
            batch_size=batch,
        )
    print(f"Written to the database in {time.perf_counter() - started:.1f} s")


def database_path(world: World, runs: int, expected: dict) -> list[str]:
    from filiera.chains import facts

    times, cpu, results = [], [], {}
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        results = facts.all_brand_indicators(world.on)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    median = statistics.median(times)
    parts = []
    for label, call in (
        ("relations and processes", lambda: facts.load_graph(world.on)),
        ("assessments and evidence", lambda: facts.firm_facts(None, world.on)),
        ("sites", lambda: facts.places(None)),
        ("origins", lambda: facts.origins(world.brands())),
    ):
        started = time.perf_counter()
        call()
        parts.append(f"{label} {time.perf_counter() - started:.2f} s")
    print(
        f"all_brand_indicators() with the reads: median {median:.2f} s of {runs} runs "
        f"({', '.join(f'{t:.2f}' for t in times)} s; CPU of this process, median "
        f"{statistics.median(cpu):.2f} s); reads alone: {'; '.join(parts)}"
    )
    problems = []
    if median > TARGET_S:
        problems.append(f"all_brand_indicators took {median:.2f} s, target {TARGET_S:.0f} s")
    same = results.keys() == expected.keys() and all(
        results[b].as_dict() == expected[b].as_dict() for b in expected
    )
    print(f"Database results equal to the engine's: {'yes' if same else 'NO'}")
    if not same:
        problems.append("database results differ from the engine's")
    return problems


def one_brand(world: World, results: dict, runs: int) -> None:
    from filiera.chains import facts
    from filiera.chains.indicators import indicators

    brand = max(results, key=lambda b: (results[b].suppliers, -b))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        graph = facts.chain_graph(brand, world.on)
        links = graph.reachable(brand)
        suppliers = {link.supplier for link in links}
        known = facts.supplier_facts(suppliers, client_id=brand, on=world.on)
        where = facts.places(link.site for link in links)
        found = indicators(brand, graph, known, where, facts.origin_of(brand), world.on)
        times.append((time.perf_counter() - started) * 1000)
    assert found.as_dict() == results[brand].as_dict()
    print(
        f"One brand's own reads and indicators (largest chain: {found.suppliers:,} suppliers, "
        f"{found.links:,} links): median {statistics.median(times):.0f} ms of {runs} runs"
    )


if __name__ == "__main__":
    sys.exit(main())
