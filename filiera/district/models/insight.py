"""Precomputed facts behind the district dashboard.

``FirmFact`` holds one row per firm of a district per month: what the dashboard counts and
filters on, read from the registry, qualification and evidence by ``services.insight`` (a task
refreshes the current month; earlier months stay as they were, so trends show history).
``DistrictSnapshot`` keeps the district-wide chain and symbiosis figures of the last refresh.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FirmFact(models.Model):
    class Stage(models.TextChoices):
        NONE = "none", _("not started")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned with comments")
        VERIFIED = "verified", _("verified")

    district = models.ForeignKey("registry.District", on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="facts")
    # First day of the month the row describes.
    month = models.DateField()
    # ATECO division (two digits) of the firm's main activity, "" when unknown.
    sector = models.CharField(max_length=2, blank=True)
    municipality = models.ForeignKey(
        "registry.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    size_class = models.CharField(max_length=10, blank=True)
    role = models.CharField(max_length=20, blank=True)
    onboarded_on = models.DateField()
    # At least one person holds an account in the firm.
    has_account = models.BooleanField(default=False)
    # Someone of the firm logged in within the last ``ACTIVE_DAYS`` days.
    active = models.BooleanField(default=False)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.NONE)
    # The latest official score: overall, grade, qualification status and grade per area.
    overall = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=1, blank=True)
    qualification = models.CharField(max_length=24, blank=True)
    area_grades = models.JSONField(default=dict, blank=True)
    # The same grades as text, ";code=grade;" per area (";env=B;soc=A;"), so that the
    # dashboard counts them in SQL with LIKE on both databases.
    area_key = models.CharField(max_length=255, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    certificates_valid = models.PositiveIntegerField(default=0)
    # Valid certificates that expire within the next 90 days.
    certificates_expiring = models.PositiveIntegerField(default=0)
    # Valid certificates ending in this or the next five months, "kind:YYYY-MM-DD;…".
    expiries = models.TextField(blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("firm fact")
        verbose_name_plural = _("firm facts")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "month", "firm"], name="unique_firm_fact_month"
            )
        ]
        indexes = [models.Index(fields=["district", "month", "sector", "size_class"])]

    def __str__(self) -> str:
        return f"{self.firm_id} · {self.month:%Y-%m}"


class DistrictSnapshot(models.Model):
    """District-wide figures of the last refresh (supply chains, symbiosis), as JSON."""

    district = models.OneToOneField(
        "registry.District", on_delete=models.CASCADE, related_name="snapshot"
    )
    figures = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("district snapshot")
        verbose_name_plural = _("district snapshots")

    def __str__(self) -> str:
        return f"{self.district} · {self.computed_at:%Y-%m-%d}"
