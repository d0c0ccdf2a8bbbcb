from typing import cast

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from filiera.accounts import services
from filiera.accounts.forms import SignUpForm, TokenForm
from filiera.accounts.models import Invitation
from filiera.api.models import ApiToken
from filiera.registry.models import DistrictMembership, FirmMembership


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invited person signs up (or, if they have an account, accepts with it)."""
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=410)
    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if existing:
        if not request.user.is_authenticated:
            messages.info(
                request, _("You already have an account: log in to accept the invitation.")
            )
            return redirect(f"{_login_url()}?next={request.path}")
        if request.user.pk != existing.pk:
            return render(
                request, "accounts/invitation_invalid.html", {"wrong_user": True}, status=403
            )
        if request.method == "POST":
            services.accept(invitation, request.user)
            messages.success(request, _("Invitation accepted."))
            return redirect("home")
        return render(request, "accounts/accept.html", {"invitation": invitation})
    form = SignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Filiera."))
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form, "invitation": invitation})


def _login_url() -> str:
    from django.urls import reverse

    return reverse("login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's account: roles and personal API tokens."""
    user = cast(User, request.user)  # login_required
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=user),
            "firm_memberships": FirmMembership.objects.filter(user=user).select_related("firm"),
            "district_memberships": DistrictMembership.objects.filter(user=user).select_related(
                "district"
            ),
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token.delete()
    messages.success(request, _("Token revoked."))
    return redirect("account")
