"""What a product's label and passport say about it: fibre composition by component (EU fibre
names), substances of concern and images."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from filiera.products import fibres


class Component(models.Model):
    """A part of the product with its own composition: shell, lining, padding, trims…"""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="components"
    )
    name = models.CharField(_("component (Italian)"), max_length=80)
    name_en = models.CharField(_("component (English)"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["product", "position", "id"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.UniqueConstraint(fields=["product", "name"], name="products_component_once")
        ]

    def __str__(self) -> str:
        return self.name


class ComponentFibre(models.Model):
    """One fibre of a component, as a share of the component's weight."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="fibres")
    fibre = models.CharField(_("fibre"), max_length=24, validators=[fibres.validate_fibre])
    percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["component", "-percent", "id"]
        verbose_name = _("fibre")
        verbose_name_plural = _("fibres")
        constraints = [
            models.UniqueConstraint(fields=["component", "fibre"], name="products_fibre_once")
        ]

    def __str__(self) -> str:
        return f"{self.percent}% {fibres.name(self.fibre)}"


CAS_NUMBER = RegexValidator(r"^\d{2,7}-\d{2}-\d$", _("A CAS number looks like 117-81-7."))
EC_NUMBER = RegexValidator(r"^\d{3}-\d{3}-\d$", _("An EC number looks like 204-211-0."))


class Substance(models.Model):
    """A substance of concern (e.g. on the REACH candidate list) present in the product."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="substances"
    )
    name = models.CharField(_("substance"), max_length=200)
    cas_number = models.CharField(
        _("CAS number"), max_length=12, blank=True, validators=[CAS_NUMBER]
    )
    ec_number = models.CharField(_("EC number"), max_length=9, blank=True, validators=[EC_NUMBER])
    concentration = models.DecimalField(
        _("concentration (% by weight)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    location = models.CharField(
        _("where in the product"),
        max_length=200,
        blank=True,
        help_text=_("The component or part that contains it, e.g. printed logo."),
    )

    class Meta:
        ordering = ["product", "name", "id"]
        verbose_name = _("substance of concern")
        verbose_name_plural = _("substances of concern")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(cas_number="") | ~models.Q(ec_number=""),
                name="products_substance_has_number",
                violation_error_message=_("Give the CAS or the EC number of the substance."),
            )
        ]

    def __str__(self) -> str:
        return self.name


def image_path(instance: ProductImage, filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=image_path)
    alt = models.CharField(_("description of the image (Italian)"), max_length=200)
    alt_en = models.CharField(_("description of the image (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "position", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt
