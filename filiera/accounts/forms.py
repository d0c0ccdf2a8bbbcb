from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from filiera.core.forms import PlainLabels
from filiera.registry.models import DistrictMembership, FirmMembership


class SignUpForm(PlainLabels, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        user = get_user_model()(
            username=self.email,
            email=self.email,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        check_new_password(self, data, user)
        return data


def check_new_password(form: forms.Form, data: dict, user) -> None:
    """The two passwords match and pass the password validators for this (unsaved) user;
    errors go on the password fields."""
    p1, p2 = data.get("password1"), data.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", _("The two passwords differ."))
    elif p1:
        try:
            password_validation.validate_password(p1, user)
        except forms.ValidationError as exc:
            form.add_error("password1", exc)


class FirmInviteForm(PlainLabels, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=FirmMembership.Role.choices)


class DistrictInviteForm(PlainLabels, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=DistrictMembership.Role.choices)


class TokenForm(PlainLabels, forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)
