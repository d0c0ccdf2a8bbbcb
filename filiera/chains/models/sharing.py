"""What a supplier lets each client see, and every time a client looked.

A consent is per supplier and client, whatever the number of relations between them. The
qualification levels are cumulative: area scores include the grade, answers include the area
scores, evidence files include the answers. The profile and the sites are separate switches.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    NONE = 0, _("nothing")
    GRADE = 1, _("grade only")
    AREAS = 2, _("area scores")
    ANSWERS = 3, _("answers")
    EVIDENCE = 4, _("answers and evidence files")


# Beyond this level a client asks for more than the VSME datapoints (the value-chain cap).
VSME_CAP = Level.AREAS


class Scope(models.TextChoices):
    """What a client looked at, for the access log."""

    PROFILE = "profile", _("profile")
    GRADE = "grade", _("grade")
    AREAS = "areas", _("area scores")
    ANSWERS = "answers", _("answers")
    EVIDENCE = "evidence", _("evidence files")
    SITES = "sites", _("sites")


class Consent(models.Model):
    supplier = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="consents_given",
        verbose_name=_("supplier"),
    )
    client = models.ForeignKey(
        "registry.Firm",
        on_delete=models.CASCADE,
        related_name="consents_received",
        verbose_name=_("client"),
    )
    level = models.PositiveSmallIntegerField(
        _("qualification shared"), choices=Level.choices, default=Level.GRADE
    )
    profile = models.BooleanField(_("profile shared"), default=False)
    sites = models.BooleanField(_("sites shared"), default=False)
    # An open request from the client for more than it sees now.
    requested_level = models.PositiveSmallIntegerField(
        _("asks to see"), choices=Level.choices, null=True, blank=True
    )
    requested_profile = models.BooleanField(default=False)
    requested_sites = models.BooleanField(default=False)
    request_message = models.TextField(_("message"), blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    request_declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sharing consent")
        verbose_name_plural = _("sharing consents")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "client"], name="unique_consent"),
            models.CheckConstraint(
                condition=~models.Q(client=models.F("supplier")), name="consent_not_to_itself"
            ),
        ]
        indexes = [models.Index(fields=["client", "level"])]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.client}: {self.get_level_display()}"

    @property
    def shares_anything(self) -> bool:
        return self.level > Level.NONE or self.profile or self.sites

    @property
    def request_open(self) -> bool:
        return self.requested_at is not None and self.request_declined_at is None

    @property
    def request_beyond_vsme(self) -> bool:
        return self.requested_level is not None and self.requested_level > VSME_CAP


class AccessLog(models.Model):
    """One row per supplier, client, person, scope and day: first and last look of the day."""

    supplier = models.ForeignKey(
        "registry.Firm", on_delete=models.CASCADE, related_name="accesses_received"
    )
    client = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices)
    day = models.DateField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    # Where the data was read: a page, an export or the API.
    via = models.CharField(max_length=10, default="page")

    class Meta:
        ordering = ["-last_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "client", "user", "scope", "day", "via"],
                name="unique_access_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} read {self.scope} of {self.supplier} on {self.day}"
