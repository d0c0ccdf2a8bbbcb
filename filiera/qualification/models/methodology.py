"""Methodologies in the database: each version keeps its whole validated definition as JSON.

Shipped versions come from the files in ``methodologies/``; a district derives its own version
from any published one. A published version never changes: answers frozen under it can be
re-scored later with exactly the weights it had.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from filiera.qualification.methodology.schema import Methodology as Definition


class Methodology(models.Model):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_it = models.CharField(_("name (Italian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    # Set for a district's own methodology; empty for the ones shipped with the platform.
    district = models.ForeignKey(
        "registry.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="methodologies",
        verbose_name=_("district"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "it").startswith("en") else self.name_it


class MethodologyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    methodology = models.ForeignKey(Methodology, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("derived from"),
    )
    source_file = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["methodology__slug", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "number"], name="unique_methodology_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.methodology} v{self.number}"

    @property
    def key(self) -> str:
        return f"{self.methodology.slug}@{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def parsed(self) -> Definition:
        """The definition as validated objects; published versions are parsed once per process."""
        from filiera.qualification.methodology.cache import parsed

        return parsed(self)


class Weighting(models.Model):
    """Area weights a district or a brand applies to the same frozen answers."""

    name = models.CharField(_("name"), max_length=120)
    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="weightings"
    )
    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    firm = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="weightings",
        verbose_name=_("brand"),
    )
    area_weights = models.JSONField(_("area weights"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
