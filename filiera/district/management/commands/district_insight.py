"""``filiera district_insight [--district SLUG] [--enqueue]``: refresh the district dashboard.

Cron calls it nightly: each district's facts for the current month and its snapshot of chain
and circularity figures are computed again (see ``filiera.district.services.insight``), and its
public directory is rebuilt (``filiera.district.services.showcase``): certificates lapse
without any write that would have refreshed it. With
``--enqueue`` each district's refresh goes to the task queue instead.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from filiera.district.tasks import refresh_district_insight
from filiera.registry.models import District


class Command(BaseCommand):
    help = "Refresh the district dashboard's figures (one district, or all of them)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--district", help="short name (slug) of one district; all if absent")
        parser.add_argument("--enqueue", action="store_true", help="run it as background tasks")

    def handle(self, *args, **options) -> None:
        districts = District.objects.order_by("slug")
        if options["district"]:
            districts = districts.filter(slug=options["district"])
            if not districts.exists():
                raise CommandError(f"No district “{options['district']}”.")
        for district in districts:
            if options["enqueue"]:
                result = refresh_district_insight.enqueue(district.pk)
                self.stdout.write(f"{district.slug}: enqueued {result.id}")
                continue
            started = time.perf_counter()
            counts = refresh_district_insight.call(district.pk)
            counts["seconds"] = round(time.perf_counter() - started, 2)
            self.stdout.write(f"{district.slug}: {json.dumps(counts)}")
