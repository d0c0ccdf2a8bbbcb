"""``filiera match [--district SLUG] [--json] [--allocate]``: compute the suggestions and print them.

Refreshes every suggestion (or those of a district's firms' flows, with counterparts anywhere),
with ``--allocate`` then runs the district allocation, and prints the matches that are not
declined, best first: a text table, or with ``--json`` a JSON list (the exchange format) of
``{"offer", "need", "score", "distance_km", "components", "status", "allocated_t"}`` where
``offer`` and ``need`` are the flows' ``ref`` (``flow-<id>`` when a flow has none). The counts
go to standard error with ``--json``, so standard output is the JSON alone.

An operator's tool: it prints references, never firm names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from filiera.registry.models import District
from filiera.symbiosis.models import Match
from filiera.symbiosis.selectors import COMPONENT_LABELS, district_matches
from filiera.symbiosis.services.allocation import run_allocation
from filiera.symbiosis.services.refresh import refresh_all

CHUNK = 2000


def ref(flow_ref: str, flow_id: int) -> str:
    return flow_ref or f"flow-{flow_id}"


def rows(district: District | None) -> Iterator[dict[str, Any]]:
    matches = district_matches(district) if district is not None else Match.objects.all()
    values = (
        matches.exclude(status=Match.Status.DECLINED)
        .order_by("-score", "id")
        .values_list(
            "offer_id",
            "offer__ref",
            "need_id",
            "need__ref",
            "score",
            "distance_km",
            "components",
            "status",
            "allocated_amount",
        )
    )
    for (
        offer_id,
        offer_ref,
        need_id,
        need_ref,
        score,
        km,
        components,
        status,
        allocated,
    ) in values.iterator(chunk_size=CHUNK):
        parts = components or {}
        yield {
            "offer": ref(offer_ref, offer_id),
            "need": ref(need_ref, need_id),
            "score": score,
            "distance_km": km,
            "components": {name: parts[name] for name in COMPONENT_LABELS if name in parts},
            "status": status,
            "allocated_t": allocated,
        }


class Command(BaseCommand):
    help = "Compute the symbiosis suggestions (all, or a district's) and print them."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--district", metavar="SLUG", help="only this district's firms")
        parser.add_argument("--json", action="store_true", help="print a JSON list")
        parser.add_argument(
            "--allocate", action="store_true", help="also run the district allocation"
        )

    def handle(self, *args, **options) -> None:
        district = None
        if options["district"]:
            district = District.objects.filter(slug=options["district"]).first()
            if district is None:
                raise CommandError(f"No district “{options['district']}”.")
        stats = refresh_all(district)
        summary = (
            f"{stats['suggestions']} suggestions over {stats['flows']} active flows "
            f"({stats['created']} new, {stats['updated']} changed, {stats['deleted']} removed) "
            f"in {stats['seconds']:.1f} s."
        )
        if options["allocate"]:
            totals = run_allocation(district)
            summary += (
                f" Allocation: {totals['picked']} of {totals['pairs']} pairs, "
                f"{totals['diverted_t']:.1f} t/year diverted, "
                f"{totals['transport_t_co2e']:.2f} t CO2e of transport ({totals['status']})."
            )
        if options["json"]:
            self._json(rows(district))
            self.stderr.write(summary)
        else:
            self._table(rows(district))
            self.stdout.write(summary)

    def _json(self, items: Iterator[dict[str, Any]]) -> None:
        out = self.stdout
        out.write("[", ending="")
        for n, item in enumerate(items):
            out.write(("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False), ending="")
        out.write("\n]")

    def _table(self, items: Iterator[dict[str, Any]]) -> None:
        header = f"{'offer':<20} {'need':<20} {'score':>6} {'km':>7} {'status':<10} {'alloc. t':>9}  reasons"
        self.stdout.write(header)
        for item in items:
            top = sorted(item["components"].items(), key=lambda kv: -(kv[1] or 0))[:3]
            reasons = ", ".join(f"{name} {value:.2f}" for name, value in top)
            allocated = "" if item["allocated_t"] is None else f"{item['allocated_t']:.1f}"
            self.stdout.write(
                f"{item['offer'][:20]:<20} {item['need'][:20]:<20} {item['score']:>6.3f} "
                f"{item['distance_km']:>7.1f} {item['status']:<10} {allocated:>9}  {reasons}"
            )
