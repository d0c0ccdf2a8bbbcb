"""A brand's chain dashboard over a large chain.

    python bench/bench_chain_dashboard.py [--suppliers 2000] [--runs 9]

Builds a throwaway database with a demo district (``filiera demo --no-assessments``) of
``--suppliers`` + 1 firms, gives every firm one verified assessment with its official score
(``demo_writer.qualify``, as the qualification benchmark), then makes one firm a brand and links
the others to it over four tiers (10 % tier 1, then 30 % each for tiers 2, 3 and 4; every
supplier of tier n+1 works for one of tier n, a fifth of them for two), each relation with one
or two processes of its tier and the supplier's first site. Consents towards the brand: 50 % grade
only, 20 % area scores, 10 % area scores and sites, 20 % nothing (undisclosed).

Then asks the dashboard (``/firms/<pk>/chain/``) as the brand's owner through Django's test
client: one warm-up request, then the median server time of ``--runs`` requests and the number
of database queries; target 300 ms for 2,000 suppliers. Also times the same page filtered to
one tier, and the CSV export.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

TARGET_MS = 300.0
PASSWORD = "bench-password-not-secret"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9, help="timed requests per page (>= 7)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


def build(suppliers: int) -> tuple[int, int]:
    """The brand's id and its owner's id, after writing the chain in bulk."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from filiera.chains.models import Consent, Level, SupplyRelation
    from filiera.qualification import demo_writer
    from filiera.registry.models import District, Firm, FirmMembership, Process, Site

    call_command(
        "demo",
        companies=suppliers + 1,
        seed=1,
        password=PASSWORD,
        no_assessments=True,
        stdout=io.StringIO(),
    )
    district = District.objects.get()
    demo_writer.qualify(district, seed=1, files=False, state="verified")
    rnd = random.Random(7)
    ids = list(Firm.objects.filter(districts=district).order_by("id").values_list("id", flat=True))
    brand_id, others = ids[0], ids[1 : suppliers + 1]
    Firm.objects.filter(pk=brand_id).update(role=Firm.Role.BRAND)
    first_site = {}
    for site_id, firm_id in Site.objects.order_by("-id").values_list("id", "firm_id"):
        first_site[firm_id] = site_id
    by_tier = {t: [] for t in (1, 2, 3, 4)}
    for code, tier in Process.objects.filter(is_group=False).values_list("code", "tier"):
        by_tier.setdefault(tier if tier in by_tier else 4, []).append(code)
    for tier in by_tier:
        by_tier[tier] = by_tier[tier] or [c for codes in by_tier.values() for c in codes][:5]
    cut1 = len(others) // 10
    rest = len(others) - cut1
    cuts = [0, cut1, cut1 + rest // 3, cut1 + 2 * rest // 3, len(others)]
    tiers = [others[cuts[i] : cuts[i + 1]] for i in range(4)]
    pairs = [(brand_id, s, 1) for s in tiers[0]]
    for n in (1, 2, 3):
        for supplier in tiers[n]:
            clients = rnd.sample(tiers[n - 1], 2 if rnd.random() < 0.2 else 1)
            pairs += [(c, supplier, n + 1) for c in clients]
    relations = SupplyRelation.objects.bulk_create(
        [
            SupplyRelation(client_id=c, supplier_id=s, tier=t, site_id=first_site.get(s))
            for c, s, t in pairs
        ],
        batch_size=1000,
    )
    through = SupplyRelation.processes.through
    through.objects.bulk_create(
        [
            through(supplyrelation_id=r.pk, process_id=code)
            for r in relations
            for code in rnd.sample(by_tier[r.tier], min(len(by_tier[r.tier]), rnd.choice((1, 2))))
        ],
        batch_size=2000,
    )
    consents = []
    for supplier in others:
        draw = rnd.random()
        if draw < 0.2:
            continue
        level = Level.GRADE if draw < 0.7 else Level.AREAS
        consents.append(
            Consent(supplier_id=supplier, client_id=brand_id, level=level, sites=draw >= 0.9)
        )
    Consent.objects.bulk_create(consents, batch_size=1000)
    owner = get_user_model().objects.create_user("bench_brand_owner", password=PASSWORD)
    FirmMembership.objects.create(user=owner, firm_id=brand_id, role="owner")
    return brand_id, owner.pk


def run(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from filiera.chains.models import Consent, SupplyRelation

    started = time.perf_counter()
    brand_id, owner_id = build(args.suppliers)
    built = time.perf_counter() - started
    print(
        f"Chain dashboard benchmark on {connection.vendor} {database_version(connection)}: "
        f"a brand with {args.suppliers:,} suppliers over 4 tiers, "
        f"{SupplyRelation.objects.count():,} relations, "
        f"{Consent.objects.filter(client_id=brand_id).count():,} consents "
        f"(built in {built:.1f} s)"
    )
    client = Client()
    client.force_login(get_user_model().objects.get(pk=owner_id))
    dashboard = reverse("chain_dashboard", args=[brand_id])
    targets = [
        ("dashboard", dashboard, True),
        ("dashboard, tier 2 only", dashboard + "?tier=2", False),
        ("CSV export", reverse("chain_export", args=[brand_id, "csv"]), False),
    ]
    print()
    print(f"{args.runs} requests each after a warm-up, as the brand's owner:")
    header = f"{'page':<26} {'median ms':>10} {'min ms':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    problems = []
    for label, url, checked in targets:
        client.get(url)  # warm-up: templates, methodology cache
        times, queries = [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as context:
                begun = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(context.captured_queries))
        median = statistics.median(times)
        print(f"{label:<26} {median:>10.1f} {min(times):>8.1f} {queries:>8}")
        if checked and args.suppliers >= 2000 and median > TARGET_MS:
            problems.append(f"{label}: {median:.1f} ms, target {TARGET_MS:.0f} ms")
    print()
    for problem in problems:
        print(f"MISSED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
