"""Ranking quality against matches a district expert would accept: Hit@k and MRR.

For each labelled offer (a query), a ranking is the list of need ids, best first; the labels
are the needs the expert accepts for it. Hit@k: 1 when one of the first k is accepted, else 0.
Reciprocal rank: 1 / the position of the first accepted need, 0 when none is ranked. Both are
averaged over the labelled offers (an offer missing from the rankings counts 0).

The baseline ranks the needs that pass the same hard filters by distance only, nearest first:
comparing the engine with it measures what the score adds beyond the filters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from filiera.symbiosis.engine import pairs
from filiera.symbiosis.engine.flows import FlowData, FlowTable
from filiera.symbiosis.engine.index import Candidate

Rankings = Mapping[Hashable, Sequence[Hashable]]
Labels = Mapping[Hashable, Collection[Hashable]]


@dataclass(frozen=True, slots=True)
class Scores:
    hit_at_k: float
    mrr: float
    queries: int
    k: int = 5


def hit_at(ranked: Sequence[Hashable], relevant: Collection[Hashable], k: int = 5) -> float:
    return 1.0 if any(item in relevant for item in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[Hashable], relevant: Collection[Hashable]) -> float:
    for position, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / position
    return 0.0


def mrr(rankings: Rankings, labels: Labels) -> float:
    if not labels:
        return 0.0
    return sum(reciprocal_rank(rankings.get(q, ()), rel) for q, rel in labels.items()) / len(labels)


def evaluate(rankings: Rankings, labels: Labels, k: int = 5) -> Scores:
    """Hit@k and MRR of ``rankings`` over the queries of ``labels``."""
    count = len(labels)
    hits = sum(hit_at(rankings.get(q, ()), rel, k) for q, rel in labels.items())
    return Scores(
        hit_at_k=hits / count if count else 0.0, mrr=mrr(rankings, labels), queries=count, k=k
    )


def rankings_from(candidates: Iterable[Candidate]) -> dict[int, list[int]]:
    """Each offer's needs, best score first (ties: the lower need id first)."""
    by_offer: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_offer[candidate.offer_id].append(candidate)
    return {
        offer: [c.need_id for c in sorted(found, key=lambda c: (-c.score, c.need_id))]
        for offer, found in by_offer.items()
    }


def distance_rankings(flows: Sequence[FlowData], per_flow: int = 10) -> dict[int, list[int]]:
    """The baseline: for each offer, the needs passing every hard filter, nearest first (ties:
    the lower need id first), at most ``per_flow``."""
    table = FlowTable(flows)
    offers, needs = np.flatnonzero(table.is_offer), np.flatnonzero(~table.is_offer)
    o, n = np.repeat(offers, len(needs)), np.tile(needs, len(offers))
    o, n, km, _codes = pairs.passing(table, o, n)
    result: dict[int, list[int]] = {int(table.ids[row]): [] for row in offers}
    for row, need, _km in sorted(
        zip(o.tolist(), table.ids[n].tolist(), km.tolist(), strict=True),
        key=lambda t: (t[0], t[2], t[1]),
    ):
        ranked = result[int(table.ids[row])]
        if len(ranked) < per_flow:
            ranked.append(need)
    return result
