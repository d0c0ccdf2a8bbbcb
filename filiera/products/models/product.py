"""Products of a brand: what they are made of and where each step is done.

The footprint (``filiera.footprint``) and the passports (``filiera.passports``) read these. A
product belongs to one firm (the brand or own-label maker). The footprint composition uses the
materials of the footprint method; the label composition (``label.py``) uses the EU fibre names.
Each step of the chain names the site that does it, and so its country. A step without a site may
still name a country.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filiera.footprint import labels
from filiera.products import identifiers
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
    gtin = models.CharField(
        _("GTIN"),
        max_length=14,
        blank=True,
        validators=[identifiers.validate_gtin],
        help_text=_("Barcode number (8, 12, 13 or 14 digits); stored as 14 digits."),
    )
    commodity_code = models.CharField(
        _("customs commodity code"),
        max_length=10,
        blank=True,
        validators=[identifiers.validate_commodity_code],
        help_text=_("Combined Nomenclature code, 8 digits (e.g. 61091000 for cotton T-shirts)."),
    )
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
    # Recycled content of the whole product, by weight.
    recycled_pre_consumer = models.DecimalField(
        _("pre-consumer recycled content (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    recycled_post_consumer = models.DecimalField(
        _("post-consumer recycled content (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # What the wearer reads on the passport, in both languages.
    care = models.TextField(_("care instructions (Italian)"), blank=True)
    care_en = models.TextField(_("care instructions (English)"), blank=True)
    durability = models.TextField(_("durability and repair (Italian)"), blank=True)
    durability_en = models.TextField(_("durability and repair (English)"), blank=True)
    end_of_life = models.TextField(_("end of life (Italian)"), blank=True)
    end_of_life_en = models.TextField(_("end of life (English)"), blank=True)
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
            models.UniqueConstraint(
                fields=["gtin"],
                condition=~models.Q(gtin=""),
                name="products_product_unique_gtin",
                violation_error_message=_("Another product already has this GTIN."),
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
    """Who does one step of the product's chain, what it does, when, and so in which country.

    The four stages of the footprint method come once each; any number of other steps (printing,
    washing, embroidery…) name their process.
    """

    class Stage(models.TextChoices):
        SPINNING = "spinning", _("Spinning")
        FABRIC = "fabric", _("Weaving / knitting")
        DYEING = "dyeing", _("Dyeing and finishing")
        MAKING = "making", _("Making")
        OTHER = "other", _("Other step")

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
    process = models.ForeignKey(
        "registry.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="product_steps",
        verbose_name=_("process"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)

    class Meta:
        ordering = ["product", "stage", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "stage"],
                condition=~models.Q(stage="other"),
                name="products_step_once",
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(finished_on__isnull=True)
                | models.Q(finished_on__gte=models.F("started_on")),
                name="products_step_dates_in_order",
                violation_error_message=_("A step cannot finish before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_stage_display()

    @property
    def effective_country(self) -> str:
        """The country the step is done in: its site's, else the one named, else empty."""
        return self.site.country if self.site_id and self.site else self.country
