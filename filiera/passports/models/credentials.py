"""Signed credentials and the product passports among them. Both are immutable once issued: a
change issues a new version that supersedes the old one; revocation is a bit in a status list."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Credential(models.Model):
    class Kind(models.TextChoices):
        DPP = "dpp", _("Digital Product Passport")
        DCC = "dcc", _("Digital Conformity Credential")
        DFR = "dfr", _("Digital Facility Record")
        STATUS = "status", _("status list")

    class Tier(models.TextChoices):
        PUBLIC = "public", _("everyone")
        VALUE_CHAIN = "value_chain", _("authorised firms of the value chain")
        AUTHORITY = "authority", _("authorities")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices, db_index=True)
    tier = models.CharField(max_length=12, choices=Tier.choices, default=Tier.PUBLIC)
    issuer = models.ForeignKey(
        "passports.Issuer", on_delete=models.PROTECT, related_name="credentials"
    )
    key = models.ForeignKey(
        "passports.IssuerKey", on_delete=models.PROTECT, related_name="credentials"
    )
    document = models.JSONField()  # the credential as JSON-LD, before signing
    jwt = models.TextField()  # the same, secured as an enveloped VC-JWT
    etag = models.CharField(max_length=64)  # sha256 of the JWT
    status_list = models.ForeignKey(
        "passports.StatusList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
    )
    status_index = models.PositiveIntegerField(null=True, blank=True)
    # Whose facility or qualification a DCC or DFR is about.
    site = models.ForeignKey(
        "registry.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    # Hash of what a conformity credential or facility record was built from: while it is unchanged,
    # passports link the same credential instead of issuing a new one.
    basis = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="passports_status_index_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "site", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uid}"


class Passport(models.Model):
    """One version of the passport of a product model, a batch or a single item."""

    class Granularity(models.TextChoices):
        MODEL = "model", _("product model")
        BATCH = "batch", _("batch")
        ITEM = "item", _("item")

    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, related_name="passports"
    )
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    batch = models.ForeignKey(
        "products.Batch", on_delete=models.PROTECT, null=True, blank=True, related_name="passports"
    )
    serial = models.CharField(_("serial number"), max_length=20, blank=True)
    version = models.PositiveIntegerField()
    credential = models.OneToOneField(Credential, on_delete=models.PROTECT, related_name="passport")
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    # The conformity credentials and facility records the passport links to.
    linked = models.ManyToManyField(Credential, blank=True, related_name="linked_from")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["product", "granularity", "-version"]
        verbose_name = _("passport")
        verbose_name_plural = _("passports")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "version"],
                condition=models.Q(granularity="model"),
                name="passports_model_version_once",
            ),
            models.UniqueConstraint(
                fields=["product", "granularity", "batch", "serial", "version"],
                condition=~models.Q(granularity="model"),
                name="passports_batch_item_version_once",
            ),
            models.CheckConstraint(
                condition=models.Q(granularity="model", batch__isnull=True, serial="")
                | models.Q(granularity="batch", batch__isnull=False, serial="")
                | models.Q(granularity="item", batch__isnull=False) & ~models.Q(serial=""),
                name="passports_passport_granularity_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} v{self.version}"
