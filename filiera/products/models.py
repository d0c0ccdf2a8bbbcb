"""Products of a brand: what they are made of and where each step is done.

The footprint (``filiera.footprint``) reads these; passports will too. A product belongs to one
firm (the brand or own-label maker). Composition uses the materials of the footprint method; each
step of the chain (spinning, weaving or knitting, dyeing, making) names the site that does it, and
so its country. A step without a site may still name a country.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filiera.footprint import labels
from filiera.registry import countries


class Product(models.Model):
    brand = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="products", verbose_name=_("brand")
    )
    name = models.CharField(_("name (Italian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    model_code = models.CharField(_("model code"), max_length=64, blank=True)
    category = models.CharField(
        _("category"), max_length=32, choices=labels.choices(labels.CATEGORIES)
    )
    mass_kg = models.DecimalField(
        _("mass (kg)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("100"))],
        help_text=_("Mass of one finished item, in kilograms (e.g. 0.17 for a T-shirt)."),
    )
    # Optional inputs of the footprint method; empty means the category's default.
    fabric_process = models.CharField(
        _("fabric process"), max_length=32, blank=True, choices=labels.choices(labels.FABRICS)
    )
    making_complexity = models.CharField(
        _("making complexity"),
        max_length=16,
        blank=True,
        choices=labels.choices(labels.COMPLEXITIES),
    )
    dyeing_process = models.CharField(
        _("dyeing process"), max_length=16, blank=True, choices=labels.choices(labels.DYEING)
    )
    printing = models.CharField(
        _("printing"), max_length=16, blank=True, choices=labels.choices(labels.PRINTING)
    )
    printing_ratio = models.DecimalField(
        _("printed share of the surface"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.8"))],
    )
    fading = models.BooleanField(_("faded (e.g. stone-washed jeans)"), default=False)
    upcycled = models.BooleanField(_("remade from used garments"), default=False)
    # What the durability coefficient depends on.
    price_eur = models.DecimalField(
        _("retail price (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000"))],
    )
    catalogue_references = models.PositiveIntegerField(
        _("references in the catalogue"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999_999)],
        help_text=_("How many different models the brand offers in a year."),
    )
    repair_service = models.BooleanField(_("repair service offered"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "model_code"],
                condition=~models.Q(model_code=""),
                name="products_product_unique_model_code",
                violation_error_message=_("Another product of this brand has this model code."),
            ),
            models.CheckConstraint(
                condition=models.Q(mass_kg__gt=0), name="products_product_mass_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("product_detail", args=[self.brand_id, self.pk])


class ProductMaterial(models.Model):
    """One material of the composition, as a share of the product's mass."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="materials")
    material = models.CharField(
        _("material"), max_length=40, choices=labels.choices(labels.MATERIALS)
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    country = models.CharField(
        _("country of origin"),
        max_length=2,
        blank=True,
        validators=[countries.validate_country],
        help_text=_("Where the fibre is produced; empty: the method's default for the material."),
    )

    class Meta:
        ordering = ["-share", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "material"], name="products_material_once_per_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_material_display()} {self.share}%"


class ProductStep(models.Model):
    """Who does one step of the product's chain, and so in which country."""

    class Stage(models.TextChoices):
        SPINNING = "spinning", _("Spinning")
        FABRIC = "fabric", _("Weaving / knitting")
        DYEING = "dyeing", _("Dyeing and finishing")
        MAKING = "making", _("Making")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("step"), max_length=16, choices=Stage.choices)
    site = models.ForeignKey(
        "registry.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="product_steps",
        verbose_name=_("site"),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[countries.validate_country],
        help_text=_("Used when no site is named; a site's own country wins."),
    )

    class Meta:
        ordering = ["product", "stage"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["product", "stage"], name="products_step_once")
        ]

    def __str__(self) -> str:
        return self.get_stage_display()

    @property
    def effective_country(self) -> str:
        """The country the step is done in: its site's, else the one named, else empty."""
        return self.site.country if self.site_id and self.site else self.country
