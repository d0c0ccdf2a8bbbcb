"""Qualification benchmarks: re-scoring a whole district, and the assessment pages.

    python bench/bench_qualification.py [--companies 10000] [--runs 3] [--page-runs 20]

Builds a throwaway database with a demo district of N firms (``filiera demo --no-assessments``)
and gives every firm one verified assessment of the shipped methodology (about 120 answers
each, with evidence). Then:

1. re-scores every assessment under a new weighting of the areas (``rescore_many``: reads the
   frozen answers in batches, runs the scoring engine, writes one snapshot each) — median of
   ``--runs`` runs, the snapshots of a run deleted before the next; target 10 s for 10,000;
2. asks the assessment pages of one firm as its owner through Django's test client — the
   overview, each area page and the verifier's review page showing every question — and prints
   the median server time and the number of queries; target 150 ms for the page with all the
   questions.

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

RESCORE_TARGET_S = 10.0
PAGE_TARGET_MS = 150.0
PASSWORD = "bench-password-not-secret"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="timed re-scoring runs")
    parser.add_argument("--page-runs", type=int, default=20, help="timed requests per page")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with throwaway_database():
        return run(args)


def run(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection

    from filiera.qualification import demo_writer
    from filiera.qualification.models import Answer, Assessment
    from filiera.registry.models import District

    started = time.perf_counter()
    call_command(
        "demo",
        companies=args.companies,
        seed=1,
        password=PASSWORD,
        no_assessments=True,
        stdout=io.StringIO(),
    )
    district = District.objects.get()
    counts = demo_writer.qualify(district, seed=1, files=False, state="verified")
    built = time.perf_counter() - started
    assessments = Assessment.objects.count()
    answers = Answer.objects.count()
    print(
        f"Qualification benchmark on {connection.vendor} {database_version(connection)}: "
        f"{assessments:,} verified assessments, {answers:,} answers "
        f"({answers / assessments:.0f} per assessment), {counts['evidence']:,} documents "
        f"(built in {built:.1f} s)"
    )
    problems = rescore(args)
    problems += pages(args)
    print()
    for problem in problems:
        print(f"MISSED: {problem}")
    return 1 if problems else 0


def rescore(args: argparse.Namespace) -> list[str]:
    from filiera.qualification.models import Assessment, Score, Weighting
    from filiera.qualification.selectors import current_version
    from filiera.qualification.services.scores import rescore_many

    version = current_version(None)
    weights = {"environment": 3, "chemicals": 2, "social": 2, "ethics": 1, "circularity": 1}
    weighting = Weighting.objects.create(
        name="Brand weights", methodology=version.methodology, area_weights=weights
    )
    times = []
    for _ in range(args.runs):
        Score.objects.filter(kind=Score.Kind.RESCORE).delete()
        queryset = Assessment.objects.only("id", "context")
        started = time.perf_counter()
        written = rescore_many(queryset, version, weighting=weighting)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print()
    print(
        f"Re-score {written:,} assessments under a new weighting: median {median:.2f} s "
        f"of {args.runs} runs ({', '.join(f'{t:.2f}' for t in times)} s); "
        f"{written / median:,.0f} assessments/s"
    )
    if written >= 10_000 and median > RESCORE_TARGET_S:
        return [f"re-scoring took {median:.2f} s, target {RESCORE_TARGET_S:.0f} s"]
    return []


def pages(args: argparse.Namespace) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from filiera.qualification.models import Answer, Assessment
    from filiera.registry.models import FirmMembership

    assessment = (
        Assessment.objects.filter(pk__in=Answer.objects.values("assessment_id"))
        .order_by("id")
        .first()
    )
    user = get_user_model().objects.get(username="subcontractor")
    FirmMembership.objects.get_or_create(
        user=user, firm=assessment.firm, defaults={"role": "owner"}
    )
    verifier = get_user_model().objects.get(username="verifier")
    owner, reviewer = Client(), Client()
    owner.force_login(user)
    reviewer.force_login(verifier)
    Assessment.objects.filter(pk=assessment.pk).update(status="draft")
    questions = assessment.answers.count()
    targets = [("overview", owner, reverse("assessment_detail", args=[assessment.pk]), 0)]
    for area in assessment.version.parsed().areas:
        url = reverse("assessment_area", args=[assessment.pk, area.code])
        targets.append((f"area {area.code}", owner, url, 0))
    Assessment.objects.filter(pk=assessment.pk).update(status="in_review")
    targets.append(
        ("review (every question)", reviewer, reverse("assessment_review", args=[assessment.pk]), 1)
    )
    print()
    print(f"Assessment pages, {questions} answered questions; {args.page_runs} requests each:")
    header = f"{'page':<28} {'median ms':>10} {'queries':>8}"
    print(header)
    print("-" * len(header))
    problems = []
    for label, client, url, all_questions in targets:
        if label.startswith("review"):
            Assessment.objects.filter(pk=assessment.pk).update(status="in_review")
        else:
            Assessment.objects.filter(pk=assessment.pk).update(status="draft")
        median_ms, queries = measure(client, url, args.page_runs, connection, CaptureQueriesContext)
        print(f"{label:<28} {median_ms:>10.1f} {queries:>8}")
        if all_questions and median_ms > PAGE_TARGET_MS:
            problems.append(f"{label}: {median_ms:.1f} ms, target {PAGE_TARGET_MS:.0f} ms")
    return problems


def measure(client, url: str, runs: int, connection, capture) -> tuple[float, int]:
    for _ in range(2):  # warm up caches (templates, parsed methodology)
        client.get(url)
    times, queries = [], 0
    for _ in range(runs):
        with capture(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = max(queries, len(context.captured_queries))
    return statistics.median(times), queries


if __name__ == "__main__":
    sys.exit(main())
