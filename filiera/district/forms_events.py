"""Forms of the events pages: the event itself, registering (for which firm), attendance and
materials. They read what people type; the services in ``services/events.py`` save."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.district.models import Event, Registration
from filiera.district.services.events import EVENT_FIELDS
from filiera.qualification.forms_evidence import CheckedFile
from filiera.qualification.uploads import ACCEPTED

LOCAL_MINUTES = "%Y-%m-%dT%H:%M"


def _when_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTES)


class EventForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "starts_at": _when_widget(),
            "ends_at": _when_widget(),
            "description_it": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }
        help_texts = {
            "title_en": _lazy("Optional: English pages show the Italian title when empty."),
            "place": _lazy("Address or room. Leave empty for an online-only event."),
            "online_url": _lazy("Link to join online, shown to registered people only."),
            "capacity": _lazy("Empty: no limit."),
            "registration_open": _lazy("Untick to stop new registrations."),
            "public": _lazy(
                "Title, description, time, place and seats left appear in the district's public "
                "showcase. Who registered never does."
            ),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _lazy("Ends at: the end must come after the start."))
        if not (data.get("place") or "").strip() and not data.get("online_url"):
            self.add_error("place", _lazy("Place: give a place or an online link."))
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in EVENT_FIELDS}
        for name in ("title_it", "title_en", "description_it", "description_en", "place"):
            data[name] = (data[name] or "").strip()
        data["online_url"] = data["online_url"] or ""
        return data


class RegisterForm(forms.Form):
    """Which firm the person registers for: offered only among their firms of the district;
    staff of the district may register for none."""

    firm = forms.ChoiceField(label=_lazy("Register for"), required=False)

    def __init__(self, *args, firms=(), allow_none: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(str(f.pk), f.legal_name) for f in firms]
        if allow_none:
            choices.insert(0, ("", _lazy("no firm (district staff)")))
        self.firm_field.choices = choices
        self.choice_count = len(choices)
        self.allow_none = allow_none
        self.firms = {str(f.pk): f for f in firms}

    def clean_firm(self) -> str:
        value = self.cleaned_data.get("firm") or ""
        if not value and not self.allow_none and len(self.firms) == 1:
            value = next(iter(self.firms))  # one firm: no need to say which
        if not value and not self.allow_none:
            raise forms.ValidationError(_lazy("Register for: choose the firm you register for."))
        return value

    @property
    def firm_field(self) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields["firm"])

    @property
    def needs_choice(self) -> bool:
        """Whether the page must ask: more than one way to register."""
        return self.choice_count > 1

    def chosen_firm(self):
        return self.firms.get(self.cleaned_data.get("firm") or "")


ATTENDED, ABSENT, UNKNOWN = "yes", "no", ""
ATTENDANCE_CHOICES = [
    (ATTENDED, _lazy("attended")),
    (ABSENT, _lazy("absent")),
    (UNKNOWN, _lazy("not recorded")),
]


def attendance_value(registration: Registration) -> str:
    if registration.attended is None:
        return UNKNOWN
    return ATTENDED if registration.attended else ABSENT


class AttendanceForm(forms.Form):
    """One choice per confirmed registration, named ``r<pk>``."""

    def __init__(self, *args, registrations=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for reg in self.registrations:
            self.fields[f"r{reg.pk}"] = forms.ChoiceField(
                label=reg.user.get_full_name() or reg.user.get_username(),
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=attendance_value(reg),
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(reg, self[f"r{reg.pk}"]) for reg in self.registrations]

    def marks(self) -> dict[int, bool | None]:
        values = {ATTENDED: True, ABSENT: False}
        return {
            reg.pk: values.get(self.cleaned_data.get(f"r{reg.pk}") or UNKNOWN)
            for reg in self.registrations
        }


class MaterialForm(CheckedFile, PlainLabels, forms.Form):
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=_lazy("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    url = forms.URLField(
        label=_lazy("Link"),
        required=False,
        assume_scheme="https",
        help_text=_lazy("A recording, slides online or a page: instead of a file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _lazy("PDF, PNG, JPEG or WebP, up to %(max)s.") % {
            "max": filesizeformat(settings.EVIDENCE_MAX_BYTES)
        }

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if not self.errors and has_file == has_url:
            self.add_error(
                "file",
                _lazy("File: give either a file or a link.")
                if has_file
                else _lazy("File: choose a file, or give a link."),
            )
        return data
