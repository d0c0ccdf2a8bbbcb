"""Forms of the brand's passport pages: issue a passport, revoke a version, choose the firms that
see the value chain."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from filiera.core.forms import PlainLabels
from filiera.core.usererror import UserError
from filiera.passports.models import Passport
from filiera.products.models import Batch, Product
from filiera.registry.models import Firm


class BatchField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Batch) -> str:  # type: ignore[override]
        if obj.serial_first:
            return gettext_now("%(lot)s (serials %(first)s to %(last)s)") % {
                "lot": obj.lot,
                "first": obj.serial_first,
                "last": obj.serial_last,
            }
        return obj.lot


class IssueForm(PlainLabels, forms.Form):
    granularity = forms.ChoiceField(
        label=_("Passport for"),
        choices=Passport.Granularity.choices,
        initial=Passport.Granularity.MODEL,
        widget=forms.RadioSelect,
        help_text=_(
            "One passport for every item of the model, one per batch (lot), or one for a single "
            "item (serial number)."
        ),
    )
    batch = BatchField(
        label=_("Batch"),
        queryset=Batch.objects.none(),
        required=False,
        empty_label=_("— no batch —"),
        help_text=_("For a batch or an item passport."),
    )
    serial = forms.CharField(
        label=_("Serial number"),
        max_length=20,
        required=False,
        help_text=_("For an item passport: a serial number in the batch's range."),
    )

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        batch = self.fields["batch"]
        assert isinstance(batch, forms.ModelChoiceField)
        batch.queryset = Batch.objects.filter(product=product).order_by("-produced_on", "lot")


class RevokeForm(PlainLabels, forms.Form):
    reason = forms.CharField(
        label=_("Why is this version revoked?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who opens the passport reads it, e.g. “wrong composition”."),
    )


class ViewerForm(PlainLabels, forms.Form):
    firm = forms.TypedChoiceField(
        label=_("A firm of your chain"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Your suppliers that share their name with you, and your clients."),
    )
    vat = forms.CharField(
        label=_("or its VAT number"),
        max_length=20,
        required=False,
        help_text=_("Any firm registered on the platform."),
    )

    def __init__(self, *args, candidates: list[Firm], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        firm = self.fields["firm"]
        assert isinstance(firm, forms.TypedChoiceField)
        firm.choices = [("", _("— choose —")), *((f.pk, f.legal_name) for f in candidates)]

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("firm") and not (cleaned.get("vat") or "").strip():
            raise forms.ValidationError(_("Choose a firm of your chain or give a VAT number."))
        return cleaned


def add_user_error(form: forms.Form, err: UserError) -> None:
    """Show a service's error on the field it names, or above the form."""
    field = str(getattr(err, "field", None) or "")
    form.add_error(field if field in form.fields else None, err.translated())
