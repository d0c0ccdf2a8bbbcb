"""Forms of the symbiosis pages: a flow, and the steps of an exchange (decline, agree, record a
realised quantity). They read what people type; the flow's rules live in
``filiera.symbiosis.validation.clean_flow`` (the same for the form, the import and the API), and
the form puts its errors on the fields they name."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import FieldGroups, PlainLabels
from filiera.core.usererror import UserError
from filiera.registry.models import Firm, Site
from filiera.symbiosis import validation
from filiera.symbiosis.engine import units
from filiera.symbiosis.models import Flow

# Textile attributes asked as fields of their own; any other attribute goes in "other".
TEXTILE = ("fibre", "colour", "construction", "coated", "elastane_pct")
DIMENSION_LABELS = {
    "mass": _lazy("Weight"),
    "volume": _lazy("Volume"),
    "energy": _lazy("Energy"),
    "items": _lazy("Pieces"),
    "area": _lazy("Area"),
    "time": _lazy("Time"),
}
UNIT_LABELS = {
    "t": _lazy("t (tonnes)"),
    "kg": _lazy("kg"),
    "q": _lazy("q (quintals)"),
    "m3": _lazy("m³ (cubic metres)"),
    "l": _lazy("litres"),
    "pcs": _lazy("pieces"),
    "h": _lazy("hours"),
    "m2": _lazy("m² (square metres)"),
}
# Errors of ``clean_flow`` on fields the form asks in another shape.
FIELD_OF = {"attributes": "other_attributes", "hazardous": "ewc"}
CODES_SPLIT = re.compile(r"[,;|\n]+")
MAX_OTHER_ATTRIBUTES = 500


def quantity_field(label) -> forms.DecimalField:
    """A quantity as the flows store it: not negative, up to 14 digits with 3 decimals."""
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def unit_choices() -> list:
    """The units the engine knows, grouped by what they measure."""
    groups = []
    for dimension, symbols in units.UNITS.items():
        label = DIMENSION_LABELS.get(dimension, dimension)
        groups.append((label, [(s, UNIT_LABELS.get(s, s)) for s in symbols]))
    return groups


def show_error(form: forms.BaseForm, err: Exception) -> None:
    """A service's error on the field it names, or above the form."""
    if isinstance(err, forms.ValidationError) and hasattr(err, "error_dict"):
        for field, errors in err.message_dict.items():
            target = FIELD_OF.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
        return
    if isinstance(err, UserError):
        named: str | None = getattr(err, "field", None)
        name = FIELD_OF.get(named, named) if named else None
        form.add_error(name if name in form.fields else None, err.translated())
        return
    form.add_error(None, list(getattr(err, "messages", [str(err)])))


def describe_attributes(attributes: dict[str, Any]) -> list[tuple[str, str]]:
    """Quality attributes as (label, value) for pages: the textile ones with their words."""
    labels = {name: FlowForm.base_fields[name].label for name in TEXTILE}
    constructions = dict(FlowForm.base_fields["construction"].choices)  # type: ignore[attr-defined]
    rows = []
    for key, value in attributes.items():
        if isinstance(value, bool):
            shown = str(_lazy("yes") if value else _lazy("no"))
        elif key == "construction":
            shown = str(constructions.get(value, value))
        else:
            shown = str(value)
        rows.append((str(labels.get(key) or key.replace("_", " ")), shown))
    return rows


def attributes_text(attributes: dict[str, Any]) -> str:
    """Attributes other than the textile ones, as ``key=value; key=value``."""
    return "; ".join(f"{k}={v}" for k, v in attributes.items() if k not in TEXTILE)


def parse_other(text: str) -> dict[str, str]:
    """``key=value; key=value`` to a dict; raises ValidationError naming the bad part."""
    out: dict[str, str] = {}
    for part in re.split(r"[;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise forms.ValidationError(
                _lazy("“%(part)s” is not written as name=value."), params={"part": part}
            )
        out[key.strip().lower().replace(" ", "_")] = value.strip()
    return out


class FlowForm(FieldGroups, PlainLabels, forms.Form):
    direction = forms.ChoiceField(
        label=_lazy("Offer or need"),
        choices=Flow.Direction.choices,
        widget=forms.RadioSelect,
    )
    site: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("Site"),
        queryset=Site.objects.none(),
        empty_label=None,
        help_text=_lazy("Where it is."),
    )
    kind = forms.ChoiceField(label=_lazy("Kind"), choices=Flow.Kind.choices)
    description = forms.CharField(
        label=_lazy("Description (Italian)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("What it is, in plain words, e.g. “ritagli di maglieria in lana”."),
    )
    description_en = forms.CharField(
        label=_lazy("Description (English, optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ewc = forms.CharField(
        label=_lazy("EWC code"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "04 02 22"}),
        help_text=_lazy(
            "Needed for waste. Write the description and pick one of the suggested codes, "
            "or type it."
        ),
    )
    quantity = quantity_field(_lazy("Quantity"))
    unit = forms.ChoiceField(label=_lazy("Unit"), choices=unit_choices)
    period = forms.ChoiceField(label=_lazy("Period"), choices=Flow.Period.choices)
    max_distance_km = forms.IntegerField(
        label=_lazy("Maximum distance (km)"),
        min_value=1,
        initial=50,
        help_text=_lazy("How far you will move it, or fetch it from."),
    )
    available_from = forms.DateField(
        label=_lazy("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    available_until = forms.DateField(
        label=_lazy("Available until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    legal_status = forms.ChoiceField(
        label=_lazy("Legal status"),
        required=False,
        choices=[("", _lazy("As its kind says")), *Flow.LegalStatus.choices],
    )
    # Textile attributes.
    fibre = forms.CharField(
        label=_lazy("Fibre"),
        required=False,
        max_length=120,
        help_text=_lazy("E.g. wool, or wool 70% polyamide 30%."),
    )
    colour = forms.CharField(
        label=_lazy("Colour"),
        required=False,
        max_length=60,
        help_text=_lazy("E.g. mixed, black, undyed."),
    )
    construction = forms.ChoiceField(
        label=_lazy("Knitted or woven"),
        required=False,
        choices=[("", "—"), ("knitted", _lazy("knitted")), ("woven", _lazy("woven"))],
    )
    coated = forms.ChoiceField(
        label=_lazy("Coated"),
        required=False,
        choices=[("", "—"), ("no", _lazy("no")), ("yes", _lazy("yes"))],
    )
    elastane_pct = forms.DecimalField(
        label=_lazy("Elastane (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    other_attributes = forms.CharField(
        label=_lazy("Other qualities"),
        required=False,
        max_length=MAX_OTHER_ATTRIBUTES,
        help_text=_lazy("As name=value separated by semicolons, e.g. moisture=12%; bales=yes."),
    )
    # Needs.
    accepted_ewc = forms.CharField(
        label=_lazy("EWC codes you are authorised to receive"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_lazy("For needs of waste: the codes of your permit, separated by commas."),
    )
    accepts_hazardous = forms.BooleanField(
        label=_lazy("Authorised to receive hazardous waste"), required=False
    )
    ref = forms.CharField(
        label=_lazy("Your reference (optional)"),
        required=False,
        max_length=64,
        help_text=_lazy("Your own code for this flow, e.g. the row id of an imported file."),
    )

    GROUPS = {
        "main": ("direction", "site", "kind", "description", "description_en", "ewc"),
        "amount": ("quantity", "unit", "period"),
        "where_when": ("max_distance_km", "available_from", "available_until", "legal_status"),
        "qualities": (*TEXTILE, "other_attributes"),
        "receiver": ("accepted_ewc", "accepts_hazardous"),
    }

    def __init__(self, *args, firm: Firm, instance: Flow | None = None, **kwargs) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        self.firm = firm
        self.instance = instance
        self.fields["site"].queryset = firm.sites.order_by("name", "id")  # type: ignore[attr-defined]
        # While the description is typed, the page asks for EWC codes that fit it (htmx).
        suggest = {
            "hx-get": reverse("flow_ewc_suggest", args=[firm.pk]),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#ewc-suggestions",
            "hx-include": "[name=description],[name=description_en]",
            "hx-sync": "closest form:replace",
        }
        for name in ("description", "description_en"):
            self.fields[name].widget.attrs.update(suggest)

    def clean_other_attributes(self) -> dict[str, str]:
        return parse_other(self.cleaned_data.get("other_attributes") or "")

    def clean_accepted_ewc(self) -> list[str]:
        text = self.cleaned_data.get("accepted_ewc") or ""
        return [code.strip() for code in CODES_SPLIT.split(text) if code.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        _values, errors = validation.clean_flow(self.flow_data(), firm=self.firm)
        for field, message in errors.items():
            name = FIELD_OF.get(field, field)
            self.add_error(name if name in self.fields else None, message)
        return cleaned

    def attributes(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for key in ("fibre", "colour", "construction"):
            if data.get(key):
                out[key] = data[key].strip()
        if data.get("coated"):
            out["coated"] = data["coated"] == "yes"
        if data.get("elastane_pct") is not None:
            out["elastane_pct"] = float(data["elastane_pct"])
        for key, value in (data.get("other_attributes") or {}).items():
            out.setdefault(key, value)
        return out

    def flow_data(self) -> dict[str, Any]:
        """What the services take: the model's fields by name."""
        data = self.cleaned_data
        direction = data["direction"]
        need = direction == Flow.Direction.NEED
        return {
            "site": data["site"],
            "ref": (data.get("ref") or "").strip(),
            "direction": direction,
            "kind": data["kind"],
            "ewc": (data.get("ewc") or "").strip(),
            "description": data["description"].strip(),
            "description_en": (data.get("description_en") or "").strip(),
            "quantity": data["quantity"],
            "unit": data["unit"],
            "period": data["period"],
            "attributes": self.attributes(),
            "available_from": data.get("available_from"),
            "available_until": data.get("available_until"),
            "legal_status": data.get("legal_status") or "",
            "max_distance_km": data["max_distance_km"],
            "accepted_ewc": (data.get("accepted_ewc") or []) if need else [],
            "accepts_hazardous": bool(data.get("accepts_hazardous")) if need else False,
        }


def initial_for(flow: Flow) -> dict[str, Any]:
    attributes = dict(flow.attributes or {})
    coated = attributes.get("coated")
    return {
        "direction": flow.direction,
        "site": flow.site_id,
        "kind": flow.kind,
        "description": flow.description,
        "description_en": flow.description_en,
        "ewc": flow.display_ewc.rstrip("*"),
        "quantity": flow.quantity,
        "unit": flow.unit,
        "period": flow.period,
        "max_distance_km": flow.max_distance_km,
        "available_from": flow.available_from,
        "available_until": flow.available_until,
        "legal_status": flow.legal_status,
        "fibre": attributes.get("fibre", ""),
        "colour": attributes.get("colour", ""),
        "construction": attributes.get("construction", ""),
        "coated": "" if coated in (None, "") else ("yes" if coated in (True, "yes") else "no"),
        "elastane_pct": attributes.get("elastane_pct"),
        "other_attributes": attributes_text(attributes),
        "accepted_ewc": ", ".join(
            f"{c[:2]} {c[2:4]} {c[4:]}" if len(c) == 6 else c for c in flow.accepted_ewc or []
        ),
        "accepts_hazardous": flow.accepts_hazardous,
        "ref": flow.ref,
    }
