"""Ecobalyse-compatible textile footprint engine (plain Python, no Django).

``compute(query)`` takes an Ecobalyse v7.0.0 textile query (the API's field names) and returns the
single score ``ecs`` in µPt, the amount of each stage, the complements, the durability and the
masses. ``compute_many(queries)`` checks every query first, then computes them all. Data come from
``filiera/footprint/data/ecobalyse-v7.0.0`` (Ecobalyse, Ministère de la Transition écologique /
ADEME, Licence Ouverte 2.0), read once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from filiera.footprint.engine.compute import METHOD, STAGES, UNIT, VERSION, compute_inputs
from filiera.footprint.engine.data import Dataset, dataset
from filiera.footprint.engine.errors import QueryError
from filiera.footprint.engine.query import MAX_MATERIALS, Inputs, read
from filiera.footprint.engine.zones import UNKNOWN as UNKNOWN_ZONE
from filiera.footprint.engine.zones import zone_for_country

ATTRIBUTION = "Ecobalyse, Ministère de la Transition écologique / ADEME"
SOURCE_URL = "https://ecobalyse.beta.gouv.fr"
LICENCE = "Licence Ouverte / Etalab 2.0"

__all__ = [
    "ATTRIBUTION", "LICENCE", "MAX_MATERIALS", "METHOD", "SOURCE_URL", "STAGES", "UNIT",
    "UNKNOWN_ZONE", "VERSION", "Dataset",
    "Inputs", "QueryError", "compute", "compute_many", "dataset", "validate", "zone_for_country",
]  # fmt: skip


def validate(query: Any) -> Inputs:
    """Check a query; raise ``QueryError`` naming the first bad field."""
    return read(dataset(), query)


def compute(query: Mapping[str, Any], *, detail: bool = False) -> dict:
    """The footprint of one product. ``detail`` adds ``breakdown``: one line per contribution."""
    data = dataset()
    return compute_inputs(data, read(data, query), detail=detail)


def compute_many(queries: Sequence[Mapping[str, Any]], *, detail: bool = False) -> list[dict]:
    """Every query is checked before any is computed; the error says which one is wrong."""
    data = dataset()
    checked = []
    for index, query in enumerate(queries):
        try:
            checked.append(read(data, query))
        except QueryError as error:
            raise error.at(index) from None
    return [compute_inputs(data, inputs, detail=detail) for inputs in checked]
