"""The district's public showcase: its settings and news, what each firm publishes, the
precomputed public directory, and the contact requests visitors send to firms.

Nothing about a firm is public until the firm lists itself (``PublicProfile.listed``); then
only the fields it switched on. ``ShowcaseEntry`` is built from those fields alone (see
``services.showcase``): every public page, export and widget reads entries, never firms.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Showcase(models.Model):
    district = models.OneToOneField(
        "registry.District", on_delete=models.CASCADE, related_name="showcase"
    )
    published = models.BooleanField(_("the showcase is public"), default=False)
    headline_it = models.CharField(_("headline (Italian)"), max_length=200, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    story_it = models.TextField(_("the district's story (Italian)"), blank=True)
    story_en = models.TextField(_("the district's story (English)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("showcase")
        verbose_name_plural = _("showcases")

    def __str__(self) -> str:
        return str(self.district)


class PublicProfile(models.Model):
    """What a firm shows in its districts' showcases. Off by default."""

    firm = models.OneToOneField(
        "registry.Firm", on_delete=models.CASCADE, related_name="public_profile"
    )
    listed = models.BooleanField(_("list my firm in the district showcase"), default=False)
    summary_it = models.TextField(_("presentation (Italian)"), blank=True)
    summary_en = models.TextField(_("presentation (English)"), blank=True)
    products_it = models.CharField(_("what we make (Italian)"), max_length=300, blank=True)
    products_en = models.CharField(_("what we make (English)"), max_length=300, blank=True)
    capacity_it = models.CharField(_("capacity (Italian)"), max_length=200, blank=True)
    capacity_en = models.CharField(_("capacity (English)"), max_length=200, blank=True)
    show_processes = models.BooleanField(_("show the processes of my sites"), default=True)
    show_municipality = models.BooleanField(_("show where my sites are"), default=True)
    show_website = models.BooleanField(_("show my website"), default=True)
    # Grade and certificates follow the scorecard publication (show_grade, show_certificates).
    accepts_contacts = models.BooleanField(
        _("visitors may send me a message (my e-mail stays hidden)"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public profile")
        verbose_name_plural = _("public profiles")

    def __str__(self) -> str:
        return str(self.firm)


class ShowcaseEntry(models.Model):
    """One listed, qualified firm in one district's public directory: only published data."""

    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, related_name="showcase_entries"
    )
    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    summary_it = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    products_it = models.CharField(max_length=300, blank=True)
    products_en = models.CharField(max_length=300, blank=True)
    capacity_it = models.CharField(max_length=200, blank=True)
    capacity_en = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)
    # Published grade ("" when the firm does not show it) and qualification status.
    grade = models.CharField(max_length=1, blank=True)
    qualification = models.CharField(max_length=24, blank=True)
    # [{"code", "name_it", "name_en"}] of the processes shown; [] when hidden.
    processes = models.JSONField(default=list, blank=True)
    # [{"code", "name_it", "name_en", "valid_until"}] of valid certificates shown; [] when hidden.
    certificates = models.JSONField(default=list, blank=True)
    # [{"name", "municipality", "lat", "lon"}] of the sites shown; [] when hidden.
    places = models.JSONField(default=list, blank=True)
    accepts_contacts = models.BooleanField(default=False)
    # Lower-case text searched by the showcase search (name, products, processes, places…).
    search_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "firm"], name="unique_showcase_entry")
        ]

    def __str__(self) -> str:
        return self.name


class ContactRequest(models.Model):
    """A visitor's message to a firm from its public page; the firm's e-mail is never shown."""

    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("registry.District", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("your name"), max_length=120)
    company = models.CharField(_("company"), max_length=160, blank=True)
    email = models.EmailField(_("your e-mail"))
    message = models.TextField(_("message"), max_length=4000)
    language = models.CharField(max_length=5, default="it")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return f"{self.name} → {self.firm_id}"


class NewsItem(models.Model):
    district = models.ForeignKey("registry.District", on_delete=models.CASCADE, related_name="news")
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_it = models.TextField(_("text (Italian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return self.title_it
