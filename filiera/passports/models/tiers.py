"""Who may see more of a passport than the public: firms a brand authorises (value-chain tier) and
authorities holding a token issued by a district (authority tier)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PassportViewer(models.Model):
    """A firm that a brand lets see the value-chain fields of its passports."""

    brand = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="passport_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["brand", "firm"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "firm"], name="passports_viewer_once")
        ]

    def __str__(self) -> str:
        return f"{self.brand} → {self.firm}"


class AuthorityToken(models.Model):
    """A token a district gives an authority (market surveillance, customs) to read every tier.
    Only its SHA-256 is stored; the token is shown once when created."""

    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, related_name="authority_tokens"
    )
    name = models.CharField(_("authority"), max_length=160)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["district", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
