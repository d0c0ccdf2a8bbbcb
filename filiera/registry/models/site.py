from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A facility of a firm, where processes are performed."""

    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site name"), max_length=160)
    address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("municipality"),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    pinned = models.BooleanField(
        _("position pinned by hand"),
        default=False,
        help_text=_("Off: the site sits at its municipality's point."),
    )
    processes = models.ManyToManyField(
        "registry.Process", blank=True, related_name="sites", verbose_name=_("processes performed")
    )
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    facility_id = models.CharField(_("Filiera facility ID"), max_length=20, unique=True)
    osh_id = models.CharField(_("Open Supply Hub ID"), max_length=20, blank=True, db_index=True)
    gln = models.CharField(_("GLN"), max_length=13, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.name} · {self.facility_id}"

    def get_absolute_url(self) -> str:
        return reverse("site_detail", args=[self.facility_id])


class FacilityId(models.Model):
    """Every facility ID ever issued. Rows are never deleted, so an ID is never reused;
    after a merge the absorbed site's IDs point to the surviving site."""

    code = models.CharField(max_length=20, primary_key=True)
    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="facility_ids"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code
