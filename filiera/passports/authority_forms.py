"""Forms of the authority pages: an authority enters its token; a district creates one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from filiera.core.forms import PlainLabels
from filiera.passports.services.authority import NAME_MAX


class TokenEntryForm(PlainLabels, forms.Form):
    token = forms.CharField(
        label=_lazy("Authority token"),
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_lazy(
            "The token your district gave you. It stays in this browser until you "
            "forget it or log out."
        ),
    )


class TokenCreateForm(PlainLabels, forms.Form):
    name = forms.CharField(
        label=_lazy("Authority"),
        max_length=NAME_MAX,
        help_text=_lazy("Who receives the token, e.g. the market surveillance office."),
    )
    expires_on = forms.DateField(
        label=_lazy("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_lazy("The token works up to the end of this day."),
    )
