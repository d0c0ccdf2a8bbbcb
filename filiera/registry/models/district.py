from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A territory served by a managing body (municipality, consortium, cluster association)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), unique=True)
    managing_body = models.CharField(_("managing body"), max_length=160, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    municipalities = models.ManyToManyField(
        "registry.Municipality",
        blank=True,
        related_name="districts",
        verbose_name=_("municipalities"),
    )
    sectors = models.JSONField(_("sectors (ATECO codes)"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/districts/", blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("district_home", args=[self.slug])


class DistrictMembership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("district manager")
        VERIFIER = "verifier", _("district verifier")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="district_memberships"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "district", "role"], name="unique_district_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.district} · {self.get_role_display()}"
