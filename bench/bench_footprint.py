"""Footprint benchmark: the batch command on 100,000 queries, and one API call.

    python bench/bench_footprint.py [--queries 100000] [--runs 3] [--calls 200] [--seed 1]

Generates ``--queries`` valid Ecobalyse textile queries (seeded): every product category, 1 to 5
materials with random shares (some with their own country), random zones for the four steps
(some left out: the unknown country), and options drawn at random: fabric process, making
complexity, waste and dead stock, air transport, dyeing process, printing, fading, upcycling,
surface mass, yarn size, trims, business, number of references, price, physical durability and
a switched-off stage. They are written to a temporary JSON file. Then:

1. ``filiera footprint FILE`` in this process (``call_command``, output to ``/dev/null``), end
   to end: reading and parsing the file, checking and computing every query, writing the JSON.
   Computations per second, median of ``--runs``; target 5,000/s;
2. its parts one by one (read and parse, ``compute_many``, JSON out), median of ``--runs``:
   the engine alone in computations per second;
3. ``POST /api/v1/footprint/textile`` with one query, through Django's test client with a
   personal token, on a throwaway database: median ms of ``--calls`` after a warm-up; target
   20 ms. Also one call with a list of 1,000 queries.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md). The database is
only read for the token.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchdb import database_version, throwaway_database

TARGET_RATE = 5000.0  # computations per second, batch path
TARGET_MS = 20.0  # one API call, median
API_QUERY = {
    "product": "jean",
    "mass": 0.45,
    "materials": [{"id": "ei-coton", "share": 0.98}, {"id": "elasthane", "share": 0.02}],
    "countrySpinning": "IN",
    "countryFabric": "TR",
    "countryDyeing": "TR",
    "countryMaking": "TR",
    "fading": True,
}
STEP_FIELDS = ("countrySpinning", "countryFabric", "countryDyeing", "countryMaking")
SWITCHABLE = ("distribution", "use", "eol", "material", "spinning")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed batch runs")
    parser.add_argument("--calls", type=int, default=200, help="timed API calls")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


def run(args: argparse.Namespace) -> int:
    from django.db import connection

    print(f"Footprint benchmark on {connection.vendor} {database_version(connection)}")
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="filiera-footprint-") as folder:
        path = Path(folder) / "queries.json"
        started = time.perf_counter()
        queries = generate(args.queries, args.seed)
        path.write_text(json.dumps(queries), encoding="utf-8")
        print(
            f"{len(queries):,} queries generated and checked in "
            f"{time.perf_counter() - started:.1f} s: {describe(queries)}; "
            f"file {path.stat().st_size / 1e6:.1f} MB"
        )
        rate = batch(path, queries, args.runs)
        if rate < TARGET_RATE:
            problems.append(f"batch path {rate:,.0f} computations/s, target {TARGET_RATE:,.0f}")
    median_ms = api_call(args.calls)
    if median_ms > TARGET_MS:
        problems.append(f"API call {median_ms:.1f} ms median, target {TARGET_MS:.0f} ms")
    print()
    for problem in problems:
        print(f"MISSED: {problem}")
    return 1 if problems else 0


# The queries -------------------------------------------------------------------------------


def generate(count: int, seed: int) -> list[dict]:
    """``count`` varied queries the engine accepts (a drawn query it refuses is drawn again)."""
    from filiera.footprint import engine

    rng = random.Random(seed)
    data = engine.dataset()
    pools = {
        "products": sorted(data.products),
        "materials": sorted(data.materials),
        "zones": sorted(data.zones),
        "trims": sorted(data.trims),
    }
    queries: list[dict] = []
    refused = 0
    while len(queries) < count:
        query = draw(rng, pools)
        try:
            engine.validate(query)
        except engine.QueryError:
            refused += 1
            continue
        queries.append(query)
    if refused > count // 100:
        print(f"note: {refused:,} drawn queries were refused and drawn again")
    return queries


def shares(rng: random.Random, count: int) -> list[float]:
    """``count`` shares in whole percents that add up to 1."""
    cuts = sorted(rng.sample(range(1, 100), count - 1))
    percents = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return [p / 100 for p in percents]


def draw(rng: random.Random, pools: dict[str, list[str]]) -> dict:
    from filiera.footprint import labels

    materials = rng.sample(pools["materials"], rng.choice((1, 1, 2, 2, 3, 4, 5)))
    query: dict = {
        "product": rng.choice(pools["products"]),
        "mass": round(rng.uniform(0.05, 1.5), 3),
        "materials": [
            {"id": m, "share": s}
            for m, s in zip(materials, shares(rng, len(materials)), strict=True)
        ],
    }
    for material in query["materials"]:
        if rng.random() < 0.3:
            material["country"] = rng.choice(pools["zones"])
    for field in STEP_FIELDS:
        if rng.random() < 0.85:
            query[field] = rng.choice(pools["zones"])
    options = {
        "fabricProcess": (0.5, lambda: rng.choice(list(labels.FABRICS))),
        "makingComplexity": (0.2, lambda: rng.choice(list(labels.COMPLEXITIES))),
        "makingWaste": (0.1, lambda: round(rng.uniform(0, 0.4), 3)),
        "makingDeadStock": (0.1, lambda: round(rng.uniform(0, 0.3), 3)),
        "airTransportRatio": (0.15, lambda: round(rng.random(), 2)),
        "dyeingProcessType": (0.2, lambda: rng.choice(list(labels.DYEING))),
        "printing": (
            0.15,
            lambda: {
                "kind": rng.choice(list(labels.PRINTING)),
                "ratio": round(rng.uniform(0.05, 0.8), 2),
            },
        ),
        "fading": (0.1, lambda: True),
        "upcycled": (0.03, lambda: True),
        "surfaceMass": (0.15, lambda: rng.randint(80, 500)),
        "yarnSize": (0.15, lambda: rng.randint(9, 200)),
        "trims": (
            0.3,
            lambda: [
                {"id": trim, "quantity": rng.randint(1, 10)}
                for trim in rng.sample(pools["trims"], rng.randint(1, 3))
            ],
        ),
        "business": (0.3, lambda: rng.choice(list(labels.BUSINESSES))),
        "numberOfReferences": (0.3, lambda: rng.randint(1, 50_000)),
        "price": (0.3, lambda: round(rng.uniform(5, 300), 2)),
        "physicalDurability": (0.1, lambda: round(rng.uniform(0.67, 1.45), 2)),
        "disabledSteps": (0.05, lambda: rng.sample(SWITCHABLE, rng.randint(1, 2))),
    }  # fmt: skip
    for field, (chance, value) in options.items():
        if rng.random() < chance:
            query[field] = value()
    if query.get("upcycled"):
        query.pop("printing", None)  # upcycling switches dyeing and printing off
    return query


def describe(queries: list[dict]) -> str:
    categories = len({q["product"] for q in queries})
    materials = statistics.mean(len(q["materials"]) for q in queries)
    fields = statistics.mean(len(q) for q in queries)
    return (
        f"{categories} categories, {materials:.1f} materials and {fields:.1f} fields per query "
        "on average"
    )


# Timings -----------------------------------------------------------------------------------


def batch(path: Path, queries: list[dict], runs: int) -> float:
    from django.core.management import call_command

    from filiera.footprint import engine
    from filiera.footprint.management.commands.footprint import collector_paused

    count = len(queries)
    times = []
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for _ in range(runs):
            started = time.perf_counter()
            call_command("footprint", str(path), stdout=sink)
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    rate = count / median
    print()
    print(
        f"filiera footprint FILE, end to end in this process: median {median:.2f} s of {runs} "
        f"runs ({', '.join(f'{t:.2f}' for t in times)} s): {rate:,.0f} computations/s "
        f"(target {TARGET_RATE:,.0f})"
    )
    parsed, computed, written = [], [], []
    results: list[dict] = []
    for _ in range(runs):
        results = []  # the previous run's results are freed before timing
        with collector_paused():  # as the command runs
            started = time.perf_counter()
            loaded = json.loads(path.read_bytes())
            parsed.append(time.perf_counter() - started)
            started = time.perf_counter()
            results = engine.compute_many(loaded)
            computed.append(time.perf_counter() - started)
            started = time.perf_counter()
            json.dumps(results, separators=(",", ":"), ensure_ascii=False)
            written.append(time.perf_counter() - started)
    engine_s = statistics.median(computed)
    print(
        f"  its parts, median of {runs}: read and parse {statistics.median(parsed):.2f} s, "
        f"compute_many {engine_s:.2f} s, JSON out {statistics.median(written):.2f} s"
    )
    print(f"Engine only (compute_many): {count / engine_s:,.0f} computations/s")
    ecs = [r["ecs"] for r in results]
    print(
        f"  results: ecs from {min(ecs):,.0f} to {max(ecs):,.0f} µPt, median "
        f"{statistics.median(ecs):,.0f}"
    )
    return rate


def api_call(calls: int) -> float:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from filiera.api.models import ApiToken

    user = get_user_model().objects.create_user("bench-footprint", "bench@example.test")
    _token, key = ApiToken.issue(user, "bench")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    body = json.dumps(API_QUERY)

    def post(text: str) -> float:
        started = time.perf_counter()
        response = client.post("/api/v1/footprint/textile", text, content_type="application/json")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:500]
        return elapsed

    for _ in range(20):
        post(body)
    times = [post(body) for _ in range(calls)]
    median = statistics.median(times)
    print()
    print(
        f"POST /api/v1/footprint/textile, one query: median {median:.2f} ms of {calls} calls "
        f"(min {min(times):.2f}, p90 {statistics.quantiles(times, n=10)[-1]:.2f} ms; "
        f"target {TARGET_MS:.0f} ms)"
    )
    listed = json.dumps([API_QUERY] * 1000)
    many = statistics.median(post(listed) for _ in range(5))
    print(f"  one call with a list of 1,000 queries: median {many:.0f} ms of 5")
    return median


if __name__ == "__main__":
    sys.exit(main())
