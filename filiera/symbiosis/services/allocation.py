"""The district allocation: which suggestions the district optimum would pick.

Over the current matches (not declined, not closed) between material flows (waste, by-products,
end-of-waste and secondary materials) measured in tonnes, a
linear programme (``engine.allocation``) chooses how many tonnes per year each pair carries,
within what each offer has and each need takes, maximising tonnes diverted minus transport
emissions (distance times the district's factor per tonne-kilometre). The result is written on
``Match.allocated_amount`` (null for pairs it leaves out).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from filiera.core import audit
from filiera.registry.models import District
from filiera.symbiosis.engine.units import MATERIAL_KINDS
from filiera.symbiosis.models import Match, SymbiosisPolicy
from filiera.symbiosis.selectors import of_firms

Status = Match.Status
DEFAULT_FACTOR = 0.1  # kg CO2e per tonne-kilometre, as the policy's default
LEFT_OUT = (Status.DECLINED, Status.CLOSED)
BATCH = 2000


def transport_factor(district: District | None) -> float:
    if district is None:
        return DEFAULT_FACTOR
    policy = SymbiosisPolicy.objects.filter(district=district).first()
    return float(policy.transport_kg_co2e_per_tkm) if policy is not None else DEFAULT_FACTOR


def scope(district: District | None):
    """The matches the allocation considers: with a firm of ``district`` on either side."""
    matches = Match.objects.exclude(status__in=LEFT_OUT)
    if district is not None:
        matches = matches.filter(of_firms(district.firms.all()))
    return matches


@transaction.atomic
def run_allocation(district: District | None = None, *, user=None) -> dict[str, Any]:
    """Allocate and store the amounts; returns the totals (pairs considered, pairs picked,
    tonnes diverted per year, transport t CO2e, the solver's status)."""
    from filiera.symbiosis.engine import allocation  # SciPy's solver: loaded when used

    factor = transport_factor(district)
    matches = scope(district)
    rows = list(
        matches.filter(
            offer__base_unit="t",
            need__base_unit="t",
            offer__kind__in=MATERIAL_KINDS,
            need__kind__in=MATERIAL_KINDS,
        ).values_list(
            "id", "offer_id", "need_id", "distance_km", "offer__amount_year", "need__amount_year"
        )
    )
    pairs, supply, demand, ids = [], {}, {}, {}
    for pk, offer_id, need_id, distance, offered, needed in rows:
        if not offered or not needed:
            continue
        pairs.append(allocation.Pair(offer_id, need_id, float(distance)))
        supply[offer_id], demand[need_id] = float(offered), float(needed)
        ids[(offer_id, need_id)] = pk
    result = allocation.allocate(pairs, supply, demand, kg_co2e_per_tkm=factor)

    matches.filter(allocated_amount__isnull=False).update(allocated_amount=None)
    picked = [
        Match(pk=ids[pair], allocated_amount=round(float(amount), 3))
        for pair, amount in result.amounts.items()
        if pair in ids and amount > 1e-6
    ]
    Match.objects.bulk_update(picked, ["allocated_amount"], batch_size=BATCH)
    totals = {
        "pairs": len(pairs),
        "picked": len(picked),
        "diverted_t": round(float(result.diverted_t), 3),
        "transport_t_co2e": round(float(result.transport_t_co2e), 3),
        "kg_co2e_per_tkm": factor,
        "status": str(result.status),
    }
    if district is not None:
        audit.record(
            user,
            "run_allocation",
            district,
            changes=audit.facts(**totals),
            district_id=district.pk,
        )
    return totals
