"""Evidence: certificates and documents a firm uploads once and reuses across questions and
assessments. Files go through Django's storage and are served only to people who may see them."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def evidence_path(instance: Evidence, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"evidence/{instance.firm_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="evidence", verbose_name=_("firm")
    )
    # A code of the methodology's certificate catalogue (``iso_14001``, ``durc``…) or ``other``.
    certificate = models.CharField(_("kind of document"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_until", "-id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title or self.certificate

    def get_absolute_url(self) -> str:
        return reverse("evidence_detail", args=[self.pk])

    def is_valid_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        return starts_ok and (self.valid_until is None or day <= self.valid_until)

    @property
    def until_for_scoring(self) -> date:
        """The end of validity as the scoring engine reads it (no end: valid for ever)."""
        return self.valid_until or date.max


class EvidenceReminder(models.Model):
    """One reminder sent for one piece of evidence, so the daily run never repeats itself."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.IntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "days_before"], name="unique_evidence_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence} · {self.days_before}"
