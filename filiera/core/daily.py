"""Daily commands that cron or a scheduler calls: ``--date`` runs them as if on another day,
``--enqueue`` hands the run to the task queue instead of doing it in the command."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DailyCommand(BaseCommand):
    # The task that does the same run in the background; it takes the day as ISO text.
    task: Any = None

    def run(self, on: date) -> dict:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true", help="run it as a background task")

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError:
            raise CommandError("--date: write the day as YYYY-MM-DD") from None
        if options["enqueue"]:
            result = self.task.enqueue(on.isoformat())
            self.stdout.write(f"enqueued {result.id}")
            return
        self.stdout.write(json.dumps(self.run(on)))
