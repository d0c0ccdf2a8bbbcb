"""Background tasks of industrial symbiosis. Tasks take plain values and are idempotent.

``refresh_later(firm_id)`` is what services call when a firm's flows change: the refresh of
the firm's suggestions is enqueued once the transaction commits, once per firm however many
flows changed in it (a file import changes many).
"""

from __future__ import annotations

from django.tasks import task

from filiera.core.oncommit import OncePerCommit


@task
def refresh_firm_suggestions(firm_id: int) -> int:
    """Recompute the suggestions of one firm's flows; returns how many it has."""
    from filiera.symbiosis.services.refresh import refresh_firm

    return refresh_firm(firm_id)


@task
def refresh_district(slug: str) -> dict:
    """Recompute the suggestions of a district's firms, then the district allocation."""
    from filiera.registry.models import District
    from filiera.symbiosis.services.allocation import run_allocation
    from filiera.symbiosis.services.refresh import refresh_all

    district = District.objects.filter(slug=slug).first()
    if district is None:
        return {}
    stats = refresh_all(district)
    stats["allocation"] = run_allocation(district)
    return stats


def _enqueue(firm_ids: set) -> None:
    for firm_id in sorted(firm_ids):
        refresh_firm_suggestions.enqueue(firm_id)


refreshes = OncePerCommit(_enqueue)


def refresh_later(firm_id: int) -> None:
    """Enqueue the firm's refresh after the commit (at once outside a transaction)."""
    refreshes.add(firm_id)
