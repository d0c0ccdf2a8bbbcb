"""Firm directory benchmark: server time and database queries per page on a large district.

    python bench/bench_directory.py [--companies 10000] [--runs 20] [--demo-seconds]

Builds a throwaway database with the demo district (``filiera demo --companies N``), then asks
the directory page (``/firms/?...``) as the district manager through Django's test client, for
page 1 and a later page of several filters. Prints the median server time in milliseconds and
the number of queries per page; the two counts must be equal (no N+1), otherwise the script
exits with status 1. ``--demo-seconds`` also times the generation of 50,000 firms.

SQLite by default (a temporary file); PostgreSQL when DATABASE_URL is set: a database named
``bench_filiera_<pid>`` is created on that server and dropped at the end.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

SCENARIOS = [
    "role=subcontractor&process=MU.SEWING",
    "role=subcontractor",
    "",
    "q=maglificio",
    "municipality=036005&size=micro",
    "ateco=14.10",
]
PASSWORD = "bench-password-not-secret"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--demo-seconds",
        action="store_true",
        help="also time `filiera demo --companies 50000` on an empty database",
    )
    parser.add_argument("--demo-companies", type=int, default=50_000)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


def run(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from filiera.registry.models import District, Firm, Site

    started = time.perf_counter()
    call_command("demo", companies=args.companies, seed=1, password=PASSWORD, stdout=io.StringIO())
    built = time.perf_counter() - started
    print(
        f"Directory benchmark on {connection.vendor} {database_version(connection)}: "
        f"{Firm.objects.count()} firms, {Site.objects.count()} sites "
        f"(demo district built in {built:.1f} s)"
    )
    print(f"As the district manager; {args.runs} timed requests per page, median server time.")
    print()
    header = (
        f"{'filter':<38} {'firms':>6} {'pages':>5} {'page':>5} {'median ms':>10} {'queries':>8}"
    )
    print(header)
    print("-" * len(header))

    client = Client()
    client.force_login(get_user_model().objects.get(username="manager"))
    failures = []
    for query in SCENARIOS:
        first = client.get(f"/firms/?{query}")
        assert first.status_code == 200, (query, first.status_code)
        paginator = first.context["page"].paginator
        later = max(2, paginator.num_pages // 2) if paginator.num_pages > 1 else 1
        counts = []
        for number in dict.fromkeys((1, later)):
            url = f"/firms/?{query}&page={number}" if query else f"/firms/?page={number}"
            median_ms, queries = measure(client, url, args.runs, connection, CaptureQueriesContext)
            counts.append(queries)
            label = query or "(no filter)"
            print(
                f"{label if number == 1 else '':<38} "
                f"{paginator.count if number == 1 else '':>6} "
                f"{paginator.num_pages if number == 1 else '':>5} "
                f"{number:>5} {median_ms:>10.1f} {queries:>8}"
            )
        if len(set(counts)) > 1:
            failures.append(f"{query or '(no filter)'}: {counts[0]} vs {counts[-1]} queries")
    print()
    if failures:
        print("N+1: page 1 and a later page run different numbers of queries:")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("Page 1 and the later page run the same number of queries (no N+1).")

    if args.demo_seconds:
        Firm.objects.all().delete()
        District.objects.all().delete()
        demo_seconds(args.demo_companies)
    return 0


def measure(client, url: str, runs: int, connection, capture) -> tuple[float, int]:
    for _ in range(2):  # warm up caches (templates, reference data)
        client.get(url)
    times = []
    queries = set()
    for _ in range(runs):
        with capture(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(context.captured_queries))
    if len(queries) != 1:
        print(f"  warning: {url} ran {sorted(queries)} queries across runs")
    return statistics.median(times), max(queries)


def demo_seconds(companies: int) -> None:
    from django.core.management import call_command

    from filiera.registry import demo

    started = time.perf_counter()
    demo.generate(companies, seed=1)
    generate = time.perf_counter() - started
    started = time.perf_counter()
    call_command("demo", companies=companies, seed=1, password=PASSWORD, stdout=io.StringIO())
    total = time.perf_counter() - started
    print()
    print(
        f"filiera demo --companies {companies}: {total:.1f} s "
        f"({companies / total:,.0f} firms/s; of which {generate:.1f} s generating the records)"
    )


if __name__ == "__main__":
    sys.exit(main())
