"""Passport issuing benchmark: build, sign and store the passports of 10,000 products.

    python bench/bench_passports.py [--products 10000] [--runs 3] [--companies 40]

On a throwaway database, ``filiera demo`` loads a small district whose brand has products with
label composition, steps at supplier sites (suppliers with verified qualifications that consent
to be named) and footprints. The brand's products are copied until there are ``--products`` of
them, each with its composition, steps and footprint. Then:

1. the whole catalogue gets its model passports through ``issue_passports``, the service behind
   ``filiera issue-passports --brand VAT``: for every product the UNTP credential is built, the
   links to the sites' conformity credentials and facility records are checked (each site once
   per run) and reused, the credential is signed (Ed25519 VC-JWT) with a revocation index and
   stored. Each run issues one passport per product (the second run issues version 2,
   superseding the first, and so on). Seconds per run and passports per second, median of
   ``--runs``; target: 10,000 passports in at most 60 s;
2. ``--single`` products one at a time through ``issue_passport``, the service behind the
   "Issue a passport" button: median ms per passport.

One passport of the last run is then verified end to end (signature, issuer key, status, schema).

SQLite by default; PostgreSQL when DATABASE_URL is set (see bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from benchdb import database_version, throwaway_database

TARGET_SECONDS = 60.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--companies", type=int, default=40, help="firms of the demo district")
    parser.add_argument("--single", type=int, default=200, help="products issued one by one")
    return parser.parse_args()


def copy_products(brand, count: int) -> list:
    """``count`` products of ``brand``: its demo products and copies of them, with their
    composition, label components, steps and a computed footprint."""
    from biip.checksums import gs1_standard_check_digit

    from filiera.footprint.services import refresh_footprint
    from filiera.products.models import (
        Component,
        ComponentFibre,
        Product,
        ProductMaterial,
        ProductStep,
    )

    originals = list(
        Product.objects.filter(brand=brand).prefetch_related(
            "materials", "steps", "components__fibres"
        )
    )
    products = list(originals)
    number = 0
    while len(products) < count:
        source = originals[len(products) % len(originals)]
        number += 1
        # GS1's prefix for examples (950 6000), item numbers above the demo products'
        body = f"09506000{10_000 + number:05d}"
        copy = Product.objects.get(pk=source.pk)
        copy.pk = None
        copy.model_code = f"BENCH-{number:06d}"
        copy.gtin = body + str(gs1_standard_check_digit(body))
        copy.save()
        ProductMaterial.objects.bulk_create(
            ProductMaterial(product=copy, material=m.material, share=m.share, country=m.country)
            for m in source.materials.all()
        )
        ProductStep.objects.bulk_create(
            ProductStep(
                product=copy,
                stage=s.stage,
                site_id=s.site_id,
                country=s.country,
                process_id=s.process_id,
                started_on=s.started_on,
                finished_on=s.finished_on,
            )
            for s in source.steps.all()
        )
        for component in source.components.all():
            new = Component.objects.create(
                product=copy,
                name=component.name,
                name_en=component.name_en,
                position=component.position,
            )
            ComponentFibre.objects.bulk_create(
                ComponentFibre(component=new, fibre=f.fibre, percent=f.percent)
                for f in component.fibres.all()
            )
        refresh_footprint(copy)
        products.append(copy)
    return products[:count]


def main() -> int:
    args = parse_args()
    with throwaway_database():
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        from filiera.passports.models import Passport
        from filiera.passports.services.issue import issue_passport, issue_passports
        from filiera.passports.verification import verify_with_platform
        from filiera.registry.models import FirmMembership

        call_command("demo", companies=args.companies, password="bench-only", stdout=io.StringIO())
        user = get_user_model().objects.get(username="brand")
        brand = FirmMembership.objects.get(user=user).firm
        started = time.perf_counter()
        products = copy_products(brand, args.products)
        print(
            f"{len(products):,} products of {brand} ready in {time.perf_counter() - started:.0f} s"
        )

        seconds = []
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            issue_passports(products, user=user)
            seconds.append(time.perf_counter() - started)
            print(
                f"run {run}: {seconds[-1]:.1f} s ({len(products) / seconds[-1]:,.0f} passports/s)"
            )
        median = statistics.median(seconds)
        single = []
        for product in products[: args.single]:
            started = time.perf_counter()
            issue_passport(product, granularity="model", user=user)
            single.append((time.perf_counter() - started) * 1000)

        passport = Passport.objects.filter(version=args.runs).select_related("credential").last()
        # (the last catalogue run's passports; the one-by-one ones are a version further)
        assert passport is not None
        result = verify_with_platform(passport.credential.jwt)
        engine = f"{connection.vendor} {database_version(connection)}"

    print(f"\n{engine}: {args.products:,} passports issued and signed, median of {args.runs} runs")
    print(f"  {median:.1f} s, {args.products / median:,.0f} passports/s, ", end="")
    print(f"{median / args.products * 1000:.2f} ms each (target ≤ {TARGET_SECONDS:.0f} s)")
    print(f"  one at a time (the button): {statistics.median(single):.1f} ms median per passport")
    print(f"  one passport verified: {'ok' if result.ok else 'FAILED'}")
    for check in result.checks:
        print(f"    {check.name}: {check.message}")
    return 0 if median <= TARGET_SECONDS and result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
