import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 14


def _token() -> str:
    return secrets.token_urlsafe(32)


def _expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """An e-mail invitation to a role in a district or in a firm."""

    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=_token)
    district = models.ForeignKey(
        "registry.District", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    district_role = models.CharField(max_length=20, blank=True)
    firm = models.ForeignKey(
        "registry.Firm", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    firm_role = models.CharField(max_length=20, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=False) | models.Q(firm__isnull=False),
                name="invitation_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.firm or self.district}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
