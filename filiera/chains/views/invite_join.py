"""The e-mailed link for a firm not yet on Filiera: who invites and what it asks; a visitor
signs up or logs in, then joins with one of their firms or registers a new one, and is taken
to the invitation to accept it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from filiera.chains.forms import (
    JoinFirmForm,
    JoinSignUpForm,
    add_user_error,
    asks_sentence,
)
from filiera.chains.models import SupplyInvitation
from filiera.chains.models.sharing import VSME_CAP
from filiera.chains.services import invitations
from filiera.core.usererror import UserError
from filiera.registry.access import roles
from filiera.registry.models import Firm, FirmMembership


def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        SupplyInvitation.objects.select_related("client", "supplier")
        .prefetch_related("processes")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        return render(request, "chains/join_invalid.html", {"unknown": True}, status=404)
    if not invitation.is_pending:
        return render(request, "chains/join_invalid.html", {"invitation": invitation}, status=410)
    context = {
        "invitation": invitation,
        "asks": asks_sentence(
            invitation.requested_level, invitation.requested_profile, invitation.requested_sites
        ),
        "beyond_vsme": invitation.requested_level > VSME_CAP,
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    user = request.user
    if invitation.supplier_id is not None:
        # The firm is on Filiera already: its people answer from the firm's own page.
        if user.is_authenticated and invitation.supplier_id in roles(user).firm_roles:
            return redirect("supplier_invitation", invitation.supplier_id, invitation.pk)
        status = 403 if user.is_authenticated else 200
        return render(request, "chains/join_taken.html", context, status=status)
    if not user.is_authenticated:
        return _sign_up(request, context)
    firms = Firm.objects.filter(
        pk__in=[
            pk
            for pk, role in roles(user).firm_roles.items()
            if role in (FirmMembership.Role.OWNER, FirmMembership.Role.EDITOR)
        ]
    ).order_by("legal_name")
    form = JoinFirmForm(request.POST or None, firms=firms, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            firm = invitations.join(user, invitation, **form.service_kwargs())
        except UserError as err:
            add_user_error(form, err)
        else:
            messages.success(
                request,
                _("%(firm)s is on Filiera. Now accept or refuse the invitation.")
                % {"firm": firm.legal_name},
            )
            return redirect("supplier_invitation", firm.pk, invitation.pk)
    context["form"] = form
    return render(request, "chains/join_firm.html", context)


def _sign_up(request: HttpRequest, context: dict) -> HttpResponse:
    invitation = context["invitation"]
    form = JoinSignUpForm(
        request.POST or None, initial={"email": invitation.email} if invitation.email else None
    )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Filiera. Now tell us about your firm."))
        return redirect(request.path)
    context["form"] = form
    return render(request, "chains/join_signup.html", context)
