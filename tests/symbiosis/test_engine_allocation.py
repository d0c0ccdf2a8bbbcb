"""District allocation on cases whose optimum is worked out by hand.

Offers A (10 t/year) and B (5 t/year); needs X (8 t/year) and Y (6 t/year); distances A-X 10 km,
A-Y 50 km, B-X 20 km, B-Y 200 km; 0.1 kg CO2e per t·km.
"""

from __future__ import annotations

import pytest

from filiera.symbiosis.engine.allocation import Pair, allocate

A, B, X, Y = 1, 2, 11, 12
PAIRS = [Pair(A, X, 10.0), Pair(A, Y, 50.0), Pair(B, X, 20.0), Pair(B, Y, 200.0)]
SUPPLY = {A: 10.0, B: 5.0}
DEMAND = {X: 8.0, Y: 6.0}


def test_tonnes_first_then_the_shortest_trips():
    # All 14 t of demand can be met; emissions decide how: B-Y (200 km) is avoided, so Y takes
    # 6 t from A, leaving A 4 t for X, and B sends X the other 4 t.
    # t·km = 4·10 + 6·50 + 4·20 = 420 → 0.042 t CO2e; objective 14 - 0.042.
    result = allocate(PAIRS, SUPPLY, DEMAND, kg_co2e_per_tkm=0.1)
    assert result.status == "optimal"
    assert result.amounts == pytest.approx({(A, X): 4.0, (A, Y): 6.0, (B, X): 4.0})
    assert result.diverted_t == pytest.approx(14.0)
    assert result.transport_t_co2e == pytest.approx(0.042)
    assert result.objective == pytest.approx(13.958)


def test_a_heavy_emission_weight_leaves_long_trips_out():
    # Weight 250: coefficients 1 - 0.025·km: A-X 0.75, B-X 0.5, A-Y -0.25 and B-Y -4 (left
    # out, so Y gets nothing). X takes its 8 t from A, the better pair. Objective 0.75·8 = 6;
    # t·km = 80 → 0.008 t CO2e.
    result = allocate(PAIRS, SUPPLY, DEMAND, kg_co2e_per_tkm=0.1, emission_weight=250.0)
    assert result.amounts == pytest.approx({(A, X): 8.0})
    assert result.objective == pytest.approx(6.0)
    assert result.diverted_t == pytest.approx(8.0)
    assert result.transport_t_co2e == pytest.approx(0.008)


def test_supply_short_of_demand():
    result = allocate(PAIRS, {A: 3.0, B: 1.0}, DEMAND)
    assert result.diverted_t == pytest.approx(4.0)
    assert sum(v for (o, _), v in result.amounts.items() if o == A) == pytest.approx(3.0)


def test_pairs_without_supply_or_demand_and_repeated_pairs():
    pairs = [Pair(A, X, 30.0), Pair(A, X, 10.0), Pair(B, X, 5.0), Pair(3, X, 1.0)]
    result = allocate(pairs, {A: 10.0, B: 0.0}, {X: 4.0})
    assert result.amounts == pytest.approx({(A, X): 4.0})
    assert result.transport_t_co2e == pytest.approx(4.0 * 10.0 * 0.1 / 1000)  # the shorter one


def test_nothing_to_allocate():
    assert allocate([], SUPPLY, DEMAND).status == "empty"
    assert allocate(PAIRS, {}, DEMAND).amounts == {}
    far = allocate([Pair(A, X, 20_000.0)], SUPPLY, DEMAND)  # 1 - 0.0001·20,000 < 0
    assert (far.status, far.diverted_t) == ("empty", 0.0)
