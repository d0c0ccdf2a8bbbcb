"""Forms of the district symbiosis pages: the eco-district rules and a firm's yearly totals.
They read what people type; the services save through the model's own checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.symbiosis.models import CircularityProfile, SymbiosisPolicy
from filiera.symbiosis.services.circularity import POLICY_FIELDS, PROFILE_FIELDS

DECIMAL = {"inputmode": "decimal", "step": "any"}


class PolicyForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = SymbiosisPolicy
        fields = POLICY_FIELDS
        widgets = {
            "min_circular_inflow": forms.NumberInput(attrs=DECIMAL),
            "min_circular_outflow": forms.NumberInput(attrs=DECIMAL),
            "min_active_exchanges": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "transport_kg_co2e_per_tkm": forms.NumberInput(attrs=DECIMAL),
        }
        help_texts = {
            "min_circular_inflow": _lazy(
                "Share of a firm's materials that comes through exchanges, 0 to 100. "
                "Empty: no rule."
            ),
            "min_circular_outflow": _lazy(
                "Share of a firm's waste and by-products that goes to other firms through "
                "exchanges, 0 to 100. Empty: no rule."
            ),
            "min_grade": _lazy("The firm's latest qualification grade. Empty: no rule."),
            "min_active_exchanges": _lazy(
                "Exchanges in progress or completed the firm takes part in. Empty: no rule."
            ),
            "transport_kg_co2e_per_tkm": _lazy(
                "Emissions of moving one tonne by one kilometre; used for CO2e avoided and "
                "the allocation."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["min_grade"].choices = [("", _lazy("no rule"))] + [(g, g) for g in "ABCDE"]


class ProfileForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = CircularityProfile
        fields = PROFILE_FIELDS
        widgets = {name: forms.NumberInput(attrs=DECIMAL) for name in PROFILE_FIELDS}
        help_texts = {
            "material_inflow_t": _lazy(
                "All the materials your firm uses in a year, in tonnes. Empty: your declared "
                "needs are used instead."
            ),
            "material_outflow_t": _lazy(
                "All the waste and by-products your firm produces in a year, in tonnes. Empty: "
                "your declared offers are used instead."
            ),
        }
