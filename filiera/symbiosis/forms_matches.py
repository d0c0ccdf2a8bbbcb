"""Forms of an exchange's steps: declining with a reason, the agreement, a realised quantity.
The services check each step again (``filiera.symbiosis.services.matches``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.symbiosis.forms import quantity_field, unit_choices
from filiera.symbiosis.models import Flow


class DeclineForm(PlainLabels, forms.Form):
    reason = forms.CharField(
        label=_lazy("Why not? (required)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy(
            "E.g. too far, wrong material, we no longer need it. The other firm reads it."
        ),
    )


class AgreeForm(PlainLabels, forms.Form):
    quantity = quantity_field(_lazy("Agreed quantity"))
    unit = forms.ChoiceField(label=_lazy("Unit"), choices=unit_choices)
    period = forms.ChoiceField(label=_lazy("Period"), choices=Flow.Period.choices)


class DeliveryForm(PlainLabels, forms.Form):
    period_start = forms.DateField(
        label=_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label=_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    quantity = quantity_field(_lazy("Quantity exchanged"))
    unit = forms.ChoiceField(label=_lazy("Unit"), choices=unit_choices)
    note = forms.CharField(label=_lazy("Note (optional)"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: date | None = cleaned.get("period_start")
        end: date | None = cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _lazy("The period ends before it starts."))
        return cleaned
