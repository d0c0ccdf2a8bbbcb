"""Reads for qualification pages: which methodology a district uses, earlier cycles, history."""

from __future__ import annotations

from django.db.models import QuerySet

from filiera.qualification.models import Assessment, MethodologyVersion, Score
from filiera.registry.models import District, Firm

SHIPPED = "filiera-base"


def published_versions() -> QuerySet[MethodologyVersion]:
    return MethodologyVersion.objects.filter(
        status=MethodologyVersion.Status.PUBLISHED
    ).select_related("methodology")


def current_version(district: District | None) -> MethodologyVersion | None:
    """The district's own latest published version, else the latest shipped one."""
    versions = published_versions().order_by("-number", "-id")
    if district is not None:
        own = versions.filter(methodology__district=district).first()
        if own is not None:
            return own
    return versions.filter(methodology__slug=SHIPPED).first()


def previous_assessment(firm: Firm, before: Assessment | None) -> Assessment | None:
    """The firm's latest earlier assessment that went past the draft stage."""
    queryset = Assessment.objects.filter(firm=firm).exclude(status=Assessment.Status.DRAFT)
    if before is not None:
        queryset = queryset.exclude(pk=before.pk).filter(created_at__lte=before.created_at)
    return queryset.order_by("-created_at", "-id").first()


def latest_assessment(firm: Firm) -> Assessment | None:
    return Assessment.objects.filter(firm=firm).order_by("-created_at", "-id").first()


def official_history(firm: Firm) -> QuerySet[Score]:
    """Every official score of the firm, oldest first (the history chart)."""
    return (
        Score.objects.filter(assessment__firm=firm, kind=Score.Kind.OFFICIAL)
        .select_related("assessment")
        .order_by("created_at", "id")
    )
