"""Immutable score snapshots: what the engine computed, under which version and weights, when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official")
        RESCORE = "rescore", _("re-scored")

    class Status(models.TextChoices):
        QUALIFIED = "qualified", _("qualified")
        WITH_PLAN = "qualified_with_plan", _("qualified with improvement plan")
        NOT_QUALIFIED = "not_qualified", _("not qualified")

    assessment = models.ForeignKey(
        "qualification.Assessment", on_delete=models.CASCADE, related_name="scores"
    )
    version = models.ForeignKey(
        "qualification.MethodologyVersion", on_delete=models.PROTECT, related_name="scores"
    )
    weighting = models.ForeignKey(
        "qualification.Weighting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scores",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    # Why it was computed: submitted, verified, corrected, evidence expired, re-weighted…
    reason = models.CharField(max_length=30, blank=True)
    evaluated_on = models.DateField()
    overall = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=1, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["assessment", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.grade or '-'}"

    @property
    def areas(self) -> dict:
        return self.result.get("areas", {})
