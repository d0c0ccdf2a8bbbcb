"""Forms of the scorecard pages: a weighting (one weight per area) and what the firm publishes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.qualification.services.weightings import parse_weight

AREA_PREFIX = "w_"


def _number(value: float) -> str:
    return f"{value:g}"


class WeightingForm(PlainLabels, forms.Form):
    """A name and one weight from 0 to 10 for each area of the methodology."""

    name = forms.CharField(label=_lazy("Name"), max_length=120)

    def __init__(
        self, *args, areas: list[tuple[str, str, float]], initial_weights=None, **kw
    ) -> None:
        super().__init__(*args, **kw)
        self.areas = areas
        initial_weights = initial_weights or {}
        for code, name, default in areas:
            self.fields[AREA_PREFIX + code] = forms.CharField(
                label=name,
                required=False,
                initial=_number(float(initial_weights.get(code, default))),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
            )

    def clean(self):
        cleaned = super().clean()
        weights: dict[str, float] = {}
        for code, name, _default in self.areas:
            key = AREA_PREFIX + code
            try:
                weights[code] = parse_weight(self.data.get(key, ""), name)
            except UserError as err:
                self.add_error(key, err.translated())
        if len(weights) == len(self.areas) and not any(w > 0 for w in weights.values()):
            raise forms.ValidationError(_("At least one area needs a weight above 0."))
        cleaned["weights"] = weights
        return cleaned

    def area_fields(self):
        return [self[AREA_PREFIX + code] for code, _name, _default in self.areas]


class PublicationForm(PlainLabels, forms.Form):
    show_grade = forms.BooleanField(
        label=_lazy("Show the overall grade"),
        required=False,
        help_text=_lazy("The letter A to E of the latest score."),
    )
    show_areas = forms.BooleanField(
        label=_lazy("Show the grade of each area"),
        required=False,
        help_text=_lazy("Environment, chemicals, social and the other areas."),
    )
    show_certificates = forms.BooleanField(
        label=_lazy("Show valid certificates"),
        required=False,
        help_text=_lazy("The kinds of certificate and until when they are valid, never the files."),
    )
    in_passports = forms.BooleanField(
        label=_lazy("Clients may name my firm and publish my verified qualification in passports"),
        required=False,
        help_text=_lazy(
            "Product passports of your clients then show your firm's name and the grade of your "
            "verified qualification, with a conformity credential the district signs. Without "
            "it, passports show only the process, the facility code and the country."
        ),
    )
