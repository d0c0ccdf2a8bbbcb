from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.registry import countries, municipalities
from filiera.registry.identifiers import (
    IdentifierError,
    normalise_gln,
    normalise_lei,
    normalise_vat,
)
from filiera.registry.models import District, Firm, Municipality, Process, Site
from filiera.registry.reference import ateco_code


def split_codes(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|,;\s]+", text or "") if part.strip()]


class FirmForm(PlainLabels, forms.ModelForm):
    vat = forms.CharField(
        label=_lazy("VAT number"),
        max_length=20,
        help_text=_lazy("Italian P.IVA (11 digits) or a foreign VAT number with its country code."),
    )
    ateco = forms.CharField(
        label=_lazy("ATECO 2025 codes"),
        required=False,
        help_text=_lazy(
            "One or more codes separated by commas, main activity first (e.g. 14.10.20)."
        ),
    )

    class Meta:
        model = Firm
        fields = [
            "legal_name",
            "vat",
            "legal_form",
            "rea",
            "lei",
            "role",
            "employees",
            "turnover_eur",
            "website",
            "email",
            "description_it",
            "description_en",
            "logo",
        ]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["ateco"] = ", ".join(
                self.instance.activities.values_list("code", flat=True)
            )
            self.initial["vat"] = self.instance.vat_display

    def clean_vat(self) -> str:
        try:
            vat, country = normalise_vat(self.cleaned_data["vat"])
        except IdentifierError as exc:
            raise forms.ValidationError(exc.translated()) from exc
        if Firm.objects.filter(vat=vat).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another firm already has this VAT number."))
        self.instance.country = country
        return vat

    def clean_logo(self):
        return clean_logo(self.cleaned_data.get("logo"))

    def clean_lei(self) -> str:
        raw = self.cleaned_data.get("lei", "")
        if not raw:
            return ""
        try:
            return normalise_lei(raw)
        except IdentifierError as exc:
            raise forms.ValidationError(exc.translated()) from exc

    def clean_ateco(self) -> list[str]:
        codes, unknown = [], []
        for raw in split_codes(self.cleaned_data.get("ateco", "")):
            code = ateco_code(raw)
            (codes.append(code) if code else unknown.append(raw))
        if unknown:
            raise forms.ValidationError(
                _("Unknown ATECO 2025 code: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return codes


class SiteForm(PlainLabels, forms.ModelForm):
    country = forms.ChoiceField(
        label=_lazy("Country"),
        choices=countries.choices,
        initial=countries.ITALY,
        required=False,  # not sent: Italy
        help_text=_lazy("Outside Italy: write the city in the address and give the position."),
    )
    municipality_text = forms.CharField(
        label=_lazy("Municipality"),
        required=False,
        help_text=_lazy("Name with province, e.g. Carpi (MO), or the ISTAT code."),
        widget=forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"}),
    )
    pin_lat = forms.FloatField(label=_lazy("Latitude"), required=False, min_value=-90, max_value=90)
    pin_lon = forms.FloatField(
        label=_lazy("Longitude"), required=False, min_value=-180, max_value=180
    )
    processes = forms.ModelMultipleChoiceField(
        label=_lazy("Processes performed"),
        required=False,
        queryset=Process.objects.filter(is_group=False).select_related("parent"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Site
        fields = ["name", "address", "workers", "osh_id", "gln"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site = self.instance
        if site.pk:
            self.initial["country"] = site.country
            if site.municipality_id is not None:
                self.initial["municipality_text"] = str(site.municipality)
            self.initial["processes"] = list(site.processes.values_list("code", flat=True))
            if site.pinned:
                self.initial["pin_lat"], self.initial["pin_lon"] = site.lat, site.lon

    @property
    def abroad(self) -> bool:
        """The country chosen (or stored) is not Italy: the page hides the municipality."""
        country = self["country"].value() or countries.ITALY
        return str(country).upper() != countries.ITALY

    def clean_country(self) -> str:
        return self.cleaned_data.get("country") or countries.ITALY

    def clean_municipality_text(self) -> Municipality | None:
        raw = self.cleaned_data.get("municipality_text", "")
        if "country" in self.errors or self.cleaned_data["country"] != countries.ITALY:
            return None  # abroad the municipality is ignored; a wrong country is said first
        if not raw.strip():
            raise forms.ValidationError(
                _("Required for a site in Italy: the name with province, or the ISTAT code."),
                code="required",
            )
        try:
            comune = municipalities.resolve(raw)
        except municipalities.MunicipalityError as exc:
            raise forms.ValidationError(exc.translated()) from exc
        return Municipality.objects.get(pk=comune.istat_code)

    def clean_gln(self) -> str:
        raw = self.cleaned_data.get("gln", "")
        if not raw:
            return ""
        try:
            return normalise_gln(raw)
        except IdentifierError as exc:
            raise forms.ValidationError(exc.translated()) from exc

    def clean(self):
        data = super().clean()
        if (data.get("pin_lat") is None) != (data.get("pin_lon") is None):
            self.add_error("pin_lon", _("Give both latitude and longitude, or neither."))
        elif data.get("country", countries.ITALY) != countries.ITALY:
            self._check_abroad(data)
        return data

    def _check_abroad(self, data: dict) -> None:
        """Outside Italy the site is placed by its position, and its address names the city."""
        for name in ("pin_lat", "pin_lon"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Required for a site outside Italy."))
        if "address" not in self.errors and not Site(address=data.get("address", "")).locality:
            self.add_error(
                "address",
                _(
                    "Required for a site outside Italy: write the street and the city, e.g. "
                    "Rua das Flores 12, 4050-265 Porto."
                ),
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "address": data["address"],
            "workers": data["workers"],
            "osh_id": data["osh_id"],
            "gln": data["gln"],
            "country": data["country"],
            "municipality": data["municipality_text"],
            "lat": data.get("pin_lat"),
            "lon": data.get("pin_lon"),
            "processes": [p.code for p in data["processes"]],
        }


LOGO_MAX_BYTES = 2 * 1024 * 1024


def clean_logo(upload):
    """Logos are images (checked by content, through Pillow) of at most 2 MB."""
    if upload and getattr(upload, "size", 0) > LOGO_MAX_BYTES:
        raise forms.ValidationError(_("The logo is larger than 2 MB: choose a smaller image."))
    return upload


class DistrictForm(PlainLabels, forms.ModelForm):
    municipalities_text = forms.CharField(
        label=_lazy("Municipalities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("One per line or separated by commas: ISTAT code or Name (PR)."),
    )
    sectors_text = forms.CharField(
        label=_lazy("Sectors (ATECO codes)"),
        required=False,
        help_text=_lazy("E.g. 13, 14, 15.20"),
    )
    languages = forms.MultipleChoiceField(
        label=_lazy("Languages"),
        required=False,
        choices=[("it", _lazy("Italian")), ("en", _lazy("English"))],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = District
        fields = [
            "name",
            "slug",
            "managing_body",
            "description_it",
            "description_en",
            "contact_email",
            "contact_phone",
            "website",
            "logo",
        ]
        widgets = {
            "description_it": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        district = self.instance
        if district.pk:
            self.initial["municipalities_text"] = "\n".join(
                str(m) for m in district.municipalities.all()
            )
            self.initial["sectors_text"] = ", ".join(district.sectors)
            self.initial["languages"] = district.languages

    def clean_logo(self):
        return clean_logo(self.cleaned_data.get("logo"))

    def clean_municipalities_text(self) -> list[str]:
        codes, errors = [], []
        for part in re.split(r"[\n,]+", self.cleaned_data.get("municipalities_text", "")):
            if not part.strip():
                continue
            try:
                codes.append(municipalities.resolve(part).istat_code)
            except municipalities.MunicipalityError as exc:
                errors.append(exc.translated())
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(codes))

    def clean_sectors_text(self) -> list[str]:
        codes, unknown = [], []
        for raw in split_codes(self.cleaned_data.get("sectors_text", "")):
            code = ateco_code(raw)
            (codes.append(code) if code else unknown.append(raw))
        if unknown:
            raise forms.ValidationError(
                _("Unknown ATECO 2025 code: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return codes
