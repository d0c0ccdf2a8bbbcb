"""Does a firm or site look like another? Plain Python over names and coordinates."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

NAME_THRESHOLD = 88.0
NEAR_KM = 2.0

_LEGAL_SUFFIXES = re.compile(
    r"\b(s\.?r\.?l\.?s?|s\.?p\.?a\.?|s\.?n\.?c\.?|s\.?a\.?s\.?|soc(ieta)?\.? coop(erativa)?|"
    r"ditta|di|&|c\.?|gmbh|ltd|sarl|sa)\b\.?",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """A name without legal-form words and punctuation, for comparison."""
    text = _LEGAL_SUFFIXES.sub(" ", name.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    points: tuple[tuple[float, float], ...]  # where it is (sites of a firm, or the site itself)


@dataclass(frozen=True)
class Match:
    id: int
    score: float  # from 0 to 1
    distance_km: float | None

    @property
    def reason(self) -> str:
        """Why the pair was raised, as shown on the duplicates page."""
        if self.distance_km is None:
            return "similar name"
        return f"similar name, {self.distance_km:.1f} km apart"


def similar(
    target: Candidate, others: Iterable[Candidate], near_km: float = NEAR_KM
) -> list[Match]:
    """Others whose name looks like the target's and which lie within ``near_km`` of it.

    When either side has no location, a very close name alone is enough.
    """
    pool = [o for o in others if o.id != target.id]
    if not pool:
        return []
    keys = [name_key(o.name) for o in pool]
    hits = process.extract(
        name_key(target.name),
        keys,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=NAME_THRESHOLD,
        limit=20,
    )
    matches = []
    for _key, score, i in hits:
        other = pool[i]
        distances = [km(*a, *b) for a in target.points for b in other.points]
        nearest = min(distances) if distances else None
        if nearest is None and score < 97:
            continue
        if nearest is not None and nearest > near_km:
            continue
        matches.append(Match(other.id, round(score / 100, 3), nearest))
    return sorted(matches, key=lambda m: -m.score)
