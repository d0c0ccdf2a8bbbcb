"""Alerts to clients about their suppliers.

- ``grade_drop``: a supplier's new official grade is worse than its previous one (raised by the
  ``post_save`` signal on ``Score``, see ``filiera.chains.signals``);
- ``evidence_expiring``: a supplier's document ends within 30 days or ended lately, and no newer
  document of the same kind replaces it;
- ``not_assessed``: an active relation whose supplier has no scored assessment.

Only clients the supplier shares at least its grade with hear about grades and documents. A
``not_assessed`` alert about a supplier sharing nothing does not name it. Each alert exists once
(unique key per client and kind), so every run is idempotent; a client's people get one e-mail per
run listing its new alerts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from filiera.chains import notify
from filiera.chains.models import ChainAlert, Consent, Level, SupplyRelation
from filiera.qualification.models import Assessment, Evidence, Score
from filiera.registry.models import Firm

GRADES = "ABCDE"
EXPIRY_DAYS = 30  # documents ending within this many days raise an alert
EXPIRED_LOOKBACK_DAYS = 90  # documents that ended longer ago than this are old news
KEY_CHUNK = 500

Kind = ChainAlert.Kind


def dropped(old: str, new: str) -> bool:
    return old in GRADES and new in GRADES and bool(old) and bool(new) and new > old


def _shared_pairs(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (client, supplier) pairs whose consent shares at least the grade."""
    pairs = set(pairs)
    suppliers = {s for _c, s in pairs}
    shared = set()
    rows = Consent.objects.filter(supplier_id__in=suppliers, level__gte=Level.GRADE).values_list(
        "client_id", "supplier_id"
    )
    for client_id, supplier_id in rows.iterator(chunk_size=5000):
        if (client_id, supplier_id) in pairs:
            shared.add((client_id, supplier_id))
    return shared


def _names(firm_ids: Iterable[int]) -> dict[int, str]:
    return dict(Firm.objects.filter(pk__in=set(firm_ids)).values_list("pk", "legal_name"))


# Grade drops (from the signal) -----------------------------------------------------------------


def grade_drop(score: Score) -> list[ChainAlert]:
    """Alerts for a new official score whose grade is worse than the firm's previous one."""
    if score.kind != Score.Kind.OFFICIAL or not score.grade:
        return []
    firm_id = Assessment.objects.filter(pk=score.assessment_id).values_list("firm_id", flat=True)[0]
    previous = (
        Score.objects.filter(assessment__firm_id=firm_id, kind=Score.Kind.OFFICIAL, pk__lt=score.pk)
        .exclude(grade="")
        .order_by("-pk")
        .values_list("grade", flat=True)
        .first()
    )
    if previous is None or not dropped(previous, score.grade):
        return []
    on = score.evaluated_on or timezone.localdate()
    clients = (
        SupplyRelation.objects.active(on)
        .filter(supplier_id=firm_id)
        .values_list("client_id", flat=True)
    )
    pairs = _shared_pairs((c, firm_id) for c in set(clients))
    if not pairs:
        return []
    name = _names([firm_id]).get(firm_id, "")
    alerts = [
        ChainAlert(
            client_id=client_id,
            supplier_id=firm_id,
            kind=Kind.GRADE_DROP,
            key=f"grade:{score.pk}",
            detail={"supplier": name, "old": previous, "new": score.grade, "score": score.pk},
        )
        for client_id, _s in sorted(pairs)
    ]
    ChainAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    transaction.on_commit(lambda: _mail(alerts), robust=True)
    return alerts


# The periodic run ---------------------------------------------------------------------------


def refresh_alerts(on: date | None = None) -> dict[str, int]:
    """Raise the missing ``evidence_expiring`` and ``not_assessed`` alerts; mail new ones."""
    on = on or timezone.localdate()
    relations = list(
        SupplyRelation.objects.active(on).values_list("pk", "client_id", "supplier_id", "tier")
    )
    pairs = {(c, s) for _pk, c, s, _t in relations}
    shared = _shared_pairs(pairs)
    names = _names(s for _c, s in shared)
    candidates = _expiring(shared, names, on) + _unassessed(relations, shared, names)
    with transaction.atomic():
        new = _missing(candidates)
        ChainAlert.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    counts = {kind.value: 0 for kind in (Kind.EVIDENCE_EXPIRING, Kind.NOT_ASSESSED)}
    for alert in new:
        counts[alert.kind] += 1
    counts["emails"] = _mail(new)
    return counts


def _expiring(shared: set[tuple[int, int]], names: dict[int, str], on: date) -> list[ChainAlert]:
    suppliers = {s for _c, s in shared}
    if not suppliers:
        return []
    horizon = on + timedelta(days=EXPIRY_DAYS)
    documents = list(
        Evidence.objects.filter(
            firm_id__in=suppliers,
            valid_until__lte=horizon,
            valid_until__gte=on - timedelta(days=EXPIRED_LOOKBACK_DAYS),
        ).values_list("pk", "firm_id", "certificate", "title", "valid_until")
    )
    renewed = set(
        Evidence.objects.filter(firm_id__in={d[1] for d in documents})
        .exclude(certificate="other")
        .exclude(valid_until__lte=horizon)
        .values_list("firm_id", "certificate")
    )
    clients_of: dict[int, list[int]] = defaultdict(list)
    for client_id, supplier_id in shared:
        clients_of[supplier_id].append(client_id)
    catalogue = _catalogue()
    alerts = []
    for pk, firm_id, certificate, title, until in documents:
        if until is None or (firm_id, certificate) in renewed:
            continue
        detail = {
            "supplier": names.get(firm_id, ""),
            "evidence": pk,
            "certificate": certificate,
            "document": _document_name(certificate, title, catalogue),
            "valid_until": until.isoformat(),
            "expired": until < on,
        }
        for client_id in sorted(clients_of[firm_id]):
            alerts.append(
                ChainAlert(
                    client_id=client_id,
                    supplier_id=firm_id,
                    kind=Kind.EVIDENCE_EXPIRING,
                    key=f"evidence:{pk}:{until.isoformat()}",
                    detail=detail,
                )
            )
    return alerts


def _catalogue():
    from filiera.qualification.selectors import current_version

    version = current_version(None)
    return version.parsed() if version is not None else None


def _document_name(certificate: str, title: str, catalogue) -> str:
    if certificate == "other" or catalogue is None:
        return title or certificate
    found = catalogue.certificate(certificate)
    return found.name.get(settings.LANGUAGE_CODE) if found else title or certificate


def _unassessed(relations, shared, names) -> list[ChainAlert]:
    suppliers = {s for _pk, _c, s, _t in relations}
    if not suppliers:
        return []
    assessed = set(
        Assessment.objects.filter(firm_id__in=suppliers, score__isnull=False)
        .values_list("firm_id", flat=True)
        .distinct()
    )
    waiting = [r for r in relations if r[2] not in assessed]
    processes: dict[int, list[str]] = defaultdict(list)
    through = SupplyRelation.processes.through.objects.filter(
        supplyrelation_id__in=[r[0] for r in waiting]
    ).values_list("supplyrelation_id", "process_id")
    for relation_id, code in through:
        processes[relation_id].append(code)
    alerts = []
    for pk, client_id, supplier_id, tier in waiting:
        named = (client_id, supplier_id) in shared
        detail = {"tier": tier, "processes": sorted(processes[pk]), "relation": pk}
        if named:
            detail["supplier"] = names.get(supplier_id, "")
        alerts.append(
            ChainAlert(
                client_id=client_id,
                supplier_id=supplier_id if named else None,
                kind=Kind.NOT_ASSESSED,
                key=f"unassessed:{pk}",
                detail=detail,
            )
        )
    return alerts


def _missing(candidates: list[ChainAlert]) -> list[ChainAlert]:
    """The candidates not raised before (one per client, kind and key)."""
    existing: set[tuple[int, str, str]] = set()
    keys = sorted({a.key for a in candidates})
    for start in range(0, len(keys), KEY_CHUNK):
        existing.update(
            ChainAlert.objects.filter(key__in=keys[start : start + KEY_CHUNK]).values_list(
                "client_id", "kind", "key"
            )
        )
    fresh, seen = [], set()
    for alert in candidates:
        ident = (alert.client_id, alert.kind, alert.key)
        if ident not in existing and ident not in seen:
            seen.add(ident)
            fresh.append(alert)
    return fresh


def _mail(alerts: list[ChainAlert]) -> int:
    by_client: dict[int, list[ChainAlert]] = defaultdict(list)
    for alert in alerts:
        by_client[alert.client_id].append(alert)
    clients = Firm.objects.in_bulk(list(by_client))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for client_id, items in sorted(by_client.items()):
            sent += notify.alerts_raised(clients[client_id], items)
    return sent


def mark_read(actor, client: Firm, alert_ids: Iterable[int]) -> int:
    """Mark the client's alerts read; others' alerts and unknown ids are ignored."""
    ids = [int(pk) for pk in alert_ids]
    return ChainAlert.objects.filter(client=client, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
