"""The engine over many flows finds exactly what comparing every pair would find."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

import pytest

from filiera.symbiosis.engine.matching import Engine, FlowData, passes, score, score_many
from tests.symbiosis.factories_engine import need, offer

CODES = ["040222", "040221", "200111", "150101", "150102", "101208", "040220", "040219"]
KINDS = ["waste", "waste", "by_product", "secondary_material", "end_of_waste", "energy", "water"]
UNIT = {"energy": "MWh", "water": "m3"}
TEXTS = [
    "Ritagli di maglieria in cotone", "Cascami di lana cardata", "Imballaggi in cartone",
    "Film plastico", "Scarti cotti di piastrelle", "Fanghi di tintoria", "Calore di recupero",
    "Acqua di processo depurata", "Knitting cuttings cotton", "Wool waste for carding",
]  # fmt: skip


def random_flow(rng: random.Random, flow_id: int) -> FlowData:
    direction = rng.choice(["offer", "need"])
    kind = rng.choice(KINDS)
    material = kind not in UNIT
    legal = {"waste": "waste", "by_product": "by_product", "end_of_waste": "end_of_waste"}.get(
        kind, "product"
    )
    if direction == "need" and material:
        legal = rng.choice(["waste", "product"])
    code = rng.choice([*CODES, ""]) if material else ""
    start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.3 else None
    until = start + timedelta(days=rng.randint(0, 200)) if start and rng.random() < 0.5 else None
    return FlowData(
        id=flow_id,
        firm_id=rng.randint(1, 40),
        direction=direction,
        kind=kind,
        ewc=code,
        accepted_ewc=tuple(rng.sample(CODES, rng.randint(0, 4))) if direction == "need" else (),
        hazardous=code == "040219",
        accepts_hazardous=rng.random() < 0.3,
        legal_status=legal,
        amount_year=round(rng.uniform(0.5, 500), 1) if rng.random() < 0.9 else None,
        base_unit=UNIT.get(kind, rng.choice(["t", "t", "t", "pcs"])),
        lat=44.5 + rng.uniform(-0.8, 0.8),
        lon=10.9 + rng.uniform(-1.0, 1.0),
        max_distance_km=rng.choice([10, 30, 60, 100, 150, 400]),
        available_from=start,
        available_until=until,
        attributes=rng.choice([{}, {"fibre": "cotton"}, {"fibre": "wool", "colour": "blue"}]),
        text=rng.choice(TEXTS) + " " + rng.choice(TEXTS),
    )


@pytest.fixture(scope="module")
def flows() -> list[FlowData]:
    rng = random.Random(7)
    return [random_flow(rng, i) for i in range(1, 331)]


def every_passing_pair(flows):
    offers = [f for f in flows if f.direction == "offer"]
    needs = [f for f in flows if f.direction == "need"]
    return {(o.id, n.id): score(o, n) for o in offers for n in needs if passes(o, n) is None}


@pytest.fixture(scope="module")
def brute(flows):
    return every_passing_pair(flows)


def best(brute, flow_id, k):
    mine = [c for key, c in brute.items() if flow_id in key]
    other = (
        (lambda c: c.need_id)
        if any(c.offer_id == flow_id for c in mine)
        else (lambda c: c.offer_id)
    )
    return {(c.offer_id, c.need_id) for c in sorted(mine, key=lambda c: (-c.score, other(c)))[:k]}


def test_every_passing_pair_is_found_with_the_same_score(flows, brute):
    assert len(brute) > 600  # the data make enough pairs to mean something
    found = {(c.offer_id, c.need_id): c for c in Engine(flows).suggest_all(per_flow=10_000)}
    assert set(found) == set(brute)
    for key, candidate in found.items():
        assert candidate.score == pytest.approx(brute[key].score, abs=1e-4)
        assert candidate.components == pytest.approx(brute[key].components, abs=1e-4)
        assert candidate.distance_km == pytest.approx(brute[key].distance_km, abs=0.01)


def test_the_best_of_every_flow_both_directions(flows, brute):
    found = {(c.offer_id, c.need_id) for c in Engine(flows).suggest_all(per_flow=3)}
    expected = set().union(*(best(brute, f.id, 3) for f in flows))
    assert found == expected


def test_suggest_for_some_flows(flows, brute):
    chosen = [f.id for f in flows[:40]]
    found = {(c.offer_id, c.need_id) for c in Engine(flows).suggest_for(chosen, per_flow=4)}
    assert found == set().union(*(best(brute, i, 4) for i in chosen))


def test_excluded_pairs_are_never_suggested(flows, brute):
    top = max(brute.values(), key=lambda c: c.score)
    pair = (top.offer_id, top.need_id)
    engine = Engine(flows)
    assert pair in {(c.offer_id, c.need_id) for c in engine.suggest_all(per_flow=2)}
    found = engine.suggest_all(exclude=frozenset({pair}), per_flow=2)
    assert pair not in {(c.offer_id, c.need_id) for c in found}
    offers_best = [c for c in found if c.offer_id == top.offer_id]
    assert len(offers_best) >= min(2, sum(1 for k in brute if k[0] == top.offer_id) - 1)


def test_score_many_is_the_same_as_scoring_each_pair(flows, brute):
    for flow in flows[:30]:
        got = score_many(flow, flows)
        mine = {key: c for key, c in brute.items() if flow.id in key}
        assert {(c.offer_id, c.need_id) for c in got} == set(mine)
        assert [c.score for c in got] == sorted((c.score for c in got), reverse=True)
        for c in got:
            assert c.score == pytest.approx(mine[(c.offer_id, c.need_id)].score, abs=1e-4)


def test_score_many_with_nothing_to_compare():
    rng = random.Random(1)
    flow = random_flow(rng, 1)
    same_direction = [f for f in (random_flow(rng, i) for i in range(2, 30))
                      if f.direction == flow.direction]  # fmt: skip
    assert score_many(flow, same_direction) == []
    assert score_many(flow, []) == []


def test_one_firm_refresh_takes_a_few_ms():
    """A handful of flows against a few hundred nearby candidates, as the refresh does."""
    rng = random.Random(3)
    pool = [random_flow(rng, i) for i in range(1, 2001)]
    mine = [f for f in pool if f.firm_id == 1][:5]
    times = []
    for _ in range(5):
        started = time.perf_counter()
        for flow in mine:
            score_many(flow, pool[:400])
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 0.025  # five flows, 400 candidates each (about 4 ms)


def test_nothing_to_match():
    assert Engine([]).suggest_all() == []
    lonely = FlowData(id=1, firm_id=1, direction="offer", kind="energy", lat=44.0, lon=11.0)
    assert Engine([lonely]).suggest_all() == []
    assert Engine([lonely]).suggest_for([1, 99]) == []


def test_ties_go_to_the_lower_id():
    o = offer(id=1)
    twins = [need(id=i, firm_id=10 + i) for i in (30, 20, 40)]
    found = Engine([o, *twins]).suggest_for([1], per_flow=1)
    assert [(c.offer_id, c.need_id) for c in found] == [(1, 20)]
    assert [c.need_id for c in score_many(o, twins)] == [20, 30, 40]
