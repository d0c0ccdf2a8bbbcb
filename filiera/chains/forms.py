"""Forms of the supplier-side and invitation pages. They check the input; the services write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.accounts.forms import check_new_password
from filiera.chains.models import Level, Tier
from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.registry import municipalities
from filiera.registry.identifiers import IdentifierError, normalise_vat
from filiera.registry.models import Firm, Municipality, Process, Site

# Plain explanations of each tier and level, shown next to the choices.
TIER_HELP = {
    Tier.ASSEMBLY: _lazy(
        "makes the finished product for you (sewing, knitting to shape, assembly)"
    ),
    Tier.MATERIALS: _lazy("makes materials for your products: fabrics, yarns, trims, printing"),
    Tier.PROCESSING: _lazy("processes raw materials: spinning, scouring, tanning"),
    Tier.RAW: _lazy("produces raw materials: fibres, hides, recycled feedstock"),
}
LEVEL_HELP = {
    Level.NONE: _lazy(
        "Nothing of your assessment. If you share no profile and no sites either, "
        "the client does not even see your firm's name."
    ),
    Level.GRADE: _lazy("Your overall grade (A to E) and whether you are qualified. The default."),
    Level.AREAS: _lazy(
        "The grade and the score of each area (environment, people, governance…). "
        "Within what the EU VSME standard asks of a small firm."
    ),
    Level.ANSWERS: _lazy(
        "Also your answer to each question. More than the VSME standard asks of a small firm."
    ),
    Level.EVIDENCE: _lazy(
        "Also your answers and the documents you uploaded (certificates, tests, permits). "
        "More than the VSME standard asks of a small firm."
    ),
}
# What a client sees at each level, for the sentence "X will see: …".
LEVEL_SEES = {
    Level.GRADE: _lazy("your grade"),
    Level.AREAS: _lazy("your grade and area scores"),
    Level.ANSWERS: _lazy("your grade, area scores and answers"),
    Level.EVIDENCE: _lazy("your grade, area scores, answers and evidence files"),
}


def sees_sentence(level: int, profile: bool, sites: bool) -> str:
    """What a client sees, in plain words: "your grade, your profile and your sites"."""
    parts = []
    if level and level in LEVEL_SEES:
        parts.append(str(LEVEL_SEES[Level(level)]))
    if profile:
        parts.append(_("your firm's profile"))
    if sites:
        parts.append(_("your sites and the processes done there"))
    if not parts:
        return _("nothing: your firm is not named to it")
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def asks_sentence(level: int | None, profile: bool, sites: bool) -> str:
    return sees_sentence(level or 0, profile, sites)


def process_field(label) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        required=False,
        queryset=Process.objects.filter(is_group=False).select_related("parent"),
        widget=forms.CheckboxSelectMultiple,
    )


def level_field(
    label, *, with_none: bool, initial=Level.GRADE, required: bool = True
) -> forms.TypedChoiceField:
    """A level radio; when not required, an empty answer means the default (grade only)."""
    choices = [(value, label) for value, label in Level.choices if with_none or value]
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        initial=initial,
        required=required,
        empty_value=int(Level.GRADE),  # type: ignore[arg-type]
        widget=forms.RadioSelect,
    )


# Field named by a service's error (its English text starts with the field's name).
ERROR_FIELDS = {
    "VAT number": "vat",
    "P.IVA": "vat",
    "E-mail": "email",
    "Firm name": "name",
    "Name": "name",
    "Legal name": "legal_name",
    "Tier": "tier",
    "Processes": "processes",
    "Process": "processes",
    "Message": "message",
    "Level": "requested_level",
    "Site": "site",
    "Reason": "reason",
    "Municipality": "municipality_text",
    "Site name": "site_name",
    "Firm": "firm",
}


def add_user_error(form: forms.Form, err: UserError) -> None:
    """Show a service's error on the field it names, or above the form."""
    field = str(getattr(err, "field", None) or err.params.get("field") or "")
    if not field and ":" in err.template:
        field = ERROR_FIELDS.get(err.template.split(":", 1)[0].strip(), "")
    if field not in form.fields:
        field = {"level": "requested_level", "municipality": "municipality_text"}.get(field, "")
    form.add_error(field if field in form.fields else None, err.translated())


def clean_vat_text(raw: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalise_vat(raw)[0]
    except IdentifierError as exc:
        raise forms.ValidationError(exc.translated()) from exc


class InviteForm(PlainLabels, forms.Form):
    vat = forms.CharField(
        label=_lazy("VAT number"),
        max_length=20,
        required=False,
        help_text=_lazy("Italian P.IVA (11 digits) or a foreign VAT number with its country code."),
    )
    email = forms.EmailField(
        label=_lazy("E-mail"),
        required=False,
        help_text=_lazy("Where the invitation goes when the firm is not on Filiera yet."),
    )
    name = forms.CharField(
        label=_lazy("Firm name"),
        max_length=200,
        required=False,
        help_text=_lazy("For a firm not on Filiera yet."),
    )
    tier = forms.TypedChoiceField(
        label=_lazy("Tier"), choices=Tier.choices, coerce=int, widget=forms.RadioSelect
    )
    processes = process_field(_lazy("Processes it does for you"))
    message = forms.CharField(
        label=_lazy("Message to the supplier"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    requested_level = level_field(_lazy("You ask to see"), with_none=False, required=False)
    requested_profile = forms.BooleanField(label=_lazy("its firm profile"), required=False)
    requested_sites = forms.BooleanField(
        label=_lazy("its sites and the processes done there"), required=False
    )

    def clean_vat(self) -> str:
        return clean_vat_text(self.cleaned_data.get("vat", ""))

    def clean(self):
        data = super().clean()
        if not data.get("vat") and not data.get("email") and "vat" not in self.errors:
            self.add_error("vat", _("Give the supplier's VAT number or an e-mail address."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "vat": data["vat"],
            "email": data["email"],
            "name": data["name"].strip(),
            "tier": data["tier"],
            "processes": [p.code for p in data["processes"]],
            "message": data["message"].strip(),
            "requested_level": data["requested_level"],
            "requested_profile": data["requested_profile"],
            "requested_sites": data["requested_sites"],
        }


class BulkInviteForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label=_lazy("File"),
        allow_empty_file=True,  # the service says "the file is empty" itself
        help_text=_lazy("CSV (UTF-8, comma or semicolon) or XLSX, one row per supplier."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class RequestSharingForm(PlainLabels, forms.Form):
    level = level_field(_lazy("You ask to see"), with_none=False, initial=Level.AREAS)
    profile = forms.BooleanField(label=_lazy("its firm profile"), required=False)
    sites = forms.BooleanField(
        label=_lazy("its sites and the processes done there"), required=False
    )
    message = forms.CharField(
        label=_lazy("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentForm(PlainLabels, forms.Form):
    level = level_field(_lazy("Assessment"), with_none=True)
    profile = forms.BooleanField(
        label=_lazy("Firm profile (size, activities, contacts)"), required=False
    )
    sites = forms.BooleanField(
        label=_lazy("Sites (addresses and processes done there)"), required=False
    )

    def level_options(self):
        """The level radio with each level's explanation, for the template."""
        current = self["level"].value()
        return [
            {
                "value": int(value),
                "label": label,
                "help": LEVEL_HELP[Level(value)],
                "checked": str(value) == str(current),
                "beyond_vsme": int(value) > Level.AREAS,
            }
            for value, label in self.fields["level"].choices
        ]


class AcceptForm(PlainLabels, forms.Form):
    site: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_lazy("Site doing the work"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_lazy("Not said"),
        help_text=_lazy("The client sees it only if you share your sites."),
    )

    def __init__(self, *args, supplier: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        sites = supplier.sites.select_related("municipality").order_by("name")
        field = self.fields["site"]
        field.queryset = sites  # type: ignore[attr-defined]
        field.label_from_instance = site_label  # type: ignore[attr-defined]
        if sites.count() == 1:
            self.initial["site"] = sites.first()


def site_label(site: Site) -> str:
    return f"{site.name} · {site.municipality}"


class RefuseForm(PlainLabels, forms.Form):
    reason = forms.CharField(
        label=_lazy("Reason (the client reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Joining from the e-mailed link ----------------------------------------------------------------


class JoinSignUpForm(PlainLabels, forms.Form):
    username = forms.CharField(
        label=_lazy("Username"), max_length=150, help_text=_lazy("You log in with it.")
    )
    email = forms.EmailField(label=_lazy("E-mail"))
    password1 = forms.CharField(label=_lazy("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_lazy("Password again"), widget=forms.PasswordInput, strip=False
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken: choose another or log in."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail exists: log in instead."))
        return email

    def clean(self):
        data = super().clean()
        user = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
        check_new_password(self, data, user)
        return data

    def save(self):
        data = self.cleaned_data
        return get_user_model().objects.create_user(
            username=data["username"], email=data["email"], password=data["password1"]
        )


class JoinFirmForm(PlainLabels, forms.Form):
    """Join with one of my firms, or register a new one."""

    firm = forms.ModelChoiceField(
        label=_lazy("One of your firms"),
        queryset=Firm.objects.none(),
        required=False,
        empty_label=_lazy("A new firm (fill in below)"),
    )
    legal_name = forms.CharField(label=_lazy("Legal name"), max_length=200, required=False)
    vat = forms.CharField(
        label=_lazy("VAT number"),
        max_length=20,
        required=False,
        help_text=_lazy("Italian P.IVA (11 digits) or a foreign VAT number with its country code."),
    )
    municipality_text = forms.CharField(
        label=_lazy("Municipality"),
        required=False,
        help_text=_lazy(
            "Where the firm works: name with province, e.g. Carpi (MO), or the ISTAT code."
        ),
        widget=forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"}),
    )
    site_name = forms.CharField(
        label=_lazy("Site name"),
        max_length=200,
        required=False,
        help_text=_lazy("E.g. Head office, Workshop. You can add more sites later."),
    )

    def __init__(self, *args, firms, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms  # type: ignore[attr-defined]
        if not firms.exists():
            del self.fields["firm"]
        if not self.is_bound:
            self.initial.setdefault("legal_name", invitation.name)
            self.initial.setdefault("vat", invitation.vat)

    def clean_vat(self) -> str:
        return clean_vat_text(self.cleaned_data.get("vat", ""))

    def clean(self):
        data = super().clean()
        if data.get("firm"):
            return data
        for name in ("legal_name", "vat", "municipality_text"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required for a new firm."))
        text = data.get("municipality_text")
        if text:
            try:
                comune = municipalities.resolve(text)
            except municipalities.MunicipalityError as exc:
                self.add_error("municipality_text", exc.translated())
            else:
                data["municipality"] = Municipality.objects.get(pk=comune.istat_code)
        vat = data.get("vat")
        if vat and Firm.objects.filter(vat=vat).exists():
            self.add_error(
                "vat",
                _("A firm with this VAT number is already on Filiera: ask its owner to add you."),
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data.get("firm"):
            return {"firm": data["firm"]}
        return {
            "legal_name": data["legal_name"].strip(),
            "vat": data["vat"],
            "municipality": data["municipality"],
            "site_name": data["site_name"].strip(),
        }
