"""Who signs credentials (a district or a brand, identified by ``did:web``), their keys and their
revocation lists."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Issuer(models.Model):
    """A district or a brand that signs credentials. Its DID is
    ``did:web:<host>:issuers:<slug>``, so its DID document is served at ``/issuers/<slug>/did.json``.
    """

    district = models.OneToOneField(
        "registry.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuer",
    )
    firm = models.OneToOneField(
        "registry.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="issuer"
    )
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(district__isnull=True, firm__isnull=False)
                | models.Q(district__isnull=False, firm__isnull=True),
                name="passports_issuer_district_or_firm",
            )
        ]

    def __str__(self) -> str:
        return self.name


class IssuerKey(models.Model):
    """An Ed25519 key pair. The private key is stored encrypted (AES-GCM under the platform's key
    secret). One key per issuer signs at a time; a retired key stays in the DID document so what it
    signed still verifies; a revoked key (compromised) is removed from it."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="keys")
    kid = models.CharField(max_length=64)
    public_jwk = models.JSONField()
    private_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issuer", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "kid"], name="passports_key_kid_once"),
            models.UniqueConstraint(
                fields=["issuer"],
                condition=models.Q(retired_at__isnull=True, revoked_at__isnull=True),
                name="passports_key_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} #{self.kid}"


class StatusList(models.Model):
    """A Bitstring Status List of one issuer: bit ``n`` set means credential ``n`` is revoked."""

    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=16, default="revocation")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=131_072)
    bits = models.BinaryField()
    next_index = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issuer", "purpose", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "purpose", "number"], name="passports_status_list_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.purpose} {self.number}"
