"""Forms of the good-practice library: the practice itself, the library's filters, an expert's
evaluation and an adoption. They read what people type; the services check and save."""

from __future__ import annotations

import re
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import FieldGroups, PlainLabels
from filiera.district.models import GoodPractice, PracticeEvaluation
from filiera.district.selectors_practices import CRITERIA, Catalogue
from filiera.district.services.practices import FIELDS
from filiera.registry.models import District, Firm

TEXTAREA = {"rows": 4}
MARKS = [
    (1, _lazy("1 · very low")),
    (2, _lazy("2 · low")),
    (3, _lazy("3 · fair")),
    (4, _lazy("4 · good")),
    (5, _lazy("5 · excellent")),
]
CRITERIA_HELP = {
    "relevance": _lazy("How well it answers a real need of the district's firms."),
    "concreteness": _lazy("How clearly it was put into practice, with actions, people and means."),
    "added_value": _lazy("What it brings beyond what firms already do: results, savings, quality."),
    "transferability": _lazy("How easily another firm or district could do the same."),
}


class PracticeForm(PlainLabels, FieldGroups, forms.ModelForm):
    """A practice in both languages. ``districts``: the districts the writer manages (the
    origin district is fixed once the practice exists); ``names``: the methodology's areas and
    questions in the writer's language."""

    GROUPS = {
        "italian": ("title_it", "summary_it", "body_it", "results_it"),
        "english": ("title_en", "summary_en", "body_en", "results_en"),
        "what": ("theme", "areas", "questions"),
        "origin": ("district", "firm", "firm_consents"),
    }

    areas = forms.MultipleChoiceField(
        label=_lazy("Qualification areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    questions = forms.MultipleChoiceField(
        label=_lazy("Questions it helps close (optional)"),
        required=False,
        help_text=_lazy(
            "Methodology questions this practice helps answer well: firms with a gap on one of "
            "them find it in their improvement plan. Hold Ctrl (or ⌘) to pick several."
        ),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = GoodPractice
        fields = [name for name in FIELDS if name not in ("areas", "questions")]
        widgets = {
            **{
                f"{name}_{lang}": forms.Textarea(attrs=TEXTAREA)
                for name in ("summary", "body", "results")
                for lang in ("it", "en")
            },
        }
        help_texts = {
            "summary_it": _lazy("Two or three sentences: they appear on the library's cards."),
            "body_it": _lazy("What was done, by whom, how and with what means."),
            "results_it": _lazy(
                "Facts and figures that show it worked: savings, tonnes, people trained…"
            ),
            "title_en": _lazy(
                "Needed to publish, like every English text whose Italian one is filled."
            ),
            "firm_consents": _lazy("Without it the firm is never named, to anyone."),
        }

    def __init__(self, *args, districts: QuerySet[District], names: Catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        for lang_field in ("title_en", "summary_en"):
            self.fields[lang_field].required = False
        self.fields["body_it"].required = True
        district_field = cast(forms.ModelChoiceField, self.fields["district"])
        district_field.queryset = districts
        district_field.empty_label = None
        if self.instance.pk:
            district_field.queryset = District.objects.filter(pk=self.instance.district_id)
            district_field.disabled = True
            district_field.help_text = _lazy("The origin district does not change.")
        firm_field = cast(forms.ModelChoiceField, self.fields["firm"])
        firm_field.queryset = (
            Firm.objects.filter(districts__in=district_field.queryset)
            .distinct()
            .order_by("legal_name")
        )
        firm_field.help_text = _lazy("A firm of the origin district, if the practice is theirs.")
        cast(forms.ChoiceField, self.fields["areas"]).choices = list(names.areas.items())
        cast(forms.ChoiceField, self.fields["questions"]).choices = names.groups
        if self.instance.pk:
            self.initial.setdefault("areas", list(self.instance.areas or []))
            self.initial.setdefault("questions", list(self.instance.questions or []))

    def clean(self):
        data = super().clean()
        district, firm = data.get("district"), data.get("firm")
        if (
            district is not None
            and firm is not None
            and not firm.districts.filter(pk=district.pk).exists()
        ):
            self.add_error("firm", _lazy("Choose a firm of the origin district."))
        return data


class FilterForm(PlainLabels, forms.Form):
    """The library's filters; a value that does not fit is ignored."""

    q = forms.CharField(label=_lazy("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_lazy("Theme"), required=False)
    area = forms.ChoiceField(label=_lazy("Qualification area"), required=False)
    district = forms.TypedChoiceField(
        label=_lazy("District"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, names: Catalogue, districts: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        everything: list = [("", _lazy("all"))]
        choices: dict[str, list] = {
            "theme": list(GoodPractice.Theme.choices),
            "area": list(names.areas.items()),
            "district": list(districts),
        }
        for name, values in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = everything + values

    def value(self, name: str):
        """The cleaned value of one filter, or None when it is empty or invalid."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None


class EvaluationForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = PracticeEvaluation
        fields = [*CRITERIA, "comment"]
        widgets = {"comment": forms.Textarea(attrs=TEXTAREA)}
        help_texts = {
            **CRITERIA_HELP,
            "comment": _lazy(
                "What works, what is missing, to whom you would suggest it. District staff "
                "read it; it is never public."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CRITERIA:
            label = self.fields[name].label
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=MARKS,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=CRITERIA_HELP[name],
            )


ADOPTER = re.compile(r"^(firm|district)-(\d+)$")


class AdoptForm(forms.Form):
    """Who adopts: ``adopter`` (``firm-<id>`` or ``district-<id>``, from the practice page) or
    ``firm``/``district``; ``action``: an improvement action of that firm (from the plan)."""

    adopter = forms.CharField(required=False)
    firm = forms.IntegerField(required=False, min_value=1)
    district = forms.IntegerField(required=False, min_value=1)
    action = forms.IntegerField(required=False, min_value=1)
    note = forms.CharField(required=False, max_length=2000)

    def target(self) -> tuple[str, int] | None:
        """``("firm", id)``, ``("district", id)`` or None when nothing (or too much) was said."""
        data = self.cleaned_data
        found = ADOPTER.match(data.get("adopter") or "")
        if found:
            return found.group(1), int(found.group(2))
        if data.get("firm") and not data.get("district"):
            return "firm", data["firm"]
        if data.get("district") and not data.get("firm"):
            return "district", data["district"]
        return None
