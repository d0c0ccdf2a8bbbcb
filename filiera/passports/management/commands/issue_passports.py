"""``filiera issue-passports --brand VAT [--model-code CODE]…``: issue the next version of the
model passport of every product of a brand (or of the products named), in one go.

The same service as the "Issue a passport" button, for a whole catalogue: each site's conformity
credential and facility record is looked at once for the run. All or nothing: when one product
cannot have a passport (no composition, no mass…) the command names it and issues none.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from filiera.core.usererror import UserError
from filiera.passports.services.issue import issue_passports
from filiera.products.models import Product
from filiera.registry.models import Firm


class Command(BaseCommand):
    help = "Issue the model passports of a brand's products."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--brand", required=True, help="VAT number of the brand")
        parser.add_argument(
            "--model-code",
            action="append",
            default=[],
            help="only this product (repeat for more); default: every product of the brand",
        )

    def handle(self, *args, **options) -> None:
        vat = options["brand"].strip().upper()
        brand = Firm.objects.filter(vat__in=[vat, f"IT{vat}"]).first()
        if brand is None:
            raise CommandError(f"--brand: no firm has the VAT number {options['brand']}.")
        products = Product.objects.filter(brand=brand).order_by("pk")
        codes = options["model_code"]
        if codes:
            products = products.filter(model_code__in=codes)
            missing = sorted(set(codes) - set(products.values_list("model_code", flat=True)))
            if missing:
                raise CommandError(f"--model-code: {brand} has no product {', '.join(missing)}.")
        if not products.exists():
            raise CommandError(f"{brand} has no products.")
        started = time.perf_counter()
        try:
            issued = issue_passports(list(products), user=None)
        except UserError as err:
            raise CommandError(err.translated()) from err
        self.stdout.write(
            f"Issued {len(issued)} passports of {brand} in {time.perf_counter() - started:.1f} s."
        )
