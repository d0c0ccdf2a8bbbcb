"""Alerts to a client about its chain: a supplier's grade dropped, a document is expiring, a
relation has no assessed supplier. ``key`` makes each alert once only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainAlert(models.Model):
    class Kind(models.TextChoices):
        GRADE_DROP = "grade_drop", _("grade dropped")
        EVIDENCE_EXPIRING = "evidence_expiring", _("evidence expiring")
        NOT_ASSESSED = "not_assessed", _("supplier not assessed")

    client = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="chain_alerts"
    )
    supplier = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=80)
    # Plain facts for the message: old and new grade, document kind and date…
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "key"], name="unique_chain_alert")
        ]
        indexes = [models.Index(fields=["client", "read_at"])]

    def __str__(self) -> str:
        return f"{self.client}: {self.get_kind_display()}"
