from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DuplicateCandidate(models.Model):
    """Two firms (or two sites) that look like the same one, and what a person decided."""

    class Kind(models.TextChoices):
        FIRM = "firm", _("firm")
        SITE = "site", _("site")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        CONFIRMED = "confirmed", _("confirmed duplicate")
        DISMISSED = "dismissed", _("not a duplicate")
        MERGED = "merged", _("merged")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    # For firms the ids are firm ids; for sites, site ids. Plain ids keep the decision after a merge.
    left_id = models.BigIntegerField()
    right_id = models.BigIntegerField()
    left_label = models.CharField(max_length=200)
    right_label = models.CharField(max_length=200)
    district = models.ForeignKey(
        "registry.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-score", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "left_id", "right_id"], name="unique_duplicate_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.left_label} ~ {self.right_label}"
