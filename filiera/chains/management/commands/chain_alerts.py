"""``filiera chain-alerts``: raise the missing supply-chain alerts (expiring documents of
suppliers, relations without an assessed supplier) and e-mail each client its new ones.

Cron or a scheduler calls it once a day; ``--enqueue`` hands it to the task queue instead.
"""

from datetime import date

from filiera.chains.services.alerts import refresh_alerts
from filiera.chains.tasks import refresh_chain_alerts
from filiera.core.daily import DailyCommand


class Command(DailyCommand):
    help = "Raise supply-chain alerts (expiring documents, suppliers not assessed) and mail them."
    task = refresh_chain_alerts

    def run(self, on: date) -> dict:
        return refresh_alerts(on)
