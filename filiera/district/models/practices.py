"""The good-practice library (PLUSTEX method), shared across districts: practices, the
evaluations of district experts, and the adoptions by firms and districts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class GoodPractice(models.Model):
    class Theme(models.TextChoices):
        """The six PLUSTEX policy themes."""

        ENTREPRENEURSHIP = "entrepreneurship", _("young entrepreneurship and new business models")
        DIVERSIFICATION = (
            "diversification",
            _("diversification towards quality and niche production"),
        )
        COMMUNICATION = "communication", _("communication, design and creativity")
        NETWORKS = "networks", _("networks and internationalisation")
        ECO_INNOVATION = "eco_innovation", _("eco-innovation and social responsibility")
        INCUBATION = "incubation", _("incubation and start-ups")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_it = models.TextField(_("summary (Italian)"))
    summary_en = models.TextField(_("summary (English)"))
    body_it = models.TextField(_("description (Italian)"), blank=True)
    body_en = models.TextField(_("description (English)"), blank=True)
    results_it = models.TextField(_("evidence and results (Italian)"), blank=True)
    results_en = models.TextField(_("evidence and results (English)"), blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    # Codes of the qualification areas the practice serves (environment, chemicals…).
    areas = models.JSONField(_("qualification areas"), default=list, blank=True)
    # Codes of methodology questions it helps close (links improvement actions to it).
    questions = models.JSONField(_("questions"), default=list, blank=True)
    district = models.ForeignKey(
        "registry.District",
        on_delete=models.PROTECT,
        related_name="good_practices",
        verbose_name=_("origin district"),
    )
    firm = models.ForeignKey(
        "registry.Firm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("origin firm"),
    )
    # The origin firm agreed to be named; without it the firm is never shown.
    firm_consents = models.BooleanField(_("the firm agrees to be named"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title_it


class PracticeEvaluation(models.Model):
    """One district expert's marks (1-5) on the four PLUSTEX criteria, with comments."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="evaluations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    relevance = models.PositiveSmallIntegerField(_("relevance"), validators=ONE_TO_FIVE)
    concreteness = models.PositiveSmallIntegerField(_("concreteness"), validators=ONE_TO_FIVE)
    added_value = models.PositiveSmallIntegerField(_("added value"), validators=ONE_TO_FIVE)
    transferability = models.PositiveSmallIntegerField(_("transferability"), validators=ONE_TO_FIVE)
    comment = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "evaluator"], name="unique_practice_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} · {self.evaluator_id}"


class PracticeAdoption(models.Model):
    """A firm or a district adopting a practice (optionally for one improvement action)."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="adoptions")
    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.ForeignKey(
        "qualification.ImprovementAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adoptions",
    )
    note = models.TextField(_("note"), blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(firm__isnull=False) ^ models.Q(district__isnull=False),
                name="adoption_by_firm_or_district",
            ),
            models.UniqueConstraint(
                fields=["practice", "firm"],
                condition=models.Q(firm__isnull=False),
                name="unique_practice_firm",
            ),
            models.UniqueConstraint(
                fields=["practice", "district"],
                condition=models.Q(district__isnull=False),
                name="unique_practice_district",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} · {self.firm_id or self.district_id}"
