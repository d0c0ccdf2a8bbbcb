"""Benchmark of the firms-and-sites import: 10,000 firms with 15,000 sites from one CSV.

    .venv/bin/python bench/bench_import.py [--runs 3] [--firms 10000] [--sites 15000]

Generates the CSV (valid P.IVAs, Carpi-area municipalities), creates a fresh database (Django's
test database for whatever ``DATABASE_URL`` says; with SQLite, a temporary file), and imports the
file ``--runs`` times into an empty registry, then once more over the imported data (every row
unchanged) and once with a file that changes every firm and site. Prints each run and the median
seconds and rows per second of the first imports. Exits 1 when an import does not create or update
what it should, or when the median misses the target (20 s for the default size, on SQLite and
PostgreSQL).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filiera.settings")

from filiera.registry.importing.columns import COLUMNS  # after sys.path, on purpose

# Carpi and its neighbours, written as ISTAT codes or as "Name (PR)" (both are accepted).
MUNICIPALITIES = [
    "036005",
    "Carpi (MO)",
    "036028",
    "Novi di Modena (MO)",
    "036044",
    "Soliera (MO)",
    "036009",
    "Cavezzo (MO)",
    "035020",
    "Correggio (RE)",
    "036003",
    "Campogalliano (MO)",
    "036038",
    "San Possidonio (MO)",
    "036010",
    "Concordia sulla Secchia (MO)",
    "036023",
]
ATECO = ["14.10.20", "14.21.10", "13.91.00", "13.20.00", "13.30.00", "46.41.10", "14.10"]
PROCESSES = [
    "MU.CUTTING",
    "MU.SEWING",
    "MU.KNIT_TO_SHAPE",
    "MU.EMBROIDERY",
    "MU.PRESSING",
    "MU.PACKAGING",
    "FF.KNIT_WEFT",
    "WP.FABRIC_DYEING",
    "WP.PRINTING",
    "MU.GARMENT_WASH",
    "MU.QC",
]
ROLES = ["subcontractor", "subcontractor", "subcontractor", "manufacturer", "brand", "service"]
WORDS = [
    "Maglificio",
    "Confezioni",
    "Ricamificio",
    "Tintoria",
    "Stireria",
    "Stamperia",
    "Laboratorio",
]
# The exchange-format columns this generator fills (all but osh_id).
HEADER = [column for column in COLUMNS if column != "osh_id"]


def write_csv(path: Path, firms: int, sites: int, bump: int = 0, seed: int = 7) -> int:
    """One row per site; the first ``sites - firms`` firms have two sites. Returns the row count.

    ``bump`` adds to every firm's employees and every site's workers (a file that changes all).
    """
    from filiera.registry.identifiers import italian_vat

    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(firms):
            vat = italian_vat(100_000 + i)
            name = f"{rng.choice(WORDS)} {i:05d} S.r.l."
            firm = [
                vat,
                name,
                "|".join(rng.sample(ATECO, rng.randint(1, 2))),
                rng.choice(ROLES),
                rng.randint(1, 60) + bump,
                rng.choice(["", rng.randint(100_000, 9_000_000)]),
            ]
            for n in range(2 if i < sites - firms else 1):
                pinned = rng.random() < 0.3
                lat, lon = (
                    (f"{44.78 + rng.random() / 20:.5f}", f"{10.88 + rng.random() / 20:.5f}")
                    if pinned
                    else ("", "")
                )
                site = [
                    "Sede" if n == 0 else "Magazzino",
                    f"Via Roma {rng.randint(1, 200)}",
                    rng.choice(MUNICIPALITIES),
                    lat,
                    lon,
                    "|".join(rng.sample(PROCESSES, rng.randint(1, 3))),
                    rng.randint(1, 40) + bump,
                ]
                contact = [f"info{i}@example.it", f"www.firm{i}.example.it"] if n == 0 else ["", ""]
                writer.writerow(firm + site + contact)
                firm = [vat, name, "", "", "", ""]  # firm columns may stay empty on later rows
                rows += 1
    return rows


def fresh_database(tmp: Path) -> None:
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":  # a file, as in production, not Django's in-memory default
        connection.settings_dict["TEST"]["NAME"] = str(tmp / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def empty_registry() -> None:
    """Delete what an import wrote, table by table (reference data stays)."""
    from django.db import connection

    from filiera.core.models import AuditEvent
    from filiera.registry.models import DuplicateCandidate, FacilityId, Firm, FirmActivity, Site

    tables = [
        AuditEvent,
        DuplicateCandidate,
        Site.processes.through,
        FacilityId,
        Site,
        FirmActivity,
        Firm.districts.through,
        Firm,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def timed_import(path: Path, district) -> tuple[float, object]:
    from filiera.registry.importing.service import import_file

    start = time.perf_counter()
    with path.open("rb") as stream:
        report = import_file(stream, path.name, district=district, size=path.stat().st_size)
    elapsed = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"the generated file has errors: {report.errors[:5]}")
    return elapsed, report


TARGET_SECONDS = 20.0  # for the default 10,000 firms and 15,000 sites


def fresh_imports(path: Path, district, runs: int, args) -> tuple[list[float], list[str]]:
    """Import the file ``runs`` times, each into an empty registry."""
    seconds, problems = [], []
    for run in range(1, runs + 1):
        empty_registry()
        elapsed, report = timed_import(path, district)
        seconds.append(elapsed)
        print(
            f"  run {run}: {elapsed:6.2f} s  created {report.firms_created:,} firms, "
            f"{report.sites_created:,} sites"
        )
        if (report.firms_created, report.sites_created) != (args.firms, args.sites):
            problems.append(
                f"run {run} created {report.firms_created} firms, {report.sites_created} sites"
            )
    return seconds, problems


def reimports(path: Path, tmp: Path, district, args) -> list[str]:
    """The same file again (nothing changes), then a file that changes every firm and site."""
    problems = []
    elapsed, report = timed_import(path, district)
    print(
        f"  re-import of the same file: {elapsed:6.2f} s  ({report.firms_unchanged:,} firms and "
        f"{report.sites_unchanged:,} sites unchanged)"
    )
    if report.firms_created or report.sites_created or report.firms_updated or report.sites_updated:
        problems.append("re-importing the same file created or changed records")
    changed = tmp / "firms-changed.csv"
    write_csv(changed, args.firms, args.sites, bump=1)
    elapsed, report = timed_import(changed, district)
    print(
        f"  re-import changing every row: {elapsed:6.2f} s  ({report.firms_updated:,} firms and "
        f"{report.sites_updated:,} sites updated)"
    )
    if (report.firms_updated, report.sites_updated, report.sites_created) != (
        args.firms,
        args.sites,
        0,
    ):
        problems.append("the changed file did not update every firm and site")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--firms", type=int, default=10_000)
    parser.add_argument("--sites", type=int, default=15_000)
    args = parser.parse_args()
    if args.sites < args.firms or args.sites > 2 * args.firms:
        parser.error("--sites must be between --firms and twice --firms")

    with tempfile.TemporaryDirectory(prefix="filiera-bench-") as tmp:
        fresh_database(Path(tmp))
        from django.db import connection

        from filiera.registry.models import District

        path = Path(tmp) / "firms.csv"
        rows = write_csv(path, args.firms, args.sites)
        district = District.objects.create(name="Distretto di Carpi", slug="carpi")
        print(
            f"database: {connection.vendor}; file: {rows:,} rows, {args.firms:,} firms, "
            f"{args.sites:,} sites, {path.stat().st_size / 1e6:.1f} MB"
        )
        seconds, problems = fresh_imports(path, district, args.runs, args)
        problems += reimports(path, Path(tmp), district, args)
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)

    median = statistics.median(seconds)
    print(f"median import into an empty registry: {median:.2f} s, {rows / median:,.0f} rows/s")
    if (args.firms, args.sites) == (10_000, 15_000):
        verdict = "met" if median <= TARGET_SECONDS else "MISSED"
        print(f"target {TARGET_SECONDS:.0f} s: {verdict}")
        if median > TARGET_SECONDS:
            problems.append(f"median {median:.2f} s is over the {TARGET_SECONDS:.0f} s target")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
