"""A firm's self-assessment for a period, its answers, and the verifier's corrections."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DISPUTE_DAYS = 14


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned with comments")
        VERIFIED = "verified", _("verified")

    firm = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("firm"),
    )
    # The district whose verifiers review it.
    district = models.ForeignKey(
        "registry.District",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("district"),
    )
    period = models.CharField(_("period"), max_length=20)
    version = models.ForeignKey(
        "qualification.MethodologyVersion",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("methodology"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The firm as the applicability rules see it (size class, role, processes), frozen on submit.
    context = models.JSONField(default=dict)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("comment for the firm"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    # The latest official score (the version's own weights), copied here for lists and peers.
    score = models.ForeignKey(
        "qualification.Score", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overall = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=1, blank=True)
    qualification = models.CharField(max_length=24, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["firm", "period"], name="unique_assessment_period")
        ]

    def __str__(self) -> str:
        return f"{self.firm} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("assessment_detail", args=[self.pk])

    @property
    def is_editable_by_firm(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    value = models.CharField(_("answer"), max_length=500, blank=True)
    comment = models.TextField(_("note"), blank=True)
    evidence = models.ManyToManyField(
        "qualification.Evidence", blank=True, related_name="answers", verbose_name=_("evidence")
    )
    # The latest end of validity among the attached evidence (date.max when one never expires),
    # kept by the services so that re-scoring reads one column instead of a join.
    evidence_until = models.DateField(null=True, blank=True)
    reviewed = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class Correction(models.Model):
    """A verifier's change to an answer, with its reason; the firm may dispute it for 14 days."""

    class Resolution(models.TextChoices):
        NONE = "", _("open")
        UPHELD = "upheld", _("correction upheld")
        REVERTED = "reverted", _("answer restored")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="corrections")
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    old_value = models.CharField(max_length=500, blank=True)
    new_value = models.CharField(max_length=500, blank=True)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    dispute = models.TextField(_("dispute"), blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, blank=True, default=Resolution.NONE
    )
    resolution_note = models.TextField(_("answer to the dispute"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.answer.question}: {self.old_value} → {self.new_value}"

    @property
    def dispute_deadline(self):
        return self.created_at + timedelta(days=DISPUTE_DAYS)

    def can_be_disputed(self, now=None) -> bool:
        now = now or timezone.now()
        return not self.disputed_at and not self.resolution and now <= self.dispute_deadline
