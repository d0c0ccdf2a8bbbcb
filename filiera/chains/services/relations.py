"""Writes to supply relations, and the helpers the other chain services share: the error that
names its field, audit events for several firms at once, and the reach of a client's chain.

Who may call these is checked by the views (filiera.chains.access); services check the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from filiera.chains.facts import chain_graph
from filiera.chains.models import SupplyRelation, Tier
from filiera.core import audit
from filiera.core.models import AuditEvent
from filiera.core.usererror import N_, UserError
from filiera.registry.models import Process, Site

RELATION_FIELDS = ["tier", "site", "since", "until"]


class ChainError(UserError):
    """Bad input to a chain service; ``field`` names the form field it concerns (or ``None``)."""

    def __init__(self, field: str | None, template: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field


def record(
    actor, action: str, obj: models.Model, changes: dict | None, firm_ids: Iterable[int | None]
) -> None:
    """One audit event per firm concerned, so each firm's history shows it."""
    ids: list[int | None] = list(dict.fromkeys(pk for pk in firm_ids if pk is not None))
    AuditEvent.objects.bulk_create(
        [AuditEvent(**audit.event_fields(actor, action, obj, changes, pk)) for pk in ids or [None]]
    )


def check_tier(tier: Any) -> int:
    try:
        value = int(tier)
    except (TypeError, ValueError):
        value = 0
    if value not in Tier.values:
        raise ChainError("tier", N_("Tier: choose a tier from 1 to 4."))
    return value


def check_processes(processes: Iterable[Any]) -> list[Process]:
    """Process rows from codes or ``Process`` objects; unknown codes and groups are refused."""
    codes = [p.pk if isinstance(p, Process) else str(p).strip() for p in processes]
    codes = list(dict.fromkeys(c for c in codes if c))
    found = {p.pk: p for p in Process.objects.filter(pk__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ChainError(
            "processes", N_("Processes: unknown process %(codes)s."), codes=", ".join(unknown)
        )
    groups = [c for c in codes if found[c].is_group]
    if groups:
        raise ChainError(
            "processes",
            N_("Processes: %(codes)s is a group of processes, choose the processes themselves."),
            codes=", ".join(groups),
        )
    return [found[c] for c in codes]


def check_site(site: Site | None, supplier_id: int | None) -> Site | None:
    if site is not None and site.firm_id != supplier_id:
        raise ChainError("site", N_("Site: choose one of the supplier's own sites."))
    return site


def in_chain(client_id: int, supplier_id: int, on: date | None = None) -> bool:
    """Whether ``supplier_id`` is reachable from ``client_id`` through active relations
    (suppliers of suppliers included): the same walk as the client's chain pages."""
    return any(
        link.supplier == supplier_id for link in chain_graph(client_id, on).reachable(client_id)
    )


def _snapshot(relation: SupplyRelation) -> dict:
    return audit.snapshot(relation, RELATION_FIELDS) | {
        "processes": sorted(relation.processes.values_list("code", flat=True))
    }


@transaction.atomic
def update_relation(
    actor,
    relation: SupplyRelation,
    *,
    tier,
    processes: Iterable[Any],
    site: Site | None,
    since: date | None,
    until: date | None,
) -> SupplyRelation:
    """Change what the client records about a supplier: tier, processes, site, dates."""
    tier = check_tier(tier)
    rows = check_processes(processes)
    check_site(site, relation.supplier_id)
    if since is not None and until is not None and until < since:
        raise ChainError("until", N_("Until: the end cannot come before the start."))
    before = _snapshot(SupplyRelation.objects.get(pk=relation.pk))
    relation.tier, relation.site, relation.since, relation.until = tier, site, since, until
    relation.save()
    relation.processes.set(rows)
    changes = audit.diff(before, _snapshot(relation))
    if changes:
        record(
            actor,
            "change_relation",
            relation,
            changes,
            [relation.client_id, relation.supplier_id],
        )
    return relation


@transaction.atomic
def end_relation(actor, relation: SupplyRelation, until: date | None = None) -> SupplyRelation:
    """The supplier no longer works for the client after ``until`` (today by default)."""
    until = until or timezone.localdate()
    if relation.since is not None and until < relation.since:
        raise ChainError("until", N_("Until: the end cannot come before the start."))
    before = _snapshot(SupplyRelation.objects.get(pk=relation.pk))
    relation.until = until
    relation.save(update_fields=["until", "updated_at"])
    changes = audit.diff(before, _snapshot(relation))
    record(actor, "end_relation", relation, changes, [relation.client_id, relation.supplier_id])
    return relation
