"""The filters of the district dashboard: sector, municipality and size class.

The choices are what the current month's facts hold; an unknown value is ignored (the page
then shows the whole district), never an error.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from filiera.core.forms import PlainLabels
from filiera.district.insight import Filters
from filiera.registry.models.firm import SizeClass
from filiera.registry.reference import ateco_title


class InsightFilterForm(PlainLabels, forms.Form):
    sector = forms.ChoiceField(label=_("Sector (ATECO division)"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)

    def __init__(self, data, options: list[tuple] | None = None) -> None:
        super().__init__(data)
        sectors: set[str] = set()
        places: dict[str, str] = {}
        sizes: set[str] = set()
        for sector, code, name, province, size in options or []:
            if sector:
                sectors.add(sector)
            if code:
                places[code] = f"{name} ({province})" if province else str(name)
            if size:
                sizes.add(size)
        everything: list[tuple[str, Any]] = [("", _("all"))]
        cast(forms.ChoiceField, self.fields["sector"]).choices = everything + [
            (code, f"{code} · {ateco_title(code)}".rstrip(" ·")) for code in sorted(sectors)
        ]
        cast(forms.ChoiceField, self.fields["municipality"]).choices = everything + sorted(
            places.items(), key=lambda item: item[1]
        )
        cast(forms.ChoiceField, self.fields["size"]).choices = everything + [
            (value, label) for value, label in SizeClass.choices if value in sizes
        ]

    def filters(self) -> Filters:
        """The valid filters; a field with an unknown value is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            sector=data.get("sector") or "",
            municipality=data.get("municipality") or "",
            size=data.get("size") or "",
        )
