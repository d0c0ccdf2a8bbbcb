"""A suggested pairing of an offer with a need, and what the two firms did with it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Match(models.Model):
    """Lifecycle: suggested → interest (either side) → contact shared (both sides accepted; only
    now each firm sees the other's name) → agreed → active → closed; or declined at any open
    step, with a reason. A declined pair is never suggested again."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        INTEREST = "interest", _("interest expressed")
        CONTACT_SHARED = "contact", _("contacts shared")
        AGREED = "agreed", _("agreed")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")
        DECLINED = "declined", _("declined")

    class Side(models.TextChoices):
        OFFER = "offer", _("offering firm")
        NEED = "need", _("receiving firm")

    offer = models.ForeignKey(
        "symbiosis.Flow", on_delete=models.CASCADE, related_name="offer_matches"
    )
    need = models.ForeignKey(
        "symbiosis.Flow", on_delete=models.CASCADE, related_name="need_matches"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    score = models.FloatField(_("score"))
    # The score's parts by name (each 0 to 1) and the weights used, so the page can say why.
    components = models.JSONField(default=dict)
    distance_km = models.FloatField(_("distance (km)"))
    computed_at = models.DateTimeField()
    # District optimum: tonnes per year this pair would carry in the district allocation,
    # null when the allocation did not pick it.
    allocated_amount = models.FloatField(null=True, blank=True)
    offer_interest_at = models.DateTimeField(null=True, blank=True)
    need_interest_at = models.DateTimeField(null=True, blank=True)
    contact_shared_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_quantity = models.DecimalField(
        _("agreed quantity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    agreed_unit = models.CharField(_("unit"), max_length=16, blank=True)
    agreed_period = models.CharField(_("period"), max_length=5, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=5, choices=Side.choices, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "need"], name="symbiosis_match_pair_once")
        ]
        indexes = [models.Index(fields=["status"], name="symbiosis_match_status")]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.need_id} ({self.status})"

    @property
    def identities_visible(self) -> bool:
        """Names are shown to the two firms only once both have accepted."""
        return self.status in (
            self.Status.CONTACT_SHARED,
            self.Status.AGREED,
            self.Status.ACTIVE,
            self.Status.CLOSED,
        )


class Delivery(models.Model):
    """A quantity actually exchanged in a period (realised flow)."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="deliveries")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=16)
    # The quantity in the base unit of the flows (t, MWh, m3…).
    amount = models.FloatField(editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["match", "period_start", "id"]
        verbose_name = _("realised quantity")
        verbose_name_plural = _("realised quantities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="symbiosis_delivery_period",
                violation_error_message=_("The period ends before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} ({self.period_start} to {self.period_end})"
