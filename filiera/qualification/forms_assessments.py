"""Forms of the assessment pages: starting an assessment and saving one answer."""

from __future__ import annotations

from collections.abc import Collection

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filiera.qualification.models import Evidence


class StartForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("The year the answers describe, e.g. 2026."),
    )

    @classmethod
    def blank(cls, taken: Collection[str] = ()) -> StartForm:
        """The form with the first year from this one that has no assessment yet."""
        year = timezone.localdate().year
        while str(year) in taken:
            year += 1
        return cls(initial={"period": str(year)})


class AnswerForm(forms.Form):
    """One question's answer, note and documents. A part missing from the posted data is left
    as it is (``value``/``comment`` absent; ``with_evidence`` unset for the documents)."""

    value = forms.CharField(label=_("Answer"), required=False, max_length=2000, strip=False)
    comment = forms.CharField(label=_("Note"), required=False, max_length=2000)
    with_evidence = forms.BooleanField(required=False)
    evidence = forms.ModelMultipleChoiceField(
        queryset=Evidence.objects.none(), required=False, label=_("Documents")
    )

    def __init__(self, *args, firm_evidence=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if firm_evidence is not None:
            field = self.fields["evidence"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = firm_evidence

    def parts(self) -> dict:
        """Keyword arguments for ``services.assessments.save_answer``."""
        data = self.cleaned_data
        return {
            "value": data["value"] if "value" in self.data else None,
            "comment": data["comment"] if "comment" in self.data else None,
            "evidence": list(data["evidence"]) if data["with_evidence"] else None,
        }

    def first_error(self) -> str:
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = field.label if field is not None and field.label else name
            return f"{label}: {errors[0]}"
        return ""
