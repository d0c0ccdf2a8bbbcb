"""Background tasks of the district app. Tasks take primary keys and are idempotent."""

from __future__ import annotations

from django.tasks import task


@task
def refresh_district_insight(district_id: int) -> dict:
    """Recompute the district dashboard's facts for the current month and its snapshot, and
    the district's public directory (certificates lapse and imports write without signals)."""
    from filiera.district.services import showcase
    from filiera.district.services.insight import refresh_district

    counts = dict(refresh_district(district_id))
    counts["showcase_entries"] = showcase.refresh_district(district_id)
    return counts
