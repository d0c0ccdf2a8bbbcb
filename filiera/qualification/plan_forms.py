"""Forms of the plan, benchmark and VSME pages. They only shape input; the services validate
the rules (owner among the firm's people, answer formats) and say what is wrong."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from filiera.core.forms import PlainLabels
from filiera.qualification.methodology.schema import ProfileField
from filiera.qualification.models import ImprovementAction
from filiera.registry.models import Firm
from filiera.registry.models.firm import SizeClass
from filiera.registry.reference import ateco_title


def person_name(user) -> str:
    return user.get_full_name() or user.username


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class ActionForm(PlainLabels, forms.Form):
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = PersonChoice(
        label=_("Who takes care of it"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("nobody yet"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementAction.Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, firm: Firm, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = (
            get_user_model()
            .objects.filter(firm_memberships__firm=firm)
            .order_by("first_name", "last_name", "username")
            .distinct()
        )

    @classmethod
    def for_action(cls, action: ImprovementAction, data=None) -> ActionForm:
        initial = {
            "due_date": action.due_date,
            "owner": action.owner_id,
            "status": action.status,
            "note": action.note,
        }
        return cls(data, firm=action.firm, initial=initial, auto_id=f"a{action.pk}_%s")


class ScoresFilter(PlainLabels, forms.Form):
    """Filters of the district score distribution; unknown values are ignored."""

    division = forms.ChoiceField(label=_("ATECO division"), required=False)
    size = forms.ChoiceField(label=_("Size"), required=False)

    def __init__(self, data, divisions: list[str]) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["division"]).choices = [("", _("any"))] + [
            (code, f"{code} · {ateco_title(code)}".rstrip(" ·")) for code in divisions
        ]
        cast(forms.ChoiceField, self.fields["size"]).choices = [("", _("any")), *SizeClass.choices]

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["division"] or "", self.cleaned_data["size"] or ""


YESNO_CHOICES = [("", "—"), ("yes", _("yes")), ("no", _("no")), ("na", _("not applicable"))]


def _profile_field(item: ProfileField, language: str) -> forms.Field:
    label = item.label.get(language)
    if item.unit:
        label = f"{label} ({item.unit})"
    help_text = item.help.get(language) if item.help else ""
    common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
    if item.type == "choice":
        choices = [("", "—")] + [(c.code, c.label.get(language)) for c in item.choices]
        return forms.ChoiceField(choices=choices, **common)
    if item.type == "yesno":
        return forms.ChoiceField(choices=YESNO_CHOICES, **common)
    if item.type == "number":
        widget = forms.TextInput(attrs={"inputmode": "decimal"})
        return forms.CharField(widget=widget, **common)
    if item.type == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=500, **common)


class ProfileForm(PlainLabels, forms.Form):
    """One field per profile item of the methodology, named by its code."""

    def __init__(
        self, data, *, profile: list[ProfileField], language: str, initial: dict, disabled=False
    ) -> None:
        super().__init__(data, initial=initial)
        for item in profile:
            field = _profile_field(item, language)
            field.disabled = disabled
            self.fields[item.code] = field
