"""Re-scoring frozen answers under a methodology version (and optionally a weighting).

Re-scored snapshots are kind ``rescore``: they sit next to the official score and never replace
it. Used by the re-score page, its background task and ``filiera rescore``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, QuerySet

from filiera.core.usererror import N_, UserError
from filiera.qualification.models import Assessment, MethodologyVersion, Weighting
from filiera.qualification.services.scores import rescore_many
from filiera.registry.models import District

# Only answers that the firm handed in are re-scored: drafts and returned ones still change.
RESCORED_STATUSES = (
    Assessment.Status.SUBMITTED,
    Assessment.Status.IN_REVIEW,
    Assessment.Status.VERIFIED,
)
# Up to this many assessments are re-scored within the request; more go to the task queue.
INLINE_LIMIT = 2000


@dataclass
class RescoreRun:
    version: str
    count: int
    by_status: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "count": self.count,
            "by_status": self.by_status,
            "seconds": round(self.seconds, 3),
        }


def assessments_to_rescore(district: District | None = None) -> QuerySet[Assessment]:
    queryset = Assessment.objects.filter(status__in=RESCORED_STATUSES)
    if district is not None:
        queryset = queryset.filter(district=district)
    return queryset


def check(version: MethodologyVersion, weighting: Weighting | None) -> None:
    if not version.is_published:
        raise UserError(N_("Only a published version can re-score assessments."))
    if weighting is not None and weighting.methodology_id != version.methodology_id:
        raise UserError(
            N_("The weighting %(name)s belongs to another methodology."), name=weighting.name
        )


def rescore(
    version: MethodologyVersion,
    *,
    district: District | None = None,
    weighting: Weighting | None = None,
    on: date | None = None,
) -> RescoreRun:
    """Re-score the handed-in assessments of a district (or of every district)."""
    check(version, weighting)
    started = time.perf_counter()
    queryset = assessments_to_rescore(district)
    by_status = dict(
        queryset.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    with transaction.atomic():
        count = rescore_many(
            queryset.only("id", "context").order_by("id"), version, weighting=weighting, on=on
        )
    return RescoreRun(
        version=version.key,
        count=count,
        by_status={s.value: by_status.get(s.value, 0) for s in RESCORED_STATUSES},
        seconds=time.perf_counter() - started,
    )
