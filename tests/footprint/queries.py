"""Queries and helpers shared by the footprint tests (engine, command and API)."""

from __future__ import annotations

import pytest

M = 0.17  # T-shirt, kg

# Ecobalyse's e2e-01 without the spinning country, and a faded jean made in Turkey.
TSHIRT = {
    "product": "tshirt",
    "mass": M,
    "materials": [{"id": "ei-coton", "share": 1}],
    "countryFabric": "FR",
    "countryDyeing": "FR",
    "countryMaking": "FR",
}
JEAN = {
    "product": "jean",
    "mass": 0.45,
    "materials": [{"id": "ei-coton", "share": 0.98}, {"id": "elasthane", "share": 0.02}],
    "countryFabric": "TR",
    "countryDyeing": "TR",
    "countryMaking": "TR",
    "fading": True,
}


def approx(value: float, rel: float = 1e-6):
    return pytest.approx(value, rel=rel, abs=1e-9)


def tshirt(**extra) -> dict:
    """A cotton T-shirt with every step in France, changed by ``extra``."""
    return {**TSHIRT, "countrySpinning": "FR", **extra}


def lines(result: dict, stage: str) -> dict[str, float]:
    """The breakdown lines of one stage, by item."""
    out: dict[str, float] = {}
    for line in result["breakdown"]:
        if line["stage"] == stage:
            out[line["item"]] = out.get(line["item"], 0.0) + line["ecs"]
    return out
