"""Reference tables loaded from the shipped data files (see ``registry/data/README.md``)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    istat_code = models.CharField(_("ISTAT code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    province = models.CharField(_("province"), max_length=2, db_index=True)
    region = models.CharField(_("region"), max_length=60)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.province})"


class Process(models.Model):
    """A processing phase of the textile, clothing, leather and footwear chain."""

    code = models.CharField(max_length=40, primary_key=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    is_group = models.BooleanField(default=False)
    tier = models.PositiveSmallIntegerField()
    chain = models.CharField(max_length=20)
    wet = models.BooleanField(null=True)
    name_it = models.CharField(max_length=160)
    name_en = models.CharField(max_length=160)

    class Meta:
        ordering = ["code"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "it").startswith("en") else self.name_it
