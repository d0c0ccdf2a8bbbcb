"""Finding the possible counterparts of a firm's flows with a few indexed queries.

A firm's flows at one site that look for the same kind of counterpart (direction, material or
the same other kind, base unit) are looked up together: one query reads, inside the box of the
largest radius, the active flows of the other direction that could pass the engine's filters
with at least one of them (windows that overlap, codes a receiver is authorised for, hazardous
handling, legal status). It is a superset: the engine decides (``matching.score_many``).

Nearest first, up to a bound per flow: they are first looked for within a short distance; when
that already gives enough, no farther flow can be nearer and the wide box (slow where firms are
dense) is not read. Flows with a code of the same EWC sub-chapter are added from the wide box
too, so a good match a bit farther away is not missed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Abs

from filiera.symbiosis.engine import matching
from filiera.symbiosis.models import Flow

MATERIAL_KINDS = ("waste", "by_product", "end_of_waste", "secondary_material")
KM_PER_DEGREE = 111.2
NEAREST = 300  # candidates per flow, nearest first
SAME_CODE = 150  # more per flow in the same EWC sub-chapter
FIRST_KM = 20.0  # the nearest are looked for this close first
MAX_ROWS = 1500  # per query
# Fields the engine reads, in the order of ``to_data``.
FIELDS = (
    "id",
    "ref",
    "firm_id",
    "direction",
    "kind",
    "ewc",
    "accepted_ewc",
    "hazardous",
    "accepts_hazardous",
    "legal_status",
    "amount_year",
    "base_unit",
    "lat",
    "lon",
    "max_distance_km",
    "available_from",
    "available_until",
    "attributes",
    "description",
    "description_en",
)


def to_data(row: tuple) -> matching.FlowData:
    (pk, ref, firm_id, direction, kind, ewc, accepted, hazardous, accepts, legal, amount, base,
     lat, lon, radius, start, end, attributes, description, description_en) = row  # fmt: skip
    return matching.FlowData(
        id=pk,
        ref=ref,
        firm_id=firm_id,
        direction=direction,
        kind=kind,
        ewc=ewc,
        accepted_ewc=tuple(accepted or ()),
        hazardous=hazardous,
        accepts_hazardous=accepts,
        legal_status=legal,
        amount_year=amount,
        base_unit=base,
        lat=lat,
        lon=lon,
        max_distance_km=float(radius),
        available_from=start,
        available_until=end,
        attributes=attributes or {},
        text=f"{description} {description_en}".strip(),
    )


def flow_rows(queryset: QuerySet[Flow]) -> list[matching.FlowData]:
    return [to_data(row) for row in queryset.values_list(*FIELDS)]


def _condition(flow: matching.FlowData) -> Q | None:
    """What a counterpart of ``flow`` must be beyond direction, kind, unit and place; None
    when anything goes."""
    parts: list[Q] = []
    if flow.available_from is not None:
        parts.append(Q(available_until__isnull=True) | Q(available_until__gte=flow.available_from))
    if flow.available_until is not None:
        parts.append(Q(available_from__isnull=True) | Q(available_from__lte=flow.available_until))
    if flow.direction == "offer":
        if flow.legal_status == "waste":  # an authorised receiver of this very code
            parts.append(Q(legal_status="waste", accepted_ewc__icontains=f'"{flow.ewc}"'))
        if flow.hazardous:
            parts.append(Q(accepts_hazardous=True))
    else:
        if flow.legal_status == "waste":
            parts.append(~Q(legal_status="waste") | Q(ewc__in=list(flow.accepted_ewc)))
        else:
            parts.append(~Q(legal_status="waste"))
        if not flow.accepts_hazardous:
            parts.append(Q(hazardous=False))
    return reduce(lambda a, b: a & b, parts) if parts else None


def _query(group: list[matching.FlowData], radius: float) -> QuerySet[Flow]:
    first = group[0]
    other = "need" if first.direction == "offer" else "offer"
    dlat = radius / KM_PER_DEGREE
    dlon = radius / (KM_PER_DEGREE * max(math.cos(math.radians(first.lat)), 0.01))
    query = Flow.objects.filter(
        direction=other,
        active=True,
        lat__gte=first.lat - dlat,
        lat__lte=first.lat + dlat,
        lon__gte=first.lon - dlon,
        lon__lte=first.lon + dlon,
        base_unit=first.base_unit,
    )
    if first.kind in MATERIAL_KINDS:
        query = query.filter(kind__in=MATERIAL_KINDS)
    else:
        query = query.filter(kind=first.kind)
    conditions = [_condition(flow) for flow in group]
    if all(c is not None for c in conditions):
        query = query.filter(reduce(or_, conditions))
    return query


def _closest(query: QuerySet[Flow], lat: float, lon: float, limit: int) -> list[tuple]:
    """Up to ``limit`` rows, nearest first (taxicab degrees, longitude scaled), each with its
    closeness last."""
    scale = max(math.cos(math.radians(lat)), 0.01)
    closeness = Abs(F("lat") - lat) + Abs(F("lon") - lon) * scale
    rows = query.annotate(closeness=closeness).order_by("closeness", "id")
    return list(rows.values_list(*FIELDS, "closeness")[:limit])


def _group_rows(group: list[matching.FlowData]) -> list[tuple]:
    first = group[0]
    radius = float(max(flow.max_distance_km for flow in group))
    limit = min(NEAREST * len(group), MAX_ROWS)
    near = min(radius, FIRST_KM)
    rows = _closest(_query(group, near), first.lat, first.lon, limit)
    wide = near < radius and (len(rows) < limit or rows[-1][-1] > near / KM_PER_DEGREE)
    if wide:
        rows = _closest(_query(group, radius), first.lat, first.lon, limit)
    codes = sorted({flow.ewc[:4] for flow in group if flow.ewc})
    if codes and len(rows) >= limit:
        same = _query(group, radius).filter(reduce(or_, [Q(ewc__startswith=c) for c in codes]))
        seen = {row[0] for row in rows}
        more = _closest(same, first.lat, first.lon, min(SAME_CODE * len(group), MAX_ROWS))
        rows += [row for row in more if row[0] not in seen]
    return rows


def candidates(flows: list[matching.FlowData]) -> dict[int, list[matching.FlowData]]:
    """For each flow (by id) the flows that may be its counterparts (other firms only)."""
    groups: dict[tuple, list[matching.FlowData]] = defaultdict(list)
    for flow in flows:
        kind = "material" if flow.kind in MATERIAL_KINDS else flow.kind
        groups[(flow.direction, kind, flow.base_unit, flow.lat, flow.lon)].append(flow)
    found: dict[int, list[matching.FlowData]] = {}
    for group in groups.values():
        others = [to_data(row[:-1]) for row in _group_rows(group)]
        for flow in group:
            found[flow.id] = [o for o in others if o.firm_id != flow.firm_id]
    return found


def candidates_for(flow: matching.FlowData) -> list[matching.FlowData]:
    return candidates([flow])[flow.id]
