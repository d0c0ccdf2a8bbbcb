"""What a firm makes public on its scorecard verification page (reached from the PDF's QR code)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScorecardPublication(models.Model):
    firm = models.OneToOneField(
        "registry.Firm", on_delete=models.CASCADE, related_name="scorecard_publication"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    show_grade = models.BooleanField(_("show the overall grade"), default=False)
    show_areas = models.BooleanField(_("show the score of each area"), default=False)
    show_certificates = models.BooleanField(_("show valid certificates"), default=False)
    in_passports = models.BooleanField(
        _("clients may name my firm and publish my verified qualification in product passports"),
        default=False,
        help_text=_(
            "A conformity credential of your verified qualification is then signed and linked "
            "from the passports of products made at your sites."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.firm)
