"""Parsed methodology versions, kept per process (published versions never change)."""

from __future__ import annotations

from typing import Any

from filiera.qualification.methodology.loader import load_definition
from filiera.qualification.methodology.schema import Methodology

_PARSED: dict[int, Methodology] = {}


def parsed(version: Any) -> Methodology:
    if version.pk is not None and version.status == "published":
        cached = _PARSED.get(version.pk)
        if cached is None:
            cached = _PARSED[version.pk] = load_definition(version.definition, str(version))
        return cached
    return load_definition(version.definition, str(version))


def compiled(version: Any):
    """The scoring engine's precomputed form of a version (cached with the parsed one)."""
    from filiera.qualification import scoring

    return scoring.compile_methodology(parsed(version))
