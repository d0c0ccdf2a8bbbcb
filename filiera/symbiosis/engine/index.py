"""The engine over many flows: indexes that find the candidate pairs, then top suggestions.

Needs are grouped by what an offer can be matched with (the ``kind`` and ``ewc`` filters):

- ``("code", class, unit, code)``: needs that take waste and are authorised for ``code``; an
  offer that is legally waste looks only there;
- ``("family", class, unit, family)``: needs naming a code of that material family, and
  ``("family", class, unit, "")`` needs naming none; another offer with a code looks in its
  family's group and in the group without codes;
- ``("all", class, unit)``: every need of the class and unit, for offers without a code.

Each group has a k-d tree of its needs' positions on the unit sphere; offers are taken in bands
of similar radius and chunks, and each chunk's pairs within reach are read from the trees at
once. The filters and the score then run on the chunk's pairs as arrays (``pairs``). Only
pairs among the best of their offer or need are kept from a chunk; the final choice is the best
``per_flow`` of every flow, both directions.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from filiera.symbiosis.engine import pairs
from filiera.symbiosis.engine.families import families, family
from filiera.symbiosis.engine.flows import FlowData, FlowTable, chord_for_km, kind_class

BANDS_KM = (10.0, 25.0, 50.0, 75.0, 100.0, 150.0, 200.0, 300.0, 500.0, 1000.0, 25000.0)
CHUNK = 4000  # offers read from the trees at once
SCORE_STEPS = (1 << 24) - 1

Key = tuple


@dataclass(slots=True)
class Candidate:
    offer_id: int
    need_id: int
    score: float
    distance_km: float
    components: dict[str, float]


@dataclass(slots=True)
class Scored:
    """Pairs as arrays: table rows, km, components (one row each) and the weighted score."""

    offer: np.ndarray
    need: np.ndarray
    km: np.ndarray
    parts: np.ndarray
    score: np.ndarray

    @classmethod
    def empty(cls) -> Scored:
        rows = np.zeros(0, dtype=np.int64)
        return cls(rows, rows, np.zeros(0), np.zeros((0, len(pairs.COMPONENTS))), np.zeros(0))

    def take(self, keep: np.ndarray) -> Scored:
        return Scored(
            self.offer[keep], self.need[keep], self.km[keep], self.parts[keep], self.score[keep]
        )

    @classmethod
    def join(cls, parts: list[Scored]) -> Scored:
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in cls.__slots__))


def offer_keys(flow: FlowData) -> list[Key]:
    cls, unit = kind_class(flow.kind), flow.base_unit
    if flow.legal_status == "waste":
        return [("code", cls, unit, flow.ewc)] if flow.ewc else []
    if flow.ewc:
        return [("family", cls, unit, family(flow.ewc)), ("family", cls, unit, "")]
    return [("all", cls, unit)]


def need_keys(flow: FlowData) -> list[Key]:
    cls, unit = kind_class(flow.kind), flow.base_unit
    codes = ((flow.ewc,) if flow.ewc else ()) + tuple(flow.accepted_ewc)
    keys: list[Key] = [("all", cls, unit)]
    keys += [("family", cls, unit, f) for f in sorted(families(codes))] or [
        ("family", cls, unit, "")
    ]
    if flow.legal_status == "waste":
        keys += [("code", cls, unit, code) for code in flow.accepted_ewc]
    return keys


def _runs(groups: np.ndarray, scores: np.ndarray, stable: bool) -> tuple[np.ndarray, ...]:
    """Pairs ordered by group, best score first: (order, sorted keys, run starts, lengths).

    One integer key per pair (group, then the score to 2⁻²⁴) sorts several times faster than
    a sort on two keys; scores closer than that are ties, kept in the order given when
    ``stable``, else in no particular order (the faster sort)."""
    key = (groups.astype(np.int64) << 24) | np.round((1.0 - scores) * SCORE_STEPS).astype(np.int64)
    order = np.argsort(key, kind="stable" if stable else None)
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return order, key[order], starts, np.diff(np.r_[starts, len(ordered)])


def top_k(groups: np.ndarray, scores: np.ndarray, k: int, stable: bool = False) -> np.ndarray:
    """True for the ``k`` best scores of each group. With ``stable`` ties go to the earlier
    pair; without, every pair tied with the k-th is kept too (so that a later stable choice
    among them can still give ties to the lower id)."""
    keep = np.zeros(len(groups), dtype=bool)
    if len(groups) == 0 or k <= 0:
        return keep
    order, keys, starts, lengths = _runs(groups, scores, stable)
    if stable:
        rank = np.arange(len(order)) - np.repeat(starts, lengths)
        keep[order[rank < k]] = True
    else:
        last = keys[starts + np.minimum(k, lengths) - 1]  # the k-th best key of each group
        keep[order[keys <= np.repeat(last, lengths)]] = True
    return keep


class Engine:
    """Suggestions over a set of flows (both directions), with the weights given by name."""

    def __init__(self, flows: Iterable[FlowData], weights: Mapping[str, float] | None = None):
        self.table = FlowTable(list(flows))
        self.weights = pairs.weight_vector(weights)
        self.offers = np.flatnonzero(self.table.is_offer)
        self.needs = np.flatnonzero(~self.table.is_offer)
        self.groups = self._groups(self.needs)
        self._trees: dict[Key, cKDTree] = {}
        self.stats: dict[str, int] = defaultdict(int)  # pairs read from the trees, passing

    # Candidate pairs ---------------------------------------------------------------------

    def _groups(self, needs: np.ndarray) -> dict[Key, np.ndarray]:
        found: dict[Key, list[int]] = defaultdict(list)
        flows = self.table.flows
        for row in needs.tolist():
            for key in need_keys(flows[row]):
                found[key].append(row)
        return {key: np.array(rows, dtype=np.int64) for key, rows in found.items()}

    def _tree(self, key: Key, rows: np.ndarray, cached: bool) -> cKDTree:
        tree = self._trees.get(key) if cached else None
        if tree is None:
            tree = cKDTree(self.table.xyz[rows])
            if cached:
                self._trees[key] = tree
        return tree

    def _reach(
        self, offers: np.ndarray, groups: dict[Key, np.ndarray], cached: bool
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(offer rows, need rows) of every pair within the offer's radius, in chunks."""
        asking: dict[Key, list[int]] = defaultdict(list)
        flows = self.table.flows
        for row in offers.tolist():
            for key in offer_keys(flows[row]):
                if key in groups:
                    asking[key].append(row)
        radius = self.table.radius
        for key, rows_list in asking.items():
            needs = groups[key]
            tree = self._tree(key, needs, cached)
            reach_needs = float(radius[needs].max())
            rows = np.array(rows_list, dtype=np.int64)
            bands = np.searchsorted(BANDS_KM, np.minimum(radius[rows], BANDS_KM[-1]))
            for band in np.unique(bands).tolist():
                in_band = rows[bands == band]
                reach = chord_for_km(min(BANDS_KM[band], reach_needs)) * (1 + 1e-9)
                for start in range(0, len(in_band), CHUNK):
                    chunk = in_band[start : start + CHUNK]
                    near = cKDTree(self.table.xyz[chunk]).sparse_distance_matrix(
                        tree, reach, output_type="ndarray"
                    )
                    yield chunk[near["i"]], needs[near["j"]]

    # Scoring -----------------------------------------------------------------------------

    def _score(self, o: np.ndarray, n: np.ndarray, exclude: frozenset) -> Scored:
        """The pairs that pass the filters and are not excluded, scored."""
        table = self.table
        self.stats["pairs"] += len(o)
        o, n, km, codes = pairs.passing(table, o, n)
        if exclude:
            keep = self._not_excluded(o, n, exclude)
            o, n, km, codes = o[keep], n[keep], km[keep], codes[keep]
        self.stats["passing"] += len(o)
        parts = pairs.components(table, o, n, km, codes)
        return Scored(o, n, km, parts, parts @ self.weights / self.weights.sum())

    def _not_excluded(self, o: np.ndarray, n: np.ndarray, exclude: frozenset) -> np.ndarray:
        ids = self.table.ids
        keep = np.ones(len(o), dtype=bool)
        listed = np.array(sorted({pair[0] for pair in exclude}), dtype=np.int64)
        for i in np.flatnonzero(np.isin(ids[o], listed)).tolist():
            if (int(ids[o[i]]), int(ids[n[i]])) in exclude:
                keep[i] = False
        return keep

    def _best(self, scored: Scored, per_flow: int) -> tuple[np.ndarray, np.ndarray]:
        """(among the best of their offer, among the best of their need); pairs are first put
        in the order of the counterpart's id, so that ties go to the lower id."""
        ids = self.table.ids
        order = np.lexsort((ids[scored.offer], ids[scored.need]))
        by_offer = np.zeros(len(order), dtype=bool)
        by_offer[order] = top_k(scored.offer[order], scored.score[order], per_flow, stable=True)
        order = np.lexsort((ids[scored.need], ids[scored.offer]))
        by_need = np.zeros(len(order), dtype=bool)
        by_need[order] = top_k(scored.need[order], scored.score[order], per_flow, stable=True)
        return by_offer, by_need

    def _scan(
        self,
        offers: np.ndarray,
        groups: dict[Key, np.ndarray],
        *,
        cached: bool,
        exclude: frozenset,
        per_flow: int,
        sides: tuple[str, ...] = ("offer", "need"),
    ) -> Scored:
        """The scored pairs of ``offers`` with the needs of ``groups``, chunk by chunk, keeping
        from each chunk only the pairs among the best of their offer or need (``sides``) in it:
        a pair that is not cannot be among the best overall either."""
        kept: list[Scored] = []
        for o, n in self._reach(offers, groups, cached):
            scored = self._score(o, n, exclude)
            keep = np.zeros(len(scored.offer), dtype=bool)
            if "offer" in sides:
                keep |= top_k(scored.offer, scored.score, per_flow)
            if "need" in sides:
                keep |= top_k(scored.need, scored.score, per_flow)
            kept.append(scored.take(keep))
        return Scored.join(kept)

    def suggest_all(self, exclude: frozenset = frozenset(), per_flow: int = 10) -> list[Candidate]:
        """For each flow its best ``per_flow`` counterparts, both directions, each pair once."""
        scored = self._scan(
            self.offers, self.groups, cached=True, exclude=exclude, per_flow=per_flow
        )
        by_offer, by_need = self._best(scored, per_flow)
        return self.candidates(scored.take(by_offer | by_need))

    def suggest_for(
        self, flow_ids: Iterable[int], exclude: frozenset = frozenset(), per_flow: int = 10
    ) -> list[Candidate]:
        """For each of the given flows its best ``per_flow`` counterparts."""
        rows = np.array(
            sorted({self.table.position[i] for i in flow_ids if i in self.table.position}),
            dtype=np.int64,
        )
        chosen = np.zeros(len(self.table), dtype=bool)
        chosen[rows] = True
        offers, needs = rows[self.table.is_offer[rows]], rows[~self.table.is_offer[rows]]
        mine = self._scan(
            offers, self.groups, cached=True, exclude=exclude, per_flow=per_flow, sides=("offer",)
        )
        theirs = self._scan(
            self.offers,
            self._groups(needs),
            cached=False,
            exclude=exclude,
            per_flow=per_flow,
            sides=("need",),
        )
        scored = Scored.join([mine, theirs])
        if len(scored.offer):  # a pair of two chosen flows may come twice
            _, first = np.unique(scored.offer * len(self.table) + scored.need, return_index=True)
            scored = scored.take(np.sort(first))
        by_offer, by_need = self._best(scored, per_flow)
        keep = (by_offer & chosen[scored.offer]) | (by_need & chosen[scored.need])
        return self.candidates(scored.take(keep))

    def candidates(self, scored: Scored) -> list[Candidate]:
        """Candidates sorted by offer, then best first."""
        ids = self.table.ids
        order = np.lexsort((ids[scored.need], -scored.score, ids[scored.offer]))
        scored = scored.take(order)
        return to_candidates(
            ids[scored.offer], ids[scored.need], scored.score, scored.km, scored.parts
        )


def to_candidates(
    offer_ids: np.ndarray,
    need_ids: np.ndarray,
    scores: np.ndarray,
    km: np.ndarray,
    parts: np.ndarray,
) -> list[Candidate]:
    names = pairs.COMPONENTS
    with collector_paused():  # a million small objects: no point scanning them as they come
        return [
            Candidate(o, n, s, d, dict(zip(names, row, strict=True)))
            for o, n, s, d, row in zip(
                offer_ids.tolist(),
                need_ids.tolist(),
                np.round(scores, 4).tolist(),
                np.round(km, 2).tolist(),
                np.round(parts, 4).tolist(),
                strict=True,
            )
        ]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
