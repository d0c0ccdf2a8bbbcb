from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large")


# EU Recommendation 2003/361: headcount ceiling and turnover ceiling per class.
SIZE_LIMITS = [
    (SizeClass.MICRO, 10, Decimal(2_000_000)),
    (SizeClass.SMALL, 50, Decimal(10_000_000)),
    (SizeClass.MEDIUM, 250, Decimal(50_000_000)),
]


def size_class_for(employees: int | None, turnover_eur: Decimal | int | None) -> str:
    """EU size class from headcount and turnover; empty when neither is known."""
    if employees is None and turnover_eur is None:
        return ""
    for size, max_staff, max_turnover in SIZE_LIMITS:
        staff_ok = employees is None or employees < max_staff
        turnover_ok = turnover_eur is None or Decimal(turnover_eur) <= max_turnover
        if staff_ok and turnover_ok:
            return size
    return SizeClass.LARGE


class Firm(models.Model):
    class Role(models.TextChoices):
        BRAND = "brand", _("own-label brand")
        MANUFACTURER = "manufacturer", _("manufacturer")
        SUBCONTRACTOR = "subcontractor", _("subcontractor")
        MATERIAL_SUPPLIER = "material_supplier", _("material supplier")
        SERVICE = "service", _("service")

    class LegalForm(models.TextChoices):
        SRL = "srl", "S.r.l."
        SRLS = "srls", "S.r.l.s."
        SPA = "spa", "S.p.A."
        SNC = "snc", "S.n.c."
        SAS = "sas", "S.a.s."
        SOLE = "sole", _("sole proprietorship")
        COOP = "coop", _("cooperative")
        OTHER = "other", _("other")

    legal_name = models.CharField(_("legal name"), max_length=200, db_index=True)
    vat = models.CharField(_("VAT number"), max_length=20, unique=True)
    country = models.CharField(_("country"), max_length=2, default="IT")
    rea = models.CharField(_("REA number"), max_length=20, blank=True)
    lei = models.CharField(_("LEI"), max_length=20, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, blank=True
    )
    role = models.CharField(
        _("role in the chain"), max_length=20, choices=Role.choices, db_index=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover_eur = models.DecimalField(
        _("turnover (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True, db_index=True
    )
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/firms/", blank=True)
    districts = models.ManyToManyField(
        "registry.District", related_name="firms", blank=True, verbose_name=_("districts")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs):
        self.size_class = size_class_for(self.employees, self.turnover_eur)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("firm_detail", args=[self.pk])

    @property
    def vat_display(self) -> str:
        return self.vat.removeprefix("IT") if self.country == "IT" else self.vat


class FirmActivity(models.Model):
    """An ATECO 2025 code of a firm (names come from the ``ateco`` package)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(max_length=10, db_index=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "code"]
        constraints = [models.UniqueConstraint(fields=["firm", "code"], name="unique_firm_ateco")]

    def __str__(self) -> str:
        return self.code


class FirmMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_memberships"
    )
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "firm"], name="unique_firm_member")]

    def __str__(self) -> str:
        return f"{self.user} · {self.firm} · {self.get_role_display()}"
