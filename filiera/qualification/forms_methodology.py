"""Forms of the methodology pages: derive, the draft editor (weights, new questions), re-score.

The forms check what a person can get wrong on the page (ranges, both languages, codes); the
whole definition is validated again by ``services.methodologies.change_draft``.
"""

from __future__ import annotations

import re
from typing import cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.qualification.methodology.schema import CODE, Methodology, Question, Text
from filiera.qualification.models import Weighting

MAX_WEIGHT = 10
CODE_MAX_LENGTH = 40  # Answer.question


def plain_number(value: float) -> float | int:
    """2.0 → 2, so that weights read as they were written."""
    return int(value) if float(value).is_integer() else value


def weight_field(label: str, initial: float = 1) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=MAX_WEIGHT,
        initial=plain_number(initial),
        widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": MAX_WEIGHT}),
    )


class DeriveForm(forms.Form):
    district: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("District"), queryset=None, to_field_name="slug", empty_label=None
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class WeightsForm(PlainLabels, forms.Form):
    """Area weights, and per question its weight and whether it is asked."""

    def __init__(self, *args, methodology: Methodology, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.methodology = methodology
        for area in methodology.areas:
            self.fields[self.area_key(area.code)] = weight_field(
                _("Weight of the area %(name)s") % {"name": area.name.get(language)}, area.weight
            )
            for q in area.questions:
                self.fields[self.weight_key(q.code)] = weight_field(
                    _("Weight of %(code)s") % {"code": q.code}, q.weight
                )
                self.fields[self.enabled_key(q.code)] = forms.BooleanField(
                    label=_("%(code)s is asked") % {"code": q.code},
                    required=False,
                    initial=q.enabled,
                )
        for form_field in self.fields.values():
            # The inputs sit in each area's section, outside the <form id="weights"> element.
            form_field.widget.attrs["form"] = "weights"

    @staticmethod
    def area_key(code: str) -> str:
        return f"area:{code}:weight"

    @staticmethod
    def weight_key(code: str) -> str:
        return f"q:{code}:weight"

    @staticmethod
    def enabled_key(code: str) -> str:
        return f"q:{code}:enabled"

    def apply(self, definition: dict) -> dict:
        """A copy of the stored definition with the submitted weights and switches."""
        data = self.cleaned_data
        result = dict(definition)
        areas = []
        for area in definition["areas"]:
            area = dict(area)
            if self.area_key(area["code"]) in data:
                area["weight"] = plain_number(data[self.area_key(area["code"])])
            questions = []
            for q in area["questions"]:
                q = dict(q)
                if self.weight_key(q["code"]) in data:
                    q["weight"] = plain_number(data[self.weight_key(q["code"])])
                    q["enabled"] = bool(data.get(self.enabled_key(q["code"])))
                questions.append(q)
            area["questions"] = questions
            areas.append(area)
        result["areas"] = areas
        return result


TYPE_CHOICES = [
    ("yesno", _lazy("Yes / no")),
    ("number", _lazy("Number (with its unit)")),
    ("date", _lazy("Date")),
]
LEVEL_CHOICES = [
    (1, _lazy("Level 1 · basics")),
    (2, _lazy("Level 2 · managed")),
    (3, _lazy("Level 3 · leading")),
]
EVIDENCE_CHOICES = [
    ("none", _lazy("No evidence")),
    ("optional", _lazy("Evidence optional")),
    ("required", _lazy("Evidence required")),
]


def suggest_code(methodology: Methodology, area_code: str, district_slug: str) -> str:
    """``CARPI-ENV-01``: the district, the prefix the area's questions use, the next free number."""
    area = next(a for a in methodology.areas if a.code == area_code)
    first = area.questions[0].code if area.questions else area.code
    prefix = re.split(r"[-_.]", first)[0] or area.code[:3]
    stem = f"{district_slug}-{prefix}".upper()
    taken = {q.code for a in methodology.areas for q in a.questions}
    taken |= {p.code for p in methodology.profile}
    number = 1
    while f"{stem}-{number:02d}" in taken:
        number += 1
    return f"{stem}-{number:02d}"


class AddQuestionForm(PlainLabels, forms.Form):
    code = forms.RegexField(
        label=_lazy("Code"),
        regex=CODE,
        max_length=CODE_MAX_LENGTH,
        error_messages={"invalid": _lazy("Use letters, digits, dots and dashes, no spaces.")},
    )
    level = forms.TypedChoiceField(
        label=_lazy("Level"), choices=LEVEL_CHOICES, coerce=int, initial=1
    )
    type = forms.ChoiceField(label=_lazy("Answer"), choices=TYPE_CHOICES, initial="yesno")
    unit = forms.CharField(
        label=_lazy("Unit"),
        required=False,
        max_length=20,
        help_text=_lazy("For a number: kWh, m³, t, %…"),
    )
    text_it = forms.CharField(
        label=_lazy("Question in Italian"), max_length=500, widget=forms.Textarea({"rows": 2})
    )
    text_en = forms.CharField(
        label=_lazy("Question in English"), max_length=500, widget=forms.Textarea({"rows": 2})
    )
    help_it = forms.CharField(
        label=_lazy("Help in Italian"), required=False, widget=forms.Textarea({"rows": 2})
    )
    help_en = forms.CharField(
        label=_lazy("Help in English"), required=False, widget=forms.Textarea({"rows": 2})
    )
    weight = forms.FloatField(
        label=_lazy("Weight"),
        min_value=0,
        max_value=MAX_WEIGHT,
        initial=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": MAX_WEIGHT}),
    )
    evidence = forms.ChoiceField(
        label=_lazy("Evidence"), choices=EVIDENCE_CHOICES, initial="optional"
    )
    critical = forms.BooleanField(
        label=_lazy("Critical (level 1 only): levels 2 and 3 count only when it is met"),
        required=False,
    )
    certificates = forms.MultipleChoiceField(
        label=_lazy("Certificates that answer it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, methodology: Methodology, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.methodology = methodology
        certificates = cast(forms.MultipleChoiceField, self.fields["certificates"])
        certificates.choices = [(c.code, c.name.get(language)) for c in methodology.certificates]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if self.methodology.question(code) is not None or any(
            p.code == code for p in self.methodology.profile
        ):
            raise forms.ValidationError(
                _("The code %(code)s is already used by another question.") % {"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("type") == "number" and not (data.get("unit") or "").strip():
            self.add_error("unit", _("A number question needs its unit."))
        if data.get("critical") and data.get("level") != 1:
            self.add_error("critical", _("Only a level 1 question can be critical."))
        help_it, help_en = (data.get("help_it") or "").strip(), (data.get("help_en") or "").strip()
        if help_it and not help_en:
            self.add_error("help_en", _("Write the help in English too, or leave both empty."))
        if help_en and not help_it:
            self.add_error("help_it", _("Write the help in Italian too, or leave both empty."))
        return data

    def question(self) -> dict:
        """The new question as stored in a definition (every field, defaults included)."""
        data = self.cleaned_data
        help_it, help_en = data["help_it"].strip(), data["help_en"].strip()
        question = Question(
            code=data["code"],
            level=data["level"],
            weight=plain_number(data["weight"]),
            text=Text(it=data["text_it"].strip(), en=data["text_en"].strip()),
            help=Text(it=help_it, en=help_en) if help_it else None,
            type=data["type"],
            unit=data["unit"].strip() if data["type"] == "number" else "",
            critical=data["critical"],
            evidence=data["evidence"],
            certificates=list(data["certificates"]),
        )
        return question.model_dump(mode="json")


def add_question(definition: dict, area_code: str, question: dict) -> dict:
    """A copy of ``definition`` with ``question`` after the last one of its level (or lower)."""
    result = dict(definition)
    areas = []
    for area in definition["areas"]:
        if area["code"] == area_code:
            questions = list(area["questions"])
            at = len(questions)
            while at > 0 and questions[at - 1].get("level", 1) > question["level"]:
                at -= 1
            questions.insert(at, question)
            area = {**area, "questions": questions}
        areas.append(area)
    result["areas"] = areas
    return result


class RescoreForm(PlainLabels, forms.Form):
    district: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("District"), queryset=None, to_field_name="slug", empty_label=None
    )
    weighting: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("Area weights"),
        queryset=None,
        required=False,
        empty_label=_lazy("The version's own weights"),
    )

    def __init__(self, *args, districts, weightings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["weighting"].queryset = weightings

    def clean(self):
        data = super().clean()
        weighting: Weighting | None = data.get("weighting")
        district = data.get("district")
        if (
            weighting is not None
            and district is not None
            and weighting.district_id not in (None, district.pk)
        ):
            self.add_error("weighting", _("This weighting belongs to another district."))
        return data
