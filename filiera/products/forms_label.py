"""Forms of the label pages: the fibre composition by component, the substances of concern and
the images. Rows stay plain text: the services check them and name the row at fault."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.products import fibres
from filiera.products.models import Product
from filiera.products.services.common import plain
from filiera.products.services.images import max_bytes

MAX_ROWS = 60
MORE_ROWS = 4  # what "More rows" adds


def row_count(data, stored: int, minimum: int) -> int:
    """How many rows the page shows: those posted (plus more when asked), else the stored ones
    and a few empty ones."""
    if data is None:
        return min(max(stored + 2, minimum), MAX_ROWS)
    try:
        count = int(data.get("rows", minimum))
    except (TypeError, ValueError):
        count = minimum
    if "more_rows" in data:
        count += MORE_ROWS
    return max(1, min(count, MAX_ROWS))


class RowForm(forms.Form):
    """A row of a table of rows; an empty row is left out."""

    @property
    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(str(value or "").strip() for value in data.values())


def _text(label, max_length: int, size: int = 12, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"size": size, **attrs}),
    )


# Label composition ---------------------------------------------------------------------------


class FibreRowForm(RowForm):
    """One fibre of one component: an empty component name continues the row above."""

    component = _text(_lazy("Component"), 80)
    component_en = _text(_lazy("Component in English"), 80)
    fibre = forms.ChoiceField(
        label=_lazy("Fibre"),
        required=False,
        choices=lambda: [("", "—"), *fibres.choices()],
    )
    percent = _text(_lazy("Share (%)"), 12, size=6, inputmode="decimal")

    def row(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def fibre_forms(data=None, product: Product | None = None) -> list[FibreRowForm]:
    initial: list[dict] = []
    if product is not None and data is None:
        for component in product.components.prefetch_related("fibres"):
            for n, fibre in enumerate(component.fibres.all()):
                initial.append(
                    {
                        "component": component.name if n == 0 else "",
                        "component_en": component.name_en if n == 0 else "",
                        "fibre": fibre.fibre,
                        "percent": plain(fibre.percent),
                    }
                )
    count = row_count(data, len(initial), minimum=6)
    return [
        FibreRowForm(data, prefix=f"row{i}", initial=initial[i - 1] if i <= len(initial) else None)
        for i in range(1, count + 1)
    ]


# Substances of concern -----------------------------------------------------------------------


class SubstanceRowForm(RowForm):
    name = _text(_lazy("Substance"), 200, size=18)
    cas_number = _text(_lazy("CAS number"), 20, size=10)
    ec_number = _text(_lazy("EC number"), 20, size=10)
    concentration = _text(_lazy("Concentration (% by weight)"), 12, size=6, inputmode="decimal")
    location = _text(_lazy("Where in the product"), 200, size=14)

    def row(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def substance_forms(data=None, product: Product | None = None) -> list[SubstanceRowForm]:
    initial: list[dict] = []
    if product is not None and data is None:
        initial = [
            {
                "name": s.name,
                "cas_number": s.cas_number,
                "ec_number": s.ec_number,
                "concentration": plain(s.concentration),
                "location": s.location,
            }
            for s in product.substances.all()
        ]
    count = row_count(data, len(initial), minimum=3)
    return [
        SubstanceRowForm(
            data, prefix=f"row{i}", initial=initial[i - 1] if i <= len(initial) else None
        )
        for i in range(1, count + 1)
    ]


# Images --------------------------------------------------------------------------------------


class ImageAltForm(PlainLabels, forms.Form):
    alt = forms.CharField(
        label=_lazy("Description (Italian)"),
        max_length=200,
        required=False,
        help_text=_lazy("What the picture shows, for people who cannot see it."),
    )
    alt_en = forms.CharField(label=_lazy("Description (English)"), max_length=200, required=False)


class ImageForm(ImageAltForm):
    image = forms.FileField(
        label=_lazy("Picture"),
        required=False,  # the service says what is missing
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    field_order = ["image", "alt", "alt_en"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = gettext("JPEG, PNG or WebP, up to %(size)s MB.") % {
            "size": f"{max_bytes() / (1024 * 1024):g}"
        }
