"""Parsed methodology versions, kept per process (published versions never change)."""

from __future__ import annotations

from typing import Any

from filiera.qualification.methodology.loader import load_definition
from filiera.qualification.methodology.schema import Methodology

# Keyed by id and publication time: an id can come back after a rolled-back transaction (the
# sequence rolls back too), and a cached entry must never stand for another version.
_PARSED: dict[tuple[int, Any], Methodology] = {}


def parsed(version: Any) -> Methodology:
    if version.pk is not None and version.status == "published":
        key = (version.pk, getattr(version, "published_at", None))
        cached = _PARSED.get(key)
        if cached is None:
            cached = _PARSED[key] = load_definition(version.definition, str(version))
        return cached
    return load_definition(version.definition, str(version))


def compiled(version: Any):
    """The scoring engine's precomputed form of a version (cached with the parsed one)."""
    from filiera.qualification import scoring

    return scoring.compile_methodology(parsed(version))
