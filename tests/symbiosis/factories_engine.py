"""Flows for the engine's tests, built in memory (``FlowData``; no database).

``offer(**changes)`` is knitting cuttings at a Carpi knitting firm: waste 04 02 22, 120 t/year,
up to 150 km, cotton jersey, white. ``need(**changes)`` is a Prato carding mill (about 101 km
away) authorised for 04 02 21 and 04 02 22, taking 150 t/year of cotton, up to 200 km. The pair
passes every hard filter; each test changes what it checks.
"""

from __future__ import annotations

import itertools
from typing import Any

from filiera.symbiosis.engine.matching import FlowData

CARPI = (44.784, 10.885)
PRATO = (43.880, 11.097)
SASSUOLO = (44.543, 10.784)
KM_PER_DEGREE = 111.19508  # along a meridian, on the engine's 6371.0088 km sphere

_ids = itertools.count(1000)


def offer(**changes: Any) -> FlowData:
    values: dict[str, Any] = {
        "id": next(_ids),
        "ref": "carpi-cuttings",
        "firm_id": 1,
        "direction": "offer",
        "kind": "waste",
        "ewc": "040222",
        "legal_status": "waste",
        "amount_year": 120.0,
        "base_unit": "t",
        "lat": CARPI[0],
        "lon": CARPI[1],
        "max_distance_km": 150,
        "attributes": {"fibre": "cotton", "colour": "white", "construction": "knitted"},
        "text": "Ritagli di maglieria in cotone bianco Cotton jersey knitting cuttings, white",
    }
    values.update(changes)
    return FlowData(**values)


def need(**changes: Any) -> FlowData:
    values: dict[str, Any] = {
        "id": next(_ids),
        "ref": "prato-carding",
        "firm_id": 2,
        "direction": "need",
        "kind": "waste",
        "accepted_ewc": ("040221", "040222"),
        "legal_status": "waste",
        "amount_year": 150.0,
        "base_unit": "t",
        "lat": PRATO[0],
        "lon": PRATO[1],
        "max_distance_km": 200,
        "attributes": {"fibre": "cotton"},
        "text": "Ritagli e cascami tessili di cotone per sfilacciatura Cotton clips for recycling",
    }
    values.update(changes)
    return FlowData(**values)


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    """A point ``km`` due north (same longitude)."""
    return point[0] + km / KM_PER_DEGREE, point[1]
