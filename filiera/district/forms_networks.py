"""Forms of the network pages. They read what people type; the services in
``filiera.district.services.networks`` check the rules and save (their errors land on the
field they name through :func:`show_error`)."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.district.models import Network, NetworkMember, NetworkProject, NetworkService
from filiera.district.services.networks import NETWORK_FIELDS, PROJECT_FIELDS, SERVICE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})
DOCUMENT_TYPES = (
    ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.webp,"
    "application/pdf,image/*"
)


def show_error(form: forms.BaseForm, err: UserError) -> None:
    """A service's error on the field it names, or above the form."""
    field = getattr(err, "field", None)
    form.add_error(field if field in form.fields else None, err.translated())


class _ModelFields(PlainLabels, forms.Form):
    """A plain form with the model's own fields (labels, lengths, choices): the views pass
    ``cleaned_data`` to the services, which compare it with what is saved."""

    model: type
    names: tuple[str, ...] = ()
    widgets: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(self.model, fields=self.names, widgets=self.widgets))


class FirmPicker(forms.CharField):
    """A firm of the district, typed as its VAT number or name; the page suggests matches."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 240)
        kwargs.setdefault(
            "help_text",
            _lazy("Type the VAT number or part of the name, then pick the firm suggested."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "list": "firm-options"})


class NetworkForm(_ModelFields):
    model = Network
    names = NETWORK_FIELDS
    widgets = {
        "purpose_it": SHORT_TEXT,
        "purpose_en": SHORT_TEXT,
        "signed_on": DATE,
        "expires_on": DATE,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose_it"].help_text = _lazy(
            "What the member firms do together and what they aim for."
        )
        self.fields["vat"].help_text = _lazy(
            "Only a network with legal personality (rete-soggetto) has a VAT number of its own."
        )
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        self.fields["public"].help_text = _lazy(
            "A public page in the district showcase shows the name, kind, programme, services, "
            "projects and website, and the members that are listed in the showcase. Documents "
            "never."
        )


class NetworkCreateForm(NetworkForm):
    """A new network and its lead firm (every network keeps at least one)."""

    lead = FirmPicker(label=_lazy("Lead firm (capofila)"))
    lead_joined_on = forms.DateField(
        label=_lazy("Lead firm joined on"), required=False, widget=DATE
    )


class MemberAddForm(PlainLabels, forms.Form):
    firm = FirmPicker(label=_lazy("Firm"))
    role = forms.ChoiceField(
        label=_lazy("Role"), choices=NetworkMember.Role.choices, initial=NetworkMember.Role.MEMBER
    )
    joined_on = forms.DateField(label=_lazy("Joined on"), required=False, widget=DATE)


class MemberForm(PlainLabels, forms.Form):
    role = forms.ChoiceField(label=_lazy("Role"), choices=NetworkMember.Role.choices)
    joined_on = forms.DateField(label=_lazy("Joined on"), required=False, widget=DATE)


class ServiceForm(_ModelFields):
    model = NetworkService
    names = SERVICE_FIELDS
    widgets = {"description_it": SHORT_TEXT, "description_en": SHORT_TEXT}


class ProjectForm(_ModelFields):
    model = NetworkProject
    names = PROJECT_FIELDS
    widgets = {
        "description_it": SHORT_TEXT,
        "description_en": SHORT_TEXT,
        "starts_on": DATE,
        "ends_on": DATE,
    }


class DocumentForm(PlainLabels, forms.Form):
    title = forms.CharField(label=_lazy("Title"), max_length=200)
    file = forms.FileField(
        label=_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_TYPES}),
        help_text=_lazy(
            "PDF, Word, Excel, PowerPoint, OpenDocument, or a picture (PNG, JPEG, WebP)."
        ),
    )
