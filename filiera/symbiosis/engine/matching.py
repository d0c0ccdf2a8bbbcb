"""Matching offers with needs: hard filters, then an explainable score (plain Python + NumPy).

- ``passes(offer, need)``: None when every hard filter passes, else the first failing one's name
  (``FILTERS``: kind, ewc, hazardous, legal, time, distance, same_firm);
- ``score(offer, need)``: the components (``COMPONENTS``: code, material, text, quantity, time,
  distance; each 0-1) and their weighted mean;
- ``score_many(flow, others)``: the counterparts among ``others`` that pass, scored, best first
  (the refresh of one firm: a few flows against the nearby ones);
- ``Engine(flows).suggest_all()``: the best counterparts of every flow, found through spatial
  and code indexes, never comparing every pair.

The rules of each filter and component are in ``engine.pairs``; the same code runs for one pair
and for millions, so a pair gets the same score whichever way it is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from filiera.symbiosis.engine import pairs
from filiera.symbiosis.engine.flows import FlowData, FlowTable, Numberings, kind_class
from filiera.symbiosis.engine.index import Candidate, Engine, to_candidates
from filiera.symbiosis.engine.pairs import COMPONENTS, DEFAULT_WEIGHTS, FILTERS

__all__ = [
    "COMPONENTS", "DEFAULT_WEIGHTS", "FILTERS", "Candidate", "Engine", "FlowData", "passes",
    "score", "score_many",
]  # fmt: skip


def _roles(offer: FlowData, need: FlowData) -> None:
    if offer.direction != "offer" or need.direction != "need":
        raise ValueError("Give an offer, then a need.")


def _may_pass(offer: FlowData, need: FlowData) -> bool:
    """False when the cheapest filters already fail (kind, base unit, a waste offer's code
    and legal status), so that only the rest are put in a table."""
    if kind_class(offer.kind) != kind_class(need.kind) or offer.base_unit != need.base_unit:
        return False
    if offer.legal_status == "waste":
        return offer.ewc in need.accepted_ewc and need.legal_status == "waste"
    return True


def passes(offer: FlowData, need: FlowData) -> str | None:
    """None when every hard filter passes, else the name of the first that fails."""
    _roles(offer, need)
    table = FlowTable([offer, need])
    o, n = np.array([0]), np.array([1])
    km = pairs.distances(table, o, n)
    failed = pairs.failures(table, o, n, km, pairs.code_columns(table, o, n))[0]
    return FILTERS[int(np.argmax(failed))] if failed.any() else None


def score(offer: FlowData, need: FlowData, weights: Mapping[str, float] | None = None) -> Candidate:
    """The pair's components and weighted score, whether or not it passes the filters."""
    _roles(offer, need)
    table = FlowTable([offer, need])
    o, n = np.array([0]), np.array([1])
    km = pairs.distances(table, o, n)
    parts = pairs.components(table, o, n, km, pairs.code_columns(table, o, n))
    vector = pairs.weight_vector(weights)
    return to_candidates(table.ids[o], table.ids[n], parts @ vector / vector.sum(), km, parts)[0]


def score_many(
    flow: FlowData, others: Sequence[FlowData], weights: Mapping[str, float] | None = None
) -> list[Candidate]:
    """``flow`` against each of ``others`` of the other direction: those passing every filter,
    scored, best first (ties: the lower counterpart id first)."""
    if flow.direction == "offer":
        counterparts = [f for f in others if f.direction == "need" and _may_pass(flow, f)]
    else:
        counterparts = [f for f in others if f.direction == "offer" and _may_pass(f, flow)]
    if not counterparts:
        return []
    table = FlowTable([flow, *counterparts], Numberings(remember_texts=True))
    me = np.zeros(len(counterparts), dtype=np.int64)
    them = np.arange(1, len(counterparts) + 1, dtype=np.int64)
    o, n = (me, them) if flow.direction == "offer" else (them, me)
    o, n, km, codes = pairs.passing(table, o, n)
    parts = pairs.components(table, o, n, km, codes)
    vector = pairs.weight_vector(weights)
    scores = parts @ vector / vector.sum()
    other_ids = table.ids[n if flow.direction == "offer" else o]
    order = np.lexsort((other_ids, -scores))
    return to_candidates(
        table.ids[o][order], table.ids[n][order], scores[order], km[order], parts[order]
    )
