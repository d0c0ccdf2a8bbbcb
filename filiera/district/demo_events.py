"""Demo events (to be written)."""

from __future__ import annotations


def load(district, seed: int = 1) -> dict[str, int]:
    return {}
