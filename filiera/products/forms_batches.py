"""Forms of the batch pages: a batch (lot, serial range, date, quantity) and a traceability
event (the step, the date, how many items, a note). The services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.products import selectors
from filiera.products.models import Batch, Product


def _date_field(label, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BatchForm(PlainLabels, forms.Form):
    lot = forms.CharField(
        label=_lazy("Lot"),
        max_length=20,
        required=False,
        help_text=_lazy("The lot number printed on the label, up to 20 characters, no spaces."),
    )
    serial_first = forms.CharField(
        label=_lazy("First serial number"),
        max_length=20,
        required=False,
        help_text=_lazy("Only when each item has its own serial number; give both ends."),
    )
    serial_last = forms.CharField(label=_lazy("Last serial number"), max_length=20, required=False)
    produced_on = _date_field(_lazy("Produced on"))
    quantity = forms.IntegerField(
        label=_lazy("Quantity (items)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    @classmethod
    def for_batch(cls, batch: Batch, data=None) -> BatchForm:
        initial = {
            "lot": batch.lot,
            "serial_first": batch.serial_first,
            "serial_last": batch.serial_last,
            "produced_on": batch.produced_on,
            "quantity": batch.quantity,
        }
        return cls(data, initial=initial)

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def step_choices(product: Product) -> list[tuple[str, str]]:
    """The product's steps as an event may name them: the step, its process, where."""
    choices = []
    for row in selectors.step_rows(product):
        if row.step is None:
            continue
        parts = [row.label]
        if row.stage != "other" and row.process is not None:
            parts.append(row.process.name)
        if row.site is not None:
            parts.append(f"{row.site.name} ({row.site.firm.legal_name})")
        elif row.country_name:
            parts.append(row.country_name)
        choices.append((str(row.step.pk), " — ".join(parts)))
    return choices


class EventForm(PlainLabels, forms.Form):
    step = forms.ChoiceField(label=_lazy("Step"), required=False)
    occurred_on = _date_field(_lazy("Date"))
    quantity = forms.IntegerField(
        label=_lazy("Quantity (items)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_lazy("Note"), max_length=200, required=False)

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "—"), *step_choices(product)]  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
