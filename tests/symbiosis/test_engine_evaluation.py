"""Hit@k and MRR on rankings worked out by hand."""

from __future__ import annotations

import pytest

from filiera.symbiosis.engine.evaluation import (
    distance_rankings,
    evaluate,
    hit_at,
    mrr,
    rankings_from,
    reciprocal_rank,
)
from filiera.symbiosis.engine.matching import Candidate
from tests.symbiosis.factories_engine import CARPI, need, north_of, offer


def test_hit_and_reciprocal_rank():
    ranked = ["a", "b", "c", "d", "e", "f"]
    assert hit_at(ranked, {"e"}, k=5) == 1.0
    assert hit_at(ranked, {"f"}, k=5) == 0.0
    assert reciprocal_rank(ranked, {"c", "f"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, {"z"}) == 0.0


def test_mean_over_the_labelled_queries():
    rankings = {1: ["a", "b"], 2: ["c", "d"]}
    labels = {1: {"b"}, 2: {"c"}, 3: {"x"}}  # query 3 has no ranking: counts 0
    assert mrr(rankings, labels) == pytest.approx((0.5 + 1 + 0) / 3)
    scores = evaluate(rankings, labels, k=1)
    assert (scores.hit_at_k, scores.queries) == (pytest.approx(1 / 3), 3)


def test_rankings_from_candidates():
    found = [Candidate(1, 10, 0.5, 1.0, {}), Candidate(1, 11, 0.9, 1.0, {}),
             Candidate(1, 12, 0.5, 1.0, {}), Candidate(2, 10, 0.1, 1.0, {})]  # fmt: skip
    assert rankings_from(found) == {1: [11, 10, 12], 2: [10]}


def test_the_baseline_ranks_passing_needs_by_distance():
    o = offer()
    near, far = north_of(CARPI, 10), north_of(CARPI, 30)
    close = need(lat=near[0], lon=near[1], attributes={"fibre": "polyester"})
    farther = need(lat=far[0], lon=far[1])
    refused = need(lat=CARPI[0], lon=CARPI[1], accepted_ewc=("150101",))
    assert distance_rankings([o, farther, close, refused]) == {o.id: [close.id, farther.id]}
