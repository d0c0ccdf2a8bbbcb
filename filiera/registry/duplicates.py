"""Duplicate warnings: find firms and sites that look alike, and remember people's decisions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from filiera.core import audit
from filiera.registry import similarity
from filiera.registry.models import DuplicateCandidate, FacilityId, Firm, Site

Status = DuplicateCandidate.Status
Kind = DuplicateCandidate.Kind


def _remember(kind: str, a, b, score: float, reason: str, district_id) -> DuplicateCandidate | None:
    left, right = sorted([a, b], key=lambda o: o.pk)
    candidate, created = DuplicateCandidate.objects.get_or_create(
        kind=kind,
        left_id=left.pk,
        right_id=right.pk,
        defaults={
            "left_label": str(left)[:200],
            "right_label": str(right)[:200],
            "score": score,
            "reason": reason,
            "district_id": district_id,
        },
    )
    # A decision once taken is kept: a dismissed pair is not raised again.
    return candidate if created or candidate.status == Status.OPEN else None


def _firm_candidate(firm: Firm) -> similarity.Candidate:
    points = tuple((s.lat, s.lon) for s in firm.sites.all())
    return similarity.Candidate(firm.pk, firm.legal_name, points)


def check_firm(actor, firm: Firm) -> list[DuplicateCandidate]:
    """Record and return open duplicate candidates for ``firm`` among firms of its districts."""
    district_ids = list(firm.districts.values_list("id", flat=True))
    district_id = district_ids[0] if district_ids else None
    found = []
    others = Firm.objects.filter(districts__in=district_ids).exclude(pk=firm.pk).distinct()
    others = others.prefetch_related("sites")
    target = _firm_candidate(firm)
    by_id = {o.pk: o for o in others}
    for match in similarity.similar(target, [_firm_candidate(o) for o in by_id.values()]):
        found.append(
            _remember(Kind.FIRM, firm, by_id[match.id], match.score, match.reason, district_id)
        )
    return [c for c in found if c is not None]


def check_site(actor, site: Site) -> list[DuplicateCandidate]:
    """Sites of any firm with a similar name within a short distance of ``site``."""
    box = 0.05  # about 5 km: a cheap pre-filter before the exact distance
    nearby = (
        Site.objects.filter(
            lat__range=(site.lat - box, site.lat + box), lon__range=(site.lon - box, site.lon + box)
        )
        .exclude(pk=site.pk)
        .select_related("firm")
    )
    target = similarity.Candidate(
        site.pk, f"{site.firm.legal_name} {site.name}", ((site.lat, site.lon),)
    )
    by_id = {s.pk: s for s in nearby}
    candidates = [
        similarity.Candidate(s.pk, f"{s.firm.legal_name} {s.name}", ((s.lat, s.lon),))
        for s in by_id.values()
    ]
    district_id = site.firm.districts.values_list("id", flat=True).first()
    found = []
    for match in similarity.similar(target, candidates):
        found.append(
            _remember(Kind.SITE, site, by_id[match.id], match.score, match.reason, district_id)
        )
    return [c for c in found if c is not None]


def open_for_firm(firm: Firm) -> list[DuplicateCandidate]:
    site_ids = list(firm.sites.values_list("id", flat=True))
    return list(
        DuplicateCandidate.objects.filter(status__in=[Status.OPEN, Status.CONFIRMED]).filter(
            Q(kind=Kind.FIRM, left_id=firm.pk)
            | Q(kind=Kind.FIRM, right_id=firm.pk)
            | Q(kind=Kind.SITE, left_id__in=site_ids)
            | Q(kind=Kind.SITE, right_id__in=site_ids)
        )
    )


@transaction.atomic
def decide(actor, candidate: DuplicateCandidate, status: str) -> None:
    """Confirm or dismiss a candidate; the decision is remembered."""
    candidate.status = status
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor,
        status,
        candidate,
        changes=audit.facts(pair=str(candidate)),
        district_id=candidate.district_id,
    )


@transaction.atomic
def merge(actor, candidate: DuplicateCandidate, keep_id: int) -> None:
    """Merge the pair into the object ``keep_id``; the other one's data moves over."""
    drop_id = candidate.right_id if keep_id == candidate.left_id else candidate.left_id
    if candidate.kind == Kind.FIRM:
        merge_firms(actor, Firm.objects.get(pk=keep_id), Firm.objects.get(pk=drop_id))
    else:
        merge_sites(actor, Site.objects.get(pk=keep_id), Site.objects.get(pk=drop_id))
    candidate.status = Status.MERGED
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])


def merge_firms(actor, keep: Firm, drop: Firm) -> None:
    """Sites, districts, activities and members of ``drop`` move to ``keep``; ``drop`` goes."""
    drop.sites.update(firm=keep)
    keep.districts.add(*drop.districts.all())
    existing_codes = set(keep.activities.values_list("code", flat=True))
    drop.activities.exclude(code__in=existing_codes).update(firm=keep, is_primary=False)
    existing_users = set(keep.memberships.values_list("user_id", flat=True))
    drop.memberships.exclude(user_id__in=existing_users).update(firm=keep)
    for field in [
        "rea",
        "lei",
        "legal_form",
        "website",
        "email",
        "description_it",
        "description_en",
    ]:
        if not getattr(keep, field) and getattr(drop, field):
            setattr(keep, field, getattr(drop, field))
    keep.save()
    audit.record(
        actor,
        "merge",
        keep,
        changes=audit.facts(merged=f"{drop.legal_name} ({drop.vat})"),
        firm_id=keep.pk,
    )
    audit.record(
        actor, "merged_into", drop, changes=audit.facts(into=keep.legal_name), firm_id=drop.pk
    )
    drop.delete()


def merge_sites(actor, keep: Site, drop: Site) -> None:
    """Processes move to ``keep``; ``drop``'s facility IDs redirect to ``keep`` for ever."""
    keep.processes.add(*drop.processes.all())
    FacilityId.objects.filter(site=drop).update(site=keep)
    for field in ["address", "osh_id", "gln", "workers"]:
        if not getattr(keep, field) and getattr(drop, field):
            setattr(keep, field, getattr(drop, field))
    keep.save()
    audit.record(
        actor, "merge", keep, changes=audit.facts(merged=drop.facility_id), firm_id=keep.firm_id
    )
    drop.delete()
