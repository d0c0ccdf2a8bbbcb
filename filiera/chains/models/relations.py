"""Who supplies whom: supply relations and the invitations that create them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filiera.chains.models.sharing import Level


class Tier(models.IntegerChoices):
    """The kind of work, as seen from the client (the usual tier numbering of fashion chains)."""

    ASSEMBLY = 1, _("tier 1 · assembly and finished goods")
    MATERIALS = 2, _("tier 2 · materials (fabrics, yarns, trims)")
    PROCESSING = 3, _("tier 3 · raw material processing")
    RAW = 4, _("tier 4 · raw materials")


class SupplyRelationQuerySet(models.QuerySet):
    def active(self, on=None) -> SupplyRelationQuerySet:
        """Relations in force on ``on`` (today by default): started and not ended."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(since__isnull=True) | models.Q(since__lte=on),
            models.Q(until__isnull=True) | models.Q(until__gte=on),
        )


class SupplyRelation(models.Model):
    """A supplier works for a client: which processes, at which of its sites, since when."""

    client = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="supplier_relations",
        verbose_name=_("client"),
    )
    supplier = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="client_relations",
        verbose_name=_("supplier"),
    )
    # The supplier's site doing the work, when known (traceability).
    site = models.ForeignKey(
        "registry.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supply_relations",
        verbose_name=_("site doing the work"),
    )
    processes = models.ManyToManyField(
        "registry.Process", blank=True, related_name="+", verbose_name=_("processes")
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupplyRelationQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "id"]
        verbose_name = _("supply relation")
        verbose_name_plural = _("supply relations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(client=models.F("supplier")), name="relation_not_to_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="relation_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["supplier", "client"])]

    def __str__(self) -> str:
        return f"{self.client} ← {self.supplier}"


def _token() -> str:
    return secrets.token_urlsafe(32)


class SupplyInvitation(models.Model):
    """A client asks a firm to become its supplier. The firm is known (found by P.IVA or by
    the e-mail of one of its people) or joins the district through the e-mailed link."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        CANCELLED = "cancelled", _("cancelled")

    client = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="sent_supply_invitations",
        verbose_name=_("client"),
    )
    supplier = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supply_invitations",
        verbose_name=_("supplier"),
    )
    # What the client typed: kept to find or create the firm when it joins.
    vat = models.CharField(_("VAT number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    name = models.CharField(_("firm name"), max_length=200, blank=True)
    processes = models.ManyToManyField(
        "registry.Process", blank=True, related_name="+", verbose_name=_("processes")
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    message = models.TextField(_("message to the supplier"), blank=True)
    # What the client asks to see; the supplier decides (the default share is the grade only).
    requested_level = models.PositiveSmallIntegerField(
        _("asks to see"), choices=Level.choices, default=Level.GRADE
    )
    requested_profile = models.BooleanField(_("asks for the profile"), default=False)
    requested_sites = models.BooleanField(_("asks for the sites"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    relation = models.ForeignKey(
        SupplyRelation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("supply invitation")
        verbose_name_plural = _("supply invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supplier__isnull=False) | ~models.Q(email=""),
                name="supply_invitation_reaches_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.supplier or self.name or self.email}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
