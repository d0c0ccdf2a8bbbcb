"""What one client sees of the supplier: change it, stop sharing, answer the client's request,
read the client's access log and the relations with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from filiera.chains import access
from filiera.chains.forms import ConsentForm, add_user_error, asks_sentence, sees_sentence
from filiera.chains.models import AccessLog, Level, SupplyRelation
from filiera.chains.models.sharing import VSME_CAP
from filiera.chains.services import sharing
from filiera.chains.views.supplier_common import client_of, sees_now, shares, supplier_for
from filiera.core.usererror import UserError

LOG_PER_PAGE = 25


@login_required
def sharing_page(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    firm = supplier_for(request.user, pk)
    client = client_of(firm, cid)
    can_manage = access.can_manage_sharing(request.user, firm)
    consent = access.consent_for(firm.pk, client.pk)
    if request.headers.get("HX-Request") and request.GET.get("preview"):
        form = ConsentForm(request.GET)
        form.is_valid()
        return render(
            request,
            "chains/sharing_preview.html",
            {"client": client, "sees": _form_sees(form)},
        )
    form = ConsentForm(initial=_initial(consent))
    confirm_revoke = False
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        if action == "revoke" and not request.POST.get("confirm"):
            confirm_revoke = True
        else:
            response, form = _act(request, firm, client, consent, action)
            if response is not None:
                return response
    consent = access.consent_for(firm.pk, client.pk)
    log = Paginator(
        AccessLog.objects.filter(supplier=firm, client=client).select_related("user"),
        LOG_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "chains/sharing_detail.html",
        {
            "firm": firm,
            "client": client,
            "consent": consent,
            "shares": shares(consent),
            "sees": sees_now(consent),
            "form_sees": _form_sees(form) if form.is_bound else None,
            "asks": asks_sentence(
                consent.requested_level, consent.requested_profile, consent.requested_sites
            )
            if consent is not None and consent.request_open
            else "",
            "form": form,
            "can_manage": can_manage,
            "confirm_revoke": confirm_revoke,
            "log": log,
            "relations": SupplyRelation.objects.filter(supplier=firm, client=client)
            .select_related("site__municipality")
            .prefetch_related("processes")
            .order_by("-since", "tier"),
            "vsme_cap": VSME_CAP,
        },
    )


def _initial(consent) -> dict:
    if consent is None or consent.revoked_at is not None:
        return {"level": Level.NONE, "profile": False, "sites": False}
    return {"level": consent.level, "profile": consent.profile, "sites": consent.sites}


def _form_sees(form: ConsentForm) -> str:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return sees_sentence(data.get("level", 0), data.get("profile", False), data.get("sites", False))


def _act(request, firm, client, consent, action):
    """Carry out one of the page's buttons; ``(redirect, form)``, the redirect on success."""
    back = redirect("supplier_sharing", firm.pk, client.pk)
    form = ConsentForm(initial=_initial(consent))
    try:
        if action == "save":
            form = ConsentForm(request.POST)
            if not form.is_valid():
                return None, form
            data = form.cleaned_data
            sharing.set_consent(
                request.user,
                firm,
                client,
                level=data["level"],
                profile=data["profile"],
                sites=data["sites"],
            )
            messages.success(
                request,
                _("Saved. %(client)s now sees: %(sees)s.")
                % {"client": client.legal_name, "sees": _form_sees(form)},
            )
        elif action == "revoke":
            sharing.revoke(request.user, firm, client)
            messages.success(
                request,
                _("You stopped sharing with %(client)s: it sees nothing from now on.")
                % {"client": client.legal_name},
            )
        elif action in ("grant", "decline"):
            if consent is None or not consent.request_open:
                messages.error(request, _("This request has already been answered."))
                return back, form
            if action == "decline":
                sharing.decline_request(request.user, consent)
                messages.success(request, _("Request declined: the client is told."))
            else:
                sharing.set_consent(
                    request.user,
                    firm,
                    client,
                    level=max(consent.level, consent.requested_level or 0),
                    profile=consent.profile or consent.requested_profile,
                    sites=consent.sites or consent.requested_sites,
                )
                messages.success(request, _("Shared as the client asked."))
            if request.POST.get("next") == "clients":
                return redirect("supplier_clients", firm.pk), form
        else:
            messages.error(request, _("Unknown action."))
    except UserError as err:
        add_user_error(form, err)
        return None, form
    return back, form
