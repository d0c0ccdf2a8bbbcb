"""District allocation: how many tonnes each suggested pair should move, all pairs at once.

A linear programme (SciPy's HiGHS): one variable x ≥ 0 per (offer, need) pair, in tonnes per
year; each offer gives at most its supply, each need takes at most its demand; maximise

    Σ x · (1 - emission_weight · ef · d / 1000)

that is tonnes diverted minus the transport's tonnes of CO2e (d km, ef kg CO2e per t·km), with
``emission_weight`` saying what a tonne of CO2e is worth against a tonne diverted. A pair whose
coefficient is not positive would only add emissions and is left out. Material flows only, in
tonnes: the caller passes the pairs whose amounts are in t.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

SMALLEST_T = 1e-9  # amounts below this are dropped from the result


@dataclass(frozen=True, slots=True)
class Pair:
    offer_id: int
    need_id: int
    distance_km: float


@dataclass(slots=True)
class Allocation:
    amounts: dict[tuple[int, int], float] = field(default_factory=dict)  # t/year per pair
    diverted_t: float = 0.0
    transport_t_co2e: float = 0.0
    objective: float = 0.0
    status: str = "optimal"  # "optimal", "empty" (nothing to allocate) or the solver's message


def allocate(
    pairs: Iterable[Pair],
    supply: Mapping[int, float],
    demand: Mapping[int, float],
    kg_co2e_per_tkm: float = 0.1,
    emission_weight: float = 1.0,
) -> Allocation:
    """The district optimum over ``pairs`` (t/year by offer id in ``supply``, by need id in
    ``demand``; pairs of an offer or need missing there, or at 0, are left out)."""
    factor = emission_weight * kg_co2e_per_tkm / 1000.0  # t CO2e per t·km, weighted
    nearest: dict[tuple[int, int], float] = {}
    for pair in pairs:
        key = (pair.offer_id, pair.need_id)
        if supply.get(key[0], 0) > 0 and demand.get(key[1], 0) > 0:
            nearest[key] = min(nearest.get(key, pair.distance_km), pair.distance_km)
    keys = [key for key, km in nearest.items() if 1.0 - factor * km > 0]
    if not keys:
        return Allocation(status="empty")
    km = np.array([nearest[key] for key in keys])
    gain = 1.0 - factor * km
    offers = sorted({o for o, _ in keys})
    needs = sorted({n for _, n in keys})
    offer_row = {o: i for i, o in enumerate(offers)}
    need_row = {n: len(offers) + i for i, n in enumerate(needs)}
    count = len(keys)
    rows = np.array(
        [offer_row[o] for o, _ in keys] + [need_row[n] for _, n in keys], dtype=np.int64
    )
    columns = np.tile(np.arange(count), 2)
    limits = sparse.csr_matrix(
        (np.ones(2 * count), (rows, columns)), shape=(len(offers) + len(needs), count)
    )
    bounds_right = np.array([supply[o] for o in offers] + [demand[n] for n in needs], dtype=float)
    upper = np.array([min(supply[o], demand[n]) for o, n in keys], dtype=float)
    result = linprog(
        -gain,
        A_ub=limits,
        b_ub=bounds_right,
        bounds=np.column_stack((np.zeros(count), upper)),
        method="highs",
    )
    if result.status != 0 or result.x is None:
        return Allocation(status=str(result.message))
    x = np.where(result.x > SMALLEST_T, result.x, 0.0)
    amounts = {key: float(v) for key, v in zip(keys, x.tolist(), strict=True) if v > 0}
    return Allocation(
        amounts=amounts,
        diverted_t=float(x.sum()),
        transport_t_co2e=float(x @ km) * kg_co2e_per_tkm / 1000.0,
        objective=float(x @ gain),
        status="optimal",
    )
