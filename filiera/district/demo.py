"""Demo content of the district insight and showcase: ``filiera demo`` calls :func:`load` after
the firms, assessments, chains and flows exist. Each part lives in its own module."""

from __future__ import annotations

from filiera.district import (
    demo_events,
    demo_networks,
    demo_news,
    demo_practices,
    demo_showcase,
)
from filiera.registry.models import District


def load(district: District, seed: int = 1) -> dict[str, int]:
    """Write the demo showcase, news, practices, networks and events; then the dashboard."""
    counts: dict[str, int] = {}
    counts.update(demo_showcase.load(district, seed))
    counts.update(demo_news.load(district, seed))
    counts.update(demo_practices.load(district, seed))
    counts.update(demo_networks.load(district, seed))
    counts.update(demo_events.load(district, seed))
    from filiera.district.services import insight

    insight.refresh_district(district.pk)
    return counts
