"""Background tasks of the chains app. Tasks take plain values and are idempotent."""

from __future__ import annotations

from datetime import date

from django.tasks import task


@task
def refresh_chain_alerts(day: str) -> dict:
    from filiera.chains.services.alerts import refresh_alerts

    return refresh_alerts(date.fromisoformat(day))
