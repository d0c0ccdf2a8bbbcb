"""Demo content of the district insight and showcase: ``filiera demo`` calls :func:`load` after
the firms, assessments, chains and flows exist. Each part lives in its own module.

The demo writes every firm and score on the same day; :func:`spread_history` moves them back in
time (each firm joined up to 18 months ago, its assessments and scores later than that), so the
dashboard's trends have months to show.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from filiera.district import (
    demo_events,
    demo_networks,
    demo_news,
    demo_practices,
    demo_showcase,
)
from filiera.district.models import FirmFact
from filiera.qualification.models import Assessment, Score
from filiera.registry.models import District, Firm

JOINED_WITHIN_DAYS = 540


def load(district: District, seed: int = 1) -> dict[str, int]:
    """Write the demo showcase, news, practices, networks and events; then the dashboard."""
    counts: dict[str, int] = {}
    counts.update(demo_showcase.load(district, seed))
    counts.update(demo_news.load(district, seed))
    counts.update(demo_practices.load(district, seed))
    counts.update(demo_networks.load(district, seed))
    counts.update(demo_events.load(district, seed))
    from filiera.district.services import insight

    if not FirmFact.objects.filter(district=district).exists():
        spread_history(district, seed)
    insight.refresh_district(district.pk)
    return counts


def spread_history(district: District, seed: int) -> None:
    """Move each firm's joining date back by up to 18 months, and its assessments and scores
    back by a shorter span (they keep their order and follow the joining)."""
    rng = random.Random(seed)
    now = timezone.now()
    firms = list(Firm.objects.filter(districts=district).order_by("pk"))
    shift: dict[int, timedelta] = {}
    for firm in firms:
        joined = rng.randint(30, JOINED_WITHIN_DAYS)
        firm.created_at = now - timedelta(days=joined)
        shift[firm.pk] = timedelta(days=rng.randint(0, joined - 15))
    Firm.objects.bulk_update(firms, ["created_at"], batch_size=1000)
    assessments = list(Assessment.objects.filter(firm__in=firms))
    for assessment in assessments:
        assessment.created_at -= shift[assessment.firm_id]
    Assessment.objects.bulk_update(assessments, ["created_at"], batch_size=1000)
    scores = list(Score.objects.filter(assessment__firm__in=firms).select_related("assessment"))
    for score in scores:
        score.created_at -= shift[score.assessment.firm_id]
    Score.objects.bulk_update(scores, ["created_at"], batch_size=1000)
