"""The district symbiosis dashboard and a firm's circularity page over a large district.

    python bench/bench_symbiosis_district.py [--firms 5000] [--runs 9] [--seed 1]

Writes into a throwaway database one district of ``--firms`` firms (one site each in the
Carpi-Sassuolo area, ATECO 13, 14, 23 or 38), four material flows per firm (two offers, two
needs, 10-110 t/year), three matches per offer with a mix of statuses (60 % suggested, the rest
interest, agreed, active, closed; a third of the suggested ones picked by the allocation),
one realised quantity in the last 12 months for every agreed, active and closed match, eco-
district rules and a qualification grade for half of the firms.

Then, through Django's test client: the dashboard (``/districts/<slug>/symbiosis/``) as the
platform admin, and the circularity page of one firm (``/firms/<pk>/circularity/``), each once to
warm up and ``--runs`` times more: median server time and the number of database queries.
The dashboard's queries must not grow with the firms: the script also counts them for a
district of 10 firms and exits 1 when the two counts differ.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

BATCH = 5000
ATECO = ("13.10", "14.10.20", "23.31", "38.11")
STATUSES = ["suggested"] * 6 + ["interest", "agreed", "active", "closed"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def build(slug: str, firms: int, rng: random.Random, first_id: int) -> None:
    """One district of ``firms`` firms with their flows, matches and realised quantities."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from filiera.qualification.models import Assessment
    from filiera.qualification.selectors import current_version
    from filiera.registry.identifiers import italian_vat
    from filiera.registry.models import District, Firm, Municipality, Site
    from filiera.registry.models.firm import FirmActivity
    from filiera.symbiosis.models import Delivery, Flow, Match, SymbiosisPolicy

    municipality = Municipality.objects.get(pk="036005")
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        district = District.objects.create(slug=slug, name=f"Bench {slug}")
        rows = Firm.objects.bulk_create(
            [
                Firm(
                    id=first_id + i,
                    legal_name=f"Impresa {first_id + i} S.r.l.",
                    vat=italian_vat(i + 1, 200 + first_id // 10_000_000),
                    role="subcontractor",
                )
                for i in range(firms)
            ],
            batch_size=BATCH,
        )
        Firm.districts.through.objects.bulk_create(
            [Firm.districts.through(firm_id=f.id, district_id=district.id) for f in rows],
            batch_size=BATCH,
        )
        FirmActivity.objects.bulk_create(
            [FirmActivity(firm=f, code=rng.choice(ATECO), is_primary=True) for f in rows],
            batch_size=BATCH,
        )
        sites = Site.objects.bulk_create(
            [
                Site(
                    firm=f,
                    name="Sede",
                    municipality=municipality,
                    lat=44.5 + rng.random() * 0.4,
                    lon=10.7 + rng.random() * 0.4,
                    facility_id=f"B{f.id:010d}",
                )
                for f in rows
            ],
            batch_size=BATCH,
        )
        flows = Flow.objects.bulk_create(
            [
                Flow(
                    firm_id=site.firm_id,
                    site=site,
                    lat=site.lat,
                    lon=site.lon,
                    direction="offer" if k < 2 else "need",
                    kind="waste",
                    ewc="040222",
                    description="Ritagli di maglieria",
                    quantity=10,
                    unit="t",
                    period="year",
                    amount_year=10 + rng.random() * 100,
                    base_unit="t",
                    legal_status="waste",
                    accepted_ewc=["040222"],
                )
                for site in sites
                for k in range(4)
            ],
            batch_size=BATCH,
        )
        offers = [f for f in flows if f.direction == "offer"]
        needs = [f for f in flows if f.direction == "need"]
        pairs = {
            (offer.id, need.id, offer.firm_id != need.firm_id)
            for offer in offers
            for need in rng.sample(needs, 3)
        }
        matches = []
        for offer_id, need_id, different in sorted(pairs):
            if not different:
                continue
            status = rng.choice(STATUSES)
            picked = status == "suggested" and rng.random() < 1 / 3
            matches.append(
                Match(
                    offer_id=offer_id,
                    need_id=need_id,
                    status=status,
                    score=rng.random(),
                    components={},
                    distance_km=rng.random() * 40,
                    computed_at=now,
                    allocated_amount=5.0 if picked else None,
                )
            )
        matches = Match.objects.bulk_create(matches, batch_size=BATCH)
        ends = [
            (m, today - timedelta(days=rng.randint(1, 300)))
            for m in matches
            if m.status in ("agreed", "active", "closed")
        ]
        Delivery.objects.bulk_create(
            [
                Delivery(
                    match=m,
                    period_start=end - timedelta(days=30),
                    period_end=end,
                    quantity=5,
                    unit="t",
                    amount=1 + rng.random() * 10,
                )
                for m, end in ends
            ],
            batch_size=BATCH,
        )
        SymbiosisPolicy.objects.create(
            district=district, min_circular_outflow=10, min_grade="C", min_active_exchanges=1
        )
        version = current_version(None)
        Assessment.objects.bulk_create(
            [
                Assessment(
                    firm=f,
                    district=district,
                    period="2026",
                    version=version,
                    status="verified",
                    grade=rng.choice("ABCDE"),
                    overall=50,
                )
                for f in rows[::2]
            ],
            batch_size=BATCH,
        )


def timed(client, url: str, runs: int) -> tuple[float, int]:
    """Median server time (ms) of ``runs`` requests after one warm-up, and the query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    times = []
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries.captured_queries)  # now: the next request empties the log
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def run(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(args.seed)
    start = time.perf_counter()
    build("small", 10, rng, 10_000_000)
    build("large", args.firms, rng, 20_000_000)
    built = time.perf_counter() - start
    admin = get_user_model().objects.create_superuser("bench", "bench@example.test", "x")
    client = Client()
    client.force_login(admin)
    _ms, small_queries = timed(client, "/districts/small/symbiosis/", 1)
    page_ms, page_queries = timed(client, "/districts/large/symbiosis/", args.runs)
    firm_ms, firm_queries = timed(client, "/firms/20000005/circularity/", args.runs)
    print(f"database: {connection.vendor} {database_version(connection)}")
    print(f"district: {args.firms:,} firms, {4 * args.firms:,} flows (built in {built:.1f} s)")
    print(f"dashboard: median {page_ms:.0f} ms, {page_queries} queries "
          f"({small_queries} for a district of 10 firms)")  # fmt: skip
    print(f"firm circularity page: median {firm_ms:.0f} ms, {firm_queries} queries")
    if page_queries != small_queries:
        print("FAIL: the dashboard's queries grow with the firms", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
