"""Per district: the eco-district eligibility thresholds and the emission factors its
indicators use; per firm: the yearly material totals its circularity shares are taken over."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class SymbiosisPolicy(models.Model):
    class Grade(models.TextChoices):
        A = "A", "A"
        B = "B", "B"
        C = "C", "C"
        D = "D", "D"
        E = "E", "E"

    district = models.OneToOneField(
        "registry.District", on_delete=models.CASCADE, related_name="symbiosis_policy"
    )
    min_circular_inflow = models.FloatField(
        _("minimum circular inflow (%)"), null=True, blank=True, validators=PERCENT
    )
    min_circular_outflow = models.FloatField(
        _("minimum circular outflow (%)"), null=True, blank=True, validators=PERCENT
    )
    min_grade = models.CharField(
        _("minimum qualification grade"), max_length=1, choices=Grade.choices, blank=True
    )
    min_active_exchanges = models.PositiveIntegerField(
        _("minimum active or closed exchanges"), null=True, blank=True
    )
    transport_kg_co2e_per_tkm = models.FloatField(
        _("transport emissions (kg CO2e per tonne-kilometre)"),
        default=0.1,
        validators=[MinValueValidator(0)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eco-district rules")
        verbose_name_plural = _("eco-district rules")

    def __str__(self) -> str:
        return f"{self.district}"


class CircularityProfile(models.Model):
    """A firm's yearly material totals, when it knows them. Without them its circular shares
    are taken over the flows it declared."""

    firm = models.OneToOneField(
        "registry.Firm", on_delete=models.CASCADE, related_name="circularity_profile"
    )
    material_inflow_t = models.FloatField(
        _("materials used per year (t)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    material_outflow_t = models.FloatField(
        _("waste and by-products per year (t)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("circularity profile")
        verbose_name_plural = _("circularity profiles")

    def __str__(self) -> str:
        return f"{self.firm}"
