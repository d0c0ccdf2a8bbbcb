"""The form for uploading and changing a piece of evidence (certificate or document).

The kinds come from the certificate catalogue of the methodology the firm's district uses; the
catalogue also gives the issuer hint and the usual validity, used to fill "valid until".
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.qualification.evidence_info import OTHER
from filiera.qualification.methodology.schema import Certificate, Methodology
from filiera.qualification.models import Evidence
from filiera.qualification.uploads import ACCEPTED, check_evidence_file

KIND_GROUPS = {
    "certification": _lazy("Certifications"),
    "document": _lazy("Official documents"),
    "test": _lazy("Test reports"),
    "rating": _lazy("Ratings"),
    "assessment": _lazy("Audits and assessments"),
}
FIELDS = ("certificate", "title", "issuer", "number", "valid_from", "valid_until")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def kind_choices(catalogue: Methodology | None, language: str, keep: str = "") -> list:
    """Catalogue kinds grouped by type and sorted by name, then "other" last. ``keep`` is a code
    to keep selectable even if the catalogue no longer has it (editing older evidence)."""
    certificates = [c for c in (catalogue.certificates if catalogue else []) if c.code != OTHER]
    groups: list = [("", _("— choose —"))]
    for kind, label in KIND_GROUPS.items():
        items = sorted(
            ((c.code, c.name.get(language)) for c in certificates if c.kind == kind),
            key=lambda item: item[1].casefold(),
        )
        if items:
            groups.append((label, items))
    if keep and keep != OTHER and keep not in {c.code for c in certificates}:
        groups.append((keep, keep))
    other = catalogue.certificate(OTHER) if catalogue else None
    groups.append((OTHER, other.name.get(language) if other else _("Other document")))
    return groups


class CheckedFile:
    """A form's ``file`` field checked as evidence files are (type from the content, size);
    the content type found is kept in ``content_type``. An empty field is left to the field's
    own ``required``."""

    cleaned_data: dict
    content_type: str | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            self.content_type = check_evidence_file(upload)
        except UserError as err:
            raise forms.ValidationError(err.translated()) from err
        return upload


class EvidenceForm(CheckedFile, PlainLabels, forms.Form):
    certificate = forms.ChoiceField(
        label=_lazy("Kind of document"),
        error_messages={
            "required": _lazy("Kind of document: choose one from the list."),
            "invalid_choice": _lazy("Kind of document: choose one from the list."),
        },
    )
    title = forms.CharField(
        label=_lazy("Title"),
        max_length=200,
        required=False,
        help_text=_lazy("Required for “Other document”: say what it is."),
    )
    issuer = forms.CharField(label=_lazy("Issued by"), max_length=200, required=False)
    number = forms.CharField(label=_lazy("Number"), max_length=100, required=False)
    valid_from = forms.DateField(
        label=_lazy("Valid from"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _lazy("Valid from: write a date, e.g. 2026-01-31.")},
    )
    valid_until = forms.DateField(
        label=_lazy("Valid until"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _lazy("Valid until: write a date, e.g. 2026-12-31.")},
        help_text=_lazy(
            "Leave empty if the document does not expire, or to use its usual validity."
        ),
    )
    file = forms.FileField(
        label=_lazy("File"),
        help_text=_lazy("PDF or photo (PNG, JPEG, WebP), at most %(max)s."),
        widget=forms.FileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={
            "required": _lazy("File: choose the document to upload."),
            "empty": _lazy("File: the file is empty."),
            "invalid": _lazy("File: no file was received; choose it again."),
        },
    )

    def __init__(
        self,
        *args,
        catalogue: Methodology | None,
        language: str,
        instance: Evidence | None = None,
        max_size: str = "",
        hints_url: str = "",
        **kwargs,
    ):
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in FIELDS})
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.instance = instance
        self.content_type = ""
        self.filled_until = False
        keep = instance.certificate if instance is not None else ""
        kinds = self.fields["certificate"]
        assert isinstance(kinds, forms.ChoiceField)
        kinds.choices = kind_choices(catalogue, language, keep)
        self.fields["file"].help_text = self.fields["file"].help_text % {"max": max_size}
        if instance is not None:
            self.fields["file"].required = False
            self.fields["file"].help_text = _(
                "Choose a file only to replace the current one (%(name)s)."
            ) % {"name": instance.file_name}
        if hints_url:  # choosing a kind refreshes the issuer hint and the usual validity
            self.fields["certificate"].widget.attrs.update(
                {
                    "hx-get": hints_url,
                    "hx-trigger": "change",
                    "hx-target": "#kind-hints",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name='issuer']",
                }
            )
        hint = self.chosen_certificate()
        if hint is not None and hint.issuer:
            self.fields["issuer"].widget.attrs["placeholder"] = hint.issuer

    def chosen_certificate(self) -> Certificate | None:
        """The catalogue entry of the kind chosen (posted, or initial), for hints."""
        code = (
            self.data.get("certificate")
            if self.is_bound
            else self.initial.get("certificate") or self.fields["certificate"].initial
        )
        if not code or self.catalogue is None:
            return None
        return self.catalogue.certificate(code)

    def clean(self):
        data = super().clean()
        code = data.get("certificate")
        if code == OTHER and not (data.get("title") or "").strip():
            self.add_error("title", _("Title: say what the document is."))
        start, end = data.get("valid_from"), data.get("valid_until")
        certificate = self.catalogue.certificate(code) if code and self.catalogue else None
        if end is None and start is not None and certificate and certificate.validity_days:
            data["valid_until"] = start + timedelta(days=certificate.validity_days)
            self.filled_until = True
        elif start and end and end < start:
            self.add_error(
                "valid_until", _("Valid until: the end of validity is before its start.")
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in FIELDS}
        for name in ("title", "issuer", "number"):
            values[name] = (values[name] or "").strip()
        values["file"] = data.get("file") or None
        values["content_type"] = self.content_type or None
        return values
