"""``filiera chain-alerts``: raise the missing supply-chain alerts (expiring documents of
suppliers, relations without an assessed supplier) and e-mail each client its new ones.

Cron or a scheduler calls it once a day; ``--enqueue`` hands it to the task queue instead.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from filiera.chains.services.alerts import refresh_alerts
from filiera.chains.tasks import refresh_chain_alerts


class Command(BaseCommand):
    help = "Raise supply-chain alerts (expiring documents, suppliers not assessed) and mail them."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task")

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date: write the day as YYYY-MM-DD") from None
        if options["enqueue"]:
            result = refresh_chain_alerts.enqueue(on.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(json.dumps(refresh_alerts(on)))
