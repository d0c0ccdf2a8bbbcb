"""Duplicate warnings for the firms an import created, cheap enough for large files.

The rules are those of ``duplicates.check_firm`` (``similarity.similar``: a close name, and sites
near each other), but the district's firms are read once for all new firms instead of once per
firm, and a fast name pre-filter picks the few firms ``similar`` needs to look at. Above
``LIMIT`` new firms the check is skipped and the report says so.
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from filiera.registry import similarity
from filiera.registry.models import District, DuplicateCandidate, Firm, Site

LIMIT = 500


def check_new_firms(district: District | None, firm_ids: list[int]) -> int | None:
    """Record open duplicate candidates for ``firm_ids``; their number, or None when skipped."""
    if district is None or not firm_ids:
        return 0
    if len(firm_ids) > LIMIT:
        return None
    pool = _district_firms(district)
    keys = [similarity.name_key(c.name) for c in pool]
    by_id = {c.id: c for c in pool}
    pairs: dict[tuple[int, int], DuplicateCandidate] = {}
    for firm_id in firm_ids:
        target = by_id[firm_id]
        hits = process.extract(
            similarity.name_key(target.name),
            keys,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=similarity.NAME_THRESHOLD,
            limit=21,
        )
        for match in similarity.similar(target, [pool[i] for _key, _score, i in hits]):
            left, right = sorted((firm_id, match.id))
            pairs.setdefault(
                (left, right),
                DuplicateCandidate(
                    kind=DuplicateCandidate.Kind.FIRM,
                    left_id=left,
                    right_id=right,
                    left_label=by_id[left].name[:200],
                    right_label=by_id[right].name[:200],
                    district=district,
                    score=match.score,
                    reason=match.reason,
                ),
            )
    # A pair already decided keeps its decision: conflicts on the unique pair are ignored.
    DuplicateCandidate.objects.bulk_create(list(pairs.values()), ignore_conflicts=True)
    return len(pairs)


def _district_firms(district: District) -> list[similarity.Candidate]:
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for firm_id, lat, lon in Site.objects.filter(firm__districts=district).values_list(
        "firm_id", "lat", "lon"
    ):
        points[firm_id].append((lat, lon))
    firms = Firm.objects.filter(districts=district).values_list("id", "legal_name")
    return [similarity.Candidate(pk, name, tuple(points[pk])) for pk, name in firms]
