"""Forms of the product pages. They read what people type; the services check the data again
and name the row at fault (composition and steps), so the rows' fields stay plain text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import FieldGroups, PlainLabels
from filiera.core.usererror import UserError
from filiera.footprint import labels
from filiera.products import identifiers, services
from filiera.products.models import Product, ProductStep
from filiera.products.selectors import other_steps
from filiera.products.services import (
    MAX_MATERIALS,
    PRODUCT_FIELDS,
    clean_commodity_code,
    gtin_taken,
    model_code_taken,
    step_processes,
)
from filiera.products.services.common import plain
from filiera.registry import countries
from filiera.registry.models import Process


class ProductForm(FieldGroups, PlainLabels, forms.ModelForm):
    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "mass_kg": forms.NumberInput(attrs={"step": "0.001", "inputmode": "decimal"}),
            "printing_ratio": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "price_eur": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "gtin": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "commodity_code": forms.TextInput(attrs={"inputmode": "numeric"}),
            "recycled_pre_consumer": forms.NumberInput(
                attrs={"step": "0.01", "inputmode": "decimal"}
            ),
            "recycled_post_consumer": forms.NumberInput(
                attrs={"step": "0.01", "inputmode": "decimal"}
            ),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in services.WEARER_FIELDS},
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
            "gtin": _lazy(
                "The barcode number (EAN/UPC, 8 to 14 digits) that your GS1 membership gives the "
                "model; the passport's QR code is built from it."
            ),
            "commodity_code": _lazy(
                "The customs code of the product (6, 8 or 10 digits), e.g. 61091000 for cotton "
                "T-shirts; spaces and dots are removed."
            ),
            "recycled_pre_consumer": _lazy(
                "Share of the product's weight made of production waste recycled (e.g. 20)."
            ),
            "recycled_post_consumer": _lazy(
                "Share of the product's weight made of used products recycled (e.g. 30)."
            ),
            "care": _lazy("How to wash, dry and iron it, in Italian."),
            "care_en": _lazy("The same in English."),
            "durability": _lazy("How long it lasts, how to repair it and where, in Italian."),
            "durability_en": _lazy("The same in English."),
            "end_of_life": _lazy(
                "What to do with it when it is no longer worn: reuse, collection, recycling, "
                "in Italian."
            ),
            "end_of_life_en": _lazy("The same in English."),
        }

    GROUPS = {
        "main": services.MAIN_FIELDS,
        "identifiers": services.IDENTIFIER_FIELDS,
        "recycled": services.RECYCLED_FIELDS,
        "wearer": services.WEARER_FIELDS,
        "making": services.MAKING_FIELDS,
        "durability": services.DURABILITY_FIELDS,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The GTIN is read by ``clean_gtin`` (spaces forgiven, check digit explained).
        # So is the commodity code (spaces and dots removed first).
        for name in ("gtin", "commodity_code"):
            field = self.fields[name]
            field.validators = []
            field.max_length = None  # type: ignore[attr-defined]
            field.widget.attrs.pop("maxlength", None)

    def clean_model_code(self) -> str:
        code = (self.cleaned_data.get("model_code") or "").strip()
        self.instance.model_code = code
        if code and model_code_taken(self.instance):
            raise forms.ValidationError(_lazy("Another product of this brand has this model code."))
        return code

    def clean_gtin(self) -> str:
        value = "".join((self.cleaned_data.get("gtin") or "").split())
        if not value:
            return ""
        problem = identifiers.gtin_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        self.instance.gtin = identifiers.normalize_gtin(value)
        if gtin_taken(self.instance):
            raise forms.ValidationError(_lazy("Another product already has this GTIN."))
        return self.instance.gtin

    def clean_commodity_code(self) -> str:
        code = clean_commodity_code(self.cleaned_data.get("commodity_code"))
        if code:
            identifiers.validate_commodity_code(code)
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
    return plain(value)


# Steps ---------------------------------------------------------------------------------------

FOOTPRINT_STAGES = tuple(stage for stage in ProductStep.Stage.values if stage != "other")
MAX_OTHER_STEPS = 30


def process_choices() -> list:
    """The processes a step may name, grouped by phase of the chain (for a select)."""
    groups = {p.code: p.name for p in Process.objects.filter(is_group=True)}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for process in step_processes():
        grouped.setdefault(process.parent_id or "", []).append((process.code, process.name))
    return [
        ("", _lazy("not said")),
        *[(groups.get(code, code), items) for code, items in grouped.items()],
    ]


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class StepRowForm(forms.Form):
    """Where one step is done (a site of the chain, or else a country), which process it is and
    when it was done."""

    site = forms.CharField(label=_lazy("Site"), required=False, max_length=20)
    country = forms.ChoiceField(
        label=_lazy("Country, when no site is known"),
        required=False,
        choices=lambda: [("", _lazy("not known")), *countries.choices()],
    )
    process = forms.ChoiceField(label=_lazy("Process"), required=False, choices=process_choices)
    started_on = _date_field(_lazy("Started on"))
    finished_on = _date_field(_lazy("Finished on"))

    def row(self, stage: str) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "stage": stage,
            "site": (data.get("site") or "").strip() or None,
            "country": data.get("country", ""),
            "process": data.get("process") or None,
            "started_on": data.get("started_on"),
            "finished_on": data.get("finished_on"),
        }


class OtherStepForm(StepRowForm):
    """A step besides the four of the footprint method: its process is required."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remove = forms.BooleanField(label=_lazy("Remove this step"), required=False)

    @property
    def removed(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("remove"))

    def row(self, stage: str = "other") -> dict[str, Any]:
        return super().row("other") | {"id": self.cleaned_data.get("id")}


def _step_initial(step: ProductStep) -> dict[str, Any]:
    return {
        "site": str(step.site_id or ""),
        "country": "" if step.site_id else step.country,
        "process": step.process_id or "",
        "started_on": step.started_on,
        "finished_on": step.finished_on,
    }


def step_forms(data=None, product: Product | None = None) -> dict[str, StepRowForm]:
    """One form per stage of the footprint method, filled with the stored steps."""
    stored = {}
    if product is not None and data is None:
        stored = {s.stage: s for s in product.steps.exclude(stage="other")}
    result = {}
    for stage in FOOTPRINT_STAGES:
        step = stored.get(stage)
        initial = _step_initial(step) if step is not None else None
        result[stage] = StepRowForm(data, prefix=stage, initial=initial)
    return result


def other_count(data) -> int:
    """How many rows of other steps the posted page had."""
    try:
        count = int(data.get("others", 0))
    except (TypeError, ValueError):
        count = 0
    return max(0, min(count, MAX_OTHER_STEPS))


def other_step_forms(data=None, product: Product | None = None, *, extra: int = 0) -> list:
    """The rows of other steps: the stored ones (or those posted), plus ``extra`` empty rows."""
    if data is None:
        stored = other_steps(product) if product is not None else []
        initial = [_step_initial(step) | {"id": step.pk} for step in stored]
        count = len(initial) + extra
        return [
            OtherStepForm(
                prefix=f"other-{n}", initial=initial[n - 1] if n <= len(initial) else None
            )
            for n in range(1, min(count, MAX_OTHER_STEPS) + 1)
        ]
    count = min(other_count(data) + extra, MAX_OTHER_STEPS)
    return [OtherStepForm(data, prefix=f"other-{n}") for n in range(1, count + 1)]
