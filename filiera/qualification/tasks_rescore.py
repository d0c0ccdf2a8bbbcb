"""Background re-scoring for large districts (the re-score page runs small ones at once).

The task takes primary keys and plain values, so any task backend can run it; running it twice
adds a second set of identical ``rescore`` snapshots, and pages read the latest one.
"""

from __future__ import annotations

from datetime import date

from django.tasks import task


@task
def rescore_district(
    version_id: int, district_id: int | None, weighting_id: int | None, day: str
) -> dict:
    from filiera.qualification.models import MethodologyVersion, Weighting
    from filiera.qualification.services import rescoring
    from filiera.registry.models import District

    version = MethodologyVersion.objects.select_related("methodology").get(pk=version_id)
    district = District.objects.get(pk=district_id) if district_id else None
    weighting = Weighting.objects.get(pk=weighting_id) if weighting_id else None
    run = rescoring.rescore(
        version, district=district, weighting=weighting, on=date.fromisoformat(day)
    )
    return run.as_dict()
