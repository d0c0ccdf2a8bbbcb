"""Computing suggestions: for one firm after its flows change, or for everyone (or a district).

``refresh_firm`` fetches the possible counterparts of the firm's active flows with a few
indexed queries (``nearby``: the other direction, near by, kinds, units, windows and codes
that can match, nearest first up to a bound, plus those of the same EWC sub-chapter); the
engine scores them (``matching.score_many``) and each flow keeps its best
``SYMBIOSIS_SUGGESTIONS_PER_FLOW``. ``refresh_all`` builds the engine's
indexes over every active flow and asks for all suggestions (or those of a district's flows).

Either way only matches still at "suggested" are replaced: a pair in a later status is never
touched and never suggested again, nor is a declined pair. Existing suggestions are updated in
place (their ids stay), so links in e-mails and pages keep working.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from filiera.registry.models import District
from filiera.symbiosis.engine import matching
from filiera.symbiosis.models import Flow, Match
from filiera.symbiosis.selectors import current_weights, of_firms
from filiera.symbiosis.services import nearby
from filiera.symbiosis.services.nearby import flow_rows, to_data  # noqa: F401 (re-exported)
from filiera.symbiosis.services.store import write

Status = Match.Status
Pair = tuple[int, int]


def per_flow() -> int:
    return int(getattr(settings, "SYMBIOSIS_SUGGESTIONS_PER_FLOW", 10))


# One firm ------------------------------------------------------------------------------------


def _pairs_of(queryset: QuerySet[Match]) -> tuple[set[Pair], dict[Pair, tuple]]:
    """(pairs in a later status or declined, {pair: (id, score, distance, components)} of
    suggested ones)."""
    blocked: set[Pair] = set()
    suggested: dict[Pair, tuple] = {}
    rows = queryset.values_list("id", "offer_id", "need_id", "status", "score", "distance_km",
                                "components")  # fmt: skip
    for pk, offer_id, need_id, status, score, distance, components in rows:
        if status == Status.SUGGESTED:
            suggested[(offer_id, need_id)] = (pk, score, distance, components)
        else:
            blocked.add((offer_id, need_id))
    return blocked, suggested


def refresh_firm(firm_id: int) -> int:
    """Replace the suggested matches of one firm's flows; returns how many it has now."""
    weights = current_weights()
    limit = per_flow()
    mine = flow_rows(Flow.objects.filter(firm_id=firm_id, active=True))
    ids = list(Flow.objects.filter(firm_id=firm_id).values_list("id", flat=True))
    scope = Match.objects.filter(Q(offer_id__in=ids) | Q(need_id__in=ids))
    blocked, _stored = _pairs_of(scope)
    found: dict[Pair, matching.Candidate] = {}
    scored: dict[Pair, matching.Candidate] = {}
    near = nearby.candidates(mine)
    for flow in mine:
        ranked = [  # best first; pairs in a later step or declined are not suggested again
            c
            for c in matching.score_many(flow, near[flow.id], weights)
            if (c.offer_id, c.need_id) not in blocked
        ]
        for candidate in ranked:
            scored[(candidate.offer_id, candidate.need_id)] = candidate
        for candidate in ranked[:limit]:
            found[(candidate.offer_id, candidate.need_id)] = candidate
    with transaction.atomic():
        blocked, suggested = _pairs_of(scope)  # again, in the transaction that writes
        # A counterpart's suggestion that still fits stays (with its new score), so a firm's
        # refresh does not take suggestions away from the other firms.
        for pair in suggested:
            if pair in scored and pair not in found:
                found[pair] = scored[pair]
        for pair in blocked:
            found.pop(pair, None)
        write(found, suggested)
    return len(found)


# Everyone or a district ----------------------------------------------------------------------


def _blocked_pairs(queryset: QuerySet[Match]) -> frozenset[Pair]:
    return frozenset(
        queryset.exclude(status=Status.SUGGESTED).values_list("offer_id", "need_id").iterator()
    )


def refresh_all(district: District | None = None) -> dict[str, Any]:
    """All suggestions again, or those of the district's firms' flows (with counterparts
    anywhere). Returns counts and the seconds taken."""
    started = time.perf_counter()
    flows = flow_rows(Flow.objects.filter(active=True).order_by("id"))
    engine = matching.Engine(flows, current_weights())
    scope = Match.objects.all()
    if district is None:
        blocked = _blocked_pairs(scope)
        found_list = engine.suggest_all(exclude=blocked, per_flow=per_flow())
    else:
        firm_ids = district.firms.values("id")
        scope = scope.filter(of_firms(district.firms.all()))
        own = Flow.objects.filter(active=True, firm__in=firm_ids)
        ids = list(own.values_list("id", flat=True))
        blocked = _blocked_pairs(scope)
        found_list = engine.suggest_for(ids, exclude=blocked, per_flow=per_flow())
    found = {
        (c.offer_id, c.need_id): c for c in found_list if (c.offer_id, c.need_id) not in blocked
    }
    with transaction.atomic():
        _blocked, suggested = _pairs_of(scope.filter(status=Status.SUGGESTED))
        counts = write(found, suggested)
    return {
        "flows": len(flows),
        "suggestions": len(found),
        **counts,
        "seconds": round(time.perf_counter() - started, 2),
    }


def refresh_firms(firm_ids: Iterable[int]) -> int:
    """``refresh_firm`` for several firms; the total of their suggestions."""
    return sum(refresh_firm(pk) for pk in sorted(set(firm_ids)))
