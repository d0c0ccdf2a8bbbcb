"""``filiera expire-evidence``: the daily evidence run (reminders, lapses, re-scoring).

Cron or a scheduler calls it once a day; ``--enqueue`` hands it to the task queue instead.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from filiera.qualification import expiry
from filiera.qualification.tasks import expire_evidence


class Command(BaseCommand):
    help = "Send evidence reminders (90/30/7 days), mark lapsed evidence and re-score assessments."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task")

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date: write the day as YYYY-MM-DD") from None
        if options["enqueue"]:
            result = expire_evidence.enqueue(on.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(json.dumps(expiry.run(on).as_dict()))
