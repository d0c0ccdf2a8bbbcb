"""Stored footprint results: what was computed, from which inputs, with which method version."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FootprintResult(models.Model):
    """The latest footprint of a product. ``query`` is the engine input it was computed from
    (Ecobalyse field names); ``query_hash`` covers the query and the method version, so a
    change of either shows the result is stale and it is computed again."""

    product = models.OneToOneField(
        "products.Product", on_delete=models.CASCADE, related_name="footprint"
    )
    method = models.CharField(_("method"), max_length=40)
    version = models.CharField(_("method and data version"), max_length=20)
    query = models.JSONField(_("inputs"))
    query_hash = models.CharField(max_length=64)
    ecs = models.FloatField(_("environmental cost (µPt)"))
    result = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("footprint result")
        verbose_name_plural = _("footprint results")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.ecs:.0f}"
