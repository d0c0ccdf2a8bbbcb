"""Forms of the public showcase: the directory search, a visitor's message to a firm, and what
a firm publishes (its public profile)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import FieldGroups, PlainLabels
from filiera.district.models import PublicProfile
from filiera.district.services.showcase import PROFILE_FIELDS


class SearchForm(PlainLabels, forms.Form):
    """The GET form of the firm directory; the choices are the district's published ones."""

    q = forms.CharField(
        label=_lazy("Search"),
        required=False,
        max_length=100,
        help_text=_lazy("A name, a product, a process, a place…"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    process = forms.ChoiceField(label=_lazy("Process"), required=False)
    product = forms.CharField(label=_lazy("Product"), required=False, max_length=100)
    certification = forms.ChoiceField(label=_lazy("Certification"), required=False)
    municipality = forms.ChoiceField(label=_lazy("Municipality"), required=False)

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, key, empty in (
            ("process", "processes", _lazy("Any process")),
            ("certification", "certificates", _lazy("Any certification")),
            ("municipality", "municipalities", _lazy("Anywhere")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", empty), *choices.get(key, [])]

    def value(self, name: str) -> str:
        """The checked value of a field ("" when empty or refused)."""
        if not hasattr(self, "cleaned_data"):
            return ""
        return str(self.cleaned_data.get(name) or "").strip()


class ContactForm(PlainLabels, forms.Form):
    """A visitor's message; ``leave_empty`` is a trap for robots, hidden from people."""

    name = forms.CharField(label=_lazy("Your name"), max_length=120)
    company = forms.CharField(label=_lazy("Company"), max_length=160, required=False)
    email = forms.EmailField(
        label=_lazy("Your e-mail"),
        help_text=_lazy("The firm answers you at this address."),
    )
    message = forms.CharField(
        label=_lazy("Message"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    leave_empty = forms.CharField(
        label=_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("leave_empty", "").strip())


class ProfileForm(FieldGroups, PlainLabels, forms.ModelForm):
    class Meta:
        model = PublicProfile
        fields = PROFILE_FIELDS
        widgets = {
            "summary_it": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "listed": _lazy(
                "Your firm appears in the showcase of each of your districts once it is "
                "qualified. Nothing else is public until you switch it on here."
            ),
            "products_it": _lazy("A few words, e.g. knitwear for women, cashmere."),
            "capacity_it": _lazy("e.g. 2,000 garments a month, 12 knitting machines."),
            "show_processes": _lazy("The processes recorded on your sites."),
            "show_municipality": _lazy(
                "The municipality of each site, on a map to about 1 km; never the address."
            ),
            "accepts_contacts": _lazy(
                "A form on your public page sends you their message by e-mail; "
                "your address stays hidden."
            ),
        }

    def __init__(self, *args, read_only: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    GROUPS = {
        "listing": ("listed",),
        "texts": ("summary_it", "summary_en", "products_it", "products_en"),
        "capacity": ("capacity_it", "capacity_en"),
        "shown": ("show_processes", "show_municipality", "show_website", "accepts_contacts"),
    }
