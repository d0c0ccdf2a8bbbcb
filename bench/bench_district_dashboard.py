"""The district dashboard over a district of 10,000 firms: the refresh, then the page.

    python bench/bench_district_dashboard.py [--firms 10000] [--runs 9] [--seed 1]

Writes into a throwaway database one district of ``--firms`` firms with accounts, assessments
at every stage, official scores with area grades, earlier cycles and certificates
(``district_data.py``). Then:

1. the refresh (``services.insight.refresh_district``) the first time, which also rebuilds the
   past 12 months from history, and again (the nightly run: the current month only);
2. through Django's test client as the district manager: the dashboard ``/d/bench/insight/``
   without filters and with one filter (a sector), the map's JSON and one CSV export, each once
   to warm up and ``--runs`` times more: median server time and the number of queries;
3. the PDF report, median of 3.

The dashboard must stay under 300 ms (median) and its queries must not grow with the firms: the
script also counts them for a district of 10 firms and exits 1 when a check fails.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

TARGET_MS = 300.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--firms", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def timed(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median and min server time (ms) of ``runs`` requests after one warm-up, and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries.captured_queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), count


def small_district_queries(client, manager) -> int:
    """Queries of the dashboard for a district of 10 firms (same shape, fewer rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from filiera.district.services.insight import refresh_district
    from filiera.registry.identifiers import italian_vat
    from filiera.registry.models import (
        District,
        DistrictMembership,
        Firm,
        FirmActivity,
        Municipality,
        Site,
    )

    small = District.objects.create(slug="small", name="Small")
    DistrictMembership.objects.create(user=manager, district=small, role="manager")
    place = Municipality.objects.get(pk="036005")
    for i in range(10):
        firm = Firm.objects.create(
            legal_name=f"Piccola {i}", vat=italian_vat(900_000 + i, 301), role="subcontractor"
        )
        firm.districts.add(small)
        FirmActivity.objects.create(firm=firm, code="14.10.20", is_primary=True)
        Site.objects.create(
            firm=firm, name="Sede", municipality=place, lat=place.lat, lon=place.lon,
            facility_id=f"SM{i:08d}",
        )  # fmt: skip
    refresh_district(small.pk)
    assert client.get("/d/small/insight/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/d/small/insight/")
    return len(queries.captured_queries)


def run(args: argparse.Namespace) -> int:
    import district_data
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from filiera.district.models import FirmFact
    from filiera.district.services.insight import refresh_district
    from filiera.registry.models import DistrictMembership

    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    district = district_data.build(args.firms, args.seed)
    built = time.perf_counter() - started
    print(f"database: {connection.vendor} {database_version(connection)}")
    print(f"district: {args.firms:,} firms (built in {built:.1f} s)")

    start = time.perf_counter()
    first = refresh_district(district.pk)
    first_s = time.perf_counter() - start
    nightly = []
    for _ in range(3):
        start = time.perf_counter()
        again = refresh_district(district.pk)
        nightly.append(time.perf_counter() - start)
    months = FirmFact.objects.filter(district=district).values("month").distinct().count()
    print(
        f"refresh, first time: {first_s:.2f} s ({first['firms']:,} firms, "
        f"{first['backfilled']:,} rows of {months - 1} past months rebuilt)"
    )
    print(
        f"refresh, nightly: median {statistics.median(nightly):.2f} s of 3 "
        f"({again['firms']:,} firms)"
    )

    manager = get_user_model().objects.create_user("bench-manager", password="x")
    DistrictMembership.objects.create(user=manager, district=district, role="manager")
    client = Client(headers={"accept-language": "en"})
    client.force_login(manager)
    problems = []
    pages = [
        ("dashboard", "/d/bench/insight/"),
        ("dashboard, sector=14", "/d/bench/insight/?sector=14"),
        ("dashboard, municipality=036005", "/d/bench/insight/?municipality=036005"),
        ("map.json", "/d/bench/insight/map.json"),
        ("grades.csv", "/d/bench/insight/grades.csv"),
    ]
    counts = {}
    for label, url in pages:
        median, low, queries = timed(client, url, args.runs)
        counts[label] = queries
        print(f"{label}: median {median:.1f} ms (min {low:.1f}), {queries} queries")
        if label.startswith("dashboard") and median > TARGET_MS:
            problems.append(f"{label}: median {median:.1f} ms over {TARGET_MS:.0f} ms")
    pdf = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get("/d/bench/insight/report.pdf")
        pdf.append((time.perf_counter() - start) * 1000)
    print(
        f"report.pdf: median {statistics.median(pdf):.0f} ms of 3, {len(response.content):,} bytes"
    )
    small = small_district_queries(client, manager)
    print(f"dashboard queries for a district of 10 firms: {small}")
    if small != counts["dashboard"]:
        problems.append(f"queries grow with the firms: {counts['dashboard']} vs {small}")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
