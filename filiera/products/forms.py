"""Forms of the product pages. They read what people type; the services check the data again
and name the row at fault (composition and steps), so the rows' fields stay plain text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.footprint import labels
from filiera.products import services
from filiera.products.models import Product, ProductStep
from filiera.products.services import MAX_MATERIALS, PRODUCT_FIELDS, model_code_taken
from filiera.registry import countries


class ProductForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "mass_kg": forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
            "printing_ratio": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "price_eur": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }
        help_texts = {
            "name": _lazy("The name your customers know, in Italian."),
            "name_en": _lazy("Optional: the name in English."),
            "description": _lazy("A few words on the product, in Italian (optional)."),
            "description_en": _lazy("The same in English (optional)."),
            "model_code": _lazy("Your own code for the model (optional, once per product)."),
            "category": _lazy(
                "The kind of garment: it sets the method's defaults (fabric, making, use)."
            ),
            "fabric_process": _lazy("How the fabric is made; empty: the category's usual one."),
            "making_complexity": _lazy(
                "How long the garment takes to make; empty: the category's usual time."
            ),
            "dyeing_process": _lazy("Empty: average dyeing."),
            "printing": _lazy("Only if the product is printed."),
            "printing_ratio": _lazy("From 0.01 to 0.8, e.g. 0.2 when a fifth of it is printed."),
            "fading": _lazy("Tick for faded or stone-washed products, such as jeans."),
            "upcycled": _lazy("Tick when the product is remade from used garments."),
            "price_eur": _lazy("Price in the shop; it counts for how long the product is kept."),
            "repair_service": _lazy("Tick if you offer to repair the product."),
        }

    MAIN = services.MAIN_FIELDS
    MAKING = services.MAKING_FIELDS
    DURABILITY = services.DURABILITY_FIELDS

    def group(self, names: tuple[str, ...]) -> list:
        return [self[name] for name in names]

    @property
    def main_fields(self) -> list:
        return self.group(self.MAIN)

    @property
    def making_fields(self) -> list:
        return self.group(self.MAKING)

    @property
    def durability_fields(self) -> list:
        return self.group(self.DURABILITY)

    def clean_model_code(self) -> str:
        code = (self.cleaned_data.get("model_code") or "").strip()
        self.instance.model_code = code
        if code and model_code_taken(self.instance):
            raise forms.ValidationError(_lazy("Another product of this brand has this model code."))
        return code

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}


def show_error(form: forms.BaseForm, err: UserError) -> None:
    """A service's error on the field it names, or above the form."""
    field = getattr(err, "field", None)
    form.add_error(field if field in form.fields else None, err.translated())


# Composition ---------------------------------------------------------------------------------


class MaterialRowForm(forms.Form):
    """One row of the composition; an empty row is left out."""

    material = forms.ChoiceField(
        label=_lazy("Material"),
        required=False,
        choices=lambda: [("", "—"), *labels.choices(labels.MATERIALS)],
    )
    share = forms.CharField(
        label=_lazy("Share (%)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    country = forms.ChoiceField(
        label=_lazy("Country of origin"),
        required=False,
        choices=lambda: [("", _lazy("the method's default")), *countries.choices()],
    )

    @property
    def is_empty(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not data.get("material") and not (data.get("share") or "").strip()

    def row(self) -> tuple[str, str, str]:
        data = self.cleaned_data
        return data.get("material", ""), data.get("share", ""), data.get("country", "")


def composition_forms(data=None, product: Product | None = None) -> list[MaterialRowForm]:
    """Five rows (the method's limit), filled with the stored composition."""
    initial: list[dict] = []
    if product is not None and data is None:
        initial = [
            {"material": m.material, "share": _plain(m.share), "country": m.country}
            for m in product.materials.order_by("-share", "id")
        ]
    return [
        MaterialRowForm(
            data,
            prefix=f"row{i}",
            initial=initial[i - 1] if i <= len(initial) else None,
        )
        for i in range(1, MAX_MATERIALS + 1)
    ]


def _plain(value) -> str:
    """A stored share as people write it: 60, 33.5."""
    return f"{value.normalize():f}"


# Steps ---------------------------------------------------------------------------------------


class StepRowForm(forms.Form):
    """Where one step is done: a site of the chain, or else a country."""

    site = forms.CharField(label=_lazy("Site"), required=False, max_length=20)
    country = forms.ChoiceField(
        label=_lazy("Country, when no site is known"),
        required=False,
        choices=lambda: [("", _lazy("not known")), *countries.choices()],
    )

    def row(self, stage: str) -> tuple[str, str | None, str]:
        data = self.cleaned_data
        return stage, (data.get("site") or "").strip() or None, data.get("country", "")


def step_forms(data=None, product: Product | None = None) -> dict[str, StepRowForm]:
    """One form per step of the chain, filled with the stored steps."""
    stored = {}
    if product is not None and data is None:
        stored = {s.stage: s for s in product.steps.all()}
    result = {}
    for stage in ProductStep.Stage.values:
        step = stored.get(stage)
        initial = (
            {"site": str(step.site_id or ""), "country": "" if step.site_id else step.country}
            if step is not None
            else None
        )
        result[stage] = StepRowForm(data, prefix=stage, initial=initial)
    return result
