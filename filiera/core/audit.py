"""Recording audit events. Services call these inside their transactions.

``changes`` is always ``{field: [old, new]}``: build it with ``diff`` or ``facts``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from filiera.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj`` as JSON-friendly data, to diff later."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def facts(**values: Any) -> dict[str, list[Any]]:
    """Values that were set (no old value), in the same shape as ``diff``."""
    return {key: [None, _plain(value)] for key, value in values.items()}


def record(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    changes: dict[str, Any] | None = None,
    firm_id: int | None = None,
    district_id: int | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        **event_fields(actor, action, obj, changes, firm_id, district_id)
    )


def event_fields(
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    firm_id: int | None = None,
    district_id: int | None = None,
) -> dict[str, Any]:
    """Field values for an ``AuditEvent``; bulk writers build many and insert them at once."""
    return {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:200],
        "firm_id": firm_id,
        "district_id": district_id,
        "changes": changes or {},
    }
