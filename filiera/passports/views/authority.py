"""Authority access to passports.

``/passports/authority/``: an authority enters the token its district gave it; the browser's
session then reads every tier of every passport until the token is forgotten, expires or is
revoked. ``/districts/<slug>/authority-tokens/``: the district's managers create tokens (shown
once) and revoke them; everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from filiera.passports import tiers
from filiera.passports.authority_forms import TokenCreateForm, TokenEntryForm
from filiera.passports.models import AuthorityToken
from filiera.passports.services import authority as services
from filiera.registry import access
from filiera.registry.models import District


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def passport_authority(request: HttpRequest) -> HttpResponse:
    """Enter an authority token (kept in the session) or forget it."""
    form = TokenEntryForm(request.POST if request.POST.get("action") == "enter" else None)
    if request.method == "POST":
        if request.POST.get("action") == "forget":
            tiers.remember(request, None, "")
            messages.success(request, _("The authority token is forgotten in this browser."))
            return redirect(_next_url(request) or reverse("passport_authority"))
        if form.is_valid():
            raw = form.cleaned_data["token"]
            token = tiers.valid_token(raw)
            if token is None:
                form.add_error(
                    "token", _("This token is not valid: it may be mistyped, expired or revoked.")
                )
            else:
                request.session.cycle_key()
                tiers.remember(request, token, raw)
                messages.success(
                    request,
                    _("Token accepted: passports show every detail to %(name)s.")
                    % {"name": token.name},
                )
                return redirect(_next_url(request) or reverse("passport_authority"))
    current = None
    digest = request.session.get(tiers.SESSION_KEY, "") if hasattr(request, "session") else ""
    if digest:
        current = tiers.valid_token_by_hash(digest)
    response = render(
        request,
        "passports/public_authority.html",
        {"form": form, "current": current, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
    add_never_cache_headers(response)
    return response


def _district_managed(request: HttpRequest, slug: str) -> District:
    district = get_object_or_404(District, slug=slug)
    if not access.can_manage_district(request.user, district):
        raise Http404("No such district")
    return district


@login_required
def authority_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    """A district's authority tokens: create one (shown once), revoke one."""
    district = _district_managed(request, slug)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = TokenCreateForm(request.POST if action == "create" else None)
    created = ""
    status = 200
    if action == "revoke":
        token = get_object_or_404(
            AuthorityToken, pk=request.POST.get("token") or 0, district=district
        )
        services.revoke_token(request.user, token)
        messages.success(request, _("Token for %(name)s revoked.") % {"name": token.name})
        return redirect("authority_tokens", slug=district.slug)
    if action == "create":
        if form.is_valid():
            try:
                _token, created = services.create_token(
                    request.user,
                    district,
                    name=form.cleaned_data["name"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except services.AuthorityTokenError as err:
                form.add_error(err.field if err.field in form.fields else None, err.translated())
            else:
                form = TokenCreateForm()
        if form.errors:
            status = 400
    response = render(
        request,
        "passports/authority_tokens.html",
        {
            "district": district,
            "form": form,
            "created": created,
            "tokens": AuthorityToken.objects.filter(district=district).select_related("created_by"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


urlpatterns = [
    path("passports/authority/", passport_authority, name="passport_authority"),
    path("districts/<slug:slug>/authority-tokens/", authority_tokens, name="authority_tokens"),
]
