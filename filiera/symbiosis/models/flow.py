"""A resource flow a firm declares at one of its sites: an output it can offer or an input it
needs (industrial symbiosis)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Flow(models.Model):
    class Direction(models.TextChoices):
        OFFER = "offer", _("offer (output)")
        NEED = "need", _("need (input)")

    class Kind(models.TextChoices):
        WASTE = "waste", _("waste")
        BY_PRODUCT = "by_product", _("by-product")
        END_OF_WASTE = "end_of_waste", _("end-of-waste material")
        SECONDARY_MATERIAL = "secondary_material", _("secondary raw material")
        ENERGY = "energy", _("energy or heat")
        WATER = "water", _("water")
        EQUIPMENT = "equipment", _("equipment")
        SPACE = "space", _("space")
        SKILLS = "skills", _("skills")
        LOGISTICS = "logistics", _("logistics capacity")

    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        MONTH = "month", _("per month")
        WEEK = "week", _("per week")
        ONCE = "once", _("once")

    class LegalStatus(models.TextChoices):
        WASTE = "waste", _("waste (needs an authorised receiver)")
        BY_PRODUCT = "by_product", _("by-product (art. 184-bis D.Lgs. 152/2006)")
        END_OF_WASTE = "end_of_waste", _("end of waste (art. 184-ter D.Lgs. 152/2006)")
        PRODUCT = "product", _("product, energy or service (not waste)")

    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="symbiosis_flows"
    )
    site = models.ForeignKey(
        "registry.Site", on_delete=models.CASCADE, related_name="flows", verbose_name=_("site")
    )
    # The site's position, copied so that nearby flows are found with one indexed query.
    lat = models.FloatField(editable=False)
    lon = models.FloatField(editable=False)
    ref = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        help_text=_("Your own code for this flow, e.g. the row id of an imported file."),
    )
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ewc = models.CharField(
        _("EWC code"),
        max_length=6,
        blank=True,
        help_text=_("European List of Waste code, six digits, e.g. 04 02 22."),
    )
    description = models.TextField(_("description (Italian)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=16)
    period = models.CharField(_("period"), max_length=5, choices=Period.choices)
    # The quantity per year in the base unit of its dimension (t, MWh, m3, items…); per
    # flow for "once". Null when the unit has no base unit (e.g. skills measured in hours).
    amount_year = models.FloatField(null=True, editable=False)
    base_unit = models.CharField(max_length=8, blank=True, editable=False)
    attributes = models.JSONField(
        _("quality attributes"),
        default=dict,
        blank=True,
        help_text=_("E.g. fibre, colour, construction (knitted/woven), coated, elastane share."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    hazardous = models.BooleanField(
        _("hazardous"), default=False, help_text=_("Set from the EWC entry for wastes.")
    )
    accepts_hazardous = models.BooleanField(
        _("authorised to receive hazardous waste"), default=False
    )
    legal_status = models.CharField(_("legal status"), max_length=12, choices=LegalStatus.choices)
    max_distance_km = models.PositiveIntegerField(
        _("maximum distance (km)"),
        default=50,
        validators=[MinValueValidator(1)],
        help_text=_("How far you will move it, or fetch it from."),
    )
    accepted_ewc = models.JSONField(
        _("EWC codes you are authorised to receive"),
        default=list,
        blank=True,
        help_text=_("For needs of waste: the codes in your permit."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["firm", "direction", "-updated_at", "id"]
        verbose_name = _("resource flow")
        verbose_name_plural = _("resource flows")
        indexes = [
            # Candidate search: the other direction, an active flow, near by (latitude band).
            models.Index(fields=["direction", "active", "lat"], name="symbiosis_flow_near"),
            models.Index(fields=["direction", "active", "ewc"], name="symbiosis_flow_code"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "ref"],
                condition=~models.Q(ref=""),
                name="symbiosis_flow_ref_once",
                violation_error_message=_("This firm already has a flow with this reference."),
            ),
            models.CheckConstraint(
                condition=models.Q(available_until__isnull=True)
                | models.Q(available_from__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="symbiosis_flow_window",
                violation_error_message=_("“Available until” comes before “available from”."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.description[:60]}"

    @property
    def display_ewc(self) -> str:
        """The code as printed in the list: ``04 02 22``, with ``*`` when hazardous."""
        if not self.ewc:
            return ""
        code = f"{self.ewc[:2]} {self.ewc[2:4]} {self.ewc[4:]}"
        return code + ("*" if self.hazardous and self.kind == self.Kind.WASTE else "")
