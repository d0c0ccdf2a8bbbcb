"""Background tasks of the qualification app (Django's task framework). Tasks take plain
values and are idempotent, so any task backend can run them."""

from __future__ import annotations

from datetime import date

from django.tasks import task


@task
def expire_evidence(day: str) -> dict:
    from filiera.qualification import expiry

    return expiry.run(date.fromisoformat(day)).as_dict()
