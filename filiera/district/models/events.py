"""Labs, seminars, trainings and events a district runs: registrations by firm users with a
capacity, attendance, and materials shared after the event."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        LAB = "lab", _("lab")
        SEMINAR = "seminar", _("seminar")
        TRAINING = "training", _("training")
        EVENT = "event", _("event")

    district = models.ForeignKey(
        "registry.District", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title_it = models.CharField(_("title (Italian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_it = models.TextField(_("description (Italian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # Seats; empty: no limit.
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    public = models.BooleanField(_("shown in the public showcase"), default=False)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title_it


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    firm = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    # None until the organisers take attendance.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.user_id}"


def material_path(instance: EventMaterial, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"events/{instance.event_id}/{uuid.uuid4().hex}{suffix}"


class EventMaterial(models.Model):
    """Slides, handouts or a recording link, for the people registered to the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title
