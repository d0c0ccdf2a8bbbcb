import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from filiera.registry import countries


class Site(models.Model):
    """A facility of a firm, where processes are performed."""

    firm = models.ForeignKey("registry.Firm", on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site name"), max_length=160)
    address = models.CharField(_("address"), max_length=200, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default=countries.ITALY,
        db_index=True,
        validators=[countries.validate_country],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. IT or PT."),
    )
    # Sites in Italy sit in a municipality; sites abroad have none and are placed by lat/lon.
    municipality = models.ForeignKey(
        "registry.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(country=countries.ITALY) | models.Q(municipality__isnull=False),
                name="registry_site_italy_has_municipality",
                violation_error_message=_("A site in Italy needs its municipality."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.facility_id}"

    def get_absolute_url(self) -> str:
        return reverse("site_detail", args=[self.facility_id])

    def clean_fields(self, exclude=None) -> None:
        """Also: a site in Italy needs its municipality (the constraint, with the field named)."""
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        checked = exclude is None or "municipality" not in exclude
        if checked and self.country == countries.ITALY and self.municipality_id is None:
            errors.setdefault("municipality", []).append(
                ValidationError(_("Required for a site in Italy."), code="required")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def abroad(self) -> bool:
        return self.country != countries.ITALY

    @property
    def country_name(self) -> str:
        return countries.name(self.country)

    @property
    def locality(self) -> str:
        """The city of the address ("street, postcode city"), "" when none can be read."""
        return _locality(self.address)

    @property
    def place_label(self) -> str:
        """Where the site is, for pages: the municipality in Italy, "City, Country" abroad.

        Abroad the city is the last part of the address (written as "street, city")."""
        if not self.abroad and self.municipality_id is not None:
            return str(self.municipality)
        locality = self.locality
        return f"{locality}, {self.country_name}" if locality else self.country_name


_POSTCODE = re.compile(r"^(?:\S*\d\S*\s+)+|(?:\s+\S*\d\S*)+$")


def _locality(address: str) -> str:
    """The city of an address written as "street, postcode city": its last part, without codes."""
    parts = (address or "").rsplit(",", 1)
    if len(parts) == 1 and any(ch.isdigit() for ch in parts[0]):
        return ""  # a street without its city
    city = _POSTCODE.sub("", parts[-1].strip()).strip()
    return "" if any(ch.isdigit() for ch in city) else city


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
