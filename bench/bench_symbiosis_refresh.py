"""One firm's symbiosis suggestions refreshed, with 20,000 firms and 100,000 flows in the database.

    python bench/bench_symbiosis_refresh.py [--firms 20000] [--flows 100000] [--runs 200]
                                            [--seed 1] [--no-initial]

The firms and flows of the engine benchmark's generator (``symbiosis_data``: Italian textile
districts, realistic kinds, codes, radii and descriptions) are written with ``bulk_create`` into
a throwaway database, one site per firm. Then:

1. every suggestion is computed and stored once (``services.refresh.refresh_all``), so the
   refreshes below replace existing suggestions as they do in use (skip with --no-initial);
2. ``services.refresh.refresh_firm`` for ``--runs`` firms drawn at random (after a few warm-up
   calls): the firm's flows against nearby flows fetched by SQL, scored by the engine, the
   firm's suggested matches replaced. Prints the median, 90th percentile and maximum.
   Target: median under 200 ms.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

TARGET_MS = 200.0
WARM_UP = 5
BATCH = 5000


def write(firms, flows) -> None:
    """Districts, firms, one site per firm and the flows, in bulk."""
    from django.db import transaction

    from filiera.registry.identifiers import italian_vat
    from filiera.registry.models import District, Firm, Municipality, Site
    from filiera.symbiosis.models import Flow

    with transaction.atomic():
        districts = {
            slug: District.objects.create(slug=f"bench-{slug}", name=f"Bench {slug}")
            for slug in sorted({f.district for f in firms})
        }
        by_name: dict[tuple[str, str], str] = {}
        by_province: dict[str, str] = {}
        for code, name, province in Municipality.objects.values_list(
            "istat_code", "name", "province"
        ):
            by_name[(name.lower(), province)] = code
            by_province.setdefault(province, code)
        rows = [
            Firm(
                id=f.id,
                legal_name=f.name,
                vat=italian_vat(f.id, 100),
                role="subcontractor",
                size_class="small",
            )
            for f in firms
        ]
        Firm.objects.bulk_create(rows, batch_size=BATCH)
        Through = Firm.districts.through
        Through.objects.bulk_create(
            (Through(firm_id=f.id, district_id=districts[f.district].pk) for f in firms),
            batch_size=BATCH,
        )
        Site.objects.bulk_create(
            (
                Site(
                    id=f.id,
                    firm_id=f.id,
                    name=f"{f.name} · sede",
                    municipality_id=by_name.get(
                        (f.municipality.lower(), f.province), by_province.get(f.province)
                    ),
                    lat=f.lat,
                    lon=f.lon,
                    pinned=True,
                    facility_id=f"BENCH{f.id:010d}",
                )
                for f in firms
            ),
            batch_size=BATCH,
        )
        place = {f.id: (f.lat, f.lon) for f in firms}
        Flow.objects.bulk_create(
            (
                Flow(
                    id=s.id,
                    firm_id=s.firm_id,
                    site_id=s.firm_id,
                    lat=place[s.firm_id][0],
                    lon=place[s.firm_id][1],
                    ref=s.ref,
                    direction=s.direction,
                    kind=s.kind,
                    ewc=s.ewc,
                    description=s.description,
                    description_en=s.description_en,
                    quantity=round(s.quantity, 3),
                    unit=s.unit,
                    period=s.period,
                    amount_year=s.amount_year,
                    base_unit=s.base_unit,
                    attributes=s.attributes,
                    available_from=s.available_from,
                    available_until=s.available_until,
                    hazardous=s.hazardous,
                    accepts_hazardous=s.accepts_hazardous,
                    legal_status=s.legal_status,
                    max_distance_km=s.max_distance_km,
                    accepted_ewc=list(s.accepted_ewc),
                )
                for s in flows
            ),
            batch_size=BATCH,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=20_000)
    parser.add_argument("--flows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200, help="firms refreshed (200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-initial", action="store_true", help="do not compute every suggestion first"
    )
    args = parser.parse_args()

    from symbiosis_data import describe, generate

    started = time.perf_counter()
    firms, flows = generate(firms=args.firms, flows=args.flows, seed=args.seed)
    print(f"Generated {describe(firms, flows)} in {time.perf_counter() - started:.1f} s")

    with throwaway_database():
        from django.db import connection

        from filiera.symbiosis.models import Match
        from filiera.symbiosis.services.refresh import refresh_all, refresh_firm

        print(f"Database: {connection.vendor} {database_version(connection)}")
        started = time.perf_counter()
        write(firms, flows)
        print(f"Written to the database in {time.perf_counter() - started:.1f} s")

        if not args.no_initial:
            stats = refresh_all()
            print(
                f"All suggestions computed and stored (refresh_all): {stats['suggestions']:,} "
                f"in {stats['seconds']:.1f} s"
            )

        rng = random.Random(args.seed)
        chosen = rng.sample([f.id for f in firms], min(len(firms), args.runs + WARM_UP))
        per_firm: dict[int, int] = {}
        for flow in flows:
            per_firm[flow.firm_id] = per_firm.get(flow.firm_id, 0) + 1
        for firm_id in chosen[:WARM_UP]:
            refresh_firm(firm_id)
        timings, found = [], []
        for firm_id in chosen[WARM_UP:]:
            began = time.perf_counter()
            found.append(refresh_firm(firm_id))
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        median = statistics.median(timings)
        p90 = timings[int(0.9 * (len(timings) - 1))]
        sampled = [per_firm.get(pk, 0) for pk in chosen[WARM_UP:]]
        print(
            f"One firm's refresh (refresh_firm), {len(timings)} firms "
            f"({statistics.mean(sampled):.1f} flows and {statistics.mean(found):.1f} "
            f"suggestions each on average): median {median:.1f} ms, p90 {p90:.1f} ms, "
            f"max {timings[-1]:.1f} ms (target < {TARGET_MS:.0f} ms: "
            f"{'met' if median < TARGET_MS else 'NOT met'})"
        )
        print(f"Matches stored at the end: {Match.objects.count():,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
