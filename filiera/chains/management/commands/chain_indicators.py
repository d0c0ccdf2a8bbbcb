"""``filiera chain-indicators [--brand FIRM_ID] [--json] [--date YYYY-MM-DD]``.

Indicators of every firm that has suppliers (or of one), each as that firm sees its chain: a
supplier counts only with what it shares with the firm. One summary line per firm, or with
``--json`` a list of ``{"brand": id, "indicators": {...}}``.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from filiera.chains import facts
from filiera.registry.models import Firm


class Command(BaseCommand):
    help = "Supply-chain indicators of every firm with suppliers, or of one (--brand)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--brand", type=int, metavar="FIRM_ID", help="only this firm")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--date", help="as on this day (YYYY-MM-DD), today by default")

    def handle(self, *args, **options) -> None:
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError(_("--date: write the day as YYYY-MM-DD")) from None
        brand = options["brand"]
        if brand is not None and not Firm.objects.filter(pk=brand).exists():
            raise CommandError(_("--brand: no firm with id %(id)s") % {"id": brand})
        results = facts.all_brand_indicators(
            on, brand_ids=None if brand is None else [brand], brands_only=False
        )
        if options["json"]:
            rows = [{"brand": b, "indicators": results[b].as_dict()} for b in sorted(results)]
            self.stdout.write(json.dumps(rows, indent=1))
            return
        for b in sorted(results):
            found = results[b]
            share = found.totals.share_qualified
            self.stdout.write(
                _(
                    "firm %(brand)s: %(suppliers)s suppliers, %(qualified)s qualified (%(share)s), "
                    "%(not_shared)s not shared, %(expiring)s expiring, traceability %(trace)s, "
                    "short-chain index %(index)s"
                )
                % {
                    "brand": b,
                    "suppliers": found.suppliers,
                    "qualified": found.totals.qualified,
                    "share": "-" if share is None else f"{share:.0%}",
                    "not_shared": found.totals.not_shared,
                    "expiring": len(found.expiring),
                    "trace": "-"
                    if found.traceability.share is None
                    else f"{found.traceability.share:.0%}",
                    "index": "-" if found.short_chain.index is None else found.short_chain.index,
                }
            )
