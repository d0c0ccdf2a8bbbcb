"""The access log: every time a client's person reads a supplier's shared data.

One row per supplier, client, person, scope, day and channel keeps the first and the last look of
the day; a page showing many suppliers writes all its rows with one upsert statement.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from filiera.chains.models import AccessLog

UNIQUE_FIELDS = ["supplier", "client", "user", "scope", "day", "via"]


def record_access(
    user, client_id: int, supplier_ids: Iterable[int], scopes: Iterable[str], via: str = "page"
) -> None:
    """Log that ``user`` (acting for ``client_id``) read ``scopes`` of each supplier.

    Anonymous visitors are not logged (they never see shared data). A second look on the same day
    only moves ``last_at``.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return
    suppliers = sorted({int(pk) for pk in supplier_ids if pk is not None and pk != client_id})
    scope_list = sorted({str(s) for s in scopes})
    if not suppliers or not scope_list:
        return
    now = timezone.now()
    day = timezone.localdate(now)
    rows = [
        AccessLog(
            supplier_id=supplier_id,
            client_id=client_id,
            user_id=user.pk,
            scope=scope,
            day=day,
            first_at=now,
            last_at=now,
            via=via,
        )
        for supplier_id in suppliers
        for scope in scope_list
    ]
    AccessLog.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=UNIQUE_FIELDS,
        update_fields=["last_at"],
    )
