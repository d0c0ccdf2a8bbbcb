"""``filiera expire-evidence``: the daily evidence run (reminders, lapses, re-scoring).

Cron or a scheduler calls it once a day; ``--enqueue`` hands it to the task queue instead.
"""

from datetime import date

from filiera.core.daily import DailyCommand
from filiera.qualification import expiry
from filiera.qualification.tasks import expire_evidence


class Command(DailyCommand):
    help = "Send evidence reminders (90/30/7 days), mark lapsed evidence and re-score assessments."
    task = expire_evidence

    def run(self, on: date) -> dict:
        return expiry.run(on).as_dict()
